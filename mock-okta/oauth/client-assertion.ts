/**
 * Checks a `private_key_jwt` client assertion (RFC 7523) the way Okta's org authorization server does:
 * signed by a key registered for the client (the header's `kid` picks it when there are several),
 * `iss` = `sub` = the client id, `aud` = the token endpoint's URL (the issuer alone is refused), not
 * expired, expiring at most an hour ahead, not valid later, and a `jti` used once only. Each refusal
 * is `invalid_client` with a description close to Okta's wording.
 */
import { compactVerify } from 'jose';
import type { OAuthClientRegistry, RegisteredClient, RegisteredKey } from './clients.js';
import { invalidClient, type OAuthRefusal } from './oauth-error.js';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The furthest ahead Okta lets an assertion expire. */
export const MAX_ASSERTION_LIFETIME_SEC = 3600;

/** The algorithms Okta accepts for client assertions. */
export const ASSERTION_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];

export interface AssertionContext {
  readonly clients: OAuthClientRegistry;
  /** The token endpoint's URLs (as the issuer names it, and as the request reached it); `aud` must name one. */
  readonly tokenEndpoints: readonly string[];
  /** The `client_id` form parameter, when the request has one. */
  readonly clientIdParameter: string | undefined;
  readonly nowSec: number;
  readonly usedJtis: UsedJtis;
}

export type AssertionVerdict =
  | { readonly ok: true; readonly client: RegisteredClient }
  /** `clientId` names the client the assertion claims to be, when it names one. */
  | { readonly ok: false; readonly refusal: OAuthRefusal; readonly clientId: string | undefined };

export async function checkClientAssertion(assertion: string, context: AssertionContext): Promise<AssertionVerdict> {
  const parts = decode(assertion);
  if (parts === undefined) return refused('The client_assertion token is malformed.', context.clientIdParameter);
  const { header, claims } = parts;
  const clientId = typeof claims.sub === 'string' ? claims.sub : context.clientIdParameter;

  if (typeof header.alg !== 'string' || !ASSERTION_ALGORITHMS.includes(header.alg)) {
    return refused(`The client_assertion token is signed with an unsupported algorithm; use one of ${ASSERTION_ALGORITHMS.join(', ')}.`, clientId);
  }
  if (typeof claims.iss !== 'string' || typeof claims.sub !== 'string' || claims.iss !== claims.sub) {
    return refused("The 'iss' and 'sub' claims of the client_assertion must both be the client_id.", clientId);
  }
  if (context.clientIdParameter !== undefined && context.clientIdParameter !== claims.sub) {
    return refused("The client_id parameter does not match the 'sub' claim of the client_assertion.", clientId);
  }
  const client = context.clients.get(claims.sub);
  if (client === undefined) return refused("Invalid value for 'client_id' parameter.", clientId);
  if (client.keys.length === 0) {
    return refused('The client is not configured for private_key_jwt; authenticate with its client secret.', clientId);
  }

  const key = selectKey(client.keys, header.kid);
  if (key === undefined) return refused('The client_assertion JWT kid is invalid.', clientId);
  try {
    await compactVerify(assertion, key.key, { algorithms: [header.alg] });
  } catch {
    return refused('The client_assertion signature is invalid.', clientId);
  }

  if (!context.tokenEndpoints.some((url) => audienceNames(claims.aud, url))) {
    return refused('The audience claim for client_assertion must be the endpoint invoked for the request.', clientId);
  }
  const now = context.nowSec;
  if (typeof claims.exp !== 'number') return refused("The client_assertion token must have an expiration claim ('exp').", clientId);
  if (claims.exp <= now) return refused('The client_assertion token is expired.', clientId);
  if (claims.exp > now + MAX_ASSERTION_LIFETIME_SEC) {
    return refused('The client_assertion token has an expiration too far into the future.', clientId);
  }
  if (typeof claims.nbf === 'number' && claims.nbf > now) return refused('The client_assertion token is not valid yet.', clientId);
  if (claims.jti !== undefined) {
    if (typeof claims.jti !== 'string' || claims.jti === '') return refused("The client_assertion 'jti' claim is invalid.", clientId);
    if (!context.usedJtis.use(client.clientId, claims.jti, claims.exp, now)) {
      return refused('The client_assertion token has already been used.', clientId);
    }
  }
  return { ok: true, client };
}

/**
 * The `jti`s of accepted assertions until they expire, so that none is accepted twice. Memory is
 * bounded by the assertions of the last hour (an assertion expires at most an hour ahead).
 */
export class UsedJtis {
  readonly #expiries = new Map<string, number>();

  /** Records `jti` of `clientId`; false when it was used before and has not expired. */
  use(clientId: string, jti: string, expSec: number, nowSec: number): boolean {
    this.#forgetExpired(nowSec);
    const key = `${clientId}\u0000${jti}`;
    if (this.#expiries.has(key)) return false;
    this.#expiries.set(key, expSec);
    return true;
  }

  clear(): void {
    this.#expiries.clear();
  }

  // Entries are roughly in expiry order (assertions are short-lived), so stopping at the first
  // live one keeps this cheap; a long-lived one only delays the cleanup of those behind it.
  #forgetExpired(nowSec: number): void {
    for (const [key, exp] of this.#expiries) {
      if (exp > nowSec) return;
      this.#expiries.delete(key);
    }
  }
}

function refused(description: string, clientId: string | undefined): AssertionVerdict {
  return { ok: false, refusal: invalidClient(description), clientId };
}

function selectKey(keys: readonly RegisteredKey[], kid: unknown): RegisteredKey | undefined {
  if (typeof kid === 'string') return keys.find((key) => key.kid === kid);
  return keys.length === 1 ? keys[0] : undefined;
}

function audienceNames(aud: unknown, tokenEndpoint: string): boolean {
  return aud === tokenEndpoint || (Array.isArray(aud) && aud.includes(tokenEndpoint));
}

function decode(assertion: string): { header: Record<string, unknown>; claims: Record<string, unknown> } | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3) return undefined;
  const header = parseSegment(parts[0] ?? '');
  const claims = parseSegment(parts[1] ?? '');
  return header === undefined || claims === undefined ? undefined : { header, claims };
}

function parseSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
