/**
 * The JSON the management API answers with, built from the engine's values: times as ISO 8601 strings,
 * webhook secrets as `[REDACTED]`. The shapes are those of openapi/flowhook.yaml.
 */
import type { RegisteredWebhook } from '../engine/webhook-registry.js';
import type { AttemptRow, DeliveryDetail, DeliveryPage, DeliverySummary } from '../store/store.js';
import type { AttemptJson, DeliveryDetailJson, DeliveryListJson, DeliverySummaryJson, WebhookJson } from '../types.js';
import { redactWebhookConfig } from './webhook-secrets.js';

export function webhookJson({ stored }: RegisteredWebhook): WebhookJson {
  const { name, ...config } = redactWebhookConfig(stored.config);
  return {
    id: stored.id,
    name,
    ...config,
    created_at: iso(stored.createdAt),
    updated_at: iso(stored.updatedAt),
  };
}

export function deliverySummaryJson(delivery: DeliverySummary): DeliverySummaryJson {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    webhookId: delivery.webhookId,
    webhook: delivery.webhookName,
    trigger: delivery.trigger,
    status: delivery.status,
    attemptCount: delivery.attemptCount,
    lastReason: delivery.lastReason,
    lastHttpStatus: delivery.lastHttpStatus,
    nextAttemptAt: isoOrNull(delivery.nextAttemptAt),
    createdAt: iso(delivery.createdAt),
    updatedAt: iso(delivery.updatedAt),
    completedAt: isoOrNull(delivery.completedAt),
    version: delivery.version,
  };
}

export function deliveryDetailJson(delivery: DeliveryDetail): DeliveryDetailJson {
  return { ...deliverySummaryJson(delivery), event: delivery.event, attempts: delivery.attempts.map(attemptJson) };
}

export function deliveryListJson(page: DeliveryPage): DeliveryListJson {
  return { deliveries: page.deliveries.map(deliverySummaryJson), cursor: page.cursor };
}

function attemptJson(attempt: AttemptRow): AttemptJson {
  return {
    number: attempt.number,
    startedAt: iso(attempt.startedAt),
    durationMs: attempt.durationMs,
    outcome: attempt.outcome === 'pending' ? 'retry' : attempt.outcome,
    httpStatus: attempt.httpStatus,
    reason: attempt.reason,
    nextAttemptAt: isoOrNull(attempt.nextAttemptAt),
    record: attempt.record,
  };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function isoOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : iso(epochMs);
}
