/**
 * Secrets of a webhook config as the API shows and takes them. Answers show every secret as
 * `[REDACTED]`: the client token in the URL (query or path), secret headers, the bearer token, the OAuth
 * client secret and private key. A config sent back with a secret still `[REDACTED]` keeps the stored
 * secret, so a UI can edit a webhook without ever holding its credentials.
 */
import { REDACTED, isSecretHeader, redactHeaders, redactUrl } from '../core/redact.js';
import { WEBHOOK_LIMITS } from '../core/webhook-config.js';
import { FlowhookError, problemSummary, type Problem } from '../errors.js';
import type { WebhookConfig } from '../types.js';

const REDACTED_IN_URL = String.raw`(?:\[REDACTED\]|%5BREDACTED%5D)`;
const PATH_TOKEN = /^([a-z]+:\/\/[^/?#]+\/api\/flo\/)([^/?#]+)(?=\/?(?:[?#]|$))/i;

/** The config with every secret shown as `[REDACTED]`. */
export function redactWebhookConfig(config: WebhookConfig): WebhookConfig {
  const redacted: WebhookConfig = { ...config, url: redactUrl(config.url) };
  if (config.headers) redacted.headers = redactHeaders(config.headers);
  const auth = config.authentication_config;
  if (auth) {
    redacted.authentication_config = {
      ...auth,
      ...(auth.bearer ? { bearer: { token: REDACTED } } : {}),
      ...(auth.oauth
        ? {
            oauth: {
              ...auth.oauth,
              ...(auth.oauth.client_secret === undefined ? {} : { client_secret: REDACTED }),
              ...(auth.oauth.private_key === undefined ? {} : { private_key: REDACTED }),
            },
          }
        : {}),
    };
  }
  return redacted;
}

/** `incoming` with each secret that is still `[REDACTED]` replaced by the stored one, where there is one. */
export function keepStoredSecrets(incoming: unknown, stored: WebhookConfig): unknown {
  if (!isRecord(incoming)) return incoming;
  const merged: Record<string, unknown> = { ...incoming };
  if (typeof merged.url === 'string') merged.url = keepUrlToken(merged.url, stored.url);
  if (isRecord(merged.headers)) {
    const storedHeaders = Object.entries(stored.headers ?? {});
    merged.headers = Object.fromEntries(
      Object.entries(merged.headers).map(([name, value]) => {
        const match = storedHeaders.find(([storedName]) => storedName.toLowerCase() === name.toLowerCase());
        const keep = match && isSecretHeader(name) && value === redactHeaders({ [match[0]]: match[1] })[match[0]];
        return [name, keep ? match[1] : value];
      }),
    );
  }
  const auth = merged.authentication_config;
  const storedAuth = stored.authentication_config;
  if (isRecord(auth) && storedAuth) {
    const mergedAuth: Record<string, unknown> = { ...auth };
    if (isRecord(auth.bearer) && auth.bearer.token === REDACTED && storedAuth.bearer) {
      mergedAuth.bearer = { ...auth.bearer, token: storedAuth.bearer.token };
    }
    if (isRecord(auth.oauth) && storedAuth.oauth) {
      const oauth: Record<string, unknown> = { ...auth.oauth };
      if (oauth.client_secret === REDACTED && storedAuth.oauth.client_secret !== undefined) oauth.client_secret = storedAuth.oauth.client_secret;
      if (oauth.private_key === REDACTED && storedAuth.oauth.private_key !== undefined) oauth.private_key = storedAuth.oauth.private_key;
      mergedAuth.oauth = oauth;
    }
    merged.authentication_config = mergedAuth;
  }
  return merged;
}

/** How a caller of an update gets a stored secret kept. */
export const UPDATE_KEEPS_SECRETS = `only an update keeps a stored secret sent back as ${REDACTED}`;

/**
 * Throws FLOWHOOK_CONFIG_INVALID when a secret is still `[REDACTED]`: there was no stored secret to keep,
 * and sending the placeholder to a flow would only fail later. `keptBy` tells which request keeps them.
 */
export function refuseRedactedSecrets(config: unknown, keptBy: string = UPDATE_KEEPS_SECRETS): void {
  if (!isRecord(config)) return;
  const problems: Problem[] = [];
  const placeholder = `is ${REDACTED}, and there is no stored secret to keep; send the secret itself`;
  if (typeof config.url === 'string' && new RegExp(REDACTED_IN_URL).test(config.url)) problems.push({ path: '$.url', message: placeholder });
  if (isRecord(config.headers)) {
    for (const [name, value] of Object.entries(config.headers)) {
      if (isSecretHeader(name) && typeof value === 'string' && value.includes(REDACTED)) problems.push({ path: `$.headers[${JSON.stringify(name)}]`, message: placeholder });
    }
  }
  const auth = config.authentication_config;
  if (isRecord(auth) && isRecord(auth.bearer) && auth.bearer.token === REDACTED) {
    problems.push({ path: '$.authentication_config.bearer.token', message: placeholder });
  }
  if (isRecord(auth) && isRecord(auth.oauth)) {
    for (const field of ['client_secret', 'private_key']) {
      if (auth.oauth[field] === REDACTED) problems.push({ path: `$.authentication_config.oauth.${field}`, message: placeholder });
    }
  }
  if (problems.length === 0) return;
  const name = typeof config.name === 'string' && config.name.length <= WEBHOOK_LIMITS.nameLength ? ` "${config.name}"` : '';
  throw new FlowhookError('FLOWHOOK_CONFIG_INVALID', problemSummary(`webhook config${name}`, problems), {
    hint: `Replace each ${REDACTED} listed in details with the secret; ${keptBy}.`,
    details: problems,
  });
}

/**
 * Puts the stored values where the incoming URL has `[REDACTED]`: any query parameter the stored URL has
 * (the client token, or another parameter whose name says credential) and the client token of the path form.
 */
function keepUrlToken(url: string, storedUrl: string): string {
  const storedParams = queryParameters(storedUrl);
  let kept = url.replace(new RegExp(`([?&])([^=&#]+)=${REDACTED_IN_URL}(?=[&#]|$)`, 'g'), (match, separator: string, name: string) => {
    const stored = storedParams.get(name.toLowerCase());
    return stored === undefined ? match : `${separator}${name}=${stored}`;
  });
  const storedPathToken = PATH_TOKEN.exec(storedUrl)?.[2];
  if (storedPathToken !== undefined) {
    kept = kept.replace(new RegExp(`^([a-z]+://[^/?#]+/api/flo/)${REDACTED_IN_URL}(?=/?(?:[?#]|$))`, 'i'), (_match, prefix: string) => prefix + storedPathToken);
  }
  return kept;
}

/** The raw values of a URL's query parameters, by lower-cased name (the first of each name). */
function queryParameters(url: string): Map<string, string> {
  const query = url.split('#')[0]?.split('?')[1] ?? '';
  const parameters = new Map<string, string>();
  for (const part of query.split('&')) {
    const equals = part.indexOf('=');
    if (equals <= 0) continue;
    const name = part.slice(0, equals).toLowerCase();
    if (!parameters.has(name)) parameters.set(name, part.slice(equals + 1));
  }
  return parameters;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
