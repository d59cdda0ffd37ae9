import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MockOktaClient } from '../../mock-okta/client.js';
import { MockOktaServer, startMockOkta, type MockOktaOptions, type RunningMockOkta } from '../../mock-okta/server.js';

const ADMIN_TOKEN = 'mock-admin-token-0123456789';
let mock: RunningMockOkta | undefined;

afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function started(options: MockOktaOptions = {}): Promise<RunningMockOkta> {
  mock = await startMockOkta({ flows: [{ alias: 'open', security: 'public', rateLimitPerSecond: 0 }], ...options });
  return mock;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request with exactly these headers (Host included), as a browser or a rebound name would send it. */
function send(base: string, method: string, path: string, headers: OutgoingHttpHeaders = {}, body?: string): Promise<Answer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { host: url.host, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('mock admin access: Host', () => {
  it('answers 421 with the error body to the admin API and the web UI under a name it does not know, DNS rebinding', async () => {
    const { url } = await started();
    for (const path of ['/__admin/flows', '/__admin/executions', '/', '/ui/app.js', '/__admin/oauth/clients']) {
      const answer = await send(url, 'GET', path, { host: 'rebound.example:8787' });
      expect(answer.status, path).toBe(421);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(answer.text)).toEqual({
        code: 'FLOWHOOK_HOST_REFUSED',
        message: 'the Host "rebound.example:8787" is not a name the mock answers to (the admin API and web UI check it; invoke paths do not)',
        hint: 'Reach the admin API by a name it answers to (localhost, 127.0.0.1, [::1] with any port, and the host it listens on), or allow this name with flowhook mock --allowed-host NAME (option allowedHosts).',
      });
    }
    expect((await send(url, 'GET', '/__admin/flows', { host: 'localhost:1' })).status).toBe(200);
    expect((await send(url, 'GET', '/__admin/flows', { host: '[::1]' })).status).toBe(200);
  });

  it('lets invoke paths and the authorization server answer any Host, as Okta does', async () => {
    const { url } = await started();
    const invoked = await send(url, 'POST', '/api/flo/open/invoke', { host: 'mock.internal', 'content-type': 'application/json' }, '{}');
    expect(invoked.status).toBe(200);
    const metadata = await send(url, 'GET', '/.well-known/oauth-authorization-server', { host: 'mock.internal' });
    expect(metadata.status).toBe(200);
  });

  it('answers the names of allowedHosts and the host it listens on', async () => {
    const { url } = await started({ allowedHosts: ['mock.internal', '.test.example'] });
    for (const host of ['mock.internal', 'MOCK.internal:9', 'a.test.example', 'test.example']) {
      expect((await send(url, 'GET', '/__admin/flows', { host })).status, host).toBe(200);
    }
    expect((await send(url, 'GET', '/__admin/flows', { host: 'other.internal' })).status).toBe(421);
    expect((await send(url, 'GET', '/__admin/flows', { host: '127.0.0.2' })).status).toBe(421);
    await mock?.close();
    const second = await started({ host: '127.0.0.2' });
    expect((await send(second.url, 'GET', '/__admin/flows', { host: new URL(second.url).host })).status).toBe(200);
  });

  it('refuses a name that would allow every host, when it is constructed', () => {
    expect(() => new MockOktaServer({ allowedHosts: ['*'] })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE', message: expect.stringMatching(/^"options\.allowedHosts": "\*" would allow every name/) }),
    );
  });
});

describe('mock admin access: Origin', () => {
  it('refuses a write from a foreign origin with 403 and changes nothing; its own origin and no Origin may write', async () => {
    const { url } = await started();
    for (const origin of ['http://evil.example', 'null', `http://localhost:${new URL(url).port}1`]) {
      const answer = await send(url, 'POST', '/__admin/reset', { origin, 'content-type': 'text/plain' }, 'x');
      expect(answer.status, origin).toBe(403);
      expect(JSON.parse(answer.text)).toMatchObject({ code: 'FLOWHOOK_ORIGIN_REFUSED' });
    }
    const put = await send(url, 'PUT', '/__admin/flows/added', { origin: 'http://evil.example', 'content-type': 'application/json' }, '{"security":"public"}');
    expect(put.status).toBe(403);
    expect(JSON.parse(put.text)).toEqual({
      code: 'FLOWHOOK_ORIGIN_REFUSED',
      message: 'a PUT from the origin "http://evil.example" is refused: only the mock\'s own web UI may change anything',
      hint: "Make the change in the mock's web UI, or send the request without an Origin header (MockOktaClient, curl).",
    });
    expect((await mock?.flows())?.map((flow) => flow.alias)).toEqual(['open']);
    expect((await send(url, 'PUT', '/__admin/flows/added', { origin: url, 'content-type': 'application/json' }, '{"security":"public"}')).status).toBe(201);
    expect((await send(url, 'DELETE', '/__admin/flows/added')).status).toBe(204);
    expect((await send(url, 'GET', '/__admin/flows', { origin: 'http://evil.example' })).status).toBe(200);
  });
});

describe('mock admin access: admin token', () => {
  it('answers 401 to an /__admin request without the token or with another one, whatever the case of the path', async () => {
    const { url } = await started({ adminToken: ADMIN_TOKEN });
    const none = await send(url, 'GET', '/__admin/flows');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="flowhook mock"');
    expect(JSON.parse(none.text)).toEqual({
      code: 'FLOWHOOK_UNAUTHENTICATED',
      message: 'the admin API needs the admin token',
      hint: 'Send "Authorization: Bearer <token>" with the token flowhook mock was started with (--admin-token or FLOWHOOK_MOCK_ADMIN_TOKEN); MockOktaClient takes it as { adminToken }.',
    });
    const wrong = await send(url, 'POST', '/__admin/reset', { authorization: 'Bearer not-the-admin-token-at-all' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text)).toMatchObject({ message: 'the bearer token is not the admin token' });
    expect(wrong.headers['www-authenticate']).toBe('Bearer realm="flowhook mock", error="invalid_token"');
    expect(JSON.parse((await send(url, 'GET', '/__admin/flows', { authorization: `Basic ${ADMIN_TOKEN}` })).text)).toMatchObject({
      message: 'the Authorization header must be "Bearer <admin token>"',
    });
    for (const path of ['/__ADMIN/flows', '/__admin/oauth/clients', '/__admin/executions/wait?timeoutMs=0']) {
      expect((await send(url, 'GET', path)).status, path).toBe(401);
    }
    expect((await send(url, 'GET', '/__admin/flows', { authorization: `Bearer ${ADMIN_TOKEN}` })).status).toBe(200);
  });

  it('leaves the web UI page, the invoke paths and the authorization server open', async () => {
    const { url } = await started({ adminToken: ADMIN_TOKEN });
    expect((await send(url, 'GET', '/')).status).toBe(200);
    expect((await send(url, 'POST', '/api/flo/open/invoke', { 'content-type': 'application/json' }, '{}')).status).toBe(200);
    expect((await send(url, 'GET', '/.well-known/oauth-authorization-server')).status).toBe(200);
  });

  it('is sent by the client startMockOkta hands back, and by a MockOktaClient given it', async () => {
    const running = await started({ adminToken: ADMIN_TOKEN });
    expect((await running.flows()).map((flow) => flow.alias)).toEqual(['open']);
    await new MockOktaClient(running.url, { adminToken: ADMIN_TOKEN }).reset();
    await expect(new MockOktaClient(running.url).flows()).rejects.toMatchObject({ code: 'FLOWHOOK_UNAUTHENTICATED' });
    expect(JSON.stringify(running)).not.toContain(ADMIN_TOKEN);
  });

  it('refuses a token too short to be one, when it is constructed', () => {
    expect(() => new MockOktaServer({ adminToken: 'short' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE', message: '"options.adminToken" is 5 characters long; an API token needs at least 16' }),
    );
  });
});
