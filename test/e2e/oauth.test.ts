/**
 * OAuth 2.0 end to end: the sender gets tokens from the mock's org authorization server (client
 * credentials with an RSA PEM key, an EC JWK or a client secret) and delivers to a flow secured with
 * OAuth 2.0, over real sockets on 127.0.0.1.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import type { Authoriser } from '../../src/auth/authoriser.js';
import { createOAuthAuthoriser } from '../../src/auth/oauth-authoriser.js';
import { TokenCache } from '../../src/auth/token-cache.js';
import { closeTokenAgents } from '../../src/auth/token-request.js';
import { sampleEvent } from '../../src/core/samples.js';
import { TRIGGERS } from '../../src/core/triggers.js';
import { parseWebhookConfig } from '../../src/core/webhook-config.js';
import { compileWebhook, deliver } from '../../src/deliver.js';
import { closeSharedAgents } from '../../src/http/send.js';
import type { InvocationRecord, OAuthConfig } from '../../src/types.js';
import { ecKeyPair, rsaKeyPair } from '../auth/keys.js';

const SCOPE = 'okta.workflows.invoke.manage';
const TEMPLATE = '{"event": "{{event_type}}", "request": "{{data.friendly_id}}"}';
const rsa = rsaKeyPair();
const ec = ecKeyPair();

let mock: RunningMockOkta;
let clientNumber = 0;

beforeAll(async () => {
  mock = await startMockOkta({
    flows: [
      { alias: 'secured', security: 'oauth2', rateLimitPerSecond: 0, responses: [{ body: { status: 'received' } }] },
      { alias: 'refuses', security: 'oauth2', rateLimitPerSecond: 0, responses: [{ status: 401, body: 'token not accepted' }] },
    ],
  });
});

beforeEach(async () => {
  await mock.reset();
});

afterAll(async () => {
  await mock.close();
  await closeSharedAgents();
  await closeTokenAgents();
});

/** A client id no other test uses, so that tokens cached by an earlier test never apply. */
function newClientId(): string {
  clientNumber += 1;
  return `0oa-e2e-${clientNumber}`;
}

/** The config of the README, with nothing but the URLs pointing at the mock. */
function webhook(oauth: OAuthConfig, alias = 'secured', authoriser?: Authoriser) {
  const config = parseWebhookConfig(
    {
      name: 'okta oauth',
      url: mock.invokeUrl(alias),
      triggers: [...TRIGGERS],
      body_template: TEMPLATE,
      authentication_config: { oauth: { token_endpoint_url: mock.tokenUrl, ...oauth } },
    },
    { allowLocal: true },
  );
  return compileWebhook(config, { allowLocal: true, ...(authoriser === undefined ? {} : { authoriser }) });
}

let deliveryNumber = 0;
function send(compiled: ReturnType<typeof webhook>, trigger: (typeof TRIGGERS)[number] = 'RequestCreated'): Promise<InvocationRecord> {
  deliveryNumber += 1;
  return deliver(compiled, sampleEvent(trigger), { deliveryId: `dlv_oauth_${deliveryNumber}` });
}

describe('OAuth 2.0 delivery to an oauth2 flow of the mock', () => {
  const credentials = [
    {
      name: 'an RSA PEM key (private_key_jwt, RS256)',
      register: (clientId: string) => ({ clientId, jwks: { keys: [{ ...rsa.publicJwk, kid: 'rsa-1' }] }, scopes: [SCOPE] }),
      oauth: (clientId: string): OAuthConfig => ({ client_id: clientId, private_key: rsa.privatePem, key_id: 'rsa-1' }),
      method: 'private_key_jwt',
      secrets: [rsa.privatePem.split('\n')[1] ?? '', String(rsa.privateJwk.d)],
    },
    {
      name: 'an EC JWK (private_key_jwt, ES256)',
      register: (clientId: string) => ({ clientId, publicKeyPem: ec.publicPem, scopes: [SCOPE] }),
      oauth: (clientId: string): OAuthConfig => ({ client_id: clientId, private_key: { ...ec.privateJwk } }),
      method: 'private_key_jwt',
      secrets: [String(ec.privateJwk.d)],
    },
    {
      name: 'a client secret (client_secret_basic)',
      register: (clientId: string) => ({ clientId, clientSecret: 'apono-client-s3cret', scopes: [SCOPE] }),
      oauth: (clientId: string): OAuthConfig => ({ client_id: clientId, client_secret: 'apono-client-s3cret' }),
      method: 'client_secret_basic',
      secrets: ['apono-client-s3cret'],
    },
  ] as const;

  for (const credential of credentials) {
    it(`delivers all six triggers with ${credential.name}, using one token and recording no secret`, async () => {
      const clientId = newClientId();
      await mock.oauthClient(credential.register(clientId));
      const compiled = webhook(credential.oauth(clientId));

      const records: InvocationRecord[] = [];
      for (const trigger of TRIGGERS) records.push(await send(compiled, trigger));

      expect(records.map((record) => [record.trigger, record.verdict, record.response?.status])).toEqual(
        TRIGGERS.map((trigger) => [trigger, 'successful', 200]),
      );
      for (const record of records) {
        expect(record.auth).toEqual({
          kind: 'oauth',
          tokenEndpoint: mock.tokenUrl,
          clientId,
          clientAuthMethod: credential.method,
          scopes: [SCOPE],
        });
        expect(record.request.headers.authorization).toBe('Bearer [REDACTED]');
        expect(record.timings.tokenMs).toEqual(expect.any(Number));
        const shown = JSON.stringify(record);
        expect(shown).not.toMatch(/eyJ[\w-]+\.eyJ/);
        for (const secret of credential.secrets) expect(shown).not.toContain(secret);
      }
      const executions = await mock.executions({ alias: 'secured' });
      expect(executions.map((execution) => [execution.body, execution.auth])).toEqual(
        TRIGGERS.map((trigger) => [
          { event: trigger, request: 'AR-4821' },
          { level: 'oauth2', via: 'bearer', valid: true, clientId },
        ]),
      );
      expect(await mock.getOAuthClient(clientId)).toMatchObject({ tokenRequests: 1, tokensIssued: 1 });
    });
  }

  it('makes one token request for many concurrent deliveries', async () => {
    const clientId = newClientId();
    await mock.oauthClient({ clientId, jwks: { keys: [ec.publicJwk] }, scopes: [SCOPE] });
    const compiled = webhook({ client_id: clientId, private_key: ec.privatePem });
    const records = await Promise.all(Array.from({ length: 40 }, () => send(compiled)));
    expect(records.filter((record) => record.verdict === 'successful')).toHaveLength(40);
    expect(await mock.getOAuthClient(clientId)).toMatchObject({ tokenRequests: 1 });
    expect(await mock.executions({ alias: 'secured' })).toHaveLength(40);
  });

  it('gets a new token when the cached one is about to expire', async () => {
    const clientId = newClientId();
    await mock.oauthClient({ clientId, clientSecret: 's', scopes: [SCOPE] });
    let clock = Date.now();
    const oauth: OAuthConfig = { client_id: clientId, client_secret: 's', token_endpoint_url: mock.tokenUrl };
    const authoriser = createOAuthAuthoriser(oauth, mock.invokeUrl('secured'), { allowLocal: true, cache: new TokenCache({ now: () => clock }) });
    const compiled = webhook(oauth, 'secured', authoriser);

    expect((await send(compiled)).verdict).toBe('successful');
    clock += 3_539_000; // one second before the refresh point, 60 s before the hour runs out
    expect((await send(compiled)).verdict).toBe('successful');
    expect(await mock.getOAuthClient(clientId)).toMatchObject({ tokenRequests: 1 });
    clock += 1_000;
    const refreshed = await send(compiled);
    expect(refreshed.verdict).toBe('successful');
    expect(refreshed.auth.tokenRefreshed).toBeUndefined();
    expect(await mock.getOAuthClient(clientId)).toMatchObject({ tokenRequests: 2 });
  });

  it('after a 401 fetches one new token and retries once, and succeeds with the new token', async () => {
    const clientId = newClientId();
    const registration = { clientId, publicKeyPem: rsa.publicPem, scopes: [SCOPE] };
    await mock.oauthClient(registration);
    const compiled = webhook({ client_id: clientId, private_key: rsa.privatePem });
    expect((await send(compiled)).verdict).toBe('successful');

    // Registering the app again revokes the token the sender has cached.
    await mock.deleteOAuthClient(clientId);
    await mock.oauthClient(registration);
    await mock.clearExecutions();
    const record = await send(compiled);

    expect(record).toMatchObject({ verdict: 'successful', response: { status: 200 }, auth: { kind: 'oauth', tokenRefreshed: true } });
    expect((await mock.executions({ alias: 'secured' })).map((execution) => [execution.status, execution.auth.valid])).toEqual([
      [401, false],
      [200, true],
    ]);
    expect(await mock.getOAuthClient(clientId)).toMatchObject({ tokenRequests: 1 });
  });

  it('after a 401 retries exactly once, then fails saying the new token was refused too', async () => {
    const clientId = newClientId();
    await mock.oauthClient({ clientId, clientSecret: 's', scopes: [SCOPE] });
    const record = await send(webhook({ client_id: clientId, client_secret: 's' }, 'refuses'));
    expect(record).toMatchObject({ verdict: 'failed', response: { status: 401 }, auth: { tokenRefreshed: true } });
    expect(record.reason).toBe(
      '401 from the flow: the OAuth access token was refused, also after fetching a new one; ' +
        'check that the flow is secured with OAuth 2.0 and that it allows this app',
    );
    expect(await mock.executions({ alias: 'refuses' })).toHaveLength(2);
    expect(await mock.getOAuthClient(clientId)).toMatchObject({ tokenRequests: 2 });
  });

  it('fails with the reason when the client was revoked', async () => {
    const clientId = newClientId();
    await mock.oauthClient({ clientId, clientSecret: 's', scopes: [SCOPE] });
    const compiled = webhook({ client_id: clientId, client_secret: 's' });
    expect((await send(compiled)).verdict).toBe('successful');
    await mock.deleteOAuthClient(clientId);

    const record = await send(compiled);
    expect(record).toMatchObject({
      verdict: 'failed',
      error: {
        kind: 'token',
        message: `no access token: the token endpoint ${mock.tokenUrl} refused client "${clientId}" with 401 invalid_client: Invalid value for 'client_id' parameter.`,
      },
      auth: { kind: 'oauth', tokenEndpoint: mock.tokenUrl, tokenRefreshed: true },
    });
    expect(record.reason).toBe(
      `no access token: the token endpoint ${mock.tokenUrl} refused client "${clientId}" with 401 invalid_client: ` +
        `Invalid value for 'client_id' parameter.; fix "client_id" and "client_secret" in "authentication_config.oauth": ` +
        `they must be the current credentials of client "${clientId}", which must be active at the authorization server ` +
        '(if the server wants the secret in the body, set "client_auth_method": "client_secret_post").',
    );
  });

  it('fails with the reason, before calling the flow, when the client lacks the scope', async () => {
    const clientId = newClientId();
    await mock.oauthClient({ clientId, jwks: { keys: [ec.publicJwk] }, scopes: ['okta.users.read'] });
    const record = await send(webhook({ client_id: clientId, private_key: ec.privateJwk }));
    expect(record.verdict).toBe('failed');
    expect(record.error?.kind).toBe('token');
    expect(record.reason).toBe(
      `no access token: the token endpoint ${mock.tokenUrl} refused client "${clientId}" with 400 invalid_scope: ` +
        `The following scopes are not allowed for this request: [${SCOPE}].; grant ${SCOPE} to client "${clientId}" at the ` +
        'authorization server (Okta: the app\'s "Okta API Scopes" tab), or ask only for granted scopes in "authentication_config.oauth.scopes".',
    );
    expect(await mock.executions({ alias: 'secured' })).toEqual([]);
  });

  it('fails saying to untick "Require DPoP" when the app requires DPoP', async () => {
    const clientId = newClientId();
    await mock.oauthClient({ clientId, clientSecret: 's', scopes: [SCOPE], requireDpop: true });
    const record = await send(webhook({ client_id: clientId, client_secret: 's' }));
    expect(record.verdict).toBe('failed');
    expect(record.reason).toContain('with 400 invalid_dpop_proof: The DPoP proof JWT header is missing.');
    expect(record.reason).toContain('untick "Require Demonstrating Proof of Possession (DPoP) header in token requests"');
  });
});
