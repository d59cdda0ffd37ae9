/**
 * What the connector reports when a delivery to the real mock goes wrong: a refused client token, a
 * failed validator, a timeout, a reset connection, a malformed or empty answer and a server error each
 * give a failed verdict whose reason names the cause, and no secret appears in any record or output line.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';
import type { FlowResponse } from '../../mock-okta/types.js';
import { testCommand } from '../../src/cli/test-command.js';
import { parseWebhookConfig } from '../../src/core/webhook-config.js';
import { compileWebhook, deliver } from '../../src/deliver.js';
import { sampleEvent } from '../../src/core/samples.js';
import type { InvocationRecord, WebhookConfig } from '../../src/types.js';
import { capturedIO } from '../cli/captured-io.js';
import { tempFiles, type WebhookConfigFile } from '../cli/temp-files.js';

const TOKEN = 'ct-right-SECRET-40f2e1';
const WRONG = 'ct-wrong-SECRET-9b7c3a';
const BEARER = 'bearer-SECRET-6d1e08aa';
const SECRETS = [TOKEN, WRONG, BEARER];

let mock: RunningMockOkta;
let files: ReturnType<typeof tempFiles>;

beforeAll(async () => {
  mock = await startMockOkta({ flows: [{ alias: 'guarded', security: 'clientToken', clientToken: TOKEN, rateLimitPerSecond: 0 }] });
});
afterAll(() => mock.close());
beforeEach(async () => {
  files = tempFiles();
  await mock.reset();
});
afterEach(() => files.remove());

function webhook(changes: Partial<WebhookConfig>): WebhookConfigFile {
  return {
    name: 'failures',
    url: mock.invokeUrl('guarded'),
    triggers: ['RequestCreated'],
    body_template: '{"request": "{{data.friendly_id}}"}',
    timeout_in_sec: 5,
    response_validators: [{ json_path: '$.data.status', expected_values: ['ok'] }],
    ...changes,
  };
}

async function publicFlow(...responses: FlowResponse[]): Promise<string> {
  await mock.flow('answers', { security: 'public', rateLimitPerSecond: 0, responses });
  return mock.invokeUrl('answers');
}

/** Runs `flowhook test --json` and then the human output for `config`, and checks both for every secret. */
async function test(config: WebhookConfigFile): Promise<{ code: number; record: InvocationRecord; human: string[] }> {
  const file = files.write('hook.json', config);
  const json = capturedIO();
  const code = await testCommand({ webhook: file, json: true, allowLocal: true }, json);
  const human = capturedIO();
  expect(await testCommand({ webhook: file, allowLocal: true }, human)).toBe(code);
  const everything = [...json.stdout, ...json.stderr, ...human.stdout, ...human.stderr].join('\n');
  for (const secret of SECRETS) expect(everything).not.toContain(secret);
  const [record] = (JSON.parse(json.stdout.join('\n')) as { results: { record: InvocationRecord }[] }).results.map((result) => result.record);
  if (record === undefined) throw new Error('testCommand printed no record');
  return { code, record, human: human.stdout };
}

describe('a refused credential', () => {
  it('fails with the reason when the client token in the query is wrong', async () => {
    const { code, record, human } = await test(webhook({ url: `${mock.invokeUrl('guarded')}?clientToken=${WRONG}` }));
    expect(code).toBe(1);
    expect(record.verdict).toBe('failed');
    expect(record.response?.status).toBe(401);
    expect(record.reason).toBe(
      '401 from the flow (it says: "Invalid token provided"): ' +
        "the client token (in the URL query) was refused; copy it again from the flow's API Endpoint settings",
    );
    expect(human).toContain(`Test failed  RequestCreated → POST ${mock.invokeUrl('guarded')}?clientToken=[REDACTED]`);
    expect(human).toContain(`  reason: ${record.reason}`);
  });

  it('fails with the reason when the client token in the header is wrong', async () => {
    const { record } = await test(webhook({ headers: { 'x-api-client-token': WRONG } }));
    expect(record.request.headers['x-api-client-token']).toBe('[REDACTED]');
    expect(record.reason).toBe(
      '401 from the flow (it says: "Invalid token provided"): ' +
        "the client token (in the x-api-client-token header) was refused; copy it again from the flow's API Endpoint settings",
    );
  });

  it('fails with the reason when the path holds a token no flow has', async () => {
    const { record } = await test(webhook({ url: `${mock.url}/api/flo/${WRONG}` }));
    expect(record.request.url).toBe(`${mock.url}/api/flo/[REDACTED]`);
    expect(record.response?.status).toBe(404);
    expect(record.reason).toMatch(/^404 from the flow \(it says: ".+"\): nothing answers at this URL; check the flow alias \(or client token\) in the URL and that the flow is on$/);
  });

  it('fails with the reason when no client token is sent', async () => {
    const { record } = await test(webhook({}));
    expect(record.reason).toBe(
      '401 from the flow (it says: "Invalid token provided"): the flow needs credentials; ' +
        'add its client token (the clientToken query parameter or the x-api-client-token header) or configure OAuth 2.0',
    );
  });
});

describe('response validators', () => {
  it('pass when every validator finds an expected value', async () => {
    const url = await publicFlow({ body: { status: 'ok', result: { accepted: true } } });
    const { code, record } = await test(
      webhook({
        url,
        response_validators: [
          { json_path: '$.data.status', expected_values: ['ok', 'queued'] },
          { json_path: '$.data.result.accepted', expected_values: ['true'] },
        ],
      }),
    );
    expect(code).toBe(0);
    expect(record.verdict).toBe('successful');
    expect(record.validators).toEqual([
      { jsonPath: '$.data.status', expectedValues: ['ok', 'queued'], actual: 'ok', passed: true },
      { jsonPath: '$.data.result.accepted', expectedValues: ['true'], actual: true, passed: true },
    ]);
  });

  it('fail the delivery when one finds another value, though the flow answered 200', async () => {
    const url = await publicFlow({ body: { status: 'rejected' } });
    const { code, record, human } = await test(webhook({ url }));
    expect(code).toBe(1);
    expect(record.response?.status).toBe(200);
    expect(record.reason).toBe("validator $.data.status expected one of [ok], got 'rejected'");
    expect(human).toContain('    failed  $.data.status: expected one of [ok], got \'rejected\'');
  });

  it('leave a delivery without validators to the status code', async () => {
    const url = await publicFlow({ body: { status: 'rejected' } });
    const { code, record } = await test(webhook({ url, response_validators: [] }));
    expect(code).toBe(0);
    expect(record.validators).toEqual([]);
  });
});

describe('a flow that does not answer properly', () => {
  it('fails naming the timeout when no answer comes in time', async () => {
    const url = await publicFlow({ fault: 'timeout' });
    const { code, record } = await test(webhook({ url, timeout_in_sec: 1 }));
    expect(code).toBe(1);
    expect(record.response).toBeUndefined();
    expect(record.error?.kind).toBe('timeout');
    expect(record.reason).toBe(
      `timed out after 1 s (no complete response from ${new URL(url).host} within 1 s); ` +
        'raise "timeout_in_sec" (at most 60, where Okta closes the connection), or make the flow answer sooner (a Close card responds at once)',
    );
  });

  it('fails naming the reset connection', async () => {
    const url = await publicFlow({ fault: 'reset' });
    const { code, record } = await test(webhook({ url }));
    expect(code).toBe(1);
    expect(record.error?.kind).toBe('connection');
    expect(record.reason).toMatch(new RegExp(`^${new URL(url).host.replace(/\./g, '\\.')} closed the connection before a complete response \\((ECONNRESET|UND_ERR_SOCKET)\\)$`));
  });

  it('fails naming the connection closed without an answer', async () => {
    const url = await publicFlow({ fault: 'empty' });
    const { record } = await test(webhook({ url }));
    expect(record.error?.kind).toBe('connection');
    expect(record.reason).toContain(`${new URL(url).host} closed the connection before a complete response`);
  });

  it('fails naming a malformed body, which no validator can read', async () => {
    const url = await publicFlow({ body: { status: 'ok', note: 'cut in half' }, fault: 'malformed' });
    const { code, record } = await test(webhook({ url }));
    expect(code).toBe(1);
    expect(record.response?.status).toBe(200);
    expect(record.response?.headers['content-type']).toContain('application/json');
    expect(record.reason).toBe('the response body is not JSON, so validator $.data.status fails');
  });

  it('fails naming a server error of the flow', async () => {
    const url = await publicFlow({ status: 500, body: '{"message": "the flow crashed"}', headers: { 'content-type': 'application/json' } });
    const { record } = await test(webhook({ url }));
    expect(record.response?.status).toBe(500);
    expect(record.reason).toBe('500 from the flow (it says: "the flow crashed"): the flow failed on its side');
  });
});

describe('secrets', () => {
  it('never shows a bearer token, in the record, its headers or the output', async () => {
    const url = await publicFlow({ body: { status: 'ok', echo: BEARER } });
    const { record, human } = await test(webhook({ url, authentication_config: { bearer: { token: BEARER } } }));
    expect(record.request.headers.authorization).toBe('Bearer [REDACTED]');
    expect(record.response?.body).toBe('{"status":"ok","echo":"[REDACTED]"}');
    expect(record.auth).toEqual({ kind: 'bearer' });
    expect(human).toContain('    authorization: Bearer [REDACTED]');
    const execution = (await mock.executions({ alias: 'answers' })).at(-1);
    expect(execution?.auth).toEqual({ level: 'public', via: 'bearer', valid: true });
  });

  it('keeps every secret out of the records that deliver() returns, whatever the outcome', async () => {
    // A target may echo what it got; the bearer token the webhook sent comes back redacted too.
    const echo = await publicFlow({ body: { status: 'ok', echo: `Bearer ${BEARER}` } });
    const configs = [
      webhook({ url: `${mock.invokeUrl('guarded')}?clientToken=${TOKEN}` }),
      webhook({ url: `${mock.invokeUrl('guarded')}?clientToken=${WRONG}` }),
      webhook({ url: `${mock.url}/api/flo/${TOKEN}` }),
      webhook({ url: `${mock.url}/api/flo/${WRONG}` }),
      webhook({ headers: { 'x-api-client-token': TOKEN } }),
      webhook({ headers: { 'x-api-client-token': WRONG } }),
      webhook({ url: echo, authentication_config: { bearer: { token: BEARER } } }),
    ];
    const records: InvocationRecord[] = [];
    for (const config of configs) {
      const compiled = compileWebhook(parseWebhookConfig(config, { allowLocal: true }), { allowLocal: true });
      records.push(await deliver(compiled, sampleEvent('RequestCreated'), { deliveryId: `dlv_${records.length}` }));
    }
    expect(records.map((record) => record.response?.status)).toEqual([200, 401, 200, 404, 200, 401, 200]);
    const text = JSON.stringify(records);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(records.at(-1)?.response?.body).toBe('{"status":"ok","echo":"[REDACTED]"}');
  });
});
