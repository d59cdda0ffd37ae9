import { decodeJwt } from 'jose';
import { fetch as undiciFetch, MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOAuthAuthoriser } from '../../src/auth/oauth-authoriser.js';
import { TokenCache } from '../../src/auth/token-cache.js';
import type { TokenFetch } from '../../src/auth/token-request.js';
import { FlowhookError } from '../../src/errors.js';
import { USER_AGENT } from '../../src/version.js';
import { ecKeyPair } from './keys.js';

const OKTA_URL = 'https://acme.workflows.okta.com/api/flo/d856674875d68127e1c45e8daa479556/invoke';
const ORG = 'https://acme.okta.com';
const ec = ecKeyPair();

interface SeenRequest {
  headers: Record<string, string>;
  body: URLSearchParams;
}

let agent: MockAgent;
let fetch: TokenFetch;
let seen: SeenRequest[];

function tokenEndpointAnswers(...answers: Array<{ status: number; body: unknown }>): void {
  for (const answer of answers) {
    agent
      .get(ORG)
      .intercept({ path: '/oauth2/v1/token', method: 'POST' })
      .reply((request) => {
        seen.push({
          headers: request.headers as Record<string, string>,
          body: new URLSearchParams(String(request.body)),
        });
        return { statusCode: answer.status, data: JSON.stringify(answer.body), responseOptions: { headers: { 'content-type': 'application/json' } } };
      });
  }
}

const okToken = (value: string, expiresIn = 3600) => ({
  status: 200,
  body: { token_type: 'Bearer', expires_in: expiresIn, access_token: value, scope: 'okta.workflows.invoke.manage' },
});

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  seen = [];
  fetch = (url, init) => undiciFetch(url, { ...init, dispatcher: agent }) as unknown as Promise<Response>;
});

afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

describe('OAuthAuthoriser', () => {
  it('sends the client credentials grant with the Workflows scope and a client assertion', async () => {
    tokenEndpointAnswers(okToken('at-1'));
    const authoriser = createOAuthAuthoriser({ client_id: '0oa1', private_key: ec.privatePem, key_id: 'k1' }, OKTA_URL, {
      fetch,
      cache: new TokenCache(),
    });
    const authorisation = await authoriser.authorise();
    expect(authorisation).toEqual({
      headers: { authorization: 'Bearer at-1' },
      describe: {
        kind: 'oauth',
        tokenEndpoint: `${ORG}/oauth2/v1/token`,
        clientId: '0oa1',
        clientAuthMethod: 'private_key_jwt',
        scopes: ['okta.workflows.invoke.manage'],
      },
    });
    const [request] = seen;
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['user-agent']).toBe(USER_AGENT);
    expect(request?.body.get('grant_type')).toBe('client_credentials');
    expect(request?.body.get('scope')).toBe('okta.workflows.invoke.manage');
    expect(request?.body.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(decodeJwt(request?.body.get('client_assertion') ?? '').aud).toBe(`${ORG}/oauth2/v1/token`);
  });

  it('reuses the token across deliveries and across authorisers of the same client', async () => {
    tokenEndpointAnswers(okToken('at-1'));
    const cache = new TokenCache();
    const config = { client_id: '0oa1', private_key: ec.privatePem };
    const first = createOAuthAuthoriser(config, OKTA_URL, { fetch, cache });
    const second = createOAuthAuthoriser(config, OKTA_URL, { fetch, cache });
    const headers = await Promise.all([first.authorise(), first.authorise(), second.authorise()]);
    expect(headers.map((h) => h.headers.authorization)).toEqual(['Bearer at-1', 'Bearer at-1', 'Bearer at-1']);
    expect(seen).toHaveLength(1);
  });

  it('fetches a new token after invalidate, once for concurrent refusals of the same token', async () => {
    tokenEndpointAnswers(okToken('at-1'), okToken('at-2'));
    const authoriser = createOAuthAuthoriser({ client_id: '0oa1', client_secret: 's' }, OKTA_URL, {
      fetch,
      cache: new TokenCache(),
    });
    const refused = (await authoriser.authorise()).headers;
    authoriser.invalidate(refused);
    authoriser.invalidate(refused);
    const [a, b] = await Promise.all([authoriser.authorise(), authoriser.authorise()]);
    authoriser.invalidate(refused);
    expect([a.headers.authorization, b.headers.authorization]).toEqual(['Bearer at-2', 'Bearer at-2']);
    expect((await authoriser.authorise()).headers.authorization).toBe('Bearer at-2');
    expect(seen).toHaveLength(2);
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('0oa1:s').toString('base64')}`);
  });

  it('turns a token endpoint refusal into FLOWHOOK_TOKEN_FAILED, and asks again next time', async () => {
    tokenEndpointAnswers(
      { status: 401, body: { error: 'invalid_client', error_description: 'Invalid value for \'client_id\' parameter.' } },
      okToken('at-1'),
    );
    const authoriser = createOAuthAuthoriser({ client_id: '0oa1', client_secret: 's' }, OKTA_URL, {
      fetch,
      cache: new TokenCache(),
    });
    const error = await authoriser.authorise().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FlowhookError);
    expect((error as FlowhookError).code).toBe('FLOWHOOK_TOKEN_FAILED');
    expect((error as FlowhookError).message).toBe(
      `the token endpoint ${ORG}/oauth2/v1/token refused client "0oa1" with 401 invalid_client: Invalid value for 'client_id' parameter.`,
    );
    expect((error as FlowhookError).message).not.toContain('"s"');
    expect((await authoriser.authorise()).headers.authorization).toBe('Bearer at-1');
  });

  it('reports a token endpoint that cannot be reached', async () => {
    agent
      .get(ORG)
      .intercept({ path: '/oauth2/v1/token', method: 'POST' })
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const authoriser = createOAuthAuthoriser({ client_id: '0oa1', client_secret: 's' }, OKTA_URL, {
      fetch,
      cache: new TokenCache(),
    });
    const error = (await authoriser.authorise().catch((caught: unknown) => caught)) as FlowhookError;
    expect(error.code).toBe('FLOWHOOK_TOKEN_FAILED');
    expect(error.message).toBe(`the token endpoint ${ORG}/oauth2/v1/token could not be reached (ECONNREFUSED)`);
    expect(error.hint).toBe('Check "authentication_config.oauth.token_endpoint_url" and the network to it; the delivery is retried.');
  });

  it('refuses a bad config when it is built, not at the first delivery', () => {
    expect(() => createOAuthAuthoriser({ client_id: '0oa1' }, OKTA_URL)).toThrow(
      '"authentication_config.oauth" has 1 problem: $.authentication_config.oauth needs "private_key"',
    );
  });
});
