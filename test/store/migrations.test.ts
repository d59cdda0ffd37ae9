import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFlowhookError } from '../../src/errors.js';
import { MIGRATIONS, migrate, type Migration } from '../../src/store/migrations.js';

describe('migrate', () => {
  let db: Database.Database;

  beforeEach(() => {
    db = new Database(':memory:');
  });

  afterEach(() => {
    db.close();
  });

  it('creates the schema in a new database and records its version', () => {
    expect(migrate(db)).toEqual({ from: 0, to: MIGRATIONS.length });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(['attempts', 'deliveries', 'events', 'webhooks']);
  });

  it('applies nothing twice', () => {
    migrate(db);
    expect(migrate(db)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
  });

  it('applies only the migrations newer than the database', () => {
    migrate(db);
    const next: Migration = { version: MIGRATIONS.length + 1, description: 'a column', sql: 'ALTER TABLE webhooks ADD COLUMN note TEXT' };
    expect(migrate(db, [...MIGRATIONS, next])).toEqual({ from: MIGRATIONS.length, to: next.version });
    const columns = db.prepare(`SELECT name FROM pragma_table_info('webhooks')`).pluck().all();
    expect(columns).toContain('note');
  });

  it('leaves the database as it was when a migration fails', () => {
    migrate(db);
    const broken: Migration = { version: MIGRATIONS.length + 1, description: 'broken', sql: 'CREATE TABLE notes (x); CREATE TABLE nope (' };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/incomplete input/);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'notes'`).get()).toBeUndefined();
  });

  it('refuses a database written by a newer flowhook', () => {
    db.pragma('user_version = 99');
    try {
      migrate(db);
      expect.unreachable();
    } catch (err) {
      expect(isFlowhookError(err) && err.toJSON()).toEqual({
        code: 'FLOWHOOK_DATABASE_UNUSABLE',
        message: `database ":memory:" has schema version 99, newer than the ${MIGRATIONS.length} this flowhook knows`,
        hint: 'Run the flowhook version that wrote this database, or pass --db with another file.',
      });
    }
  });
});
