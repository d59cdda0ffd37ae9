import { describe, expect, it } from 'vitest';
import { readOAuthSettings } from '../../src/core/oauth-settings.js';
import { TokenRequestError } from '../../src/auth/token-error.js';
import { processAccessTokenResponse } from '../../src/auth/token-response.js';
import { rsaKeyPair } from './keys.js';

const OKTA_URL = 'https://acme.workflows.okta.com/api/flo/d856674875d68127e1c45e8daa479556/invoke';
const TOKEN_URL = 'https://acme.okta.com/oauth2/v1/token';
const keySettings = readOAuthSettings({ client_id: '0oa1', private_key: rsaKeyPair().privatePem, key_id: 'k1' }, OKTA_URL);
const secretSettings = readOAuthSettings({ client_id: 'apono', client_secret: 's' }, OKTA_URL);

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  });
}

async function failure(promise: Promise<unknown>): Promise<TokenRequestError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TokenRequestError);
  const tokenError = error as TokenRequestError;
  expect(tokenError.code).toBe('FLOWHOOK_TOKEN_FAILED');
  return tokenError;
}

describe('processAccessTokenResponse', () => {
  it("returns the bearer token and its lifetime from Okta's token response", async () => {
    const response = json(200, {
      token_type: 'Bearer',
      expires_in: 3600,
      access_token: 'eyJ.token.sig',
      scope: 'okta.workflows.invoke.manage',
    });
    expect(await processAccessTokenResponse(keySettings, response)).toEqual({ value: 'eyJ.token.sig', expiresInSec: 3600 });
  });

  it('quotes error and error_description and sends a key problem to the app registration', async () => {
    const error = await failure(
      processAccessTokenResponse(
        keySettings,
        json(401, { error: 'invalid_client', error_description: 'The client_assertion signature is invalid.' }),
      ),
    );
    expect(error.message).toBe(
      `the token endpoint ${TOKEN_URL} refused client "0oa1" with 401 invalid_client: The client_assertion signature is invalid.`,
    );
    expect(error.hint).toBe(
      'Make the two sides agree: client "0oa1" must exist and be active at the authorization server, with the public key of ' +
        '"private_key" (kid "k1") registered (Okta: the app\'s General tab, Client Credentials, Public keys), ' +
        'and "client_id" must be that app\'s client ID.',
    );
    expect(error).toMatchObject({
      side: 'authorization-server',
      httpStatus: 401,
      oauthError: 'invalid_client',
      oauthErrorDescription: 'The client_assertion signature is invalid.',
      tokenEndpoint: TOKEN_URL,
    });
  });

  it("blames this machine's clock for an expired assertion", async () => {
    const error = await failure(
      processAccessTokenResponse(keySettings, json(401, { error: 'invalid_client', error_description: 'The client_assertion token is expired.' })),
    );
    expect(error.side).toBe('sender');
    expect(error.hint).toBe(
      "Fix this machine's clock: the client assertion's times were refused, so the clocks of the sender and the authorization server differ (synchronise with NTP).",
    );
  });

  it('sends a wrong client secret back to the webhook config', async () => {
    const error = await failure(
      processAccessTokenResponse(
        secretSettings,
        json(401, { error: 'invalid_client', error_description: 'The client secret supplied for a confidential client is invalid.' }),
      ),
    );
    expect(error.side).toBe('sender');
    expect(error.hint).toBe(
      'Fix "client_id" and "client_secret" in "authentication_config.oauth": they must be the current credentials of client "apono", ' +
        'which must be active at the authorization server (if the server wants the secret in the body, set "client_auth_method": "client_secret_post").',
    );
  });

  it('sends invalid_scope to the app registration', async () => {
    const error = await failure(
      processAccessTokenResponse(
        keySettings,
        json(400, {
          error: 'invalid_scope',
          error_description: 'The following scopes are not allowed for this request: [okta.workflows.invoke.manage].',
        }),
      ),
    );
    expect(error.message).toBe(
      `the token endpoint ${TOKEN_URL} refused client "0oa1" with 400 invalid_scope: The following scopes are not allowed for this request: [okta.workflows.invoke.manage].`,
    );
    expect(error.hint).toBe(
      'Grant okta.workflows.invoke.manage to client "0oa1" at the authorization server (Okta: the app\'s "Okta API Scopes" tab), ' +
        'or ask only for granted scopes in "authentication_config.oauth.scopes".',
    );
  });

  it('reads the error from WWW-Authenticate when the body has none', async () => {
    const response = new Response('', {
      status: 401,
      headers: { 'www-authenticate': 'Bearer error="invalid_client", error_description="No client credentials found."' },
    });
    const error = await failure(processAccessTokenResponse(keySettings, response));
    expect(error.message).toBe(`the token endpoint ${TOKEN_URL} refused client "0oa1" with 401 invalid_client: No client credentials found.`);
  });

  it('refuses a DPoP-bound token and says to untick "Require DPoP" on the Okta app', async () => {
    const error = await failure(
      processAccessTokenResponse(keySettings, json(200, { token_type: 'DPoP', expires_in: 3600, access_token: 't' })),
    );
    expect(error.message).toBe(
      `the token endpoint ${TOKEN_URL} issued a DPoP-bound token (token_type "DPoP") to client "0oa1"; Okta Workflows takes bearer tokens`,
    );
    expect(error.hint).toBe(
      'Fix the client at the authorization server: in the Okta app\'s General settings untick "Require Demonstrating ' +
        'Proof of Possession (DPoP) header in token requests", as Okta\'s guides for Workflows advise; flowhook sends bearer tokens.',
    );
  });

  it("gives the DPoP advice for Okta's DPoP errors too", async () => {
    const error = await failure(
      processAccessTokenResponse(keySettings, json(400, { error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' })),
    );
    expect(error.hint).toContain('untick "Require Demonstrating Proof of Possession (DPoP) header in token requests"');
  });

  it('refuses token types other than Bearer', async () => {
    const error = await failure(processAccessTokenResponse(keySettings, json(200, { token_type: 'mac', access_token: 't' })));
    expect(error.message).toBe(`the token endpoint ${TOKEN_URL} issued a token of type "mac"; flowhook sends bearer tokens only`);
  });

  it('refuses a token without the scopes asked for', async () => {
    const error = await failure(
      processAccessTokenResponse(keySettings, json(200, { token_type: 'Bearer', access_token: 't', expires_in: 60, scope: 'okta.users.read' })),
    );
    expect(error.message).toBe(
      `the token endpoint ${TOKEN_URL} granted client "0oa1" the scopes "okta.users.read", without okta.workflows.invoke.manage`,
    );
  });

  it('says the token URL is wrong when it answers like a web page', async () => {
    const page = new Response('<html>Not Found</html>', { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' } });
    const error = await failure(processAccessTokenResponse(keySettings, page));
    expect(error.message).toBe(
      `the token endpoint ${TOKEN_URL} answered 404 (text/html) instead of an access token or an OAuth error`,
    );
    expect(error.side).toBe('sender');
    expect(error.hint).toBe(
      'Fix "authentication_config.oauth.token_endpoint_url": it does not look like an OAuth token endpoint (for Okta: https://<org>.okta.com/oauth2/v1/token).',
    );
  });

  it('calls a 5xx without an OAuth error transient', async () => {
    const error = await failure(processAccessTokenResponse(keySettings, new Response('bad gateway', { status: 502 })));
    expect(error.side).toBe('transient');
    expect(error.message).toBe(`the token endpoint ${TOKEN_URL} answered 502 (text/plain) instead of an access token or an OAuth error`);
  });

  it('refuses a 200 without an access token', async () => {
    const error = await failure(processAccessTokenResponse(keySettings, json(200, { token_type: 'Bearer' })));
    expect(error.message).toBe(
      `the token endpoint ${TOKEN_URL} answered 200 without a usable access token: "response" body "access_token" property must be a string`,
    );
  });
});
