import { describe, expect, it } from 'vitest';
import { WEBHOOK_DEFAULTS } from '../../src/core/webhook-config.js';
import { REDACTED, isCredentialName, orderSecrets, redactHeaders, redactText, redactUrl, secretsOf } from '../../src/core/redact.js';
import type { WebhookConfig } from '../../src/types.js';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';

/** Secrets are collected from any config, also one whose keys would not work. */
function config(changes: Partial<WebhookConfig>): WebhookConfig {
  return { ...WEBHOOK_DEFAULTS, name: 'okta', url: 'https://acme.workflows.okta.com/api/flo/3f9a1c2b/invoke', triggers: ['RequestCreated'], ...changes };
}

describe('REDACTED', () => {
  it('is the one marker every secret is shown as', () => {
    expect(REDACTED).toBe('[REDACTED]');
  });
});

describe('secretsOf', () => {
  it('collects the client token of the query, secret headers, the bearer token, and the OAuth secret and key', () => {
    const secrets = secretsOf(
      config({
        url: 'https://acme.workflows.okta.com/api/flo/3f9a1c2b/invoke?clientToken=qu3ry-t0ken',
        headers: { 'X-API-Key': 'k3y-value', 'Proxy-Authorization': 'Basic dXNlcjpwdw==', 'x-trace': 'not-secret' },
        authentication_config: { oauth: { client_id: 'client-1', client_secret: 'cl1ent-s3cret', private_key: PEM } },
      }),
    );
    expect(secrets).toEqual([PEM, 'Basic dXNlcjpwdw==', 'cl1ent-s3cret', 'dXNlcjpwdw==', 'qu3ry-t0ken', 'k3y-value']);
  });

  it('collects the token of the /api/flo/<clientToken> form on any host, and a URL password', () => {
    expect(secretsOf(config({ url: 'http://127.0.0.1:8787/api/flo/pa7h-t0ken' }))).toEqual(['pa7h-t0ken']);
    expect(secretsOf(config({ url: 'https://user:p%40ssw0rd@example.com/hook' }))).toEqual(['p@ssw0rd']);
  });

  it('collects the private members of a JWK, not its public ones', () => {
    const secrets = secretsOf(
      config({ authentication_config: { oauth: { client_id: 'c', private_key: { kty: 'EC', crv: 'P-256', x: 'public-x', y: 'public-y', d: 'private-d-value' } } } }),
    );
    expect(secrets).toEqual(['private-d-value']);
  });

  it('collects the values of every credential parameter and header, by name', () => {
    const secrets = secretsOf(
      config({
        url: 'https://hooks.example.com/in?api_key=ap1-k3y&sig=s1gnature&page=2&token=ab+cd',
        headers: { 'X-Auth-Token': 'x-auth-t0ken', 'api-key': 'h3ader-key', 'x-trace': 'visible' },
      }),
    );
    expect(secrets).toEqual(expect.arrayContaining(['ap1-k3y', 's1gnature', 'ab cd', 'ab+cd', 'x-auth-t0ken', 'h3ader-key']));
    expect(secrets).not.toContain('2');
    expect(secrets).not.toContain('visible');
  });

  it('collects credential parameters of the OAuth token URL', () => {
    const secrets = secretsOf(config({ authentication_config: { oauth: { client_id: 'c', client_secret: 'cl1ent-s3cret', token_endpoint_url: 'https://idp.example.com/token?api_key=t0ken-url-key' } } }));
    expect([...secrets].sort()).toEqual(['cl1ent-s3cret', 't0ken-url-key']);
  });

  it('collects the bearer token', () => {
    expect(secretsOf(config({ authentication_config: { bearer: { token: 'b3arer-t0ken' } } }))).toEqual(['b3arer-t0ken']);
  });
});

describe('isCredentialName', () => {
  it.each([
    'token', 'Token', 'TOKEN', 'X-Auth-Token', 'x-auth-token', 'api-key', 'api_key', 'apikey', 'apiKey', 'APIKey', 'X-API-Key', 'key',
    'secret', 'client_secret', 'clientSecret', 'auth', 'Authorization', 'Proxy-Authorization', 'sig', 'signature', 'X-Hub-Signature-256',
    'password', 'passwd', 'pwd', 'cookie', 'Set-Cookie', 'session', 'sessionId', 'session_token', 'credential', 'credentials',
    'x-api-client-token', 'clientToken', 'access_token', 'accessToken', 'id_token', 'refresh-token', 'X-CSRF-Token', 'jwt', 'hmac',
  ])('says %s names a credential', (name) => {
    expect(isCredentialName(name)).toBe(true);
  });

  it.each(['content-type', 'user-agent', 'accept', 'x-request-id', 'webhook-id', 'webhook-timestamp', 'x-execution-id', 'www-authenticate', 'author', 'monkey', 'keyboard', 'x-rate-limit-reset', 'name', 'email', ''])(
    'says %j does not',
    (name) => {
      expect(isCredentialName(name)).toBe(false);
    },
  );
});

describe('orderSecrets', () => {
  it('drops duplicates and strings too short to search for, longest first', () => {
    expect(orderSecrets(['abcd', 'abcdef', 'ab', 'abcd'])).toEqual(['abcdef', 'abcd']);
  });
});

describe('redactUrl', () => {
  it('redacts the clientToken query value and keeps the other parameters', () => {
    expect(redactUrl('https://acme.workflows.okta.com/api/flo/3f9a/invoke?a=1&clientToken=s3cret&b=2#top')).toBe(
      'https://acme.workflows.okta.com/api/flo/3f9a/invoke?a=1&clientToken=[REDACTED]&b=2#top',
    );
  });

  it('redacts the token of the /api/flo/<clientToken> form but not an invoke alias', () => {
    expect(redactUrl('https://acme.workflows.okta.com/api/flo/9a8b7c6d5e4f')).toBe('https://acme.workflows.okta.com/api/flo/[REDACTED]');
    expect(redactUrl('https://acme.workflows.okta.com/api/flo/3f9a/invoke')).toBe('https://acme.workflows.okta.com/api/flo/3f9a/invoke');
  });

  it('redacts every parameter whose name says credential, in the query and the fragment, and keeps the rest as written', () => {
    expect(redactUrl('https://hooks.example.com/in?api_key=k1&page=2&Token=t2&X-Amz-Signature=abc&sig=s&user=dana#access_token=a3&state=ok')).toBe(
      'https://hooks.example.com/in?api_key=[REDACTED]&page=2&Token=[REDACTED]&X-Amz-Signature=[REDACTED]&sig=[REDACTED]&user=dana#access_token=[REDACTED]&state=ok',
    );
  });

  it('reads percent-encoded parameter names', () => {
    expect(redactUrl('https://hooks.example.com/in?api%5Fkey=k1&p%61ssword=x')).toBe('https://hooks.example.com/in?api%5Fkey=[REDACTED]&p%61ssword=[REDACTED]');
  });

  it('is idempotent', () => {
    const once = redactUrl('https://u:pw@acme.workflows.okta.com/api/flo/9a8b7c6d?api_key=k1&clientToken=t');
    expect(redactUrl(once)).toBe(once);
  });

  it('redacts a password in the URL', () => {
    expect(redactUrl('https://user:pw@example.com/hook')).toBe('https://user:[REDACTED]@example.com/hook');
  });

  it('still redacts the query token of text that is not a URL', () => {
    expect(redactUrl('acme/api/flo/x/invoke?clientToken=s3cret')).toBe('acme/api/flo/x/invoke?clientToken=[REDACTED]');
  });
});

describe('redactHeaders', () => {
  it('redacts secret headers whatever their case, keeping the scheme of Authorization', () => {
    expect(
      redactHeaders({
        Authorization: 'Bearer eyJhbGciOi.x.y',
        'proxy-authorization': 'Basic dXNlcjpwdw==',
        'X-API-Client-Token': 'c0ffee',
        cookie: 'sid=1',
        'set-cookie': ['a=1', 'b=2'],
        'x-api-key': 'k',
        'X-Auth-Token': 'xat',
        'api-key': 'ak',
        'x-session-id': 'sess',
        'content-type': 'application/json',
        'x-many': ['1', '2'],
        'x-absent': undefined,
      }),
    ).toEqual({
      Authorization: 'Bearer [REDACTED]',
      'proxy-authorization': 'Basic [REDACTED]',
      'X-API-Client-Token': '[REDACTED]',
      cookie: '[REDACTED]',
      'set-cookie': '[REDACTED]',
      'x-api-key': '[REDACTED]',
      'X-Auth-Token': '[REDACTED]',
      'api-key': '[REDACTED]',
      'x-session-id': '[REDACTED]',
      'content-type': 'application/json',
      'x-many': '1, 2',
    });
  });
});

describe('redactText', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redactText('token s3cret-t0ken, again s3cret-t0ken', ['s3cret-t0ken'])).toBe('token [REDACTED], again [REDACTED]');
  });

  it('replaces a secret escaped inside a JSON string, such as a PEM key with newlines', () => {
    expect(redactText(JSON.stringify({ key: PEM }), [PEM])).toBe('{"key":"[REDACTED]"}');
  });

  it('replaces a secret percent-encoded in a URL', () => {
    expect(redactText('?clientToken=a%2Fb%2Bc%3D%3D', ['a/b+c=='])).toBe('?clientToken=[REDACTED]');
  });

  it('replaces the longest secret first so no part of it survives', () => {
    expect(redactText('Bearer abcd-efgh', orderSecrets(['abcd', 'Bearer abcd-efgh']))).toBe('[REDACTED]');
  });

  it('leaves text without secrets, and ignores strings too short to search for', () => {
    expect(redactText('nothing here', ['s3cret'])).toBe('nothing here');
    expect(redactText('a b c', ['a'])).toBe('a b c');
  });
});
