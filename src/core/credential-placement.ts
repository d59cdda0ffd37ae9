/**
 * Where a webhook's credential sits: an Okta client token in the `clientToken` query parameter, as the
 * last segment of the Apono guide's `…/api/flo/<clientToken>` path or in the `x-api-client-token`
 * header; a bearer token or an OAuth 2.0 access token in the Authorization header; or none at all.
 */
import type { InvocationRecord, WebhookConfig } from '../types.js';
import { oauthConfigProblems, readOAuthSettings } from './oauth-settings.js';
import { CLIENT_TOKEN_QUERY, flowPath } from './okta-url.js';

export const CLIENT_TOKEN_HEADER = 'x-api-client-token';

/** How a webhook authenticates and where its client token sits, in the words of invocation records. */
export type CredentialPlacement = Pick<InvocationRecord['auth'], 'kind' | 'clientTokenIn'>;
export type ClientTokenPlace = NonNullable<InvocationRecord['auth']['clientTokenIn']>;

type CredentialFields = Pick<WebhookConfig, 'url' | 'headers' | 'authentication_config'>;

/**
 * OAuth, a bearer token (configured, or an Authorization header of the Bearer scheme), a client token or
 * none; a client token beside OAuth or a bearer token is named too. `config.url` must be a URL.
 */
export function credentialPlacement(config: CredentialFields): CredentialPlacement {
  const clientTokenIn = clientTokenPlace(config);
  const withClientToken = clientTokenIn === undefined ? {} : { clientTokenIn };
  const auth = config.authentication_config;
  if (auth?.oauth) return { kind: 'oauth', ...withClientToken };
  if (auth?.bearer || /^Bearer\s/i.test(headerValue(config, 'authorization') ?? '')) return { kind: 'bearer', ...withClientToken };
  if (clientTokenIn !== undefined) return { kind: 'client_token', clientTokenIn };
  return { kind: 'none' };
}

/** Where the client token sits: the header first, then the URL. `config.url` must be a URL. */
export function clientTokenPlace(config: Pick<WebhookConfig, 'url' | 'headers'>): ClientTokenPlace | undefined {
  if (headerValue(config, CLIENT_TOKEN_HEADER) !== undefined) return 'header';
  return clientTokenInUrl(new URL(config.url));
}

/** Where `url` carries a client token. The mock serves Okta's paths on any host, so the path form counts on every host. */
export function clientTokenInUrl(url: URL): 'query' | 'path' | undefined {
  if (url.searchParams.has(CLIENT_TOKEN_QUERY)) return 'query';
  return flowPath(url.pathname)?.form === 'client-token-path' ? 'path' : undefined;
}

/** One clause for people about where the credential sits; undefined when the config sends none. */
export function describeCredential(config: CredentialFields): string | undefined {
  const placement = credentialPlacement(config);
  switch (placement.clientTokenIn) {
    case 'query':
      return `the client token is in the "${CLIENT_TOKEN_QUERY}" query parameter`;
    case 'path':
      return 'the client token is the last path segment';
    case 'header':
      return `the client token is in the "${CLIENT_TOKEN_HEADER}" header`;
    case undefined:
      break;
  }
  const oauth = config.authentication_config?.oauth;
  if (oauth) {
    const settings = oauthConfigProblems(oauth, config.url).length === 0 ? readOAuthSettings(oauth, config.url) : undefined;
    const from = settings === undefined ? '' : ` from ${settings.tokenEndpoint}`;
    return `an OAuth 2.0 access token of the client "${oauth.client_id}"${from} is sent in the Authorization header`;
  }
  if (placement.kind === 'bearer' || headerValue(config, 'authorization') !== undefined) return 'a token is sent in the Authorization header';
  return undefined;
}

function headerValue(config: Pick<WebhookConfig, 'headers'>, lowerName: string): string | undefined {
  return Object.entries(config.headers ?? {}).find(([name]) => name.toLowerCase() === lowerName)?.[1];
}
