import { describe, expect, it } from 'vitest';
import { SAMPLE_EVENTS, sampleEvent } from '../../src/core/samples.js';
import { TRIGGERS } from '../../src/core/triggers.js';
import { flowhookSchemas } from '../../src/flowhook-schemas.js';

const checkEvent = flowhookSchemas.validator('AccessRequestEvent');

function approvalStatuses(trigger: (typeof TRIGGERS)[number]): (string | undefined)[] {
  return (SAMPLE_EVENTS[trigger].data.approvals ?? []).map((approval) => approval.status);
}

describe('SAMPLE_EVENTS', () => {
  it('has one sample per trigger, whose event_type is that trigger', () => {
    expect(Object.keys(SAMPLE_EVENTS)).toEqual([...TRIGGERS]);
    for (const trigger of TRIGGERS) expect(SAMPLE_EVENTS[trigger].event_type).toBe(trigger);
  });

  it('holds samples that are valid against the payload schema', () => {
    for (const trigger of TRIGGERS) expect(checkEvent(SAMPLE_EVENTS[trigger])).toEqual([]);
  });

  it('follows one request through its states', () => {
    const ids = new Set(TRIGGERS.map((trigger) => SAMPLE_EVENTS[trigger].data.id));
    expect([...ids]).toEqual(['9f2d7c4e-3b1a-4e8f-a6d5-0c7b2e9f4a13']);
    expect(SAMPLE_EVENTS.RequestCreated.data.access_groups[0]?.integration.name).toBe('prod db');
    expect(SAMPLE_EVENTS.RequestCreated.data.custom_fields).toEqual({ ticket: 'INC-4821', environment: 'production' });
  });

  it('gives each state plausible approvals', () => {
    expect(approvalStatuses('RequestCreated')).toEqual(['Pending']);
    expect(approvalStatuses('RequestApproved')).toEqual(['Approved']);
    expect(approvalStatuses('RequestRejected')).toEqual(['Rejected']);
    expect(approvalStatuses('RequestGranted')).toEqual(['Approved']);
    expect(approvalStatuses('RequestExpired')).toEqual(['Approved']);
    expect(approvalStatuses('RequestFailed')).toEqual(['Approved']);
  });

  it('gives each state plausible dates', () => {
    const { RequestCreated, RequestApproved, RequestGranted, RequestExpired, RequestFailed } = SAMPLE_EVENTS;
    expect(RequestCreated.event_time).toBe(RequestCreated.data.creation_date);
    expect(RequestCreated.data.revocation_date).toBeNull();
    expect(RequestApproved.event_time).toBeGreaterThan(RequestCreated.event_time);
    expect(RequestGranted.event_time).toBeGreaterThan(RequestApproved.event_time);
    expect(RequestGranted.data.revocation_date).toBeCloseTo(RequestGranted.event_time + 7200, 6);
    expect(RequestExpired.event_time).toBeGreaterThanOrEqual(RequestExpired.data.revocation_date ?? Infinity);
    expect(RequestFailed.data.revocation_date).toBeNull();
    for (const trigger of TRIGGERS) expect(Number.isInteger(SAMPLE_EVENTS[trigger].event_time)).toBe(false);
  });

  it('has a justification that needs JSON escaping', () => {
    const justification = SAMPLE_EVENTS.RequestCreated.data.justification ?? '';
    expect(justification).toContain('"stuck"');
    expect(JSON.stringify(justification)).toContain('\\"stuck\\"');
  });

  it('cannot be changed by a caller', () => {
    const sample = SAMPLE_EVENTS.RequestGranted;
    expect(() => {
      sample.data.requester.email = 'mallory@example.com';
    }).toThrow(TypeError);
    expect(sample.data.requester.email).toBe('dana.levi@example.com');
  });
});

describe('sampleEvent', () => {
  it('returns a copy equal to the sample of the trigger', () => {
    expect(sampleEvent('RequestRejected')).toEqual(SAMPLE_EVENTS.RequestRejected);
    expect(sampleEvent('RequestRejected')).not.toBe(SAMPLE_EVENTS.RequestRejected);
  });

  it('returns a fresh deep copy each call that may be changed without touching the samples', () => {
    const first = sampleEvent('RequestCreated');
    first.data.access_groups[0]!.integration.name = 'staging db';
    expect(sampleEvent('RequestCreated').data.access_groups[0]?.integration.name).toBe('prod db');
    expect(SAMPLE_EVENTS.RequestCreated.data.access_groups[0]?.integration.name).toBe('prod db');
  });
});
