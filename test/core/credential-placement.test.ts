import { describe, expect, it } from 'vitest';
import { clientTokenInUrl, credentialPlacement, describeCredential } from '../../src/core/credential-placement.js';
import { ecKeyPair } from '../auth/keys.js';

const INVOKE = 'https://acme.workflows.okta.com/api/flo/0f1e2d3c/invoke';
const MOCK = 'http://127.0.0.1:4010/api/flo/hook/invoke';

describe('credentialPlacement', () => {
  it('finds the client token in the query, the path or the header', () => {
    expect(credentialPlacement({ url: `${INVOKE}?clientToken=tok-1234` })).toEqual({ kind: 'client_token', clientTokenIn: 'query' });
    expect(credentialPlacement({ url: 'http://127.0.0.1:4010/api/flo/tok-1234' })).toEqual({ kind: 'client_token', clientTokenIn: 'path' });
    expect(credentialPlacement({ url: MOCK, headers: { 'X-Api-Client-Token': 'tok-1234' } })).toEqual({ kind: 'client_token', clientTokenIn: 'header' });
  });

  it('names OAuth or a bearer token first, and a client token beside it', () => {
    expect(credentialPlacement({ url: `${INVOKE}?clientToken=tok-1234`, authentication_config: { oauth: { client_id: '0oa9' } } })).toEqual({
      kind: 'oauth',
      clientTokenIn: 'query',
    });
    expect(credentialPlacement({ url: MOCK, authentication_config: { bearer: { token: 'b-123456' } } })).toEqual({ kind: 'bearer' });
    expect(credentialPlacement({ url: MOCK, headers: { Authorization: 'bearer b-123456' } })).toEqual({ kind: 'bearer' });
  });

  it('counts only the Bearer scheme of an Authorization header as a bearer token', () => {
    expect(credentialPlacement({ url: MOCK, headers: { Authorization: 'Basic dXNlcjpwYXNz' } })).toEqual({ kind: 'none' });
    expect(credentialPlacement({ url: 'https://hooks.example.com/apono' })).toEqual({ kind: 'none' });
  });
});

describe('clientTokenInUrl', () => {
  it('reads the path form on any host but only as the whole path', () => {
    expect(clientTokenInUrl(new URL('https://hooks.example.com/api/flo/tok-1234/'))).toBe('path');
    expect(clientTokenInUrl(new URL('https://hooks.example.com/v1/api/flo/tok-1234'))).toBeUndefined();
    expect(clientTokenInUrl(new URL(MOCK))).toBeUndefined();
  });
});

describe('describeCredential', () => {
  it('says where the credential sits, or nothing for a public flow', () => {
    expect(describeCredential({ url: `${INVOKE}?clientToken=tok-1234` })).toBe('the client token is in the "clientToken" query parameter');
    expect(describeCredential({ url: MOCK, headers: { Authorization: 'Basic dXNlcjpwYXNz' } })).toBe('a token is sent in the Authorization header');
    expect(describeCredential({ url: MOCK })).toBeUndefined();
  });

  it('names the OAuth client and the token URL derived from an Okta Workflows URL', () => {
    const oauth = { client_id: '0oa9', private_key: ecKeyPair().privatePem };
    expect(describeCredential({ url: INVOKE, authentication_config: { oauth } })).toBe(
      'an OAuth 2.0 access token of the client "0oa9" from https://acme.okta.com/oauth2/v1/token is sent in the Authorization header',
    );
  });
});
