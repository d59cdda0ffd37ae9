import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkClientAssertion, UsedJtis, type AssertionContext } from '../../mock-okta/oauth/client-assertion.js';
import { OAuthClientRegistry } from '../../mock-okta/oauth/clients.js';
import { ecKeyPair, rsaKeyPair } from '../auth/keys.js';

const TOKEN_URL = 'http://127.0.0.1:4010/oauth2/v1/token';
const NOW = 1_800_000_000;
const rsa = rsaKeyPair();
const ec = ecKeyPair();
const otherRsa = rsaKeyPair();

let context: AssertionContext;

beforeEach(() => {
  const clients = new OAuthClientRegistry();
  clients.register({ clientId: 'rsa-client', publicKeyPem: rsa.publicPem, scopes: ['okta.workflows.invoke.manage'] });
  clients.register({
    clientId: 'ec-client',
    jwks: { keys: [{ ...ec.publicJwk, kid: 'ec-1' }, { ...otherRsa.publicJwk, kid: 'rsa-2' }] },
    scopes: ['okta.workflows.invoke.manage'],
  });
  clients.register({ clientId: 'secret-client', clientSecret: 's3cret', scopes: [] });
  context = { clients, tokenEndpoints: [TOKEN_URL], clientIdParameter: undefined, nowSec: NOW, usedJtis: new UsedJtis() };
});

interface AssertionOptions {
  alg?: string;
  kid?: string;
  jwk?: typeof rsa.privateJwk;
  claims?: JWTPayload;
}

/** An assertion signed with jose (not with flowhook's sender), valid unless the options say otherwise. */
async function assertion(clientId: string, options: AssertionOptions = {}): Promise<string> {
  const alg = options.alg ?? 'RS256';
  const key = await importJWK(options.jwk ?? rsa.privateJwk, alg);
  return new SignJWT({ iss: clientId, sub: clientId, aud: TOKEN_URL, iat: NOW, exp: NOW + 300, jti: `jti-${Math.random()}`, ...options.claims })
    .setProtectedHeader({ alg, ...(options.kid === undefined ? {} : { kid: options.kid }) })
    .sign(key);
}

async function refusal(jwt: string, extra: Partial<AssertionContext> = {}): Promise<unknown> {
  const verdict = await checkClientAssertion(jwt, { ...context, ...extra });
  if (verdict.ok) throw new Error('expected a refusal');
  return { ...verdict.refusal, clientId: verdict.clientId };
}

const invalidClient = (description: string, clientId: string | undefined = 'rsa-client') => ({
  status: 401,
  error: 'invalid_client',
  description,
  clientId,
});

describe('checkClientAssertion', () => {
  it('accepts an assertion signed by the registered PEM key, with iss = sub = client id and aud = the token URL', async () => {
    const verdict = await checkClientAssertion(await assertion('rsa-client'), context);
    expect(verdict.ok && verdict.client.clientId).toBe('rsa-client');
  });

  it('picks the key named by kid among several, and accepts ES256', async () => {
    const es = await assertion('ec-client', { alg: 'ES256', kid: 'ec-1', jwk: ec.privateJwk });
    expect((await checkClientAssertion(es, context)).ok).toBe(true);
    const rs = await assertion('ec-client', { kid: 'rsa-2', jwk: otherRsa.privateJwk });
    expect((await checkClientAssertion(rs, context)).ok).toBe(true);
  });

  it('accepts aud as an array that names the token URL (RFC 7523)', async () => {
    const jwt = await assertion('rsa-client', { claims: { aud: ['https://elsewhere.example', TOKEN_URL] } });
    expect((await checkClientAssertion(jwt, context)).ok).toBe(true);
  });

  it('refuses a signature by another key', async () => {
    const jwt = await assertion('rsa-client', { jwk: otherRsa.privateJwk });
    expect(await refusal(jwt)).toEqual(invalidClient('The client_assertion signature is invalid.'));
  });

  it('refuses a kid that is not registered, and no kid when the client has several keys', async () => {
    const unknownKid = await assertion('ec-client', { alg: 'ES256', kid: 'nope', jwk: ec.privateJwk });
    expect(await refusal(unknownKid)).toEqual(invalidClient('The client_assertion JWT kid is invalid.', 'ec-client'));
    const noKid = await assertion('ec-client', { alg: 'ES256', jwk: ec.privateJwk });
    expect(await refusal(noKid)).toEqual(invalidClient('The client_assertion JWT kid is invalid.', 'ec-client'));
  });

  it("matches an assertion's kid against the keyId of a PEM key, as Okta matches an app key's KID", async () => {
    context.clients.register({ clientId: 'pem-kid-client', publicKeyPem: rsa.publicPem, keyId: 'okta-kid-1', scopes: [] });
    expect((await checkClientAssertion(await assertion('pem-kid-client', { kid: 'okta-kid-1' }), context)).ok).toBe(true);
    expect((await checkClientAssertion(await assertion('pem-kid-client'), context)).ok).toBe(true);
    const otherKid = await assertion('pem-kid-client', { kid: 'okta-kid-2' });
    expect(await refusal(otherKid)).toEqual(invalidClient('The client_assertion JWT kid is invalid.', 'pem-kid-client'));
    const named = await assertion('rsa-client', { kid: 'okta-kid-1' });
    expect(await refusal(named)).toEqual(invalidClient('The client_assertion JWT kid is invalid.', 'rsa-client'));
  });

  it('refuses iss and sub that differ, and a client_id parameter that differs from sub', async () => {
    const jwt = await assertion('rsa-client', { claims: { iss: 'someone-else' } });
    expect(await refusal(jwt)).toEqual(invalidClient("The 'iss' and 'sub' claims of the client_assertion must both be the client_id."));
    expect(await refusal(await assertion('rsa-client'), { clientIdParameter: 'ec-client' })).toEqual(
      invalidClient("The client_id parameter does not match the 'sub' claim of the client_assertion."),
    );
  });

  it("refuses the issuer as audience, as Okta does (oauth4webapi's default)", async () => {
    const jwt = await assertion('rsa-client', { claims: { aud: 'http://127.0.0.1:4010' } });
    expect(await refusal(jwt)).toEqual(invalidClient('The audience claim for client_assertion must be the endpoint invoked for the request.'));
  });

  it('refuses an expired assertion, one expiring more than an hour ahead, one without exp, one not valid yet', async () => {
    expect(await refusal(await assertion('rsa-client', { claims: { exp: NOW } }))).toEqual(
      invalidClient('The client_assertion token is expired.'),
    );
    expect(await refusal(await assertion('rsa-client', { claims: { exp: NOW + 3601 } }))).toEqual(
      invalidClient('The client_assertion token has an expiration too far into the future.'),
    );
    expect((await checkClientAssertion(await assertion('rsa-client', { claims: { exp: NOW + 3600 } }), context)).ok).toBe(true);
    expect(await refusal(await assertion('rsa-client', { claims: { exp: undefined } }))).toEqual(
      invalidClient("The client_assertion token must have an expiration claim ('exp')."),
    );
    expect(await refusal(await assertion('rsa-client', { claims: { nbf: NOW + 10 } }))).toEqual(
      invalidClient('The client_assertion token is not valid yet.'),
    );
  });

  it('accepts a jti once only', async () => {
    const jwt = await assertion('rsa-client', { claims: { jti: 'once' } });
    expect((await checkClientAssertion(jwt, context)).ok).toBe(true);
    expect(await refusal(jwt)).toEqual(invalidClient('The client_assertion token has already been used.'));
  });

  it('forgets a jti once its assertion has expired', () => {
    const used = new UsedJtis();
    expect(used.use('c', 'j', NOW + 60, NOW)).toBe(true);
    expect(used.use('c', 'j', NOW + 60, NOW + 59)).toBe(false);
    expect(used.use('other', 'j', NOW + 60, NOW)).toBe(true);
    expect(used.use('c', 'j', NOW + 120, NOW + 60)).toBe(true);
  });

  it('refuses unsupported algorithms, unknown clients, secret clients and malformed tokens', async () => {
    const hs = await new SignJWT({ iss: 'rsa-client', sub: 'rsa-client', aud: TOKEN_URL, exp: NOW + 60 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long'));
    expect(await refusal(hs)).toEqual(
      invalidClient('The client_assertion token is signed with an unsupported algorithm; use one of RS256, RS384, RS512, ES256, ES384, ES512.'),
    );
    expect(await refusal(await assertion('who'))).toEqual(invalidClient("Invalid value for 'client_id' parameter.", 'who'));
    expect(await refusal(await assertion('secret-client'))).toEqual(
      invalidClient('The client is not configured for private_key_jwt; authenticate with its client secret.', 'secret-client'),
    );
    expect(await refusal('not.a.jwt', { clientIdParameter: 'rsa-client' })).toEqual(
      invalidClient('The client_assertion token is malformed.'),
    );
  });
});
