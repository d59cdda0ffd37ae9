/**
 * Interoperability of the mock's org authorization server: a client built by hand from the standards
 * (RFC 8414 discovery, RFC 7523 client assertion and form, RFC 6749 §2.3.1 Basic credentials), with
 * node:crypto and the global fetch only, so that neither flowhook's sender nor oauth4webapi nor jose
 * takes part. It then reads the token as a resource server would: against the published JWKS.
 */
import { createPrivateKey, createPublicKey, randomUUID, sign, verify, type JsonWebKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import { ecKeyPair, rsaKeyPair } from '../auth/keys.js';

const SCOPE = 'okta.workflows.invoke.manage';
const rsa = rsaKeyPair();
const ec = ecKeyPair();

let mock: RunningMockOkta;

beforeAll(async () => {
  mock = await startMockOkta({
    flows: [{ alias: 'secured', security: 'oauth2', rateLimitPerSecond: 0, responses: [{ body: { ok: true } }] }],
    oauthClients: [
      { clientId: 'rfc-rsa', jwks: { keys: [{ ...rsa.publicJwk, kid: 'k-rsa' }] }, scopes: [SCOPE] },
      { clientId: 'rfc-ec', publicKeyPem: ec.publicPem, scopes: [SCOPE] },
      { clientId: 'rfc secret', clientSecret: 'a:b%c+d é', scopes: [SCOPE] },
    ],
  });
});

afterAll(() => mock.close());

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url');
}

/** RFC 7519 JWS compact serialisation, signed with node:crypto (ES256 as r||s per RFC 7518 §3.4). */
function signJwt(header: Record<string, unknown>, claims: Record<string, unknown>, privateJwk: JsonWebKey): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const key = createPrivateKey({ key: privateJwk, format: 'jwk' });
  const signature =
    header.alg === 'ES256'
      ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', Buffer.from(input), key);
  return `${input}.${base64url(signature)}`;
}

async function discover(): Promise<{ issuer: string; token_endpoint: string; jwks_uri: string }> {
  const response = await fetch(`${mock.url}/.well-known/oauth-authorization-server`);
  expect(response.status).toBe(200);
  return (await response.json()) as { issuer: string; token_endpoint: string; jwks_uri: string };
}

/** RFC 7523 §2.2: the client credentials grant with a JWT client assertion, form-encoded. */
async function tokenWithAssertion(tokenEndpoint: string, assertion: string): Promise<Response> {
  return fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: SCOPE,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }),
  });
}

/** RFC 7523 §3: iss and sub the client id, aud the token endpoint, exp, and a unique jti. */
function assertionClaims(clientId: string, audience: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: clientId, sub: clientId, aud: audience, iat: now, exp: now + 120, jti: randomUUID() };
}

/** Verifies an RS256 access token against the JWKS at `jwksUri` and returns its claims. */
async function verifiedClaims(token: string, jwksUri: string): Promise<Record<string, unknown>> {
  const { keys } = (await (await fetch(jwksUri)).json()) as { keys: Array<JsonWebKey & { kid?: string }> };
  const [headerPart = '', claimsPart = '', signaturePart = ''] = token.split('.');
  const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString()) as { alg: string; kid: string };
  expect(header.alg).toBe('RS256');
  const jwk = keys.find((key) => key.kid === header.kid);
  if (jwk === undefined) throw new Error(`no key "${header.kid}" in the JWKS`);
  const valid = verify(
    'sha256',
    Buffer.from(`${headerPart}.${claimsPart}`),
    createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(signaturePart, 'base64url'),
  );
  expect(valid).toBe(true);
  return JSON.parse(Buffer.from(claimsPart, 'base64url').toString()) as Record<string, unknown>;
}

describe('the mock org authorization server with a hand-built RFC 7523 client', () => {
  it('issues a token for an RS256 assertion and the token verifies against its JWKS and opens the flow', async () => {
    const metadata = await discover();
    expect(metadata.issuer).toBe(mock.url);
    const assertion = signJwt({ alg: 'RS256', typ: 'JWT', kid: 'k-rsa' }, assertionClaims('rfc-rsa', metadata.token_endpoint), rsa.privateJwk);
    const response = await tokenWithAssertion(metadata.token_endpoint, assertion);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number; scope: string };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: SCOPE });

    const claims = await verifiedClaims(body.access_token, metadata.jwks_uri);
    expect(claims).toMatchObject({ ver: 1, iss: mock.url, aud: mock.url, sub: 'rfc-rsa', cid: 'rfc-rsa', scp: [SCOPE] });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);

    const invoke = await fetch(mock.invokeUrl('secured'), {
      method: 'POST',
      headers: { authorization: `Bearer ${body.access_token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(invoke.status).toBe(200);
  });

  it('issues a token for an ES256 assertion without kid (one registered key)', async () => {
    const { token_endpoint: tokenEndpoint } = await discover();
    const assertion = signJwt({ alg: 'ES256', typ: 'JWT' }, assertionClaims('rfc-ec', tokenEndpoint), ec.privateJwk);
    expect((await tokenWithAssertion(tokenEndpoint, assertion)).status).toBe(200);
  });

  it('refuses a replayed assertion (RFC 7523 §3 point 7)', async () => {
    const { token_endpoint: tokenEndpoint } = await discover();
    const assertion = signJwt({ alg: 'ES256' }, assertionClaims('rfc-ec', tokenEndpoint), ec.privateJwk);
    expect((await tokenWithAssertion(tokenEndpoint, assertion)).status).toBe(200);
    const replay = await tokenWithAssertion(tokenEndpoint, assertion);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({ error: 'invalid_client', error_description: 'The client_assertion token has already been used.' });
  });

  it('takes client_secret_basic with the id and secret form-encoded (RFC 6749 §2.3.1)', async () => {
    const { token_endpoint: tokenEndpoint } = await discover();
    const encode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');
    const credentials = Buffer.from(`${encode('rfc secret')}:${encode('a:b%c+d é')}`).toString('base64');
    const response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: SCOPE }),
    });
    expect(response.status).toBe(200);
  });
});
