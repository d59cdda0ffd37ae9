// @ts-check
/** Delivery statuses and attempt outcomes as badges. */
import { h } from './kit/dom.js';
import { readableReason } from './retries.js';

/** @typedef {import('./api.js').DeliveryStatus} DeliveryStatus */
/** @typedef {import('./api.js').Attempt['outcome']} AttemptOutcome */

/** @type {Record<DeliveryStatus | AttemptOutcome, { label: string, tone: string }>} */
const LOOKS = {
  pending: { label: 'Pending', tone: 'badge-warn' },
  in_flight: { label: 'Sending', tone: 'badge-info' },
  delivered: { label: 'Delivered', tone: 'badge-ok' },
  failed: { label: 'Failed', tone: 'badge-bad' },
  retry: { label: 'Will retry', tone: 'badge-warn' },
};

/** @param {DeliveryStatus | AttemptOutcome} status */
export function deliveryBadge(status) {
  const look = LOOKS[status];
  return h('span', { class: `badge ${look.tone}` }, look.label);
}

/**
 * What the last attempt led to, with its HTTP status when the reason does not say it, and when the next
 * attempt is due if the engine scheduled one.
 * @param {import('./api.js').DeliverySummary} delivery
 * @returns {{ text: string, schedulesNext: boolean }}
 */
export function lastResult(delivery) {
  const { lastReason, lastHttpStatus } = delivery;
  if (lastReason === null) return { text: '', schedulesNext: false };
  const nextAttemptAt = delivery.status === 'pending' ? delivery.nextAttemptAt : null;
  const { text, schedulesNext } = readableReason(lastReason, { number: delivery.attemptCount, nextAttemptAt });
  return { text: lastHttpStatus === null || text.includes(String(lastHttpStatus)) ? text : `HTTP ${lastHttpStatus} · ${text}`, schedulesNext };
}
