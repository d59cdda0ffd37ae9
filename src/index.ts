/** flowhook's public API. */
export { FlowhookError, ERROR_CODES, isFlowhookError } from './errors.js';
export type { FlowhookErrorCode, Problem } from './errors.js';
export { TRIGGERS, isTrigger, normaliseEventType } from './core/triggers.js';
export { SAMPLE_EVENTS, sampleEvent } from './core/samples.js';
export { parseEvent } from './core/event.js';
export { WEBHOOK_DEFAULTS, parseWebhookConfig, validateWebhookConfig } from './core/webhook-config.js';
export type { WebhookConfigOptions } from './core/webhook-config.js';
export { matchWebhook } from './core/match.js';
export type { MatchDecision } from './core/match.js';
export type * from './types.js';
