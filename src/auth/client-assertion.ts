/**
 * The `private_key_jwt` client assertion as Okta's org authorization server checks it: `iss` = `sub` =
 * the client id, `aud` = the full token URL (oauth4webapi would put the issuer there, which Okta
 * refuses), a short life and a unique `jti` (oauth4webapi draws 32 random bytes for each assertion).
 */
import * as oauth from 'oauth4webapi';
import type { PrivateKeyInfo } from '../core/private-key.js';

/** How long an assertion is valid; Okta allows up to an hour, a short life limits replay. */
export const CLIENT_ASSERTION_LIFETIME_SEC = 60;

/** Sets Okta's audience and the assertion's lifetime just before oauth4webapi signs it. */
export function oktaAssertionClaims(tokenEndpoint: string): oauth.ModifyAssertionFunction {
  return (_header, payload) => {
    payload.aud = tokenEndpoint;
    const issuedAt = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
    payload.exp = issuedAt + CLIENT_ASSERTION_LIFETIME_SEC;
  };
}

/** Client authentication that signs an Okta-style assertion with `key` for each token request. */
export async function privateKeyJwt(key: PrivateKeyInfo, tokenEndpoint: string): Promise<oauth.ClientAuth> {
  return oauth.PrivateKeyJwt(
    { key: await key.signingKey(), kid: key.kid },
    { [oauth.modifyAssertion]: oktaAssertionClaims(tokenEndpoint) },
  );
}
