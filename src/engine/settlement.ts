/**
 * What one attempt means for its delivery: delivered, retried at a time, or failed, with the attempt as
 * it is kept (its invocation record with the response body capped). Pure: the clock and the dice are
 * arguments.
 */
import { decideRetry } from '../core/retry-policy.js';
import type { ClaimedDelivery, Settlement } from '../store/store.js';
import type { InvocationRecord, WebhookConfig } from '../types.js';

export interface AttemptEnd {
  delivery: ClaimedDelivery;
  config: Pick<WebhookConfig, 'retry_schedule_sec' | 'retry_on_validator_failure'>;
  record: InvocationRecord;
  /** Epoch milliseconds when the attempt started and ended. */
  startedAt: number;
  endedAt: number;
  /** The schedule of webhooks without `retry_schedule_sec`. */
  defaultSchedule: readonly number[];
  /** Response bodies longer than this many bytes are cut, and marked `bodyTruncated`. */
  maxBodyBytes: number;
  random: () => number;
}

export function settleAttempt(end: AttemptEnd): Settlement {
  const { delivery, record } = end;
  const number = delivery.attempts + 1;
  const decision = decideRetry({
    attempt: number - delivery.cycleStart,
    outcome: record,
    schedule: end.config.retry_schedule_sec ?? end.defaultSchedule,
    retryOnValidatorFailure: end.config.retry_on_validator_failure,
    now: end.endedAt,
    random: end.random,
  });
  const status = record.verdict === 'successful' ? 'delivered' : decision.retry ? 'pending' : 'failed';
  const nextAttemptAt = decision.retry ? end.endedAt + decision.delayMs : undefined;
  return {
    deliveryId: delivery.id,
    leaseToken: delivery.leaseToken,
    status,
    reason: decision.reason,
    ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }),
    attempt: {
      number,
      startedAt: end.startedAt,
      durationMs: record.timings.totalMs,
      outcome: status,
      httpStatus: record.response?.status ?? null,
      reason: decision.reason,
      nextAttemptAt: nextAttemptAt ?? null,
      record: capResponseBody(record, end.maxBodyBytes),
    },
  };
}

/** The record with its response body cut to `maxBytes` of UTF-8 (never inside a character). */
export function capResponseBody(record: InvocationRecord, maxBytes: number): InvocationRecord {
  const response = record.response;
  if (!response) return record;
  const bytes = Buffer.from(response.body, 'utf8');
  if (bytes.length <= maxBytes) return record;
  let end = maxBytes;
  // Back off over UTF-8 continuation bytes (10xxxxxx) so the cut falls between characters.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return { ...record, response: { ...response, body: bytes.subarray(0, end).toString('utf8'), bodyTruncated: true } };
}
