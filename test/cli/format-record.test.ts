import { describe, expect, it } from 'vitest';
import { formatRecord } from '../../src/cli/format-record.js';
import type { InvocationRecord } from '../../src/types.js';

const LABELS = { successful: 'Test successful', failed: 'Test failed' } as const;
const URL_REDACTED = 'https://acme.workflows.okta.com/api/flo/0f1e/invoke?clientToken=[REDACTED]';

const answered: InvocationRecord = {
  deliveryId: 'test_1',
  webhook: 'okta',
  trigger: 'RequestCreated',
  request: {
    method: 'POST',
    url: URL_REDACTED,
    headers: { 'content-type': 'application/json', 'webhook-id': 'test_1' },
    body: '{\n  "id": "AR-4821"\n}',
  },
  response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}', bodyTruncated: false },
  timings: { startedAt: '2026-11-28T12:00:00.000Z', headersMs: 80.4, totalMs: 84.4 },
  validators: [{ jsonPath: '$.data.status', expectedValues: ['ok'], actual: 'ok', passed: true }],
  auth: { kind: 'client_token', clientTokenIn: 'query' },
  verdict: 'successful',
};

const timedOut: InvocationRecord = {
  ...answered,
  trigger: 'RequestGranted',
  response: undefined,
  error: { kind: 'timeout', message: 'no complete response from acme.workflows.okta.com within 5 s' },
  timings: { startedAt: '2026-11-28T12:00:00.000Z', totalMs: 5003.2 },
  validators: [],
  verdict: 'failed',
  reason: 'timed out after 5 s (no complete response from acme.workflows.okta.com within 5 s); raise "timeout_in_sec"',
};

describe('formatRecord', () => {
  it('shows the verdict, trigger, method and redacted URL, then status, time and validators', () => {
    expect(formatRecord(answered, { labels: LABELS, invocationData: false })).toEqual([
      `Test successful  RequestCreated → POST ${URL_REDACTED}`,
      '  200 OK in 84 ms · validators 1/1 passed',
    ]);
  });

  it('says that no response came, and why the delivery failed', () => {
    expect(formatRecord(timedOut, { labels: LABELS, invocationData: false })).toEqual([
      `Test failed  RequestGranted → POST ${URL_REDACTED}`,
      '  no response (timeout) after 5003 ms',
      '  reason: timed out after 5 s (no complete response from acme.workflows.okta.com within 5 s); raise "timeout_in_sec"',
    ]);
  });

  it('shows the invocation data: request, response, validators, auth and timings', () => {
    const failedValidator: InvocationRecord = {
      ...answered,
      validators: [{ jsonPath: '$.data.status', expectedValues: ['ok'], passed: false, reason: 'expected one of [ok], got nothing' }],
      verdict: 'failed',
      reason: 'validator $.data.status expected one of [ok], got nothing',
    };
    expect(formatRecord(failedValidator, { labels: LABELS, invocationData: true })).toEqual([
      `Test failed  RequestCreated → POST ${URL_REDACTED}`,
      '  200 OK in 84 ms · validators 0/1 passed',
      '  reason: validator $.data.status expected one of [ok], got nothing',
      '  request',
      `    POST ${URL_REDACTED}`,
      '    content-type: application/json',
      '    webhook-id: test_1',
      '',
      '    {',
      '      "id": "AR-4821"',
      '    }',
      '  response',
      '    200 OK',
      '    content-type: application/json',
      '',
      '    {"status":"ok"}',
      '  validators',
      '    failed  $.data.status: expected one of [ok], got nothing',
      '  auth: client token in the URL query',
      '  timings: started 2026-11-28T12:00:00.000Z, headers 80 ms, total 84 ms',
      '  delivery id: test_1',
    ]);
  });

  it('redacts credential parameters and headers by name, even in a record that was not redacted', () => {
    const leaky: InvocationRecord = {
      ...answered,
      request: {
        ...answered.request,
        url: 'https://hooks.example.com/in?api_key=k3y-value&page=2',
        headers: { 'x-auth-token': 'xat-value', 'api-key': 'ak-value', 'content-type': 'application/json' },
      },
      response: { ...(answered.response as NonNullable<InvocationRecord['response']>), headers: { 'set-cookie': 'sid=s3ss', 'x-request-id': 'r1' } },
      auth: { kind: 'oauth', clientId: 'c', tokenEndpoint: 'https://idp.example.com/token?sig=s1g' },
    };
    const text = formatRecord(leaky, { labels: LABELS, invocationData: true }).join('\n');
    for (const secret of ['k3y-value', 'xat-value', 'ak-value', 's3ss', 's1g']) expect(text).not.toContain(secret);
    expect(text).toContain('POST https://hooks.example.com/in?api_key=[REDACTED]&page=2');
    expect(text).toContain('    x-auth-token: [REDACTED]');
    expect(text).toContain('    api-key: [REDACTED]');
    expect(text).toContain('    set-cookie: [REDACTED]');
    expect(text).toContain('    x-request-id: r1');
    expect(text).toContain('  auth: OAuth 2.0 access token of client "c" from https://idp.example.com/token?sig=[REDACTED]');
  });

  it('shows a passed validator with the value it found, and the reason no response came', () => {
    const lines = formatRecord(answered, { labels: LABELS, invocationData: true });
    expect(lines).toContain('    passed  $.data.status: found "ok", expected one of [ok]');
    const none = formatRecord({ ...timedOut, request: { ...timedOut.request, body: '' } }, { labels: LABELS, invocationData: true });
    expect(none.slice(3, 8)).toEqual([
      '  request',
      `    POST ${URL_REDACTED}`,
      '    content-type: application/json',
      '    webhook-id: test_1',
      '    (no body)',
    ]);
    expect(none[8]).toBe('  response');
    expect(none[9]).toBe('    none: no complete response from acme.workflows.okta.com within 5 s');
  });
});
