/**
 * The client credentials token request (RFC 6749 §4.4) with the client authentication the settings
 * name: `private_key_jwt` (an Okta-style assertion), `client_secret_basic` or `client_secret_post`.
 * It returns the raw response; `processAccessTokenResponse` judges it.
 */
import * as oauth from 'oauth4webapi';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import type { OAuthSettings } from '../core/oauth-settings.js';
import { targetPolicy, type LocalTargetOptions, type TargetPolicy } from '../core/url-policy.js';
import { createSenderAgent } from '../http/send.js';
import { USER_AGENT } from '../version.js';
import { privateKeyJwt } from './client-assertion.js';
import { tokenRequestFailed } from './token-error.js';

/** The fetch the token request goes through (for example one that refuses private addresses at connect time). */
export type TokenFetch = (url: string, init: TokenFetchInit) => Promise<Response>;

/** What the token request hands its fetch: a form POST with the headers to send, never following redirects. */
export interface TokenFetchInit {
  method: 'POST';
  body: URLSearchParams;
  headers: Record<string, string>;
  redirect: 'manual';
  signal?: AbortSignal;
}

/** `allowLocal` / `allowNet`: which local token servers are allowed, with plain http (the mock): the operator's `--allow-local` or `--allow-net`. */
export interface TokenRequestOptions extends LocalTargetOptions {
  /** The fetch to use; undici's through `dispatcher` unless given. */
  fetch?: TokenFetch;
  /** The connection pool; one that refuses local addresses at connect time as the target policy says. */
  dispatcher?: Dispatcher;
  /** How long to wait for the token response; 10 s unless given. */
  timeoutMs?: number;
}

export const DEFAULT_TOKEN_TIMEOUT_MS = 10_000;

/**
 * The authorization server as oauth4webapi needs it: only the token endpoint is used.
 * @internal
 */
export function authorizationServer(settings: OAuthSettings): oauth.AuthorizationServer {
  return { issuer: new URL(settings.tokenEndpoint).origin, token_endpoint: settings.tokenEndpoint };
}

/** @internal */
export function oauthClient(settings: OAuthSettings): oauth.Client {
  return { client_id: settings.clientId };
}

/**
 * The client authentication of `settings`, holding the secret or key in its closure.
 * @internal
 */
export async function clientAuthentication(settings: OAuthSettings): Promise<oauth.ClientAuth> {
  const credential = settings.credential;
  if (credential.kind === 'private_key') return privateKeyJwt(credential.key, settings.tokenEndpoint);
  return settings.clientAuthMethod === 'client_secret_post'
    ? oauth.ClientSecretPost(credential.secret)
    : oauth.ClientSecretBasic(credential.secret);
}

/** Sends the token request; a connection failure or timeout throws FLOWHOOK_TOKEN_FAILED. */
export async function requestAccessToken(settings: OAuthSettings, options: TokenRequestOptions = {}): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  const parameters = new URLSearchParams();
  if (settings.scopes.length > 0) parameters.set('scope', settings.scopes.join(' '));
  const authentication = await clientAuthentication(settings);
  const policy = targetPolicy(options);
  try {
    return await oauth.clientCredentialsGrantRequest(
      authorizationServer(settings),
      oauthClient(settings),
      authentication,
      parameters,
      {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { 'user-agent': USER_AGENT },
        [oauth.customFetch]: options.fetch ?? dispatcherFetch(options.dispatcher ?? tokenAgent(policy)),
        ...(policy.allowsLocal ? { [oauth.allowInsecureRequests]: true } : {}),
      },
    );
  } catch (cause) {
    throw tokenRequestFailed(settings, cause, timeoutMs);
  }
}

const tokenAgents = new Map<string, Dispatcher>();

/** Closes the connection pools of token requests (at shutdown). */
export async function closeTokenAgents(): Promise<void> {
  const agents = [...tokenAgents.values()];
  tokenAgents.clear();
  await Promise.all(agents.map((agent) => agent.close()));
}

/** Token requests get their own keep-alive pools, with the sender's connect-time address check. */
function tokenAgent(policy: TargetPolicy): Dispatcher {
  let agent = tokenAgents.get(policy.key);
  if (agent === undefined) {
    agent = createSenderAgent(policy.options);
    tokenAgents.set(policy.key, agent);
  }
  return agent;
}

function dispatcherFetch(dispatcher: Dispatcher): TokenFetch {
  // undici's Response is the WHATWG Response that oauth4webapi reads; only the type declarations differ.
  return (url, init) => undiciFetch(url, { ...init, dispatcher }) as unknown as Promise<Response>;
}
