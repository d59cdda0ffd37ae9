import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseInvokePath } from '../../mock-okta/invoke.js';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';
import type { Execution } from '../../mock-okta/types.js';

let mock: RunningMockOkta;
let http: ReturnType<typeof request>;

beforeAll(async () => {
  mock = await startMockOkta({
    flows: [
      { alias: 'open', security: 'public', rateLimitPerSecond: 0, responses: [{ body: { received: true } }] },
      { alias: 'guarded', security: 'clientToken', clientToken: 'tok-123', rateLimitPerSecond: 0 },
      { alias: 'off', security: 'clientToken', clientToken: 'tok-off', active: false },
      { alias: 'oauth', security: 'oauth2' },
      {
        alias: 'raw',
        security: 'public',
        rateLimitPerSecond: 0,
        responses: [
          { status: 503, headers: { 'Retry-After': '2', 'Content-Type': 'application/xml' }, body: '<busy/>' },
          { status: 400, body: 'bad input' },
          { body: { done: 1 } },
        ],
      },
    ],
  });
  http = request(mock.server.http);
});
afterAll(() => mock.close());
beforeEach(() => mock.clearExecutions());

async function onlyExecution(): Promise<Execution> {
  const executions = await mock.executions();
  expect(executions).toHaveLength(1);
  return executions[0] as Execution;
}

function oktaError(errorCode: string, errorSummary: string, causes: string[] = []): unknown {
  return {
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: expect.stringMatching(/^oae[\w-]{22}$/),
    errorCauses: causes.map((cause) => ({ errorSummary: cause })),
  };
}

describe('parseInvokePath', () => {
  it('recognises the alias form and the client-token form, and nothing else', () => {
    expect(parseInvokePath('/api/flo/abc/invoke')).toEqual({ alias: 'abc' });
    expect(parseInvokePath('/api/flo/tok-123')).toEqual({ token: 'tok-123' });
    expect(parseInvokePath('/api/flo/')).toBeUndefined();
    expect(parseInvokePath('/api/flo//invoke')).toBeUndefined();
    expect(parseInvokePath('/api/flo/abc/invoke/')).toBeUndefined();
    expect(parseInvokePath('/api/flo/abc/resume/1')).toBeUndefined();
  });
});

describe('invoke: flows and methods', () => {
  it('answers a public flow\'s Return card with 200 JSON and an x-execution-id that names the record', async () => {
    const response = await http.post('/api/flo/open/invoke?source=test').send({ event_type: 'RequestCreated' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({ received: true });
    const execution = await onlyExecution();
    expect(response.headers['x-execution-id']).toBe(execution.executionId);
    expect(execution).toEqual({
      executionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      alias: 'open',
      method: 'POST',
      path: '/api/flo/open/invoke',
      query: { source: 'test' },
      headers: expect.objectContaining({ 'content-type': 'application/json' }),
      bodyKind: 'json',
      body: { event_type: 'RequestCreated' },
      bodyBytes: 31,
      truncated: false,
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      outcome: 'answered',
      status: 200,
      durationMs: expect.any(Number),
      auth: { level: 'public', via: null, valid: true },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json', 'content-length': '17', 'x-execution-id': execution.executionId },
        body: '{"received":true}',
      },
      responseIndex: 0,
      fault: null,
      explanation: 'response 1 of 1: answers 200 with a JSON body',
    });
  });

  it('accepts GET as well as POST', async () => {
    expect((await http.get('/api/flo/open/invoke')).status).toBe(200);
    expect(await onlyExecution()).toMatchObject({ method: 'GET', bodyKind: 'empty', body: null });
  });

  it('refuses other methods with 405, Allow: GET, POST and E0000022', async () => {
    const response = await http.put('/api/flo/open/invoke').send({ a: 1 });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, POST');
    expect(response.body).toEqual(
      oktaError('E0000022', 'The endpoint does not support the provided HTTP method', ['Invoke a flow with GET or POST.']),
    );
    expect(await onlyExecution()).toMatchObject({ outcome: 'refused', status: 405, explanation: 'refused PUT: an invoke path accepts GET and POST only' });
  });

  it('answers 404 E0000007 for an unknown alias, and records which flows exist', async () => {
    const response = await http.post('/api/flo/missing/invoke').send({});
    expect(response.status).toBe(404);
    expect(response.body).toEqual(oktaError('E0000007', 'Not found: Resource not found: flow'));
    expect(await onlyExecution()).toMatchObject({
      alias: 'missing',
      status: 404,
      auth: { level: null, via: null, valid: false },
      explanation: 'refused: no flow has the alias "missing"; flows: "open", "guarded", "off", "oauth", "raw"',
    });
  });

  it('answers 404 for a path under /api/flo/ that is no invoke path', async () => {
    expect((await http.get('/api/flo/open/resume/123')).status).toBe(404);
    expect((await onlyExecution()).explanation).toBe(
      'refused: "/api/flo/open/resume/123" is not an invoke path; use /api/flo/{alias}/invoke or /api/flo/{clientToken}',
    );
  });

  it('refuses a flow that is switched off with 403 once the caller has proved the token', async () => {
    const response = await http.post('/api/flo/off/invoke').set('x-api-client-token', 'tok-off').send({});
    expect(response.status).toBe(403);
    expect(response.body).toEqual(oktaError('E0000006', 'The flow is not active.'));
    expect((await onlyExecution()).explanation).toBe('refused: flow "off" is switched off ("active": false)');
    expect((await http.post('/api/flo/off/invoke').send({})).status).toBe(401);
  });
});

describe('invoke: client token', () => {
  it.each([
    ['query', (r: request.Test) => r.query({ clientToken: 'tok-123' })],
    ['header', (r: request.Test) => r.set('x-api-client-token', 'tok-123')],
  ] as const)('accepts the token in the %s and records it as [REDACTED]', async (via, withToken) => {
    const response = await withToken(http.post('/api/flo/guarded/invoke')).send({ a: 1 });
    expect(response.status).toBe(200);
    const execution = await onlyExecution();
    expect(execution.auth).toEqual({ level: 'clientToken', via, valid: true });
    expect(JSON.stringify(execution)).not.toContain('tok-123');
    if (via === 'query') expect(execution.query).toEqual({ clientToken: '[REDACTED]' });
    else expect(execution.headers['x-api-client-token']).toBe('[REDACTED]');
  });

  it('resolves /api/flo/{clientToken} to the flow whose token it is, with the path redacted', async () => {
    const response = await http.post('/api/flo/tok-123').send({ a: 1 });
    expect(response.status).toBe(200);
    expect(await onlyExecution()).toMatchObject({
      alias: 'guarded',
      path: '/api/flo/[REDACTED]',
      auth: { level: 'clientToken', via: 'path', valid: true },
    });
  });

  it('answers 404 for a token in the path that no flow has, without repeating it', async () => {
    expect((await http.post('/api/flo/tok-unknown').send({})).status).toBe(404);
    const execution = await onlyExecution();
    expect(execution).toMatchObject({ alias: null, path: '/api/flo/[REDACTED]' });
    expect(JSON.stringify(execution)).not.toContain('tok-unknown');
  });

  it('answers 401 E0000011 when the token is missing or wrong', async () => {
    const missing = await http.post('/api/flo/guarded/invoke').send({});
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual(
      oktaError('E0000011', 'Invalid token provided', [
        'No client token was sent: pass it as the clientToken query parameter or the x-api-client-token header.',
      ]),
    );
    const wrong = await http.post('/api/flo/guarded/invoke?clientToken=tok-999').send({});
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(oktaError('E0000011', 'Invalid token provided', ["The client token does not match the flow's."]));
    const [, second] = await mock.executions();
    expect(second?.auth).toEqual({ level: 'clientToken', via: 'query', valid: false });
    expect(JSON.stringify(second)).not.toContain('tok-999');
  });

  it('answers 400 E0000001 when the token comes both as query parameter and header', async () => {
    const response = await http.post('/api/flo/guarded/invoke?clientToken=tok-123').set('x-api-client-token', 'tok-123').send({});
    expect(response.status).toBe(400);
    expect(response.body).toEqual(
      oktaError('E0000001', 'Api validation failed: clientToken', [
        'Send the client token in one place only: the clientToken query parameter, the x-api-client-token header or the path.',
      ]),
    );
  });
});

describe('invoke: oauth2', () => {
  it('refuses a token the authorization server did not issue with 401 and WWW-Authenticate: Bearer, recording it as [REDACTED]', async () => {
    const response = await http.post('/api/flo/oauth/invoke').set('authorization', 'Bearer eyJhbGciOi').send({});
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe(
      `Bearer authorization_uri="${mock.url}/oauth2/v1/authorize", realm="${mock.url}", scope="okta.workflows.invoke.manage", ` +
        'error="invalid_token", error_description="The access token is malformed."',
    );
    const execution = await onlyExecution();
    expect(execution.auth).toEqual({ level: 'oauth2', via: 'bearer', valid: false });
    expect(execution.headers.authorization).toBe('[REDACTED]');
  });
});

describe('invoke: request bodies', () => {
  it('records a form-encoded body as fields', async () => {
    await http.post('/api/flo/open/invoke').type('form').send('user=ada&group=a&group=b');
    expect(await onlyExecution()).toMatchObject({ bodyKind: 'form', body: { user: 'ada', group: ['a', 'b'] } });
  });

  it('keeps a body that is not JSON as text and says so', async () => {
    await http.post('/api/flo/open/invoke').set('content-type', 'application/json').send('{"broken":');
    expect(await onlyExecution()).toMatchObject({ bodyKind: 'text', body: '{"broken":' });
    await mock.clearExecutions();
    await http.post('/api/flo/open/invoke').set('content-type', 'text/plain').send('hello');
    expect(await onlyExecution()).toMatchObject({ bodyKind: 'text', body: 'hello' });
  });

  it('records an empty POST as empty', async () => {
    await http.post('/api/flo/open/invoke');
    expect(await onlyExecution()).toMatchObject({ bodyKind: 'empty', body: null });
  });
});

describe('invoke: Return Raw and sequences', () => {
  it('answers the configured responses in order, then repeats the last, with status, headers and text body', async () => {
    const first = await http.get('/api/flo/raw/invoke');
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('2');
    expect(first.headers['content-type']).toBe('application/xml');
    expect(first.text).toBe('<busy/>');
    const second = await http.get('/api/flo/raw/invoke');
    expect(second.status).toBe(400);
    expect(second.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(second.text).toBe('bad input');
    for (let i = 0; i < 2; i += 1) {
      const later = await http.get('/api/flo/raw/invoke');
      expect(later.status).toBe(200);
      expect(later.body).toEqual({ done: 1 });
    }
    const executions = await mock.executions();
    expect(executions.map((execution) => execution.responseIndex)).toEqual([0, 1, 2, 2]);
    expect(executions.map((execution) => execution.explanation)).toEqual([
      'response 1 of 3: answers 503 with a text body',
      'response 2 of 3: answers 400 with a text body',
      'response 3 of 3: answers 200 with a JSON body',
      'response 3 of 3: answers 200 with a JSON body',
    ]);
    expect(executions[0]?.response).toEqual({
      status: 503,
      headers: {
        'content-type': 'application/xml',
        'retry-after': '2',
        'content-length': '7',
        'x-execution-id': executions[0]?.executionId,
      },
      body: '<busy/>',
    });
  });
});
