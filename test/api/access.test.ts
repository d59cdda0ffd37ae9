import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_TOKEN, startApi, type ApiHarness } from './harness.js';
import { send, serveApi, type Answer, type ServedApi } from './served-api.js';

const BEARER = { authorization: `Bearer ${API_TOKEN}` };
const WEBHOOK = { name: 'Okta', url: 'https://acme.workflows.okta.com/api/flo/abc/invoke', triggers: ['RequestCreated'] };
const LOGIN_HINT =
  'Send "Authorization: Bearer <token>" with a token from FLOWHOOK_API_TOKENS, --api-token-file or the file <database>.api-token; ' +
  'in a browser, open the login URL that flowhook serve printed when it started.';

describe('access to the management API', () => {
  let api: ApiHarness;
  let served: ServedApi;
  let now: number;

  beforeEach(async () => {
    now = 1_000_000;
    api = await startApi({}, { started: false, access: { allowedHosts: ['flowhook.example.com', '.corp.example'], sessions: { ttlMs: 60_000, clock: () => now } } });
    served = await serveApi(api.bare);
  });

  afterEach(async () => {
    await served.close();
    await api.close();
  });

  /** Logs in through the login URL and answers with the session cookie to send back. */
  async function logIn(): Promise<string> {
    const answer = await send(served, 'GET', `/login?token=${encodeURIComponent(API_TOKEN)}`);
    expect(answer.status).toBe(303);
    const [cookie] = answer.headers['set-cookie'] ?? [];
    return (cookie ?? '').split(';')[0] ?? '';
  }

  describe('the Host header', () => {
    it('gets a request with a foreign Host nothing: not the API, the UI, its files, /healthz or the login URL', async () => {
      const paths = ['/api/webhooks', '/', '/ui/app.js', '/healthz', '/metrics', `/login?token=${API_TOKEN}`, '/nothing'];
      for (const path of paths) {
        const answer = await send(served, 'GET', path, { headers: { ...BEARER, host: `attacker.example:${served.port}` } });
        expect({ path, status: answer.status, body: answer.json }).toEqual({
          path,
          status: 421,
          body: {
            code: 'FLOWHOOK_HOST_REFUSED',
            message: 'the Host "attacker.example:' + served.port + '" is not a name this server answers to',
            hint: 'Open flowhook by a name it answers to (localhost, 127.0.0.1, [::1] with any port, unless more were allowed), or allow this name with --allowed-host NAME or FLOWHOOK_ALLOWED_HOSTS.',
          },
        });
        expect(answer.headers['set-cookie']).toBeUndefined();
      }
    });

    it('refuses a foreign Host before it looks at the body or the credential', async () => {
      const answer = await send(served, 'POST', '/api/webhooks', { headers: { host: 'attacker.example' }, body: WEBHOOK });
      expect(answer.status).toBe(421);
      expect((await send(served, 'GET', '/api/webhooks', { headers: BEARER })).json).toEqual({ webhooks: [] });
    });

    it('serves loopback names and addresses with any port, and the allowed names', async () => {
      const hosts = [
        `127.0.0.1:${served.port}`,
        'localhost',
        `LOCALHOST:${served.port}`,
        `[::1]:${served.port}`,
        'flowhook.example.com',
        'flowhook.example.com.:8443',
        'corp.example',
        'ops.corp.example:80',
      ];
      for (const host of hosts) {
        expect({ host, status: (await send(served, 'GET', '/api/webhooks', { headers: { ...BEARER, host } })).status }).toEqual({ host, status: 200 });
      }
      for (const host of ['evilcorp.example', 'flowhook.example.com.attacker.example', 'example.com', '127.0.0.1.nip.io', 'localhost.attacker.example']) {
        expect({ host, status: (await send(served, 'GET', '/healthz', { headers: { host } })).status }).toEqual({ host, status: 421 });
      }
    });
  });

  describe('the credential', () => {
    it('answers 401 to an API request without a token, with WWW-Authenticate and how to get one', async () => {
      const answer = await send(served, 'GET', '/api/webhooks');
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="flowhook"');
      expect(answer.json).toEqual({ code: 'FLOWHOOK_UNAUTHENTICATED', message: 'this request needs an API token or a web UI session', hint: LOGIN_HINT });
    });

    it('answers 401 to a wrong token and to another scheme, and 200 to the token', async () => {
      const wrong = await send(served, 'GET', '/api/webhooks', { headers: { authorization: `Bearer ${API_TOKEN}x` } });
      expect(wrong.status).toBe(401);
      expect(wrong.json).toMatchObject({ message: 'the bearer token is not an API token this server accepts' });
      expect(wrong.headers['www-authenticate']).toBe('Bearer realm="flowhook", error="invalid_token"');
      const basic = await send(served, 'GET', '/api/webhooks', { headers: { authorization: `Basic ${Buffer.from(`x:${API_TOKEN}`).toString('base64')}` } });
      expect(basic.json).toMatchObject({ code: 'FLOWHOOK_UNAUTHENTICATED', message: 'the Authorization header must be "Bearer <API token>"' });
      expect((await send(served, 'GET', '/api/webhooks', { headers: BEARER })).status).toBe(200);
    });

    it('guards every path that is not listed as open, known or not, in any letter case', async () => {
      for (const [method, path] of [
        ['GET', '/api/schema/event'],
        ['GET', '/api/samples'],
        ['GET', '/API/webhooks'],
        ['GET', '/Api/Deliveries'],
        ['GET', '//api/webhooks'],
        ['GET', '/nothing'],
        ['POST', '/api/events'],
        ['DELETE', '/api/webhooks/wh_1'],
        ['POST', '/healthz'],
        ['OPTIONS', '/api/webhooks'],
      ] as const) {
        expect({ method, path, status: (await send(served, method, path)).status }).toEqual({ method, path, status: 401 });
      }
    });

    it('leaves the web UI, the login URL, /healthz, and /metrics to a loopback scraper open', async () => {
      for (const path of ['/', '/ui/app.js', '/ui/kit/flowhook.css', '/healthz', '/metrics']) {
        const answer = await send(served, 'GET', path);
        expect({ path, status: answer.status }).toEqual({ path, status: path === '/healthz' ? 503 : 200 });
      }
    });

    it('writes nothing for a request it refuses', async () => {
      expect((await send(served, 'POST', '/api/webhooks', { body: WEBHOOK })).status).toBe(401);
      expect((await send(served, 'POST', '/api/webhooks', { headers: { authorization: 'Bearer nope-nope-nope-nope' }, body: WEBHOOK })).status).toBe(401);
      expect(api.engine.webhooks.list()).toEqual([]);
    });
  });

  describe('the login URL and the session cookie', () => {
    it('trades the token for an HttpOnly, SameSite=Strict session cookie and sends the browser on to / without the token', async () => {
      const answer = await send(served, 'GET', `/login?token=${encodeURIComponent(API_TOKEN)}`);
      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe('/');
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      const [cookie] = answer.headers['set-cookie'] ?? [];
      expect(cookie).toMatch(new RegExp(`^flowhook_session_${served.port}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Max-Age=60$`));
      expect(cookie).not.toContain(API_TOKEN);
    });

    it('answers 401 to a login URL with a wrong token or none, and sets no cookie', async () => {
      for (const path of ['/login?token=wrong-token-0123456789', '/login', `/login?token=${API_TOKEN}&token=${API_TOKEN}`]) {
        const answer = await send(served, 'GET', path);
        expect({ path, status: answer.status, cookie: answer.headers['set-cookie'] }).toEqual({ path, status: 401, cookie: undefined });
        expect(answer.json).toMatchObject({ code: 'FLOWHOOK_UNAUTHENTICATED', message: 'the login URL does not carry an API token this server accepts' });
      }
    });

    it('lets the UI read and change with the cookie from its own origin', async () => {
      const cookie = await logIn();
      const origin = served.base;
      expect((await send(served, 'GET', '/api/webhooks', { headers: { cookie } })).json).toEqual({ webhooks: [] });
      const created = await send(served, 'POST', '/api/webhooks', { headers: { cookie, origin }, body: WEBHOOK });
      expect(created.status).toBe(201);
      const id = (created.json as { id: string }).id;
      expect((await send(served, 'DELETE', `/api/webhooks/${id}`, { headers: { cookie, origin } })).status).toBe(204);
    });

    it('refuses a change made with the cookie alone when the Origin is missing or another', async () => {
      const cookie = await logIn();
      const missing = await send(served, 'POST', '/api/webhooks', { headers: { cookie }, body: WEBHOOK });
      expect(missing.status).toBe(403);
      expect(missing.json).toEqual({
        code: 'FLOWHOOK_ORIGIN_REFUSED',
        message: "a POST made with the web UI's session cookie must come from the web UI, which sends its Origin",
        hint: 'Make the change in the web UI itself, or send the request without an Origin header and with "Authorization: Bearer <token>".',
      });
      for (const origin of ['https://attacker.example', `http://127.0.0.1:${served.port + 1}`, `http://localhost:${served.port}`, 'null']) {
        const answer = await send(served, 'POST', '/api/webhooks', { headers: { cookie, origin }, body: WEBHOOK });
        expect({ origin, status: answer.status }).toEqual({ origin, status: 403 });
      }
      expect(api.engine.webhooks.list()).toEqual([]);
    });

    it('ends a session when its time is up', async () => {
      const cookie = await logIn();
      now += 59_999;
      expect((await send(served, 'GET', '/api/webhooks', { headers: { cookie } })).status).toBe(200);
      now += 1;
      const ended = await send(served, 'GET', '/api/webhooks', { headers: { cookie } });
      expect(ended.status).toBe(401);
      expect(ended.json).toMatchObject({ message: 'the web UI session has ended (a session lasts 1 minutes and ends when flowhook serve stops)' });
    });

    it('does not take a cookie made up by the client, nor one of another port', async () => {
      const cookie = await logIn();
      const [name, value] = cookie.split('=') as [string, string];
      const madeUp = `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`;
      expect((await send(served, 'GET', '/api/webhooks', { headers: { cookie: `${name}=${madeUp}` } })).status).toBe(401);
      expect((await send(served, 'GET', '/api/webhooks', { headers: { cookie: `flowhook_session_1=${value}` } })).status).toBe(401);
    });
  });

  describe('the Origin of a change', () => {
    it('refuses a change from a foreign origin even with the token', async () => {
      const answer = await send(served, 'POST', '/api/webhooks', { headers: { ...BEARER, origin: 'https://attacker.example' }, body: WEBHOOK });
      expect(answer.status).toBe(403);
      expect(answer.json).toEqual({
        code: 'FLOWHOOK_ORIGIN_REFUSED',
        message: `a POST from the origin "https://attacker.example" is refused: only the web UI's own origin may change anything`,
        hint: 'Make the change in the web UI itself, or send the request without an Origin header and with "Authorization: Bearer <token>".',
      });
      expect(api.engine.webhooks.list()).toEqual([]);
    });

    it('takes a change with the token and no Origin (a script or curl), or with the same origin', async () => {
      expect((await send(served, 'POST', '/api/webhooks', { headers: BEARER, body: WEBHOOK })).status).toBe(201);
      const same = await send(served, 'POST', '/api/webhooks', { headers: { ...BEARER, origin: served.base }, body: { ...WEBHOOK, name: 'Okta 2' } });
      expect(same.status).toBe(201);
    });

    it('lets a read from another origin through to the credential check (CORS keeps its answer from the page)', async () => {
      const answer = await send(served, 'GET', '/api/webhooks', { headers: { ...BEARER, origin: 'https://attacker.example' } });
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('paths', () => {
    it('answers 400 to a malformed percent-encoding instead of failing', async () => {
      for (const path of ['/api/webhooks/%E0%A4%A', '/api/deliveries/%', '/ui/%E0%A4%A', '/api/webhooks/%ZZ/test']) {
        const method = path.endsWith('/test') ? 'POST' : 'GET';
        const answer = await send(served, method, path, { headers: BEARER });
        expect({ path, status: answer.status, code: (answer.json as { code?: string }).code }).toEqual({ path, status: 400, code: 'FLOWHOOK_BAD_REQUEST' });
      }
      expect((await send(served, 'GET', '/api/webhooks/%E0%A4%A', { headers: BEARER })).json).toEqual({
        code: 'FLOWHOOK_BAD_REQUEST',
        message: 'the path segment "%E0%A4%A" has a malformed percent-encoding',
        hint: 'Encode each path segment with encodeURIComponent: "%" followed by two hex digits per UTF-8 byte.',
      });
    });

    it('still finds a webhook whose id is percent-encoded properly', async () => {
      const created = (await send(served, 'POST', '/api/webhooks', { headers: BEARER, body: WEBHOOK })).json as { id: string };
      const encoded = [...created.id].map((character) => `%${character.charCodeAt(0).toString(16)}`).join('');
      const answer: Answer = await send(served, 'GET', `/api/webhooks/${encoded}`, { headers: BEARER });
      expect(answer.status).toBe(200);
    });
  });
});
