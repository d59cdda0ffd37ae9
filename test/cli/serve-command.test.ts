import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { FLOWHOOK_ARGS } from './flowhook-command.js';


interface ListeningEntry {
  msg: string;
  url: string;
  ui: string;
  db: string;
}

interface Started {
  listening: ListeningEntry;
  /** Every line written to stdout (the log) and stderr so far. */
  stdout: string[];
  stderr: () => string;
  exited: Promise<number | null>;
  child: ChildProcess;
}

let child: ChildProcess | undefined;
let dir: string | undefined;

afterEach(() => {
  if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Starts `flowhook serve` on a free port and waits until it logs that it listens and has said how to log in. */
async function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const started = spawn(process.execPath, [...FLOWHOOK_ARGS, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  child = started;
  const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
  const stdout: string[] = [];
  let stderr = '';
  const loggedIn = new Promise<void>((resolve) => {
    started.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/\/login\?token=.*\n/.test(stderr)) resolve();
    });
  });
  const listening = await new Promise<ListeningEntry>((resolve, reject) => {
    createInterface({ input: started.stdout }).on('line', (line) => {
      stdout.push(line);
      const entry = JSON.parse(line) as Partial<ListeningEntry>;
      if (entry.msg === 'flowhook serve listening') resolve(entry as ListeningEntry);
    });
    void exited.then((code) => reject(new Error(`flowhook serve exited with ${code} before listening: ${stderr}`)));
  });
  await loggedIn;
  return { listening, stdout, stderr: () => stderr, exited, child: started };
}

describe('flowhook serve', () => {
  it('logs the address of the web UI when it starts listening, and serves the UI there', { timeout: 60_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-serve-cli-'));
    const db = join(dir, 'flowhook.db');
    const { listening, exited, child: started } = await serve(['--db', db]);

    expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(listening.ui).toBe(`${listening.url}/`);
    expect(listening.db).toBe(db);
    const page = await fetch(listening.ui);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>flowhook</title>');

    started.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('generates an API token on first start, prints the login URL on stderr only, and keeps the token for the next start', { timeout: 60_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-serve-cli-'));
    const db = join(dir, 'flowhook.db');
    const first = await serve(['--db', db]);
    const token = readFileSync(`${db}.api-token`, 'utf8').trim();
    expect(statSync(`${db}.api-token`).mode & 0o777).toBe(0o600);
    expect(first.stderr()).toBe(
      'Open the web UI, logged in:\n' +
        `    ${first.listening.url}/login?token=${token}\n` +
        `The API token is kept in ${db}.api-token; scripts send it as "Authorization: Bearer <token>".\n`,
    );
    expect(first.stdout.join('\n')).not.toContain(token);
    expect((await fetch(`${first.listening.url}/api/webhooks`)).status).toBe(401);
    expect((await fetch(`${first.listening.url}/api/webhooks`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const login = await fetch(`${first.listening.url}/login?token=${token}`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await serve(['--db', db]);
    expect(second.stderr()).toContain(`/login?token=${token}\n`);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('takes tokens from FLOWHOOK_API_TOKENS and --api-token-file, and then prints none', { timeout: 60_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-serve-cli-'));
    const tokenFile = join(dir, 'tokens');
    writeFileSync(tokenFile, 'file-token-0123456789abcdef\n');
    const { listening, stderr, stdout, exited, child: started } = await serve(['--db', join(dir, 'flowhook.db'), '--api-token-file', tokenFile, '--allowed-host', 'flowhook.example.com'], {
      FLOWHOOK_API_TOKENS: 'env-token-0123456789abcdef',
    });
    expect(stderr()).toBe(`Open the web UI with one of your API tokens: ${listening.url}/login?token=<token from FLOWHOOK_API_TOKENS or --api-token-file>\n`);
    expect(stdout.join('\n')).not.toMatch(/env-token|file-token/);
    for (const token of ['env-token-0123456789abcdef', 'file-token-0123456789abcdef']) {
      expect((await fetch(`${listening.url}/api/webhooks`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
    const port = new URL(listening.url).port;
    expect(await healthWithHost(port, 'flowhook.example.com')).toBe(200);
    expect(await healthWithHost(port, 'attacker.example')).toBe(421);
    started.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

/** GET /healthz on 127.0.0.1 with the Host header `host`. */
function healthWithHost(port: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    get({ hostname: '127.0.0.1', port, path: '/healthz', headers: { host }, setHost: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
}

describe('flowhook serve on a PostgreSQL database', () => {
  /** Runs serve to its end; these refusals come before it connects to the database. */
  function refused(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('FLOWHOOK_')));
    const run = spawnSync(process.execPath, [...FLOWHOOK_ARGS, 'serve', '--port', '0', ...args], { env: { ...clean, ...env }, encoding: 'utf8', timeout: 60_000 });
    return { status: run.status, stderr: run.stderr };
  }

  const url = 'postgres://flowhook:s3cret-password@127.0.0.1:1/flowhook';

  it('needs the API tokens given: it generates none for workers that answer at one address', () => {
    const { status, stderr } = refused([], { FLOWHOOK_DATABASE_URL: url, FLOWHOOK_SECRET_KEY: Buffer.alloc(32, 3).toString('base64') });
    expect(status).toBe(2);
    expect(stderr).toMatch(/^error: workers on a PostgreSQL database need their API tokens given/m);
    expect(stderr).toMatch(/^hint: Set FLOWHOOK_API_TOKENS or pass --api-token-file/m);
    expect(stderr).not.toContain('s3cret-password');
  });

  it('refuses --rotate-secret-key, which works on an SQLite file only', () => {
    const { status, stderr } = refused(['--db', url, '--rotate-secret-key'], { FLOWHOOK_API_TOKENS: 'serve-command-api-token-0123456789' });
    expect(status).toBe(2);
    expect(stderr).toMatch(/^error: --rotate-secret-key works on an SQLite file, not yet on a PostgreSQL database/m);
    expect(stderr).not.toContain('s3cret-password');
  });
});
