import { describe, expect, it } from 'vitest';
import { defaultSecurityChecks, type PresentedCredentials, type SecuredFlow } from '../../mock-okta/security.js';

const none: PresentedCredentials = { query: undefined, header: undefined, path: undefined, authorization: undefined };
const tokenFlow: SecuredFlow = { alias: 'abc', security: 'clientToken', clientToken: 's3cret' };

describe('defaultSecurityChecks.public', () => {
  it('lets every call through and records where a credential came from, if any', () => {
    const flow: SecuredFlow = { alias: 'open', security: 'public', clientToken: undefined };
    expect(defaultSecurityChecks.public(flow, none)).toEqual({ auth: { level: 'public', via: null, valid: true } });
    expect(defaultSecurityChecks.public(flow, { ...none, header: 'x' })).toEqual({ auth: { level: 'public', via: 'header', valid: true } });
  });
});

describe('defaultSecurityChecks.clientToken', () => {
  it.each([
    ['query', { ...none, query: 's3cret' }],
    ['header', { ...none, header: 's3cret' }],
    ['path', { ...none, path: 's3cret' }],
  ] as const)('accepts the right token sent in the %s', (via, presented) => {
    expect(defaultSecurityChecks.clientToken(tokenFlow, presented)).toEqual({ auth: { level: 'clientToken', via, valid: true } });
  });

  it('refuses a call without a token with 401 E0000011, saying where to put it', () => {
    const verdict = defaultSecurityChecks.clientToken(tokenFlow, none);
    expect(verdict).toMatchObject({
      auth: { level: 'clientToken', via: null, valid: false },
      refusal: {
        status: 401,
        errorCode: 'E0000011',
        errorSummary: 'Invalid token provided',
        cause: 'No client token was sent: pass it as the clientToken query parameter or the x-api-client-token header.',
        reason: 'refused: no client token was sent',
      },
    });
  });

  it('refuses a wrong token with 401 and never repeats either token', () => {
    const verdict = defaultSecurityChecks.clientToken(tokenFlow, { ...none, header: 'guess' });
    expect(verdict).toMatchObject({
      auth: { level: 'clientToken', via: 'header', valid: false },
      refusal: { status: 401, errorCode: 'E0000011', cause: "The client token does not match the flow's." },
    });
    expect(JSON.stringify(verdict)).not.toMatch(/s3cret|guess/);
  });

  it('refuses a token sent both as query parameter and header with 400, even when both are right', () => {
    const verdict = defaultSecurityChecks.clientToken(tokenFlow, { ...none, query: 's3cret', header: 's3cret' });
    expect(verdict).toMatchObject({
      auth: { level: 'clientToken', via: 'query', valid: false },
      refusal: { status: 400, errorCode: 'E0000001', errorSummary: 'Api validation failed: clientToken' },
    });
  });
});
