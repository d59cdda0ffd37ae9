/**
 * The sender's OAuth 2.0 step: an `Authorization: Bearer` header from a client credentials token,
 * fetched once and shared until shortly before it expires. After the flow refuses a token (401), the
 * sender calls `invalidate` and asks again, which fetches a new one.
 */
import type { Dispatcher } from 'undici';
import { readOAuthSettings, type OAuthSettings } from '../core/oauth-settings.js';
import { redactUrl } from '../core/redact.js';
import type { LocalTargetOptions } from '../core/url-policy.js';
import type { InvocationRecord, OAuthConfig } from '../types.js';
import type { Authorisation, Authoriser } from './authoriser.js';
import { sharedTokenCache, type TokenCache } from './token-cache.js';
import { requestAccessToken, type TokenFetch } from './token-request.js';
import { processAccessTokenResponse } from './token-response.js';

/** `allowLocal` / `allowNet`: which local token URLs are allowed, with plain http (the mock): the operator's `--allow-local` or `--allow-net`. */
export interface OAuthAuthoriserOptions extends LocalTargetOptions {
  /** The fetch token requests go through; undici's through `dispatcher` unless given. */
  fetch?: TokenFetch;
  /** The connection pool for token requests; one that refuses local addresses at connect time as the target policy says. */
  dispatcher?: Dispatcher;
  /** Where tokens are kept; shared by every authoriser unless given. */
  cache?: TokenCache;
  /** How long to wait for the token endpoint; 10 s unless given. */
  timeoutMs?: number;
}

export class OAuthAuthoriser implements Authoriser {
  readonly settings: OAuthSettings;
  readonly #cache: TokenCache;
  readonly #options: OAuthAuthoriserOptions;
  readonly #describe: InvocationRecord['auth'];

  constructor(settings: OAuthSettings, options: OAuthAuthoriserOptions = {}) {
    this.settings = settings;
    this.#cache = options.cache ?? sharedTokenCache;
    this.#options = options;
    this.#describe = {
      kind: 'oauth',
      tokenEndpoint: redactUrl(settings.tokenEndpoint),
      clientId: settings.clientId,
      clientAuthMethod: settings.clientAuthMethod,
      scopes: [...settings.scopes],
    };
  }

  /** The bearer header; throws FLOWHOOK_TOKEN_FAILED when no token can be had. */
  async authorise(): Promise<Authorisation> {
    const token = await this.#cache.get(this.settings.cacheKey, () => this.#fetchToken());
    return { headers: { authorization: `Bearer ${token}` }, describe: { ...this.#describe } };
  }

  /**
   * Forgets the token after the flow refused it. Given the headers of the refused request, only that
   * token is forgotten, so concurrent refusals of one old token cause one new token request.
   */
  invalidate(refusedHeaders?: Record<string, string>): void {
    const refused = refusedHeaders?.authorization?.replace(/^Bearer /, '');
    this.#cache.invalidate(this.settings.cacheKey, refused);
  }

  async #fetchToken(): Promise<{ value: string; expiresInSec: number | undefined }> {
    const response = await requestAccessToken(this.settings, this.#options);
    return processAccessTokenResponse(this.settings, response);
  }
}

/** The authoriser of a webhook's `authentication_config.oauth`; throws FLOWHOOK_CONFIG_INVALID on a bad config. */
export function createOAuthAuthoriser(
  oauth: OAuthConfig,
  webhookUrl: string,
  options: OAuthAuthoriserOptions = {},
): OAuthAuthoriser {
  return new OAuthAuthoriser(readOAuthSettings(oauth, webhookUrl, options), options);
}
