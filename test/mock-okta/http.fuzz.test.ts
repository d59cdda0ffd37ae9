/**
 * Whatever arrives at the mock over a socket (any path, method, query string or admin body), it answers
 * with a status below 500 and, for every refusal, the JSON error body: never express's HTML page, never a
 * stack trace. Requests go through node:http so that paths reach the server as generated.
 */
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';

let mock: RunningMockOkta;
let base: URL;

beforeAll(async () => {
  mock = await startMockOkta({
    flows: [
      { alias: 'open', security: 'public', rateLimitPerSecond: 0 },
      { alias: 'guarded', security: 'clientToken', clientToken: 'tok-fuzz', rateLimitPerSecond: 0 },
      { alias: 'oauth', security: 'oauth2', rateLimitPerSecond: 0 },
    ],
    invokeTimeoutMs: 200,
  });
  base = new URL(mock.url);
});
afterAll(() => mock.close());

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** Resolves with the answer, or with undefined when the mock closed the connection without one (a flow's fault). */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer | undefined> {
  // Framed by length: node sends a DELETE's or OPTIONS's body unframed, which the server would read as a second request.
  const framed = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, method, path, headers: framed, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text }));
      res.on('error', () => resolve(undefined));
    });
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'ERR_INVALID_CHAR' ? resolve(undefined) : reject(err)));
    req.end(body);
  });
}

const STACK_TRACE = /\n\s+at \S/;

/** `flowAnswer`: the answer may be the one a flow was given (any body, any status below 500), so only a refusal's shape is checked by the other checks. */
function expectWellFormed(answer: Answer, method: string, path: string, flowAnswer = false): void {
  const where = `${method} ${path} → ${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.status, where).toBeLessThan(500);
  expect(answer.text, where).not.toMatch(STACK_TRACE);
  expect(answer.text.toLowerCase(), where).not.toContain('<pre>');
  if (answer.status >= 400 && method !== 'HEAD' && !flowAnswer) {
    expect(answer.contentType, where).toMatch(/^application\/json/);
    const body = JSON.parse(answer.text) as Record<string, unknown>;
    // The admin API's error body, or Okta's on invoke paths and the authorization server's OAuth error.
    expect('code' in body || 'errorCode' in body || 'error' in body, where).toBe(true);
  }
}

const URL_CHARS = [...'abcXYZ019-._~!$&\'()*+,;=:@/?'.split(''), '%', '%2F', '%00', '%E0%A4%A', '%C3%A9', '%25', '..', '//', '[REDACTED]'];
const aliasText = fc.string({ unit: fc.constantFrom(...'aZ09-._~'.split('')), maxLength: 12 });
const segment = fc.array(fc.constantFrom(...URL_CHARS), { maxLength: 12 }).map((parts) => parts.join(''));
const PREFIXES = ['/api/flo/', '/api/flo/open/', '/api/flo/guarded/invoke', '/__admin/', '/__admin/flows/', '/__admin/executions', '/__admin/executions/wait', '/__admin/oauth/clients/', '/__admin/reset', '/', '/ui/', '/oauth2/v1/', '/.well-known/', '/__ADMIN/flows/'];
const path = fc.tuple(fc.constantFrom(...PREFIXES), segment).map(([prefix, rest]) => `${prefix}${rest}`);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS');
/** No digits: a random `timeoutMs` must not make a wait last. */
const word = fc.string({ unit: fc.constantFrom(...'abcxyz-_.~ é%+'.split('')), maxLength: 10 });
const queryValue = fc.oneof(word, fc.integer({ min: -5, max: 100 }).map(String), fc.constantFrom('1e3', '0x10', '', '1.5', '2', 'tok-fuzz'));
const queryName = fc.oneof(fc.constantFrom('alias', 'status', 'limit', 'count', 'timeoutMs', 'clientToken', 'api_key'), word);
const query = fc.array(fc.tuple(queryName, queryValue), { maxLength: 5 }).map((pairs) => new URLSearchParams(pairs).toString());
const json = fc.jsonValue({ maxDepth: 4 });
/** Mostly `valid`, sometimes any JSON: most definitions are accepted, and each field is also tried wrong. */
const mostly = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 30 }, { arbitrary: json, weight: 1 });
const headerName = fc.string({ unit: fc.constantFrom(...'abcxyz-'.split('')), minLength: 1, maxLength: 8 });
const flowResponse = fc.oneof(
  fc.record(
    {
      status: mostly(fc.oneof(fc.constant(200), fc.integer({ min: 400, max: 499 }))),
      headers: mostly(fc.dictionary(headerName, aliasText, { maxKeys: 3 })),
      body: mostly(fc.oneof(fc.dictionary(word, json, { maxKeys: 3 }), word)),
      delayMs: mostly(fc.integer({ min: 0, max: 20 })),
    },
    { requiredKeys: [] },
  ),
  fc.record({ fault: mostly(fc.constantFrom('timeout', 'reset', 'empty')), delayMs: mostly(fc.integer({ min: 0, max: 20 })) }, { requiredKeys: ['fault'] }),
);
const common = { active: mostly(fc.boolean()), responses: mostly(fc.array(flowResponse, { minLength: 1, maxLength: 3 })), rateLimitPerSecond: mostly(fc.integer({ min: 0, max: 50 })) };
const flowDefinition = fc.oneof(
  fc.record({ security: fc.constant('public'), ...common }, { requiredKeys: ['security'] }),
  fc.record(
    { security: fc.constant('clientToken'), clientToken: mostly(fc.oneof(fc.constantFrom('[REDACTED]', 'tok-fuzz'), aliasText.map((text) => `t${text}`), aliasText.map((text) => `u${text}`))), ...common },
    { requiredKeys: ['security', 'clientToken'] },
  ),
  fc.record({ security: fc.constant('oauth2'), allowedClients: mostly(fc.array(word, { minLength: 1, maxLength: 2 })), ...common }, { requiredKeys: ['security'] }),
  json,
);
const clientId = mostly(fc.string({ unit: fc.constantFrom(...'0oaAbc19-_'.split('')), minLength: 1, maxLength: 12 }));
const scopes = mostly(fc.array(fc.constantFrom('okta.workflows.invoke.manage', 'x', ''), { minLength: 1, maxLength: 3 }));
const lifetime = mostly(fc.integer({ min: 1, max: 86_400 }));
const oauthClient = fc.oneof(
  fc.record({ clientId, clientSecret: mostly(word.map((w) => `s${w}`)), scopes, accessTokenLifetimeSec: lifetime }, { requiredKeys: ['clientId', 'clientSecret', 'scopes'] }),
  fc.record({ clientId, publicKeyPem: fc.oneof(word, fc.constant('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')), scopes }),
  fc.record({ clientId, jwks: fc.oneof(fc.record({ keys: fc.array(fc.dictionary(word, json, { maxKeys: 4 }), { maxLength: 2 }) }), json), scopes }),
  json,
);
/** What an admin body is sent as: JSON, text that is not quite JSON, or the wrong content type. */
const bodyText = (value: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { arbitrary: value.map((v) => ({ type: 'application/json', text: JSON.stringify(v) ?? 'null' })), weight: 6 },
    { arbitrary: fc.tuple(value, fc.integer({ min: 1, max: 20 })).map(([v, cut]) => ({ type: 'application/json', text: (JSON.stringify(v) ?? '').slice(cut) })), weight: 1 },
    { arbitrary: value.map((v) => ({ type: 'text/plain', text: JSON.stringify(v) ?? '' })), weight: 1 },
  );

describe('the mock over a socket, fuzzed', { timeout: 120_000 }, () => {
  it('answers any path and method without a 5xx, an HTML error or a stack trace (600 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(method, path, query, fc.option(json), async (verb, where, search, body) => {
        const target = `${where}${search === '' ? '' : `?${search}`}`;
        const hasBody = body !== null && verb !== 'GET' && verb !== 'HEAD';
        const answer = await send(verb, target, hasBody ? { 'content-type': 'application/json' } : {}, hasBody ? JSON.stringify(body) : undefined);
        if (answer === undefined) {
          expect(where.startsWith('/api/flo/') || /[^\x21-\x7e]/.test(target), `${verb} ${target} closed`).toBe(true);
          return;
        }
        expectWellFormed(answer, verb, target);
      }),
      { numRuns: 600, examples: [['GET', '/ui/%2F', '', null], ['GET', '/ui/kit', '', null], ['DELETE', '/api/flo/', '', {}]] },
    );
  });

  it('takes any flow definition at PUT /__admin/flows/{alias} with a 2xx or a 4xx error body, and the flow it made answers within 5xx-free bounds (400 runs)', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: aliasText, weight: 4 }, { arbitrary: segment, weight: 1 }), bodyText(flowDefinition), json, async (alias, body, payload) => {
        const at = `/__admin/flows/fz${alias}`;
        const put = await send('PUT', at, { 'content-type': body.type }, body.text);
        expect(put).toBeDefined();
        expectWellFormed(put as Answer, 'PUT', at);
        if ((put as Answer).status < 300) {
          accepted += 1;
          const invokeUrl = new URL((JSON.parse((put as Answer).text) as { invokeUrl: string }).invokeUrl);
          const invoked = await send('POST', invokeUrl.pathname, { 'content-type': 'application/json', 'x-api-client-token': 'tok-fuzz' }, JSON.stringify(payload));
          if (invoked !== undefined) expectWellFormed(invoked, 'POST', invokeUrl.pathname, true);
          const deleted = await send('DELETE', at, {});
          expect(deleted?.status).toBe(204);
        }
      }),
      { numRuns: 400 },
    );
    // The property says something about flows only if some definitions were accepted.
    expect(accepted).toBeGreaterThan(40);
  });

  it('takes any OAuth client definition and any token request with a 2xx or a 4xx error body (300 runs)', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(bodyText(oauthClient), query, async (body, form) => {
        const created = await send('POST', '/__admin/oauth/clients', { 'content-type': body.type }, body.text);
        expect(created).toBeDefined();
        expectWellFormed(created as Answer, 'POST', '/__admin/oauth/clients');
        const token = await send('POST', '/oauth2/v1/token', { 'content-type': 'application/x-www-form-urlencoded' }, form);
        expect(token).toBeDefined();
        expectWellFormed(token as Answer, 'POST', '/oauth2/v1/token');
        if ((created as Answer).status < 300) {
          accepted += 1;
          const { clientId } = JSON.parse((created as Answer).text) as { clientId: string };
          expect((await send('DELETE', `/__admin/oauth/clients/${encodeURIComponent(clientId)}`, {}))?.status).toBe(204);
        }
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(10);
  });
});
