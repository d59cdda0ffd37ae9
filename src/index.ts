/**
 * `flowhook`: the connector. Configs, events and their samples, matching, rendering, `compileWebhook()`
 * and `deliver()`, and the errors they throw. The mock lives in `flowhook/mock-okta` and the durable
 * engine in `flowhook/engine`; importing this loads neither.
 */
export { FlowhookError, ERROR_CODES, isFlowhookError } from './errors.js';
export type { FlowhookErrorCode, Problem } from './errors.js';
export { TRIGGERS, isTrigger, normaliseEventType } from './core/triggers.js';
export { SAMPLE_EVENTS, sampleEvent } from './core/samples.js';
export { parseEvent } from './core/event.js';
export { WEBHOOK_DEFAULTS, parseWebhookConfig, validateWebhookConfig } from './core/webhook-config.js';
export type { WebhookConfigOptions } from './core/webhook-config.js';
export { matchWebhook } from './core/match.js';
export type { MatchDecision } from './core/match.js';
export { checkUrlRules, isLocalAddress } from './core/url-policy.js';
export { recogniseOktaUrl } from './core/okta-url.js';
export type { OktaUrl } from './core/okta-url.js';
export { compileTemplate } from './core/render.js';
export type { CompiledTemplate } from './core/render.js';
export { unknownTemplatePaths } from './core/template-lint.js';
export type { UnknownTemplatePath } from './core/template-lint.js';
export { compileResponseValidators } from './core/response-validators.js';
export type { ValidatorOutcome } from './core/response-validators.js';
export { REDACTED, redactHeaders, redactText, redactUrl, secretsOf } from './core/redact.js';
export { compileWebhook, deliver } from './deliver.js';
export { createOAuthAuthoriser, OAuthAuthoriser } from './auth/oauth-authoriser.js';
export type { OAuthAuthoriserOptions } from './auth/oauth-authoriser.js';
export { describeOAuth, oauthConfigProblems, readOAuthSettings, OKTA_WORKFLOWS_SCOPE } from './core/oauth-settings.js';
export type { ClientAuthMethod, OAuthSettings } from './core/oauth-settings.js';
export { TokenCache } from './auth/token-cache.js';
export { TokenRequestError } from './auth/token-error.js';
export type { TokenFailureSide } from './auth/token-error.js';
export { closeTokenAgents } from './auth/token-request.js';
export type { Authorisation, Authoriser } from './auth/authoriser.js';
export type { CompiledWebhook, CompileWebhookOptions, DeliverOptions } from './deliver.js';
export { DEFAULT_RETRY_SCHEDULE_SEC, decideRetry, requestedWait } from './core/retry-policy.js';
export type { AttemptOutcome, RetryDecision, RetryInput } from './core/retry-policy.js';
export type * from './types.js';
