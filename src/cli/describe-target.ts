/**
 * One sentence for people about where a webhook sends: the Okta Workflows URL form that okta-url
 * recognised, or why the URL is not one, and where the credential sits.
 */
import { oauthConfigProblems, readOAuthSettings } from '../core/oauth-settings.js';
import { CLIENT_TOKEN_QUERY, flowPath, recogniseOktaUrl } from '../core/okta-url.js';
import type { WebhookConfig } from '../types.js';

const CLIENT_TOKEN_HEADER = 'x-api-client-token';

/** `config.url` must be a URL (a checked config's is). */
export function describeTarget(config: Pick<WebhookConfig, 'url' | 'headers' | 'authentication_config'>): string {
  const credential = credentialPlace(config);
  const okta = recogniseOktaUrl(config.url);
  if (okta !== null) {
    if (okta.clientTokenIn !== null || credential === undefined) return okta.description;
    return `Okta Workflows invoke URL of org "${okta.org}", flow alias "${okta.alias ?? ''}": ${credential}.`;
  }
  const url = new URL(config.url);
  const path = flowPath(url.pathname);
  const form =
    path === null
      ? 'a path that is not a flow path (/api/flo/<alias>/invoke)'
      : path.form === 'invoke'
        ? `Okta's invoke path for the flow alias "${path.alias}"`
        : "the Apono guide's path form …/api/flo/<clientToken>";
  return (
    `not an Okta Workflows URL (${url.host} is not <org>.workflows.okta.com), with ${form}: ` +
    `${credential ?? 'no credential is sent, so the flow must be public'}.`
  );
}

function credentialPlace(config: Pick<WebhookConfig, 'url' | 'headers' | 'authentication_config'>): string | undefined {
  const url = new URL(config.url);
  if (url.searchParams.has(CLIENT_TOKEN_QUERY)) return `the client token is in the "${CLIENT_TOKEN_QUERY}" query parameter`;
  if (flowPath(url.pathname)?.form === 'client-token-path') return 'the client token is the last path segment';
  const headers = Object.keys(config.headers ?? {}).map((name) => name.toLowerCase());
  if (headers.includes(CLIENT_TOKEN_HEADER)) return `the client token is in the "${CLIENT_TOKEN_HEADER}" header`;
  const auth = config.authentication_config;
  if (auth?.oauth) {
    const settings = oauthConfigProblems(auth.oauth, config.url).length === 0 ? readOAuthSettings(auth.oauth, config.url) : undefined;
    const from = settings === undefined ? '' : ` from ${settings.tokenEndpoint}`;
    return `an OAuth 2.0 access token of the client "${auth.oauth.client_id}"${from} is sent in the Authorization header`;
  }
  if (auth?.bearer || headers.includes('authorization')) return 'a token is sent in the Authorization header';
  return undefined;
}
