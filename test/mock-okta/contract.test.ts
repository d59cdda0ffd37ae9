import { describe, expect, it } from 'vitest';
import { compileContract, compiledContract, contractBroken, MAX_CONTRACT_PROBLEMS, type ContractInput } from '../../mock-okta/contract.js';
import type { FlowContract } from '../../mock-okta/types.js';

const EMAIL_REQUIRED: FlowContract = {
  body: {
    type: 'object',
    required: ['fields'],
    properties: { fields: { type: 'object', required: ['requestor email'], properties: { 'requestor email': { type: 'string', minLength: 1 } } } },
  },
};

function input(body: unknown, changes: Partial<ContractInput> = {}): ContractInput {
  return { bodyKind: 'json', body, truncated: false, headers: {}, query: {}, ...changes };
}

describe('compileContract', () => {
  it('compiles a contract once: the same definition object gives the same compiled contract', () => {
    const contract: FlowContract = { body: { type: 'object' } };
    const first = compileContract(contract);
    expect(first).not.toBeInstanceOf(Array);
    expect(compileContract(contract)).toBe(first);
  });

  it('names a body schema that does not compile, a misspelt keyword included, at the contract path given', () => {
    expect(compileContract({ body: { type: 'string', minLenght: 1 } }, '$.flows[0].contract')).toEqual([
      { path: '$.flows[0].contract.body', message: 'is not a JSON Schema that compiles: strict mode: unknown keyword: "minLenght"' },
    ]);
    const dangling = compileContract({ body: { $ref: '#/$defs/missing' } });
    expect(dangling).toEqual([{ path: '$.contract.body', message: expect.stringMatching(/^is not a JSON Schema that compiles: can't resolve reference #\/\$defs\/missing/) }]);
  });

  it('compiles schemas that share an $id, flow after flow', () => {
    for (let i = 0; i < 3; i += 1) expect(compileContract({ body: { $id: 'https://example.test/input', type: 'object' } })).not.toBeInstanceOf(Array);
  });
});

describe('CompiledContract.check', () => {
  const contract = compiledContract(EMAIL_REQUIRED);

  it('holds for a body with the field filled in', () => {
    expect(contract.check(input({ fields: { 'requestor email': 'dana@example.com' } }))).toEqual({ ok: true, problems: [] });
  });

  it('names an empty required string at its JSON path', () => {
    expect(contract.check(input({ fields: { 'requestor email': '' } }))).toEqual({
      ok: false,
      problems: [{ path: '$.fields["requestor email"]', message: 'must NOT have fewer than 1 characters' }],
    });
  });

  it('names a missing field, and a body that is not JSON', () => {
    expect(contract.check(input({ fields: {} })).problems).toEqual([{ path: '$.fields["requestor email"]', message: 'is required' }]);
    expect(contract.check(input('{"fields": ', { bodyKind: 'text' })).problems).toEqual([
      { path: '$', message: 'must be JSON or form fields; the flow got a text body (is the content-type application/json, and does the body parse?)' },
    ]);
    expect(contract.check(input('{"fields": {', { bodyKind: 'text', truncated: true })).problems).toEqual([
      { path: '$', message: 'was longer than the journal keeps of a body, so it could not be checked (raise journalBodyBytes)' },
    ]);
  });

  it('checks the fields of a form-encoded body and an empty body as null', () => {
    const form = compiledContract({ body: { type: 'object', required: ['email'] } });
    expect(form.check(input({ email: 'a@b' }, { bodyKind: 'form' })).ok).toBe(true);
    expect(form.check(input(null, { bodyKind: 'empty' })).problems).toEqual([{ path: '$', message: 'must be object' }]);
  });

  it('requires headers in any case, and query parameters', () => {
    const needs = compiledContract({ headers: ['X-Request-Id'], query: ['source', 'run id'] });
    expect(needs.check(input(null, { headers: { 'x-request-id': 'r1' }, query: { source: 'apono', 'run id': '7' } })).ok).toBe(true);
    expect(needs.check(input(null)).problems).toEqual([
      { path: 'headers["x-request-id"]', message: 'is required' },
      { path: 'query.source', message: 'is required' },
      { path: 'query["run id"]', message: 'is required' },
    ]);
  });

  it(`keeps at most ${MAX_CONTRACT_PROBLEMS} problems, the last saying how many more`, () => {
    const names = Array.from({ length: 30 }, (_, i) => `f${i}`);
    const many = compiledContract({ body: { type: 'object', required: names } });
    const { problems } = many.check(input({}));
    expect(problems).toHaveLength(MAX_CONTRACT_PROBLEMS);
    expect(problems.at(-1)).toEqual({ path: '$', message: 'and 11 more problems' });
  });
});

describe('contractBroken', () => {
  it('is Okta\'s 400 validation error, its reason naming the flow and the problems', () => {
    const refusal = contractBroken('grants', [{ path: '$.a', message: 'is required' }]);
    expect(refusal).toEqual({
      status: 400,
      errorCode: 'E0000001',
      errorSummary: 'Api validation failed: request',
      reason: 'refused: the request breaks the contract of flow "grants" ("onFailure": "reject"): $.a is required',
    });
  });
});
