/**
 * Verification of the journal, after WireMock's `verify`: how many executions meet a set of conditions,
 * against how many were expected, and, when too few did, the executions that came nearest and which
 * conditions each one missed.
 * @see VerifyRequest and VerifyResult in openapi/mock-okta.yaml
 */
import { isDeepStrictEqual } from 'node:util';
import { FlowhookError, type Problem } from '../src/errors.js';
import { mockOktaSchemas } from './schemas.js';
import type { Execution, MissedCondition, NearMiss, VerifyConditions, VerifyRequest, VerifyResult } from './types.js';

/** Near misses answered unless the request says how many. */
export const DEFAULT_NEAR_MISSES = 3;

const validateRequest = mockOktaSchemas.validator('VerifyRequest');

/** One condition of a verification: what it is called in a miss, what it expects, and the value an execution has. */
interface Condition {
  readonly field: string;
  readonly expected: unknown;
  /** The execution's value; `ABSENT` when it has none. */
  actual(execution: Execution): unknown;
}

const ABSENT = Symbol('absent');

export interface Verification {
  readonly conditions: readonly Condition[];
  readonly atLeast: number;
  readonly atMost: number | null;
  readonly nearMisses: number;
  /** `of flow "grants" where status is 200`: the conditions in words. */
  readonly described: string;
}

/** Reads a verify request; throws FLOWHOOK_BAD_REQUEST naming each field that breaks a rule. */
export function readVerification(value: unknown): Verification {
  const problems = validateRequest(value);
  if (problems.length > 0) throw badRequest(problems);
  const request = value as VerifyRequest;
  const { atLeast, atMost } = expectedCount(request.count);
  if (atMost !== null && atLeast > atMost) {
    throw badRequest([{ path: '$.count', message: `has "atLeast" (${atLeast}) above "atMost" (${atMost})` }]);
  }
  const conditions = [
    ...(request.alias === undefined ? [] : [fieldCondition('alias', request.alias, (e) => e.alias)]),
    ...whereConditions(request.where ?? {}),
  ];
  return { conditions, atLeast, atMost, nearMisses: request.nearMisses ?? DEFAULT_NEAR_MISSES, described: describeConditions(conditions) };
}

/** The verdict of `verification` over `executions` (oldest first). */
export function verify(verification: Verification, executions: readonly Execution[]): VerifyResult {
  const matched: Execution[] = [];
  const misses: { execution: Execution; missed: MissedCondition[]; order: number }[] = [];
  executions.forEach((execution, order) => {
    const missed = missedConditions(verification.conditions, execution);
    if (missed.length === 0) matched.push(execution);
    else misses.push({ execution, missed, order });
  });
  const { atLeast, atMost } = verification;
  const ok = matched.length >= atLeast && (atMost === null || matched.length <= atMost);
  const nearMisses: NearMiss[] =
    matched.length >= atLeast
      ? []
      : misses
          .sort((a, b) => a.missed.length - b.missed.length || b.order - a.order)
          .slice(0, verification.nearMisses)
          .map(({ execution, missed }) => ({ execution, missed }));
  const found = `found ${matched.length}`;
  return {
    ok,
    message: `expected ${describeCount(atLeast, atMost)}${verification.described}, ${found}`,
    expected: { atLeast, atMost },
    matched,
    nearMisses,
  };
}

function missedConditions(conditions: readonly Condition[], execution: Execution): MissedCondition[] {
  const missed: MissedCondition[] = [];
  for (const condition of conditions) {
    const actual = condition.actual(execution);
    if (actual !== ABSENT && isDeepStrictEqual(actual, condition.expected)) continue;
    missed.push({ field: condition.field, expected: condition.expected, ...(actual === ABSENT ? {} : { actual }) });
  }
  return missed;
}

function whereConditions(where: VerifyConditions): Condition[] {
  const conditions: Condition[] = [];
  if (where.method !== undefined) {
    const method = where.method.toUpperCase();
    conditions.push(fieldCondition('method', method, (e) => e.method.toUpperCase()));
  }
  if (where.status !== undefined) conditions.push(fieldCondition('status', where.status, (e) => e.status));
  if (where.outcome !== undefined) conditions.push(fieldCondition('outcome', where.outcome, (e) => e.outcome));
  if (where.contractOk !== undefined) conditions.push(fieldCondition('contractOk', where.contractOk, (e) => e.contract?.ok ?? ABSENT));
  const badPaths: Problem[] = [];
  for (const [path, expected] of Object.entries(where.body ?? {})) {
    const steps = parseJsonPath(path);
    if (steps === undefined) {
      badPaths.push({ path: `$.where.body${key(path)}`, message: 'is not a JSON path such as $.fields["requestor email"] or $.items[0].id' });
      continue;
    }
    conditions.push(fieldCondition(`body ${path}`, expected, (e) => (e.bodyKind === 'json' || e.bodyKind === 'form' ? valueAt(e.body, steps) : ABSENT)));
  }
  if (badPaths.length > 0) throw badRequest(badPaths);
  for (const [name, expected] of Object.entries(where.headers ?? {})) {
    const lower = name.toLowerCase();
    conditions.push(fieldCondition(`headers${key(lower)}`, expected, (e) => joined(e.headers[lower])));
  }
  for (const [name, expected] of Object.entries(where.query ?? {})) {
    conditions.push(fieldCondition(`query${key(name)}`, expected, (e) => joined(e.query[name])));
  }
  return conditions;
}

function fieldCondition(field: string, expected: unknown, actual: (execution: Execution) => unknown): Condition {
  return { field, expected, actual };
}

function joined(value: string | string[] | undefined): string | typeof ABSENT {
  if (value === undefined) return ABSENT;
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * `$.fields["requestor email"]` → `['fields', 'requestor email']`; `$.items[0].id` → `['items', 0, 'id']`.
 * Names after a dot run to the next `.` or `[`; brackets hold an index or a name as a JSON string. Undefined when
 * `path` is not such a path.
 */
export function parseJsonPath(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: (string | number)[] = [];
  let at = 1;
  while (at < path.length) {
    if (path[at] === '.') {
      const match = /^[^.[\]]+/.exec(path.slice(at + 1));
      if (match === null) return undefined;
      steps.push(match[0]);
      at += 1 + match[0].length;
    } else if (path[at] === '[') {
      const rest = path.slice(at);
      const index = /^\[(\d+)\]/.exec(rest);
      const quoted = index === null ? /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest) : null;
      if (index !== null) {
        steps.push(Number(index[1]));
        at += index[0].length;
      } else if (quoted !== null) {
        try {
          steps.push(JSON.parse(quoted[1] as string) as string);
        } catch {
          return undefined;
        }
        at += quoted[0].length;
      } else {
        return undefined;
      }
    } else {
      return undefined;
    }
  }
  return steps;
}

function valueAt(value: unknown, steps: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of steps) {
    if (typeof step === 'number' ? !Array.isArray(current) : typeof current !== 'object' || current === null || Array.isArray(current)) return ABSENT;
    const container = current as Record<string | number, unknown>;
    if (!Object.hasOwn(container, step)) return ABSENT;
    current = container[step];
  }
  return current;
}

function expectedCount(count: VerifyRequest['count']): { atLeast: number; atMost: number | null } {
  if (count === undefined) return { atLeast: 1, atMost: null };
  if (typeof count === 'number') return { atLeast: count, atMost: count };
  return { atLeast: count.atLeast ?? 0, atMost: count.atMost ?? null };
}

function describeCount(atLeast: number, atMost: number | null): string {
  const noun = (n: number) => `${n} execution${n === 1 ? '' : 's'}`;
  if (atMost === atLeast) return `exactly ${noun(atLeast)}`;
  if (atMost === null) return `at least ${noun(atLeast)}`;
  if (atLeast === 0) return `at most ${noun(atMost)}`;
  return `${atLeast} to ${noun(atMost)}`;
}

function describeConditions(conditions: readonly Condition[]): string {
  const alias = conditions.find((condition) => condition.field === 'alias');
  const rest = conditions.filter((condition) => condition !== alias).map((condition) => `${condition.field} is ${JSON.stringify(condition.expected)}`);
  return `${alias === undefined ? '' : ` of flow ${JSON.stringify(alias.expected)}`}${rest.length === 0 ? '' : ` where ${rest.join(', ')}`}`;
}

function badRequest(problems: Problem[]): FlowhookError {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more, see details)` : '';
  return new FlowhookError('FLOWHOOK_BAD_REQUEST', `verify request: "${first?.path ?? '$'}" ${first?.message ?? 'is invalid'}${more}`, {
    hint: 'Send { "alias": "...", "count": 1 | { "atLeast": 1, "atMost": 2 }, "where": { "status": 200, "body": { "$.field": "value" } } }.',
    details: problems,
  });
}

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
