import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';
import type { Execution } from '../../mock-okta/types.js';

const INVOKE_TIMEOUT_MS = 150;
let mock: RunningMockOkta;

beforeAll(async () => {
  const flow = (alias: string, response: object) => ({ alias, security: 'public' as const, rateLimitPerSecond: 0, responses: [response] });
  mock = await startMockOkta({
    invokeTimeoutMs: INVOKE_TIMEOUT_MS,
    maxBodyBytes: 64,
    flows: [
      flow('reset', { fault: 'reset' }),
      flow('empty', { fault: 'empty' }),
      flow('malformed', { fault: 'malformed', body: { ok: true } }),
      flow('timeout', { fault: 'timeout' }),
      flow('slow', { delayMs: 100, body: { late: true } }),
      flow('too-slow', { delayMs: 10_000 }),
      flow('open', { body: {} }),
    ],
  });
});
afterAll(() => mock.close());
beforeEach(() => mock.clearExecutions());

interface RawOutcome {
  data: string;
  /** 'end': the mock closed the connection (FIN); 'error': it failed, e.g. ECONNRESET. */
  ending: 'end' | 'error';
  errorCode?: string;
}

/** Sends one HTTP/1.1 request over a plain socket and reports how the connection ended. */
function rawRequest(path: string): Promise<RawOutcome> {
  const { port } = new URL(mock.url);
  return new Promise((resolve) => {
    let data = '';
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`);
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('end', () => resolve({ data, ending: 'end' }));
    socket.on('error', (err: NodeJS.ErrnoException) => resolve({ data, ending: 'error', ...(err.code === undefined ? {} : { errorCode: err.code }) }));
  });
}

async function onlyExecution(): Promise<Execution> {
  const executions = await mock.executions();
  expect(executions).toHaveLength(1);
  return executions[0] as Execution;
}

describe('fault "reset"', () => {
  it('resets the connection (TCP RST) without an answer, and records no status', async () => {
    expect(await rawRequest('/api/flo/reset/invoke')).toEqual({ data: '', ending: 'error', errorCode: 'ECONNRESET' });
    expect(await onlyExecution()).toMatchObject({
      outcome: 'closed',
      status: null,
      response: null,
      responseIndex: 0,
      fault: 'reset',
      explanation: 'response 1 of 1: resets the connection',
    });
  });
});

describe('fault "empty"', () => {
  it('closes the connection without any response bytes', async () => {
    expect(await rawRequest('/api/flo/empty/invoke')).toEqual({ data: '', ending: 'end' });
    expect(await onlyExecution()).toMatchObject({ outcome: 'closed', status: null, fault: 'empty' });
  });
});

describe('fault "malformed"', () => {
  it('answers 200 as JSON with a truncated body that does not parse', async () => {
    const response = await fetch(mock.invokeUrl('malformed'), { method: 'POST' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect(text).toBe('{"ok"');
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(await onlyExecution()).toMatchObject({ outcome: 'answered', status: 200, fault: 'malformed', response: { body: '{"ok"' } });
  });
});

describe('fault "timeout"', () => {
  it('answers nothing and closes the connection when the invoke limit runs out', async () => {
    expect(await rawRequest('/api/flo/timeout/invoke')).toEqual({ data: '', ending: 'end' });
    const execution = await onlyExecution();
    expect(execution).toMatchObject({
      outcome: 'closed',
      status: null,
      fault: 'timeout',
      explanation: `response 1 of 1: answers nothing until the invoke limit closes the connection; the connection was closed after ${INVOKE_TIMEOUT_MS} ms`,
    });
    // Timers may fire a millisecond early; the point is that the mock waited for the limit.
    expect(execution.durationMs).toBeGreaterThanOrEqual(INVOKE_TIMEOUT_MS - 5);
  });
});

describe('delayMs', () => {
  it('delays the answer', async () => {
    const response = await fetch(mock.invokeUrl('slow'), { method: 'POST' });
    expect(await response.json()).toEqual({ late: true });
    const execution = await onlyExecution();
    expect(execution).toMatchObject({ outcome: 'answered', status: 200, fault: null, explanation: 'response 1 of 1: answers 200 with a JSON body after 100 ms' });
    expect(execution.durationMs).toBeGreaterThanOrEqual(95);
  });

  it('closes the connection at the invoke limit when the delay is longer, as Okta does at 60 s', async () => {
    expect(await rawRequest('/api/flo/too-slow/invoke')).toEqual({ data: '', ending: 'end' });
    expect(await onlyExecution()).toMatchObject({
      outcome: 'closed',
      status: null,
      fault: 'timeout',
      explanation: `response 1 of 1: answers 200 with a JSON body after 10000 ms, but the ${INVOKE_TIMEOUT_MS} ms invoke limit ran out first and the connection was closed`,
    });
  });
});

describe('caller going away', () => {
  it('shows the execution as pending while the mock waits, and as clientClosed once the caller hangs up', async () => {
    const { port } = new URL(mock.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => {});
    socket.write('GET /api/flo/too-slow/invoke HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await vi.waitFor(async () => expect((await mock.executions())[0]?.outcome).toBe('pending'));
    socket.destroy();
    await vi.waitFor(async () => expect((await mock.executions())[0]?.outcome).toBe('clientClosed'));
    expect(await onlyExecution()).toMatchObject({
      status: null,
      explanation: 'the caller closed the connection before the mock answered',
    });
  });
});

describe('waits', () => {
  it('count a call whose answer is still to come, by the alias in its path and by the flow its token names', async () => {
    const byAlias = mock.waitFor({ alias: 'too-slow', timeoutMs: 2_000 });
    const call = fetch(mock.invokeUrl('too-slow')).catch(() => undefined);
    expect(await byAlias).toEqual([expect.objectContaining({ alias: 'too-slow', outcome: 'pending' })]);
    const tokenFlow = await mock.flow('slow-token', { security: 'clientToken', clientToken: 'tok-slow', rateLimitPerSecond: 0, responses: [{ delayMs: 10_000 }] });
    const byFlow = mock.waitFor({ alias: tokenFlow.alias, timeoutMs: 2_000 });
    const tokenCall = fetch(`${mock.url}/api/flo/tok-slow`).catch(() => undefined);
    expect(await byFlow).toEqual([expect.objectContaining({ alias: 'slow-token', path: '/api/flo/[REDACTED]', outcome: 'pending' })]);
    await mock.deleteFlow('slow-token');
    void call;
    void tokenCall;
  });
});

describe('body limit', () => {
  it('refuses a body over the limit with 413 E0000001 and closes the connection', async () => {
    const response = await fetch(mock.invokeUrl('open'), { method: 'POST', body: 'x'.repeat(1000) });
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toMatchObject({ errorCode: 'E0000001', errorCauses: [{ errorSummary: 'The request body is larger than 64 bytes.' }] });
    expect(await onlyExecution()).toMatchObject({
      outcome: 'refused',
      status: 413,
      bodyKind: 'text',
      body: 'x'.repeat(1000),
      explanation: "refused: the body is larger than the mock's limit of 64 bytes",
    });
  });
});
