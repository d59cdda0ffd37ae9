/**
 * Secrets never leave flowhook: client tokens (URL query, URL path, header), bearer tokens, client
 * secrets, private keys and access tokens are shown as `[REDACTED]` in records, logs and errors. Besides
 * the fields known to hold one, any header or URL parameter whose name says it carries a credential
 * (`token`, `key`, `secret`, `auth`, `sig`, `password`, `cookie`, `session`, … as a part of the name) is
 * redacted, and every secret value of a config is redacted wherever it appears.
 */
import type { WebhookConfig } from '../types.js';
import { flowPath } from './okta-url.js';

export const REDACTED = '[REDACTED]';

/** Parts of a name (split at punctuation and camelCase, lowercased) that say it carries a credential. */
const CREDENTIAL_WORDS = new Set([
  'token', 'tokens', 'key', 'keys', 'apikey', 'secret', 'secrets', 'auth', 'authorization', 'authentication',
  'sig', 'sigs', 'signature', 'signatures', 'hmac', 'password', 'passwords', 'passwd', 'pwd', 'pass',
  'passphrase', 'cookie', 'cookies', 'session', 'sessionid', 'sid', 'credential', 'credentials', 'bearer', 'jwt',
  'otp', 'csrf', 'xsrf', 'apitoken', 'authtoken', 'accesstoken', 'refreshtoken', 'idtoken', 'sessiontoken',
  'secretkey', 'privatekey', 'clientsecret', 'accesskey',
]);
/** How many names' verdicts are kept; headers repeat from one record to the next. */
const NAMES_KEPT = 1000;
const verdicts = new Map<string, boolean>();
/** `Bearer abc` keeps its scheme visible: `Bearer [REDACTED]`. */
const CREDENTIAL_WITH_SCHEME = /^([A-Za-z][\w-]*) +(\S.*)$/;
/** Shorter strings are redacted where they are known to be secrets, but not searched for in free text. */
const MIN_SEARCHED_SECRET = 4;
const JWK_PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/**
 * True when a header or URL parameter name says it carries a credential: one of its parts, or the
 * whole name without punctuation, is a credential word, case-insensitively (`X-Auth-Token`, `api_key`,
 * `apiKey`, `clientToken`, `sig`, `Set-Cookie`, `x-api-client-token`).
 */
export function isCredentialName(name: string): boolean {
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    const parts = name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [];
    const words = [...parts.map((part) => part.toLowerCase()), name.replace(/[^A-Za-z0-9]/g, '').toLowerCase()];
    verdict = words.some((word) => CREDENTIAL_WORDS.has(word));
    if (verdicts.size >= NAMES_KEPT) verdicts.clear();
    verdicts.set(name, verdict);
  }
  return verdict;
}

/** Whether a header carries a secret: by its name, as for URL parameters. */
export function isSecretHeader(name: string): boolean {
  return isCredentialName(name);
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
    const { client_secret: clientSecret, private_key: privateKey, token_endpoint_url: tokenUrl } = auth.oauth;
    if (tokenUrl !== undefined) for (const secret of urlSecrets(tokenUrl)) secrets.add(secret);
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

/** The values of credential parameters (the client token among them), as written and decoded, the client token of the path, and a URL password. */
function urlSecrets(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const secrets: string[] = [];
  for (const [name, value] of parsed.searchParams) if (isCredentialName(name)) secrets.push(value);
  for (const match of `${parsed.search}${parsed.hash}`.matchAll(PARAMETER)) {
    if (isCredentialName(decoded(match[2] ?? ''))) secrets.push(match[3] ?? '');
  }
  const path = flowPath(parsed.pathname);
  if (path?.form === 'client-token-path') secrets.push(path.clientToken);
  if (parsed.password !== '') secrets.push(decodeURIComponent(parsed.password));
  return secrets;
}

/**
 * `url` with the value of every credential parameter (the `clientToken` query value among them, in the
 * query or the fragment), the client token of the `/api/flo/<clientToken>` form and any password redacted.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactParameters(url);
  }
  const userinfo = parsed.username === '' ? '' : `${parsed.username}${parsed.password === '' ? '' : `:${REDACTED}`}@`;
  const path = flowPath(parsed.pathname);
  const pathname = path?.form === 'client-token-path' ? parsed.pathname.replace(/^(\/api\/flo\/)[^/]+/, `$1${REDACTED}`) : parsed.pathname;
  return `${parsed.protocol}//${userinfo}${parsed.host}${pathname}${redactParameters(parsed.search)}${redactParameters(parsed.hash)}`;
}

/** A `name=value` parameter of a query or fragment: separator, name, value. */
const PARAMETER = /([?&#;])([^=&#;]*)=([^&#;]*)/g;

function redactParameters(text: string): string {
  return text.replace(PARAMETER, (whole, separator: string, name: string) => (isCredentialName(decoded(name)) ? `${separator}${name}=${REDACTED}` : whole));
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
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
