/**
 * What the delivery engine needs from its database, and nothing more, in three parts: the webhooks, the
 * queue (deliveries, one per event × matching webhook, leased to a worker while it sends them) and the
 * delivery log (events, attempts and the change feed the live views follow). SQLite implements it for
 * one process, PostgreSQL for several workers on one database; the delivery logic sees no SQL, and one
 * contract test suite holds both to the same behaviour. Every call returns a promise even where SQLite
 * answers at once.
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
  /** Names this lease: a settle or release carrying another token (the lease ran out and was taken again) is refused. */
  leaseToken: string;
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
  /** The token of the lease the attempt was made under. */
  leaseToken: string;
  status: 'delivered' | 'pending' | 'failed';
  reason: string;
  /** Required when `status` is `pending`. */
  nextAttemptAt?: number;
  /** Absent when the delivery could not be attempted at all (for example its webhook no longer compiles). */
  attempt?: AttemptRow;
}

/**
 * Deliveries one flow asks for in a turn: up to `limit` due ones, from its webhooks in this order, oldest
 * due first, within the flow's limits, which hold over every worker of the database.
 */
export interface ClaimRequest {
  /** Names the flow in the database: a digest, since the flow's URL may hold a token. */
  flowId: string;
  webhookIds: readonly string[];
  limit: number;
  /** Sends of these webhooks under way at once, counted over every worker. */
  maxInFlight: number;
  /** The flow's pace, when it has one: one send at most every this many milliseconds, over every worker. */
  paceSpacingMs?: number;
}

export interface ClaimResult {
  deliveries: ClaimedDelivery[];
  /**
   * When fewer than `limit` were leased and the flow will have more to send without anything else
   * happening: when its next pending delivery is due, or its pace allows the next send, whichever is later.
   */
  nextDueAt?: number;
}

/** A lease to give back. */
export interface Lease {
  deliveryId: string;
  leaseToken: string;
}

export interface Turn {
  settlements: Settlement[];
  claims: ClaimRequest[];
  /** Epoch milliseconds. */
  now: number;
  leasedUntil: number;
  /**
   * Read again once a flow is locked, for its pace: a turn that waited for the lock grants its send at the
   * time it got it, not at `now`, so that sends leave no closer together than their pace. `now` when absent.
   */
  clock?: () => number;
}

export interface TurnResult {
  /** One per claim, in order. */
  claims: ClaimResult[];
  /** Deliveries whose settlement was refused: their lease had run out and another worker holds them, or they were requeued. */
  lostLeases: string[];
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
  /** Grows with the changes of the deliveries: what {@link DeliveryQuery.changedAfter} compares with. */
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
  /**
   * Deliveries changed after this cursor, oldest change first; otherwise newest delivery first. A change
   * is never skipped, even when concurrent writers commit out of order; one may be listed again.
   */
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

/** The webhooks, their configs sealed at rest. */
export interface WebhookStore {
  listWebhooks(): Promise<StoredWebhook[]>;
  getWebhook(id: string): Promise<StoredWebhook | undefined>;
  /** Throws FLOWHOOK_CONFLICT when another webhook has the same name. */
  createWebhook(webhook: StoredWebhook): Promise<void>;
  /** Throws FLOWHOOK_CONFLICT when another webhook has the same name; false when there is no such webhook. */
  updateWebhook(id: string, config: WebhookConfig, now: number): Promise<boolean>;
  /** Removes the webhook; its deliveries that were not done end `failed` with `reason`. */
  deleteWebhook(id: string, reason: string, now: number): Promise<boolean>;
  /**
   * Calls `listener` with the id of each webhook another process creates, changes or deletes, once it is
   * committed; calls it with no id when changes may have been missed (a lost connection), so that every
   * webhook is read again. A store that one process owns has no other process to hear from.
   */
  watchWebhooks(listener: (webhookId?: string) => void): void;
}

/** The deliveries waiting, leased or done, and the workers' turns over them. */
export interface DeliveryQueue {
  /**
   * The event and its deliveries, written in one transaction; resolves once they are on disk. Events
   * may share their transaction with other events and with a turn of the workers.
   */
  ingest(event: NewEvent, deliveries: NewDelivery[]): Promise<void>;
  /**
   * One turn of a worker, in one transaction: writes what ended (each settlement with its attempt; those
   * whose lease this worker no longer holds are refused and listed), then leases what may start, until
   * `leasedUntil`. Answers each claim in order. Events given to {@link ingest} and not yet written may be
   * written in the same transaction, first.
   */
  exchange(turn: Turn): Promise<TurnResult>;
  /** Makes leased deliveries whose lease ends by `leaseEndsBy` pending again, due at `now`; returns how many. */
  requeueLeases(leaseEndsBy: number, now: number): Promise<number>;
  /** Makes these leased deliveries pending again, due at `now`, without counting an attempt; a lease no longer held is left alone. */
  releaseLeases(leases: Lease[], now: number): Promise<void>;
  /**
   * Makes a delivered, failed or pending delivery due at `now` with a fresh retry schedule; the
   * delivery id (the `webhook-id` header) stays the same. Returns the delivery as it is afterwards.
   */
  replayDelivery(id: string, reason: string, now: number): Promise<DeliverySummary | undefined>;
  /** Replays every delivery of the webhook that matches the filter; returns how many. */
  replayWebhook(webhookId: string, filter: ReplayFilter, reason: string, now: number): Promise<number>;
  /** How many deliveries are pending and in flight. */
  queueDepth(): Promise<{ pending: number; inFlight: number }>;
}

/** What happened to each delivery: its event, its attempts, and the feed of changes. */
export interface DeliveryLog {
  getDelivery(id: string): Promise<DeliveryDetail | undefined>;
  listDeliveries(query: DeliveryQuery): Promise<DeliveryPage>;
}

export interface DeliveryStore extends WebhookStore, DeliveryQueue, DeliveryLog {
  /**
   * True when this process alone uses the database (SQLite holds it locked): a lease found at start was
   * left by a process that is gone, and can be taken back at once. False when other workers share it:
   * only leases that ran out are theirs to lose.
   */
  readonly exclusive: boolean;
  /**
   * Whether the database takes writes. A call that fails because of the database itself (disk full, I/O
   * error, damaged file, server gone) throws FLOWHOOK_DATABASE_UNAVAILABLE and makes it unavailable; while
   * it is, this tries a small write, so that it reports the recovery even when nothing else writes.
   */
  health(): Promise<DatabaseHealth>;
  close(): Promise<void>;
}
