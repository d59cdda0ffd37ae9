import { describe, expect, it } from 'vitest';
import { sampleEvent } from '../../src/core/samples.js';
import { capResponseBody, settleAttempt, type AttemptEnd } from '../../src/engine/settlement.js';
import type { InvocationRecord } from '../../src/types.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');

function record(status: number, body = '{"ok":true}', headers: Record<string, string> = {}): InvocationRecord {
  return {
    deliveryId: 'dlv_1',
    webhook: 'Okta',
    trigger: 'RequestCreated',
    request: { method: 'POST', url: 'https://acme.workflows.okta.com/api/flo/a/invoke', headers: {}, body: '{}' },
    response: { status, headers, body, bodyTruncated: false },
    timings: { startedAt: new Date(T0).toISOString(), totalMs: 40 },
    validators: [],
    auth: { kind: 'none' },
    verdict: status >= 200 && status < 300 ? 'successful' : 'failed',
  };
}

function end(overrides: Partial<AttemptEnd> = {}): AttemptEnd {
  return {
    delivery: { id: 'dlv_1', leaseToken: 'lease-1', eventId: 'evt_1', webhookId: 'wh_1', attempts: 0, cycleStart: 0, event: sampleEvent('RequestCreated') },
    config: { retry_on_validator_failure: false },
    record: record(200),
    startedAt: T0,
    endedAt: T0 + 40,
    defaultSchedule: [5, 300],
    maxBodyBytes: 1024,
    random: () => 0.5,
    ...overrides,
  };
}

describe('settleAttempt', () => {
  it('marks a successful attempt delivered', () => {
    expect(settleAttempt(end())).toEqual({
      deliveryId: 'dlv_1',
      leaseToken: 'lease-1',
      status: 'delivered',
      reason: 'delivered',
      attempt: {
        number: 1,
        startedAt: T0,
        durationMs: 40,
        outcome: 'delivered',
        httpStatus: 200,
        reason: 'delivered',
        nextAttemptAt: null,
        record: record(200),
      },
    });
  });

  it('schedules a retry from the end of the attempt', () => {
    const settlement = settleAttempt(end({ record: record(503) }));
    expect(settlement).toMatchObject({ status: 'pending', reason: 'HTTP 503; next attempt 2 of 3 in 5 s', nextAttemptAt: T0 + 5_040 });
    expect(settlement.attempt).toMatchObject({ number: 1, outcome: 'pending', httpStatus: 503, nextAttemptAt: T0 + 5_040 });
  });

  it('uses the webhook’s schedule over the default one', () => {
    const settlement = settleAttempt(end({ record: record(503), config: { retry_on_validator_failure: false, retry_schedule_sec: [0.5] } }));
    expect(settlement).toMatchObject({ status: 'pending', nextAttemptAt: T0 + 540 });
  });

  it('counts the schedule from the last replay while numbering attempts over the delivery’s life', () => {
    const delivery = { ...end().delivery, attempts: 3, cycleStart: 3 };
    const settlement = settleAttempt(end({ delivery, record: record(500) }));
    expect(settlement).toMatchObject({ status: 'pending', reason: 'HTTP 500; next attempt 2 of 3 in 5 s', attempt: { number: 4 } });
  });

  it('fails the delivery when the schedule is used up', () => {
    const delivery = { ...end().delivery, attempts: 2 };
    expect(settleAttempt(end({ delivery, record: record(500) }))).toMatchObject({
      status: 'failed',
      reason: 'HTTP 500; gave up after 3 attempts',
      attempt: { number: 3, outcome: 'failed', nextAttemptAt: null },
    });
  });

  it('keeps the response body within the cap', () => {
    const settlement = settleAttempt(end({ record: record(200, 'x'.repeat(2_000)), maxBodyBytes: 1_000 }));
    expect(settlement.attempt?.record.response).toMatchObject({ bodyTruncated: true, body: 'x'.repeat(1_000) });
  });
});

describe('capResponseBody', () => {
  it('cuts between characters, never inside one', () => {
    const capped = capResponseBody(record(200, 'aé€'), 4);
    expect(capped.response).toMatchObject({ body: 'aé', bodyTruncated: true });
  });

  it('leaves a body within the cap and a record without response as they are', () => {
    const small = record(200, 'abc');
    expect(capResponseBody(small, 3)).toBe(small);
    const { response: _response, ...noResponse } = small;
    expect(capResponseBody(noResponse, 1)).toBe(noResponse);
  });
});
