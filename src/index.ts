/** flowhook's public API. */
export { FlowhookError, ERROR_CODES, isFlowhookError } from './errors.js';
export type { FlowhookErrorCode, Problem } from './errors.js';
export { TRIGGERS, isTrigger, normaliseEventType } from './core/triggers.js';
export type * from './types.js';
