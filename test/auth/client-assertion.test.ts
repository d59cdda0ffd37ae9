import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_ASSERTION_LIFETIME_SEC } from '../../src/auth/client-assertion.js';
import { readOAuthSettings, type OAuthSettings } from '../../src/core/oauth-settings.js';
import { authorizationServer, clientAuthentication, oauthClient } from '../../src/auth/token-request.js';
import { ecKeyPair, rsaKeyPair } from './keys.js';

const OKTA_URL = 'https://acme.workflows.okta.com/api/flo/d856674875d68127e1c45e8daa479556/invoke';
const TOKEN_URL = 'https://acme.okta.com/oauth2/v1/token';
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const rsa = rsaKeyPair();
const ec = ecKeyPair();

/** What the client authentication of `settings` adds to a token request. */
async function authenticate(settings: OAuthSettings): Promise<{ body: URLSearchParams; headers: Headers }> {
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  const headers = new Headers();
  const auth = await clientAuthentication(settings);
  await auth(authorizationServer(settings), oauthClient(settings), body, headers);
  return { body, headers };
}

describe('private_key_jwt client assertion', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("follows Okta's rules: iss = sub = client id, aud = the token URL, short exp, a jti, the kid", async () => {
    const settings = readOAuthSettings({ client_id: '0oa1', private_key: rsa.privatePem, key_id: 'k1' }, OKTA_URL);
    const { body, headers } = await authenticate(settings);
    expect(body.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(body.get('client_id')).toBe('0oa1');
    expect(headers.has('authorization')).toBe(false);
    const assertion = body.get('client_assertion') ?? '';
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS256', kid: 'k1' });
    const claims = decodeJwt(assertion);
    const iat = Math.floor(NOW / 1000);
    expect(claims).toEqual({
      iss: '0oa1',
      sub: '0oa1',
      aud: TOKEN_URL,
      iat,
      nbf: iat,
      exp: iat + CLIENT_ASSERTION_LIFETIME_SEC,
      jti: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(CLIENT_ASSERTION_LIFETIME_SEC).toBeLessThanOrEqual(300);
  });

  it('is signed by the private key, so the registered public key verifies it', async () => {
    const settings = readOAuthSettings({ client_id: '0oa1', private_key: ec.privateJwk }, OKTA_URL);
    const assertion = (await authenticate(settings)).body.get('client_assertion') ?? '';
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'ES256' });
    const { protectedHeader } = await compactVerify(assertion, await importJWK(ec.publicJwk, 'ES256'));
    expect(protectedHeader.alg).toBe('ES256');
    await expect(compactVerify(assertion, await importJWK(ecKeyPair().publicJwk, 'ES256'))).rejects.toThrow(
      'signature verification failed',
    );
  });

  it('uses a new jti for every token request', async () => {
    const settings = readOAuthSettings({ client_id: '0oa1', private_key: ec.privatePem }, OKTA_URL);
    const first = decodeJwt((await authenticate(settings)).body.get('client_assertion') ?? '');
    const second = decodeJwt((await authenticate(settings)).body.get('client_assertion') ?? '');
    expect(first.jti).not.toBe(second.jti);
  });

  it('puts the configured token URL in aud, not the issuer', async () => {
    const settings = readOAuthSettings(
      { client_id: 'c', private_key: ec.privatePem, token_endpoint_url: 'http://127.0.0.1:4010/oauth2/v1/token' },
      'http://127.0.0.1:4010/api/flo/abc/invoke',
      { allowLocal: true },
    );
    const claims = decodeJwt((await authenticate(settings)).body.get('client_assertion') ?? '');
    expect(claims.aud).toBe('http://127.0.0.1:4010/oauth2/v1/token');
  });
});

describe('client secret authentication', () => {
  it('sends client_secret_basic as a form-encoded Basic header and nothing in the body', async () => {
    const settings = readOAuthSettings({ client_id: 'my client', client_secret: 'p@ss:word' }, OKTA_URL);
    const { body, headers } = await authenticate(settings);
    const basic = headers.get('authorization') ?? '';
    expect(basic.startsWith('Basic ')).toBe(true);
    expect(Buffer.from(basic.slice(6), 'base64').toString()).toBe('my+client:p%40ss%3Aword');
    expect(body.has('client_secret')).toBe(false);
  });

  it('sends client_secret_post as client_id and client_secret in the body', async () => {
    const settings = readOAuthSettings(
      { client_id: 'c', client_secret: 's', client_auth_method: 'client_secret_post' },
      OKTA_URL,
    );
    const { body, headers } = await authenticate(settings);
    expect(body.get('client_id')).toBe('c');
    expect(body.get('client_secret')).toBe('s');
    expect(headers.has('authorization')).toBe(false);
  });
});
