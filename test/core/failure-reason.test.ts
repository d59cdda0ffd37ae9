import { describe, expect, it } from 'vitest';
import { explainStatus, explainTimeout, withHint, type StatusContext } from '../../src/core/failure-reason.js';

const flow: StatusContext = { method: 'POST', isFlow: true, auth: { kind: 'client_token', clientTokenIn: 'header' }, redact: (text) => text.replaceAll('tok-1234', '[REDACTED]') };
const answer = (status: number, body = '', headers: Record<string, string> = {}) => ({ status, headers, body });

describe('explainStatus', () => {
  it('names the refused client token and where it was, quoting what the flow said without the token', () => {
    expect(explainStatus(answer(401, '{"errorSummary":"Invalid token tok-1234"}'), flow)).toBe(
      '401 from the flow (it says: "Invalid token [REDACTED]"): the client token (in the x-api-client-token header) was refused; ' +
        "copy it again from the flow's API Endpoint settings",
    );
    expect(explainStatus(answer(401), { ...flow, auth: { kind: 'none' } })).toBe(
      '401 from the flow: the flow needs credentials; add its client token (the clientToken query parameter or the x-api-client-token header) or configure OAuth 2.0',
    );
  });

  it("names the scope OAuth needs on a 403, and the flow's rate limit and wait on a 429", () => {
    expect(explainStatus(answer(403), flow)).toBe(
      "403 from the flow: the credentials may not invoke it; with OAuth 2.0 grant the app the okta.workflows.invoke.manage scope and allow it in the flow's API Endpoint settings",
    );
    expect(explainStatus(answer(429, '', { 'x-rate-limit-reset': '1767312000' }), flow)).toBe(
      '429 from the flow: too many requests (Okta Workflows allows about 10 invocations per second per flow); it asks to wait (x-rate-limit-reset: 1767312000)',
    );
  });

  it('calls a target that is not a flow "the target", and redacts the client token of a redirect', () => {
    const target = { ...flow, isFlow: false };
    expect(explainStatus(answer(503, 'busy'), target)).toBe('503 from the target: the target failed on its side');
    expect(explainStatus(answer(302, '', { location: 'https://acme.workflows.okta.com/api/flo/abc/invoke?clientToken=secret-9' }), target)).toBe(
      '302 from the target: a redirect to https://acme.workflows.okta.com/api/flo/abc/invoke?clientToken=[REDACTED]; ' +
        'flowhook does not follow redirects, so put the final URL in the webhook',
    );
    expect(explainStatus(answer(405), { ...target, method: 'PUT' })).toBe('405 from the target: it does not accept PUT; Okta Workflows flows accept GET and POST');
  });
});

describe('withHint', () => {
  it('continues the reason with the hint, its first letter lowered', () => {
    expect(withHint('connection refused', 'Start the mock first')).toBe('connection refused; start the mock first');
    expect(withHint('connection refused', undefined)).toBe('connection refused');
    expect(explainTimeout(5, 'no response headers')).toBe('timed out after 5 s (no response headers)');
  });
});
