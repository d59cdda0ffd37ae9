/**
 * How both stores' rows become what the engine sees: the columns of a delivery and an attempt, the
 * filters of a delivery query, and what a sealed config is bound to. The tables are the same on SQLite
 * and PostgreSQL, column for column.
 */
import type { InvocationRecord, Trigger } from '../types.js';
import type { AttemptRow, DeliveryQuery, DeliveryStatus, DeliverySummary } from './store.js';

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
