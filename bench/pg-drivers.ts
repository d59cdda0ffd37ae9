/**
 * Which PostgreSQL driver the durable path should use: node-postgres (`pg`, a Pool) against postgres.js
 * (`postgres`), the same statements with the same parameters, prepared once per connection by both
 * (named statements in pg, `unsafe(..., { prepare: true })` in postgres.js), on one durable server
 * (test/support/postgres-cluster.ts, `durable: true`), in interleaved rounds of one process, each
 * round in the other order, after a warm-up round of each.
 *
 * A round is the engine's durable work for EVENTS deliveries, without the network: CALLERS callers each
 * ingest an event (the sample RequestCreated event, 1.7 KB of JSON) and wait for its commit; waiting
 * ingests share one transaction (at most BATCH), which inserts the events and their deliveries. Beside
 * them one turn loop, each turn one transaction: settle the deliveries it leased last turn (an UPDATE
 * from unnest() that matches their lease token, and their attempts, each with a 1 KiB JSON record),
 * then lease up to BATCH due ones with FOR UPDATE SKIP LOCKED, joined with their event's payload.
 * Printed per driver: deliveries/s, CPU µs per delivery of this process (process.cpuUsage(), all
 * threads) and of the server (all its processes, from /proc), and the server's share of a core.
 *
 *   npm run bench:pg-drivers
 *   EVENTS=4000 ROUNDS=5 node --import tsx bench/pg-drivers.ts
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import postgres from 'postgres';
import { sampleEvent } from '../src/core/samples.js';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import { cpuUs, onCore, pinned, pinSelf, postgresCpuSeconds } from './support.js';

const EVENTS = Number(process.env.EVENTS ?? 4000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
/** Enough callers that ingests wait in batches of BATCH while the previous batch commits. */
const CALLERS = 64;
const BATCH = 32;
const POOL_SIZE = 4;

const PAYLOAD = JSON.stringify(sampleEvent('RequestCreated'));
const RECORD = JSON.stringify({ verdict: 'successful', response: { status: 200, body: '{"ok":true}' }, note: 'x'.repeat(940) });

const SCHEMA = `
  CREATE TABLE events (seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, payload text NOT NULL, created_at bigint NOT NULL);
  CREATE TABLE deliveries (seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, event_id text NOT NULL, webhook_id text NOT NULL,
    status text NOT NULL, attempts int NOT NULL DEFAULT 0, next_attempt_at bigint, lease_owner text, lease_token text,
    leased_until bigint, version bigint NOT NULL DEFAULT 0, created_at bigint NOT NULL, completed_at bigint);
  CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
  CREATE TABLE attempts (delivery_seq bigint NOT NULL, number int NOT NULL, record text NOT NULL, PRIMARY KEY (delivery_seq, number));`;

/** A parameterised statement; its name lets node-postgres prepare it once per connection, as postgres.js does by itself. */
interface Statement {
  name: string;
  text: string;
}

const SQL = {
  events: { name: 'ingest-events', text: 'INSERT INTO events (id, payload, created_at) SELECT id, payload, $3 FROM unnest($1::text[], $2::text[]) AS t(id, payload)' },
  deliveries: {
    name: 'ingest-deliveries',
    text: `INSERT INTO deliveries (id, event_id, webhook_id, status, next_attempt_at, created_at)
           SELECT id, event_id, 'wh_bench', 'pending', $3, $3 FROM unnest($1::text[], $2::text[]) AS t(id, event_id)`,
  },
  settle: {
    name: 'settle',
    text: `UPDATE deliveries d SET status = 'delivered', attempts = s.number, lease_owner = NULL, lease_token = NULL, leased_until = NULL,
             next_attempt_at = NULL, completed_at = $4, version = d.version + 1
           FROM unnest($1::bigint[], $2::text[], $3::int[]) AS s(seq, token, number) WHERE d.seq = s.seq AND d.lease_token = s.token`,
  },
  attempts: { name: 'record-attempts', text: 'INSERT INTO attempts (delivery_seq, number, record) SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[])' },
  claim: {
    name: 'claim',
    text: `WITH claimed AS (
             UPDATE deliveries d SET status = 'in_flight', lease_owner = $1, lease_token = $2, leased_until = $3, version = d.version + 1
             WHERE d.seq IN (SELECT seq FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $4
                             ORDER BY next_attempt_at LIMIT $5 FOR UPDATE SKIP LOCKED)
             RETURNING d.seq, d.event_id, d.attempts, d.lease_token)
           SELECT c.seq, c.attempts, c.lease_token, e.payload FROM claimed c JOIN events e ON e.id = c.event_id`,
  },
} satisfies Record<string, Statement>;

/** A leased delivery as the claim returns it (int8 columns arrive as strings from both drivers). */
interface Leased {
  seq: string;
  attempts: number;
  lease_token: string;
  payload: string;
}

type Query = <R>(statement: Statement, params: unknown[]) => Promise<{ rows: R[]; count: number }>;

/** What the workload needs of a driver: transactions of statements on a pool of POOL_SIZE connections. */
interface Driver {
  name: string;
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
  end(): Promise<void>;
}

function nodePostgres(url: string): Driver {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  return {
    name: 'pg',
    async transaction(work) {
      const client = await pool.connect();
      const query: Query = async (statement, values) => {
        const result = await client.query({ ...statement, values });
        return { rows: result.rows, count: result.rowCount ?? 0 };
      };
      try {
        await client.query('BEGIN');
        const result = await work(query);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    end: () => pool.end(),
  };
}

function postgresJs(url: string): Driver {
  const sql = postgres(url, { max: POOL_SIZE });
  return {
    name: 'postgres.js',
    transaction<T>(work: (query: Query) => Promise<T>): Promise<T> {
      return sql.begin((tx) =>
        work(async <R>(statement: Statement, params: unknown[]) => {
          // The text as node-postgres runs it; prepared, as postgres.js prepares its tagged templates.
          const result = await tx.unsafe(statement.text, params as postgres.ParameterOrJSON<never>[], { prepare: true });
          return { rows: result as unknown as R[], count: result.count };
        }),
      ) as Promise<T>;
    },
    end: () => sql.end(),
  };
}

/** The ingest transaction: the events and their deliveries, due now. */
function ingest(driver: Driver, indexes: number[], now: number): Promise<void> {
  const eventIds = indexes.map((index) => `evt_${index}`);
  return driver.transaction(async (query) => {
    await query(SQL.events, [eventIds, indexes.map(() => PAYLOAD), now]);
    await query(SQL.deliveries, [indexes.map((index) => `dlv_${index}`), eventIds, now]);
  });
}

/** The turn transaction: settle what the last turn leased, with its attempts, then lease up to BATCH more. */
function turn(driver: Driver, settle: Leased[], now: number): Promise<Leased[]> {
  return driver.transaction(async (query) => {
    if (settle.length > 0) {
      const seqs = settle.map((delivery) => delivery.seq);
      const numbers = settle.map((delivery) => delivery.attempts + 1);
      const settled = await query(SQL.settle, [seqs, settle.map((delivery) => delivery.lease_token), numbers, now]);
      if (settled.count !== settle.length) throw new Error(`settled ${settled.count} of ${settle.length}: a lease was lost`);
      await query(SQL.attempts, [seqs, numbers, settle.map(() => RECORD)]);
    }
    return (await query<Leased>(SQL.claim, ['bench', randomUUID(), now + 300_000, now, BATCH])).rows;
  });
}

interface Sample {
  rate: number;
  /** CPU µs per delivery of this process and of the server. */
  cpuUs: number;
  serverUs: number;
  /** The server's CPU as a share of one core. */
  serverShare: number;
  /** Deliveries per ingest transaction and per turn, on average. */
  ingestBatch: number;
  turnBatch: number;
}

/**
 * One round: CALLERS callers ingest EVENTS events while one turn loop settles them. Ingests wait until the
 * one ingest writer is free, which then commits up to BATCH of them in one transaction.
 */
async function round(driver: Driver, postmaster: number): Promise<Sample> {
  const waiting: { index: number; done: (error?: unknown) => void }[] = [];
  let writing = false;
  let commits = 0;
  let turnCount = 0;
  let wakeTurns = () => {};
  const write = async (): Promise<void> => {
    if (writing || waiting.length === 0) return;
    writing = true;
    const batch = waiting.splice(0, BATCH);
    const error = await ingest(driver, batch.map((entry) => entry.index), Date.now()).catch((thrown: unknown) => thrown ?? new Error('ingest failed'));
    for (const entry of batch) entry.done(error);
    commits += 1;
    writing = false;
    wakeTurns();
    void write();
  };
  let next = 0;
  const caller = async () => {
    while (next < EVENTS) {
      const index = next++;
      await new Promise<void>((resolve, reject) => {
        waiting.push({ index, done: (error) => (error ? reject(error) : resolve()) });
        void write();
      });
    }
  };
  const turns = async () => {
    let leased: Leased[] = [];
    for (let settled = 0; settled < EVENTS; ) {
      const commitsBefore = commits;
      const settling = leased;
      leased = await turn(driver, settling, Date.now());
      turnCount += 1;
      settled += settling.length;
      // Nothing to do until the next ingest commits.
      if (settling.length === 0 && leased.length === 0 && commits === commitsBefore) await new Promise<void>((wake) => (wakeTurns = wake));
    }
  };
  const cpuBefore = process.cpuUsage();
  const serverBefore = postgresCpuSeconds(postmaster);
  const started = performance.now();
  await Promise.all([turns(), ...Array.from({ length: CALLERS }, caller)]);
  const seconds = (performance.now() - started) / 1000;
  const serverSeconds = postgresCpuSeconds(postmaster) - serverBefore;
  return {
    rate: EVENTS / seconds,
    cpuUs: cpuUs(cpuBefore) / EVENTS,
    serverUs: (serverSeconds * 1e6) / EVENTS,
    serverShare: serverSeconds / seconds,
    ingestBatch: EVENTS / commits,
    turnBatch: EVENTS / turnCount,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function main(): Promise<void> {
  pinSelf(1);
  const cluster = await startPostgresCluster({ durable: true, launch: (command) => onCore(0, command) });
  const url = await cluster.createDatabase('pg_drivers');
  const admin = new pg.Client({ connectionString: url });
  const drivers = [nodePostgres(url), postgresJs(url)];
  try {
    await admin.connect();
    await admin.query(SCHEMA);
    const server = (await admin.query<{ version: string }>("SELECT current_setting('server_version') AS version")).rows[0]?.version;
    console.log(`PostgreSQL ${server}, durable defaults; ${pinned ? 'server on core 0, this process (all its threads) on core 1' : 'not pinned (fewer than two cores or no taskset)'}.`);
    console.log(`${EVENTS} deliveries per round, ${CALLERS} ingest callers, up to ${BATCH} per transaction, pools of ${POOL_SIZE}; ${ROUNDS} rounds after a warm-up.\n`);
    const samples = new Map<Driver, Sample[]>(drivers.map((driver) => [driver, []]));
    for (let r = 0; r <= ROUNDS; r++) {
      for (const driver of r % 2 ? [...drivers].reverse() : drivers) {
        await admin.query('TRUNCATE events, deliveries, attempts RESTART IDENTITY');
        await admin.query('CHECKPOINT');
        const sample = await round(driver, cluster.pid);
        const { rows } = await admin.query<{ delivered: number; attempts: number }>(
          "SELECT (SELECT count(*) FROM deliveries WHERE status = 'delivered')::int AS delivered, (SELECT count(*) FROM attempts)::int AS attempts",
        );
        if (rows[0]?.delivered !== EVENTS || rows[0].attempts !== EVENTS) throw new Error(`${driver.name} left ${JSON.stringify(rows[0])} of ${EVENTS}`);
        if (r > 0) samples.get(driver)?.push(sample);
        const what = `${r === 0 ? 'warm-up' : `round ${r}`}  ${driver.name.padEnd(11)}`;
        console.log(
          `${what} ${Math.round(sample.rate)} deliveries/s, CPU µs per delivery ${sample.cpuUs.toFixed(1)} here and ${sample.serverUs.toFixed(1)} in the server ` +
            `(${Math.round(sample.serverShare * 100)}% of a core); ${sample.ingestBatch.toFixed(1)} per ingest, ${sample.turnBatch.toFixed(1)} per turn`,
        );
      }
    }
    const [pgSamples, jsSamples] = drivers.map((driver) => samples.get(driver) ?? []) as [Sample[], Sample[]];
    console.log('\nmedians; postgres.js / pg per round, and its median:');
    for (const [label, key, digits] of [['deliveries/s', 'rate', 0], ['CPU µs per delivery, this process', 'cpuUs', 1], ['CPU µs per delivery, server', 'serverUs', 1]] as const) {
      const ratios = jsSamples.map((sample, i) => sample[key] / (pgSamples[i] as Sample)[key]);
      const pgMedian = median(pgSamples.map((sample) => sample[key])).toFixed(digits);
      const jsMedian = median(jsSamples.map((sample) => sample[key])).toFixed(digits);
      console.log(`${label}: pg ${pgMedian}, postgres.js ${jsMedian}; ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)}`);
    }
  } finally {
    await Promise.all([...drivers.map((driver) => driver.end()), admin.end()]);
    await cluster.stop();
  }
}

await main();
