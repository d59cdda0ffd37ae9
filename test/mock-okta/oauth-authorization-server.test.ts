import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, SignJWT } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { MockAuthorizationServer, type TokenAnswer } from '../../mock-okta/oauth/authorization-server.js';
import type { TokenResponse } from '../../mock-okta/oauth/types.js';
import { rsaKeyPair } from '../auth/keys.js';

const ISSUER = 'http://127.0.0.1:4010';
const TOKEN_URL = `${ISSUER}/oauth2/v1/token`;
const FORM = 'application/x-www-form-urlencoded';
const SCOPE = 'okta.workflows.invoke.manage';
const key = rsaKeyPair();

let nowMs: number;
let server: MockAuthorizationServer;

beforeEach(() => {
  nowMs = 1_800_000_000_000;
  server = new MockAuthorizationServer({
    issuer: () => ISSUER,
    now: () => nowMs,
    clients: [
      { clientId: 'svc', publicKeyPem: key.publicPem, scopes: [SCOPE] },
      { clientId: 'apono', clientSecret: 'p@ss word', scopes: [SCOPE, 'extra'] },
      { clientId: 'dpop', clientSecret: 'x', scopes: [SCOPE], requireDpop: true },
      { clientId: 'short', clientSecret: 'x', scopes: [SCOPE], accessTokenLifetimeSec: 5 },
    ],
  });
});

async function assertion(clientId = 'svc', claims: Record<string, unknown> = {}): Promise<string> {
  const nowSec = Math.floor(nowMs / 1000);
  return new SignJWT({ iss: clientId, sub: clientId, aud: TOKEN_URL, exp: nowSec + 60, jti: `j-${Math.random()}`, ...claims })
    .setProtectedHeader({ alg: 'RS256' })
    .sign(await importJWK(key.privateJwk, 'RS256'));
}

function basic(clientId: string, secret: string): string {
  const encode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

async function token(fields: Record<string, string>, authorization?: string, contentType = FORM): Promise<TokenAnswer> {
  return server.requestToken({ contentType, authorization, body: form(fields) });
}

async function withAssertion(extra: Record<string, string> = {}, clientId = 'svc'): Promise<TokenAnswer> {
  return token({
    grant_type: 'client_credentials',
    scope: SCOPE,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await assertion(clientId),
    ...extra,
  });
}

function refusal(status: number, error: string, description: string) {
  return { status, body: { error, error_description: description } };
}

describe('MockAuthorizationServer.requestToken', () => {
  it("issues an Okta-shaped org token for a private_key_jwt client", async () => {
    const answer = await withAssertion();
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual({ 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store', pragma: 'no-cache' });
    const body = answer.body as TokenResponse;
    expect(body).toEqual({ token_type: 'Bearer', expires_in: 3600, access_token: expect.any(String), scope: SCOPE });
    const header = decodeProtectedHeader(body.access_token);
    const [jwk = {}] = (await server.jwks()).keys;
    expect(header).toEqual({ alg: 'RS256', kid: jwk.kid });
    const nowSec = nowMs / 1000;
    expect(decodeJwt(body.access_token)).toEqual({
      ver: 1,
      jti: expect.stringMatching(/^AT\.[\w-]{43}\.[\w-]{8}$/),
      iss: ISSUER,
      aud: ISSUER,
      sub: 'svc',
      cid: 'svc',
      scp: [SCOPE],
      iat: nowSec,
      exp: nowSec + 3600,
    });
    await compactVerify(body.access_token, await importJWK(jwk, 'RS256'));
  });

  it('takes client_secret_basic (form-encoded per RFC 6749) and client_secret_post', async () => {
    const viaBasic = await token({ grant_type: 'client_credentials', scope: SCOPE }, basic('apono', 'p@ss word'));
    expect(viaBasic.status).toBe(200);
    const viaPost = await token({ grant_type: 'client_credentials', scope: `${SCOPE} extra`, client_id: 'apono', client_secret: 'p@ss word' });
    expect(viaPost).toMatchObject({ status: 200, body: { scope: `${SCOPE} extra` } });
  });

  it('uses the lifetime of the client, else of the server', async () => {
    const answer = await token({ grant_type: 'client_credentials', scope: SCOPE, client_id: 'short', client_secret: 'x' });
    expect(answer.body).toMatchObject({ expires_in: 5 });
  });

  it('counts token requests and issued tokens per client', async () => {
    await withAssertion();
    await withAssertion({ scope: 'nope' });
    await token({ grant_type: 'client_credentials', scope: SCOPE }, basic('apono', 'wrong'));
    expect(server.clients.get('svc')).toMatchObject({ tokenRequests: 2, tokensIssued: 1 });
    expect(server.clients.get('apono')).toMatchObject({ tokenRequests: 1, tokensIssued: 0 });
  });

  it('refuses a wrong secret, an unknown client, and missing credentials with 401 invalid_client', async () => {
    const wrong = await token({ grant_type: 'client_credentials', scope: SCOPE }, basic('apono', 'nope'));
    expect(wrong).toMatchObject(refusal(401, 'invalid_client', 'The client secret supplied for a confidential client is invalid.'));
    expect(wrong.headers['www-authenticate']).toBe(`Basic realm="${ISSUER}"`);
    expect(await token({ grant_type: 'client_credentials', scope: SCOPE, client_id: 'ghost', client_secret: 's' })).toMatchObject(
      refusal(401, 'invalid_client', "Invalid value for 'client_id' parameter."),
    );
    expect(await token({ grant_type: 'client_credentials', scope: SCOPE, client_id: 'apono' })).toMatchObject(
      refusal(401, 'invalid_client', 'No client credentials found.'),
    );
    expect(await token({ grant_type: 'client_credentials', scope: SCOPE }, basic('svc', 'x'))).toMatchObject(
      refusal(401, 'invalid_client', 'The client is configured for private_key_jwt; authenticate with a client_assertion.'),
    );
  });

  it('refuses more than one way of authenticating', async () => {
    const answer = await token({ grant_type: 'client_credentials', scope: SCOPE, client_id: 'apono', client_secret: 'p@ss word' }, basic('apono', 'p@ss word'));
    expect(answer).toMatchObject(
      refusal(
        400,
        'invalid_request',
        'Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.',
      ),
    );
  });

  it('refuses a wrong client_assertion_type', async () => {
    expect(await withAssertion({ client_assertion_type: 'jwt' })).toMatchObject(
      refusal(401, 'invalid_client', 'The client_assertion_type is invalid.'),
    );
  });

  it('refuses other grant types, a missing scope and scopes not granted', async () => {
    expect(await withAssertion({ grant_type: 'password' })).toMatchObject(
      refusal(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].'),
    );
    expect(await token({ scope: SCOPE }, basic('apono', 'p@ss word'))).toMatchObject(
      refusal(400, 'invalid_request', 'The request is missing a required parameter: grant_type.'),
    );
    expect(await withAssertion({ scope: '' })).toMatchObject(
      refusal(400, 'invalid_scope', "The authorization server resource does not have any configured default scopes, 'scope' must be provided."),
    );
    expect(await withAssertion({ scope: `${SCOPE} okta.users.read okta.apps.read` })).toMatchObject(
      refusal(400, 'invalid_scope', 'The following scopes are not allowed for this request: [okta.users.read, okta.apps.read].'),
    );
  });

  it('refuses a client that requires DPoP, as Okta does without a DPoP proof', async () => {
    expect(await token({ grant_type: 'client_credentials', scope: SCOPE, client_id: 'dpop', client_secret: 'x' })).toMatchObject(
      refusal(400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.'),
    );
  });

  it('takes form-encoded requests only, each parameter once', async () => {
    const json = await server.requestToken({ contentType: 'application/json', authorization: undefined, body: '{}' });
    expect(json).toMatchObject(refusal(400, 'invalid_request', "The token endpoint accepts 'application/x-www-form-urlencoded' requests only."));
    const twice = await server.requestToken({ contentType: FORM, authorization: undefined, body: 'scope=a&scope=b&grant_type=client_credentials' });
    expect(twice).toMatchObject(refusal(400, 'invalid_request', "The 'scope' parameter is included more than once."));
  });

  it('takes an assertion whose aud is the URL the request reached, when that differs from the issuer', async () => {
    const reached = 'http://localhost:4010/oauth2/v1/token';
    const nowSec = Math.floor(nowMs / 1000);
    const jwt = await new SignJWT({ iss: 'svc', sub: 'svc', aud: reached, exp: nowSec + 60 })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(await importJWK(key.privateJwk, 'RS256'));
    const fields = {
      grant_type: 'client_credentials',
      scope: SCOPE,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: jwt,
    };
    expect((await server.requestToken({ url: reached, contentType: FORM, authorization: undefined, body: form(fields) })).status).toBe(200);
  });
});

describe('MockAuthorizationServer.checkAccessToken', () => {
  async function issued(): Promise<string> {
    return ((await withAssertion()).body as TokenResponse).access_token;
  }

  it('accepts its own live token and gives its claims', async () => {
    const check = await server.checkAccessToken(await issued());
    expect(check).toMatchObject({ ok: true, claims: { cid: 'svc', scp: [SCOPE] } });
  });

  it('refuses an expired token', async () => {
    const jwt = await issued();
    nowMs += 3600 * 1000;
    expect(await server.checkAccessToken(jwt)).toEqual({ ok: false, reason: 'expired', description: 'The access token has expired.' });
  });

  it('refuses the tokens of a revoked client, also after the client id is registered again', async () => {
    const jwt = await issued();
    server.clients.delete('svc');
    expect(await server.checkAccessToken(jwt)).toEqual({ ok: false, reason: 'revoked', description: 'The access token has been revoked.' });
    server.clients.register({ clientId: 'svc', publicKeyPem: key.publicPem, scopes: [SCOPE] });
    expect(await server.checkAccessToken(jwt)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('refuses a token signed by another key, one of another issuer, and garbage', async () => {
    const other = new MockAuthorizationServer({ issuer: () => ISSUER, now: () => nowMs, clients: [{ clientId: 'svc', clientSecret: 'x', scopes: [SCOPE] }] });
    const foreign = ((await other.requestToken({ contentType: FORM, authorization: basic('svc', 'x'), body: form({ grant_type: 'client_credentials', scope: SCOPE }) })).body as TokenResponse).access_token;
    expect(await server.checkAccessToken(foreign)).toEqual({ ok: false, reason: 'signature', description: 'The access token is invalid.' });
    let issuer = ISSUER;
    const moving = new MockAuthorizationServer({ issuer: () => issuer, now: () => nowMs, clients: [{ clientId: 'svc', clientSecret: 'x', scopes: [SCOPE] }] });
    const before = ((await moving.requestToken({ contentType: FORM, authorization: basic('svc', 'x'), body: form({ grant_type: 'client_credentials', scope: SCOPE }) })).body as TokenResponse).access_token;
    issuer = 'http://other.example';
    expect(await moving.checkAccessToken(before)).toEqual({
      ok: false,
      reason: 'issuer',
      description: 'The access token was issued for another organization.',
    });
    expect(await server.checkAccessToken('garbage')).toEqual({ ok: false, reason: 'malformed', description: 'The access token is malformed.' });
  });
});

describe('MockAuthorizationServer metadata and reset', () => {
  it('describes itself with the mock URL as issuer', async () => {
    expect(server.metadata()).toEqual({
      issuer: ISSUER,
      token_endpoint: TOKEN_URL,
      jwks_uri: `${ISSUER}/oauth2/v1/keys`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
      scopes_supported: [SCOPE],
    });
    expect((await server.jwks()).keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })]);
  });

  it('restores the clients it started with and forgets counts on reset', async () => {
    await withAssertion();
    server.clients.delete('apono');
    server.clients.register({ clientId: 'new', clientSecret: 'n', scopes: [] });
    server.reset();
    expect(server.clients.list().map((client) => [client.clientId, client.tokenRequests])).toEqual([
      ['svc', 0],
      ['apono', 0],
      ['dpop', 0],
      ['short', 0],
    ]);
  });
});
