/**
 * A webhook's `authentication_config.oauth` made ready to use: the client authentication method, the
 * token URL and scopes with Okta's defaults filled in, and the secret or private key checked. Every
 * problem is reported at its JSON path when the config is loaded, never at the first delivery.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { FlowhookError, problemSummary, type Problem } from '../errors.js';
import type { OAuthConfig } from '../types.js';
import { flowPath, recogniseOktaUrl } from './okta-url.js';
import { readPrivateKey, type PrivateKeyInfo } from './private-key.js';
import { ALLOW_LOCAL_HOW, hostRefusal, targetPolicy, type LocalTargetOptions } from './url-policy.js';

export type ClientAuthMethod = NonNullable<OAuthConfig['client_auth_method']>;

/** The scope Okta Workflows asks for on a flow secured with OAuth 2.0. */
export const OKTA_WORKFLOWS_SCOPE = 'okta.workflows.invoke.manage';

export type OAuthCredential =
  | { readonly kind: 'client_secret'; readonly secret: string }
  | { readonly kind: 'private_key'; readonly key: PrivateKeyInfo };

export interface OAuthSettings {
  readonly clientId: string;
  readonly tokenEndpoint: string;
  /** Where the token URL came from: the config, or derived from the Okta Workflows URL. */
  readonly tokenEndpointFrom: 'config' | 'okta-workflows-url';
  readonly scopes: readonly string[];
  /** Where the scopes came from: the config, Okta Workflows' default, or none at all. */
  readonly scopesFrom: 'config' | 'okta-workflows-default' | 'none';
  readonly clientAuthMethod: ClientAuthMethod;
  /** The assertion's algorithm and `kid` with `private_key_jwt`. */
  readonly assertion: { readonly alg: string; readonly kid: string | undefined } | undefined;
  /** Tokens are shared by settings with the same key: token URL, client, scopes and credential. */
  readonly cacheKey: string;
  /** The secret or the key. Not enumerable, so logging or serialising the settings cannot show it. */
  readonly credential: OAuthCredential;
}

/** Which local token URLs are allowed, with plain http (the mock): the operator's `--allow-local` or `--allow-net`. */
export type OAuthSettingsOptions = LocalTargetOptions;

const BASE = '$.authentication_config.oauth';

// Fingerprints of credentials in cache keys are keyed per process, so a key never reveals a secret.
const FINGERPRINT_KEY = randomBytes(32);

/** Every problem of `oauth` for a webhook that delivers to `webhookUrl`; empty when it can be used. */
export function oauthConfigProblems(oauth: OAuthConfig, webhookUrl: string, options: OAuthSettingsOptions = {}): Problem[] {
  const result = resolve(oauth, webhookUrl, options);
  return Array.isArray(result) ? result : [];
}

/** The settings of `oauth`; throws FLOWHOOK_CONFIG_INVALID listing every problem. */
export function readOAuthSettings(oauth: OAuthConfig, webhookUrl: string, options: OAuthSettingsOptions = {}): OAuthSettings {
  const result = resolve(oauth, webhookUrl, options);
  if (!Array.isArray(result)) return result;
  throw new FlowhookError('FLOWHOOK_CONFIG_INVALID', problemSummary('"authentication_config.oauth"', result), {
    hint: 'Fix the field at each JSON path listed in details, then load the config again.',
    details: result,
  });
}

/** One sentence for people: which client, how it authenticates, where and for which scopes. */
export function describeOAuth(settings: OAuthSettings): string {
  const how =
    settings.assertion === undefined
      ? settings.clientAuthMethod
      : `${settings.clientAuthMethod} (${settings.assertion.alg}${settings.assertion.kid === undefined ? ', no kid' : `, kid "${settings.assertion.kid}"`})`;
  const where =
    settings.tokenEndpointFrom === 'okta-workflows-url'
      ? `${settings.tokenEndpoint} (the org authorization server of the Okta Workflows URL)`
      : settings.tokenEndpoint;
  const scopes =
    settings.scopes.length === 0
      ? 'no scope'
      : `scope ${settings.scopes.join(' ')}${settings.scopesFrom === 'okta-workflows-default' ? ' (the default for Okta Workflows)' : ''}`;
  return `OAuth 2.0 client credentials: client "${settings.clientId}" authenticates with ${how} at ${where}, ${scopes}.`;
}

function resolve(oauth: OAuthConfig, webhookUrl: string, options: OAuthSettingsOptions): OAuthSettings | Problem[] {
  const problems: Problem[] = [];
  const okta = recogniseOktaUrl(webhookUrl);

  if (oauth.client_id.trim() === '') problems.push({ path: `${BASE}.client_id`, message: 'must not be empty' });

  const tokenEndpoint = oauth.token_endpoint_url ?? okta?.orgTokenUrl;
  if (tokenEndpoint === undefined) {
    problems.push({
      path: `${BASE}.token_endpoint_url`,
      message:
        'is required because "url" is not an Okta Workflows URL, so the org token URL cannot be derived from it; ' +
        'give the authorization server\'s token URL (Okta: https://<org>.okta.com/oauth2/v1/token, the mock: <mock URL>/oauth2/v1/token)',
    });
  } else if (oauth.token_endpoint_url !== undefined) {
    problems.push(...tokenEndpointProblems(oauth.token_endpoint_url, okta?.orgTokenUrl, options));
  }

  const scopes = (oauth.scopes ?? []).filter((scope) => scope !== '');
  oauth.scopes?.forEach((scope, index) => {
    if (scope.trim() === '' || /\s/.test(scope)) {
      problems.push({
        path: `${BASE}.scopes[${index}]`,
        message: `${JSON.stringify(scope)} is not a scope; give each scope as its own list entry, without spaces`,
      });
    }
  });
  // The mock serves Okta's flow paths on any host, so a flow path gets Okta's scope too.
  const isFlowUrl = okta !== null || (URL.canParse(webhookUrl) && flowPath(new URL(webhookUrl).pathname) !== null);
  const scopesFrom = scopes.length > 0 ? 'config' : isFlowUrl ? 'okta-workflows-default' : 'none';

  const credential = readCredential(oauth, problems);
  if (problems.length > 0 || credential === undefined || tokenEndpoint === undefined) return problems;

  const settings: Omit<OAuthSettings, 'credential' | 'cacheKey'> = {
    clientId: oauth.client_id,
    tokenEndpoint,
    tokenEndpointFrom: oauth.token_endpoint_url === undefined ? 'okta-workflows-url' : 'config',
    scopes: scopesFrom === 'okta-workflows-default' ? [OKTA_WORKFLOWS_SCOPE] : scopes,
    scopesFrom,
    clientAuthMethod: credential.method,
    assertion:
      credential.value.kind === 'private_key'
        ? { alg: credential.value.key.alg, kid: credential.value.key.kid }
        : undefined,
  };
  const cacheKey = JSON.stringify([
    settings.tokenEndpoint,
    settings.clientId,
    [...settings.scopes].sort(),
    settings.clientAuthMethod,
    fingerprint(credential.value),
  ]);
  const resolved = { ...settings, cacheKey };
  Object.defineProperty(resolved, 'credential', { value: credential.value, enumerable: false });
  return Object.freeze(resolved as OAuthSettings);
}

function readCredential(
  oauth: OAuthConfig,
  problems: Problem[],
): { method: ClientAuthMethod; value: OAuthCredential } | undefined {
  const hasSecret = oauth.client_secret !== undefined;
  const hasKey = oauth.private_key !== undefined;
  if (hasSecret && hasKey) {
    problems.push({
      path: BASE,
      message:
        'sets both "client_secret" and "private_key"; keep "private_key" for Okta Workflows (private_key_jwt) or "client_secret" for a client secret',
    });
    return undefined;
  }
  if (!hasSecret && !hasKey) {
    problems.push({
      path: BASE,
      message:
        'needs "private_key" (private_key_jwt, which Okta Workflows requires) or "client_secret" (client_secret_basic or client_secret_post)',
    });
    return undefined;
  }
  const method = oauth.client_auth_method ?? (hasKey ? 'private_key_jwt' : 'client_secret_basic');
  if (method === 'private_key_jwt' && !hasKey) {
    problems.push({
      path: `${BASE}.client_auth_method`,
      message: 'is "private_key_jwt", which needs "private_key"; add the key or use "client_secret_basic"',
    });
    return undefined;
  }
  if (method !== 'private_key_jwt' && !hasSecret) {
    problems.push({
      path: `${BASE}.client_auth_method`,
      message: `is ${JSON.stringify(method)}, which needs "client_secret"; add the secret or use "private_key_jwt"`,
    });
    return undefined;
  }
  if (oauth.key_id !== undefined && !hasKey) {
    problems.push({ path: `${BASE}.key_id`, message: 'applies only with "private_key"; remove it' });
    return undefined;
  }
  if (oauth.client_secret !== undefined) {
    if (oauth.client_secret === '') {
      problems.push({ path: `${BASE}.client_secret`, message: 'must not be empty' });
      return undefined;
    }
    return { method, value: { kind: 'client_secret', secret: oauth.client_secret } };
  }
  const key = readPrivateKey(oauth.private_key, oauth.key_id, {
    key: `${BASE}.private_key`,
    keyId: `${BASE}.key_id`,
  });
  if (Array.isArray(key)) {
    problems.push(...key);
    return undefined;
  }
  return { method, value: { kind: 'private_key', key } };
}

function tokenEndpointProblems(url: string, orgTokenUrl: string | undefined, options: OAuthSettingsOptions): Problem[] {
  const path = `${BASE}.token_endpoint_url`;
  if (!URL.canParse(url)) {
    return [{ path, message: `${JSON.stringify(url)} is not a URL; write it as https://<host>/<path>` }];
  }
  const parsed = new URL(url);
  const problems: Problem[] = [];
  const policy = targetPolicy(options);
  if (parsed.protocol !== 'https:' && !(policy.allowsLocal && parsed.protocol === 'http:')) {
    problems.push({
      path,
      message: `uses "${parsed.protocol.slice(0, -1)}", not HTTPS; use https:// (plain http is allowed only for local test servers: ${ALLOW_LOCAL_HOW})`,
    });
  }
  if (parsed.username !== '' || parsed.password !== '') {
    problems.push({ path, message: 'carries a user name or password; remove it and put the secret in "client_secret"' });
  }
  if (parsed.hash !== '') problems.push({ path, message: 'has a "#" fragment; remove it' });
  const refusal = hostRefusal(parsed.hostname, policy);
  if (refusal !== undefined) problems.push({ path, message: `points at ${refusal.what}; ${refusal.how}` });
  if (orgTokenUrl !== undefined) {
    const org = new URL(orgTokenUrl);
    if (/\.workflows\./.test(parsed.hostname)) {
      problems.push({
        path,
        message: `is on the Workflows host ${parsed.hostname}; tokens come from the org authorization server: ${orgTokenUrl}`,
      });
    } else if (parsed.hostname === org.hostname && /^\/oauth2\/[^/]+\/v1\/token$/.test(parsed.pathname)) {
      problems.push({
        path,
        message:
          `is a custom authorization server (${parsed.pathname}); Okta Workflows accepts tokens of the org ` +
          `authorization server only: use ${orgTokenUrl} or leave "token_endpoint_url" out`,
      });
    }
  }
  return problems;
}

function fingerprint(credential: OAuthCredential): string {
  const material = credential.kind === 'client_secret' ? credential.secret : JSON.stringify(credential.key.publicJwk);
  return createHmac('sha256', FINGERPRINT_KEY).update(`${credential.kind}:${material}`).digest('base64url');
}
