import { describe, expect, it } from 'vitest';
import { keepStoredSecrets, redactWebhookConfig, refuseRedactedSecrets } from '../../src/api/webhook-secrets.js';
import { isFlowhookError } from '../../src/errors.js';
import type { WebhookConfig } from '../../src/types.js';

const stored: WebhookConfig = {
  name: 'Okta',
  active: true,
  method: 'POST',
  url: 'https://acme.workflows.okta.com/api/flo/abc/invoke?clientToken=tok-123&x=1',
  headers: { 'X-Api-Client-Token': 'hdr-456', Authorization: 'Bearer bear-789', 'x-team': 'iam' },
  triggers: ['RequestCreated'],
  timeout_in_sec: 30,
  retry_on_validator_failure: false,
  authentication_config: {
    oauth: { client_id: 'cid', client_secret: 'sec-000', private_key: { kty: 'EC', d: 'dddd' }, token_endpoint_url: 'https://acme.okta.com/oauth2/v1/token' },
  },
};

describe('redactWebhookConfig', () => {
  it('shows every secret as [REDACTED] and leaves the rest as it is', () => {
    expect(redactWebhookConfig(stored)).toEqual({
      ...stored,
      url: 'https://acme.workflows.okta.com/api/flo/abc/invoke?clientToken=[REDACTED]&x=1',
      headers: { 'X-Api-Client-Token': '[REDACTED]', Authorization: 'Bearer [REDACTED]', 'x-team': 'iam' },
      authentication_config: {
        oauth: { client_id: 'cid', client_secret: '[REDACTED]', private_key: '[REDACTED]', token_endpoint_url: 'https://acme.okta.com/oauth2/v1/token' },
      },
    });
  });

  it('redacts a bearer token and a client token in the path', () => {
    const config = { ...stored, url: 'https://acme.workflows.okta.com/api/flo/tok-path', headers: {}, authentication_config: { bearer: { token: 'b' } } };
    expect(redactWebhookConfig(config)).toMatchObject({
      url: 'https://acme.workflows.okta.com/api/flo/[REDACTED]',
      authentication_config: { bearer: { token: '[REDACTED]' } },
    });
  });
});

describe('keepStoredSecrets', () => {
  it('puts back each stored secret that comes back as [REDACTED]', () => {
    const edited = { ...redactWebhookConfig(stored), timeout_in_sec: 5, headers: { 'x-api-client-token': '[REDACTED]', Authorization: 'Bearer [REDACTED]' } };
    expect(keepStoredSecrets(edited, stored)).toEqual({
      ...stored,
      timeout_in_sec: 5,
      headers: { 'x-api-client-token': 'hdr-456', Authorization: 'Bearer bear-789' },
    });
  });

  it('keeps the client token when another part of the URL changes', () => {
    const edited = { ...stored, url: 'https://acme.workflows.okta.com/api/flo/other/invoke?clientToken=%5BREDACTED%5D' };
    expect(keepStoredSecrets(edited, stored)).toMatchObject({ url: 'https://acme.workflows.okta.com/api/flo/other/invoke?clientToken=tok-123' });
    const pathForm = { ...stored, url: 'https://acme.workflows.okta.com/api/flo/tok-path' };
    expect(keepStoredSecrets({ url: 'https://acme.workflows.okta.com/api/flo/[REDACTED]' }, pathForm)).toEqual({ url: 'https://acme.workflows.okta.com/api/flo/tok-path' });
  });

  it('keeps every credential-named query parameter that comes back redacted, not only the client token', () => {
    const withKey = { ...stored, url: 'https://hooks.example.com/flow?api_key=key-321&sig=s1g&team=iam' };
    const shown = redactWebhookConfig(withKey);
    expect(shown.url).toBe('https://hooks.example.com/flow?api_key=[REDACTED]&sig=[REDACTED]&team=iam');
    expect(keepStoredSecrets({ ...shown, timeout_in_sec: 9 }, withKey)).toMatchObject({ url: withKey.url, timeout_in_sec: 9 });
    expect(() => refuseRedactedSecrets(keepStoredSecrets(shown, withKey))).not.toThrow();
  });

  it('takes new secrets as given', () => {
    const edited = { ...stored, url: 'https://acme.workflows.okta.com/api/flo/abc/invoke?clientToken=new', authentication_config: { bearer: { token: 'new-bearer' } } };
    expect(keepStoredSecrets(edited, stored)).toEqual(edited);
  });
});

describe('refuseRedactedSecrets', () => {
  it('names each secret left as [REDACTED] with nothing stored to keep', () => {
    try {
      refuseRedactedSecrets({ name: 'New', url: 'https://a.workflows.okta.com/api/flo/x/invoke?clientToken=[REDACTED]', authentication_config: { bearer: { token: '[REDACTED]' } } });
      expect.unreachable();
    } catch (err) {
      expect(isFlowhookError(err) && err.toJSON()).toEqual({
        code: 'FLOWHOOK_CONFIG_INVALID',
        message:
          'webhook config "New" has 2 problems: $.url is [REDACTED], and there is no stored secret to keep; send the secret itself; ' +
          '$.authentication_config.bearer.token is [REDACTED], and there is no stored secret to keep; send the secret itself',
        hint: 'Replace each [REDACTED] listed in details with the secret; only an update keeps a stored secret sent back as [REDACTED].',
        details: [
          { path: '$.url', message: 'is [REDACTED], and there is no stored secret to keep; send the secret itself' },
          { path: '$.authentication_config.bearer.token', message: 'is [REDACTED], and there is no stored secret to keep; send the secret itself' },
        ],
      });
    }
  });

  it('lets a config without placeholders through', () => {
    expect(() => refuseRedactedSecrets(stored)).not.toThrow();
  });
});
