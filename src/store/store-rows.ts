/**
 * What the SQLite and PostgreSQL stores share: how their rows become what the engine sees (the tables
 * are the same on both, column for column), the filters of a delivery query, what a sealed config is
 * bound to, an event waiting to be written, and the error for a webhook name already taken.
 */
import { FlowhookError } from '../errors.js';
import type { InvocationRecord, Trigger } from '../types.js';
import type { AttemptRow, DeliveryQuery, DeliveryStatus, DeliverySummary, NewDelivery, NewEvent } from './store.js';

/** The columns of a delivery that a summary shows, with its place in insertion order (`seq`). */
export interface DeliverySummaryRow {
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
  last_reason: string | null;
  last_http_status: number | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
  version: number;
}

export interface AttemptTableRow {
  number: number;
  started_at: number;
  duration_ms: number;
  outcome: AttemptRow['outcome'];
  http_status: number | null;
  reason: string;
  next_attempt_at: number | null;
  /** The invocation record as JSON text. */
  record: string;
}

/** The filters of a delivery query that each match one column exactly. */
export const EQUALITY_FILTERS = [
  ['webhookId', 'webhook_id'],
  ['status', 'status'],
  ['eventId', 'event_id'],
  ['trigger', 'trigger'],
] as const satisfies ReadonlyArray<readonly [keyof DeliveryQuery, keyof DeliverySummaryRow]>;

/** An event given to `ingest`, with its deliveries, until its transaction commits or fails. */
export interface PendingIngest {
  event: NewEvent;
  deliveries: NewDelivery[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** A webhook's name is unique among webhooks, compared case-insensitively. */
export function webhookNameTaken(name: string): FlowhookError {
  return new FlowhookError('FLOWHOOK_CONFLICT', `a webhook named "${name}" already exists`, {
    hint: 'Choose another "name" (names are compared case-insensitively), or change the existing webhook instead.',
  });
}

/** What a sealed config is bound to: its webhook, so that it opens in no other row. */
export function sealContext(webhookId: string): string {
  return `webhooks/${webhookId}/config`;
}

export function toSummary(row: DeliverySummaryRow): DeliverySummary {
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

export function toAttempt(row: AttemptTableRow): AttemptRow {
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
