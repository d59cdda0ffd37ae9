import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { invocationJson, isFlowUrl } from '../../src/api/invocation-view.js';
import { sampleEvent } from '../../src/core/samples.js';
import type { DeliveryDetailJson, InvocationRecord } from '../../src/types.js';
import { eventually } from '../support/eventually.js';
import { startApi, type ApiHarness } from './harness.js';

/** What a service on the server's own network would never want a Test button to show. */
const LOCAL_SECRET = 'hunter2-local-secret';

describe('invocation data of a URL that is not a flow’s, through the API', () => {
  let service: Server;
  let base: string;
  let api: ApiHarness;

  beforeAll(async () => {
    // A local service: a JSON page, an HTML page, a JSON error, and a path shaped like a flow.
    service = createServer((req, res) => {
      if (req.url === '/admin/credentials') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ password: LOCAL_SECRET, role: 'admin' }));
      } else if (req.url === '/status') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body>${LOCAL_SECRET}</body></html>`);
      } else if (req.url === '/api/flo/local/invoke') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `no such page; the password is ${LOCAL_SECRET}` }));
      }
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => service.close(resolve));
  });

  beforeEach(async () => {
    api = await startApi();
  });

  afterEach(async () => {
    await api.close();
  });

  function draft(path: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { name: 'Local page', method: 'GET', url: `${base}${path}`, triggers: ['RequestCreated'], ...extra };
  }

  it('Test with GET to a local JSON page answers the status, headers, size and type, never the page', async () => {
    const config = draft('/admin/credentials', { response_validators: [{ json_path: '$.data.password', expected_values: ['guess'] }] });
    const response = await request(api.app).post('/api/webhooks/test').send({ config }).expect(200);
    const record = response.body as InvocationRecord;
    expect(JSON.stringify(record)).not.toContain(LOCAL_SECRET);
    expect(record.response).toEqual({
      status: 200,
      headers: expect.objectContaining({ 'content-type': 'application/json' }),
      body: '',
      bodyTruncated: false,
      bodyWithheld: { bytes: 50, contentType: 'application/json' },
    });
    expect(record.validators).toEqual([
      { jsonPath: '$.data.password', expectedValues: ['guess'], passed: false, reason: "expected one of [guess]; what it found is not shown, as the URL is not a flow's" },
    ]);
    expect(record).toMatchObject({ verdict: 'failed', reason: "validator $.data.password expected one of [guess]; what it found is not shown, as the URL is not a flow's" });
  });

  it('Test of a stored webhook to a local HTML page shows its size, not its text', async () => {
    const created = await request(api.app).post('/api/webhooks').send(draft('/status')).expect(201);
    const response = await request(api.app).post(`/api/webhooks/${created.body.id}/test`).expect(200);
    expect(JSON.stringify(response.body)).not.toContain(LOCAL_SECRET);
    expect(response.body).toMatchObject({ verdict: 'successful', response: { status: 200, body: '', bodyWithheld: { bytes: 46, contentType: 'text/html' } } });
  });

  it('a refusal does not quote the local service’s error text', async () => {
    const response = await request(api.app).post('/api/webhooks/test').send({ config: draft('/elsewhere') }).expect(200);
    expect(JSON.stringify(response.body)).not.toContain(LOCAL_SECRET);
    expect(response.body.reason).toBe('404 from the target: nothing answers at this URL; check the flow alias (or client token) in the URL and that the flow is on');
  });

  it('stored deliveries show their attempts the same way', async () => {
    await request(api.app).post('/api/webhooks').send(draft('/admin/credentials')).expect(201);
    const ingested = await request(api.app).post('/api/events').send(sampleEvent('RequestCreated')).expect(202);
    const id = ingested.body.deliveries[0].id as string;
    const delivered = await eventually(
      async () => (await request(api.app).get(`/api/deliveries/${id}`).expect(200)).body as DeliveryDetailJson,
      (delivery) => delivery.status === 'delivered',
    );
    expect(JSON.stringify(delivered)).not.toContain(LOCAL_SECRET);
    expect(delivered.attempts[0]?.record.response).toMatchObject({ status: 200, body: '', bodyWithheld: { bytes: 50, contentType: 'application/json' } });
  });

  it('shows a flow’s answer whole, also on a local host', async () => {
    const response = await request(api.app).post('/api/webhooks/test').send({ config: draft('/api/flo/local/invoke', { method: 'POST' }) }).expect(200);
    expect(response.body.response).toEqual({ status: 200, headers: expect.any(Object), body: '{"status":"ok"}', bodyTruncated: false });
  });
});

describe('invocationJson()', () => {
  const record = (url: string, response: InvocationRecord['response'], extra: Partial<InvocationRecord> = {}): InvocationRecord => ({
    deliveryId: 'dlv_1',
    webhook: 'W',
    trigger: 'RequestCreated',
    request: { method: 'POST', url, headers: {}, body: '{}' },
    timings: { startedAt: '2026-01-01T00:00:00.000Z', totalMs: 1 },
    validators: [],
    auth: { kind: 'none' },
    verdict: 'failed',
    ...(response === undefined ? {} : { response }),
    ...extra,
  });

  it('leaves a flow’s record as it is', () => {
    for (const url of ['https://acme.workflows.okta.com/api/flo/abc/invoke', 'https://acme.workflows.okta.com/api/flo/[REDACTED]', 'http://127.0.0.1:8787/api/flo/x/invoke?clientToken=[REDACTED]']) {
      const flow = record(url, { status: 200, headers: {}, body: 'text', bodyTruncated: false });
      expect(invocationJson(flow)).toBe(flow);
      expect(isFlowUrl(url)).toBe(true);
    }
  });

  it('leaves a record without a response as it is', () => {
    const failed = record('http://127.0.0.1:1/x', undefined, { error: { kind: 'connection', message: 'connection refused by 127.0.0.1:1' } });
    expect(invocationJson(failed)).toBe(failed);
  });

  it('keeps the validators that say the body is not JSON, and drops what the others found', () => {
    const shown = invocationJson(
      record('https://example.com/hook', { status: 200, headers: { 'content-type': 'text/plain' }, body: 'é', bodyTruncated: true }, {
        validators: [
          { jsonPath: '$.data.a', expectedValues: ['1'], passed: true, actual: '1' },
          { jsonPath: '$.data.b', expectedValues: ['2'], passed: false, reason: 'the response body is not JSON' },
        ],
      }),
    );
    expect(shown.response).toEqual({ status: 200, headers: { 'content-type': 'text/plain' }, body: '', bodyTruncated: true, bodyWithheld: { bytes: 2, contentType: 'text/plain' } });
    expect(shown.validators).toEqual([
      { jsonPath: '$.data.a', expectedValues: ['1'], passed: true },
      { jsonPath: '$.data.b', expectedValues: ['2'], passed: false, reason: 'the response body is not JSON' },
    ]);
  });

  it('cuts the quote of the target from the reason of an answer that is not a 2xx', () => {
    const shown = invocationJson(
      record('https://example.com/hook', { status: 500, headers: {}, body: '{"message":"x \\"y\\""}', bodyTruncated: false }, { reason: '500 from the target (it says: "x \\"y\\""): the target failed on its side' }),
    );
    expect(shown.reason).toBe('500 from the target: the target failed on its side');
  });
});
