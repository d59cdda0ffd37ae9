/**
 * Response validators, as Apono defines them: a JSONPath starting with `$.data`, where `$.data` is the
 * parsed JSON body of the target's response, and the values it must hold. Values are compared as
 * strings; a validator passes when it finds something and everything it finds is one of the expected
 * values. A body that is not JSON fails every validator.
 */
import { JSONPath } from 'jsonpath-plus';
import { FlowhookError, type Problem } from '../errors.js';
import type { InvocationRecord, ResponseValidator } from '../types.js';

export type ValidatorOutcome = InvocationRecord['validators'][number];

const DATA_ROOT = /^\$\.data(?=$|[.[])/;

/** Checks every validator once, then returns the function that judges a response body. */
export function compileResponseValidators(
  validators: readonly ResponseValidator[] | null | undefined,
): (body: string) => ValidatorOutcome[] {
  const list = validators ?? [];
  const problems = list.flatMap((validator, index) => validatorProblems(validator, index));
  if (problems.length > 0) {
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
    throw new FlowhookError('FLOWHOOK_CONFIG_INVALID', `${first?.path ?? ''} ${first?.message ?? ''}${more}`, {
      hint: 'write each "json_path" as $.data.<field> (the parsed JSON response body is $.data) and give at least one expected value',
      details: problems,
    });
  }
  const compiled = list.map((validator) => ({
    jsonPath: validator.json_path,
    expectedValues: [...validator.expected_values],
    find: finder(validator.json_path),
    expected: new Set(validator.expected_values),
  }));
  if (compiled.length === 0) return () => [];

  return (body) => {
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      const reason = body.trim() === '' ? 'the response body is empty, not JSON' : 'the response body is not JSON';
      return compiled.map(({ jsonPath, expectedValues }) => ({ jsonPath, expectedValues, passed: false, reason }));
    }
    const document = { data };
    return compiled.map(({ jsonPath, expectedValues, find, expected }) => {
      const found = find(document);
      const passed = found.length > 0 && found.every((value) => expected.has(asString(value)));
      const outcome: ValidatorOutcome = { jsonPath, expectedValues, passed };
      if (found.length > 0) outcome.actual = found.length === 1 ? found[0] : found;
      if (!passed) outcome.reason = `expected one of [${expectedValues.join(', ')}], got ${found.length === 0 ? 'nothing' : shown(found)}`;
      return outcome;
    });
  };
}

/** A path of plain member names and indexes, such as `$.data.items[0].status`. */
const SPECIAL_SEGMENT = /[*?@()^~:,`$]|^\.\.$/;

/**
 * The function that finds what `jsonPath` selects. A plain path (the usual `$.data.status`) is walked
 * directly; wildcards, filters, slices and recursive descent go through jsonpath-plus.
 */
function finder(jsonPath: string): (document: { data: unknown }) => unknown[] {
  const path = JSONPath.toPathArray(jsonPath).slice(1);
  if (path.some((segment) => SPECIAL_SEGMENT.test(segment))) {
    return (document) => JSONPath<unknown[]>({ path: ['$', ...path], json: document, wrap: true });
  }
  return (document) => {
    let current: unknown = document;
    for (const segment of path) {
      if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return [];
      current = (current as Record<string, unknown>)[segment];
    }
    return current === undefined ? [] : [current];
  };
}

/** One sentence about the failed validators, or undefined when all passed. */
export function describeValidatorFailures(outcomes: readonly ValidatorOutcome[]): string | undefined {
  const failed = outcomes.filter((outcome) => !outcome.passed);
  const first = failed[0];
  if (first === undefined) return undefined;
  if (first.actual === undefined && first.reason?.startsWith('the response body') === true) {
    return `${first.reason}, so ${failed.length === 1 ? `validator ${first.jsonPath} fails` : `all ${failed.length} validators fail`}`;
  }
  return failed.map((outcome) => `validator ${outcome.jsonPath} ${outcome.reason ?? 'failed'}`).join('; ');
}

function validatorProblems(validator: ResponseValidator, index: number): Problem[] {
  const at = `$.response_validators[${index}]`;
  const problems: Problem[] = [];
  if (!DATA_ROOT.test(validator.json_path)) {
    problems.push({ path: `${at}.json_path`, message: `${JSON.stringify(validator.json_path)} does not start with $.data` });
  } else {
    try {
      JSONPath.toPathArray(validator.json_path);
    } catch (err) {
      problems.push({ path: `${at}.json_path`, message: `is not a JSONPath: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  if (validator.expected_values.length === 0) {
    problems.push({ path: `${at}.expected_values`, message: 'is empty; give at least one expected value' });
  }
  return problems;
}

/** Expected values are strings; a found value is compared by its string form (JSON for objects). */
function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function shown(found: readonly unknown[]): string {
  const one = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : asString(value));
  return found.length === 1 ? one(found[0]) : `[${found.map(one).join(', ')}]`;
}
