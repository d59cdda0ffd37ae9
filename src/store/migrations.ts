/**
 * The SQLite schema as numbered migrations. A database records the last one applied in
 * `PRAGMA user_version`; opening it applies the newer ones, each in its own transaction. Append a
 * migration to change the schema; never edit one that has shipped.
 */
import type Database from 'better-sqlite3';
import { FlowhookError } from '../errors.js';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'webhooks, events, deliveries and attempts',
    sql: `
      CREATE TABLE webhooks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        config TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX webhooks_name ON webhooks (lower(name));

      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event_type TEXT NOT NULL,
        payload TEXT NOT NULL,
        received_at INTEGER NOT NULL
      );

      -- webhook_id has no foreign key: a delivery outlives a deleted webhook, as history.
      CREATE TABLE deliveries (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL REFERENCES events (id),
        webhook_id TEXT NOT NULL,
        webhook_name TEXT NOT NULL,
        trigger TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'in_flight', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        cycle_start INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        leased_until INTEGER,
        last_reason TEXT,
        last_http_status INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        completed_at INTEGER,
        version INTEGER NOT NULL
      );
      CREATE INDEX deliveries_due ON deliveries (webhook_id, next_attempt_at) WHERE status = 'pending';
      CREATE INDEX deliveries_leased ON deliveries (leased_until) WHERE status = 'in_flight';
      CREATE INDEX deliveries_webhook ON deliveries (webhook_id, seq);
      CREATE INDEX deliveries_event ON deliveries (event_id);
      CREATE INDEX deliveries_version ON deliveries (version);

      CREATE TABLE attempts (
        delivery_seq INTEGER NOT NULL REFERENCES deliveries (seq),
        number INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        duration_ms REAL NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'pending', 'failed')),
        http_status INTEGER,
        reason TEXT NOT NULL,
        next_attempt_at INTEGER,
        record TEXT NOT NULL,
        PRIMARY KEY (delivery_seq, number)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'attempts in a rowid table',
    // A record of about 1 KiB does not fit in a row of a WITHOUT ROWID table, so each attempt took an
    // overflow page of its own; in a rowid table the records fill pages one after another, and a delivery
    // writes about 30 % fewer bytes to the WAL.
    sql: `
      CREATE TABLE attempts_by_rowid (
        delivery_seq INTEGER NOT NULL REFERENCES deliveries (seq),
        number INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        duration_ms REAL NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'pending', 'failed')),
        http_status INTEGER,
        reason TEXT NOT NULL,
        next_attempt_at INTEGER,
        record TEXT NOT NULL
      );
      INSERT INTO attempts_by_rowid SELECT * FROM attempts;
      DROP TABLE attempts;
      ALTER TABLE attempts_by_rowid RENAME TO attempts;
      CREATE UNIQUE INDEX attempts_delivery ON attempts (delivery_seq, number);
    `,
  },
  {
    version: 3,
    description: 'webhook configs sealed at rest',
    // A config written before this migration stays in clear (key_id NULL) until the store seals it
    // under its key, at the first open that has one.
    sql: `
      CREATE TABLE webhooks_sealed (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        -- The config's JSON sealed by the key key_id names (secret-box.ts), with the id as associated data.
        config BLOB NOT NULL,
        key_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      INSERT INTO webhooks_sealed (id, name, config, key_id, created_at, updated_at)
        SELECT id, name, config, NULL, created_at, updated_at FROM webhooks;
      DROP TABLE webhooks;
      ALTER TABLE webhooks_sealed RENAME TO webhooks;
      CREATE UNIQUE INDEX webhooks_name ON webhooks (lower(name));
    `,
  },
  {
    version: 4,
    description: 'leases with an owner and a token, and each flow\'s pace',
    sql: `
      ALTER TABLE deliveries ADD COLUMN lease_owner TEXT;
      ALTER TABLE deliveries ADD COLUMN lease_token TEXT;
      CREATE INDEX deliveries_in_flight ON deliveries (webhook_id) WHERE status = 'in_flight';
      -- flow_id is a digest of the flow's URL, whose path may hold a client token.
      CREATE TABLE flow_pace (
        flow_id TEXT PRIMARY KEY,
        next_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
];

/** Applies the migrations newer than the database's version; returns the versions before and after. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const from = db.prepare<[], number>('PRAGMA user_version').pluck().get() ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new FlowhookError(
      'FLOWHOOK_DATABASE_UNUSABLE',
      `database "${db.name}" has schema version ${from}, newer than the ${latest} this flowhook knows`,
      { hint: 'Run the flowhook version that wrote this database, or pass --db with another file.' },
    );
  }
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return { from, to: Math.max(from, latest) };
}
