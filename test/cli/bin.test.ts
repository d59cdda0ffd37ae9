import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';
import { SAMPLE_EVENTS } from '../../src/core/samples.js';
import { junitSchemaErrors, readJunit } from './junit-report.js';

import { tempFiles, type WebhookConfigFile } from './temp-files.js';
import { FLOWHOOK_ARGS } from './flowhook-command.js';

const TOKEN = 'ct-bin-SECRET-51a7';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the installed `flowhook` entry point as a child process. */
function flowhook(...args: string[]): Promise<Run> {
  const env = { ...process.env };
  delete env.FLOWHOOK_ALLOW_LOCAL;
  return new Promise((resolve) => {
    execFile(process.execPath, [...FLOWHOOK_ARGS, ...args], { env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

let mock: RunningMockOkta;
let files: ReturnType<typeof tempFiles>;

beforeAll(async () => {
  mock = await startMockOkta({ flows: [{ alias: 'access', security: 'clientToken', clientToken: TOKEN, rateLimitPerSecond: 0 }] });
});
afterAll(() => mock.close());
beforeEach(() => {
  files = tempFiles();
});
afterEach(() => files.remove());

function webhook(token: string): string {
  const config: WebhookConfigFile = { name: 'access requests', url: `${mock.invokeUrl('access')}?clientToken=${token}`, triggers: ['RequestCreated'] };
  return files.write('hook.json', config);
}

describe('flowhook (the bin)', () => {
  it('sends with --allow-local, exits 0 and ends on its own', async () => {
    const run = await flowhook('send', '--webhook', webhook(TOKEN), '--trigger', 'RequestCreated', '--allow-local');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Delivered  RequestCreated → POST ${mock.invokeUrl('access')}?clientToken=[REDACTED]\n  200 OK in `);
    expect(run.stdout).not.toContain(TOKEN);
    expect(await mock.executions({ alias: 'access', status: 200 })).toHaveLength(1);
  });

  it('exits 1 when a test fails', async () => {
    const run = await flowhook('test', '--webhook', webhook('ct-bin-WRONG-0000'), '--allow-local');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Test failed  RequestCreated → POST ${mock.invokeUrl('access')}?clientToken=[REDACTED]\n  401 Unauthorized in `);
    expect(run.stdout).not.toContain('ct-bin-WRONG-0000');
  });

  it('prints a sample event that send takes as --event', async () => {
    const sample = await flowhook('sample', '--trigger', 'RequestCreated');
    expect(sample.code).toBe(0);
    expect(JSON.parse(sample.stdout) as unknown).toEqual(SAMPLE_EVENTS.RequestCreated);
    const event = files.write('event.json', sample.stdout);
    const run = await flowhook('send', '--webhook', webhook(TOKEN), '--trigger', 'RequestCreated', '--event', event, '--allow-local', '--reporter', 'summary');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^successful {2}RequestCreated {3}200 OK in \d+ ms\nsend "access requests": 1 successful, 0 failed, 0 skipped of 1 trigger in \d+ ms\n$/);
  });

  it('writes a JUnit report with --reporter junit --output, and prints the summary', async () => {
    const output = join(files.dir, 'report.xml');
    const run = await flowhook('test', '--webhook', webhook('ct-bin-WRONG-0000'), '--allow-local', '--reporter', 'junit', '--output', output);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toMatch(/^failed {6}RequestCreated {3}401 Unauthorized in \d+ ms: 401 from the flow/);
    const xml = readFileSync(output, 'utf8');
    expect(xml).not.toContain('ct-bin-WRONG-0000');
    expect(await junitSchemaErrors([xml])).toEqual([]);
    expect(readJunit(xml)).toMatchObject({ tests: 1, failures: 1 });
  });

  it('exits 2 for a usage error, such as an unknown trigger', async () => {
    const run = await flowhook('send', '--webhook', webhook(TOKEN), '--trigger', 'RequestDenied');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "error: option '--trigger <trigger>' argument 'RequestDenied' is invalid. Allowed choices are RequestCreated, RequestApproved, RequestRejected, RequestGranted, RequestExpired, RequestFailed.\n",
    );
  });
});
