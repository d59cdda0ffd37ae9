import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlowhookError } from '../../src/errors.js';
import { MockOktaClient } from '../../mock-okta/client.js';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';

let mock: RunningMockOkta;
beforeEach(async () => {
  mock = await startMockOkta({ flows: [{ alias: 'base', security: 'public' }] });
});
afterEach(() => mock.close());

describe('startMockOkta', () => {
  it('listens on a free loopback port and builds invoke URLs from its base URL', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.invokeUrl('base')).toBe(`${mock.url}/api/flo/base/invoke`);
  });
});

describe('MockOktaClient', () => {
  it('drives the admin API of a mock it did not start: flow(), getFlow(), flows(), deleteFlow()', async () => {
    const client = new MockOktaClient(`${mock.url}/`);
    const flow = await client.flow('added', { security: 'clientToken', clientToken: 'tok', responses: [{ status: 500 }] });
    expect(flow).toEqual({
      alias: 'added',
      security: 'clientToken',
      clientToken: '[REDACTED]',
      active: true,
      responses: [{ status: 500 }],
      rateLimitPerSecond: 10,
      invokeUrl: `${mock.url}/api/flo/added/invoke`,
    });
    expect((await client.getFlow('added')).security).toBe('clientToken');
    expect((await client.flows()).map((f) => f.alias)).toEqual(['base', 'added']);
    await client.deleteFlow('added');
    expect((await client.flows()).map((f) => f.alias)).toEqual(['base']);
  });

  it('throws the admin API\'s FlowhookError, with code, hint and details', async () => {
    const error = await mock.flow('bad', { security: 'clientToken' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(FlowhookError);
    expect(error).toMatchObject({
      code: 'FLOWHOOK_MOCK_FLOW_INVALID',
      message: 'flow "bad" was not saved: "$.clientToken" is required when "security" is "clientToken"',
      hint: 'Fix the fields listed in details and send the flow again.',
      details: [{ path: '$.clientToken', message: 'is required when "security" is "clientToken"' }],
    });
    await expect(mock.getFlow('nope')).rejects.toMatchObject({ code: 'FLOWHOOK_NOT_FOUND' });
  });

  it('lists executions with a filter, and clears them', async () => {
    await fetch(mock.invokeUrl('base'));
    await fetch(mock.invokeUrl('ghost'));
    expect((await mock.executions({ status: 404 })).map((e) => e.alias)).toEqual(['ghost']);
    expect((await mock.executions({ alias: 'base', limit: 5 })).map((e) => e.status)).toEqual([200]);
    await mock.clearExecutions();
    expect(await mock.executions()).toEqual([]);
  });

  it('waitFor() resolves with the executions once they arrive', async () => {
    const waiting = mock.waitFor({ alias: 'base', count: 2, timeoutMs: 10_000 });
    await fetch(mock.invokeUrl('base'), { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } });
    await fetch(mock.invokeUrl('base'), { method: 'POST', body: '{"n":2}', headers: { 'content-type': 'application/json' } });
    expect((await waiting).map((e) => e.body)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('waitFor() throws FLOWHOOK_MOCK_WAIT_TIMEOUT when they do not', async () => {
    await expect(mock.waitFor({ alias: 'base', timeoutMs: 30 })).rejects.toMatchObject({
      code: 'FLOWHOOK_MOCK_WAIT_TIMEOUT',
      message: 'expected 1 execution of flow "base" within 30 ms, got 0',
    });
  });

  it('reset() restores the starting flows and empties the journal', async () => {
    await mock.flow('temporary', { security: 'public' });
    await fetch(mock.invokeUrl('temporary'));
    await mock.reset();
    expect((await mock.flows()).map((f) => f.alias)).toEqual(['base']);
    expect(await mock.executions()).toEqual([]);
  });

  it('reports an answer that is not the admin API\'s error body as a plain Error', async () => {
    const proxy = createServer((_req, res) => res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway'));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const client = new MockOktaClient(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
      await expect(client.flows()).rejects.toThrow("the mock's admin API answered 502 to GET /__admin/flows: Bad Gateway");
    } finally {
      proxy.close();
    }
  });
});
