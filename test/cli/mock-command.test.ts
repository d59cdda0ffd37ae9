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

function run(args: string[], env: NodeJS.ProcessEnv = process.env): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const started = spawn(process.execPath, [...FLOWHOOK_ARGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
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

  it('logs one JSON line per invocation, with alias, method, status, time taken and how it was authorised, and never the credential', async () => {
    const config = join(dir, 'logged.json');
    writeFileSync(config, JSON.stringify({ flows: [{ alias: 'abc', security: 'clientToken', clientToken: 'tok-logged-secret' }] }));
    const mock = run(['mock', '--port', '0', '--config', config]);
    await until(() => /web UI/.test(mock.stdout()), 'the start-up lines');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(mock.stdout())?.[1];
    expect((await fetch(`${url}/api/flo/abc/invoke?clientToken=tok-logged-secret`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect((await fetch(`${url}/api/flo/tok-logged-secret`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect((await fetch(`${url}/api/flo/abc/invoke`, { method: 'POST', headers: { 'x-api-client-token': 'wrong' } })).status).toBe(401);
    expect((await fetch(`${url}/api/flo/nope/invoke`, { method: 'GET' })).status).toBe(404);
    mock.child.kill('SIGTERM');
    expect(await mock.exited).toBe(0);
    const entries = mock
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map(({ time: _time, pid: _pid, hostname: _hostname, executionId, durationMs, ...entry }) => {
      expect(executionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(durationMs).toBeTypeOf('number');
      return entry;
    })).toEqual([
      { level: 30, msg: 'invocation', alias: 'abc', method: 'POST', status: 200, auth: 'clientToken/query/ok', outcome: 'answered', path: '/api/flo/abc/invoke' },
      { level: 30, msg: 'invocation', alias: 'abc', method: 'POST', status: 200, auth: 'clientToken/path/ok', outcome: 'answered', path: '/api/flo/[REDACTED]' },
      { level: 30, msg: 'invocation', alias: 'abc', method: 'POST', status: 401, auth: 'clientToken/header/refused', outcome: 'refused', path: '/api/flo/abc/invoke' },
      { level: 30, msg: 'invocation', alias: 'nope', method: 'GET', status: 404, auth: 'none', outcome: 'refused', path: '/api/flo/nope/invoke' },
    ]);
    expect(mock.stdout()).not.toContain('tok-logged-secret');
  });

  it('logs nothing per invocation with --quiet', async () => {
    const mock = run(['mock', '--port', '0', '--quiet']);
    await until(() => /web UI/.test(mock.stdout()), 'the start-up lines');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(mock.stdout())?.[1];
    expect((await fetch(`${url}/api/flo/abc/invoke`, { method: 'POST' })).status).toBe(404);
    mock.child.kill('SIGTERM');
    expect(await mock.exited).toBe(0);
    expect(mock.stdout()).not.toContain('invocation');
    expect(mock.stdout()).toMatch(/web UI \(flows and execution history\): http:\/\/127\.0\.0\.1:\d+\/\nstopped \(SIGTERM\)\n$/);
  });

  it('requires the admin token of FLOWHOOK_MOCK_ADMIN_TOKEN on /__admin, and answers only the names it knows', async () => {
    const token = 'env-admin-token-0123456789';
    const mock = run(['mock', '--port', '0', '--quiet', '--allowed-host', 'mock-okta'], { ...process.env, FLOWHOOK_MOCK_ADMIN_TOKEN: token });
    await until(() => /web UI/.test(mock.stdout()), 'the start-up lines');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(mock.stdout())?.[1];
    expect(mock.stdout()).toContain(`(admin API: ${url}/__admin, with the admin token)`);
    expect(mock.stdout()).not.toContain(token);
    expect((await fetch(`${url}/__admin/flows`)).status).toBe(401);
    expect((await fetch(`${url}/__admin/flows`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    mock.child.kill('SIGTERM');
    expect(await mock.exited).toBe(0);
  });

  it('exits with 2 before listening when --admin-token is too short or --allowed-host allows every name', async () => {
    const short = run(['mock', '--port', '0', '--admin-token', 'short']);
    expect(await short.exited).toBe(2);
    expect(short.stderr()).toBe(
      'error: --admin-token is 5 characters long; the admin token needs at least 16\n' +
        'hint: Use a long random token, e.g. the output of: node -e "console.log(crypto.randomBytes(32).toString(\'base64url\'))"\n',
    );
    const wildcard = run(['mock', '--port', '0', '--allowed-host', '*']);
    expect(await wildcard.exited).toBe(2);
    expect(wildcard.stderr()).toMatch(/^error: --allowed-host: "\*" would allow every name/);
  });
});
