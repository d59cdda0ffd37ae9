/**
 * One delivery attempt: render the body, authorise, send, validate, and record what happened as an
 * invocation record with every secret redacted. `compileWebhook` does everything that can be done once
 * per config; `deliver` never throws for a failed delivery, it returns a record whose verdict is
 * `failed` with a reason a person can act on.
 */
import type { Dispatcher } from 'undici';
import type { Authorisation, Authoriser } from './auth/authoriser.js';
import { createOAuthAuthoriser } from './auth/oauth-authoriser.js';
import { createStaticAuthoriser } from './auth/static-authoriser.js';
import { credentialPlacement } from './core/credential-placement.js';
import { explainStatus, explainTimeout, withHint } from './core/failure-reason.js';
import { flowPath, recogniseOktaUrl, type OktaUrl } from './core/okta-url.js';
import { redactHeaders, redactUrl, secretsOf } from './core/redact.js';
import { redactorCache } from './core/redactor-cache.js';
import { compileTemplate, type CompiledTemplate } from './core/render.js';
import { compileResponseValidators, describeValidatorFailures, type ValidatorOutcome } from './core/response-validators.js';
import { isTrigger, normaliseEventType } from './core/triggers.js';
import { ALLOW_LOCAL_HOW, checkUrlRules, targetPolicy, type LocalTargetOptions, type TargetPolicy } from './core/url-policy.js';
import { FlowhookError, isFlowhookError } from './errors.js';
import { send, SendError, type RawResponse, type SendRequest } from './http/send.js';
import type { AccessRequestEvent, InvocationRecord, Trigger, WebhookConfig } from './types.js';
import { USER_AGENT } from './version.js';

/**
 * `allowLocal`: allow loopback and private targets, plain http and custom ports (the mock), `--allow-local`;
 * `allowNet`: allow only the networks listed instead, `--allow-net`.
 */
export interface CompileWebhookOptions extends LocalTargetOptions {
  /** Replaces the authoriser built from `authentication_config`. */
  authoriser?: Authoriser;
  /** A pool from `createSenderAgent` (e.g. with a test CA); the shared pools otherwise. */
  dispatcher?: Dispatcher;
}

export interface CompiledWebhook {
  readonly config: WebhookConfig;
  readonly template: CompiledTemplate;
  readonly validate: (body: string) => ValidatorOutcome[];
  /** Every secret the config holds. */
  readonly secrets: readonly string[];
  /** Redacts the config's secrets and the credentials of the authorisation in use. */
  readonly redactorFor: (authorisation: Authorisation) => (text: string) => string;
  /** The URL, parsed once. */
  readonly target: URL;
  /** The URL as records show it. */
  readonly redactedUrl: string;
  /** The config's headers, lowercased, without the ones flowhook sets itself. */
  readonly headers: Readonly<Record<string, string>>;
  readonly okta: OktaUrl | null;
  readonly authoriser: Authoriser;
  /** What the config says about authentication; the authoriser's own description replaces it once it answers. */
  readonly auth: InvocationRecord['auth'];
  /** Which targets it may connect to. */
  readonly policy: TargetPolicy;
  readonly dispatcher: Dispatcher | undefined;
}

export interface DeliverOptions {
  /** The `webhook-id` header: the same on every retry of one delivery. */
  deliveryId: string;
  now?: () => Date;
}

/** Compiles the template and validators and builds the authoriser; throws FlowhookError for a config that cannot deliver. */
export function compileWebhook(config: WebhookConfig, options: CompileWebhookOptions = {}): CompiledWebhook {
  const policy = targetPolicy(options);
  const urlProblems = checkUrlRules(config.url, policy.options);
  if (urlProblems.length > 0) {
    throw new FlowhookError('FLOWHOOK_URL_REFUSED', `webhook "${config.name}": the URL ${urlProblems.map((p) => p.message).join('; it ')}`, {
      hint: `use an https:// URL without a port on a public host, or allow local test targets: ${ALLOW_LOCAL_HOW}`,
      details: urlProblems,
    });
  }
  const secrets = secretsOf(config);
  return Object.freeze({
    config,
    template: compileTemplate(config.body_template),
    validate: compileResponseValidators(config.response_validators),
    secrets,
    redactorFor: redactorCache(secrets),
    target: new URL(config.url),
    redactedUrl: redactUrl(config.url),
    headers: withoutProtocolHeaders(config.headers ?? {}),
    okta: recogniseOktaUrl(config.url),
    authoriser: options.authoriser ?? configuredAuthoriser(config, policy, options.dispatcher),
    auth: credentialPlacement(config),
    policy,
    dispatcher: options.dispatcher,
  });
}

/** Sends `event` once and records the attempt. */
export async function deliver(webhook: CompiledWebhook, event: AccessRequestEvent, options: DeliverOptions): Promise<InvocationRecord> {
  const startedAt = (options.now ?? (() => new Date()))();
  const started = performance.now();
  const trigger = normaliseEventType(event.event_type);
  if (!isTrigger(trigger)) {
    throw new FlowhookError('FLOWHOOK_EVENT_INVALID', `the event's "event_type" ${JSON.stringify(event.event_type)} is not a trigger`, {
      hint: 'check the event with parseEvent before delivering it',
      details: [{ path: '$.event_type', message: 'is not a trigger' }],
    });
  }
  const attempt = new Attempt(webhook, options.deliveryId, trigger, startedAt, started);
  try {
    return await attempt.run(event);
  } catch (err) {
    return attempt.failed('internal', `flowhook failed while delivering: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The state of one attempt while it runs; each way it can end builds the record. */
class Attempt {
  readonly #webhook: CompiledWebhook;
  readonly #base: Pick<InvocationRecord, 'deliveryId' | 'webhook' | 'trigger'>;
  readonly #startedAt: Date;
  readonly #started: number;
  readonly #method: string;
  #redact: (text: string) => string;
  #body = '';
  readonly #protocolHeaders: Readonly<Record<string, string>>;
  /** The headers of the last request sent. */
  #headers: Record<string, string>;
  #auth: InvocationRecord['auth'];
  #tokenMs: number | undefined;

  constructor(webhook: CompiledWebhook, deliveryId: string, trigger: Trigger, startedAt: Date, started: number) {
    this.#webhook = webhook;
    this.#base = { deliveryId, webhook: webhook.config.name, trigger };
    this.#startedAt = startedAt;
    this.#started = started;
    this.#method = webhook.config.method;
    this.#redact = webhook.redactorFor(NO_AUTHORISATION);
    const protocolHeaders: Record<string, string> = {};
    if (this.#method !== 'GET') protocolHeaders['content-type'] = 'application/json';
    protocolHeaders['user-agent'] = USER_AGENT;
    protocolHeaders['webhook-id'] = deliveryId;
    protocolHeaders['webhook-timestamp'] = String(Math.floor(startedAt.getTime() / 1000));
    this.#protocolHeaders = protocolHeaders;
    this.#headers = protocolHeaders;
    this.#auth = webhook.auth;
  }

  async run(event: AccessRequestEvent): Promise<InvocationRecord> {
    const { template, authoriser } = this.#webhook;
    let rendered: string;
    try {
      rendered = template.render(event);
    } catch (err) {
      if (!isFlowhookError(err)) throw err;
      return this.failed('template', err.message, err.hint);
    }
    // A GET carries no body; the template is still rendered so that its mistakes show.
    if (this.#method !== 'GET') this.#body = rendered;

    let authorisation = await this.#authorise();
    if (!('headers' in authorisation)) return authorisation;
    let response = await this.#send(authorisation);
    if (!('status' in response)) return response;

    // A refused OAuth token may have been revoked or rotated early: fetch a new one and try once more.
    if (response.status === 401 && authorisation.describe.kind === 'oauth') {
      authoriser.invalidate(authorisation.headers);
      this.#auth = { ...this.#auth, tokenRefreshed: true };
      authorisation = await this.#authorise();
      if (!('headers' in authorisation)) return authorisation;
      response = await this.#send(authorisation);
      if (!('status' in response)) return response;
    }
    return this.#judged(response);
  }

  async #authorise(): Promise<Authorisation | InvocationRecord> {
    const { authoriser } = this.#webhook;
    const started = performance.now();
    let authorisation: Authorisation;
    try {
      authorisation = await authoriser.authorise();
    } catch (err) {
      this.#tokenMs = (this.#tokenMs ?? 0) + performance.now() - started;
      const endpoint = (err as { tokenEndpoint?: unknown }).tokenEndpoint;
      if (typeof endpoint === 'string') this.#auth = { ...this.#auth, tokenEndpoint: redactUrl(endpoint) };
      const message = err instanceof Error ? err.message : String(err);
      return this.failed('token', `no access token: ${message}`, isFlowhookError(err) ? err.hint : undefined);
    }
    if (authorisation.describe.kind === 'oauth') this.#tokenMs = (this.#tokenMs ?? 0) + performance.now() - started;
    this.#auth = this.#auth.tokenRefreshed === true ? Object.assign({}, authorisation.describe, { tokenRefreshed: true }) : authorisation.describe;
    this.#redact = this.#webhook.redactorFor(authorisation);
    return authorisation;
  }

  async #send(authorisation: Authorisation): Promise<RawResponse | InvocationRecord> {
    const { config, policy, dispatcher } = this.#webhook;
    // The protocol headers come last: neither a config nor an authoriser can override them.
    const headers = Object.assign({}, this.#webhook.headers, withoutProtocolHeaders(authorisation.headers), this.#protocolHeaders);
    this.#headers = headers;
    const request: SendRequest = { method: this.#method, url: this.#webhook.target, headers, timeoutMs: config.timeout_in_sec * 1000 };
    if (this.#method !== 'GET') request.body = this.#body;
    try {
      return await send(request, { policy, dispatcher });
    } catch (err) {
      if (!(err instanceof SendError)) throw err;
      const reason = err.kind === 'timeout' ? explainTimeout(config.timeout_in_sec, err.message) : err.message;
      return this.failed(err.kind, err.message, err.hint, reason);
    }
  }

  #judged(response: RawResponse): InvocationRecord {
    const validators = this.#webhook.validate(response.body).map((outcome) => this.#redactOutcome(outcome));
    const ok = response.status >= 200 && response.status < 300;
    const validatorFailure = describeValidatorFailures(validators);
    const reason = ok ? validatorFailure : this.#statusReason(response);
    return this.#record({
      response: {
        status: response.status,
        headers: redactHeaders(response.headers),
        body: this.#redact(response.body),
        bodyTruncated: response.bodyTruncated,
      },
      headersMs: response.headersMs,
      validators,
      verdict: reason === undefined ? 'successful' : 'failed',
      reason,
    });
  }

  /** A failed attempt that got no usable response. */
  failed(kind: NonNullable<InvocationRecord['error']>['kind'], message: string, hint?: string, reason = message): InvocationRecord {
    return this.#record({
      error: { kind, message: this.#redact(message) },
      validators: [],
      verdict: 'failed',
      reason: this.#redact(withHint(reason, hint)),
    });
  }

  #record(end: {
    response?: InvocationRecord['response'];
    error?: InvocationRecord['error'];
    headersMs?: number;
    validators: ValidatorOutcome[];
    verdict: InvocationRecord['verdict'];
    reason?: string;
  }): InvocationRecord {
    // Built by assignment: spreading optional parts into a literal costs more than the rest of a delivery.
    const timings: InvocationRecord['timings'] = { startedAt: this.#startedAt.toISOString(), totalMs: 0 };
    if (this.#tokenMs !== undefined) timings.tokenMs = round(this.#tokenMs);
    if (end.headersMs !== undefined) timings.headersMs = round(end.headersMs);
    timings.totalMs = round(performance.now() - this.#started);
    const record: InvocationRecord = {
      deliveryId: this.#base.deliveryId,
      webhook: this.#base.webhook,
      trigger: this.#base.trigger,
      request: {
        method: this.#method,
        url: this.#webhook.redactedUrl,
        headers: redactHeaders(this.#headers),
        body: this.#redact(this.#body),
      },
      timings,
      validators: end.validators,
      auth: this.#auth,
      verdict: end.verdict,
    };
    if (end.response !== undefined) record.response = end.response;
    if (end.error !== undefined) record.error = end.error;
    if (end.reason !== undefined) record.reason = this.#redact(end.reason);
    return record;
  }

  #statusReason(response: RawResponse): string {
    const { okta, target } = this.#webhook;
    const isFlow = okta !== null || flowPath(target.pathname) !== null;
    return explainStatus(response, { method: this.#method, isFlow, auth: this.#auth, redact: this.#redact });
  }

  #redactOutcome(outcome: ValidatorOutcome): ValidatorOutcome {
    if (outcome.actual === undefined) return outcome;
    const redacted: ValidatorOutcome = { ...outcome, actual: redactValue(outcome.actual, this.#redact) };
    if (outcome.reason !== undefined) redacted.reason = this.#redact(outcome.reason);
    return redacted;
  }
}

/** The authoriser of a config without an external one: OAuth, or the static one for a bearer token, a client token or none. */
function configuredAuthoriser(config: WebhookConfig, policy: TargetPolicy, dispatcher: Dispatcher | undefined): Authoriser {
  const oauth = config.authentication_config?.oauth;
  if (oauth) return createOAuthAuthoriser(oauth, config.url, { ...policy.options, ...(dispatcher === undefined ? {} : { dispatcher }) });
  return createStaticAuthoriser(config);
}

function redactValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, redact)]));
  }
  return value;
}

const PROTOCOL_HEADERS = new Set(['content-type', 'user-agent', 'webhook-id', 'webhook-timestamp']);
const NO_AUTHORISATION: Authorisation = { headers: {}, describe: { kind: 'none' } };

/** `headers` lowercased, without the headers flowhook sets itself. */
function withoutProtocolHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!PROTOCOL_HEADERS.has(lower)) kept[lower] = value;
  }
  return kept;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
