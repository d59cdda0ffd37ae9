/**
 * Interoperability of the sender: tokens from an independent, standards-complete authorization server
 * (the `oidc-provider` package), not only from flowhook's own mock. Each client authentication method
 * that flowhook sends is checked by that server, and a refusal reaches the caller with its wording.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthAuthoriser } from '../../src/auth/oauth-authoriser.js';
import { TokenCache } from '../../src/auth/token-cache.js';
import { closeTokenAgents } from '../../src/auth/token-request.js';
import type { OAuthConfig } from '../../src/types.js';
import { ecKeyPair, rsaKeyPair } from '../auth/keys.js';

const SCOPE = 'okta.workflows.invoke.manage';
const SECRET = 'p@ss:w0rd/+ with spaces';
const rsa = rsaKeyPair();
const ec = ecKeyPair();
const stranger = rsaKeyPair();

let server: Server;
let provider: Provider;
let issuer: string;

beforeAll(async () => {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = { grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: SCOPE };
  provider = new Provider(issuer, {
    clients: [
      { ...client, client_id: 'pkjwt-rsa', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ ...rsa.publicJwk, kid: 'rsa-1' }] } },
      { ...client, client_id: 'pkjwt-ec', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [ec.publicJwk] } },
      { ...client, client_id: 'basic', token_endpoint_auth_method: 'client_secret_basic', client_secret: SECRET },
      { ...client, client_id: 'post', token_endpoint_auth_method: 'client_secret_post', client_secret: SECRET },
    ],
    clientAuthMethods: ['private_key_jwt', 'client_secret_basic', 'client_secret_post'],
    cookies: { keys: ['test-only-cookie-key'] },
    ttl: { ClientCredentials: 600 },
    enabledJWA: { clientAuthSigningAlgValues: ['RS256', 'ES256'] },
    features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
    jwks: { keys: [{ ...rsaKeyPair().privateJwk, kid: 'provider-signing', use: 'sig', alg: 'RS256' }] },
    scopes: [SCOPE],
  });
  const callback = provider.callback();
  handle = (req, res) => void callback(req, res);
});

afterAll(async () => {
  await closeTokenAgents();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function authoriser(oauth: Omit<OAuthConfig, 'token_endpoint_url'>) {
  return createOAuthAuthoriser(
    { ...oauth, token_endpoint_url: `${issuer}/token` },
    'http://127.0.0.1:4010/api/flo/d856674875d68127e1c45e8daa479556/invoke',
    { allowLocal: true, cache: new TokenCache() },
  );
}

/** The token as oidc-provider recorded it: which client got it, with which scope. */
async function issuedTo(authorization: string): Promise<{ clientId: string; scope: string | undefined }> {
  const value = authorization.replace(/^Bearer /, '');
  const token = await provider.ClientCredentials.find(value);
  if (token === undefined) throw new Error('oidc-provider did not issue this token');
  return { clientId: String(token.clientId), scope: token.scope };
}

describe('the sender against oidc-provider', () => {
  it('gets a token with private_key_jwt and an RSA PEM key (kid, aud = the token endpoint)', async () => {
    const { headers } = await authoriser({ client_id: 'pkjwt-rsa', private_key: rsa.privatePem, key_id: 'rsa-1' }).authorise();
    expect(await issuedTo(headers.authorization ?? '')).toEqual({ clientId: 'pkjwt-rsa', scope: SCOPE });
  });

  it('gets a token with private_key_jwt and an EC JWK (ES256)', async () => {
    const { headers } = await authoriser({ client_id: 'pkjwt-ec', private_key: ec.privateJwk }).authorise();
    expect(await issuedTo(headers.authorization ?? '')).toEqual({ clientId: 'pkjwt-ec', scope: SCOPE });
  });

  it('gets a token with client_secret_basic, the secret form-encoded as RFC 6749 §2.3.1 says', async () => {
    const { headers } = await authoriser({ client_id: 'basic', client_secret: SECRET }).authorise();
    expect(await issuedTo(headers.authorization ?? '')).toEqual({ clientId: 'basic', scope: SCOPE });
  });

  it('gets a token with client_secret_post', async () => {
    const { headers } = await authoriser({ client_id: 'post', client_secret: SECRET, client_auth_method: 'client_secret_post' }).authorise();
    expect(await issuedTo(headers.authorization ?? '')).toEqual({ clientId: 'post', scope: SCOPE });
  });

  it("passes on the server's refusal of an assertion signed by another key", async () => {
    const error = await authoriser({ client_id: 'pkjwt-rsa', private_key: stranger.privatePem, key_id: 'rsa-1' })
      .authorise()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'FLOWHOOK_TOKEN_FAILED',
      httpStatus: 401,
      oauthError: 'invalid_client',
      message: `the token endpoint ${issuer}/token refused client "pkjwt-rsa" with 401 invalid_client: client authentication failed`,
    });
  });
});
