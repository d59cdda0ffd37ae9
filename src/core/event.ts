/**
 * Reading an access-request event from outside (a file, an API body): checked against the payload schema
 * in openapi/flowhook.yaml, with its `event_type` normalised to one of the six triggers.
 */
import { FlowhookError, problemSummary, type Problem } from '../errors.js';
import { flowhookSchemas } from '../flowhook-schemas.js';
import type { AccessRequestEvent } from '../types.js';
import { TRIGGERS, isTrigger, normaliseEventType } from './triggers.js';

const checkSchema = flowhookSchemas.validator('AccessRequestEvent');
const TRIGGER_LIST = TRIGGERS.map((trigger) => JSON.stringify(trigger)).join(', ');

/**
 * A new, valid event built from `value`, with `AccessRequestCreated`-style event types renamed to their
 * trigger (`RequestCreated`). Throws FLOWHOOK_EVENT_INVALID listing every problem by JSON path.
 */
export function parseEvent(value: unknown): AccessRequestEvent {
  return structuredClone(checkEvent(value));
}

/**
 * The same check as {@link parseEvent} without the deep copy, for a caller that only reads the event
 * before it has written it out (ingest stores it as JSON text at once). `value` itself is returned, or a
 * shallow copy of it when its `event_type` is renamed; `value` is never changed.
 */
export function checkEvent(value: unknown): AccessRequestEvent {
  const problems = checkSchema(value);
  if (isRecord(value) && typeof value.event_type === 'string' && !isTrigger(normaliseEventType(value.event_type))) {
    problems.push({
      path: '$.event_type',
      message: `must be one of ${TRIGGER_LIST}, not ${JSON.stringify(value.event_type)}`,
    });
  }
  if (problems.length > 0) throw invalidEvent(problems);
  const event = value as AccessRequestEvent;
  const eventType = normaliseEventType(event.event_type);
  return eventType === event.event_type ? event : { ...event, event_type: eventType };
}

function invalidEvent(problems: Problem[]): FlowhookError {
  return new FlowhookError('FLOWHOOK_EVENT_INVALID', problemSummary('access-request event', problems), {
    hint:
      'Fix the field at each JSON path listed in details; ' +
      'the payload schema is AccessRequestEvent in openapi/flowhook.yaml.',
    details: problems,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
