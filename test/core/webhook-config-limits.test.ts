import { describe, expect, it } from 'vitest';
import { parseWebhookConfig, validateWebhookConfig, WEBHOOK_LIMITS } from '../../src/core/webhook-config.js';
import { FlowhookError } from '../../src/errors.js';

const VALID = { name: 'Okta', url: 'https://acme.workflows.okta.com/api/flo/abc/invoke', triggers: ['RequestCreated'] };

describe('webhook config limits', () => {
  it('are the ones the WebhookConfig schema states', () => {
    expect(WEBHOOK_LIMITS).toEqual({ nameLength: 200, urlLength: 2048, headers: 50, headerNameLength: 256, headerValueLength: 8192 });
  });

  it('take a config at every limit', () => {
    const headers = Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`x-h${index}`, 'v'.repeat(8192)]));
    const url = `${VALID.url}?${'q'.repeat(2048 - VALID.url.length - 1)}`;
    expect(validateWebhookConfig({ ...VALID, name: 'N'.repeat(200), url, headers })).toEqual([]);
  });

  it('refuse a 900 KB name in one short problem, and leave the name out of the message', () => {
    const error = parseError({ ...VALID, name: 'N'.repeat(900_000) });
    expect(error.details).toEqual([{ path: '$.name', message: 'must be at most 200 characters long, not 900,000' }]);
    expect(error.message).toBe('webhook config has 1 problem: $.name must be at most 200 characters long, not 900,000');
  });

  it('refuse a 500 KB URL without checking its other rules', () => {
    expect(validateWebhookConfig({ ...VALID, url: `http://127.0.0.1/${'u'.repeat(500_000)}` })).toEqual([{ path: '$.url', message: 'must be at most 2,048 characters long, not 500,017' }]);
  });

  it('refuse 20,000 headers in one problem', () => {
    const headers = Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`x-h${index}`, 'v']));
    expect(validateWebhookConfig({ ...VALID, headers })).toEqual([{ path: '$.headers', message: 'holds 20,000 headers; a webhook may send at most 50' }]);
  });

  it('refuse a header value or name that is too long', () => {
    expect(validateWebhookConfig({ ...VALID, headers: { 'x-big': 'v'.repeat(8193) } })).toEqual([{ path: '$.headers["x-big"]', message: 'must be at most 8,192 characters long, not 8,193' }]);
    expect(validateWebhookConfig({ ...VALID, headers: { [`x-${'n'.repeat(300)}`]: 'v' } })).toEqual([
      { path: '$.headers', message: 'has a header name 302 characters long ("x-nnnnnnnnnnnnnnnnnn…"); a name has at most 256' },
    ]);
  });

  it('bound the lists of filters and validators through the schema', () => {
    const problems = validateWebhookConfig({
      ...VALID,
      filters: { requesters: Array.from({ length: 1001 }, (_, index) => `u${index}@example.com`) },
      response_validators: Array.from({ length: 51 }, () => ({ json_path: '$.data.ok', expected_values: ['true'] })),
      retry_schedule_sec: Array.from({ length: 51 }, () => 1),
    });
    expect(problems).toEqual([
      { path: '$.filters.requesters', message: 'must NOT have more than 1000 items' },
      { path: '$.response_validators', message: 'must NOT have more than 50 items' },
      { path: '$.retry_schedule_sec', message: 'must NOT have more than 50 items' },
    ]);
  });
});

function parseError(value: unknown): FlowhookError {
  try {
    parseWebhookConfig(value);
  } catch (err) {
    if (err instanceof FlowhookError) return err;
    throw err;
  }
  throw new Error('expected the config to be refused');
}
