import { describe, expect, it } from 'vitest';
import { flowPath, recogniseOktaUrl } from '../../src/core/okta-url.js';

const ALIAS = 'd856674875d68127e1c45e8daa479556';

describe('recogniseOktaUrl', () => {
  it('recognises the invoke form with the client token in the query', () => {
    expect(recogniseOktaUrl(`https://acme.workflows.okta.com/api/flo/${ALIAS}/invoke?clientToken=c0ffee`)).toEqual({
      form: 'invoke',
      org: 'acme',
      workflowsHost: 'acme.workflows.okta.com',
      orgTokenUrl: 'https://acme.okta.com/oauth2/v1/token',
      alias: ALIAS,
      clientTokenIn: 'query',
      description: `Okta Workflows invoke URL of org "acme", flow alias "${ALIAS}": the client token is in the "clientToken" query parameter.`,
    });
  });

  it('recognises the invoke form without a token and says where the token can go', () => {
    const url = recogniseOktaUrl(`https://acme.workflows.oktapreview.com/api/flo/${ALIAS}/invoke`);
    expect(url?.clientTokenIn).toBeNull();
    expect(url?.orgTokenUrl).toBe('https://acme.oktapreview.com/oauth2/v1/token');
    expect(url?.description).toBe(
      `Okta Workflows invoke URL of org "acme", flow alias "${ALIAS}": no client token in the URL, ` +
        'so send it in the "x-api-client-token" header, or use OAuth 2.0, or the flow must be public.',
    );
  });

  it("recognises the Apono guide's …/api/flo/<clientToken> form on the EMEA domain", () => {
    expect(recogniseOktaUrl('https://schuberg-philis.workflows.okta-emea.com/api/flo/9a8b7c6d5e4f')).toEqual({
      form: 'client-token-path',
      org: 'schuberg-philis',
      workflowsHost: 'schuberg-philis.workflows.okta-emea.com',
      orgTokenUrl: 'https://schuberg-philis.okta-emea.com/oauth2/v1/token',
      clientTokenIn: 'path',
      description:
        "Okta Workflows URL of org \"schuberg-philis\" in the Apono guide's form …/api/flo/<clientToken>: " +
        'the client token is the last path segment, so the whole URL is a secret.',
    });
  });

  it('ignores the case of the host', () => {
    expect(recogniseOktaUrl(`https://ACME.Workflows.Okta.com/api/flo/${ALIAS}/invoke`)?.org).toBe('acme');
  });

  it.each([
    ['another host', `https://acme.okta.com/api/flo/${ALIAS}/invoke`],
    ['a host that only ends like Okta', `https://acme.workflows.okta.com.evil.example/api/flo/${ALIAS}/invoke`],
    ['an unconfirmed region', `https://acme.workflows.okta-gov.com/api/flo/${ALIAS}/invoke`],
    ['a resume URL', `https://acme.workflows.okta.com/api/flo/${ALIAS}/resume/123`],
    ['the API root', 'https://acme.workflows.okta.com/api/flo/'],
    ['text that is not a URL', 'acme.workflows.okta.com/api/flo/x'],
  ])('returns null for %s', (_what, url) => {
    expect(recogniseOktaUrl(url)).toBeNull();
  });
});

describe('flowPath', () => {
  it('reads the alias of an invoke path and the token of the short form, on any host', () => {
    expect(flowPath(`/api/flo/${ALIAS}/invoke`)).toEqual({ form: 'invoke', alias: ALIAS });
    expect(flowPath('/api/flo/t0ken')).toEqual({ form: 'client-token-path', clientToken: 't0ken' });
    expect(flowPath('/hooks/x')).toBeNull();
  });
});
