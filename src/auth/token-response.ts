/**
 * Judges a token endpoint's response: a bearer access token with its lifetime, or FLOWHOOK_TOKEN_FAILED
 * quoting the server's `error` and `error_description` and saying which side to fix. A DPoP-bound token
 * is refused (Okta Workflows takes bearer tokens), and so is a token without the scopes asked for.
 */
import * as oauth from 'oauth4webapi';
import type { OAuthSettings } from '../core/oauth-settings.js';
import {
  dpopBoundToken,
  invalidTokenResponse,
  oauthErrorResponse,
  scopesNotGranted,
  unexpectedResponse,
  unsupportedTokenType,
} from './token-error.js';
import { authorizationServer, oauthClient } from './token-request.js';

export interface AccessToken {
  readonly value: string;
  /** Seconds from issue, as the server said (`expires_in`); undefined when it did not say. */
  readonly expiresInSec: number | undefined;
}

export async function processAccessTokenResponse(settings: OAuthSettings, response: Response): Promise<AccessToken> {
  if (response.status !== 200) throw await errorResponse(settings, response);
  let body: oauth.TokenEndpointResponse;
  try {
    body = await oauth.processClientCredentialsResponse(authorizationServer(settings), oauthClient(settings), response);
  } catch (cause) {
    if (cause instanceof oauth.UnsupportedOperationError) {
      throw unsupportedTokenType(settings, tokenTypeOf(cause.cause));
    }
    throw invalidTokenResponse(settings, cause instanceof Error ? cause.message : String(cause), cause);
  }
  if (body.token_type === 'dpop') throw dpopBoundToken(settings);
  if (typeof body.scope === 'string') {
    const granted = new Set(body.scope.split(' '));
    const missing = settings.scopes.filter((scope) => !granted.has(scope));
    if (missing.length > 0) throw scopesNotGranted(settings, missing, body.scope);
  }
  return { value: body.access_token, expiresInSec: body.expires_in };
}

async function errorResponse(settings: OAuthSettings, response: Response): Promise<Error> {
  const contentType = response.headers.get('content-type') ?? '';
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  if (isRecord(body) && typeof body.error === 'string' && body.error !== '') {
    const description = typeof body.error_description === 'string' ? body.error_description : undefined;
    return oauthErrorResponse(settings, response.status, body.error, description);
  }
  const challenge = bearerChallengeError(response.headers.get('www-authenticate'));
  if (challenge !== undefined) {
    return oauthErrorResponse(settings, response.status, challenge.error, challenge.description);
  }
  return unexpectedResponse(settings, response.status, contentType.split(';')[0]?.trim() ?? '');
}

/** `error` and `error_description` of a `WWW-Authenticate` challenge, for a server that says it there only. */
function bearerChallengeError(header: string | null): { error: string; description: string | undefined } | undefined {
  if (header === null) return undefined;
  const error = /\berror="([^"]*)"/.exec(header)?.[1];
  if (error === undefined || error === '') return undefined;
  return { error, description: /\berror_description="([^"]*)"/.exec(header)?.[1] };
}

function tokenTypeOf(cause: unknown): string {
  const body = isRecord(cause) ? cause.body : undefined;
  return isRecord(body) && typeof body.token_type === 'string' ? body.token_type : 'unknown';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
