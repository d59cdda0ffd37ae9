/**
 * Access tokens shaped like those of Okta's org authorization server: RS256 JWTs with a `kid`, and the
 * claims `ver`, `jti` (`AT.…`), `iss`, `aud` (both the org URL, here the mock's base URL), `sub` = `cid`
 * = the client id, `scp` (an array), `iat` and `exp`. The signing key is made when the mock starts and
 * published as a JWKS.
 */
import { randomBytes, type webcrypto } from 'node:crypto';
import { compactVerify, errors, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { JsonWebKeySet } from './types.js';

/** Okta's org authorization server fixes access tokens at one hour. */
export const DEFAULT_ACCESS_TOKEN_LIFETIME_SEC = 3600;

export interface AccessTokenClaims {
  readonly ver: 1;
  readonly jti: string;
  readonly iss: string;
  readonly aud: string;
  readonly sub: string;
  readonly iat: number;
  readonly exp: number;
  readonly cid: string;
  readonly scp: readonly string[];
}

export interface IssueRequest {
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly lifetimeSec: number;
  readonly nowSec: number;
  /** Ties the token to one registration of the client (see `RegisteredClient.registrationTag`). */
  readonly registrationTag: string;
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: AccessTokenClaims; readonly registrationTag: string }
  | { readonly ok: false; readonly reason: 'malformed' | 'signature' | 'issuer' | 'expired'; readonly description: string };

interface SigningKey {
  readonly kid: string;
  readonly privateKey: webcrypto.CryptoKey;
  readonly publicKey: webcrypto.CryptoKey;
  readonly publicJwk: JWK;
}

/** Verified tokens kept so that an invocation with a known token skips the RSA check; the oldest go first. */
const MAX_VERIFIED_TOKENS = 10_000;

export class AccessTokenSigner {
  #key: Promise<SigningKey> | undefined;
  readonly #verified = new Map<string, AccessTokenClaims>();

  /** The public key, as `GET /oauth2/v1/keys` serves it. */
  async jwks(): Promise<JsonWebKeySet> {
    const { kid, publicJwk } = await this.#signingKey();
    return { keys: [{ ...publicJwk, kid, alg: 'RS256', use: 'sig' }] };
  }

  async issue(request: IssueRequest): Promise<string> {
    const claims: AccessTokenClaims = {
      ver: 1,
      jti: `AT.${randomBytes(32).toString('base64url')}.${request.registrationTag}`,
      iss: request.issuer,
      aud: request.issuer,
      sub: request.clientId,
      iat: request.nowSec,
      exp: request.nowSec + request.lifetimeSec,
      cid: request.clientId,
      scp: [...request.scopes],
    };
    const { kid, privateKey } = await this.#signingKey();
    return new SignJWT({ ...claims, scp: [...claims.scp] }).setProtectedHeader({ kid, alg: 'RS256' }).sign(privateKey);
  }

  /** Whether `token` is one of this mock's, unexpired, for `issuer`. Scopes and clients are the caller's business. */
  async check(token: string, issuer: string, nowSec: number): Promise<TokenCheck> {
    let claims = this.#verified.get(token);
    if (claims === undefined) {
      let payload: Uint8Array;
      try {
        ({ payload } = await compactVerify(token, (await this.#signingKey()).publicKey, { algorithms: ['RS256'] }));
      } catch (error) {
        return error instanceof errors.JWSInvalid
          ? { ok: false, reason: 'malformed', description: 'The access token is malformed.' }
          : { ok: false, reason: 'signature', description: 'The access token is invalid.' };
      }
      claims = parseClaims(payload);
      if (claims === undefined) return { ok: false, reason: 'malformed', description: 'The access token is malformed.' };
      this.#remember(token, claims);
    }
    if (claims.iss !== issuer || claims.aud !== issuer) {
      return { ok: false, reason: 'issuer', description: 'The access token was issued for another organization.' };
    }
    if (claims.exp <= nowSec) return { ok: false, reason: 'expired', description: 'The access token has expired.' };
    return { ok: true, claims, registrationTag: claims.jti.split('.')[2] ?? '' };
  }

  /** Made on first use, so a mock that never sees OAuth does not pay for an RSA key. */
  #signingKey(): Promise<SigningKey> {
    this.#key ??= generateKeyPair('RS256', { extractable: true }).then(async ({ privateKey, publicKey }) => ({
      kid: randomBytes(16).toString('base64url'),
      privateKey,
      publicKey,
      publicJwk: await exportJWK(publicKey),
    }));
    return this.#key;
  }

  #remember(token: string, claims: AccessTokenClaims): void {
    if (this.#verified.size >= MAX_VERIFIED_TOKENS) {
      const oldest = this.#verified.keys().next();
      if (oldest.done !== true) this.#verified.delete(oldest.value);
    }
    this.#verified.set(token, claims);
  }
}

function parseClaims(payload: Uint8Array): AccessTokenClaims | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const claims = value as Record<string, unknown>;
  const valid =
    claims.ver === 1 &&
    typeof claims.jti === 'string' &&
    typeof claims.iss === 'string' &&
    typeof claims.aud === 'string' &&
    typeof claims.sub === 'string' &&
    typeof claims.cid === 'string' &&
    typeof claims.iat === 'number' &&
    typeof claims.exp === 'number' &&
    Array.isArray(claims.scp) &&
    claims.scp.every((scope) => typeof scope === 'string');
  return valid ? (claims as unknown as AccessTokenClaims) : undefined;
}
