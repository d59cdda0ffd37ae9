/**
 * `flowhook serve` and its database as processes: one engine per database (a second is refused before it
 * touches a row, and one starts again after the first was killed with SIGKILL), and the secret key from
 * the command line and the environment, rotated with `--rotate-secret-key`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/store/secret-box.js';
import { FLOWHOOK_ARGS } from '../cli/flowhook-command.js';

interface Run {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** The JSON log lines so far. */
  log: Array<Record<string, unknown>>;
  stderr(): string;
}

/** `flowhook serve` (node itself, so its pid is the server's) with `args`, on port 0, in `env` over this process's environment without FLOWHOOK_ variables. */
function serve(args: string[], env: Record<string, string> = {}): Run {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('FLOWHOOK_')));
  const child = spawn(process.execPath, [...FLOWHOOK_ARGS, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...clean, ...env } });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const log: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => log.push(JSON.parse(line) as Record<string, unknown>));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return { child, exited, log, stderr: () => stderr };
}

async function listening(run: Run): Promise<string> {
  for (;;) {
    const entry = run.log.find((line) => line.msg === 'flowhook serve listening');
    if (entry) return String(entry.url);
    if (run.child.exitCode !== null) throw new Error(`flowhook serve exited with ${run.child.exitCode}: ${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('flowhook serve and its database', () => {
  let dir: string;
  let db: string;
  const runs: Run[] = [];

  function start(args: string[], env?: Record<string, string>): Run {
    const run = serve(['--db', db, ...args], env);
    runs.push(run);
    return run;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-serve-db-'));
    db = join(dir, 'flowhook.db');
  });

  afterEach(async () => {
    for (const run of runs.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
      await run.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second engine on the same database, naming the first, and starts one after the first was killed', { timeout: 60_000 }, async () => {
    const first = start([]);
    const url = await listening(first);

    const second = start([]);
    expect(await second.exited).toBe(2);
    expect(second.stderr()).toMatch(
      new RegExp(`^error: database ".+flowhook\\.db" is in use by flowhook \\(pid ${first.child.pid} on host ".+", started \\d{4}-.+\\)\\nhint: One engine runs per database`, 'm'),
    );
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    first.child.kill('SIGKILL');
    await first.exited;
    const third = start([]);
    const thirdUrl = await listening(third);
    expect(await (await fetch(`${thirdUrl}/healthz`)).json()).toEqual({ status: 'ok', database: { status: 'ok' } });
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  });

  it('rotates the key of the key file with --rotate-secret-key and exits; refuses while an engine has the database', { timeout: 60_000 }, async () => {
    const running = start(['--secret-key-file', join(dir, 'secret.key')]);
    await listening(running);
    const oldKey = readFileSync(join(dir, 'secret.key'), 'utf8');
    const refused = start(['--secret-key-file', join(dir, 'secret.key'), '--rotate-secret-key']);
    expect(await refused.exited).toBe(2);
    expect(refused.stderr()).toMatch(/^error: database ".+" is in use by flowhook/);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);

    const rotation = start(['--secret-key-file', join(dir, 'secret.key'), '--rotate-secret-key']);
    expect(await rotation.exited).toBe(0);
    const entry = rotation.log.find((line) => line.msg === 'secret key rotated');
    expect(entry).toMatchObject({ db, resealed: 0, fromKeyId: expect.stringMatching(/^[0-9a-f]{16}$/), toKeyId: expect.stringMatching(/^[0-9a-f]{16}$/), keyFile: join(dir, 'secret.key') });
    const newKey = readFileSync(join(dir, 'secret.key'), 'utf8');
    expect(newKey).not.toBe(oldKey);
    expect(JSON.stringify(rotation.log)).not.toContain(newKey.trim());
  });

  it('takes the key from FLOWHOOK_SECRET_KEY and rotates it to FLOWHOOK_NEW_SECRET_KEY; refuses a malformed key or two keys, quoting neither', { timeout: 60_000 }, async () => {
    const oldKey = SecretBox.generate();
    const newKey = SecretBox.generate();
    const first = start([], { FLOWHOOK_SECRET_KEY: oldKey.exportKey() });
    await listening(first);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const rotation = start(['--rotate-secret-key'], { FLOWHOOK_SECRET_KEY: oldKey.exportKey(), FLOWHOOK_NEW_SECRET_KEY: newKey.exportKey() });
    expect(await rotation.exited).toBe(0);
    expect(rotation.log.find((line) => line.msg === 'secret key rotated')).toMatchObject({ fromKeyId: oldKey.keyId, toKeyId: newKey.keyId });

    const both = start(['--secret-key-file', join(dir, 'k')], { FLOWHOOK_SECRET_KEY: newKey.exportKey() });
    expect(await both.exited).toBe(2);
    expect(both.stderr()).toContain('error: a secret key was given both as a value (FLOWHOOK_SECRET_KEY) and as the file');
    const malformed = start([], { FLOWHOOK_SECRET_KEY: 'too-short' });
    expect(await malformed.exited).toBe(2);
    expect(malformed.stderr()).toContain('error: FLOWHOOK_SECRET_KEY does not hold a secret key: expected 32 bytes');
    expect(malformed.stderr()).not.toContain('too-short');
    const withNewKey = start([], { FLOWHOOK_SECRET_KEY: newKey.exportKey() });
    await listening(withNewKey);
    withNewKey.child.kill('SIGTERM');
    expect(await withNewKey.exited).toBe(0);
  });
});
