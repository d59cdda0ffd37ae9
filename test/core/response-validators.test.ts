import { JSONPath } from 'jsonpath-plus';
import { describe, expect, it } from 'vitest';
import { compileResponseValidators, describeValidatorFailures } from '../../src/core/response-validators.js';
import { FlowhookError } from '../../src/errors.js';

describe('compileResponseValidators', () => {
  it('passes a validator whose value is one of the expected values', () => {
    const validate = compileResponseValidators([{ json_path: '$.data.status', expected_values: ['ok', 'accepted'] }]);
    expect(validate('{"status":"accepted"}')).toEqual([
      { jsonPath: '$.data.status', expectedValues: ['ok', 'accepted'], actual: 'accepted', passed: true },
    ]);
  });

  it('fails a validator whose value is another, saying what it got', () => {
    const validate = compileResponseValidators([{ json_path: '$.data.status', expected_values: ['ok'] }]);
    expect(validate('{"status":"error"}')).toEqual([
      { jsonPath: '$.data.status', expectedValues: ['ok'], actual: 'error', passed: false, reason: "expected one of [ok], got 'error'" },
    ]);
  });

  it('compares numbers, booleans, null and objects by their string form', () => {
    const validate = compileResponseValidators([
      { json_path: '$.data.count', expected_values: ['2'] },
      { json_path: '$.data.done', expected_values: ['true'] },
      { json_path: '$.data.error', expected_values: ['null'] },
      { json_path: '$.data.pair', expected_values: ['[1,2]'] },
    ]);
    expect(validate('{"count":2,"done":true,"error":null,"pair":[1,2]}').map((outcome) => outcome.passed)).toEqual([true, true, true, true]);
  });

  it('finds by a plain path what jsonpath-plus finds: members, quoted names, indexes, nothing', () => {
    const body = JSON.stringify({ items: [{ id: 'a' }, { id: 'b' }], 'event type': 'x', nested: { deep: { value: 3 } } });
    const paths = ['$.data.items[1].id', "$.data['event type']", '$.data.nested.deep.value', '$.data.items[5].id', '$.data.nested.missing'];
    const outcomes = compileResponseValidators(paths.map((json_path) => ({ json_path, expected_values: ['b', 'x', '3'] })))(body);
    expect(outcomes.map((outcome) => outcome.actual)).toEqual(
      paths.map((path) => JSONPath<unknown[]>({ path: path.replace('$.data', '$'), json: JSON.parse(body), wrap: true })[0]),
    );
    expect(outcomes.map((outcome) => outcome.passed)).toEqual([true, true, true, false, false]);
  });

  it('fails a validator that finds nothing, without an actual value', () => {
    const validate = compileResponseValidators([{ json_path: '$.data.result.status', expected_values: ['ok'] }]);
    expect(validate('{"result":{}}')).toEqual([
      { jsonPath: '$.data.result.status', expectedValues: ['ok'], passed: false, reason: 'expected one of [ok], got nothing' },
    ]);
  });

  it('needs every value a wildcard finds to be expected', () => {
    const validate = compileResponseValidators([{ json_path: '$.data.items[*].state', expected_values: ['done', 'skipped'] }]);
    expect(validate('{"items":[{"state":"done"},{"state":"skipped"}]}')[0]).toMatchObject({ passed: true, actual: ['done', 'skipped'] });
    expect(validate('{"items":[{"state":"done"},{"state":"failed"}]}')[0]).toMatchObject({
      passed: false,
      reason: "expected one of [done, skipped], got ['done', 'failed']",
    });
  });

  it('reads $.data as the whole parsed body, also when the body is not an object', () => {
    expect(compileResponseValidators([{ json_path: '$.data', expected_values: ['ok'] }])('"ok"')[0]?.passed).toBe(true);
    expect(compileResponseValidators([{ json_path: "$.data['odd key']", expected_values: ['x'] }])('{"odd key":"x"}')[0]?.passed).toBe(true);
  });

  it('fails every validator when the body is not JSON, or empty', () => {
    const validate = compileResponseValidators([
      { json_path: '$.data.status', expected_values: ['ok'] },
      { json_path: '$.data.id', expected_values: ['1'] },
    ]);
    expect(validate('<html>Bad Gateway</html>')).toEqual([
      { jsonPath: '$.data.status', expectedValues: ['ok'], passed: false, reason: 'the response body is not JSON' },
      { jsonPath: '$.data.id', expectedValues: ['1'], passed: false, reason: 'the response body is not JSON' },
    ]);
    expect(validate('')[0]?.reason).toBe('the response body is empty, not JSON');
  });

  it('has nothing to judge without validators, whatever the body', () => {
    expect(compileResponseValidators(null)('not json')).toEqual([]);
    expect(compileResponseValidators([])('{}')).toEqual([]);
  });

  it('refuses a path outside $.data and an empty list of expected values when compiled', () => {
    let error: unknown;
    try {
      compileResponseValidators([{ json_path: '$.status', expected_values: [] }]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FlowhookError);
    expect((error as FlowhookError).code).toBe('FLOWHOOK_CONFIG_INVALID');
    expect((error as FlowhookError).message).toBe('$.response_validators[0].json_path "$.status" does not start with $.data (and 1 more problem(s))');
    expect((error as FlowhookError).details).toEqual([
      { path: '$.response_validators[0].json_path', message: '"$.status" does not start with $.data' },
      { path: '$.response_validators[0].expected_values', message: 'is empty; give at least one expected value' },
    ]);
  });
});

describe('describeValidatorFailures', () => {
  const validate = compileResponseValidators([
    { json_path: '$.data.status', expected_values: ['ok'] },
    { json_path: '$.data.code', expected_values: ['0'] },
  ]);

  it('says nothing when every validator passed', () => {
    expect(describeValidatorFailures(validate('{"status":"ok","code":0}'))).toBeUndefined();
  });

  it('names each failed validator with what it expected and got', () => {
    expect(describeValidatorFailures(validate('{"status":"error","code":0}'))).toBe("validator $.data.status expected one of [ok], got 'error'");
    expect(describeValidatorFailures(validate('{"status":"error","code":7}'))).toBe(
      "validator $.data.status expected one of [ok], got 'error'; validator $.data.code expected one of [0], got 7",
    );
  });

  it('says once that a body which is not JSON fails them all', () => {
    expect(describeValidatorFailures(validate('Accepted'))).toBe('the response body is not JSON, so all 2 validators fail');
  });
});
