/**
 * Accepting an access-request event: it is checked, matched against every webhook, and written with one
 * delivery per matching webhook in a single transaction. Only then is it accepted; an event that cannot
 * be written is refused as a whole.
 */
import { parseEvent } from '../core/event.js';
import { matchWebhook } from '../core/match.js';
import type { DeliveryStore, NewDelivery } from '../store/store.js';
import type { IngestResultJson, Trigger } from '../types.js';
import { newId } from './ids.js';
import type { RegisteredWebhook } from './webhook-registry.js';

/** The deliveries an event got, and why each other webhook skipped it (the answer of POST /api/events). */
export type IngestResult = IngestResultJson;

/** Throws FLOWHOOK_EVENT_INVALID (nothing written) when `value` is not an access-request event. */
export async function ingestEvent(
  value: unknown,
  webhooks: readonly RegisteredWebhook[],
  store: DeliveryStore,
  now: number,
): Promise<IngestResult> {
  const event = parseEvent(value);
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
  await store.ingest({ id: result.eventId, eventType, payload: event, receivedAt: now }, deliveries);
  return result;
}
