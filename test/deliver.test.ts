import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../mock-okta/index.js';
import type { Authorisation, Authoriser } from '../src/auth/authoriser.js';
import { sampleEvent } from '../src/core/samples.js';
import { parseWebhookConfig } from '../src/core/webhook-config.js';
import { compileWebhook, deliver } from '../src/deliver.js';
import { FlowhookError } from '../src/errors.js';
import { closeSharedAgents, createSenderAgent } from '../src/http/send.js';
import type { InvocationRecord } from '../src/types.js';
import { USER_AGENT } from '../src/version.js';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const now = (): Date => NOW;
const CLIENT_TOKEN = 'c0ffee-t0ken-5ecret';
const GUIDE_TEMPLATE = `{
    "fields":{
        "event type": "{{event_type}}",
        "requestor email": "{{data.requester.email}}",
        "integration name": "{{data.access_groups.[0].[integration].name}}",
        "justification": "{{data.justification}}"
    }
}`;
const EXPECTED_FIELDS = {
  fields: {
    'event type': 'RequestCreated',
    'requestor email': 'dana.levi@example.com',
    'integration name': 'prod db',
    justification: 'Investigating "stuck" payouts in INC-4821; need to read the payments and ledger tables',
  },
};

let mock: RunningMockOkta;

beforeAll(async () => {
  mock = await startMockOkta({
    securityChecks: {
      // Stands in for a real OAuth 2.0 check: only the "fresh" access token is valid.
      oauth2: (_flow, presented) =>
        presented.authorization === 'Bearer fresh-access-t0ken'
          ? { auth: { level: 'oauth2', via: 'bearer', valid: true } }
          : {
              auth: { level: 'oauth2', via: 'bearer', valid: false },
              refusal: { status: 401, errorCode: 'E0000011', errorSummary: 'Invalid token provided', reason: 'refused: stale token' },
            },
    },
  });
});

beforeEach(async () => {
  await mock.reset();
});

afterAll(async () => {
  await mock.close();
  await closeSharedAgents();
});

function webhookConfig(changes: Record<string, unknown>) {
  return parseWebhookConfig(
    { name: 'okta test', url: mock.invokeUrl('flow-1'), triggers: ['RequestCreated'], body_template: GUIDE_TEMPLATE, ...changes },
    { allowLocal: true },
  );
}

async function deliverOnce(changes: Record<string, unknown>, authoriser?: Authoriser): Promise<InvocationRecord> {
  const webhook = compileWebhook(webhookConfig(changes), { allowLocal: true, ...(authoriser === undefined ? {} : { authoriser }) });
  return deliver(webhook, sampleEvent('RequestCreated'), { deliveryId: 'dlv_test_1', now });
}

describe('compileWebhook', () => {
  it('refuses a local target unless local targets are allowed, saying how to allow them', () => {
    let error: unknown;
    try {
      compileWebhook(webhookConfig({}), {});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FlowhookError);
    expect((error as FlowhookError).code).toBe('FLOWHOOK_URL_REFUSED');
    expect((error as FlowhookError).details?.map((problem) => problem.message.split(';')[0])).toEqual([
      'uses "http", not HTTPS',
      `has the custom port ${new URL(mock.url).port}`,
      'points at the local address 127.0.0.1',
    ]);
    expect((error as FlowhookError).hint).toBe(
      'use an https:// URL without a port on a public host, or allow local test targets: pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET',
    );
  });

  it('refuses a template that does not compile when the webhook is loaded', () => {
    expect(() => compileWebhook(webhookConfig({ body_template: '{"a": "{{data.id"}' }), { allowLocal: true })).toThrow(
      'the body template does not compile at line 1',
    );
  });

  it('recognises an Okta Workflows URL once', () => {
    const config = parseWebhookConfig({ name: 'okta', url: 'https://acme.workflows.okta.com/api/flo/abc/invoke', triggers: ['RequestCreated'] });
    expect(compileWebhook(config).okta?.org).toBe('acme');
  });
});

describe('deliver', () => {
  it('delivers the rendered body with the client token header and records the whole exchange', async () => {
    await mock.flow('flow-1', { security: 'clientToken', clientToken: CLIENT_TOKEN, responses: [{ body: { status: 'ok', received: true } }] });
    const record = await deliverOnce({
      headers: { 'x-api-client-token': CLIENT_TOKEN, 'X-Trace': 'abc' },
      response_validators: [{ json_path: '$.data.status', expected_values: ['ok'] }],
    });

    const [execution] = await mock.executions({ alias: 'flow-1' });
    expect(execution?.body).toEqual(EXPECTED_FIELDS);
    expect(execution?.auth).toEqual({ level: 'clientToken', via: 'header', valid: true });
    expect(execution?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': 'dlv_test_1',
      'webhook-timestamp': String(NOW.getTime() / 1000),
      'x-trace': 'abc',
    });

    expect(record).toMatchObject({
      deliveryId: 'dlv_test_1',
      webhook: 'okta test',
      trigger: 'RequestCreated',
      request: {
        method: 'POST',
        url: mock.invokeUrl('flow-1'),
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'webhook-id': 'dlv_test_1',
          'webhook-timestamp': String(NOW.getTime() / 1000),
          'x-api-client-token': '[REDACTED]',
          'x-trace': 'abc',
        },
      },
      response: { status: 200, body: '{"status":"ok","received":true}', bodyTruncated: false },
      validators: [{ jsonPath: '$.data.status', expectedValues: ['ok'], actual: 'ok', passed: true }],
      auth: { kind: 'client_token', clientTokenIn: 'header' },
      verdict: 'successful',
    });
    expect(JSON.parse(record.request.body)).toEqual(EXPECTED_FIELDS);
    expect(record.response?.headers['content-type']).toMatch(/^application\/json/);
    expect(record.timings.startedAt).toBe('2026-11-28T12:00:00.000Z');
    expect(record.timings.headersMs).toBeGreaterThanOrEqual(0);
    expect(record.timings.totalMs).toBeGreaterThanOrEqual(record.timings.headersMs ?? 0);
    expect(record.timings.tokenMs).toBeUndefined();
    expect(record.reason).toBeUndefined();
    expect(record.error).toBeUndefined();
    expect(JSON.stringify(record)).not.toContain(CLIENT_TOKEN);
  });

  it('sends a client token in the query and shows it redacted in the record', async () => {
    await mock.flow('flow-1', { security: 'clientToken', clientToken: CLIENT_TOKEN });
    const record = await deliverOnce({ url: `${mock.invokeUrl('flow-1')}?clientToken=${CLIENT_TOKEN}` });
    expect(record.verdict).toBe('successful');
    expect(record.request.url).toBe(`${mock.invokeUrl('flow-1')}?clientToken=[REDACTED]`);
    expect(record.auth).toEqual({ kind: 'client_token', clientTokenIn: 'query' });
    expect((await mock.executions({ alias: 'flow-1' }))[0]?.auth).toEqual({ level: 'clientToken', via: 'query', valid: true });
  });

  it("sends to the Apono guide's …/api/flo/<clientToken> form and shows the path token redacted", async () => {
    await mock.flow('flow-1', { security: 'clientToken', clientToken: CLIENT_TOKEN });
    const record = await deliverOnce({ url: `${mock.url}/api/flo/${CLIENT_TOKEN}` });
    expect(record.verdict).toBe('successful');
    expect(record.request.url).toBe(`${mock.url}/api/flo/[REDACTED]`);
    expect(record.auth).toEqual({ kind: 'client_token', clientTokenIn: 'path' });
    expect(JSON.stringify(record)).not.toContain(CLIENT_TOKEN);
  });

  it('fails with an actionable reason when the flow refuses the client token', async () => {
    await mock.flow('flow-1', { security: 'clientToken', clientToken: CLIENT_TOKEN });
    const record = await deliverOnce({ headers: { 'x-api-client-token': 'wrong-t0ken-value' } });
    expect(record.verdict).toBe('failed');
    expect(record.response?.status).toBe(401);
    expect(record.error).toBeUndefined();
    expect(record.reason).toBe(
      '401 from the flow (it says: "Invalid token provided"): the client token (in the x-api-client-token header) was refused; ' +
        "copy it again from the flow's API Endpoint settings",
    );
  });

  it('tells a public-looking delivery to a secured flow that credentials are missing', async () => {
    await mock.flow('flow-1', { security: 'clientToken', clientToken: CLIENT_TOKEN });
    const record = await deliverOnce({});
    expect(record.auth).toEqual({ kind: 'none' });
    expect(record.reason).toBe(
      '401 from the flow (it says: "Invalid token provided"): the flow needs credentials; add its client token ' +
        '(the clientToken query parameter or the x-api-client-token header) or configure OAuth 2.0',
    );
  });

  it('fails on a 2xx when a validator finds another value', async () => {
    await mock.flow('flow-1', { security: 'public', responses: [{ body: { status: 'error' } }] });
    const record = await deliverOnce({ response_validators: [{ json_path: '$.data.status', expected_values: ['ok'] }] });
    expect(record).toMatchObject({
      response: { status: 200 },
      validators: [{ jsonPath: '$.data.status', expectedValues: ['ok'], actual: 'error', passed: false, reason: "expected one of [ok], got 'error'" }],
      verdict: 'failed',
      reason: "validator $.data.status expected one of [ok], got 'error'",
    });
  });

  it('fails every validator when the flow answers text', async () => {
    await mock.flow('flow-1', { security: 'public', responses: [{ body: 'Accepted' }] });
    const record = await deliverOnce({ response_validators: [{ json_path: '$.data.status', expected_values: ['ok'] }] });
    expect(record.reason).toBe('the response body is not JSON, so validator $.data.status fails');
  });

  it('explains a 404, a 429 and a 5xx', async () => {
    expect((await deliverOnce({})).reason).toBe(
      '404 from the flow (it says: "Not found: Resource not found: flow"): nothing answers at this URL; check the flow alias (or client token) in the URL and that the flow is on',
    );
    await mock.flow('flow-1', { security: 'public', responses: [{ status: 429, headers: { 'retry-after': '7' }, body: 'slow down' }] });
    expect((await deliverOnce({})).reason).toBe(
      '429 from the flow: too many requests (Okta Workflows allows about 10 invocations per second per flow); it asks to wait (retry-after: 7)',
    );
    await mock.flow('flow-1', { security: 'public', responses: [{ status: 502, body: { message: 'upstream broke' } }] });
    expect((await deliverOnce({})).reason).toBe('502 from the flow (it says: "upstream broke"): the flow failed on its side');
  });

  it('records a timeout with no response', async () => {
    await mock.flow('flow-1', { security: 'public', responses: [{ fault: 'timeout' }] });
    const record = await deliverOnce({ timeout_in_sec: 1 });
    expect(record.response).toBeUndefined();
    expect(record.validators).toEqual([]);
    expect(record.error).toEqual({ kind: 'timeout', message: `no complete response from ${new URL(mock.url).host} within 1 s` });
    expect(record.reason).toBe(
      `timed out after 1 s (no complete response from ${new URL(mock.url).host} within 1 s); ` +
        'raise "timeout_in_sec" (at most 60, where Okta closes the connection), or make the flow answer sooner (a Close card responds at once)',
    );
  });

  it('records a connection the flow resets', async () => {
    await mock.flow('flow-1', { security: 'public', responses: [{ fault: 'reset' }] });
    const record = await deliverOnce({});
    expect(record.verdict).toBe('failed');
    expect(record.error?.kind).toBe('connection');
    expect(record.error?.message).toMatch(new RegExp(`^${new URL(mock.url).host.replace(/\./g, '\\.')} closed the connection before a complete response`));
  });

  it('delivers to a network that --allow-net lists, and refuses one it does not list', async () => {
    await mock.flow('flow-1', { security: 'public' });
    const config = parseWebhookConfig({ name: 'okta test', url: mock.invokeUrl('flow-1'), triggers: ['RequestCreated'] }, { allowNet: ['127.0.0.0/8'] });
    const record = await deliver(compileWebhook(config, { allowNet: ['127.0.0.0/8', '::1/128'] }), sampleEvent('RequestCreated'), { deliveryId: 'dlv_1', now });
    expect(record.verdict).toBe('successful');
    expect(() => compileWebhook(config, { allowNet: ['10.0.0.0/8'] })).toThrow(
      /^webhook "okta test": the URL points at the local address 127\.0\.0\.1; it is outside the networks allowed by --allow-net \(10\.0\.0\.0\/8\)/,
    );
  });

  it('redacts credential parameters and headers by name in the record, the echoed ones of the answer included', async () => {
    await mock.flow('flow-1', {
      security: 'public',
      responses: [{ status: 200, headers: { 'x-auth-token': 'echoed-t0ken', 'set-cookie': 'sid=echoed-s3ssion' }, body: { status: 'ok', seen: 'ap1-k3y-value' } }],
    });
    const record = await deliverOnce({
      url: `${mock.invokeUrl('flow-1')}?api_key=ap1-k3y-value&sig=s1gnature-value&page=2`,
      headers: { 'X-Auth-Token': 'x-auth-t0ken-value', 'api-key': 'header-k3y-value' },
      body_template: '{"k": "{{data.id}}"}',
    });
    expect(record.verdict).toBe('successful');
    expect(record.request.url).toBe(`${mock.invokeUrl('flow-1')}?api_key=[REDACTED]&sig=[REDACTED]&page=2`);
    expect(record.request.headers).toMatchObject({ 'x-auth-token': '[REDACTED]', 'api-key': '[REDACTED]' });
    expect(record.response?.headers).toMatchObject({ 'x-auth-token': '[REDACTED]', 'set-cookie': '[REDACTED]' });
    expect(record.response?.body).toBe('{"status":"ok","seen":"[REDACTED]"}');
  });

  it('records a refused local address as refused_url, with how to allow it', async () => {
    const strict = createSenderAgent({ allowLocal: false });
    try {
      const webhook = compileWebhook(webhookConfig({}), { allowLocal: true, dispatcher: strict });
      const record = await deliver(webhook, sampleEvent('RequestCreated'), { deliveryId: 'dlv_1', now });
      expect(record.error).toEqual({ kind: 'refused_url', message: 'refused to connect to the local address 127.0.0.1' });
      expect(record.reason).toBe(
        'refused to connect to the local address 127.0.0.1; local targets are refused unless allowed: pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET',
      );
      expect(await mock.executions()).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('records a template that renders invalid JSON without sending anything', async () => {
    await mock.flow('flow-1', { security: 'public' });
    const record = await deliverOnce({ body_template: '{\n  "name": {{data.requester.name}}\n}' });
    expect(record.error?.kind).toBe('template');
    expect(record.error?.message).toMatch(/^the body template renders invalid JSON at template line 2 /);
    expect(record.request.body).toBe('');
    expect(await mock.executions()).toEqual([]);
  });

  it('never shows a bearer token, even when the flow echoes it back', async () => {
    await mock.flow('flow-1', { security: 'public', responses: [{ body: { echoed: 'Bearer b3arer-t0ken-123', token: 'b3arer-t0ken-123' } }] });
    const record = await deliverOnce({
      authentication_config: { bearer: { token: 'b3arer-t0ken-123' } },
      response_validators: [{ json_path: '$.data.token', expected_values: ['x'] }],
    });
    expect(record.request.headers.authorization).toBe('Bearer [REDACTED]');
    expect(record.response?.body).toBe('{"echoed":"[REDACTED]","token":"[REDACTED]"}');
    expect(record.validators[0]).toMatchObject({ actual: '[REDACTED]', reason: "expected one of [x], got '[REDACTED]'" });
    expect(record.auth).toEqual({ kind: 'bearer' });
    expect(JSON.stringify(record)).not.toContain('b3arer-t0ken-123');
  });

  it('keeps its own protocol headers when the config sets the same names', async () => {
    await mock.flow('flow-1', { security: 'public' });
    const record = await deliverOnce({ headers: { 'User-Agent': 'spoof', 'Webhook-Id': 'other' } });
    expect(record.request.headers).toMatchObject({ 'user-agent': USER_AGENT, 'webhook-id': 'dlv_test_1' });
  });

  it('sends a GET without a body or content type', async () => {
    await mock.flow('flow-1', { security: 'public' });
    const record = await deliverOnce({ method: 'GET' });
    expect(record.verdict).toBe('successful');
    expect(record.request.body).toBe('');
    expect(record.request.headers['content-type']).toBeUndefined();
    expect((await mock.executions())[0]).toMatchObject({ method: 'GET', body: null });
  });

  it('fetches a new OAuth token after a 401 and tries once more', async () => {
    await mock.flow('flow-1', { security: 'oauth2' });
    const tokens = ['stale-access-t0ken', 'fresh-access-t0ken'];
    const invalidated: Array<Record<string, string> | undefined> = [];
    const authoriser: Authoriser = {
      authorise: (): Promise<Authorisation> =>
        Promise.resolve({ headers: { authorization: `Bearer ${tokens[0] ?? ''}` }, describe: { kind: 'oauth', tokenEndpoint: 'https://acme.okta.com/oauth2/v1/token' } }),
      invalidate: (headers) => {
        invalidated.push(headers);
        tokens.shift();
      },
    };
    const record = await deliverOnce({}, authoriser);
    expect(invalidated).toEqual([{ authorization: 'Bearer stale-access-t0ken' }]);
    expect(record.verdict).toBe('successful');
    expect(record.auth).toEqual({ kind: 'oauth', tokenEndpoint: 'https://acme.okta.com/oauth2/v1/token', tokenRefreshed: true });
    expect(record.timings.tokenMs).toBeGreaterThanOrEqual(0);
    expect((await mock.executions()).map((execution) => execution.status)).toEqual([401, 200]);
    expect(JSON.stringify(record)).not.toContain('access-t0ken');
  });

  it('fails with the refusal when the new OAuth token is refused too', async () => {
    await mock.flow('flow-1', { security: 'oauth2' });
    const authoriser: Authoriser = {
      authorise: () => Promise.resolve({ headers: { authorization: 'Bearer stale-access-t0ken' }, describe: { kind: 'oauth' } }),
      invalidate: () => undefined,
    };
    const record = await deliverOnce({}, authoriser);
    expect(record.auth).toEqual({ kind: 'oauth', tokenRefreshed: true });
    expect(record.reason).toBe(
      '401 from the flow (it says: "Invalid token provided"): the OAuth access token was refused, also after fetching a new one; ' +
        'check that the flow is secured with OAuth 2.0 and that it allows this app',
    );
    expect((await mock.executions()).map((execution) => execution.status)).toEqual([401, 401]);
  });

  it('records a token failure with the authoriser\'s hint', async () => {
    await mock.flow('flow-1', { security: 'oauth2' });
    const authoriser: Authoriser = {
      authorise: () =>
        Promise.reject(
          new FlowhookError('FLOWHOOK_TOKEN_FAILED', 'the token endpoint refused client "c1" with 401 invalid_client', {
            hint: 'Register the public key at the authorization server.',
          }),
        ),
      invalidate: () => undefined,
    };
    const record = await deliverOnce({}, authoriser);
    expect(record.error).toEqual({ kind: 'token', message: 'no access token: the token endpoint refused client "c1" with 401 invalid_client' });
    expect(record.reason).toBe('no access token: the token endpoint refused client "c1" with 401 invalid_client; register the public key at the authorization server.');
    expect(await mock.executions()).toEqual([]);
  });
});
