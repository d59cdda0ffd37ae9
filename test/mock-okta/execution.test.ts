import { describe, expect, it } from 'vitest';
import { MAX_PARSED_BODY_LENGTH, readBody, redactQuery, type ArrivedRequest } from '../../mock-okta/execution.js';
import { Journal } from '../../mock-okta/journal.js';

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

  it('keeps JSON nested more than 1,000 deep as text, so that the view can always be serialised', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(readBody('application/json', deep)).toEqual({ kind: 'text', body: deep });
    const edge = `${'{"a":'.repeat(1_000)}1${'}'.repeat(1_000)}`;
    expect(readBody('application/json', edge).kind).toBe('json');
    expect(readBody('application/json', `[${edge}]`).kind).toBe('text');
  });

  it('counts only brackets outside strings when it measures nesting', () => {
    const text = JSON.stringify({ text: '['.repeat(5_000), escaped: '\\"[[[' });
    expect(readBody('application/json', text)).toEqual({ kind: 'json', body: JSON.parse(text) });
  });

  it('keeps JSON longer than MAX_PARSED_BODY_LENGTH as text', () => {
    const long = JSON.stringify('x'.repeat(MAX_PARSED_BODY_LENGTH));
    expect(readBody('application/json', long).kind).toBe('text');
  });
});

function captured(request: Partial<ArrivedRequest> & { body?: string }, journal = new Journal()) {
  const body = Buffer.from(request.body ?? '');
  return journal.capture({
    executionId: 'id',
    alias: 'a',
    method: 'POST',
    path: '/api/flo/a/invoke',
    query: '',
    headers: {},
    bodyChunks: [body],
    keptBytes: body.length,
    bodyBytes: body.length,
    receivedAtMs: 0,
    ...request,
  });
}

describe('ExecutionRecord', () => {
  it('records credential headers as [REDACTED] and leaves the caller\'s headers object alone', () => {
    const headers = { authorization: 'Bearer abc', 'x-api-client-token': 'tok', accept: 'application/json' };
    const record = captured({ headers, query: 'x=1&x=2', receivedAtMs: Date.UTC(2026, 0, 2, 3, 4, 5, 6) });
    const view = record.view();
    expect(view.headers).toEqual({ authorization: '[REDACTED]', 'x-api-client-token': '[REDACTED]', accept: 'application/json' });
    expect(headers.authorization).toBe('Bearer abc');
    expect(view.query).toEqual({ x: ['1', '2'] });
    expect(view.receivedAt).toBe('2026-01-02T03:04:05.006Z');
    expect(view.outcome).toBe('pending');
  });

  it('records every header whose name says it carries a credential as [REDACTED], whatever its case', () => {
    const headers = { 'x-api-key': 'k-1', cookie: 'sid=s-1', 'x-auth-token': 't-1', 'x-signature': 'sig-1', 'x-trace': 'keep' };
    const view = captured({ headers }).view();
    expect(view.headers).toEqual({
      'x-api-key': '[REDACTED]',
      cookie: '[REDACTED]',
      'x-auth-token': '[REDACTED]',
      'x-signature': '[REDACTED]',
      'x-trace': 'keep',
    });
  });

  it('gives back what it captured: id, path, query, headers (a repeated one as a list) and body, in any script', () => {
    const headers = { 'content-type': 'application/json', 'x-note': 'ça va, 東京 🙂', 'x-forwarded-for': ['10.0.0.1', '10.0.0.2'] };
    const body = JSON.stringify({ name: 'Zoë', city: '東京' });
    const view = captured({ executionId: 'e-1', path: '/api/flo/ü/invoke', query: 'q=%C3%A9', headers, body }).view();
    expect(view).toMatchObject({
      executionId: 'e-1',
      path: '/api/flo/ü/invoke',
      query: { q: 'é' },
      headers,
      bodyKind: 'json',
      body: JSON.parse(body),
      bodyBytes: Buffer.byteLength(body),
      truncated: false,
    });
  });

  it('shows a body cut by the journal as text, with its size as it arrived and truncated: true', () => {
    const text = '{"name":"Zoë"}';
    const bytes = Buffer.from(text);
    const record = captured({ headers: { 'content-type': 'application/json' }, bodyChunks: [bytes], keptBytes: 12, bodyBytes: bytes.length });
    // 12 bytes end inside "ë" (two bytes in UTF-8): the half character is left out.
    expect(record.view()).toMatchObject({ bodyKind: 'text', body: '{"name":"Zo', bodyBytes: 15, truncated: true });
  });

  it('keeps a body that arrived in several chunks as one', () => {
    const chunks = ['{"a":', '[1,2]', '}'].map((part) => Buffer.from(part));
    const record = captured({ bodyChunks: chunks, keptBytes: 11, bodyBytes: 11 });
    expect(record.view()).toMatchObject({ bodyKind: 'json', body: { a: [1, 2] }, truncated: false });
  });
});

describe('redactQuery', () => {
  it('redacts the value of every credential-named parameter, each time it is repeated, and keeps the others', () => {
    const redacted = redactQuery('api_key=k1&sig=s1&clientToken=t1&x=1&sig=s2&apiKey=k2&access_token=a1');
    expect(Object.fromEntries([...new URLSearchParams(redacted)].map(([name], index, all) => [name, all.filter(([n]) => n === name).map(([, v]) => v)]))).toEqual({
      api_key: ['[REDACTED]'],
      sig: ['[REDACTED]', '[REDACTED]'],
      clientToken: ['[REDACTED]'],
      x: ['1'],
      apiKey: ['[REDACTED]'],
      access_token: ['[REDACTED]'],
    });
  });

  it('reads names as the view does: percent-encoded, after "#" or ";" inside a name', () => {
    for (const raw of ['api%5Fkey=k1', 'a%23sig=s1', 'a;token=t1', 'X-Api-Key=k2']) {
      expect([...new URLSearchParams(redactQuery(raw)).values()], raw).toEqual(['[REDACTED]']);
    }
  });

  it('keeps a query without credential parameters exactly as it came', () => {
    expect(redactQuery('q=a+b&z=%20')).toBe('q=a+b&z=%20');
    expect(redactQuery('')).toBe('');
  });
});
