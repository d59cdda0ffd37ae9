/**
 * One engine per database file. The lock is SQLite's own: with `locking_mode = EXCLUSIVE` and a write
 * transaction at open, the connection holds the exclusive lock on the file until it closes. That is a
 * POSIX advisory lock, which the kernel drops when the process ends however it ends (SIGKILL included),
 * so no stale lock is left to detect; a lock file holding a pid would need that detection, and could
 * mistake a reused pid for the holder. SQLite refuses a second connection within the same process too.
 * In this mode the WAL index lives in the process's memory instead of a -shm file, so no other process
 * reads the database while the engine has it.
 *
 * Beside the database, `<db>.lock` records who holds it (pid, host, start time) for the message a
 * second engine gets; it is information, not the lock.
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { FlowhookError } from '../errors.js';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO 8601. */
  startedAt: string;
}

export interface DatabaseLock {
  /** Removes the holder's record; closing the connection releases the lock itself. */
  release(): void;
}

/** Takes the exclusive lock on the database before anything reads it; throws FLOWHOOK_DATABASE_LOCKED when another connection has it. */
export function lockDatabase(db: Database.Database, file: string): DatabaseLock {
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw lockedError(file, readHolder(holderFile(file)), err);
    throw err;
  }
  if (file === ':memory:' || file === '') return { release() {} };
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  writeFileSync(holderFile(file), `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  // The mode above applies only to a new file; one a killed engine left may be older and looser.
  chmodSync(holderFile(file), 0o600);
  return {
    release() {
      if (readHolder(holderFile(file))?.pid === holder.pid) rmSync(holderFile(file), { force: true });
    },
  };
}

export function holderFile(databaseFile: string): string {
  return `${databaseFile}.lock`;
}

/** The holder as its record says; undefined when there is none, it cannot be read, or it names a process of this host that has ended. */
function readHolder(path: string): LockHolder | undefined {
  let holder: Partial<LockHolder>;
  try {
    holder = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
  } catch {
    return undefined;
  }
  if (typeof holder.pid !== 'number' || typeof holder.host !== 'string' || typeof holder.startedAt !== 'string') return undefined;
  if (holder.host === hostname() && !isAlive(holder.pid)) return undefined;
  return { pid: holder.pid, host: holder.host, startedAt: holder.startedAt };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(file: string, holder: LockHolder | undefined, cause: unknown): FlowhookError {
  const by = holder ? `flowhook (pid ${holder.pid} on host "${holder.host}", started ${holder.startedAt})` : 'another process';
  return new FlowhookError('FLOWHOOK_DATABASE_LOCKED', `database "${file}" is in use by ${by}`, {
    hint: 'One engine runs per database: stop the one that has it, or pass --db with another file.',
    cause,
  });
}
