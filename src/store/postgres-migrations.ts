/**
 * The PostgreSQL schema as numbered migrations, as migrations.ts keeps SQLite's: a database records
 * those applied in `flowhook_migrations`, and a worker that starts applies the newer ones, each in its
 * own transaction, under an advisory lock so that workers starting together apply each once. Append a
 * migration to change the schema; never edit one that has shipped.
 *
 * Times are epoch milliseconds in `bigint`. A delivery's `version` is the id of the transaction that
 * last changed it (`flowhook_version()`): transactions of several workers commit in any order, so a
 * counter would let a reader of the change feed pass a change that commits later with a smaller
 * number; transaction ids tell a reader which changes may still come (postgres-store.ts).
 */
import type { PoolClient } from 'pg';
import { FlowhookError } from '../errors.js';
import type { Migration } from './migrations.js';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'webhooks, events, deliveries, attempts and flows',
    sql: `
      CREATE FUNCTION flowhook_version() RETURNS bigint LANGUAGE sql VOLATILE
        AS $$ SELECT pg_current_xact_id()::text::bigint $$;

      CREATE TABLE webhooks (
        id text PRIMARY KEY,
        name text NOT NULL,
        -- The config's JSON sealed by the key key_id names (secret-box.ts), with the id as associated data.
        config bytea NOT NULL,
        key_id text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE UNIQUE INDEX webhooks_name ON webhooks (lower(name));

      CREATE TABLE events (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        event_type text NOT NULL,
        payload text NOT NULL,
        received_at bigint NOT NULL
      );

      -- webhook_id has no foreign key: a delivery outlives a deleted webhook, as history.
      CREATE TABLE deliveries (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        event_id text NOT NULL REFERENCES events (id),
        webhook_id text NOT NULL,
        webhook_name text NOT NULL,
        trigger text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'in_flight', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        cycle_start integer NOT NULL DEFAULT 0,
        next_attempt_at bigint,
        leased_until bigint,
        lease_owner text,
        lease_token text,
        last_reason text,
        last_http_status integer,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        completed_at bigint,
        version bigint NOT NULL DEFAULT flowhook_version()
      );
      CREATE INDEX deliveries_due ON deliveries (webhook_id, next_attempt_at) WHERE status = 'pending';
      CREATE INDEX deliveries_leased ON deliveries (leased_until) WHERE status = 'in_flight';
      CREATE INDEX deliveries_in_flight ON deliveries (webhook_id) WHERE status = 'in_flight';
      CREATE INDEX deliveries_webhook ON deliveries (webhook_id, seq);
      CREATE INDEX deliveries_event ON deliveries (event_id);
      CREATE INDEX deliveries_version ON deliveries (version, seq);

      CREATE TABLE attempts (
        delivery_seq bigint NOT NULL REFERENCES deliveries (seq),
        number integer NOT NULL,
        started_at bigint NOT NULL,
        duration_ms double precision NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'pending', 'failed')),
        http_status integer,
        reason text NOT NULL,
        next_attempt_at bigint,
        record text NOT NULL,
        PRIMARY KEY (delivery_seq, number)
      );

      -- One row per flow that workers claim for: locked by each claim, so the flow's cap and pace hold
      -- over every worker. flow_id is a digest of the flow's URL, whose path may hold a client token.
      CREATE TABLE flows (
        flow_id text PRIMARY KEY,
        next_send_at bigint NOT NULL DEFAULT 0
      );
    `,
  },
];

/** Any one number: the workers of every flowhook database take the same lock only while they migrate. */
const MIGRATION_LOCK = 72_449_161;

/** Applies the migrations newer than the database's; returns the versions before and after. */
export async function migratePostgres(
  client: PoolClient,
  database: string,
  migrations: readonly Migration[] = POSTGRES_MIGRATIONS,
): Promise<{ from: number; to: number }> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS flowhook_migrations (
         version integer PRIMARY KEY,
         description text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM flowhook_migrations');
    const from = rows[0]?.version ?? 0;
    const latest = migrations.at(-1)?.version ?? 0;
    if (from > latest) {
      throw new FlowhookError('FLOWHOOK_DATABASE_UNUSABLE', `database ${database} has schema version ${from}, newer than the ${latest} this flowhook knows`, {
        hint: 'Run the flowhook version the other workers run, or point --db at another database.',
      });
    }
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO flowhook_migrations (version, description) VALUES ($1, $2)', [migration.version, migration.description]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    return { from, to: Math.max(from, latest) };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
