import { describe, expect, it } from 'vitest';
import { databaseUnavailable, HealthTracker } from '../../src/store/database-health.js';

/** An error as better-sqlite3 raises it. */
function sqliteError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('databaseUnavailable', () => {
  it('turns a failure of the database itself into FLOWHOOK_DATABASE_UNAVAILABLE (503) with SQLite\'s words and what to do', () => {
    const cases = [
      ['SQLITE_FULL', 'database or disk is full', 'Free space on the file system that holds "/var/lib/flowhook"; writes resume by themselves once one succeeds, and /healthz says so.'],
      ['SQLITE_IOERR_WRITE', 'disk I/O error', 'Check the disk and the file system that hold "/var/lib/flowhook/flowhook.db" (the kernel log names the device); writes resume by themselves once one succeeds.'],
      ['SQLITE_IOERR', 'disk I/O error', 'Check the disk and the file system that hold "/var/lib/flowhook/flowhook.db" (the kernel log names the device); writes resume by themselves once one succeeds.'],
      ['SQLITE_CORRUPT', 'database disk image is malformed', '"/var/lib/flowhook/flowhook.db" is damaged: stop flowhook, restore the database from a backup, and start it again.'],
      ['SQLITE_NOTADB', 'file is not a database', '"/var/lib/flowhook/flowhook.db" is damaged: stop flowhook, restore the database from a backup, and start it again.'],
      ['SQLITE_READONLY_DBMOVED', 'attempt to write a readonly database', 'Make "/var/lib/flowhook/flowhook.db" and its directory writable by the user flowhook runs as.'],
      ['SQLITE_NOMEM', 'out of memory', 'Give flowhook more memory.'],
    ] as const;
    for (const [code, message, hint] of cases) {
      const error = databaseUnavailable(sqliteError(code, message), '/var/lib/flowhook/flowhook.db');
      expect(error && { ...error.toJSON(), status: error.status, exitCode: error.exitCode }).toEqual({
        code: 'FLOWHOOK_DATABASE_UNAVAILABLE',
        message: `database "/var/lib/flowhook/flowhook.db" failed: ${message} (${code})`,
        hint,
        status: 503,
        exitCode: 1,
      });
    }
  });

  it('leaves alone what the statement or the caller got wrong', () => {
    for (const err of [sqliteError('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed'), sqliteError('SQLITE_ERROR', 'no such table'), new TypeError('x'), undefined]) {
      expect(databaseUnavailable(err, 'f.db')).toBeUndefined();
    }
  });
});

describe('HealthTracker', () => {
  it('reports the latest failure since the first one, until a write succeeds', () => {
    const health = new HealthTracker();
    expect(health.current).toEqual({ status: 'ok' });
    const full = databaseUnavailable(sqliteError('SQLITE_FULL', 'database or disk is full'), '/d/f.db');
    const io = databaseUnavailable(sqliteError('SQLITE_IOERR_FSYNC', 'disk I/O error'), '/d/f.db');
    if (!full || !io) throw new Error('not a database failure');
    health.failed(full, new Date('2026-12-02T10:00:00Z'));
    health.failed(io, new Date('2026-12-02T10:00:05Z'));
    expect(health.current).toEqual({
      status: 'unavailable',
      databaseCode: 'SQLITE_IOERR_FSYNC',
      message: 'database "/d/f.db" failed: disk I/O error (SQLITE_IOERR_FSYNC)',
      hint: io.hint,
      since: '2026-12-02T10:00:00.000Z',
    });
    health.wrote();
    expect(health.current).toEqual({ status: 'ok' });
    health.failed(full, new Date('2026-12-02T11:00:00Z'));
    expect(health.current).toMatchObject({ databaseCode: 'SQLITE_FULL', since: '2026-12-02T11:00:00.000Z' });
  });
});
