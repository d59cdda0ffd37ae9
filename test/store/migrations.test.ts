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
    expect(tables).toEqual(['attempts', 'deliveries', 'events', 'flow_pace', 'webhooks']);
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

  it('keeps every attempt of a version 1 database when it moves them into a rowid table', () => {
    migrate(db, MIGRATIONS.slice(0, 1));
    db.exec(`
      INSERT INTO events (id, event_type, payload, received_at) VALUES ('e1', 'RequestCreated', '{}', 1);
      INSERT INTO deliveries (id, event_id, webhook_id, webhook_name, trigger, status, created_at, updated_at, version)
        VALUES ('d1', 'e1', 'w1', 'Okta', 'RequestCreated', 'delivered', 1, 3, 3);
      INSERT INTO attempts (delivery_seq, number, started_at, duration_ms, outcome, http_status, reason, next_attempt_at, record)
        VALUES (1, 2, 20, 4.5, 'delivered', 200, 'delivered', NULL, '{"n":2}'), (1, 1, 10, 3.5, 'pending', 503, 'HTTP 503', 15, '{"n":1}');
    `);
    expect(migrate(db, MIGRATIONS.slice(0, 2))).toEqual({ from: 1, to: 2 });
    expect(db.prepare('SELECT * FROM attempts ORDER BY delivery_seq, number').all()).toEqual([
      { delivery_seq: 1, number: 1, started_at: 10, duration_ms: 3.5, outcome: 'pending', http_status: 503, reason: 'HTTP 503', next_attempt_at: 15, record: '{"n":1}' },
      { delivery_seq: 1, number: 2, started_at: 20, duration_ms: 4.5, outcome: 'delivered', http_status: 200, reason: 'delivered', next_attempt_at: null, record: '{"n":2}' },
    ]);
    expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'attempts'`).pluck().get()).not.toMatch(/WITHOUT ROWID/);
    expect(() =>
      db.exec(`INSERT INTO attempts (delivery_seq, number, started_at, duration_ms, outcome, reason, record) VALUES (1, 2, 30, 1, 'failed', 'x', '{}')`),
    ).toThrow('UNIQUE constraint failed: attempts.delivery_seq, attempts.number');
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
