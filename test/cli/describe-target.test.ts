import { describe, expect, it } from 'vitest';
import { describeTarget } from '../../src/cli/describe-target.js';

const INVOKE = 'https://acme.workflows.okta.com/api/flo/0f1e2d3c4b5a69788796a5b4c3d2e1f0/invoke';
const FLOW = 'Okta Workflows invoke URL of org "acme", flow alias "0f1e2d3c4b5a69788796a5b4c3d2e1f0"';

describe('describeTarget', () => {
  it('says where the client token sits in an Okta invoke URL', () => {
    expect(describeTarget({ url: `${INVOKE}?clientToken=abcd1234` })).toBe(`${FLOW}: the client token is in the "clientToken" query parameter.`);
    expect(describeTarget({ url: INVOKE, headers: { 'X-Api-Client-Token': 'abcd1234' } })).toBe(
      `${FLOW}: the client token is in the "x-api-client-token" header.`,
    );
  });

  it("explains the guide's short form, whose last segment is the token", () => {
    expect(describeTarget({ url: 'https://acme.workflows.oktapreview.com/api/flo/tok-1234' })).toBe(
      'Okta Workflows URL of org "acme" in the Apono guide\'s form …/api/flo/<clientToken>: the client token is the last path segment, so the whole URL is a secret.',
    );
  });

  it('names the OAuth client or the bearer token when the URL carries no token', () => {
    expect(describeTarget({ url: INVOKE, authentication_config: { oauth: { client_id: '0oa9' } } })).toBe(
      `${FLOW}: an OAuth 2.0 access token of the client "0oa9" is sent in the Authorization header.`,
    );
    expect(describeTarget({ url: INVOKE, authentication_config: { bearer: { token: 'b-123456' } } })).toBe(
      `${FLOW}: a token is sent in the Authorization header.`,
    );
  });

  it("keeps okta-url's own sentence when nothing carries a token", () => {
    expect(describeTarget({ url: INVOKE })).toBe(
      `${FLOW}: no client token in the URL, so send it in the "x-api-client-token" header, or use OAuth 2.0, or the flow must be public.`,
    );
  });

  it('describes a mock URL by its path form', () => {
    expect(describeTarget({ url: 'http://127.0.0.1:40123/api/flo/hook/invoke', headers: { 'x-api-client-token': 'abcd1234' } })).toBe(
      'not an Okta Workflows URL (127.0.0.1:40123 is not <org>.workflows.okta.com), with Okta\'s invoke path for the flow alias "hook": ' +
        'the client token is in the "x-api-client-token" header.',
    );
    expect(describeTarget({ url: 'http://127.0.0.1:40123/api/flo/tok-5678' })).toBe(
      "not an Okta Workflows URL (127.0.0.1:40123 is not <org>.workflows.okta.com), with the Apono guide's path form …/api/flo/<clientToken>: " +
        'the client token is the last path segment.',
    );
  });

  it('says when a URL is neither on an Okta Workflows host nor a flow path', () => {
    expect(describeTarget({ url: 'https://hooks.example.com/apono' })).toBe(
      'not an Okta Workflows URL (hooks.example.com is not <org>.workflows.okta.com), with a path that is not a flow path (/api/flo/<alias>/invoke): ' +
        'no credential is sent, so the flow must be public.',
    );
  });
});
