import { describe, expect, it } from 'vitest';
import { createStaticAuthoriser } from '../../src/auth/static-authoriser.js';
import { parseWebhookConfig } from '../../src/core/webhook-config.js';

const base = { name: 'Okta', url: 'https://acme.workflows.okta.com/api/flo/abc/invoke', triggers: ['RequestGranted'] };

describe('createStaticAuthoriser', () => {
  it('sends a bearer token in the Authorization header', async () => {
    const authoriser = createStaticAuthoriser(parseWebhookConfig({ ...base, authentication_config: { bearer: { token: 'b-123456' } } }));
    expect(await authoriser.authorise()).toEqual({ headers: { authorization: 'Bearer b-123456' }, describe: { kind: 'bearer' } });
  });

  it('adds no header for a client token, which the URL or the config already carries', async () => {
    const inQuery = createStaticAuthoriser(parseWebhookConfig({ ...base, url: `${base.url}?clientToken=tok-1234` }));
    expect(await inQuery.authorise()).toEqual({ headers: {}, describe: { kind: 'client_token', clientTokenIn: 'query' } });
    const inHeader = createStaticAuthoriser(parseWebhookConfig({ ...base, headers: { 'x-api-client-token': 'tok-1234' } }));
    expect(await inHeader.authorise()).toEqual({ headers: {}, describe: { kind: 'client_token', clientTokenIn: 'header' } });
  });

  it('answers the same frozen authorisation every time, and has nothing to forget', async () => {
    const authoriser = createStaticAuthoriser(parseWebhookConfig(base));
    const first = await authoriser.authorise();
    authoriser.invalidate(first.headers);
    expect(await authoriser.authorise()).toBe(first);
    expect(first).toEqual({ headers: {}, describe: { kind: 'none' } });
    expect(Object.isFrozen(first.headers)).toBe(true);
  });
});
