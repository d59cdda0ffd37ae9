import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FLOWHOOK_ARGS } from './flowhook-command.js';

const dir = mkdtempSync(join(tmpdir(), 'flowhook-mock-cli-'));
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const started = spawn(process.execPath, [...FLOWHOOK_ARGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = started;
  let stdout = '';
  let stderr = '';
  started.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => started.on('exit', (code) => resolve(code)));
  return { child: started, stdout: () => stdout, stderr: () => stderr, exited };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 15_000) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('flowhook mock', () => {
  it('serves the flows of --config, prints its URL, flows and web UI address, and stops cleanly on SIGTERM', async () => {
    const config = join(dir, 'flows.json');
    writeFileSync(config, JSON.stringify({ flows: [{ alias: 'abc', security: 'clientToken', clientToken: 'tok' }] }));
    const mock = run(['mock', '--port', '0', '--config', config]);
    await until(() => mock.stdout().includes('\n'), 'the start-up lines');
    await until(() => /web UI/.test(mock.stdout()), 'the web UI address');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(mock.stdout())?.[1];
    expect(mock.stdout()).toBe(
      `mock Okta Workflows listening on ${url} (admin API: ${url}/__admin)\n  abc  clientToken  ${url}/api/flo/abc/invoke\n` +
        `org authorization server: ${url}/oauth2/v1/token (OAuth clients: none yet, POST /__admin/oauth/clients registers one)\n` +
        `web UI (flows and execution history): ${url}/\n`,
    );
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Mock Okta Workflows</title>');
    const response = await fetch(`${url}/api/flo/abc/invoke`, { method: 'POST', headers: { 'x-api-client-token': 'tok' } });
    expect(response.status).toBe(200);
    mock.child.kill('SIGTERM');
    expect(await mock.exited).toBe(0);
    expect(mock.stdout()).toMatch(/stopped \(SIGTERM\)\n$/);
  });

  it('exits with 2 and names the field when the config file is invalid', async () => {
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ flows: [{ alias: 'abc', security: 'tokens' }] }));
    const mock = run(['mock', '--port', '0', '--config', config]);
    expect(await mock.exited).toBe(2);
    expect(mock.stderr()).toBe(
      `error: mock config "${config}" is invalid: "$.flows[0].security" must be one of "public", "clientToken", "oauth2"\n` +
        '  $.flows[0].security must be one of "public", "clientToken", "oauth2"\n' +
        'hint: Fix the fields listed in details; the file looks like { "flows": [ { "alias": "my-flow", "security": "public" } ] }.\n',
    );
  });
});
