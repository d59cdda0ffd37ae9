import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';
import type { TriggerResult } from '../../src/cli/reporters.js';
import { testCommand, type TestCommandOptions } from '../../src/cli/test-command.js';
import type { WebhookConfig } from '../../src/types.js';
import { capturedIO } from './captured-io.js';
import { junitSchemaErrors, readJunit } from './junit-report.js';
import { tempFiles, type WebhookConfigFile } from './temp-files.js';

const API_KEY = 'k3y-TEST-SECRET-7731';

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

  it('prints one JSON document with --json: the webhook, the target, each trigger\'s result with its record, and the total', async () => {
    const io = capturedIO({ FLOWHOOK_ALLOW_LOCAL: '1' });
    const code = await testCommand({ webhook: files.write('hook.json', config()), json: true }, io);
    expect(code).toBe(0);
    const document = JSON.parse(io.stdout.join('\n')) as { webhook: string; target: string; results: TriggerResult[]; total: unknown };
    expect(document.webhook).toBe('access requests');
    expect(document.target).toMatch(/^not an Okta Workflows URL \(127\.0\.0\.1:\d+ is not <org>\.workflows\.okta\.com\)/);
    expect(document.results.map(({ trigger, verdict, sent, record }) => [trigger, verdict, sent, record?.response?.status])).toEqual([
      ['RequestCreated', 'successful', true, 200],
      ['RequestGranted', 'successful', true, 200],
      ['RequestExpired', 'successful', true, 200],
    ]);
    expect(document.results.every((result) => /^test_[0-9a-f]{32}$/.test(result.record?.deliveryId ?? ''))).toBe(true);
    expect(document.total).toMatchObject({ tests: 3, successful: 3, failed: 0, skipped: 0 });
  });

  it('says in the JSON document why send would skip a tested trigger', async () => {
    const io = capturedIO();
    expect(await testCommand({ webhook: files.write('hook.json', config({ active: false })), trigger: 'RequestCreated', allowLocal: true, reporter: 'json' }, io)).toBe(0);
    const { results } = JSON.parse(io.stdout.join('\n')) as { results: TriggerResult[] };
    expect(results[0]).toMatchObject({ trigger: 'RequestCreated', verdict: 'successful', sent: true, sendWouldSkip: 'webhook is inactive' });
  });

  it('prints a line per trigger and a total line with --reporter summary', async () => {
    const io = capturedIO();
    const code = await testCommand({ webhook: files.write('hook.json', config({ url: mock.invokeUrl('flaky') })), allowLocal: true, reporter: 'summary' }, io);
    expect(code).toBe(1);
    expect(io.stderr).toEqual([]);
    expect(io.stdout).toHaveLength(4);
    expect(io.stdout[0]).toMatch(/^successful {2}RequestCreated {3}200 OK in \d+ ms · validators 1\/1 passed$/);
    expect(io.stdout[1]).toMatch(/^failed {6}RequestGranted {3}200 OK in \d+ ms · validators 0\/1 passed: validator \$\.data\.status expected one of \[ok\], got 'busy'$/);
    expect(io.stdout[2]).toMatch(/^failed {6}RequestExpired {3}200 OK in \d+ ms/);
    expect(io.stdout[3]).toMatch(/^test "access requests": 1 successful, 2 failed, 0 skipped of 3 triggers in \d+ ms$/);
  });

  it('writes a JUnit report that the schema accepts to --output, with no secret, and prints the summary', async () => {
    const url = `${mock.invokeUrl('flaky')}?api_key=${API_KEY}`;
    const output = join(files.dir, 'reports', 'flowhook.xml');
    mkdirSync(dirname(output));
    const io = capturedIO();
    const code = await testCommand({ webhook: files.write('hook.json', config({ url })), allowLocal: true, reporter: 'junit', output }, io);
    expect(code).toBe(1);
    expect(io.stdout.map((line) => line.split(' ')[0])).toEqual(['successful', 'failed', 'failed', 'test']);

    const xml = readFileSync(output, 'utf8');
    expect(xml).not.toContain(API_KEY);
    expect(await junitSchemaErrors([xml])).toEqual([]);
    const report = readJunit(xml);
    expect(report).toMatchObject({ name: 'flowhook test', tests: 3, failures: 2, errors: 0, skipped: 0 });
    const [suite] = report.suites;
    expect(suite?.name).toBe('access requests');
    expect(suite?.cases.map((testcase) => [testcase.classname, testcase.name, testcase.failure?.message])).toEqual([
      ['access requests', 'RequestCreated', undefined],
      ['access requests', 'RequestGranted', "validator $.data.status expected one of [ok], got 'busy'"],
      ['access requests', 'RequestExpired', "validator $.data.status expected one of [ok], got 'busy'"],
    ]);
    expect(suite?.cases[1]?.systemOut).toContain(`    POST ${mock.invokeUrl('flaky')}?api_key=[REDACTED]`);
    expect(suite?.cases[1]?.systemOut).toContain('    {"status":"busy"}');
  });

  it('prints the JUnit report with --reporter junit and no --output', async () => {
    const io = capturedIO();
    expect(await testCommand({ webhook: files.write('hook.json', config()), trigger: 'RequestGranted', allowLocal: true, reporter: 'junit' }, io)).toBe(0);
    const xml = io.stdout.join('\n');
    expect(await junitSchemaErrors([xml])).toEqual([]);
    expect(readJunit(xml).suites[0]?.cases.map((testcase) => [testcase.name, testcase.failure])).toEqual([['RequestGranted', undefined]]);
  });

  it('exits 2 before sending anything when the report options disagree or the --output file cannot be written', async () => {
    const webhook = files.write('hook.json', config());
    const cases: [Partial<TestCommandOptions>, string[]][] = [
      [{ json: true, reporter: 'junit' }, ['error: --json asks for the json reporter, but --reporter asks for junit', 'hint: pass one of them: --json is short for --reporter json']],
      [
        { reporter: 'summary', output: join(files.dir, 'report.txt') },
        ['error: --output writes a json or junit report, but the reporter is summary', 'hint: add --reporter junit or --reporter json, or leave out --output to print the report'],
      ],
      [
        { reporter: 'junit', output: join(files.dir, 'missing', 'report.xml') },
        [`error: --output "${join(files.dir, 'missing', 'report.xml')}" cannot be written: its directory does not exist`, 'hint: name a file in a directory that exists and may be written to'],
      ],
    ];
    for (const [options, stderr] of cases) {
      const io = capturedIO();
      expect(await testCommand({ webhook, allowLocal: true, ...options }, io)).toBe(2);
      expect(io.stderr).toEqual(stderr);
      expect(io.stdout).toEqual([]);
    }
    expect(existsSync(join(files.dir, 'report.txt'))).toBe(false);
    expect(await mock.executions()).toEqual([]);
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
