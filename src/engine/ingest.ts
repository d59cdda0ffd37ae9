/**
 * Accepting an access-request event: it is checked, matched against every webhook, and turned into what
 * the store writes in a single transaction, the event with one delivery per matching webhook. Only once
 * that is written is the event accepted; an event that cannot be written is refused as a whole.
 */
import { checkEvent } from '../core/event.js';
import { matchWebhook } from '../core/match.js';
import type { NewDelivery, NewEvent } from '../store/store.js';
import type { IngestResultJson, Trigger } from '../types.js';
import { newId } from './ids.js';
import type { RegisteredWebhook } from './webhook-registry.js';

/** The deliveries an event got, and why each other webhook skipped it (the answer of POST /api/events). */
export type IngestResult = IngestResultJson;

export interface PreparedIngest {
  /** The event as it is written. */
  newEvent: NewEvent;
  deliveries: NewDelivery[];
  result: IngestResult;
}

/**
 * Throws FLOWHOOK_EVENT_INVALID when `value` is not an access-request event. The event is turned into
 * JSON text here, so a caller that changes its object afterwards changes nothing that is written.
 */
export function prepareIngest(value: unknown, webhooks: readonly RegisteredWebhook[], now: number): PreparedIngest {
  const event = checkEvent(value);
  const eventType = event.event_type as Trigger;
  const result: IngestResult = { eventId: newId('evt'), eventType, deliveries: [], skipped: [] };
  const deliveries: NewDelivery[] = [];
  for (const { stored } of webhooks) {
    const decision = matchWebhook(stored.config, event);
    const webhook = stored.config.name;
    if (!decision.send) {
      result.skipped.push({ webhookId: stored.id, webhook, reason: decision.reason });
      continue;
    }
    const id = newId('dlv');
    deliveries.push({ id, webhookId: stored.id, webhookName: webhook, nextAttemptAt: now });
    result.deliveries.push({ id, webhookId: stored.id, webhook });
  }
  const newEvent: NewEvent = { id: result.eventId, eventType, payloadJson: JSON.stringify(event), receivedAt: now };
  return { newEvent, deliveries, result };
}
