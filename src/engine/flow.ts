/**
 * The flow a webhook delivers to, and how fast: deliveries are paced and isolated per target flow
 * (the URL's origin and path; the query, where a client token may sit, does not make another flow).
 */
import { createHash } from 'node:crypto';
import { recogniseOktaUrl } from '../core/okta-url.js';
import type { WebhookConfig } from '../types.js';

export interface FlowTarget {
  /** `https://acme.workflows.okta.com/api/flo/abc/invoke`: never shown, the path may hold a client token. */
  key: string;
  /** A digest of `key`, which a store may keep: the flow's pace is shared under it. */
  id: string;
  /** Deliveries per second, or undefined when the flow is not paced. */
  ratePerSec: number | undefined;
}

/**
 * `rate_limit_per_sec` when the webhook sets it (0 = unpaced); otherwise `oktaRatePerSec` for an Okta
 * Workflows URL, whose flows answer 429 beyond 10 invocations per second, and unpaced for any other host.
 */
export function flowTarget(config: Pick<WebhookConfig, 'url' | 'rate_limit_per_sec'>, oktaRatePerSec: number): FlowTarget {
  const url = new URL(config.url);
  const rate = config.rate_limit_per_sec ?? (recogniseOktaUrl(config.url) ? oktaRatePerSec : 0);
  const key = `${url.origin}${url.pathname}`;
  return { key, id: createHash('sha256').update(key).digest('base64url'), ratePerSec: rate > 0 ? rate : undefined };
}

/** Several webhooks may share a flow; the flow then goes at the slowest of their rates. */
export function sharedRate(rates: ReadonlyArray<number | undefined>): number | undefined {
  const paced = rates.filter((rate): rate is number => rate !== undefined);
  return paced.length > 0 ? Math.min(...paced) : undefined;
}
