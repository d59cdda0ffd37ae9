import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';
import { sendCommand } from '../../src/cli/send-command.js';
import { compileTemplate } from '../../src/core/render.js';
import { sampleEvent } from '../../src/core/samples.js';
import type { InvocationRecord, WebhookConfig } from '../../src/types.js';
import { capturedIO } from './captured-io.js';
import { junitSchemaErrors, readJunit } from './junit-report.js';
import { tempFiles, type WebhookConfigFile } from './temp-files.js';

const TOKEN = 'ct-send-SECRET-9d41';
const TEMPLATE = '{"type": "{{event_type}}", "request": "{{data.friendly_id}}", "why": "{{data.justification}}"}';

let mock: RunningMockOkta;
let files: ReturnType<typeof tempFiles>;

beforeAll(async () => {
  mock = await startMockOkta({
    flows: [{ alias: 'access', security: 'clientToken', clientToken: TOKEN, rateLimitPerSecond: 0, responses: [{ body: { status: 'ok' } }] }],
  });
});
afterAll(() => mock.close());
beforeEach(async () => {
  files = tempFiles();
  await mock.clearExecutions();
});
afterEach(() => files.remove());

function config(changes: Partial<WebhookConfig> = {}): WebhookConfigFile {
  return {
    name: 'access requests',
    url: mock.invokeUrl('access'),
    headers: { 'x-api-client-token': TOKEN },
    triggers: ['RequestCreated', 'RequestApproved'],
    body_template: TEMPLATE,
    timeout_in_sec: 5,
    response_validators: [{ json_path: '$.data.status', expected_values: ['ok'] }],
    ...changes,
  };
}

const TARGET = () =>
  `target: not an Okta Workflows URL (${new URL(mock.url).host} is not <org>.workflows.okta.com), with Okta's invoke path for the flow alias "access": ` +
  'the client token is in the "x-api-client-token" header.';

describe('sendCommand', () => {
  it("delivers the trigger's sample event and exits 0", async () => {
    const io = capturedIO();
    const code = await sendCommand({ webhook: files.write('hook.json', config()), trigger: 'RequestCreated', allowLocal: true }, io);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    expect(io.stdout[0]).toBe(TARGET());
    expect(io.stdout[1]).toBe(`Delivered  RequestCreated → POST ${mock.invokeUrl('access')}`);
    expect(io.stdout[2]).toMatch(/^ {2}200 OK in \d+ ms · validators 1\/1 passed$/);
    expect(io.stdout).toHaveLength(3);
    const [execution] = await mock.executions({ alias: 'access' });
    expect(execution?.body).toEqual(JSON.parse(compileTemplate(TEMPLATE).render(sampleEvent('RequestCreated'))));
    expect(execution?.body).toEqual({
      type: 'RequestCreated',
      request: 'AR-4821',
      why: 'Investigating "stuck" payouts in INC-4821; need to read the payments and ledger tables',
    });
  });

  it('delivers the event of a file, normalising an AccessRequest… event type', async () => {
    const event = { ...sampleEvent('RequestApproved'), event_type: 'AccessRequestApproved' };
    event.data.friendly_id = 'AR-9000';
    const io = capturedIO();
    const code = await sendCommand(
      { webhook: files.write('hook.json', config()), trigger: 'RequestApproved', event: files.write('event.json', event), allowLocal: true },
      io,
    );
    expect(code).toBe(0);
    const [execution] = await mock.executions({ alias: 'access' });
    expect(execution?.body).toMatchObject({ type: 'RequestApproved', request: 'AR-9000' });
  });

  it('refuses an event file whose type is not the trigger given, and exits 2', async () => {
    const file = files.write('event.json', sampleEvent('RequestGranted'));
    const io = capturedIO();
    const code = await sendCommand({ webhook: files.write('hook.json', config()), trigger: 'RequestCreated', event: file, allowLocal: true }, io);
    expect(code).toBe(2);
    expect(io.stderr).toEqual([
      `error: the event in "${file}" is a RequestGranted event, but --trigger says RequestCreated`,
      '  $.event_type is "RequestGranted", not "RequestCreated"',
      'hint: pass --trigger RequestGranted, or change "event_type" in the file',
    ]);
    expect(await mock.executions()).toEqual([]);
  });

  it('refuses an event that breaks the payload schema, naming each field, and exits 2', async () => {
    const { requester: _requester, ...data } = sampleEvent('RequestCreated').data;
    const file = files.write('event.json', { event_type: 'RequestCreated', event_time: 'yesterday', data });
    const io = capturedIO();
    const code = await sendCommand({ webhook: files.write('hook.json', config()), trigger: 'RequestCreated', event: file, allowLocal: true }, io);
    expect(code).toBe(2);
    expect(io.stderr).toEqual([
      'error: access-request event has 2 problems',
      '  $.event_time must be number',
      '  $.data.requester is required',
      'hint: Fix the field at each JSON path listed in details; the payload schema is AccessRequestEvent in openapi/flowhook.yaml.',
    ]);
  });

  it('exits 3 and says why when the webhook would not send the event', async () => {
    const cases: [Partial<WebhookConfig>, string][] = [
      [{ active: false }, 'webhook is inactive'],
      [{ triggers: ['RequestApproved'] }, 'trigger "RequestCreated" is not among the webhook\'s triggers: [RequestApproved]'],
      [{ filters: { integration_types: ['mysql'] } }, 'filter "integration_types" [mysql] matched none of the event\'s integration_types: [postgresql]'],
    ];
    for (const [changes, reason] of cases) {
      const io = capturedIO();
      const code = await sendCommand({ webhook: files.write('hook.json', config(changes)), trigger: 'RequestCreated', allowLocal: true }, io);
      expect(code).toBe(3);
      expect(io.stderr).toEqual([
        `not sent: webhook "access requests" does not send this RequestCreated event: ${reason}`,
        'hint: change "active", "triggers" or "filters" in the config, or use flowhook test to send a sample anyway',
      ]);
    }
    expect(await mock.executions()).toEqual([]);
  });

  it('prints one JSON document for a skip with --json, says why on stderr too, and exits 3', async () => {
    const io = capturedIO();
    const code = await sendCommand({ webhook: files.write('hook.json', config({ active: false })), trigger: 'RequestCreated', allowLocal: true, json: true }, io);
    expect(code).toBe(3);
    expect(JSON.parse(io.stdout.join('\n')) as unknown).toEqual({
      sent: false,
      verdict: 'skipped',
      webhook: 'access requests',
      trigger: 'RequestCreated',
      reason: 'webhook is inactive',
    });
    expect(io.stderr[0]).toBe('not sent: webhook "access requests" does not send this RequestCreated event: webhook is inactive');
    expect(await mock.executions()).toEqual([]);
  });

  it('reports a skip as a skipped JUnit test case in --output, and as a summary line', async () => {
    const output = join(files.dir, 'send.xml');
    const io = capturedIO();
    const code = await sendCommand({ webhook: files.write('hook.json', config()), trigger: 'RequestGranted', allowLocal: true, reporter: 'junit', output }, io);
    expect(code).toBe(3);
    expect(io.stdout).toEqual([
      "skipped     RequestGranted   not sent: trigger \"RequestGranted\" is not among the webhook's triggers: [RequestCreated, RequestApproved]",
      'send "access requests": 0 successful, 0 failed, 1 skipped of 1 trigger in 0 ms',
    ]);
    const xml = readFileSync(output, 'utf8');
    expect(await junitSchemaErrors([xml])).toEqual([]);
    const report = readJunit(xml);
    expect(report).toMatchObject({ name: 'flowhook send', tests: 1, failures: 0, skipped: 1 });
    expect(report.suites[0]?.cases).toEqual([
      { classname: 'access requests', name: 'RequestGranted', time: 0, skipped: { message: "trigger \"RequestGranted\" is not among the webhook's triggers: [RequestCreated, RequestApproved]", type: undefined, text: '' } },
    ]);
  });

  it('writes the JUnit report of a failed delivery to --output without the client token', async () => {
    const output = join(files.dir, 'send.xml');
    const io = capturedIO();
    const wrong = 'ct-wrong-SECRET-1111';
    const code = await sendCommand(
      { webhook: files.write('hook.json', config({ headers: { 'x-api-client-token': wrong } })), trigger: 'RequestCreated', allowLocal: true, reporter: 'junit', output },
      io,
    );
    expect(code).toBe(1);
    const xml = readFileSync(output, 'utf8');
    expect(xml).not.toContain(wrong);
    expect(await junitSchemaErrors([xml])).toEqual([]);
    const [testcase] = readJunit(xml).suites[0]?.cases ?? [];
    expect(testcase?.failure).toMatchObject({
      type: 'status',
      message:
        '401 from the flow (it says: "Invalid token provided"): ' +
        "the client token (in the x-api-client-token header) was refused; copy it again from the flow's API Endpoint settings",
    });
    expect(testcase?.systemOut).toContain('    x-api-client-token: [REDACTED]');
  });

  it('exits 1 with the reason when the flow refuses the client token', async () => {
    const io = capturedIO();
    const code = await sendCommand(
      { webhook: files.write('hook.json', config({ headers: { 'x-api-client-token': 'ct-wrong-SECRET-0000' } })), trigger: 'RequestCreated', allowLocal: true },
      io,
    );
    expect(code).toBe(1);
    expect(io.stdout[1]).toBe(`Delivery failed  RequestCreated → POST ${mock.invokeUrl('access')}`);
    expect(io.stdout[2]).toMatch(/^ {2}401 Unauthorized in \d+ ms · validators 0\/1 passed$/);
    expect(io.stdout[3]).toBe(
      '  reason: 401 from the flow (it says: "Invalid token provided"): ' +
        "the client token (in the x-api-client-token header) was refused; copy it again from the flow's API Endpoint settings",
    );
    expect(io.stdout.join('\n')).not.toContain('ct-wrong-SECRET-0000');
  });

  it('exits 2 when the template does not render JSON for the event', async () => {
    const io = capturedIO();
    const code = await sendCommand(
      { webhook: files.write('hook.json', config({ body_template: '{"revoked": {{data.revocation_date}} }' })), trigger: 'RequestCreated', allowLocal: true },
      io,
    );
    expect(code).toBe(2);
    expect(io.stdout[2]).toMatch(/^ {2}not sent \(template\) after \d+ ms$/);
    expect(io.stdout[3]).toBe(
      '  reason: the body template renders invalid JSON at template line 1 ("{\\"revoked\\": {{data.revocation_date}} }"): ' +
        'expected a JSON value (a string in double quotes, a number, true, false, null, an object or an array), near "{\\"revoked\\":  }"; ' +
        'put each {{value}} inside double quotes (it is escaped for a JSON string), and check the commas and braces around that line',
    );
    expect(await mock.executions()).toEqual([]);
  });

  it('refuses a local target without --allow-local, saying how to allow it, and exits 2', async () => {
    const io = capturedIO();
    const code = await sendCommand({ webhook: files.write('hook.json', config()), trigger: 'RequestCreated' }, io);
    expect(code).toBe(2);
    const port = new URL(mock.url).port;
    expect(io.stderr).toEqual([
      'error: webhook config "access requests" has 3 problems',
      '  $.url uses "http", not HTTPS; use https:// (plain http is allowed only for local test targets: pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET)',
      `  $.url has the custom port ${port}; remove it (custom ports are allowed only for local test targets: pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET)`,
      '  $.url points at the local address 127.0.0.1; local targets are refused unless allowed: pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET',
      'hint: Fix the field at each JSON path listed in details, then load the config again.',
    ]);
    expect(await mock.executions()).toEqual([]);
  });

  it('sends the client token of a {"$env"} reference to a network of --allow-net, and never prints it', async () => {
    const file = files.write('hook.json', config({ headers: { 'x-api-client-token': { $env: 'OKTA_CLIENT_TOKEN' } } as unknown as Record<string, string> }));
    const io = capturedIO({ OKTA_CLIENT_TOKEN: TOKEN });
    expect(await sendCommand({ webhook: file, trigger: 'RequestCreated', allowNet: '127.0.0.0/8,::1/128', verbose: true }, io)).toBe(0);
    expect(io.stdout).toContain('    x-api-client-token: [REDACTED]');
    expect(`${io.stdout.join('\n')}${io.stderr.join('\n')}`).not.toContain(TOKEN);
    expect(await mock.executions({ alias: 'access' })).toHaveLength(1);
  });

  it('exits 2 naming a reference that cannot be resolved, before sending anything', async () => {
    const file = files.write('hook.json', config({ headers: { 'x-api-client-token': { $file: 'missing-token.txt' } } as unknown as Record<string, string> }));
    const io = capturedIO();
    expect(await sendCommand({ webhook: file, trigger: 'RequestCreated', allowLocal: true }, io)).toBe(2);
    expect(io.stderr[1]).toBe(`  $.headers["x-api-client-token"] names the file "missing-token.txt" (${files.dir}/missing-token.txt), which cannot be read: no such file`);
    expect(await mock.executions()).toEqual([]);
  });

  it('shows credential parameters of the URL as [REDACTED], and sends them as they are', async () => {
    const file = files.write('hook.json', config({ url: `${mock.invokeUrl('access')}?api_key=k3y-SECRET-5150&page=1` }));
    const io = capturedIO();
    expect(await sendCommand({ webhook: file, trigger: 'RequestCreated', allowLocal: true, verbose: true }, io)).toBe(0);
    expect(io.stdout).toContain(`    POST ${mock.invokeUrl('access')}?api_key=[REDACTED]&page=1`);
    expect(io.stdout.join('\n')).not.toContain('k3y-SECRET-5150');
  });

  it('prints the invocation record with "sent" as JSON with --json, and nothing else', async () => {
    const io = capturedIO({ FLOWHOOK_ALLOW_LOCAL: '1' });
    const code = await sendCommand({ webhook: files.write('hook.json', config()), trigger: 'RequestApproved', json: true }, io);
    expect(code).toBe(0);
    const record = JSON.parse(io.stdout.join('\n')) as InvocationRecord & { sent: boolean };
    expect(record).toMatchObject({
      sent: true,
      webhook: 'access requests',
      trigger: 'RequestApproved',
      request: { method: 'POST', url: mock.invokeUrl('access'), body: compileTemplate(TEMPLATE).render(sampleEvent('RequestApproved')) },
      response: { status: 200, body: '{"status":"ok"}' },
      validators: [{ jsonPath: '$.data.status', expectedValues: ['ok'], actual: 'ok', passed: true }],
      auth: { kind: 'client_token', clientTokenIn: 'header' },
      verdict: 'successful',
    });
    expect(record.request.headers['x-api-client-token']).toBe('[REDACTED]');
    expect(record.deliveryId).toMatch(/^dlv_[0-9a-f]{32}$/);
    const [execution] = await mock.executions({ alias: 'access' });
    expect(execution?.headers['webhook-id']).toBe(record.deliveryId);
  });

  it('shows the request and the response with --verbose', async () => {
    const io = capturedIO();
    const code = await sendCommand({ webhook: files.write('hook.json', config()), trigger: 'RequestCreated', allowLocal: true, verbose: true }, io);
    expect(code).toBe(0);
    expect(io.stdout.slice(3, 5)).toEqual(['  request', `    POST ${mock.invokeUrl('access')}`]);
    expect(io.stdout).toContain('    x-api-client-token: [REDACTED]');
    expect(io.stdout).toContain(`    ${compileTemplate(TEMPLATE).render(sampleEvent('RequestCreated'))}`);
    expect(io.stdout).toContain('    {"status":"ok"}');
    expect(io.stdout).toContain('  auth: client token in the x-api-client-token header');
    expect(io.stdout.join('\n')).not.toContain(TOKEN);
  });
});
