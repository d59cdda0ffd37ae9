/**
 * The mock's flows, found by alias (`/api/flo/{alias}/invoke`) and by client token
 * (`/api/flo/{clientToken}`). A definition is checked in full before anything changes, so a refused
 * change leaves the flow set as it was. A client token sent back as `[REDACTED]`, as the admin API
 * shows it, keeps the flow's stored one, so a flow can be changed without retyping its token.
 */
import type { Problem } from '../src/errors.js';
import { compiledContract, type CompiledContract } from './contract.js';
import { REDACTED } from './execution.js';
import { ALIAS_PATTERN, checkFlowDefinition, flowInvalid } from './flow-definition.js';
import { PerSecondLimit } from './rate-limit.js';
import { DEFAULT_RESPONSES, prepareResponses, type PreparedResponse } from './responses.js';
import type { ConfiguredFlow, Flow, FlowDefinition, SecurityLevel } from './types.js';

/** Okta allows 10 invocations per second per flow. */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 10;

export class MockFlow {
  readonly alias: string;
  readonly definition: FlowDefinition;
  readonly security: SecurityLevel;
  readonly clientToken: string | undefined;
  readonly allowedClients: readonly string[] | undefined;
  readonly active: boolean;
  readonly responses: readonly PreparedResponse[];
  /** The input the flow reads, checked on each invocation; undefined when the flow has no contract. */
  readonly contract: CompiledContract | undefined;
  /** Undefined when the flow has no rate limit. */
  readonly limit: PerSecondLimit | undefined;
  /** Invocations that reached the responses; picks the next one (the last repeats). */
  invocations = 0;

  constructor(alias: string, definition: FlowDefinition) {
    this.alias = alias;
    this.definition = definition;
    this.security = definition.security;
    this.clientToken = definition.clientToken;
    this.allowedClients = definition.allowedClients;
    this.active = definition.active ?? true;
    this.responses = prepareResponses(definition.responses);
    this.contract = definition.contract === undefined ? undefined : compiledContract(definition.contract);
    const perSecond = definition.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND;
    this.limit = perSecond === 0 ? undefined : new PerSecondLimit(perSecond);
  }

  nextResponse(): PreparedResponse {
    const index = Math.min(this.invocations, this.responses.length - 1);
    this.invocations += 1;
    return this.responses[index] as PreparedResponse;
  }

  /** The flow as the admin API shows it: defaults filled in, the client token redacted. */
  view(baseUrl: string): Flow {
    return {
      alias: this.alias,
      security: this.security,
      ...(this.clientToken === undefined ? {} : { clientToken: '[REDACTED]' as const }),
      active: this.active,
      responses: [...(this.definition.responses ?? DEFAULT_RESPONSES)],
      rateLimitPerSecond: this.limit?.perSecond ?? 0,
      ...(this.allowedClients === undefined ? {} : { allowedClients: [...this.allowedClients] }),
      ...(this.definition.contract === undefined ? {} : { contract: structuredClone(this.definition.contract) }),
      invokeUrl: `${baseUrl}/api/flo/${this.alias}/invoke`,
    };
  }
}

export class FlowRegistry {
  #byAlias = new Map<string, MockFlow>();
  #byToken = new Map<string, MockFlow>();

  byAlias(alias: string): MockFlow | undefined {
    return this.#byAlias.get(alias);
  }

  byClientToken(token: string): MockFlow | undefined {
    return this.#byToken.get(token);
  }

  list(): MockFlow[] {
    return [...this.#byAlias.values()];
  }

  /**
   * Creates or replaces one flow; a `clientToken` of `[REDACTED]` keeps the flow's stored token. Throws
   * FLOWHOOK_MOCK_FLOW_INVALID and changes nothing when it breaks a rule.
   */
  put(alias: string, value: unknown): { flow: MockFlow; created: boolean } {
    const definition = keepStoredToken(value, this.#byAlias.get(alias)?.clientToken);
    const problems: Problem[] = ALIAS_PATTERN.test(alias)
      ? checkFlowDefinition(definition, { alias, root: '$', tokenOwner: (token) => this.#byToken.get(token)?.alias })
      : [{ path: '$.alias', message: `must be 1 to 128 letters, digits or "-._~" (the alias in the path)` }];
    if (problems.length > 0) {
      throw flowInvalid(`flow "${alias}" was not saved`, problems, 'Fix the fields listed in details and send the flow again.');
    }
    const created = !this.#byAlias.has(alias);
    this.#remove(alias);
    const flow = this.#add(alias, definition as FlowDefinition);
    return { flow, created };
  }

  delete(alias: string): boolean {
    return this.#remove(alias);
  }

  /** Replaces every flow with `flows` (config-file entries), all or nothing. */
  replaceAll(flows: readonly ConfiguredFlow[]): void {
    const problems = checkConfiguredFlows(flows);
    if (problems.length > 0) {
      throw flowInvalid('the flows were not loaded', problems, 'Fix the fields listed in details.');
    }
    this.#byAlias.clear();
    this.#byToken.clear();
    for (const entry of flows) this.#add(entry.alias, entry);
  }

  #add(alias: string, definition: FlowDefinition): MockFlow {
    const { alias: _alias, ...rest } = definition;
    const flow = new MockFlow(alias, rest);
    this.#byAlias.set(alias, flow);
    if (flow.clientToken !== undefined) this.#byToken.set(flow.clientToken, flow);
    return flow;
  }

  #remove(alias: string): boolean {
    const flow = this.#byAlias.get(alias);
    if (flow === undefined) return false;
    this.#byAlias.delete(alias);
    if (flow.clientToken !== undefined) this.#byToken.delete(flow.clientToken);
    return true;
  }
}

/** `value` with a client token of `[REDACTED]` replaced by `storedToken`, when there is one. */
function keepStoredToken(value: unknown, storedToken: string | undefined): unknown {
  if (!isRecord(value) || value.clientToken !== REDACTED || storedToken === undefined) return value;
  return { ...value, clientToken: storedToken };
}

/** Every problem of a list of config-file flows (`$.flows[i]…`), including repeated aliases and client tokens. */
export function checkConfiguredFlows(flows: readonly unknown[]): Problem[] {
  const problems: Problem[] = [];
  const aliases = new Map<string, number>();
  const tokens = new Map<string, string>();
  flows.forEach((entry, index) => {
    const root = `$.flows[${index}]`;
    const alias = isRecord(entry) && typeof entry.alias === 'string' ? entry.alias : undefined;
    if (alias === undefined) {
      problems.push({ path: `${root}.alias`, message: 'is required' });
      return;
    }
    const earlier = aliases.get(alias);
    if (earlier !== undefined) {
      problems.push({ path: `${root}.alias`, message: `repeats the alias of $.flows[${earlier}] ("${alias}")` });
      return;
    }
    aliases.set(alias, index);
    const entryProblems = checkFlowDefinition(entry, { alias, root, tokenOwner: (token) => tokens.get(token) });
    problems.push(...entryProblems);
    const token = (entry as FlowDefinition).clientToken;
    if (entryProblems.length === 0 && token !== undefined) tokens.set(token, alias);
  });
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
