/**
 * A flow's contract: the input its API Endpoint card reads (a JSON Schema of the body, the headers and
 * query parameters it needs), compiled once per flow and checked against each invocation. The same
 * check serves `flowhook lint --contract`, which holds a rendered body against it before anything is sent.
 * @see FlowContract in openapi/mock-okta.yaml
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Problem } from '../src/errors.js';
import { toProblems } from '../src/schemas.js';
import type { Refusal } from './okta-error.js';
import type { BodyKind, ContractResult, FlowContract } from './types.js';

/** Problems an execution keeps at most; a body that breaks every rule cannot fill the journal. */
export const MAX_CONTRACT_PROBLEMS = 20;

/** What of an invocation a contract reads, as the execution's view shows it. */
export interface ContractInput {
  readonly bodyKind: BodyKind;
  readonly body: unknown;
  readonly truncated: boolean;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly query: Readonly<Record<string, string | string[]>>;
}

const CONTRACT_HELD: ContractResult = Object.freeze({ ok: true, problems: Object.freeze([]) as unknown as Problem[] });

// Contract schemas are the user's own: unknown keywords (a misspelt `minLenght`) are refused, formats are annotations.
const ajv = new Ajv2020({ allErrors: true, strictSchema: true, strictTypes: false, strictTuples: false, strictRequired: false, validateFormats: false, addUsedSchema: false });

export class CompiledContract {
  readonly contract: FlowContract;
  readonly rejects: boolean;
  readonly #body: ValidateFunction | undefined;
  readonly #headers: readonly string[];

  constructor(contract: FlowContract, body: ValidateFunction | undefined) {
    this.contract = contract;
    this.rejects = contract.onFailure === 'reject';
    this.#body = body;
    this.#headers = (contract.headers ?? []).map((name) => name.toLowerCase());
  }

  /** How `input` meets the contract; one shared object when it holds. */
  check(input: ContractInput): ContractResult {
    const problems: Problem[] = [];
    if (this.#body !== undefined) {
      if (input.truncated) {
        problems.push({ path: '$', message: 'was longer than the journal keeps of a body, so it could not be checked (raise journalBodyBytes)' });
      } else if (input.bodyKind === 'text') {
        problems.push({ path: '$', message: 'must be JSON or form fields; the flow got a text body (is the content-type application/json, and does the body parse?)' });
      } else {
        problems.push(...this.checkBody(input.body));
      }
    }
    for (const name of this.#headers) {
      if (input.headers[name] === undefined) problems.push({ path: `headers${key(name)}`, message: 'is required' });
    }
    for (const name of this.contract.query ?? []) {
      if (input.query[name] === undefined) problems.push({ path: `query${key(name)}`, message: 'is required' });
    }
    if (problems.length === 0) return CONTRACT_HELD;
    return { ok: false, problems: bounded(problems) };
  }

  /** The problems of a body, at JSON paths into it (`$.fields["requestor email"]`). */
  checkBody(body: unknown): Problem[] {
    const validate = this.#body;
    if (validate === undefined || validate(body)) return [];
    return toProblems(validate.errors ?? []);
  }
}

/** Compiled contracts by the definition object they came from: a flow's contract is compiled once, when it is checked. */
const compiled = new WeakMap<FlowContract, CompiledContract>();

/**
 * The contract compiled, or the problems of its body schema under `at` (`$.contract`). The contract's
 * shape is checked by the FlowDefinition schema first; this finds what only compiling can (an unknown
 * keyword, a `$ref` that goes nowhere).
 */
export function compileContract(contract: FlowContract, at = '$.contract'): CompiledContract | Problem[] {
  const known = compiled.get(contract);
  if (known !== undefined) return known;
  let body: ValidateFunction | undefined;
  if (contract.body !== undefined) {
    try {
      body = ajv.compile(contract.body);
    } catch (err) {
      return [{ path: `${at}.body`, message: `is not a JSON Schema that compiles: ${(err as Error).message}` }];
    } finally {
      // Ajv keeps what it compiled; a flow replaced a thousand times must not keep a thousand schemas.
      if (typeof contract.body === 'object') ajv.removeSchema(contract.body);
    }
  }
  const result = new CompiledContract(contract, body);
  compiled.set(contract, result);
  return result;
}

/** The contract of a flow that was checked when it was saved. */
export function compiledContract(contract: FlowContract): CompiledContract {
  const result = compileContract(contract);
  if (Array.isArray(result)) throw new TypeError(`the contract does not compile: ${result[0]?.message ?? ''}`);
  return result;
}

/** Okta's answer to input its API Endpoint card cannot take, for a flow whose contract rejects. */
export function contractBroken(alias: string, problems: readonly Problem[]): Refusal {
  return {
    status: 400,
    errorCode: 'E0000001',
    errorSummary: 'Api validation failed: request',
    reason: `refused: the request breaks the contract of flow "${alias}" ("onFailure": "reject"): ${describeProblems(problems)}`,
  };
}

/** `"a; b (and 3 more)"`: problems as one line, for a refusal's cause or a summary. */
export function describeProblems(problems: readonly Problem[], shown = 3): string {
  const listed = problems.slice(0, shown).map((problem) => `${problem.path} ${problem.message}`);
  const more = problems.length > shown ? ` (and ${problems.length - shown} more)` : '';
  return `${listed.join('; ')}${more}`;
}

function bounded(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_CONTRACT_PROBLEMS) return problems;
  const kept = problems.slice(0, MAX_CONTRACT_PROBLEMS - 1);
  kept.push({ path: '$', message: `and ${problems.length - kept.length} more problems` });
  return kept;
}

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
