/**
 * The delivery store on a PostgreSQL database that several workers share (node-postgres). Each worker
 * opens its own store; they coordinate through the database alone:
 *
 * - Leases carry the worker that took them and a token. A worker claims due deliveries with
 *   `FOR UPDATE SKIP LOCKED`, so two workers never take the same one, and a settle must show the token
 *   of the lease it ends: one that ran out and was taken again is refused, and the attempt is not kept.
 * - A flow's cap on sends under way and its pace are the flow's, not a worker's: each claim locks the
 *   flow's row in `flows` (in flow order, so turns never deadlock on them), counts the flow's
 *   deliveries in flight over every worker, and moves the flow's next send time.
 * - A webhook changed through one worker reaches the others by NOTIFY, sent in the transaction of the
 *   change; after a lost connection, they read every webhook again.
 * - The change feed (`changedAfter`) compares transaction ids (postgres-migrations.ts): the cursor a
 *   read returns is below every transaction still running when it read, so a change that commits later
 *   is read next time, never skipped.
 *
 * Webhook configs are sealed as in SQLite, under a key every worker is given (FLOWHOOK_SECRET_KEY or a
 * key file): the key never enters the database. The database URL may hold a password, so errors and
 * logs name the database without it.
 */
import pg from 'pg';
import { takePace } from '../core/pace.js';
import { FlowhookError } from '../errors.js';
import type { AccessRequestEvent, WebhookConfig } from '../types.js';
import { HealthTracker } from './database-health.js';
import { describeDatabaseUrl } from './database-url.js';
import { postgresUnavailable } from './postgres-health.js';
import { migratePostgres } from './postgres-migrations.js';
import type { SecretBox } from './secret-box.js';
import { describeSource, loadSecretKey, type SecretKeyOptions, type SecretKeySource } from './secret-key.js';
import { EQUALITY_FILTERS, sealContext, toAttempt, toSummary, webhookNameTaken, type AttemptTableRow, type DeliverySummaryRow, type PendingIngest } from './store-rows.js';
import type {
  AttemptRow,
  ClaimedDelivery,
  ClaimRequest,
  ClaimResult,
  DatabaseHealth,
  DeliveryDetail,
  DeliveryPage,
  DeliveryQuery,
  DeliveryStore,
  DeliverySummary,
  Lease,
  NewDelivery,
  NewEvent,
  ReplayFilter,
  Settlement,
  StoredWebhook,
  Turn,
  TurnResult,
} from './store.js';
import { leaseToken, workerId } from './worker-id.js';

const WEBHOOK_CHANNEL = 'flowhook_webhooks';

/** How long a request waits for a connection (a server that does not answer, a full pool) before it fails, in ms. */
const CONNECT_TIMEOUT_MS = 10_000;

/** How long a lost LISTEN connection waits before it tries again, in ms. */
const LISTEN_RETRY_MS = 1_000;

/** bigint (int8) as a number: every bigint here is a time in ms, a sequence or a transaction id, all far below 2^53. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

interface WebhookRow {
  id: string;
  config: Buffer;
  key_id: string;
  created_at: number;
  updated_at: number;
}

/** The columns a delivery summary reads. */
const SUMMARY_COLUMNS = `seq, id, event_id, webhook_id, webhook_name, trigger, status, attempts, cycle_start, next_attempt_at,
  last_reason, last_http_status, created_at, updated_at, completed_at, version`;

export interface PostgresStoreOptions extends SecretKeyOptions {
  /** Connections this worker opens at most, besides the one that listens for webhook changes. */
  poolSize?: number;
  /** @internal Seals the configs instead of the key the options name. */
  secretBox?: SecretBox;
}

/**
 * Connects to the database at `url`, brings its schema up to date, and checks that the key the options
 * name opens its secrets; throws FLOWHOOK_DATABASE_UNUSABLE, FLOWHOOK_DATABASE_UNAVAILABLE or
 * FLOWHOOK_SECRET_KEY_INVALID.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  return PostgresStore.open(url, options);
}

export class PostgresStore implements DeliveryStore {
  /** Other workers share the database. */
  readonly exclusive = false;
  /** Who holds the leases this worker takes, as the database records it. */
  readonly workerId = workerId();
  readonly #pool: pg.Pool;
  readonly #url: string;
  readonly #database: string;
  readonly #box: SecretBox;
  readonly #health = new HealthTracker();
  readonly #webhookListeners: Array<(webhookId?: string) => void> = [];
  #listener: pg.Client | undefined;
  #listenRetry: NodeJS.Timeout | undefined;
  #ingests: PendingIngest[] = [];
  #flush: NodeJS.Immediate | undefined;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;

  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const database = `"${describeDatabaseUrl(url)}"`;
    const source = keySource(options);
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, types: TYPES });
    // An idle connection that the server drops must not crash the process; the next query reports it.
    pool.on('error', () => {});
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(client, database);
      } finally {
        client.release();
      }
      const { rows } = await pool.query<{ key_id: string }>('SELECT DISTINCT key_id FROM webhooks');
      const sealedWith = new Set(rows.map((row) => row.key_id));
      const box = options.secretBox ?? loadSecretKey(source, sealedWith, database);
      const foreign = [...sealedWith].filter((keyId) => keyId !== box.keyId);
      if (foreign.length > 0) {
        throw new FlowhookError(
          'FLOWHOOK_DATABASE_UNUSABLE',
          `the secrets in database ${database} are sealed with key ${foreign.join(', ')}, but ${describeSource(source)} holds key ${box.keyId}`,
          { hint: 'Give every worker the key that sealed them (FLOWHOOK_SECRET_KEY or --secret-key-file).' },
        );
      }
      const store = new PostgresStore(pool, url, database, box);
      await store.#listen();
      return store;
    } catch (err) {
      await pool.end().catch(() => {});
      if (err instanceof FlowhookError) throw err;
      throw (
        postgresUnavailable(err, database) ??
        new FlowhookError('FLOWHOOK_DATABASE_UNUSABLE', `cannot open database ${database}: ${(err as Error).message}`, {
          hint: 'Pass --db with the URL of a PostgreSQL database this user may create tables in, e.g. postgres://flowhook@db.internal:5432/flowhook.',
          cause: err,
        })
      );
    }
  }

  private constructor(pool: pg.Pool, url: string, database: string, box: SecretBox) {
    this.#pool = pool;
    this.#url = url;
    this.#database = database;
    this.#box = box;
  }

  async listWebhooks(): Promise<StoredWebhook[]> {
    const { rows } = await this.#query<WebhookRow>('SELECT id, config, key_id, created_at, updated_at FROM webhooks ORDER BY created_at, id');
    return rows.map((row) => this.#toWebhook(row));
  }

  async getWebhook(id: string): Promise<StoredWebhook | undefined> {
    const { rows } = await this.#query<WebhookRow>('SELECT id, config, key_id, created_at, updated_at FROM webhooks WHERE id = $1', [id]);
    return rows[0] && this.#toWebhook(rows[0]);
  }

  async createWebhook(webhook: StoredWebhook): Promise<void> {
    const { name } = webhook.config;
    await this.#withUniqueName(name, () =>
      this.#transaction(async (client) => {
        await client.query('INSERT INTO webhooks (id, name, config, key_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          webhook.id,
          name,
          this.#seal(webhook.id, webhook.config),
          this.#box.keyId,
          webhook.createdAt,
          webhook.updatedAt,
        ]);
        await this.#announce(client, webhook.id);
      }),
    );
  }

  async updateWebhook(id: string, config: WebhookConfig, now: number): Promise<boolean> {
    return this.#withUniqueName(config.name, () =>
      this.#transaction(async (client) => {
        const { rowCount } = await client.query('UPDATE webhooks SET name = $2, config = $3, key_id = $4, updated_at = $5 WHERE id = $1', [
          id,
          config.name,
          this.#seal(id, config),
          this.#box.keyId,
          now,
        ]);
        if (rowCount === 0) return false;
        await client.query('UPDATE deliveries SET webhook_name = $2 WHERE webhook_id = $1 AND webhook_name <> $2', [id, config.name]);
        await this.#announce(client, id);
        return true;
      }),
    );
  }

  async deleteWebhook(id: string, reason: string, now: number): Promise<boolean> {
    return this.#transaction(async (client) => {
      const { rowCount } = await client.query('DELETE FROM webhooks WHERE id = $1', [id]);
      if (rowCount === 0) return false;
      await client.query(
        `UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, leased_until = NULL, lease_owner = NULL, lease_token = NULL,
           last_reason = $2, completed_at = $3, updated_at = $3, version = flowhook_version()
         WHERE webhook_id = $1 AND status IN ('pending', 'in_flight')`,
        [id, reason, now],
      );
      await this.#announce(client, id);
      return true;
    });
  }

  watchWebhooks(listener: (webhookId?: string) => void): void {
    this.#webhookListeners.push(listener);
  }

  /**
   * Events that arrive in the same turn of the event loop (concurrent API requests) share one
   * transaction; when it fails, each is written in its own, so that only the one at fault fails. Each
   * resolves once it is committed.
   */
  async ingest(event: NewEvent, deliveries: NewDelivery[]): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#ingests.push({ event, deliveries, resolve, reject }) === 1) this.#flush = setImmediate(() => void this.#writeIngests());
    });
  }

  /**
   * Events waiting to be written go in the turn's transaction, one commit instead of two, and their
   * deliveries can be leased in it: the engine wakes a flow before its events are written. When that
   * transaction fails, the events are written apart from the turn, so that each fails only for its own fault.
   */
  async exchange(turn: Turn): Promise<TurnResult> {
    const batch = this.#ingests;
    if (batch.length === 0) {
      return turn.settlements.length === 0 && turn.claims.length === 0 ? { claims: [], lostLeases: [] } : this.#transaction((client) => this.#writeTurn(client, turn));
    }
    this.#ingests = [];
    // Left scheduled, the write meant for these events would take the next ones apart from the next turn.
    clearImmediate(this.#flush);
    let result: TurnResult;
    try {
      result = await this.#transaction(async (client) => {
        await writeEvents(client, batch);
        return this.#writeTurn(client, turn);
      });
    } catch {
      await this.#writeIngestBatch(batch);
      return this.#transaction((client) => this.#writeTurn(client, turn));
    }
    for (const pending of batch) pending.resolve();
    return result;
  }

  /** What ended first, so that a retry due at once can be claimed in the same turn. */
  async #writeTurn(client: pg.PoolClient, turn: Turn): Promise<TurnResult> {
    const lostLeases = await this.#settle(client, turn.settlements, turn.now);
    const token = leaseToken();
    const claims: ClaimResult[] = new Array<ClaimResult>(turn.claims.length);
    // Flow rows are locked in one order by every worker, so that two turns never wait on each other.
    const order = turn.claims.map((claim, index) => ({ claim, index })).sort((a, b) => (a.claim.flowId < b.claim.flowId ? -1 : a.claim.flowId > b.claim.flowId ? 1 : 0));
    for (const { claim, index } of order) claims[index] = await this.#claim(client, claim, turn, token);
    return { claims, lostLeases };
  }

  async requeueLeases(leaseEndsBy: number, now: number): Promise<number> {
    const { rowCount } = await this.#query(
      `UPDATE deliveries SET status = 'pending', next_attempt_at = $2, leased_until = NULL, lease_owner = NULL, lease_token = NULL,
         updated_at = $2, version = flowhook_version()
       WHERE seq IN (SELECT seq FROM deliveries WHERE status = 'in_flight' AND leased_until <= $1 FOR UPDATE SKIP LOCKED)`,
      [leaseEndsBy, now],
    );
    return rowCount ?? 0;
  }

  async releaseLeases(leases: Lease[], now: number): Promise<void> {
    if (leases.length === 0) return;
    await this.#query(
      `UPDATE deliveries d SET status = 'pending', next_attempt_at = $3, leased_until = NULL, lease_owner = NULL, lease_token = NULL,
         updated_at = $3, version = flowhook_version()
       FROM unnest($1::text[], $2::text[]) AS l (id, token)
       WHERE d.id = l.id AND d.status = 'in_flight' AND d.lease_token = l.token`,
      [leases.map((lease) => lease.deliveryId), leases.map((lease) => lease.leaseToken), now],
    );
  }

  async getDelivery(id: string): Promise<DeliveryDetail | undefined> {
    const { rows } = await this.#query<DeliverySummaryRow & { payload: string }>(
      `SELECT ${prefixed('d', SUMMARY_COLUMNS)}, e.payload FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    const attempts = await this.#query<AttemptTableRow>(
      `SELECT number, started_at, duration_ms, outcome, http_status, reason, next_attempt_at, record
       FROM attempts WHERE delivery_seq = $1 ORDER BY number`,
      [row.seq],
    );
    return { ...toSummary(row), event: JSON.parse(row.payload) as AccessRequestEvent, attempts: attempts.rows.map(toAttempt) };
  }

  /**
   * With `changedAfter`, the cursor returned is below every transaction that was still running when
   * the read began (its snapshot's xmin), and a page ends only where a transaction's changes end.
   */
  async listDeliveries(query: DeliveryQuery): Promise<DeliveryPage> {
    const { conditions, params, param } = filtersOf(query);
    // Taken before the rows are read: whatever committed before it is in the rows.
    const horizon = await this.#horizon();
    if (query.changedAfter === undefined) {
      if (query.before !== undefined) {
        const before = await this.#query<{ seq: number }>('SELECT seq FROM deliveries WHERE id = $1', [query.before]);
        const beforeSeq = before.rows[0]?.seq;
        if (beforeSeq === undefined) {
          throw new FlowhookError('FLOWHOOK_NOT_FOUND', `no delivery "${query.before}" (given as "before")`, {
            hint: 'Pass the id of a delivery from the previous page as "before".',
          });
        }
        conditions.push(`seq < ${param(beforeSeq)}`);
      }
      const { rows } = await this.#query<DeliverySummaryRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM deliveries ${where(conditions)} ORDER BY seq DESC LIMIT ${param(query.limit)}`,
        params,
      );
      return { deliveries: rows.map(toSummary), cursor: horizon - 1 };
    }
    const after = query.changedAfter;
    conditions.push(`version > ${param(after)}`);
    const { rows } = await this.#query<DeliverySummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM deliveries ${where(conditions)} ORDER BY version, seq LIMIT ${param(query.limit)}`,
      params,
    );
    const last = rows.at(-1);
    if (!last || rows.length < query.limit) return { deliveries: rows.map(toSummary), cursor: Math.max(after, horizon - 1) };
    // A full page: the rest of its last transaction's changes come with it, so the next page starts after them.
    const same = filtersOf(query);
    same.conditions.push(`version = ${same.param(last.version)}`, `seq > ${same.param(last.seq)}`);
    const rest = await this.#query<DeliverySummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM deliveries ${where(same.conditions)} ORDER BY seq`, same.params);
    return { deliveries: [...rows, ...rest.rows].map(toSummary), cursor: Math.min(last.version, horizon - 1) };
  }

  async replayDelivery(id: string, reason: string, now: number): Promise<DeliverySummary | undefined> {
    const replayed = await this.#query<DeliverySummaryRow>(
      `UPDATE deliveries SET status = 'pending', next_attempt_at = $3, cycle_start = attempts, completed_at = NULL, last_reason = $2,
         updated_at = $3, version = flowhook_version()
       WHERE id = $1 AND status IN ('pending', 'delivered', 'failed')
       RETURNING ${SUMMARY_COLUMNS}`,
      [id, reason, now],
    );
    const row = replayed.rows[0] ?? (await this.#query<DeliverySummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM deliveries WHERE id = $1`, [id])).rows[0];
    return row && toSummary(row);
  }

  async replayWebhook(webhookId: string, filter: ReplayFilter, reason: string, now: number): Promise<number> {
    const { rowCount } = await this.#query(
      `UPDATE deliveries SET status = 'pending', next_attempt_at = $5, cycle_start = attempts, completed_at = NULL, last_reason = $4,
         updated_at = $5, version = flowhook_version()
       WHERE webhook_id = $1 AND status = $2 AND created_at >= $3`,
      [webhookId, filter.status, filter.since ?? 0, reason, now],
    );
    return rowCount ?? 0;
  }

  async queueDepth(): Promise<{ pending: number; inFlight: number }> {
    const { rows } = await this.#query<{ pending: number; in_flight: number }>(
      // Each count reads its partial index, not the table, whose history only grows.
      `SELECT (SELECT count(*) FROM deliveries WHERE status = 'pending') AS pending,
              (SELECT count(*) FROM deliveries WHERE status = 'in_flight') AS in_flight`,
    );
    return { pending: rows[0]?.pending ?? 0, inFlight: rows[0]?.in_flight ?? 0 };
  }

  async health(): Promise<DatabaseHealth> {
    if (this.#health.current.status === 'unavailable' && !this.#closed) {
      // A write that goes to the server's log, as every other write does.
      await this.#query('UPDATE flowhook_migrations SET applied_at = applied_at WHERE version = (SELECT max(version) FROM flowhook_migrations)').catch(() => {});
    }
    return this.#health.current;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#listenRetry);
    clearImmediate(this.#flush);
    await this.#writeIngests();
    await this.#writing;
    await this.#listener?.end().catch(() => {});
    await this.#pool.end();
  }

  /** Runs one statement; a failure of the server becomes FLOWHOOK_DATABASE_UNAVAILABLE, and a write that succeeds makes the store healthy again (a read proves nothing of writes). */
  async #query<Row extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<Row>> {
    try {
      const result = await this.#pool.query<Row>(sql, params);
      if (result.command !== 'SELECT') this.#health.wrote();
      return result;
    } catch (err) {
      throw this.#failure(err);
    }
  }

  /** Runs `work` in a transaction on one connection; rolls back when it throws. */
  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (err) {
      throw this.#failure(err);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      this.#health.wrote();
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw this.#failure(err);
    } finally {
      client.release(broken);
    }
  }

  #failure(err: unknown): unknown {
    if (err instanceof FlowhookError) return err;
    const unavailable = postgresUnavailable(err, this.#database);
    if (!unavailable) return err;
    this.#health.failed(unavailable, new Date());
    return unavailable;
  }

  /** The oldest transaction still running, or the next to start when none is: every one below it has ended. */
  async #horizon(): Promise<number> {
    const { rows } = await this.#query<{ xmin: number }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin');
    return rows[0]?.xmin ?? 0;
  }

  /** Tells the other workers, once the transaction commits, that the webhook changed. */
  async #announce(client: pg.PoolClient, webhookId: string): Promise<void> {
    await client.query('SELECT pg_notify($1, $2)', [WEBHOOK_CHANNEL, JSON.stringify({ webhookId, from: this.workerId })]);
  }

  /** Listens for webhook changes on a connection of its own; a lost one is made again, and then every webhook is read again. */
  async #listen(): Promise<void> {
    // Keep-alive probes tell a connection the network lost without a word, so that it is made again.
    const client = new pg.Client({ connectionString: this.#url, types: TYPES, keepAlive: true });
    client.on('notification', ({ payload }) => {
      let message: { webhookId?: unknown; from?: unknown };
      try {
        message = JSON.parse(payload ?? '') as typeof message;
      } catch {
        return;
      }
      if (message.from === this.workerId || typeof message.webhookId !== 'string') return;
      for (const listener of this.#webhookListeners) listener(message.webhookId);
    });
    client.on('error', () => {
      if (this.#listener !== client || this.#closed) return;
      this.#listener = undefined;
      void client.end().catch(() => {});
      this.#relisten();
    });
    await client.connect();
    await client.query(`LISTEN ${WEBHOOK_CHANNEL}`);
    this.#listener = client;
  }

  #relisten(): void {
    this.#listenRetry = setTimeout(() => {
      this.#listen().then(
        () => {
          for (const listener of this.#webhookListeners) listener();
        },
        () => {
          if (!this.#closed) this.#relisten();
        },
      );
    }, LISTEN_RETRY_MS);
  }

  async #writeIngests(): Promise<void> {
    const batch = this.#ingests;
    this.#ingests = [];
    if (batch.length === 0) return;
    const written = this.#writing.then(() => this.#writeIngestBatch(batch));
    this.#writing = written;
    await written;
  }

  /** All in one transaction; when that fails, each event in its own, so only the one at fault fails. */
  async #writeIngestBatch(batch: PendingIngest[]): Promise<void> {
    try {
      await this.#transaction((client) => writeEvents(client, batch));
    } catch {
      for (const pending of batch) {
        try {
          await this.#transaction((client) => writeEvents(client, [pending]));
          pending.resolve();
        } catch (err) {
          pending.reject(err);
        }
      }
      return;
    }
    for (const pending of batch) pending.resolve();
  }

  /** Writes each settlement whose lease still holds, with its attempt; returns the ids of the others. */
  async #settle(client: pg.PoolClient, settlements: Settlement[], now: number): Promise<string[]> {
    if (settlements.length === 0) return [];
    const column = <T>(pick: (settlement: Settlement) => T): T[] => settlements.map(pick);
    const { rows } = await client.query<{ id: string; seq: number }>({
      name: 'flowhook-settle',
      text: `UPDATE deliveries d SET status = s.status, attempts = COALESCE(s.attempts, d.attempts), next_attempt_at = s.next_attempt_at,
         leased_until = NULL, lease_owner = NULL, lease_token = NULL, last_reason = s.reason,
         last_http_status = CASE WHEN s.attempts IS NULL THEN d.last_http_status ELSE s.http_status END,
         completed_at = CASE WHEN s.status = 'pending' THEN NULL ELSE $8::bigint END, updated_at = $8, version = flowhook_version()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bigint[], $6::text[], $7::int[])
         AS s (id, token, status, attempts, next_attempt_at, reason, http_status)
       WHERE d.id = s.id AND d.status = 'in_flight' AND d.lease_token = s.token
       RETURNING d.id, d.seq`,
      values: [
        column((s) => s.deliveryId),
        column((s) => s.leaseToken),
        column((s) => s.status),
        column((s) => s.attempt?.number ?? null),
        column((s) => (s.status === 'pending' ? (s.nextAttemptAt ?? now) : null)),
        column((s) => s.reason),
        column((s) => s.attempt?.httpStatus ?? null),
        now,
      ],
    });
    const seqOf = new Map(rows.map((row) => [row.id, row.seq]));
    const attempts = settlements.flatMap((settlement) => {
      const seq = seqOf.get(settlement.deliveryId);
      return seq !== undefined && settlement.attempt ? [{ seq, attempt: settlement.attempt }] : [];
    });
    if (attempts.length > 0) {
      const pick = <T>(get: (attempt: AttemptRow) => T): T[] => attempts.map(({ attempt }) => get(attempt));
      await client.query({
        name: 'flowhook-insert-attempts',
        text: `INSERT INTO attempts (delivery_seq, number, started_at, duration_ms, outcome, http_status, reason, next_attempt_at, record)
         SELECT * FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::float8[], $5::text[], $6::int[], $7::text[], $8::bigint[], $9::text[])`,
        values: [
          attempts.map(({ seq }) => seq),
          pick((a) => a.number),
          pick((a) => a.startedAt),
          pick((a) => a.durationMs),
          pick((a) => a.outcome),
          pick((a) => a.httpStatus),
          pick((a) => a.reason),
          pick((a) => a.nextAttemptAt),
          pick((a) => JSON.stringify(a.record)),
        ],
      });
    }
    return settlements.filter((settlement) => !seqOf.has(settlement.deliveryId)).map((settlement) => settlement.deliveryId);
  }

  /** Within the flow's cap over every worker, and its pace; see {@link ClaimResult.nextDueAt}. */
  async #claim(client: pg.PoolClient, request: ClaimRequest, { now, leasedUntil, clock }: Turn, token: string): Promise<ClaimResult> {
    const { flowId, webhookIds, limit, maxInFlight, paceSpacingMs } = request;
    // Locks the flow's row until the turn commits: the count and the pace below are every worker's.
    const nextSendAt = await lockFlow(client, flowId);
    const inFlight = await client.query<{ count: number }>({
      name: 'flowhook-in-flight',
      text: `SELECT count(*) AS count FROM deliveries WHERE status = 'in_flight' AND webhook_id = ANY($1::text[])`,
      values: [webhookIds],
    });
    let room = Math.min(limit, maxInFlight - (inFlight.rows[0]?.count ?? 0));
    // Its own sends ending wake a flow at its cap, not a time.
    if (room <= 0) return { deliveries: [] };
    const step = paceSpacingMs === undefined ? undefined : takePace(nextSendAt, paceSpacingMs, Math.max(now, clock?.() ?? now));
    if (step) room = step.granted ? 1 : 0;
    const deliveries: ClaimedDelivery[] = [];
    for (const webhookId of webhookIds) {
      if (deliveries.length >= room) break;
      const { rows } = await client.query<{ id: string; event_id: string; webhook_id: string; attempts: number; cycle_start: number; payload: string }>({
        name: 'flowhook-claim',
        text: `UPDATE deliveries d SET status = 'in_flight', leased_until = $4, lease_owner = $5, lease_token = $6, updated_at = $2,
           version = flowhook_version()
         FROM (SELECT seq FROM deliveries WHERE webhook_id = $1 AND status = 'pending' AND next_attempt_at <= $2
               ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) AS due, events e
         WHERE d.seq = due.seq AND e.id = d.event_id
         RETURNING d.id, d.event_id, d.webhook_id, d.attempts, d.cycle_start, e.payload`,
        values: [webhookId, now, room - deliveries.length, leasedUntil, this.workerId, token],
      });
      for (const row of rows) {
        deliveries.push({
          id: row.id,
          leaseToken: token,
          eventId: row.event_id,
          webhookId: row.webhook_id,
          attempts: row.attempts,
          cycleStart: row.cycle_start,
          event: JSON.parse(row.payload) as AccessRequestEvent,
        });
      }
    }
    // The pace moves only when a send takes the slot it allowed.
    let paceAt = step && !step.granted ? step.nextAt : undefined;
    if (step?.granted && deliveries.length > 0) {
      await client.query('UPDATE flows SET next_send_at = $2 WHERE flow_id = $1', [flowId, step.nextAt]);
      paceAt = step.nextAt;
    }
    if (deliveries.length >= limit) return { deliveries };
    const due = await client.query<{ next: number | null }>({
      name: 'flowhook-next-due',
      text: `SELECT min(next_attempt_at) AS next FROM deliveries WHERE webhook_id = ANY($1::text[]) AND status = 'pending'`,
      values: [webhookIds],
    });
    const nextDue = due.rows[0]?.next ?? undefined;
    return nextDue === undefined ? { deliveries } : { deliveries, nextDueAt: Math.max(nextDue, paceAt ?? nextDue) };
  }

  #seal(id: string, config: WebhookConfig): Buffer {
    return this.#box.seal(JSON.stringify(config), sealContext(id));
  }

  #toWebhook(row: WebhookRow): StoredWebhook {
    const json = row.key_id === this.#box.keyId ? this.#box.open(row.config, sealContext(row.id)) : undefined;
    if (json === undefined) {
      throw new FlowhookError(
        'FLOWHOOK_DATABASE_UNUSABLE',
        `the sealed config of webhook "${row.id}" in database ${this.#database} does not open with key ${this.#box.keyId}: it was sealed with key ${row.key_id}, altered, or moved from another webhook`,
        { hint: 'Give every worker the same key; restore the webhook from a backup, or delete it and create it again.' },
      );
    }
    return { id: row.id, config: JSON.parse(json) as WebhookConfig, createdAt: row.created_at, updatedAt: row.updated_at };
  }

  async #withUniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if ((err as { code?: unknown }).code !== '23505') throw err;
      throw webhookNameTaken(name);
    }
  }
}

/**
 * The key every worker must share: given as a value or in an existing file. A worker never makes one:
 * each would make its own, and none could open what the others sealed.
 */
function keySource(options: SecretKeyOptions): SecretKeySource {
  if (options.secretKey !== undefined && options.secretKeyFile !== undefined) {
    throw new FlowhookError('FLOWHOOK_SECRET_KEY_INVALID', `a secret key was given both as a value (FLOWHOOK_SECRET_KEY) and as the file "${options.secretKeyFile}"`, {
      hint: 'Give the key one way: unset FLOWHOOK_SECRET_KEY, or leave out --secret-key-file.',
    });
  }
  if (options.secretKey !== undefined) return { kind: 'value', value: options.secretKey };
  if (options.secretKeyFile !== undefined) return { kind: 'file', path: options.secretKeyFile, mustExist: true };
  throw new FlowhookError('FLOWHOOK_SECRET_KEY_INVALID', 'a PostgreSQL database needs the key that seals its secrets, shared by every worker', {
    hint: 'Set FLOWHOOK_SECRET_KEY (32 random bytes in base64: openssl rand -base64 32) or pass --secret-key-file, the same for every worker.',
  });
}

async function writeEvents(client: pg.PoolClient, batch: PendingIngest[]): Promise<void> {
  const events = batch.map(({ event }) => event);
  await client.query({
    name: 'flowhook-insert-events',
    text: 'INSERT INTO events (id, event_type, payload, received_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])',
    values: [events.map((e) => e.id), events.map((e) => e.eventType), events.map((e) => e.payloadJson), events.map((e) => e.receivedAt)],
  });
  const deliveries = batch.flatMap(({ event, deliveries }) => deliveries.map((delivery) => ({ event, delivery })));
  if (deliveries.length === 0) return;
  await client.query({
    name: 'flowhook-insert-deliveries',
    text: `INSERT INTO deliveries (id, event_id, webhook_id, webhook_name, trigger, status, next_attempt_at, created_at, updated_at)
     SELECT id, event_id, webhook_id, webhook_name, trigger, 'pending', next_attempt_at, created_at, created_at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
       AS d (id, event_id, webhook_id, webhook_name, trigger, next_attempt_at, created_at)`,
    values: [
      deliveries.map(({ delivery }) => delivery.id),
      deliveries.map(({ event }) => event.id),
      deliveries.map(({ delivery }) => delivery.webhookId),
      deliveries.map(({ delivery }) => delivery.webhookName),
      deliveries.map(({ event }) => event.eventType),
      deliveries.map(({ delivery }) => delivery.nextAttemptAt),
      deliveries.map(({ event }) => event.receivedAt),
    ],
  });
}

/**
 * Locks the flow's row until the transaction ends, making it on the flow's first claim, and returns
 * when its next send may start. A lock, not an update: a turn that finds nothing to send writes nothing.
 */
async function lockFlow(client: pg.PoolClient, flowId: string): Promise<number | undefined> {
  const lock = { name: 'flowhook-lock-flow', text: 'SELECT next_send_at FROM flows WHERE flow_id = $1 FOR UPDATE', values: [flowId] };
  let { rows } = await client.query<{ next_send_at: number }>(lock);
  if (rows.length === 0) {
    await client.query('INSERT INTO flows (flow_id) VALUES ($1) ON CONFLICT (flow_id) DO NOTHING', [flowId]);
    ({ rows } = await client.query<{ next_send_at: number }>(lock));
  }
  return rows[0]?.next_send_at;
}

/** The query's equality filters as SQL conditions with their parameters; `param` adds one more. */
function filtersOf(query: DeliveryQuery): { conditions: string[]; params: unknown[]; param: (value: unknown) => string } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => `$${params.push(value)}`;
  for (const [key, column] of EQUALITY_FILTERS) {
    const value = query[key];
    if (value !== undefined) conditions.push(`${column} = ${param(value)}`);
  }
  return { conditions, params, param };
}

function where(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

function prefixed(table: string, columns: string): string {
  return columns
    .split(',')
    .map((column) => `${table}.${column.trim()}`)
    .join(', ');
}
