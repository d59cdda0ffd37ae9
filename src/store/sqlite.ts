/**
 * The delivery store in one SQLite file (better-sqlite3, WAL). One process owns a file, and holds its
 * lock from open to close (database-lock.ts): leases keep a delivery with one send, and a restart
 * takes back every lease at once, since the process that held them is gone. `synchronous = NORMAL`
 * keeps every commit across a crash of the process (not of the machine's power) at a fraction of the
 * cost of a sync per commit.
 *
 * Secure by default: the file, its log and its key are 0600; each webhook config is sealed whole
 * (secret-box.ts) under a key kept outside the database (secret-key.ts), so that no secret, and no
 * field a secret might hide in, is in clear at rest. The engine holds the configs it uses in memory, so
 * sealing costs a webhook write or a start, never a delivery. `secure_delete` zeroes what a delete or
 * an update frees, so a deleted webhook leaves nothing behind in the file. A damaged file is refused at
 * open (`quick_check`); a failure of the database at run time is reported (database-health.ts).
 *
 * The write-ahead log is copied into the database (a checkpoint, with its two syncs) once it holds
 * 4,000 pages, 16 MiB, instead of SQLite's 1,000: the last pages of each table and index are written
 * again by almost every commit, and a longer log copies each of them once for more commits, while the
 * event loop stops for a sync less often.
 */
import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { takePace } from '../core/pace.js';
import { FlowhookError } from '../errors.js';
import type { AccessRequestEvent, Trigger, WebhookConfig } from '../types.js';
import { databaseUnavailable, HealthTracker } from './database-health.js';
import { EQUALITY_FILTERS, sealContext, toAttempt, toSummary, webhookNameTaken, type AttemptTableRow, type DeliverySummaryRow, type PendingIngest } from './store-rows.js';
import { lockDatabase, type DatabaseLock } from './database-lock.js';
import { MIGRATIONS, migrate } from './migrations.js';
import type { SecretBox } from './secret-box.js';
import { describeSource, loadSecretKey, secretKeySource, type SecretKeyOptions } from './secret-key.js';
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

interface WebhookRow {
  id: string;
  /** Sealed by the key `key_id` names; clear JSON text when `key_id` is null (written before sealing). */
  config: Buffer | string;
  key_id: string | null;
  created_at: number;
  updated_at: number;
}

interface WebhookWrite {
  id: string;
  name: string;
  config: Buffer;
  keyId: string;
}

interface DeliveryRow extends DeliverySummaryRow {
  leased_until: number | null;
  lease_owner: string | null;
  lease_token: string | null;
}

type ClaimRow = Pick<DeliveryRow, 'id' | 'event_id' | 'webhook_id' | 'attempts' | 'cycle_start'>;

interface ClaimParams {
  webhookId: string;
  now: number;
  limit: number;
  leasedUntil: number;
  owner: string;
  token: string;
}

interface NewDeliveryParams {
  id: string;
  eventId: string;
  webhookId: string;
  webhookName: string;
  trigger: Trigger;
  nextAttemptAt: number;
  now: number;
}

interface SettleParams {
  id: string;
  leaseToken: string;
  status: Settlement['status'];
  /** The attempt's number; null when the delivery could not be attempted, which keeps its count. */
  attempts: number | null;
  nextAttemptAt: number | null;
  reason: string;
  httpStatus: number | null;
  now: number;
}

interface NewAttemptParams {
  seq: number;
  number: number;
  startedAt: number;
  durationMs: number;
  outcome: AttemptRow['outcome'];
  httpStatus: number | null;
  reason: string;
  nextAttemptAt: number | null;
  record: string;
}

/** The named parameters of a delivery list query: its limit, and each filter that is given. */
type ListParams = Record<string, string | number>;

export interface SqliteStoreOptions extends SecretKeyOptions {
  /** @internal Seals the configs instead of the key the options name; the benchmarks pass one that does not seal, to measure what sealing costs. */
  secretBox?: SecretBox;
}

/**
 * Opens (creating and migrating when needed) the database in `file`, `:memory:` for a throwaway one,
 * and takes its lock; the key that seals its secrets comes from `options`, by default the file
 * `<file>.key`, created when neither it nor a sealed secret exists yet.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteStore {
  return SqliteStore.open(file, options);
}

export class SqliteStore implements DeliveryStore {
  /** The lock keeps every other process out. */
  readonly exclusive = true;
  /** Who holds the leases this process takes, as the database records it. */
  readonly workerId = workerId();
  readonly #db: Database.Database;
  readonly #file: string;
  readonly #lock: DatabaseLock;
  #box: SecretBox;
  readonly #health = new HealthTracker();
  /** The last `version` given to a delivery change; one connection writes, so a counter in memory is enough. */
  #version: number;
  readonly #listStatements = new Map<string, Database.Statement<[ListParams], DeliveryRow>>();
  #ingests: PendingIngest[] = [];
  /** Writes the waiting events on the next turn of the event loop, unless a turn of the workers takes them first. */
  #flush: NodeJS.Immediate | undefined;
  readonly #ingestBatch: (batch: PendingIngest[]) => void;
  readonly #exchange: (turn: Turn) => TurnResult;
  readonly #ingestAndExchange: (batch: PendingIngest[], turn: Turn) => TurnResult;
  readonly #sql;

  /**
   * Takes the database's lock before anything reads it, checks the file, brings its schema up to date,
   * and opens its secrets with the key (sealing any config still in clear); throws
   * FLOWHOOK_DATABASE_LOCKED, FLOWHOOK_DATABASE_UNUSABLE or FLOWHOOK_SECRET_KEY_INVALID.
   */
  static open(file: string, options: SqliteStoreOptions = {}): SqliteStore {
    const source = secretKeySource(file, options);
    const onDisk = file !== ':memory:' && file !== '';
    let db: Database.Database | undefined;
    let lock: DatabaseLock | undefined;
    try {
      if (onDisk) closeSync(openSync(file, 'a', 0o600));
      db = new Database(file, { timeout: 0 });
      lock = lockDatabase(db, file);
      db.pragma('journal_mode = WAL');
      if (onDisk) restrictToOwner(file);
      db.pragma('secure_delete = ON');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('wal_autocheckpoint = 4000');
      refuseDamaged(db, file);
      migrate(db);
      const sealedWith = new Set(db.prepare<[], string>('SELECT DISTINCT key_id FROM webhooks WHERE key_id IS NOT NULL').pluck().all());
      const box = options.secretBox ?? loadSecretKey(source, sealedWith, file);
      const foreign = [...sealedWith].filter((keyId) => keyId !== box.keyId);
      if (foreign.length > 0) {
        throw new FlowhookError(
          'FLOWHOOK_DATABASE_UNUSABLE',
          `the secrets in database "${file}" are sealed with key ${foreign.join(', ')}, but ${describeSource(source)} holds key ${box.keyId}`,
          { hint: 'Start with the key that sealed them (FLOWHOOK_SECRET_KEY or --secret-key-file); a database copied without its key cannot be opened.' },
        );
      }
      const store = new SqliteStore(db, file, box, lock);
      store.#sealClearConfigs();
      return store;
    } catch (err) {
      lock?.release();
      db?.close();
      if (err instanceof FlowhookError) throw err;
      throw new FlowhookError('FLOWHOOK_DATABASE_UNUSABLE', `cannot open database "${file}": ${(err as Error).message}`, {
        hint: 'Pass --db with the path of a writable file; flowhook creates it when it does not exist.',
        cause: err,
      });
    }
  }

  private constructor(db: Database.Database, file: string, box: SecretBox, lock: DatabaseLock) {
    this.#db = db;
    this.#file = file;
    this.#box = box;
    this.#lock = lock;
    this.#version = db.prepare<[], number | null>('SELECT MAX(version) FROM deliveries').pluck().get() ?? 0;
    db.function('next_version', { deterministic: false }, () => ++this.#version);
    this.#sql = {
      webhooks: db.prepare<[], WebhookRow>('SELECT id, config, key_id, created_at, updated_at FROM webhooks ORDER BY created_at, id'),
      webhook: db.prepare<[string], WebhookRow>('SELECT id, config, key_id, created_at, updated_at FROM webhooks WHERE id = ?'),
      insertWebhook: db.prepare<WebhookWrite & { createdAt: number; updatedAt: number }>(
        'INSERT INTO webhooks (id, name, config, key_id, created_at, updated_at) VALUES (@id, @name, @config, @keyId, @createdAt, @updatedAt)',
      ),
      updateWebhook: db.prepare<WebhookWrite & { now: number }>(
        'UPDATE webhooks SET name = @name, config = @config, key_id = @keyId, updated_at = @now WHERE id = @id',
      ),
      resealWebhook: db.prepare<{ id: string; config: Buffer; keyId: string }>('UPDATE webhooks SET config = @config, key_id = @keyId WHERE id = @id'),
      renameDeliveries: db.prepare<{ id: string; name: string }>('UPDATE deliveries SET webhook_name = @name WHERE webhook_id = @id AND webhook_name <> @name'),
      deleteWebhook: db.prepare<[string]>('DELETE FROM webhooks WHERE id = ?'),
      failUnfinished: db.prepare<{ id: string; reason: string; now: number }>(
        `UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, leased_until = NULL, lease_owner = NULL, lease_token = NULL, last_reason = @reason,
           completed_at = @now, updated_at = @now, version = next_version()
         WHERE webhook_id = @id AND status IN ('pending', 'in_flight')`,
      ),
      insertEvent: db.prepare<{ id: string; eventType: Trigger; payload: string; receivedAt: number }>(
        'INSERT INTO events (id, event_type, payload, received_at) VALUES (@id, @eventType, @payload, @receivedAt)',
      ),
      insertDelivery: db.prepare<NewDeliveryParams>(
        `INSERT INTO deliveries (id, event_id, webhook_id, webhook_name, trigger, status, next_attempt_at, created_at, updated_at, version)
         VALUES (@id, @eventId, @webhookId, @webhookName, @trigger, 'pending', @nextAttemptAt, @now, @now, next_version())`,
      ),
      claim: db.prepare<ClaimParams, ClaimRow>(
        `UPDATE deliveries SET status = 'in_flight', leased_until = @leasedUntil, lease_owner = @owner, lease_token = @token,
           updated_at = @now, version = next_version()
         WHERE seq IN (
           SELECT seq FROM deliveries
           WHERE webhook_id = @webhookId AND status = 'pending' AND next_attempt_at <= @now
           ORDER BY next_attempt_at LIMIT @limit)
         RETURNING id, event_id, webhook_id, attempts, cycle_start`,
      ),
      eventPayload: db.prepare<[string], string>('SELECT payload FROM events WHERE id = ?').pluck(),
      nextDue: db.prepare<[string], number | null>(`SELECT MIN(next_attempt_at) FROM deliveries WHERE webhook_id = ? AND status = 'pending'`).pluck(),
      inFlightOf: db.prepare<[string], number>(
        `SELECT COUNT(*) FROM deliveries WHERE status = 'in_flight' AND webhook_id IN (SELECT value FROM json_each(?))`,
      ).pluck(),
      paceOf: db.prepare<[string], number>('SELECT next_at FROM flow_pace WHERE flow_id = ?').pluck(),
      setPace: db.prepare<{ flowId: string; nextAt: number }>(
        'INSERT INTO flow_pace (flow_id, next_at) VALUES (@flowId, @nextAt) ON CONFLICT (flow_id) DO UPDATE SET next_at = excluded.next_at',
      ),
      settle: db.prepare<SettleParams, number>(
        `UPDATE deliveries SET status = @status, attempts = COALESCE(@attempts, attempts), next_attempt_at = @nextAttemptAt,
           leased_until = NULL, lease_owner = NULL, lease_token = NULL, last_reason = @reason,
           last_http_status = CASE WHEN @attempts IS NULL THEN last_http_status ELSE @httpStatus END,
           completed_at = CASE WHEN @status = 'pending' THEN NULL ELSE @now END, updated_at = @now, version = next_version()
         WHERE id = @id AND status = 'in_flight' AND lease_token = @leaseToken
         RETURNING seq`,
      ).pluck(),
      insertAttempt: db.prepare<NewAttemptParams>(
        `INSERT INTO attempts (delivery_seq, number, started_at, duration_ms, outcome, http_status, reason, next_attempt_at, record)
         VALUES (@seq, @number, @startedAt, @durationMs, @outcome, @httpStatus, @reason, @nextAttemptAt, @record)`,
      ),
      requeueLeases: db.prepare<{ leaseEndsBy: number; now: number }>(
        `UPDATE deliveries SET status = 'pending', next_attempt_at = @now, leased_until = NULL, lease_owner = NULL, lease_token = NULL,
           updated_at = @now, version = next_version()
         WHERE status = 'in_flight' AND leased_until <= @leaseEndsBy`,
      ),
      releaseLease: db.prepare<{ id: string; leaseToken: string; now: number }>(
        `UPDATE deliveries SET status = 'pending', next_attempt_at = @now, leased_until = NULL, lease_owner = NULL, lease_token = NULL,
           updated_at = @now, version = next_version()
         WHERE id = @id AND status = 'in_flight' AND lease_token = @leaseToken`,
      ),
      delivery: db.prepare<[string], DeliveryRow>('SELECT * FROM deliveries WHERE id = ?'),
      deliverySeq: db.prepare<[string], number>('SELECT seq FROM deliveries WHERE id = ?').pluck(),
      attempts: db.prepare<[number], AttemptTableRow>(
        `SELECT number, started_at, duration_ms, outcome, http_status, reason, next_attempt_at, record
         FROM attempts WHERE delivery_seq = ? ORDER BY number`,
      ),
      replayDelivery: db.prepare<{ id: string; reason: string; now: number }, DeliveryRow>(
        `UPDATE deliveries SET status = 'pending', next_attempt_at = @now, cycle_start = attempts, leased_until = NULL,
           completed_at = NULL, last_reason = @reason, updated_at = @now, version = next_version()
         WHERE id = @id AND status IN ('pending', 'delivered', 'failed')
         RETURNING *`,
      ),
      replayWebhook: db.prepare<{ webhookId: string; status: ReplayFilter['status']; since: number; reason: string; now: number }>(
        `UPDATE deliveries SET status = 'pending', next_attempt_at = @now, cycle_start = attempts, leased_until = NULL,
           completed_at = NULL, last_reason = @reason, updated_at = @now, version = next_version()
         WHERE webhook_id = @webhookId AND status = @status AND created_at >= @since`,
      ),
      countPending: db.prepare<[], number>(`SELECT COUNT(*) FROM deliveries WHERE status = 'pending'`).pluck(),
      countInFlight: db.prepare<[], number>(`SELECT COUNT(*) FROM deliveries WHERE status = 'in_flight'`).pluck(),
      // Writes the header page again: a write that needs room in the log, as every other write does.
      probeWrite: db.prepare(`PRAGMA user_version = ${MIGRATIONS.at(-1)?.version ?? 0}`),
      totalChanges: db.prepare<[], number>('SELECT total_changes()').pluck(),
    };
    this.#ingestBatch = db.transaction((batch: PendingIngest[]) => this.#writeEvents(batch));
    this.#exchange = db.transaction((turn: Turn) => this.#writeTurn(turn));
    this.#ingestAndExchange = db.transaction((batch: PendingIngest[], turn: Turn) => {
      this.#writeEvents(batch);
      return this.#writeTurn(turn);
    });
  }

  /** The id of the key the secrets are sealed with. */
  get secretKeyId(): string {
    return this.#box.keyId;
  }

  async listWebhooks(): Promise<StoredWebhook[]> {
    return this.#use('read', () => this.#sql.webhooks.all()).map((row) => this.#toWebhook(row));
  }

  async getWebhook(id: string): Promise<StoredWebhook | undefined> {
    const row = this.#use('read', () => this.#sql.webhook.get(id));
    return row && this.#toWebhook(row);
  }

  async createWebhook(webhook: StoredWebhook): Promise<void> {
    const write = this.#sealed(webhook.id, webhook.config);
    this.#use('write', () =>
      this.#withUniqueName(webhook.config.name, () => this.#sql.insertWebhook.run({ ...write, createdAt: webhook.createdAt, updatedAt: webhook.updatedAt })),
    );
  }

  async updateWebhook(id: string, config: WebhookConfig, now: number): Promise<boolean> {
    const write = this.#sealed(id, config);
    return this.#use('write', () =>
      this.#withUniqueName(config.name, () =>
        this.#db.transaction(() => {
          const { changes } = this.#sql.updateWebhook.run({ ...write, now });
          if (changes === 0) return false;
          this.#sql.renameDeliveries.run({ id, name: config.name });
          return true;
        })(),
      ),
    );
  }

  async deleteWebhook(id: string, reason: string, now: number): Promise<boolean> {
    return this.#use('write', () =>
      this.#db.transaction(() => {
        if (this.#sql.deleteWebhook.run(id).changes === 0) return false;
        this.#sql.failUnfinished.run({ id, reason, now });
        return true;
      })(),
    );
  }

  /** Seals every webhook config again with `next`, in one transaction, so that only `next` opens them from then on; returns how many. */
  resealSecrets(next: SecretBox): number {
    const count = this.#use('write', () =>
      this.#db.transaction(() => {
        const rows = this.#sql.webhooks.all();
        for (const row of rows) {
          this.#sql.resealWebhook.run({ id: row.id, config: next.seal(this.#openConfig(row), sealContext(row.id)), keyId: next.keyId });
        }
        return rows.length;
      })(),
    );
    this.#box = next;
    return count;
  }

  /**
   * Events that arrive in the same turn of the event loop (concurrent API requests) share one commit,
   * on the next turn, or sooner when an {@link exchange} takes them into its transaction; one that
   * cannot be written fails alone. Each resolves once it is committed.
   */
  async ingest(event: NewEvent, deliveries: NewDelivery[]): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#ingests.push({ event, deliveries, resolve, reject }) === 1) this.#flush = setImmediate(() => this.#writeIngests());
    });
  }

  /**
   * Events waiting to be written go in the turn's transaction, one commit instead of two, and their
   * deliveries can be leased in it. When that transaction fails, the events are written apart from the
   * turn, so that each fails only for its own fault.
   */
  async exchange(turn: Turn): Promise<TurnResult> {
    const batch = this.#ingests;
    if (batch.length === 0) {
      return turn.settlements.length === 0 && turn.claims.length === 0 ? { claims: [], lostLeases: [] } : this.#use('write', () => this.#exchange(turn));
    }
    this.#ingests = [];
    // Left scheduled, the write meant for these events would take the next ones apart from the next turn.
    clearImmediate(this.#flush);
    let results: TurnResult;
    try {
      results = this.#use('write', () => this.#ingestAndExchange(batch, turn));
    } catch {
      this.#writeIngestBatch(batch);
      return this.#use('write', () => this.#exchange(turn));
    }
    for (const pending of batch) pending.resolve();
    return results;
  }

  async requeueLeases(leaseEndsBy: number, now: number): Promise<number> {
    return this.#use('write', () => this.#sql.requeueLeases.run({ leaseEndsBy, now }).changes);
  }

  async releaseLeases(leases: Lease[], now: number): Promise<void> {
    this.#use('write', () =>
      this.#db.transaction(() => {
        for (const { deliveryId, leaseToken } of leases) this.#sql.releaseLease.run({ id: deliveryId, leaseToken, now });
      })(),
    );
  }

  /** Every change to a webhook comes through this process. */
  watchWebhooks(): void {}

  async getDelivery(id: string): Promise<DeliveryDetail | undefined> {
    return this.#use('read', () => {
      const row = this.#sql.delivery.get(id);
      if (!row) return undefined;
      const attempts = this.#sql.attempts.all(row.seq).map(toAttempt);
      const event = this.#eventOf(row.event_id);
      return { ...toSummary(row), event, attempts };
    });
  }

  async listDeliveries(query: DeliveryQuery): Promise<DeliveryPage> {
    return this.#use('read', () => this.#listDeliveries(query));
  }

  #listDeliveries(query: DeliveryQuery): DeliveryPage {
    const conditions: string[] = [];
    const params: ListParams = { limit: query.limit };
    for (const [key, column] of EQUALITY_FILTERS) {
      const value = query[key];
      if (value === undefined) continue;
      conditions.push(`${column} = @${key}`);
      params[key] = value;
    }
    let order = 'seq DESC';
    if (query.changedAfter !== undefined) {
      conditions.push('version > @changedAfter');
      params.changedAfter = query.changedAfter;
      order = 'version';
    } else if (query.before !== undefined) {
      const beforeSeq = this.#sql.deliverySeq.get(query.before);
      if (beforeSeq === undefined) {
        throw new FlowhookError('FLOWHOOK_NOT_FOUND', `no delivery "${query.before}" (given as "before")`, {
          hint: 'Pass the id of a delivery from the previous page as "before".',
        });
      }
      conditions.push('seq < @beforeSeq');
      params.beforeSeq = beforeSeq;
    }
    const sql = `SELECT * FROM deliveries ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY ${order} LIMIT @limit`;
    let statement = this.#listStatements.get(sql);
    if (!statement) {
      statement = this.#db.prepare<ListParams, DeliveryRow>(sql);
      this.#listStatements.set(sql, statement);
    }
    const deliveries = statement.all(params).map(toSummary);
    // A full page of changes may be followed by more; otherwise every change up to now has been seen.
    const last = deliveries.at(-1);
    const cursor = query.changedAfter !== undefined && last && deliveries.length === query.limit ? last.version : this.#version;
    return { deliveries, cursor };
  }

  async replayDelivery(id: string, reason: string, now: number): Promise<DeliverySummary | undefined> {
    const row = this.#use('write', () => this.#sql.replayDelivery.get({ id, reason, now }) ?? this.#sql.delivery.get(id));
    return row && toSummary(row);
  }

  async replayWebhook(webhookId: string, filter: ReplayFilter, reason: string, now: number): Promise<number> {
    return this.#use('write', () => this.#sql.replayWebhook.run({ webhookId, status: filter.status, since: filter.since ?? 0, reason, now }).changes);
  }

  async queueDepth(): Promise<{ pending: number; inFlight: number }> {
    return this.#use('read', () => ({ pending: this.#sql.countPending.get() ?? 0, inFlight: this.#sql.countInFlight.get() ?? 0 }));
  }

  async health(): Promise<DatabaseHealth> {
    if (this.#health.current.status === 'unavailable' && this.#db.open) {
      try {
        this.#sql.probeWrite.run();
        this.#health.wrote();
      } catch (err) {
        // Still unavailable, now for this reason.
        this.#failure(err);
      }
    }
    return this.#health.current;
  }

  async close(): Promise<void> {
    if (!this.#db.open) return;
    this.#writeIngests();
    this.#db.close();
    this.#lock.release();
  }

  /**
   * Runs `work` on the database. A failure of the database itself becomes FLOWHOOK_DATABASE_UNAVAILABLE
   * and makes it unavailable; a write that changes rows makes it healthy again (one that changes none
   * writes nothing to disk, so it proves nothing).
   */
  #use<T>(kind: 'read' | 'write', work: () => T): T {
    const changesBefore = kind === 'write' && this.#health.current.status !== 'ok' ? this.#totalChanges() : undefined;
    let result: T;
    try {
      result = work();
    } catch (err) {
      throw this.#failure(err);
    }
    if (changesBefore !== undefined && this.#totalChanges() > changesBefore) this.#health.wrote();
    return result;
  }

  /** Rows changed since the connection opened. */
  #totalChanges(): number {
    return this.#sql.totalChanges.get() ?? 0;
  }

  #failure(err: unknown): unknown {
    const unavailable = databaseUnavailable(err, this.#file);
    if (!unavailable) return err;
    this.#health.failed(unavailable, new Date());
    return unavailable;
  }

  #sealed(id: string, config: WebhookConfig): WebhookWrite {
    return { id, name: config.name, config: this.#box.seal(JSON.stringify(config), sealContext(id)), keyId: this.#box.keyId };
  }

  /** The config's JSON, opened with the key (or as it is, written before sealing); throws FLOWHOOK_DATABASE_UNUSABLE when it does not open. */
  #openConfig(row: WebhookRow): string {
    if (row.key_id === null) return String(row.config);
    const json = row.key_id === this.#box.keyId && typeof row.config !== 'string' ? this.#box.open(row.config, sealContext(row.id)) : undefined;
    if (json !== undefined) return json;
    throw new FlowhookError(
      'FLOWHOOK_DATABASE_UNUSABLE',
      `the sealed config of webhook "${row.id}" in database "${this.#file}" does not open with key ${this.#box.keyId}: it was sealed with key ${row.key_id}, altered, or moved from another webhook`,
      { hint: 'Restore the database (or that webhook) from a backup, or delete the webhook and create it again.' },
    );
  }

  #toWebhook(row: WebhookRow): StoredWebhook {
    return { id: row.id, config: JSON.parse(this.#openConfig(row)) as WebhookConfig, createdAt: row.created_at, updatedAt: row.updated_at };
  }

  /**
   * Opens every sealed config, so a key that does not open them fails the start rather than a webhook
   * later, and seals those written in clear before sealing existed; their clear text then leaves the log
   * and, zeroed by `secure_delete`, the file.
   */
  #sealClearConfigs(): void {
    const clear = this.#sql.webhooks
      .all()
      .map((row) => ({ row, json: this.#openConfig(row) }))
      .filter(({ row }) => row.key_id === null);
    if (clear.length === 0) return;
    this.#db.transaction(() => {
      for (const { row, json } of clear) this.#sql.resealWebhook.run({ id: row.id, config: this.#box.seal(json, sealContext(row.id)), keyId: this.#box.keyId });
    })();
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
  }

  #writeIngests(): void {
    const batch = this.#ingests;
    this.#ingests = [];
    if (batch.length > 0) this.#writeIngestBatch(batch);
  }

  /** All in one transaction; when that fails, each event in its own, so only the one at fault fails. */
  #writeIngestBatch(batch: PendingIngest[]): void {
    try {
      this.#use('write', () => this.#ingestBatch(batch));
    } catch {
      for (const pending of batch) {
        try {
          this.#use('write', () => this.#ingestBatch([pending]));
          pending.resolve();
        } catch (err) {
          pending.reject(err);
        }
      }
      return;
    }
    for (const pending of batch) pending.resolve();
  }

  #writeEvents(batch: PendingIngest[]): void {
    for (const { event, deliveries } of batch) {
      this.#sql.insertEvent.run({ id: event.id, eventType: event.eventType, payload: event.payloadJson, receivedAt: event.receivedAt });
      for (const delivery of deliveries) {
        this.#sql.insertDelivery.run({
          id: delivery.id,
          eventId: event.id,
          webhookId: delivery.webhookId,
          webhookName: delivery.webhookName,
          trigger: event.eventType,
          nextAttemptAt: delivery.nextAttemptAt,
          now: event.receivedAt,
        });
      }
    }
  }

  /** What ended first, so that a retry due at once can be claimed in the same turn. */
  #writeTurn(turn: Turn): TurnResult {
    const lostLeases = turn.settlements.filter((settlement) => !this.#settle(settlement, turn.now)).map(({ deliveryId }) => deliveryId);
    const token = leaseToken();
    return { claims: turn.claims.map((claim) => this.#claim(claim, turn, token)), lostLeases };
  }

  /** False when the delivery is no longer leased under the settlement's token. */
  #settle(settlement: Settlement, now: number): boolean {
    const { attempt } = settlement;
    const seq = this.#sql.settle.get({
      id: settlement.deliveryId,
      leaseToken: settlement.leaseToken,
      status: settlement.status,
      attempts: attempt?.number ?? null,
      nextAttemptAt: settlement.status === 'pending' ? (settlement.nextAttemptAt ?? now) : null,
      reason: settlement.reason,
      httpStatus: attempt?.httpStatus ?? null,
      now,
    });
    if (seq === undefined) return false;
    if (!attempt) return true;
    this.#sql.insertAttempt.run({
      seq,
      number: attempt.number,
      startedAt: attempt.startedAt,
      durationMs: attempt.durationMs,
      outcome: attempt.outcome,
      httpStatus: attempt.httpStatus,
      reason: attempt.reason,
      nextAttemptAt: attempt.nextAttemptAt,
      record: JSON.stringify(attempt.record),
    });
    return true;
  }

  /** Within the flow's cap over all its sends under way, and its pace; see {@link ClaimResult.nextDueAt}. */
  #claim({ flowId, webhookIds, limit, maxInFlight, paceSpacingMs }: ClaimRequest, { now, leasedUntil, clock }: Turn, token: string): ClaimResult {
    let room = Math.min(limit, maxInFlight - (this.#sql.inFlightOf.get(JSON.stringify(webhookIds)) ?? 0));
    // Its own sends ending wake a flow at its cap, not a time.
    if (room <= 0) return { deliveries: [] };
    const step = paceSpacingMs === undefined ? undefined : takePace(this.#sql.paceOf.get(flowId), paceSpacingMs, Math.max(now, clock?.() ?? now));
    if (step) room = step.granted ? 1 : 0;
    const deliveries: ClaimedDelivery[] = [];
    for (const webhookId of webhookIds) {
      if (deliveries.length >= room) break;
      const rows = this.#sql.claim.all({ webhookId, now, limit: room - deliveries.length, leasedUntil, owner: this.workerId, token });
      for (const row of rows) {
        deliveries.push({
          id: row.id,
          leaseToken: token,
          eventId: row.event_id,
          webhookId: row.webhook_id,
          attempts: row.attempts,
          cycleStart: row.cycle_start,
          event: this.#eventOf(row.event_id),
        });
      }
    }
    // The pace moves only when a send takes the slot it allowed.
    let paceAt = step && !step.granted ? step.nextAt : undefined;
    if (step?.granted && deliveries.length > 0) {
      this.#sql.setPace.run({ flowId, nextAt: step.nextAt });
      paceAt = step.nextAt;
    }
    if (deliveries.length >= limit) return { deliveries };
    let nextDueAt: number | undefined;
    for (const webhookId of webhookIds) {
      const due = this.#sql.nextDue.get(webhookId);
      if (due !== null && due !== undefined && (nextDueAt === undefined || due < nextDueAt)) nextDueAt = due;
    }
    return nextDueAt === undefined ? { deliveries } : { deliveries, nextDueAt: Math.max(nextDueAt, paceAt ?? nextDueAt) };
  }

  /** The payload of an event that a delivery refers to; the foreign key keeps it there. */
  #eventOf(eventId: string): AccessRequestEvent {
    const payload = this.#sql.eventPayload.get(eventId);
    if (payload === undefined) throw new Error(`no event "${eventId}" for a delivery that refers to it`);
    return JSON.parse(payload) as AccessRequestEvent;
  }

  #withUniqueName<T>(name: string, write: () => T): T {
    try {
      return write();
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
      throw webhookNameTaken(name);
    }
  }
}

/** The database, its log and its shared-memory file as they are, 0600: SQLite gives files it creates the database's mode. */
function restrictToOwner(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    let mode: number;
    try {
      mode = statSync(path).mode;
    } catch {
      continue;
    }
    if ((mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}

/** Throws FLOWHOOK_DATABASE_UNUSABLE when `PRAGMA quick_check` finds the file damaged, before anything is written to it. */
function refuseDamaged(db: Database.Database, file: string): void {
  let problems: string[];
  try {
    problems = db
      .prepare<[], string>('PRAGMA quick_check(20)')
      .pluck()
      .all()
      .flatMap((text) => text.split('\n'))
      .filter((problem) => !problem.startsWith('*** '));
  } catch (err) {
    // Damage the check itself trips over.
    if (!/^SQLITE_CORRUPT/.test(String((err as { code?: unknown }).code))) throw err;
    problems = [(err as Error).message];
  }
  if (problems.length === 1 && problems[0] === 'ok') return;
  throw new FlowhookError('FLOWHOOK_DATABASE_UNUSABLE', `database "${file}" is damaged: ${problems[0] ?? 'quick_check found problems'}`, {
    hint: `Restore "${file}" from a backup; "sqlite3 ${file} .recover" can rescue what is still readable into a new file.`,
    details: problems.map((message) => ({ path: file, message })),
  });
}
