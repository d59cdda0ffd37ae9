/**
 * The JSON the management API answers with, built from the engine's values: times as ISO 8601 strings,
 * webhook secrets as `[REDACTED]`, invocation records as invocation-view shows them. The shapes are those
 * of openapi/flowhook.yaml.
 */
import { flowPath, recogniseOktaUrl } from '../core/okta-url.js';
import type { RegisteredWebhook } from '../engine/webhook-registry.js';
import type { AttemptRow, DeliveryDetail, DeliveryPage, DeliverySummary } from '../store/store.js';
import type { AttemptJson, DeliveryDetailJson, DeliveryListJson, DeliverySummaryJson, OktaUrlDescriptionJson, WebhookJson } from '../types.js';
import { invocationJson } from './invocation-view.js';
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

/**
 * What `url` is to Okta Workflows. Built field by field, so the client token that two of the forms
 * carry is never copied into the answer.
 */
export function oktaUrlJson(url: string): OktaUrlDescriptionJson {
  if (!URL.canParse(url)) return { okta: null, flowPath: null };
  const okta = recogniseOktaUrl(url);
  const path = flowPath(new URL(url).pathname);
  return {
    okta:
      okta === null
        ? null
        : {
            form: okta.form,
            org: okta.org,
            workflowsHost: okta.workflowsHost,
            orgTokenUrl: okta.orgTokenUrl,
            ...(okta.alias === undefined ? {} : { alias: okta.alias }),
            clientTokenIn: okta.clientTokenIn,
            description: okta.description,
          },
    flowPath: path === null ? null : path.form === 'invoke' ? { form: 'invoke', alias: path.alias } : { form: 'client-token-path' },
  };
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
    record: invocationJson(attempt.record),
  };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function isoOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : iso(epochMs);
}
