import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonPath } from '../../src/schemas.js';
import { parseJsonPath, readVerification, verify } from '../../mock-okta/verify.js';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';
import type { Execution } from '../../mock-okta/types.js';

describe('parseJsonPath', () => {
  it('reads dotted names, indexes and names as JSON strings', () => {
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('$.fields["requestor email"]')).toEqual(['fields', 'requestor email']);
    expect(parseJsonPath('$.data.access_groups[0].integration.name')).toEqual(['data', 'access_groups', 0, 'integration', 'name']);
    expect(parseJsonPath('$["a\\"b"].c')).toEqual(['a"b', 'c']);
  });

  it('reads back every path that contract problems are reported at, whatever the keys (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 6 }), (keys) => {
        const pointer = keys.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
        expect(parseJsonPath(jsonPath(pointer))).toEqual(keys.map((key) => (/^\d+$/.test(key) ? Number(key) : key)));
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses what is not such a path', () => {
    for (const path of ['fields', '$.', '$..a', '$[', '$[x]', "$['a']", '$.a[-1]', '$a']) expect(parseJsonPath(path)).toBeUndefined();
  });
});

describe('readVerification', () => {
  it('refuses a request that breaks the schema, a range upside down and a body key that is not a JSON path', () => {
    expect(() => readVerification({ count: -1 })).toThrow(expect.objectContaining({ code: 'FLOWHOOK_BAD_REQUEST' }));
    expect(() => readVerification({ where: { colour: 'red' } })).toThrow('verify request: "$.where.colour" is not a known field');
    expect(() => readVerification({ count: { atLeast: 3, atMost: 2 } })).toThrow('verify request: "$.count" has "atLeast" (3) above "atMost" (2)');
    expect(() => readVerification({ where: { body: { 'fields.email': 'x' } } })).toThrow(
      'verify request: "$.where.body["fields.email"]" is not a JSON path such as $.fields["requestor email"] or $.items[0].id',
    );
  });
});

function execution(changes: Partial<Execution>): Execution {
  return {
    executionId: '00000000-0000-4000-8000-000000000000',
    alias: 'grants',
    method: 'POST',
    path: '/api/flo/grants/invoke',
    query: {},
    headers: {},
    bodyKind: 'json',
    body: {},
    bodyBytes: 2,
    truncated: false,
    receivedAt: '2026-12-02T00:00:00.000Z',
    outcome: 'answered',
    status: 200,
    durationMs: 1,
    auth: { level: 'public', via: null, valid: true },
    response: null,
    responseIndex: 0,
    fault: null,
    explanation: '',
    ...changes,
  };
}

describe('verify', () => {
  const byEmail = readVerification({ alias: 'grants', count: 1, where: { status: 200, body: { '$.fields["requestor email"]': 'dana@example.com' } } });

  it('matches executions that meet every condition, and says so', () => {
    const hit = execution({ body: { fields: { 'requestor email': 'dana@example.com' } } });
    expect(verify(byEmail, [hit])).toEqual({
      ok: true,
      message: 'expected exactly 1 execution of flow "grants" where status is 200, body $.fields["requestor email"] is "dana@example.com", found 1',
      expected: { atLeast: 1, atMost: 1 },
      matched: [hit],
      nearMisses: [],
    });
  });

  it('explains near misses, fewest unmet conditions first, then the most recent; an absent value has no actual', () => {
    const emptyEmail = execution({ executionId: 'a', body: { fields: { 'requestor email': '' } } });
    const otherFlowNoEmail = execution({ executionId: 'b', alias: 'other', status: 500, body: { fields: {} } });
    const alsoEmpty = execution({ executionId: 'c', body: { fields: { 'requestor email': '' } } });
    const result = verify(byEmail, [emptyEmail, otherFlowNoEmail, alsoEmpty]);
    expect(result.ok).toBe(false);
    expect(result.message).toBe('expected exactly 1 execution of flow "grants" where status is 200, body $.fields["requestor email"] is "dana@example.com", found 0');
    expect(result.nearMisses.map((miss) => [miss.execution.executionId, miss.missed])).toEqual([
      ['c', [{ field: 'body $.fields["requestor email"]', expected: 'dana@example.com', actual: '' }]],
      ['a', [{ field: 'body $.fields["requestor email"]', expected: 'dana@example.com', actual: '' }]],
      [
        'b',
        [
          { field: 'alias', expected: 'grants', actual: 'other' },
          { field: 'status', expected: 200, actual: 500 },
          { field: 'body $.fields["requestor email"]', expected: 'dana@example.com' },
        ],
      ],
    ]);
  });

  it('fails on too many matches without near misses, and counts in a range', () => {
    const any = execution({});
    const atMostOne = readVerification({ count: { atMost: 1 } });
    expect(verify(atMostOne, [any, any])).toMatchObject({ ok: false, message: 'expected at most 1 execution, found 2', nearMisses: [] });
    expect(verify(readVerification({ count: { atLeast: 1, atMost: 3 } }), [any, any]).ok).toBe(true);
    expect(verify(readVerification({}), []).message).toBe('expected at least 1 execution, found 0');
  });

  it('compares methods in any case, header names in any case, repeated headers joined, and contractOk only where a contract was checked', () => {
    const sent = execution({ headers: { 'x-trace': ['a', 'b'] }, query: { source: 'apono' }, contract: { ok: true, problems: [] } });
    const where = readVerification({ where: { method: 'post', headers: { 'X-Trace': 'a, b' }, query: { source: 'apono' }, contractOk: true } });
    expect(verify(where, [sent]).ok).toBe(true);
    expect(verify(where, [execution({})]).nearMisses[0]?.missed.map((miss) => miss.field)).toEqual(['contractOk', 'headers["x-trace"]', 'query.source']);
  });
});

describe('POST /__admin/executions/verify through MockOktaClient.verify()', () => {
  let mock: RunningMockOkta;
  beforeEach(async () => {
    mock = await startMockOkta({
      flows: [{ alias: 'grants', security: 'public', contract: { body: { type: 'object', properties: { email: { type: 'string', minLength: 1 } } } } }],
    });
  });
  afterEach(() => mock.close());

  it('answers matched executions, and near misses with why each missed', async () => {
    for (const email of ['dana@example.com', '']) {
      await fetch(mock.invokeUrl('grants'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
    }
    const held = await mock.verify({ alias: 'grants', count: 1, where: { contractOk: true, body: { '$.email': 'dana@example.com' } } });
    expect(held.ok).toBe(true);
    expect(held.matched.map((e) => e.body)).toEqual([{ email: 'dana@example.com' }]);

    const short = await mock.verify({ alias: 'grants', count: 2, where: { contractOk: true } });
    expect(short).toMatchObject({ ok: false, expected: { atLeast: 2, atMost: 2 }, message: 'expected exactly 2 executions of flow "grants" where contractOk is true, found 1' });
    expect(short.nearMisses).toEqual([
      { execution: expect.objectContaining({ body: { email: '' } }), missed: [{ field: 'contractOk', expected: true, actual: false }] },
    ]);
  });

  it('refuses a bad request with 400 and the field', async () => {
    await expect(mock.verify({ count: { atLeast: 2, atMost: 1 } })).rejects.toMatchObject({
      code: 'FLOWHOOK_BAD_REQUEST',
      details: [{ path: '$.count', message: 'has "atLeast" (2) above "atMost" (1)' }],
    });
  });
});
