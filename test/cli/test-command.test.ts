import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';
import { testCommand } from '../../src/cli/test-command.js';
import type { InvocationRecord, WebhookConfig } from '../../src/types.js';
import { capturedIO } from './captured-io.js';
import { tempFiles, type WebhookConfigFile } from './temp-files.js';

let mock: RunningMockOkta;
let files: ReturnType<typeof tempFiles>;

beforeAll(async () => {
  mock = await startMockOkta({
    flows: [
      { alias: 'public', security: 'public', rateLimitPerSecond: 0, responses: [{ body: { status: 'ok' } }] },
      // The second answer breaks the validator: the third and later invocations get it too.
      { alias: 'flaky', security: 'public', rateLimitPerSecond: 0, responses: [{ body: { status: 'ok' } }, { body: { status: 'busy' } }] },
    ],
  });
});
afterAll(() => mock.close());
beforeEach(async () => {
  files = tempFiles();
  await mock.reset();
});
afterEach(() => files.remove());

function config(changes: Partial<WebhookConfig> = {}): WebhookConfigFile {
  return {
    name: 'access requests',
    url: mock.invokeUrl('public'),
    triggers: ['RequestCreated', 'RequestGranted', 'RequestExpired'],
    body_template: '{"type": "{{event_type}}"}',
    response_validators: [{ json_path: '$.data.status', expected_values: ['ok'] }],
    ...changes,
  };
}

function verdictLines(lines: readonly string[]): string[] {
  return lines.filter((line) => /^Test (successful|failed) /.test(line));
}

describe('testCommand', () => {
  it('sends the sample of every selected trigger, prints a verdict with invocation data for each, and exits 0', async () => {
    const io = capturedIO();
    const code = await testCommand({ webhook: files.write('hook.json', config()), allowLocal: true }, io);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const url = mock.invokeUrl('public');
    expect(verdictLines(io.stdout)).toEqual([
      `Test successful  RequestCreated → POST ${url}`,
      `Test successful  RequestGranted → POST ${url}`,
      `Test successful  RequestExpired → POST ${url}`,
    ]);
    expect(io.stdout.filter((line) => line === '  request')).toHaveLength(3);
    expect(io.stdout.filter((line) => line === '    passed  $.data.status: found "ok", expected one of [ok]')).toHaveLength(3);
    expect(io.stdout.at(-1)).toBe('3 of 3 tests successful');
    const executions = await mock.executions({ alias: 'public' });
    expect(executions.map((execution) => execution.body)).toEqual([
      { type: 'RequestCreated' },
      { type: 'RequestGranted' },
      { type: 'RequestExpired' },
    ]);
  });

  it('tests one trigger with --trigger, even one the webhook does not select, with a note saying so', async () => {
    const io = capturedIO();
    const code = await testCommand({ webhook: files.write('hook.json', config()), trigger: 'RequestRejected', allowLocal: true }, io);
    expect(code).toBe(0);
    expect(verdictLines(io.stdout)).toEqual([`Test successful  RequestRejected → POST ${mock.invokeUrl('public')}`]);
    expect(io.stdout.at(-1)).toBe(
      '  note: flowhook send would not send this event: trigger "RequestRejected" is not among the webhook\'s triggers: [RequestCreated, RequestGranted, RequestExpired]',
    );
  });

  it('tests an inactive webhook all the same', async () => {
    const io = capturedIO();
    expect(await testCommand({ webhook: files.write('hook.json', config({ active: false })), trigger: 'RequestCreated', allowLocal: true }, io)).toBe(0);
    expect(io.stdout.at(-1)).toBe('  note: flowhook send would not send this event: webhook is inactive');
  });

  it('prints "Test failed" with the reason for a failed validator, and exits 1', async () => {
    const io = capturedIO();
    const code = await testCommand({ webhook: files.write('hook.json', config({ url: mock.invokeUrl('flaky') })), allowLocal: true }, io);
    expect(code).toBe(1);
    const url = mock.invokeUrl('flaky');
    expect(verdictLines(io.stdout)).toEqual([
      `Test successful  RequestCreated → POST ${url}`,
      `Test failed  RequestGranted → POST ${url}`,
      `Test failed  RequestExpired → POST ${url}`,
    ]);
    expect(io.stdout.filter((line) => line.startsWith('  reason: '))).toEqual([
      "  reason: validator $.data.status expected one of [ok], got 'busy'",
      "  reason: validator $.data.status expected one of [ok], got 'busy'",
    ]);
    expect(io.stdout.at(-1)).toBe('1 of 3 tests successful');
  });

  it('prints the invocation records as a JSON array with --json', async () => {
    const io = capturedIO({ FLOWHOOK_ALLOW_LOCAL: '1' });
    const code = await testCommand({ webhook: files.write('hook.json', config()), json: true }, io);
    expect(code).toBe(0);
    const records = JSON.parse(io.stdout.join('\n')) as InvocationRecord[];
    expect(records.map((record) => [record.trigger, record.verdict, record.response?.status])).toEqual([
      ['RequestCreated', 'successful', 200],
      ['RequestGranted', 'successful', 200],
      ['RequestExpired', 'successful', 200],
    ]);
    expect(records.every((record) => /^test_[0-9a-f]{32}$/.test(record.deliveryId))).toBe(true);
  });

  it('tests a committed config whose bearer token comes from a file beside it, with FLOWHOOK_ALLOW_NET', async () => {
    files.write('bearer.txt', 'b3arer-FILE-SECRET-88\n');
    const file = files.write('hook.json', config({ authentication_config: { bearer: { token: { $file: 'bearer.txt' } } } } as unknown as Partial<WebhookConfig>));
    const io = capturedIO({ FLOWHOOK_ALLOW_NET: '127.0.0.1' });
    expect(await testCommand({ webhook: file, trigger: 'RequestCreated' }, io)).toBe(0);
    expect(io.stdout).toContain('    authorization: Bearer [REDACTED]');
    expect(io.stdout.join('\n')).not.toContain('b3arer-FILE-SECRET-88');
  });

  it('exits 2 for a config that cannot be sent, before sending anything', async () => {
    const io = capturedIO();
    const code = await testCommand({ webhook: files.write('hook.json', config({ body_template: '{"type": "{{#each}}x{{/each}}"}' })), allowLocal: true }, io);
    expect(code).toBe(2);
    expect(io.stderr).toEqual([
      'error: the body template does not compile at line 1 ("{\\"type\\": \\"{{#each}}x{{/each}}\\"}"): {{#each}} needs exactly one argument, e.g. {{#each data.approvals}}',
      '  $.body_template line 1: {{#each}} needs exactly one argument, e.g. {{#each data.approvals}}',
      'hint: fix the Handlebars syntax of "body_template"; paths look like {{data.requester.email}} or {{data.access_groups.[0].integration.name}}',
    ]);
    expect(await mock.executions()).toEqual([]);
  });
});
