import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeOAuth, oauthConfigProblems, readOAuthSettings } from '../../src/core/oauth-settings.js';
import { FlowhookError } from '../../src/errors.js';
import { ecKeyPair, rsaKeyPair } from '../auth/keys.js';

const OKTA_URL = 'https://acme.workflows.okta.com/api/flo/d856674875d68127e1c45e8daa479556/invoke';
const MOCK_URL = 'http://127.0.0.1:4010/api/flo/d856674875d68127e1c45e8daa479556/invoke';
const rsa = rsaKeyPair();
const ec = ecKeyPair();

describe('readOAuthSettings', () => {
  it('derives the org token URL and the Workflows scope from an Okta Workflows URL, with private_key_jwt', () => {
    const settings = readOAuthSettings({ client_id: '0oa1', private_key: rsa.privatePem, key_id: 'k1' }, OKTA_URL);
    expect(settings).toMatchObject({
      clientId: '0oa1',
      tokenEndpoint: 'https://acme.okta.com/oauth2/v1/token',
      tokenEndpointFrom: 'okta-workflows-url',
      scopes: ['okta.workflows.invoke.manage'],
      scopesFrom: 'okta-workflows-default',
      clientAuthMethod: 'private_key_jwt',
      assertion: { alg: 'RS256', kid: 'k1' },
    });
    expect(describeOAuth(settings)).toBe(
      'OAuth 2.0 client credentials: client "0oa1" authenticates with private_key_jwt (RS256, kid "k1") at ' +
        'https://acme.okta.com/oauth2/v1/token (the org authorization server of the Okta Workflows URL), ' +
        'scope okta.workflows.invoke.manage (the default for Okta Workflows).',
    );
  });

  it("takes Apono's model: a client secret, a token URL and scopes, sent with client_secret_basic", () => {
    const settings = readOAuthSettings(
      {
        client_id: 'apono',
        client_secret: 'shh',
        token_endpoint_url: 'https://idp.example.com/oauth/token',
        scopes: ['a', 'b'],
      },
      'https://hooks.example.com/in',
    );
    expect(settings).toMatchObject({
      tokenEndpoint: 'https://idp.example.com/oauth/token',
      tokenEndpointFrom: 'config',
      scopes: ['a', 'b'],
      scopesFrom: 'config',
      clientAuthMethod: 'client_secret_basic',
      assertion: undefined,
    });
    expect(describeOAuth(settings)).toBe(
      'OAuth 2.0 client credentials: client "apono" authenticates with client_secret_basic at https://idp.example.com/oauth/token, scope a b.',
    );
  });

  it('gives the Workflows scope to a flow path on the mock, and no scope to other URLs', () => {
    const mock = readOAuthSettings(
      { client_id: 'c', private_key: ec.privateJwk, token_endpoint_url: 'http://127.0.0.1:4010/oauth2/v1/token' },
      MOCK_URL,
      { allowLocal: true },
    );
    expect(mock.scopes).toEqual(['okta.workflows.invoke.manage']);
    const other = readOAuthSettings(
      { client_id: 'c', client_secret: 's', token_endpoint_url: 'https://idp.example.com/token', scopes: [] },
      'https://hooks.example.com/in',
    );
    expect(other.scopes).toEqual([]);
    expect(other.scopesFrom).toBe('none');
  });

  it('never shows the secret or the key when the settings are logged or serialised', () => {
    const secret = readOAuthSettings({ client_id: 'c', client_secret: 'very-secret-value' }, OKTA_URL);
    const key = readOAuthSettings({ client_id: 'c', private_key: rsa.privatePem }, OKTA_URL);
    for (const settings of [secret, key]) {
      const shown = `${JSON.stringify(settings)} ${inspect(settings, { depth: 10 })}`;
      expect(shown).not.toContain('very-secret-value');
      expect(shown).not.toContain('PRIVATE KEY');
      expect(shown).not.toContain(String(rsa.privateJwk.d));
    }
    expect(secret.credential).toEqual({ kind: 'client_secret', secret: 'very-secret-value' });
  });

  it('gives settings with the same client and credential the same cache key, and others another', () => {
    const secret = 'first-client-secret';
    const a = readOAuthSettings({ client_id: 'c', client_secret: secret }, OKTA_URL);
    const b = readOAuthSettings({ client_id: 'c', client_secret: secret }, OKTA_URL);
    const otherSecret = readOAuthSettings({ client_id: 'c', client_secret: 'second-client-secret' }, OKTA_URL);
    const otherScopes = readOAuthSettings({ client_id: 'c', client_secret: secret, scopes: ['x'] }, OKTA_URL);
    expect(a.cacheKey).toBe(b.cacheKey);
    expect(otherSecret.cacheKey).not.toBe(a.cacheKey);
    expect(otherScopes.cacheKey).not.toBe(a.cacheKey);
    expect(a.cacheKey).not.toContain(secret);
  });

  it('throws FLOWHOOK_CONFIG_INVALID listing every problem with its JSON path', () => {
    let error: unknown;
    try {
      readOAuthSettings({ client_id: '', client_secret: 's', scopes: ['a b'] }, 'https://hooks.example.com/in');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FlowhookError);
    const flowhookError = error as FlowhookError;
    expect(flowhookError.code).toBe('FLOWHOOK_CONFIG_INVALID');
    expect(flowhookError.hint).toBe('Fix the field at each JSON path listed in details, then load the config again.');
    expect(flowhookError.details).toEqual([
      { path: '$.authentication_config.oauth.client_id', message: 'must not be empty' },
      {
        path: '$.authentication_config.oauth.token_endpoint_url',
        message:
          'is required because "url" is not an Okta Workflows URL, so the org token URL cannot be derived from it; ' +
          "give the authorization server's token URL (Okta: https://<org>.okta.com/oauth2/v1/token, the mock: <mock URL>/oauth2/v1/token)",
      },
      {
        path: '$.authentication_config.oauth.scopes[0]',
        message: '"a b" is not a scope; give each scope as its own list entry, without spaces',
      },
    ]);
    expect(flowhookError.message).toMatch(/^"authentication_config\.oauth" has 3 problems: \$\.authentication_config\.oauth\.client_id must not be empty; /);
  });
});

describe('oauthConfigProblems', () => {
  const at = (field: string) => `$.authentication_config.oauth${field}`;

  it('asks for a credential, and for only one', () => {
    expect(oauthConfigProblems({ client_id: 'c' }, OKTA_URL)).toEqual([
      {
        path: at(''),
        message:
          'needs "private_key" (private_key_jwt, which Okta Workflows requires) or "client_secret" (client_secret_basic or client_secret_post)',
      },
    ]);
    expect(oauthConfigProblems({ client_id: 'c', client_secret: 's', private_key: ec.privatePem }, OKTA_URL)).toEqual([
      {
        path: at(''),
        message:
          'sets both "client_secret" and "private_key"; keep "private_key" for Okta Workflows (private_key_jwt) or "client_secret" for a client secret',
      },
    ]);
  });

  it('checks that client_auth_method fits the credential', () => {
    expect(oauthConfigProblems({ client_id: 'c', client_secret: 's', client_auth_method: 'private_key_jwt' }, OKTA_URL)).toEqual([
      {
        path: at('.client_auth_method'),
        message: 'is "private_key_jwt", which needs "private_key"; add the key or use "client_secret_basic"',
      },
    ]);
    expect(
      oauthConfigProblems({ client_id: 'c', private_key: ec.privatePem, client_auth_method: 'client_secret_post' }, OKTA_URL),
    ).toEqual([
      {
        path: at('.client_auth_method'),
        message: 'is "client_secret_post", which needs "client_secret"; add the secret or use "private_key_jwt"',
      },
    ]);
    expect(oauthConfigProblems({ client_id: 'c', client_secret: 's', key_id: 'k' }, OKTA_URL)).toEqual([
      { path: at('.key_id'), message: 'applies only with "private_key"; remove it' },
    ]);
    expect(oauthConfigProblems({ client_id: 'c', client_secret: 's', client_auth_method: 'client_secret_post' }, OKTA_URL)).toEqual(
      [],
    );
  });

  it('reports a bad private key at its path', () => {
    expect(oauthConfigProblems({ client_id: 'c', private_key: 'nope' }, OKTA_URL)).toEqual([
      { path: at('.private_key'), message: 'is neither PEM text ("-----BEGIN PRIVATE KEY-----") nor a JWK object' },
    ]);
  });

  it('refuses a plain-http or local token URL unless local targets are allowed', () => {
    const config = { client_id: 'c', client_secret: 's', token_endpoint_url: 'http://127.0.0.1:4010/oauth2/v1/token' };
    expect(oauthConfigProblems(config, MOCK_URL)).toEqual([
      {
        path: at('.token_endpoint_url'),
        message:
          'uses "http", not HTTPS; use https:// (plain http is allowed only for local test servers: pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET)',
      },
      {
        path: at('.token_endpoint_url'),
        message:
          'points at the local address 127.0.0.1; local targets are refused unless allowed: pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET',
      },
    ]);
    expect(oauthConfigProblems(config, MOCK_URL, { allowLocal: true })).toEqual([]);
    expect(
      oauthConfigProblems({ ...config, token_endpoint_url: 'https://localhost/oauth2/v1/token' }, MOCK_URL)[0]?.message,
    ).toBe('points at the local address localhost; local targets are refused unless allowed: pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET');
  });

  it('allows a local token URL in a network of --allow-net, and refuses the metadata address even with --allow-local', () => {
    const config = { client_id: 'c', client_secret: 's', token_endpoint_url: 'http://127.0.0.1:4010/oauth2/v1/token' };
    expect(oauthConfigProblems(config, MOCK_URL, { allowNet: ['127.0.0.0/8'] })).toEqual([]);
    expect(oauthConfigProblems(config, MOCK_URL, { allowNet: ['10.0.0.0/8'] })[0]?.message).toMatch(/^points at the local address 127\.0\.0\.1; it is outside the networks allowed by --allow-net/);
    expect(oauthConfigProblems({ ...config, token_endpoint_url: 'http://169.254.169.254/token' }, MOCK_URL, { allowLocal: true })[0]?.message).toMatch(
      /^points at the special-purpose address 169\.254\.169\.254 \(Link Local, 169\.254\.0\.0\/16\)/,
    );
  });

  it('refuses a token URL that is not a URL, carries credentials or a fragment', () => {
    expect(oauthConfigProblems({ client_id: 'c', client_secret: 's', token_endpoint_url: 'idp/token' }, OKTA_URL)).toEqual([
      { path: at('.token_endpoint_url'), message: '"idp/token" is not a URL; write it as https://<host>/<path>' },
    ]);
    expect(
      oauthConfigProblems({ client_id: 'c', client_secret: 's', token_endpoint_url: 'https://u:p@idp.example.com/t#x' }, OKTA_URL),
    ).toEqual([
      { path: at('.token_endpoint_url'), message: 'carries a user name or password; remove it and put the secret in "client_secret"' },
      { path: at('.token_endpoint_url'), message: 'has a "#" fragment; remove it' },
    ]);
  });

  it("refuses, for an Okta Workflows URL, a custom authorization server or the Workflows host as token URL", () => {
    expect(
      oauthConfigProblems(
        { client_id: 'c', private_key: ec.privatePem, token_endpoint_url: 'https://acme.okta.com/oauth2/default/v1/token' },
        OKTA_URL,
      ),
    ).toEqual([
      {
        path: at('.token_endpoint_url'),
        message:
          'is a custom authorization server (/oauth2/default/v1/token); Okta Workflows accepts tokens of the org ' +
          'authorization server only: use https://acme.okta.com/oauth2/v1/token or leave "token_endpoint_url" out',
      },
    ]);
    expect(
      oauthConfigProblems(
        { client_id: 'c', private_key: ec.privatePem, token_endpoint_url: 'https://acme.workflows.okta.com/oauth2/v1/token' },
        OKTA_URL,
      ),
    ).toEqual([
      {
        path: at('.token_endpoint_url'),
        message:
          'is on the Workflows host acme.workflows.okta.com; tokens come from the org authorization server: https://acme.okta.com/oauth2/v1/token',
      },
    ]);
  });
});
