/**
 * Secrets never leave flowhook: client tokens (URL query, URL path, header), bearer tokens, client
 * secrets, private keys and access tokens are shown as `[REDACTED]` in records, logs and errors.
 */
import type { WebhookConfig } from '../types.js';
import { CLIENT_TOKEN_QUERY, flowPath } from './okta-url.js';

export const REDACTED = '[REDACTED]';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-client-token', 'cookie', 'set-cookie', 'x-api-key']);
/** `Bearer abc` keeps its scheme visible: `Bearer [REDACTED]`. */
const CREDENTIAL_WITH_SCHEME = /^([A-Za-z][\w-]*) +(\S.*)$/;
/** Shorter strings are redacted where they are known to be secrets, but not searched for in free text. */
const MIN_SEARCHED_SECRET = 4;
const JWK_PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/** Every secret a config holds, longest first, for `redactText`. */
export function secretsOf(config: WebhookConfig): string[] {
  const secrets = new Set<string>();
  for (const secret of urlSecrets(config.url)) secrets.add(secret);
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    if (!isSecretHeader(name)) continue;
    secrets.add(value);
    const credential = CREDENTIAL_WITH_SCHEME.exec(value)?.[2];
    if (credential !== undefined) secrets.add(credential);
  }
  const auth = config.authentication_config;
  if (auth?.bearer) secrets.add(auth.bearer.token);
  if (auth?.oauth) {
    const { client_secret: clientSecret, private_key: privateKey } = auth.oauth;
    if (clientSecret !== undefined) secrets.add(clientSecret);
    if (typeof privateKey === 'string') secrets.add(privateKey);
    else if (privateKey) {
      for (const member of JWK_PRIVATE_MEMBERS) {
        const value = privateKey[member];
        if (typeof value === 'string') secrets.add(value);
      }
    }
  }
  return orderSecrets(secrets);
}

/** Secrets as `redactText` wants them: searchable ones only, longest first so no part of one survives. */
export function orderSecrets(secrets: Iterable<string>): string[] {
  return [...new Set(secrets)].filter((secret) => secret.length >= MIN_SEARCHED_SECRET).sort((a, b) => b.length - a.length);
}

/** The client token in the query or the path, and a URL password. */
function urlSecrets(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const secrets = parsed.searchParams.getAll(CLIENT_TOKEN_QUERY);
  const path = flowPath(parsed.pathname);
  if (path?.form === 'client-token-path') secrets.push(path.clientToken);
  if (parsed.password !== '') secrets.push(decodeURIComponent(parsed.password));
  return secrets;
}

/** `url` with the `clientToken` query value, the client token of the `/api/flo/<clientToken>` form and any password redacted. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactQuery(url);
  }
  const userinfo = parsed.username === '' ? '' : `${parsed.username}${parsed.password === '' ? '' : `:${REDACTED}`}@`;
  const path = flowPath(parsed.pathname);
  const pathname = path?.form === 'client-token-path' ? parsed.pathname.replace(/^(\/api\/flo\/)[^/]+/, `$1${REDACTED}`) : parsed.pathname;
  return `${parsed.protocol}//${userinfo}${parsed.host}${pathname}${redactQuery(parsed.search)}${parsed.hash}`;
}

function redactQuery(text: string): string {
  return text.replace(/([?&]clientToken=)[^&#]*/gi, `$1${REDACTED}`);
}

/** Header values as strings, secret ones redacted (the scheme of `Bearer …` stays readable). */
export function redactHeaders(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = typeof raw === 'string' ? raw : raw.join(', ');
    if (!isSecretHeader(name)) {
      redacted[name] = value;
      continue;
    }
    const scheme = CREDENTIAL_WITH_SCHEME.exec(value)?.[1];
    redacted[name] = scheme !== undefined && /^(authorization|proxy-authorization)$/i.test(name) ? `${scheme} ${REDACTED}` : REDACTED;
  }
  return redacted;
}

/**
 * `text` with every occurrence of each secret replaced, also where it appears escaped inside a JSON
 * string (a PEM key's newlines) or percent-encoded in a URL. For many texts and the same secrets,
 * build the redactor once with `secretRedactor`.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  return secretRedactor(secrets)(text);
}

/** A function that redacts `secrets` (in every form `redactText` covers) from a text, in one pass. */
export function secretRedactor(secrets: Iterable<string>): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SEARCHED_SECRET) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  if (forms.size === 0) return (text) => text;
  // Longest first, so that no part of a longer secret survives a shorter one's match.
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(alternatives.join('|'), 'g');
  return (text) => (text === '' ? text : text.replace(pattern, REDACTED));
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
