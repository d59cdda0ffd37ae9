import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFlowhookError, type FlowhookError } from '../../src/errors.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';

const HOLDER = fileURLToPath(new URL('./fixtures/hold-database.ts', import.meta.url));
const HINT = 'One engine runs per database: stop the one that has it, or pass --db with another file.';

interface Holder {
  child: ChildProcess;
  exited: Promise<unknown>;
}

/** A process that holds the database until it is killed; resolves once it does. */
async function holdInChild(file: string, ...args: string[]): Promise<Holder> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, file, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => line === 'ready' && resolve());
    void exited.then((code) => reject(new Error(`the holder exited with ${String(code)} before it held the database`)));
  });
  return { child, exited };
}

function refusal(file: string): FlowhookError {
  try {
    openSqliteStore(file).close();
  } catch (err) {
    if (isFlowhookError(err)) return err;
    throw err;
  }
  throw new Error('the second store opened');
}

describe('one engine per database', () => {
  let dir: string;
  let file: string;
  const children: ChildProcess[] = [];
  let stores: SqliteStore[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-lock-'));
    file = join(dir, 'flowhook.db');
  });

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const store of stores) await store.close();
    stores = [];
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second store in the same process, naming the holder, until the first closes', async () => {
    const first = openSqliteStore(file);
    stores.push(first);
    const holder = JSON.parse(readFileSync(`${file}.lock`, 'utf8')) as { pid: number; host: string; startedAt: string };
    expect(holder).toEqual({ pid: process.pid, host: hostname(), startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    const error = refusal(file);
    expect(error.toJSON()).toEqual({
      code: 'FLOWHOOK_DATABASE_LOCKED',
      message: `database "${file}" is in use by flowhook (pid ${process.pid} on host "${hostname()}", started ${holder.startedAt})`,
      hint: HINT,
    });
    expect(error.exitCode).toBe(2);

    await first.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
    stores.push(openSqliteStore(file));
  });

  it('refuses a store while another process holds the database, and opens once that process is killed with SIGKILL', async () => {
    const holder = await holdInChild(file);
    children.push(holder.child);
    expect(refusal(file).message).toMatch(new RegExp(`^database ".+" is in use by flowhook \\(pid ${holder.child.pid} on host ".+", started .+\\)$`));

    holder.child.kill('SIGKILL');
    await holder.exited;
    // The dead holder's record is still there; the lock went with the process.
    expect(existsSync(`${file}.lock`)).toBe(true);
    const store = openSqliteStore(file);
    stores.push(store);
    expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('names no process when the holder left no record of itself', async () => {
    const holder = await holdInChild(file, '--sqlite-only');
    children.push(holder.child);
    expect(refusal(file).toJSON()).toEqual({ code: 'FLOWHOOK_DATABASE_LOCKED', message: `database "${file}" is in use by another process`, hint: HINT });
  });
});
