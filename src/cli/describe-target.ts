/**
 * One sentence for people about where a webhook sends: the Okta Workflows URL form that okta-url
 * recognised, or why the URL is not one, and where the credential sits.
 */
import { describeCredential } from '../core/credential-placement.js';
import { flowPath, recogniseOktaUrl } from '../core/okta-url.js';
import type { WebhookConfig } from '../types.js';

/** `config.url` must be a URL (a checked config's is). */
export function describeTarget(config: Pick<WebhookConfig, 'url' | 'headers' | 'authentication_config'>): string {
  const credential = describeCredential(config);
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
