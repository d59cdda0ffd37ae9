import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';

let mock: RunningMockOkta;
let admin: ReturnType<typeof request>;

beforeEach(async () => {
  mock = await startMockOkta({ flows: [{ alias: 'start', security: 'clientToken', clientToken: 'tok-start' }] });
  admin = request(mock.server.http);
});
afterEach(() => mock.close());

describe('PUT /__admin/flows/{alias}', () => {
  it('creates a flow with 201 and returns it with its defaults, its invoke URL and no client token', async () => {
    const response = await admin.put('/__admin/flows/new-flow').send({ security: 'clientToken', clientToken: 'secret-1' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      alias: 'new-flow',
      security: 'clientToken',
      clientToken: '[REDACTED]',
      active: true,
      responses: [{ status: 200, body: {} }],
      rateLimitPerSecond: 10,
      invokeUrl: `${mock.url}/api/flo/new-flow/invoke`,
    });
    expect(response.text).not.toContain('secret-1');
  });

  it('replaces an existing flow with 200, restarting its response sequence', async () => {
    await admin.put('/__admin/flows/seq').send({ security: 'public', responses: [{ status: 500 }, { status: 200 }] });
    expect((await fetch(mock.invokeUrl('seq'))).status).toBe(500);
    const replaced = await admin.put('/__admin/flows/seq').send({ security: 'public', responses: [{ status: 503 }, { status: 200 }] });
    expect(replaced.status).toBe(200);
    expect((await fetch(mock.invokeUrl('seq'))).status).toBe(503);
  });

  it('refuses bad input with 400 naming every field, and leaves the flows as they were', async () => {
    const response = await admin
      .put('/__admin/flows/start')
      .send({ security: 'public', colour: 'red', rateLimitPerSecond: 'fast', responses: [{ status: 302 }] });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: 'FLOWHOOK_MOCK_FLOW_INVALID',
      message: 'flow "start" was not saved: "$.colour" is not a known field (and 1 more, see details)',
      hint: 'Fix the fields listed in details and send the flow again.',
      details: [
        { path: '$.colour', message: 'is not a known field' },
        { path: '$.rateLimitPerSecond', message: 'must be integer' },
      ],
    });
    expect((await admin.get('/__admin/flows/start')).body.security).toBe('clientToken');
  });

  it('refuses a status outside 200 and 400–599, and an unknown fault', async () => {
    const status = await admin.put('/__admin/flows/x').send({ security: 'public', responses: [{ status: 302 }] });
    expect(status.status).toBe(400);
    expect(status.body.message).toBe(
      'flow "x" was not saved: "$.responses[0].status" must be 200 or between 400 and 599 (what Okta\'s Return Raw card allows), got 302',
    );
    const fault = await admin.put('/__admin/flows/x').send({ security: 'public', responses: [{ fault: 'boom' }] });
    expect(fault.body.details).toEqual([{ path: '$.responses[0].fault', message: 'must be one of "reset", "empty", "malformed", "timeout"' }]);
    expect((await admin.get('/__admin/flows/x')).status).toBe(404);
  });

  it('refuses a body that is not JSON, and an alias with characters a URL would need to escape', async () => {
    const bad = await admin.put('/__admin/flows/x').set('content-type', 'application/json').send('{"security":');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('FLOWHOOK_BAD_REQUEST');
    expect(bad.body.message).toMatch(/^request body is not valid JSON: /);
    const alias = await admin.put('/__admin/flows/a%20b').send({ security: 'public' });
    expect(alias.status).toBe(400);
    expect(alias.body.details).toEqual([{ path: '$.alias', message: 'must be 1 to 128 letters, digits or "-._~" (the alias in the path)' }]);
  });

  it('refuses a body over 1 MiB', async () => {
    const response = await admin.put('/__admin/flows/big').send({ security: 'public', responses: [{ body: 'x'.repeat(1_100_000) }] });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: 'FLOWHOOK_BAD_REQUEST',
      message: 'request body is larger than 1mb',
      hint: 'Send a smaller flow definition.',
    });
  });

  it('refuses a client token that another flow already has', async () => {
    const response = await admin.put('/__admin/flows/copy').send({ security: 'clientToken', clientToken: 'tok-start' });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ path: '$.clientToken', message: 'is already the client token of flow "start"' }]);
  });
});

describe('PUT /__admin/flows/{alias} with the client token as GET shows it', () => {
  it('keeps the stored client token when it is sent back as [REDACTED]', async () => {
    const shown = (await admin.get('/__admin/flows/start')).body;
    expect(shown.clientToken).toBe('[REDACTED]');
    const { alias: _alias, invokeUrl: _invokeUrl, ...definition } = shown;
    const response = await admin.put('/__admin/flows/start').send({ ...definition, responses: [{ body: { changed: true } }] });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ alias: 'start', security: 'clientToken', clientToken: '[REDACTED]', responses: [{ body: { changed: true } }] });

    const kept = await fetch(mock.invokeUrl('start'), { method: 'POST', headers: { 'x-api-client-token': 'tok-start' } });
    expect(kept.status).toBe(200);
    expect(await kept.json()).toEqual({ changed: true });
    expect((await fetch(`${mock.url}/api/flo/tok-start`, { method: 'POST' })).status).toBe(200);
    const placeholder = await fetch(mock.invokeUrl('start'), { method: 'POST', headers: { 'x-api-client-token': '[REDACTED]' } });
    expect(placeholder.status).toBe(401);
  });

  it('refuses [REDACTED] with 400 naming clientToken when the flow has no stored token, and changes nothing', async () => {
    const fresh = await admin.put('/__admin/flows/fresh').send({ security: 'clientToken', clientToken: '[REDACTED]' });
    expect(fresh.status).toBe(400);
    expect(fresh.body).toEqual({
      code: 'FLOWHOOK_MOCK_FLOW_INVALID',
      message: 'flow "fresh" was not saved: "$.clientToken" is [REDACTED], and flow "fresh" has no client token to keep; send the token itself',
      hint: 'Fix the fields listed in details and send the flow again.',
      details: [{ path: '$.clientToken', message: 'is [REDACTED], and flow "fresh" has no client token to keep; send the token itself' }],
    });
    expect((await admin.get('/__admin/flows/fresh')).status).toBe(404);

    await admin.put('/__admin/flows/open').send({ security: 'public' });
    const open = await admin.put('/__admin/flows/open').send({ security: 'clientToken', clientToken: '[REDACTED]' });
    expect(open.status).toBe(400);
    expect(open.body.details).toEqual([{ path: '$.clientToken', message: 'is [REDACTED], and flow "open" has no client token to keep; send the token itself' }]);
    expect((await admin.get('/__admin/flows/open')).body.security).toBe('public');
  });
});

describe('GET and DELETE /__admin/flows', () => {
  it('lists, reads and deletes flows, answering 404 for an unknown alias', async () => {
    await admin.put('/__admin/flows/second').send({ security: 'public', active: false, rateLimitPerSecond: 0 });
    const list = await admin.get('/__admin/flows');
    expect(list.body.flows.map((flow: { alias: string }) => flow.alias)).toEqual(['start', 'second']);
    expect((await admin.get('/__admin/flows/second')).body).toMatchObject({ active: false, rateLimitPerSecond: 0 });
    expect((await admin.delete('/__admin/flows/second')).status).toBe(204);
    const missing = await admin.get('/__admin/flows/second');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      code: 'FLOWHOOK_NOT_FOUND',
      message: 'no flow has the alias "second"',
      hint: 'GET /__admin/flows lists the flows; PUT /__admin/flows/{alias} creates one.',
    });
    expect((await admin.delete('/__admin/flows/second')).status).toBe(404);
  });
});

describe('/__admin/executions', () => {
  it('lists executions oldest first, filtered by alias and status, and the most recent ones with limit', async () => {
    await fetch(`${mock.invokeUrl('start')}?clientToken=tok-start&n=1`);
    await fetch(`${mock.invokeUrl('start')}?n=2`);
    await fetch(`${mock.invokeUrl('nope')}?n=3`);
    const all = await admin.get('/__admin/executions');
    expect(all.body.executions.map((e: { query: { n: string } }) => e.query.n)).toEqual(['1', '2', '3']);
    expect(all.body.dropped).toBe(0);
    const start = await admin.get('/__admin/executions?alias=start');
    expect(start.body.executions.map((e: { status: number }) => e.status)).toEqual([200, 401]);
    const refused = await admin.get('/__admin/executions?status=404');
    expect(refused.body.executions.map((e: { alias: string }) => e.alias)).toEqual(['nope']);
    const last = await admin.get('/__admin/executions?limit=2');
    expect(last.body.executions.map((e: { query: { n: string } }) => e.query.n)).toEqual(['2', '3']);
  });

  it('refuses unknown and malformed query parameters with 400', async () => {
    const unknown = await admin.get('/__admin/executions?flow=start');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      code: 'FLOWHOOK_BAD_REQUEST',
      message: 'query parameter "flow" is not known here',
      hint: 'Use only "alias", "status", "limit".',
    });
    const limit = await admin.get('/__admin/executions?limit=0');
    expect(limit.body.message).toBe('query parameter "limit" must be an integer from 1 to 10000, got "0"');
  });

  it('empties the journal on DELETE', async () => {
    await fetch(mock.invokeUrl('start'));
    expect((await admin.delete('/__admin/executions')).status).toBe(204);
    expect((await admin.get('/__admin/executions')).body).toEqual({ executions: [], dropped: 0 });
  });
});

describe('GET /__admin/executions/wait', () => {
  it('answers 200 as soon as the count of matching executions exists', async () => {
    const waiting = admin.get('/__admin/executions/wait?alias=start&count=2&timeoutMs=10000');
    const sent = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await fetch(mock.invokeUrl('start'));
      await fetch(mock.invokeUrl('other'));
      await fetch(mock.invokeUrl('start'));
    })();
    const [response] = await Promise.all([waiting, sent]);
    expect(response.status).toBe(200);
    expect(response.body.executions.map((e: { alias: string }) => e.alias)).toEqual(['start', 'start']);
  });

  it('answers 408 with what did match when the time runs out', async () => {
    await fetch(mock.invokeUrl('start'));
    const response = await admin.get('/__admin/executions/wait?alias=start&status=200&count=1&timeoutMs=50');
    expect(response.status).toBe(408);
    expect(response.body).toEqual({
      code: 'FLOWHOOK_MOCK_WAIT_TIMEOUT',
      message: 'expected 1 execution of flow "start" answered 200 within 50 ms, got 0',
      hint: 'Check that the sender called the flow\'s invoke URL; "executions" lists what did match, GET /__admin/executions lists everything.',
      executions: [],
    });
  });
});

describe('POST /__admin/reset', () => {
  it('restores the flows the mock started with and empties the journal', async () => {
    await admin.put('/__admin/flows/extra').send({ security: 'public' });
    await admin.delete('/__admin/flows/start');
    await fetch(mock.invokeUrl('extra'));
    expect((await admin.post('/__admin/reset')).status).toBe(204);
    expect((await admin.get('/__admin/flows')).body.flows.map((flow: { alias: string }) => flow.alias)).toEqual(['start']);
    expect((await admin.get('/__admin/executions')).body.executions).toEqual([]);
  });
});

describe('other paths', () => {
  it('answer 404 with the error body and a hint to the invoke and admin paths', async () => {
    const response = await admin.get('/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      code: 'FLOWHOOK_NOT_FOUND',
      message: 'no route GET /nothing-here',
      hint: 'Invoke flows at /api/flo/{alias}/invoke; the admin API lives under /__admin (see openapi/mock-okta.yaml).',
    });
  });
});
