import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../src/core/event.js';
import { SAMPLE_EVENTS, sampleEvent } from '../../src/core/samples.js';
import { FlowhookError } from '../../src/errors.js';

const HINT =
  'Fix the field at each JSON path listed in details; the payload schema is AccessRequestEvent in openapi/flowhook.yaml.';
const TRIGGER_LIST =
  '"RequestCreated", "RequestApproved", "RequestRejected", "RequestGranted", "RequestExpired", "RequestFailed"';

function refusal(value: unknown): FlowhookError {
  try {
    parseEvent(value);
  } catch (err) {
    if (err instanceof FlowhookError) return err;
    throw err;
  }
  throw new Error('parseEvent accepted the event');
}

describe('parseEvent', () => {
  it('accepts a valid event and returns an equal new object', () => {
    const input = sampleEvent('RequestGranted');
    const event = parseEvent(input);
    expect(event).toEqual(SAMPLE_EVENTS.RequestGranted);
    expect(event).not.toBe(input);
    expect(event.data).not.toBe(input.data);
    expect(event.data.access_groups[0]).not.toBe(input.data.access_groups[0]);
  });

  it('accepts fields the schema does not describe, so newer payloads still pass', () => {
    const input = { ...sampleEvent('RequestCreated'), tenant_id: 't-1' };
    expect(parseEvent(input)).toEqual(input);
  });

  it('normalises an AccessRequest… event type to its trigger without changing the input', () => {
    const input = { ...sampleEvent('RequestCreated'), event_type: 'AccessRequestCreated' };
    expect(parseEvent(input).event_type).toBe('RequestCreated');
    expect(input.event_type).toBe('AccessRequestCreated');
  });

  it('refuses an event type that is not one of the six triggers', () => {
    const err = refusal({ ...sampleEvent('RequestCreated'), event_type: 'RequestRevoked' });
    expect(err.code).toBe('FLOWHOOK_EVENT_INVALID');
    expect(err.details).toEqual([
      { path: '$.event_type', message: `must be one of ${TRIGGER_LIST}, not "RequestRevoked"` },
    ]);
    expect(err.message).toBe(
      `access-request event has 1 problem: $.event_type must be one of ${TRIGGER_LIST}, not "RequestRevoked"`,
    );
    expect(err.hint).toBe(HINT);
  });

  it('lists every problem with its JSON path', () => {
    const input = sampleEvent('RequestCreated') as unknown as {
      event_time: unknown;
      data: { id?: string; requester: { email: unknown }; access_groups: { integration?: unknown }[] };
    };
    input.event_time = '1795511645.48';
    delete input.data.id;
    input.data.requester.email = 42;
    delete input.data.access_groups[0]!.integration;
    const err = refusal(input);
    expect(err.code).toBe('FLOWHOOK_EVENT_INVALID');
    expect(err.details).toEqual([
      { path: '$.event_time', message: 'must be number' },
      { path: '$.data.id', message: 'is required' },
      { path: '$.data.requester.email', message: 'must be string' },
      { path: '$.data.access_groups[0].integration', message: 'is required' },
    ]);
    expect(err.message).toBe(
      'access-request event has 4 problems: $.event_time must be number; $.data.id is required; ' +
        '$.data.requester.email must be string; $.data.access_groups[0].integration is required',
    );
  });

  it('accepts a null bundle and explains a broken one by its own fields', () => {
    const withoutBundle = sampleEvent('RequestCreated');
    withoutBundle.data.access_bundle = null;
    expect(parseEvent(withoutBundle).data.access_bundle).toBeNull();
    const broken = sampleEvent('RequestCreated') as unknown as { data: { access_bundle: unknown } };
    broken.data.access_bundle = { id: 7, name: 'Payments on-call' };
    expect(refusal(broken).details).toEqual([{ path: '$.data.access_bundle.id', message: 'must be string' }]);
  });

  it('refuses a value that is not an object', () => {
    expect(refusal('RequestCreated').details).toEqual([{ path: '$', message: 'must be object' }]);
    expect(refusal(null).details).toEqual([{ path: '$', message: 'must be object' }]);
  });

  it('refuses an event without event_type, saying it is required', () => {
    const { event_type: _omitted, ...input } = sampleEvent('RequestCreated');
    expect(refusal(input).details).toEqual([{ path: '$.event_type', message: 'is required' }]);
  });
});
