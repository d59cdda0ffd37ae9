/**
 * What the delivery engine needs from its database, and nothing more: webhooks, events, deliveries
 * (one per event × matching webhook) and their attempts. SQLite implements it for one process; a
 * database shared by several workers (Postgres) can implement the same calls without the engine
 * changing, which is why every call returns a promise even where SQLite answers at once.
 */
import type { AccessRequestEvent, InvocationRecord, Trigger, WebhookConfig } from '../types.js';

/**
 * `pending` waits for `nextAttemptAt`; `in_flight` is leased to a worker until `leasedUntil`;
 * `delivered` and `failed` are final until a replay makes the delivery `pending` again.
 */
export type DeliveryStatus = 'pending' | 'in_flight' | 'delivered' | 'failed';

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'in_flight', 'delivered', 'failed'];

/** A webhook as the engine uses it: its config with its secrets in clear (a store seals them at rest). Times are epoch milliseconds. */
export interface StoredWebhook {
  id: string;
  config: WebhookConfig;
  createdAt: number;
  updatedAt: number;
}

export interface NewEvent {
  id: string;
  eventType: Trigger;
  /** The checked event as JSON text, written as it is. */
  payloadJson: string;
  receivedAt: number;
}

export interface NewDelivery {
  id: string;
  webhookId: string;
  webhookName: string;
  /** When the first attempt is due. */
  nextAttemptAt: number;
}

/** A delivery leased to a worker, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  eventId: string;
  webhookId: string;
  /** Attempts made before this one. */
  attempts: number;
  /** Attempts made before the last replay: the retry schedule counts from there. */
  cycleStart: number;
  event: AccessRequestEvent;
}

/** One attempt as kept: the invocation record (redacted, response body capped) and what was decided. */
export interface AttemptRow {
  /** 1, 2, … over the whole life of the delivery, replays included. */
  number: number;
  startedAt: number;
  durationMs: number;
  /** What the attempt led to: the delivery is `delivered`, goes back to `pending` for a retry, or is `failed`. */
  outcome: 'delivered' | 'pending' | 'failed';
  /** The HTTP status the flow answered, when it answered. */
  httpStatus: number | null;
  reason: string;
  nextAttemptAt: number | null;
  record: InvocationRecord;
}

/**
 * How a leased delivery ends up after a worker is done with it; applied in one transaction with its
 * attempt, so the attempt is never kept without its consequence or the other way round.
 */
export interface Settlement {
  deliveryId: string;
  status: 'delivered' | 'pending' | 'failed';
  reason: string;
  /** Required when `status` is `pending`. */
  nextAttemptAt?: number;
  /** Absent when the delivery could not be attempted at all (for example its webhook no longer compiles). */
  attempt?: AttemptRow;
}

/** Deliveries one flow asks for in a turn: up to `limit` due ones, from its webhooks in this order, oldest due first. */
export interface ClaimRequest {
  webhookIds: readonly string[];
  limit: number;
}

export interface ClaimResult {
  deliveries: ClaimedDelivery[];
  /** When fewer than `limit` were due: the earliest `nextAttemptAt` of the webhooks' pending deliveries, if any. */
  nextDueAt?: number;
}

export interface Turn {
  settlements: Settlement[];
  claims: ClaimRequest[];
  /** Epoch milliseconds. */
  now: number;
  leasedUntil: number;
}

export interface DeliverySummary {
  id: string;
  eventId: string;
  webhookId: string;
  webhookName: string;
  trigger: Trigger;
  status: DeliveryStatus;
  attemptCount: number;
  lastReason: string | null;
  lastHttpStatus: number | null;
  nextAttemptAt: number | null;
  createdAt: number;
  updatedAt: number;
  completedAt: number | null;
  /** Grows with every change of any delivery: the cursor of {@link DeliveryQuery.changedAfter}. */
  version: number;
}

export interface DeliveryDetail extends DeliverySummary {
  event: AccessRequestEvent;
  attempts: AttemptRow[];
}

export interface DeliveryQuery {
  webhookId?: string;
  status?: DeliveryStatus;
  eventId?: string;
  trigger?: Trigger;
  /** Deliveries changed after this version, oldest change first; otherwise newest delivery first. */
  changedAfter?: number;
  /** Newest first, starting below this delivery (by id); ignored with `changedAfter`. */
  before?: string;
  limit: number;
}

export interface DeliveryPage {
  deliveries: DeliverySummary[];
  /** Pass as `changedAfter` to get what changes next. */
  cursor: number;
}

export interface ReplayFilter {
  status: 'failed' | 'delivered';
  /** Only deliveries created at or after this time (epoch ms). */
  since?: number;
}

/** Whether the database takes writes; unavailable from a failure of the database itself until a write succeeds. */
export type DatabaseHealth =
  | { status: 'ok' }
  | {
      status: 'unavailable';
      /** The database's own code for the failure, e.g. `SQLITE_FULL`, `SQLITE_IOERR_WRITE`. */
      databaseCode: string;
      message: string;
      hint: string;
      /** ISO 8601: when the first failure since the last successful write happened. */
      since: string;
    };

export interface DeliveryStore {
  listWebhooks(): Promise<StoredWebhook[]>;
  getWebhook(id: string): Promise<StoredWebhook | undefined>;
  /** Throws FLOWHOOK_CONFLICT when another webhook has the same name. */
  createWebhook(webhook: StoredWebhook): Promise<void>;
  /** Throws FLOWHOOK_CONFLICT when another webhook has the same name; false when there is no such webhook. */
  updateWebhook(id: string, config: WebhookConfig, now: number): Promise<boolean>;
  /** Removes the webhook; its deliveries that were not done end `failed` with `reason`. */
  deleteWebhook(id: string, reason: string, now: number): Promise<boolean>;

  /**
   * The event and its deliveries, written in one transaction; resolves once they are on disk. Events
   * may share their transaction with other events and with a turn of the workers.
   */
  ingest(event: NewEvent, deliveries: NewDelivery[]): Promise<void>;

  /**
   * One turn of the workers, in one transaction: writes what ended (each settlement with its attempt;
   * those of deliveries no longer leased are skipped), then leases what may start, until `leasedUntil`.
   * Answers each claim in order. Events given to {@link ingest} and not yet written may be written in
   * the same transaction, first.
   */
  exchange(turn: Turn): Promise<ClaimResult[]>;
  /** Makes leased deliveries whose lease ends by `leaseEndsBy` pending again, due at `now`. */
  requeueLeases(leaseEndsBy: number, now: number): Promise<number>;
  /** Makes the given leased deliveries pending again, due at `now`, without counting an attempt. */
  releaseLeases(deliveryIds: string[], now: number): Promise<void>;

  getDelivery(id: string): Promise<DeliveryDetail | undefined>;
  listDeliveries(query: DeliveryQuery): Promise<DeliveryPage>;
  /**
   * Makes a delivered, failed or pending delivery due at `now` with a fresh retry schedule; the
   * delivery id (the `webhook-id` header) stays the same. Returns the delivery as it is afterwards.
   */
  replayDelivery(id: string, reason: string, now: number): Promise<DeliverySummary | undefined>;
  /** Replays every delivery of the webhook that matches the filter; returns how many. */
  replayWebhook(webhookId: string, filter: ReplayFilter, reason: string, now: number): Promise<number>;
  /** How many deliveries are pending and in flight. */
  queueDepth(): Promise<{ pending: number; inFlight: number }>;
  /**
   * Whether the database takes writes. A call that fails because of the database itself (disk full, I/O
   * error, damaged file) throws FLOWHOOK_DATABASE_UNAVAILABLE and makes it unavailable; while it is, this
   * tries a small write, so that it reports the recovery even when nothing else writes.
   */
  health(): Promise<DatabaseHealth>;

  close(): Promise<void>;
}
