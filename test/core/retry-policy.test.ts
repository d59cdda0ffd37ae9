import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_SCHEDULE_SEC,
  MAX_REQUESTED_WAIT_MS,
  decideRetry,
  describeFailure,
  formatDelay,
  requestedWait,
  type AttemptOutcome,
  type RetryInput,
} from '../../src/core/retry-policy.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const middle = (): number => 0.5;

function answered(status: number, headers: Record<string, string> = {}, verdict: 'successful' | 'failed' = 'failed'): AttemptOutcome {
  return { verdict, response: { status, headers, body: '', bodyTruncated: false } };
}

function errored(kind: NonNullable<AttemptOutcome['error']>['kind']): AttemptOutcome {
  return { verdict: 'failed', error: { kind, message: 'x' } };
}

function decide(outcome: AttemptOutcome, overrides: Partial<RetryInput> = {}) {
  return decideRetry({
    attempt: 1,
    outcome,
    schedule: DEFAULT_RETRY_SCHEDULE_SEC,
    retryOnValidatorFailure: false,
    now: NOW,
    random: middle,
    ...overrides,
  });
}

describe('decideRetry', () => {
  it('ends the delivery when the attempt succeeded', () => {
    expect(decide(answered(200, {}, 'successful'))).toEqual({ retry: false, reason: 'delivered' });
  });

  it('follows the default schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => {
      const decision = decide(answered(503), { attempt });
      return decision.retry ? decision.delayMs : undefined;
    });
    expect(delays).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
  });

  it('says which retry comes next and when', () => {
    expect(decide(answered(503), { attempt: 2 })).toEqual({ retry: true, delayMs: 300_000, reason: 'HTTP 503; next attempt 3 of 8 in 5 min' });
  });

  it('gives up after the last scheduled retry', () => {
    expect(decide(answered(500), { attempt: 8 })).toEqual({ retry: false, reason: 'HTTP 500; gave up after 8 attempts' });
  });

  it('uses the webhook’s own schedule when it has one', () => {
    expect(decide(errored('timeout'), { schedule: [0.01, 0.02], attempt: 2 })).toEqual({
      retry: true,
      delayMs: 20,
      reason: 'timeout; next attempt 3 of 3 in 20 ms',
    });
    expect(decide(errored('timeout'), { schedule: [0.01, 0.02], attempt: 3 })).toEqual({
      retry: false,
      reason: 'timeout; gave up after 3 attempts',
    });
  });

  it('gives up at once when the schedule is empty', () => {
    expect(decide(answered(502), { schedule: [] })).toEqual({ retry: false, reason: 'HTTP 502; gave up after 1 attempt' });
  });

  it('moves each delay by at most 10% either way', () => {
    const low = decide(answered(503), { random: () => 0 });
    const high = decide(answered(503), { random: () => 0.999_999 });
    expect(low.retry && low.delayMs).toBe(4_500);
    expect(high.retry && high.delayMs).toBe(5_500);
  });

  it('keeps an immediate retry immediate', () => {
    const decision = decide(answered(503), { schedule: [0], random: () => 0.999 });
    expect(decision).toEqual({ retry: true, delayMs: 0, reason: 'HTTP 503; next attempt 2 of 2 in 0 ms' });
  });

  it('retries timeouts, connection errors and token errors', () => {
    expect(decide(errored('timeout')).retry).toBe(true);
    expect(decide(errored('connection')).reason).toBe('connection error; next attempt 2 of 8 in 5 s');
    expect(decide(errored('token')).reason).toBe('token error; next attempt 2 of 8 in 5 s');
  });

  it('does not retry template errors, refused URLs or internal errors', () => {
    expect(decide(errored('template'))).toEqual({
      retry: false,
      reason: 'template error; not retried: fix the webhook, then replay the delivery',
    });
    expect(decide(errored('refused_url')).reason).toBe('refused URL; not retried: fix the webhook, then replay the delivery');
    expect(decide(errored('internal')).retry).toBe(false);
  });

  it('does not retry 4xx other than 429, nor redirects', () => {
    expect(decide(answered(404))).toEqual({ retry: false, reason: 'HTTP 404; not retried' });
    expect(decide(answered(401)).retry).toBe(false);
    expect(decide(answered(302))).toEqual({ retry: false, reason: 'HTTP 302; not retried' });
  });

  it('retries a validator failure only when the webhook asks for it', () => {
    expect(decide(answered(200))).toEqual({
      retry: false,
      reason: 'response validator failed; not retried (set "retry_on_validator_failure" to retry)',
    });
    expect(decide(answered(200), { retryOnValidatorFailure: true })).toEqual({
      retry: true,
      delayMs: 5_000,
      reason: 'response validator failed; next attempt 2 of 8 in 5 s',
    });
  });

  it('waits for X-Rate-Limit-Reset on a 429 when it is later than the schedule', () => {
    const reset = String(NOW / 1000 + 42);
    expect(decide(answered(429, { 'x-rate-limit-reset': reset }))).toEqual({
      retry: true,
      delayMs: 42_000,
      reason: 'HTTP 429; next attempt 2 of 8 in 42 s, as X-Rate-Limit-Reset asks',
    });
  });

  it('keeps the scheduled delay when the 429’s reset is sooner', () => {
    const reset = String(NOW / 1000 + 1);
    expect(decide(answered(429, { 'X-Rate-Limit-Reset': reset }), { attempt: 2 })).toEqual({
      retry: true,
      delayMs: 300_000,
      reason: 'HTTP 429; next attempt 3 of 8 in 5 min',
    });
  });

  it('waits for Retry-After on a 503', () => {
    expect(decide(answered(503, { 'retry-after': '120' }))).toEqual({
      retry: true,
      delayMs: 120_000,
      reason: 'HTTP 503; next attempt 2 of 8 in 2 min, as Retry-After asks',
    });
  });

  it('ignores Retry-After on other statuses', () => {
    expect(decide(answered(500, { 'retry-after': '120' }))).toMatchObject({ delayMs: 5_000 });
  });

  it('caps the wait a flow can ask for at 1 h', () => {
    const decision = decide(answered(429, { 'retry-after': '86400' }));
    expect(decision).toEqual({ retry: true, delayMs: MAX_REQUESTED_WAIT_MS, reason: 'HTTP 429; next attempt 2 of 8 in 1 h, as Retry-After asks' });
  });

  it('still gives up after the last attempt even when the flow asks to wait', () => {
    expect(decide(answered(429, { 'retry-after': '10' }), { attempt: 8 })).toEqual({
      retry: false,
      reason: 'HTTP 429; gave up after 8 attempts',
    });
  });
});

describe('requestedWait', () => {
  it('reads Retry-After as seconds', () => {
    expect(requestedWait({ 'Retry-After': ' 7 ' }, NOW)).toEqual({ waitMs: 7_000, header: 'Retry-After' });
  });

  it('reads Retry-After as an HTTP date', () => {
    expect(requestedWait({ 'retry-after': 'Sat, 28 Nov 2026 12:00:30 GMT' }, NOW)).toEqual({ waitMs: 30_000, header: 'Retry-After' });
  });

  it('reads X-Rate-Limit-Reset as epoch seconds, fractions allowed', () => {
    expect(requestedWait({ 'x-rate-limit-reset': String(NOW / 1000 + 2.5) }, NOW)).toEqual({ waitMs: 2_500, header: 'X-Rate-Limit-Reset' });
  });

  it('takes the later of the two headers', () => {
    const headers = { 'retry-after': '3', 'x-rate-limit-reset': String(NOW / 1000 + 9) };
    expect(requestedWait(headers, NOW)).toEqual({ waitMs: 9_000, header: 'X-Rate-Limit-Reset' });
  });

  it('treats a time in the past as no wait', () => {
    expect(requestedWait({ 'x-rate-limit-reset': String(NOW / 1000 - 60) }, NOW)).toEqual({ waitMs: 0, header: 'X-Rate-Limit-Reset' });
  });

  it('ignores values it cannot read', () => {
    expect(requestedWait({ 'retry-after': 'soon', 'x-rate-limit-reset': 'tomorrow' }, NOW)).toBeUndefined();
    expect(requestedWait({}, NOW)).toBeUndefined();
  });
});

describe('describeFailure', () => {
  it('names the failure in a few words', () => {
    expect(describeFailure(answered(503))).toBe('HTTP 503');
    expect(describeFailure(answered(200))).toBe('response validator failed');
    expect(describeFailure(errored('timeout'))).toBe('timeout');
    expect(describeFailure({ verdict: 'failed' })).toBe('no response');
  });
});

describe('formatDelay', () => {
  it('picks a unit a person reads at a glance', () => {
    expect([850, 4_500, 300_000, 8_280_000].map(formatDelay)).toEqual(['850 ms', '4.5 s', '5 min', '2.3 h']);
  });
});
