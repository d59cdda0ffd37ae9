/**
 * The authoriser of a webhook without OAuth. Its credential is fixed by the config: a bearer token
 * becomes the Authorization header, and a client token already rides in the URL or the config's own
 * `x-api-client-token` header, so nothing is added for it.
 */
import { credentialPlacement } from '../core/credential-placement.js';
import type { WebhookConfig } from '../types.js';
import { deepFreeze } from '../util/deep-freeze.js';
import type { Authorisation, Authoriser } from './authoriser.js';

/** For a config without `authentication_config.oauth`; `config.url` must be a URL. */
export function createStaticAuthoriser(config: WebhookConfig): Authoriser {
  const bearer = config.authentication_config?.bearer;
  const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer.token}` } : {};
  // Shared by every delivery of the webhook, so frozen.
  const authorisation: Authorisation = deepFreeze({ headers, describe: credentialPlacement(config) });
  return {
    authorise: () => Promise.resolve(authorisation),
    invalidate: () => undefined,
  };
}
