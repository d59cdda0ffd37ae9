import { describe, expect, it } from 'vitest';
import { ExecutionRecord, readBody } from '../../mock-okta/execution.js';

describe('readBody', () => {
  it('parses JSON when the content type says JSON or says nothing', () => {
    expect(readBody('application/json; charset=utf-8', '{"a":[1]}')).toEqual({ kind: 'json', body: { a: [1] } });
    expect(readBody('application/vnd.api+json', '[true]')).toEqual({ kind: 'json', body: [true] });
    expect(readBody(undefined, '42')).toEqual({ kind: 'json', body: 42 });
  });

  it('keeps JSON that does not parse as text', () => {
    expect(readBody('application/json', '{"a":')).toEqual({ kind: 'text', body: '{"a":' });
  });

  it('turns a form-encoded body into fields, a repeated name into an array', () => {
    expect(readBody('application/x-www-form-urlencoded', 'a=1&b=x%20y&a=2')).toEqual({
      kind: 'form',
      body: { a: ['1', '2'], b: 'x y' },
    });
  });

  it('keeps other content types as text and reports an empty body as null', () => {
    expect(readBody('text/plain', '{"looks":"like json"}')).toEqual({ kind: 'text', body: '{"looks":"like json"}' });
    expect(readBody('application/json', '')).toEqual({ kind: 'empty', body: null });
  });
});

describe('ExecutionRecord', () => {
  it('records credential headers as [REDACTED] and leaves the caller\'s headers object alone', () => {
    const headers = { authorization: 'Bearer abc', 'x-api-client-token': 'tok', accept: 'application/json' };
    const record = new ExecutionRecord({
      executionId: 'id',
      method: 'POST',
      path: '/api/flo/a/invoke',
      query: new URLSearchParams('x=1&x=2'),
      headers,
      bodyText: '',
      receivedAtMs: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
    });
    const view = record.view();
    expect(view.headers).toEqual({ authorization: '[REDACTED]', 'x-api-client-token': '[REDACTED]', accept: 'application/json' });
    expect(headers.authorization).toBe('Bearer abc');
    expect(view.query).toEqual({ x: ['1', '2'] });
    expect(view.receivedAt).toBe('2026-01-02T03:04:05.006Z');
    expect(view.outcome).toBe('pending');
  });
});
