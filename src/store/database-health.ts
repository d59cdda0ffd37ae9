/**
 * When the database itself fails — the disk is full, an I/O error, a damaged page, a file made
 * read-only — rather than a statement being wrong: the error a caller gets (FLOWHOOK_DATABASE_UNAVAILABLE,
 * with SQLite's own words and what to do) and the health `/healthz` reports until a write succeeds again.
 */
import { dirname } from 'node:path';
import { FlowhookError } from '../errors.js';
import type { DatabaseHealth } from './store.js';

/** The error a caller gets when `err` is a failure of the database itself; undefined for any other error. */
export function databaseUnavailable(err: unknown, file: string): FlowhookError | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  const hint = hintFor(code, file);
  if (hint === undefined) return undefined;
  return new FlowhookError('FLOWHOOK_DATABASE_UNAVAILABLE', `database "${file}" failed: ${(err as Error).message} (${code})`, { hint, cause: err });
}

function hintFor(code: string, file: string): string | undefined {
  if (code === 'SQLITE_FULL') {
    return `Free space on the file system that holds "${dirname(file)}"; writes resume by themselves once one succeeds, and /healthz says so.`;
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return `Check the disk and the file system that hold "${file}" (the kernel log names the device); writes resume by themselves once one succeeds.`;
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB') {
    return `"${file}" is damaged: stop flowhook, restore the database from a backup, and start it again.`;
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return `Make "${file}" and its directory writable by the user flowhook runs as.`;
  }
  if (code === 'SQLITE_NOMEM') return 'Give flowhook more memory.';
  return undefined;
}

/** What the store knows of its database's health: unavailable from a failure until a write succeeds. */
export class HealthTracker {
  #health: DatabaseHealth = { status: 'ok' };

  get current(): DatabaseHealth {
    return this.#health;
  }

  /** `error` is one {@link databaseUnavailable} made; the latest failure is reported, since the first. */
  failed(error: FlowhookError, now: Date): void {
    const since = this.#health.status === 'unavailable' ? this.#health.since : now.toISOString();
    const { code } = error.cause as { code: string };
    this.#health = { status: 'unavailable', databaseCode: code, message: error.message, hint: error.hint ?? '', since };
  }

  wrote(): void {
    if (this.#health.status !== 'ok') this.#health = { status: 'ok' };
  }
}
