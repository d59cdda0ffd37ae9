import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMockConfig } from '../../mock-okta/config-file.js';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';

const SCOPE = 'okta.workflows.invoke.manage';
const dir = mkdtempSync(join(tmpdir(), 'mock-okta-oauth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let mock: RunningMockOkta;
let http: ReturnType<typeof request>;

beforeEach(async () => {
  mock = await startMockOkta({
    flows: [
      { alias: 'secured', security: 'oauth2', rateLimitPerSecond: 0, responses: [{ body: { ok: true } }] },
      { alias: 'only-a', security: 'oauth2', rateLimitPerSecond: 0, allowedClients: ['a'] },
    ],
    oauthClients: [
      { clientId: 'a', clientSecret: 'secret-a', scopes: [SCOPE] },
      { clientId: 'b', clientSecret: 'secret-b', scopes: [SCOPE, 'okta.users.read'] },
    ],
  });
  http = request(mock.server.http);
});
afterEach(() => mock.close());

async function accessToken(clientId: string, secret: string, scope = SCOPE): Promise<string> {
  const response = await http
    .post('/oauth2/v1/token')
    .auth(clientId, secret)
    .type('form')
    .send({ grant_type: 'client_credentials', scope });
  expect(response.status).toBe(200);
  return (response.body as { access_token: string }).access_token;
}

describe('mock org authorization server over HTTP', () => {
  it('serves tokens, its keys and its metadata, with the mock URL as issuer', async () => {
    const token = await http.post('/oauth2/v1/token').auth('a', 'secret-a').type('form').send({ grant_type: 'client_credentials', scope: SCOPE });
    expect(token.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(token.headers['cache-control']).toBe('no-store');
    expect(token.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: SCOPE });
    const keys = await http.get('/oauth2/v1/keys');
    expect(keys.body.keys).toHaveLength(1);
    const metadata = await http.get('/.well-known/oauth-authorization-server');
    expect(metadata.body).toMatchObject({ issuer: mock.url, token_endpoint: mock.tokenUrl, jwks_uri: `${mock.url}/oauth2/v1/keys` });
  });

  it("answers refusals in Okta's OAuth error shape", async () => {
    const response = await http.post('/oauth2/v1/token').auth('a', 'wrong').type('form').send({ grant_type: 'client_credentials', scope: SCOPE });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'invalid_client', error_description: 'The client secret supplied for a confidential client is invalid.' });
  });
});

describe('oauth2 flows', () => {
  it('accept a valid bearer token with the scope and record which client called', async () => {
    const token = await accessToken('b', 'secret-b', `${SCOPE} okta.users.read`);
    const response = await http.post('/api/flo/secured/invoke').set('authorization', `Bearer ${token}`).send({ hello: 1 });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    const [execution] = await mock.executions({ alias: 'secured' });
    expect(execution?.auth).toEqual({ level: 'oauth2', via: 'bearer', valid: true, clientId: 'b' });
    expect(execution?.headers.authorization).toBe('[REDACTED]');
  });

  it('refuse a call without a bearer token with 401 and a Bearer challenge', async () => {
    const response = await http.post('/api/flo/secured/invoke').send({});
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe(
      `Bearer authorization_uri="${mock.url}/oauth2/v1/authorize", realm="${mock.url}", scope="${SCOPE}"`,
    );
    expect(response.body).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided' });
    const [execution] = await mock.executions();
    expect(execution?.explanation).toBe('refused: flow "secured" is secured with OAuth 2.0 and no Authorization header was sent');
  });

  it('refuse a token without okta.workflows.invoke.manage with 403 insufficient_scope', async () => {
    const token = await accessToken('b', 'secret-b', 'okta.users.read');
    const response = await http.post('/api/flo/secured/invoke').set('authorization', `Bearer ${token}`).send({});
    expect(response.status).toBe(403);
    expect(response.headers['www-authenticate']).toBe(
      `Bearer authorization_uri="${mock.url}/oauth2/v1/authorize", realm="${mock.url}", scope="${SCOPE}", ` +
        'error="insufficient_scope", error_description="The access token provided does not contain the required scopes."',
    );
    expect(response.body).toMatchObject({
      errorCode: 'E0000006',
      errorCauses: [{ errorSummary: `The access token needs the scope ${SCOPE}.` }],
    });
    expect((await mock.executions())[0]).toMatchObject({
      auth: { level: 'oauth2', via: 'bearer', valid: false, clientId: 'b' },
      explanation: `refused: the token of client "b" has the scopes [okta.users.read], not ${SCOPE}`,
    });
  });

  it('refuse a client that is not among allowedClients with 403', async () => {
    const fromB = await accessToken('b', 'secret-b');
    const refused = await http.post('/api/flo/only-a/invoke').set('authorization', `Bearer ${fromB}`).send({});
    expect(refused.status).toBe(403);
    expect((await mock.executions())[0]?.explanation).toBe('refused: client "b" is not among the allowedClients of flow "only-a"');
    const fromA = await accessToken('a', 'secret-a');
    expect((await http.post('/api/flo/only-a/invoke').set('authorization', `Bearer ${fromA}`).send({})).status).toBe(200);
  });

  it('refuse the tokens of a revoked client with 401 invalid_token', async () => {
    const token = await accessToken('a', 'secret-a');
    await mock.deleteOAuthClient('a');
    const response = await http.post('/api/flo/secured/invoke').set('authorization', `Bearer ${token}`).send({});
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token", error_description="The access token has been revoked."');
  });
});

describe('admin API: /__admin/oauth/clients', () => {
  it('registers, lists, reads and revokes clients, with token request counts', async () => {
    const registered = await mock.oauthClient({ clientId: 'c', clientSecret: 'secret-c', scopes: [SCOPE] });
    expect(registered).toMatchObject({ clientId: 'c', clientSecret: '[REDACTED]', tokenRequests: 0 });
    await accessToken('c', 'secret-c');
    await accessToken('c', 'secret-c');
    expect(await mock.getOAuthClient('c')).toMatchObject({ tokenRequests: 2, tokensIssued: 2 });
    expect((await mock.oauthClients()).map((client) => client.clientId)).toEqual(['a', 'b', 'c']);
    await mock.deleteOAuthClient('c');
    await expect(mock.getOAuthClient('c')).rejects.toMatchObject({
      code: 'FLOWHOOK_NOT_FOUND',
      message: 'no OAuth client has the clientId "c"',
      hint: 'GET /__admin/oauth/clients lists the clients; POST /__admin/oauth/clients registers one.',
    });
  });

  it('refuses a bad definition with 400 and a repeated clientId with 409', async () => {
    const bad = await http.post('/__admin/oauth/clients').send({ clientId: 'x', scopes: [] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'FLOWHOOK_MOCK_CLIENT_INVALID', details: [{ path: '$' }] });
    const repeated = await http.post('/__admin/oauth/clients').send({ clientId: 'a', clientSecret: 's', scopes: [] });
    expect(repeated.status).toBe(409);
    expect(repeated.body.code).toBe('FLOWHOOK_CONFLICT');
  });

  it('restores the configured clients on reset', async () => {
    await mock.deleteOAuthClient('a');
    await mock.oauthClient({ clientId: 'c', clientSecret: 's', scopes: [] });
    await mock.reset();
    expect((await mock.oauthClients()).map((client) => client.clientId)).toEqual(['a', 'b']);
  });

  it('shows allowedClients on a flow, and takes them only for oauth2 flows', async () => {
    expect((await mock.getFlow('only-a')).allowedClients).toEqual(['a']);
    await expect(mock.flow('p', { security: 'public', allowedClients: ['a'] })).rejects.toMatchObject({
      code: 'FLOWHOOK_MOCK_FLOW_INVALID',
      details: [{ path: '$.allowedClients', message: 'is only used when "security" is "oauth2", not "public"' }],
    });
  });
});

describe('readMockConfig', () => {
  it('reads the OAuth clients of the config file and names a bad one by its path', () => {
    const good = join(dir, 'good.json');
    const clients = [{ clientId: 'a', clientSecret: 's', scopes: [SCOPE] }];
    writeFileSync(good, JSON.stringify({ flows: [], oauthClients: clients }));
    expect(readMockConfig(good)).toEqual({ flows: [], oauthClients: clients });

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ flows: [], oauthClients: [{ clientId: 'a', scopes: [] }] }));
    expect(() => readMockConfig(bad)).toThrow(
      expect.objectContaining({
        code: 'FLOWHOOK_MOCK_CLIENT_INVALID',
        message: `mock config "${bad}" is invalid: "$.oauthClients[0]" needs one credential: "jwks" or "publicKeyPem" (private_key_jwt) or "clientSecret"`,
      }),
    );
  });
});
