import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkClientDefinition, checkConfiguredClients, OAuthClientRegistry } from '../../mock-okta/oauth/clients.js';
import { FlowhookError } from '../../src/errors.js';
import { ecKeyPair, rsaKeyPair } from '../auth/keys.js';

const rsa = rsaKeyPair();
const ec = ecKeyPair();
const SCOPES = ['okta.workflows.invoke.manage'];

describe('checkClientDefinition', () => {
  it('accepts a PEM key, a JWKS, or a client secret', () => {
    expect(checkClientDefinition({ clientId: '0oa1', publicKeyPem: rsa.publicPem, scopes: SCOPES }, '$')).toEqual([]);
    expect(checkClientDefinition({ clientId: '0oa1', jwks: { keys: [ec.publicJwk] }, scopes: SCOPES }, '$')).toEqual([]);
    expect(checkClientDefinition({ clientId: '0oa1', clientSecret: 's', scopes: [] }, '$')).toEqual([]);
  });

  it('takes keyId only beside a PEM key', () => {
    expect(checkClientDefinition({ clientId: '0oa1', publicKeyPem: rsa.publicPem, keyId: 'kid-1', scopes: SCOPES }, '$')).toEqual([]);
    expect(checkClientDefinition({ clientId: '0oa1', clientSecret: 's', keyId: 'kid-1', scopes: SCOPES }, '$')).toEqual([
      { path: '$.keyId', message: 'names the kid of "publicKeyPem"; a JWK in "jwks" carries its own "kid"' },
    ]);
  });

  it('asks for exactly one credential', () => {
    expect(checkClientDefinition({ clientId: 'c', scopes: SCOPES }, '$')).toEqual([
      { path: '$', message: 'needs one credential: "jwks" or "publicKeyPem" (private_key_jwt) or "clientSecret"' },
    ]);
    expect(checkClientDefinition({ clientId: 'c', clientSecret: 's', publicKeyPem: rsa.publicPem, scopes: SCOPES }, '$')).toEqual([
      { path: '$', message: 'has "publicKeyPem" and "clientSecret"; give exactly one credential' },
    ]);
  });

  it('refuses private keys, so that a private key is never stored by the mock', () => {
    expect(checkClientDefinition({ clientId: 'c', publicKeyPem: rsa.privatePem, scopes: SCOPES }, '$')).toEqual([
      { path: '$.publicKeyPem', message: 'is a private key; register the public key only ("-----BEGIN PUBLIC KEY-----")' },
    ]);
    expect(checkClientDefinition({ clientId: 'c', jwks: { keys: [ec.privateJwk] }, scopes: SCOPES }, '$')).toEqual([
      { path: '$.jwks.keys[0]', message: 'is a private key (it has "d"); register the public key only' },
    ]);
  });

  it('refuses keys Okta would refuse, and asks several keys for distinct kids', () => {
    const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    expect(
      checkClientDefinition(
        { clientId: 'c', jwks: { keys: [rsaKeyPair(1024).publicJwk, ed, { kty: 'RSA', n: 'x' }, { ...ec.publicJwk, use: 'enc' }] }, scopes: SCOPES },
        '$.oauthClients[3]',
      ),
    ).toEqual([
      { path: '$.oauthClients[3].jwks.keys[0]', message: 'is a 1024-bit RSA key; Okta wants at least 2048 bits' },
      { path: '$.oauthClients[3].jwks.keys[0].kid', message: 'is required when there are several keys, so that an assertion can name its key' },
      { path: '$.oauthClients[3].jwks.keys[1]', message: 'is a key of type "ed25519"; Okta accepts RSA and EC keys' },
      { path: '$.oauthClients[3].jwks.keys[1].kid', message: 'is required when there are several keys, so that an assertion can name its key' },
      { path: '$.oauthClients[3].jwks.keys[2]', message: 'is not a public JWK (RSA with "n" and "e", or EC with "crv", "x" and "y")' },
      { path: '$.oauthClients[3].jwks.keys[3].use', message: 'is "enc"; a client assertion key has "use" "sig" or none' },
      { path: '$.oauthClients[3].jwks.keys[3].kid', message: 'is required when there are several keys, so that an assertion can name its key' },
    ]);
    expect(
      checkClientDefinition({ clientId: 'c', jwks: { keys: [{ ...ec.publicJwk, kid: 'a' }, { ...rsa.publicJwk, kid: 'a' }] }, scopes: SCOPES }, '$'),
    ).toEqual([{ path: '$.jwks.keys[1].kid', message: 'repeats the kid of $.jwks.keys[0] ("a")' }]);
  });

  it('says schema problems in words', () => {
    expect(checkClientDefinition({ clientId: 'tab\there', clientSecret: 's', scopes: ['a b'], extra: 1 }, '$')).toEqual([
      { path: '$.extra', message: 'is not a known field' },
      { path: '$.clientId', message: 'must be 1 to 256 printable ASCII characters' },
      { path: '$.scopes[0]', message: 'must be a scope: visible ASCII characters without spaces, quotes or backslashes' },
    ]);
  });
});

describe('checkConfiguredClients', () => {
  it('refuses a repeated clientId', () => {
    expect(
      checkConfiguredClients([
        { clientId: 'a', clientSecret: 's', scopes: [] },
        { clientId: 'a', clientSecret: 't', scopes: [] },
      ]),
    ).toEqual([{ path: '$.oauthClients[1].clientId', message: 'repeats the clientId of $.oauthClients[0] ("a")' }]);
  });
});

describe('OAuthClientRegistry', () => {
  it('shows a client with its methods, public keys and counts, never its secret', () => {
    const registry = new OAuthClientRegistry();
    const keyed = registry.register({ clientId: 'k', jwks: { keys: [{ ...ec.publicJwk, kid: 'e1' }] }, scopes: SCOPES });
    const secret = registry.register({ clientId: 's', clientSecret: 'do-not-show', scopes: SCOPES, accessTokenLifetimeSec: 60 });
    expect(keyed.view(3600)).toEqual({
      clientId: 'k',
      tokenEndpointAuthMethods: ['private_key_jwt'],
      publicKeys: [{ ...ec.publicJwk, kid: 'e1' }],
      scopes: SCOPES,
      accessTokenLifetimeSec: 3600,
      requireDpop: false,
      tokenRequests: 0,
      tokensIssued: 0,
    });
    expect(secret.view(3600)).toMatchObject({
      tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post'],
      clientSecret: '[REDACTED]',
      accessTokenLifetimeSec: 60,
    });
    expect(JSON.stringify(secret)).not.toContain('do-not-show');
  });

  it('refuses a second client with the same id, and a bad definition, changing nothing', () => {
    const registry = new OAuthClientRegistry();
    registry.register({ clientId: 'c', clientSecret: 's', scopes: [] });
    expect(() => registry.register({ clientId: 'c', clientSecret: 't', scopes: [] })).toThrow(
      expect.objectContaining({
        code: 'FLOWHOOK_CONFLICT',
        message: 'an OAuth client with the clientId "c" is already registered',
        hint: 'Delete it first (DELETE /__admin/oauth/clients/c), or choose another clientId.',
      }),
    );
    let error: unknown;
    try {
      registry.register({ clientId: 'd', scopes: [] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FlowhookError);
    expect(error).toMatchObject({
      code: 'FLOWHOOK_MOCK_CLIENT_INVALID',
      message: 'the OAuth client was not registered: "$" needs one credential: "jwks" or "publicKeyPem" (private_key_jwt) or "clientSecret"',
      hint: 'Fix the fields listed in details and send the client again.',
    });
    expect(registry.list().map((client) => client.clientId)).toEqual(['c']);
  });
});
