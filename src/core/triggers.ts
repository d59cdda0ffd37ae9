import type { Trigger } from '../types.js';

/** The six access-request status changes that fire request webhooks, in Apono's order. */
export const TRIGGERS: readonly Trigger[] = [
  'RequestCreated',
  'RequestApproved',
  'RequestRejected',
  'RequestGranted',
  'RequestExpired',
  'RequestFailed',
];

export function isTrigger(value: unknown): value is Trigger {
  return typeof value === 'string' && (TRIGGERS as readonly string[]).includes(value);
}

/** `AccessRequestCreated` (seen in one Apono example) → `RequestCreated`; other names are returned as given. */
export function normaliseEventType(eventType: string): string {
  return eventType.startsWith('AccessRequest') ? eventType.slice('Access'.length) : eventType;
}
