/**
 * The delivery store in one SQLite file (better-sqlite3, WAL). One process owns a file: leases keep a
 * delivery with one worker, and a restart takes back every lease at once, since the process that held
 * them is gone. `synchronous = NORMAL` keeps every commit across a crash of the process (not of the
 * machine's power) at a fraction of the cost of a sync per commit.
 *
 * The write-ahead log is copied into the database (a checkpoint, with its two syncs) once it holds
 * 4,000 pages, 16 MiB, instead of SQLite's 1,000: the last pages of each table and index are written
 * again by almost every commit, and a longer log copies each of them once for more commits, while the
 * event loop stops for a sync less often.
 */
import Database from 'better-sqlite3';
import { FlowhookError } from '../errors.js';
import type { AccessRequestEvent, InvocationRecord, Trigger, WebhookConfig } from '../types.js';
import { migrate } from './migrations.js';
import type {
  AttemptRow,
  ClaimedDelivery,
  ClaimRequest,
  ClaimResult,
  DeliveryDetail,
  DeliveryPage,
  DeliveryQuery,
  DeliveryStatus,
  DeliveryStore,
  DeliverySummary,
  NewDelivery,
  NewEvent,
  ReplayFilter,
  Settlement,
  StoredWebhook,
  Turn,
} from './store.js';

interface WebhookRow {
  id: string;
  config: string;
  created_at: number;
  updated_at: number;
}

interface DeliveryRow {
  seq: number;
  id: string;
  event_id: string;
  webhook_id: string;
  webhook_name: string;
  trigger: Trigger;
  status: DeliveryStatus;
  attempts: number;
  cycle_start: number;
  next_attempt_at: number | null;
  leased_until: number | null;
  last_reason: string | null;
  last_http_status: number | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
  version: number;
}

interface AttemptTableRow {
  number: number;
  started_at: number;
  duration_ms: number;
  outcome: AttemptRow['outcome'];
  http_status: number | null;
  reason: string;
  next_attempt_at: number | null;
  record: string;
}

type ClaimRow = Pick<DeliveryRow, 'id' | 'event_id' | 'webhook_id' | 'attempts' | 'cycle_start'>;

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

/** The filters of a delivery query that each match one column exactly. */
const EQUALITY_FILTERS = [
  ['webhookId', 'webhook_id'],
  ['status', 'status'],
  ['eventId', 'event_id'],
  ['trigger', 'trigger'],
] as const satisfies ReadonlyArray<readonly [keyof DeliveryQuery, keyof DeliveryRow]>;

interface PendingIngest {
  event: NewEvent;
  deliveries: NewDelivery[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Opens (creating and migrating when needed) the database in `file`; `:memory:` for a throwaway one. */
export function openSqliteStore(file: string): SqliteStore {
  return SqliteStore.open(file);
}

export class SqliteStore implements DeliveryStore {
  readonly #db: Database.Database;
  /** The last `version` given to a delivery change; one connection writes, so a counter in memory is enough. */
  #version: number;
  readonly #listStatements = new Map<string, Database.Statement<[ListParams], DeliveryRow>>();
  #ingests: PendingIngest[] = [];
  /** Writes the waiting events on the next turn of the event loop, unless a turn of the workers takes them first. */
  #flush: NodeJS.Immediate | undefined;
  readonly #ingestBatch: (batch: PendingIngest[]) => void;
  readonly #exchange: (turn: Turn) => ClaimResult[];
  readonly #ingestAndExchange: (batch: PendingIngest[], turn: Turn) => ClaimResult[];
  readonly #sql;

  /** Opens (or creates) the database file and brings its schema up to date. */
  static open(file: string): SqliteStore {
    let db: Database.Database | undefined;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      db.pragma('wal_autocheckpoint = 4000');
      migrate(db);
      return new SqliteStore(db);
    } catch (err) {
      db?.close();
      if (err instanceof FlowhookError) throw err;
      throw new FlowhookError('FLOWHOOK_DATABASE_UNUSABLE', `cannot open database "${file}": ${(err as Error).message}`, {
        hint: 'Pass --db with the path of a writable file; flowhook creates it when it does not exist.',
        cause: err,
      });
    }
  }

  private constructor(db: Database.Database) {
    this.#db = db;
    this.#version = db.prepare<[], number | null>('SELECT MAX(version) FROM deliveries').pluck().get() ?? 0;
    db.function('next_version', { deterministic: false }, () => ++this.#version);
    this.#sql = {
      webhooks: db.prepare<[], WebhookRow>('SELECT id, config, created_at, updated_at FROM webhooks ORDER BY created_at, id'),
      webhook: db.prepare<[string], WebhookRow>('SELECT id, config, created_at, updated_at FROM webhooks WHERE id = ?'),
      insertWebhook: db.prepare<{ id: string; name: string; config: string; createdAt: number; updatedAt: number }>(
        'INSERT INTO webhooks (id, name, config, created_at, updated_at) VALUES (@id, @name, @config, @createdAt, @updatedAt)',
      ),
      updateWebhook: db.prepare<{ id: string; name: string; config: string; now: number }>('UPDATE webhooks SET name = @name, config = @config, updated_at = @now WHERE id = @id'),
      renameDeliveries: db.prepare<{ id: string; name: string }>('UPDATE deliveries SET webhook_name = @name WHERE webhook_id = @id AND webhook_name <> @name'),
      deleteWebhook: db.prepare<[string]>('DELETE FROM webhooks WHERE id = ?'),
      failUnfinished: db.prepare<{ id: string; reason: string; now: number }>(
        `UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, leased_until = NULL, last_reason = @reason,
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
      claim: db.prepare<{ webhookId: string; now: number; limit: number; leasedUntil: number }, ClaimRow>(
        `UPDATE deliveries SET status = 'in_flight', leased_until = @leasedUntil, updated_at = @now, version = next_version()
         WHERE seq IN (
           SELECT seq FROM deliveries
           WHERE webhook_id = @webhookId AND status = 'pending' AND next_attempt_at <= @now
           ORDER BY next_attempt_at LIMIT @limit)
         RETURNING id, event_id, webhook_id, attempts, cycle_start`,
      ),
      eventPayload: db.prepare<[string], string>('SELECT payload FROM events WHERE id = ?').pluck(),
      nextDue: db.prepare<[string], number | null>(`SELECT MIN(next_attempt_at) FROM deliveries WHERE webhook_id = ? AND status = 'pending'`).pluck(),
      settle: db.prepare<SettleParams, number>(
        `UPDATE deliveries SET status = @status, attempts = COALESCE(@attempts, attempts), next_attempt_at = @nextAttemptAt,
           leased_until = NULL, last_reason = @reason,
           last_http_status = CASE WHEN @attempts IS NULL THEN last_http_status ELSE @httpStatus END,
           completed_at = CASE WHEN @status = 'pending' THEN NULL ELSE @now END, updated_at = @now, version = next_version()
         WHERE id = @id AND status = 'in_flight'
         RETURNING seq`,
      ).pluck(),
      insertAttempt: db.prepare<NewAttemptParams>(
        `INSERT INTO attempts (delivery_seq, number, started_at, duration_ms, outcome, http_status, reason, next_attempt_at, record)
         VALUES (@seq, @number, @startedAt, @durationMs, @outcome, @httpStatus, @reason, @nextAttemptAt, @record)`,
      ),
      requeueLeases: db.prepare<{ leaseEndsBy: number; now: number }>(
        `UPDATE deliveries SET status = 'pending', next_attempt_at = @now, leased_until = NULL, updated_at = @now, version = next_version()
         WHERE status = 'in_flight' AND leased_until <= @leaseEndsBy`,
      ),
      releaseLease: db.prepare<{ id: string; now: number }>(
        `UPDATE deliveries SET status = 'pending', next_attempt_at = @now, leased_until = NULL, updated_at = @now, version = next_version()
         WHERE id = @id AND status = 'in_flight'`,
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
    };
    this.#ingestBatch = db.transaction((batch: PendingIngest[]) => this.#writeEvents(batch));
    this.#exchange = db.transaction((turn: Turn) => this.#writeTurn(turn));
    this.#ingestAndExchange = db.transaction((batch: PendingIngest[], turn: Turn) => {
      this.#writeEvents(batch);
      return this.#writeTurn(turn);
    });
  }

  async listWebhooks(): Promise<StoredWebhook[]> {
    return this.#sql.webhooks.all().map(toWebhook);
  }

  async getWebhook(id: string): Promise<StoredWebhook | undefined> {
    const row = this.#sql.webhook.get(id);
    return row && toWebhook(row);
  }

  async createWebhook(webhook: StoredWebhook): Promise<void> {
    this.#withUniqueName(webhook.config.name, () =>
      this.#sql.insertWebhook.run({
        id: webhook.id,
        name: webhook.config.name,
        config: JSON.stringify(webhook.config),
        createdAt: webhook.createdAt,
        updatedAt: webhook.updatedAt,
      }),
    );
  }

  async updateWebhook(id: string, config: WebhookConfig, now: number): Promise<boolean> {
    return this.#withUniqueName(config.name, () =>
      this.#db.transaction(() => {
        const { changes } = this.#sql.updateWebhook.run({ id, name: config.name, config: JSON.stringify(config), now });
        if (changes === 0) return false;
        this.#sql.renameDeliveries.run({ id, name: config.name });
        return true;
      })(),
    );
  }

  async deleteWebhook(id: string, reason: string, now: number): Promise<boolean> {
    return this.#db.transaction(() => {
      if (this.#sql.deleteWebhook.run(id).changes === 0) return false;
      this.#sql.failUnfinished.run({ id, reason, now });
      return true;
    })();
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
  async exchange(turn: Turn): Promise<ClaimResult[]> {
    const batch = this.#ingests;
    if (batch.length === 0) return turn.settlements.length === 0 && turn.claims.length === 0 ? [] : this.#exchange(turn);
    this.#ingests = [];
    // Left scheduled, the write meant for these events would take the next ones apart from the next turn.
    clearImmediate(this.#flush);
    let results: ClaimResult[];
    try {
      results = this.#ingestAndExchange(batch, turn);
    } catch {
      this.#writeIngestBatch(batch);
      return this.#exchange(turn);
    }
    for (const pending of batch) pending.resolve();
    return results;
  }

  async requeueLeases(leaseEndsBy: number, now: number): Promise<number> {
    return this.#sql.requeueLeases.run({ leaseEndsBy, now }).changes;
  }

  async releaseLeases(deliveryIds: string[], now: number): Promise<void> {
    this.#db.transaction(() => {
      for (const id of deliveryIds) this.#sql.releaseLease.run({ id, now });
    })();
  }

  async getDelivery(id: string): Promise<DeliveryDetail | undefined> {
    const row = this.#sql.delivery.get(id);
    if (!row) return undefined;
    const attempts = this.#sql.attempts.all(row.seq).map(toAttempt);
    const event = this.#eventOf(row.event_id);
    return { ...toSummary(row), event, attempts };
  }

  async listDeliveries(query: DeliveryQuery): Promise<DeliveryPage> {
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
    const row = this.#sql.replayDelivery.get({ id, reason, now }) ?? this.#sql.delivery.get(id);
    return row && toSummary(row);
  }

  async replayWebhook(webhookId: string, filter: ReplayFilter, reason: string, now: number): Promise<number> {
    return this.#sql.replayWebhook.run({ webhookId, status: filter.status, since: filter.since ?? 0, reason, now }).changes;
  }

  async queueDepth(): Promise<{ pending: number; inFlight: number }> {
    return { pending: this.#sql.countPending.get() ?? 0, inFlight: this.#sql.countInFlight.get() ?? 0 };
  }

  async close(): Promise<void> {
    if (!this.#db.open) return;
    this.#writeIngests();
    this.#db.close();
  }

  #writeIngests(): void {
    const batch = this.#ingests;
    this.#ingests = [];
    if (batch.length > 0) this.#writeIngestBatch(batch);
  }

  /** All in one transaction; when that fails, each event in its own, so only the one at fault fails. */
  #writeIngestBatch(batch: PendingIngest[]): void {
    try {
      this.#ingestBatch(batch);
    } catch {
      for (const pending of batch) {
        try {
          this.#ingestBatch([pending]);
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
  #writeTurn(turn: Turn): ClaimResult[] {
    for (const settlement of turn.settlements) this.#settle(settlement, turn.now);
    return turn.claims.map((claim) => this.#claim(claim, turn.now, turn.leasedUntil));
  }

  #settle(settlement: Settlement, now: number): void {
    const { attempt } = settlement;
    const seq = this.#sql.settle.get({
      id: settlement.deliveryId,
      status: settlement.status,
      attempts: attempt?.number ?? null,
      nextAttemptAt: settlement.status === 'pending' ? (settlement.nextAttemptAt ?? now) : null,
      reason: settlement.reason,
      httpStatus: attempt?.httpStatus ?? null,
      now,
    });
    if (seq === undefined || !attempt) return;
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
  }

  #claim({ webhookIds, limit }: ClaimRequest, now: number, leasedUntil: number): ClaimResult {
    const deliveries: ClaimedDelivery[] = [];
    for (const webhookId of webhookIds) {
      if (deliveries.length >= limit) break;
      const rows = this.#sql.claim.all({ webhookId, now, limit: limit - deliveries.length, leasedUntil });
      for (const row of rows) {
        deliveries.push({
          id: row.id,
          eventId: row.event_id,
          webhookId: row.webhook_id,
          attempts: row.attempts,
          cycleStart: row.cycle_start,
          event: this.#eventOf(row.event_id),
        });
      }
    }
    if (deliveries.length >= limit) return { deliveries };
    let nextDueAt: number | undefined;
    for (const webhookId of webhookIds) {
      const due = this.#sql.nextDue.get(webhookId);
      if (due !== null && due !== undefined && (nextDueAt === undefined || due < nextDueAt)) nextDueAt = due;
    }
    return nextDueAt === undefined ? { deliveries } : { deliveries, nextDueAt };
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
      throw new FlowhookError('FLOWHOOK_CONFLICT', `a webhook named "${name}" already exists`, {
        hint: 'Choose another "name" (names are compared case-insensitively), or change the existing webhook instead.',
      });
    }
  }
}

function toWebhook(row: WebhookRow): StoredWebhook {
  return { id: row.id, config: JSON.parse(row.config) as WebhookConfig, createdAt: row.created_at, updatedAt: row.updated_at };
}

function toSummary(row: DeliveryRow): DeliverySummary {
  return {
    id: row.id,
    eventId: row.event_id,
    webhookId: row.webhook_id,
    webhookName: row.webhook_name,
    trigger: row.trigger,
    status: row.status,
    attemptCount: row.attempts,
    lastReason: row.last_reason,
    lastHttpStatus: row.last_http_status,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    version: row.version,
  };
}

function toAttempt(row: AttemptTableRow): AttemptRow {
  return {
    number: row.number,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    outcome: row.outcome,
    httpStatus: row.http_status,
    reason: row.reason,
    nextAttemptAt: row.next_attempt_at,
    record: JSON.parse(row.record) as InvocationRecord,
  };
}
