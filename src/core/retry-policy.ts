/**
 * Whether and when a failed delivery attempt is tried again: a pure function of the attempt's outcome,
 * the webhook's schedule and the clock, so each decision can be tested without a socket or a timer.
 */
import type { InvocationRecord } from '../types.js';

/** Seconds to wait before each retry; the first attempt is immediate, so 8 attempts over about 27 h (Svix's). */
export const DEFAULT_RETRY_SCHEDULE_SEC: readonly number[] = [5, 300, 1800, 7200, 18000, 36000, 36000];

/** Each scheduled delay is moved by up to ±10% so that retries of many deliveries spread out. */
export const JITTER_RATIO = 0.1;

/** The longest wait that a flow's `Retry-After` or `X-Rate-Limit-Reset` can impose: 1 h. */
export const MAX_REQUESTED_WAIT_MS = 3_600_000;

/** Error kinds that may go away by themselves; the others (template, refused URL, internal) need a fix first. */
const RETRYABLE_ERROR_KINDS: ReadonlySet<string> = new Set(['timeout', 'connection', 'token']);

const ERROR_KIND_WORDS: Record<NonNullable<InvocationRecord['error']>['kind'], string> = {
  timeout: 'timeout',
  connection: 'connection error',
  refused_url: 'refused URL',
  template: 'template error',
  token: 'token error',
  internal: 'internal error',
};

/** What the policy reads from an invocation record. */
export type AttemptOutcome = Pick<InvocationRecord, 'verdict' | 'response' | 'error'>;

export interface RetryInput {
  /** The attempt that just ended, counted from 1 since the delivery was created or last replayed. */
  attempt: number;
  outcome: AttemptOutcome;
  /** Seconds before each retry (`retry_schedule_sec`); its length is the number of retries. */
  schedule: readonly number[];
  /** The webhook's `retry_on_validator_failure`. */
  retryOnValidatorFailure: boolean;
  /** Epoch milliseconds when the attempt ended. */
  now: number;
  /** A number in [0, 1), as from `Math.random`. */
  random: () => number;
}

export type RetryDecision = { retry: true; delayMs: number; reason: string } | { retry: false; reason: string };

export function decideRetry(input: RetryInput): RetryDecision {
  const { attempt, outcome, schedule } = input;
  const status = outcome.error ? undefined : outcome.response?.status;

  // A successful attempt ends the delivery.
  if (outcome.verdict === 'successful') return { retry: false, reason: 'delivered' };

  const failure = describeFailure(outcome);

  // A bad template, a refused URL or an internal error fails the same way every time.
  if (outcome.error && !RETRYABLE_ERROR_KINDS.has(outcome.error.kind)) {
    return { retry: false, reason: `${failure}; not retried: fix the webhook, then replay the delivery` };
  }

  // A 2xx whose body fails a validator is retried only when the webhook asks for it.
  if (status !== undefined && status >= 200 && status < 300 && !input.retryOnValidatorFailure) {
    return { retry: false, reason: `${failure}; not retried (set "retry_on_validator_failure" to retry)` };
  }

  // Other answers below 500 (redirects, 4xx) say the request itself is wrong; 429 only asks to slow down.
  if (status !== undefined && status >= 300 && status < 500 && status !== 429) {
    return { retry: false, reason: `${failure}; not retried` };
  }

  // Every scheduled retry has been used.
  if (attempt > schedule.length) {
    return { retry: false, reason: `${failure}; gave up after ${attempt} ${attempt === 1 ? 'attempt' : 'attempts'}` };
  }

  const next = `next attempt ${attempt + 1} of ${schedule.length + 1}`;
  const scheduledMs = withJitter((schedule[attempt - 1] ?? 0) * 1000, input.random);

  // A flow that says when to come back (429, or 503 with Retry-After) is not asked again before then.
  const requested = status === 429 || status === 503 ? requestedWait(outcome.response?.headers ?? {}, input.now) : undefined;
  if (requested && requested.waitMs > scheduledMs) {
    return { retry: true, delayMs: requested.waitMs, reason: `${failure}; ${next} in ${formatDelay(requested.waitMs)}, as ${requested.header} asks` };
  }

  return { retry: true, delayMs: scheduledMs, reason: `${failure}; ${next} in ${formatDelay(scheduledMs)}` };
}

/**
 * How long a flow asks the sender to wait, from `Retry-After` (seconds or an HTTP date) and
 * `X-Rate-Limit-Reset` (epoch seconds), whichever is later, capped at {@link MAX_REQUESTED_WAIT_MS}.
 * Header names are matched case-insensitively.
 */
export function requestedWait(headers: Record<string, string>, now: number): { waitMs: number; header: string } | undefined {
  let found: { waitMs: number; header: string } | undefined;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    let waitMs: number | undefined;
    if (lower === 'retry-after') waitMs = parseRetryAfter(value, now);
    else if (lower === 'x-rate-limit-reset') waitMs = parseRateLimitReset(value, now);
    if (waitMs === undefined || (found && found.waitMs >= waitMs)) continue;
    found = { waitMs: Math.min(Math.max(waitMs, 0), MAX_REQUESTED_WAIT_MS), header: lower === 'retry-after' ? 'Retry-After' : 'X-Rate-Limit-Reset' };
  }
  return found;
}

function parseRetryAfter(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : date - now;
}

function parseRateLimitReset(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 - now : undefined;
}

function withJitter(delayMs: number, random: () => number): number {
  return Math.round(delayMs * (1 + JITTER_RATIO * (2 * random() - 1)));
}

/** A few words for what went wrong: `HTTP 503`, `timeout`, `response validator failed`. */
export function describeFailure(outcome: AttemptOutcome): string {
  if (outcome.error) return ERROR_KIND_WORDS[outcome.error.kind];
  const status = outcome.response?.status;
  if (status === undefined) return 'no response';
  if (status >= 200 && status < 300) return 'response validator failed';
  return `HTTP ${status}`;
}

/** `850 ms`, `4.5 s`, `5 min`, `2.3 h`. */
export function formatDelay(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${round1(ms / 1000)} s`;
  if (ms < 3_600_000) return `${round1(ms / 60_000)} min`;
  return `${round1(ms / 3_600_000)} h`;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
