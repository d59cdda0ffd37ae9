/**
 * Checks a flow definition against `FlowDefinition` in `openapi/mock-okta.yaml`, then against the rules a
 * schema cannot say. Every problem carries the JSON path of its field, under the given root
 * (`$` for an admin request, `$.flows[2]` for a config file entry).
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { FlowhookError, type Problem } from '../src/errors.js';
import { compileContract } from './contract.js';
import { mockOktaSchemas } from './schemas.js';
import { REDACTED } from './execution.js';
import type { FlowDefinition, FlowResponse } from './types.js';

const validateSchema = mockOktaSchemas.validator('FlowDefinition');

export const ALIAS_PATTERN = /^[A-Za-z0-9._~-]{1,128}$/;
const CLIENT_TOKEN_PATTERN = /^[A-Za-z0-9._~-]{1,256}$/;

/** Plain words for the patterns of `openapi/mock-okta.yaml`, instead of the regular expression. */
const PATTERN_RULES = new Map([
  [`must match pattern "${ALIAS_PATTERN.source}"`, 'must be 1 to 128 letters, digits or "-._~"'],
  [`must match pattern "${CLIENT_TOKEN_PATTERN.source}"`, 'must be 1 to 256 letters, digits or "-._~"'],
]);

/** Schema problems with patterns said in words. */
export function inPlainWords(problems: Problem[]): Problem[] {
  return problems.map((problem) => {
    const words = PATTERN_RULES.get(problem.message);
    return words === undefined ? problem : { ...problem, message: words };
  });
}

/** Response headers that frame the message or identify the execution: the mock sets them. */
const RESERVED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'x-execution-id']);

/** Faults that send no HTTP answer, so a status, headers or body would be ignored. */
const SILENT_FAULTS = new Set(['reset', 'empty', 'timeout']);

export interface DefinitionContext {
  /** The alias the definition is for (from the URL, or the entry's own `alias`). */
  readonly alias: string;
  /** JSON path of the definition: `$` or `$.flows[2]`. */
  readonly root: string;
  /** The alias of the flow that already holds a client token, if any. */
  readonly tokenOwner: (clientToken: string) => string | undefined;
}

/**
 * Every problem of `value` as a definition of flow `context.alias`; none means it is a valid `FlowDefinition`.
 * A client token still `[REDACTED]` here had no stored token to stand for (see `FlowRegistry.put`).
 */
export function checkFlowDefinition(value: unknown, context: DefinitionContext): Problem[] {
  const { root } = context;
  const redactedToken = isRecord(value) && value.clientToken === REDACTED;
  const schemaProblems = inPlainWords(validateSchema(value)).map((problem) => {
    const path = root + problem.path.slice(1);
    return redactedToken && path === `${root}.clientToken`
      ? { path, message: `is ${REDACTED}, and flow "${context.alias}" has no client token to keep; send the token itself` }
      : { ...problem, path };
  });
  if (schemaProblems.length > 0) return schemaProblems;
  const definition = value as FlowDefinition;
  const problems: Problem[] = [];
  if (definition.alias !== undefined && definition.alias !== context.alias) {
    problems.push({ path: `${root}.alias`, message: `must equal the alias in the path ("${context.alias}") when given` });
  }
  if (definition.security === 'clientToken') {
    if (definition.clientToken === undefined) {
      problems.push({ path: `${root}.clientToken`, message: 'is required when "security" is "clientToken"' });
    } else {
      const owner = context.tokenOwner(definition.clientToken);
      if (owner !== undefined && owner !== context.alias) {
        problems.push({ path: `${root}.clientToken`, message: `is already the client token of flow "${owner}"` });
      }
    }
  } else if (definition.clientToken !== undefined) {
    problems.push({ path: `${root}.clientToken`, message: `is only used when "security" is "clientToken", not "${definition.security}"` });
  }
  if (definition.allowedClients !== undefined && definition.security !== 'oauth2') {
    problems.push({ path: `${root}.allowedClients`, message: `is only used when "security" is "oauth2", not "${definition.security}"` });
  }
  definition.responses?.forEach((response, index) => problems.push(...checkResponse(response, `${root}.responses[${index}]`)));
  if (definition.contract !== undefined) {
    const contract = compileContract(definition.contract, `${root}.contract`);
    if (Array.isArray(contract)) problems.push(...contract);
  }
  return problems;
}

function checkResponse(response: FlowResponse, at: string): Problem[] {
  const problems: Problem[] = [];
  const { status, fault } = response;
  if (status !== undefined && status !== 200 && (status < 400 || status > 599)) {
    problems.push({ path: `${at}.status`, message: `must be 200 or between 400 and 599 (what Okta's Return Raw card allows), got ${status}` });
  }
  if (fault !== undefined && SILENT_FAULTS.has(fault)) {
    for (const field of ['status', 'headers', 'body'] as const) {
      if (response[field] !== undefined) {
        problems.push({ path: `${at}.${field}`, message: `has no effect with fault "${fault}", which sends no answer; remove it` });
      }
    }
  }
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    const path = `${at}.headers${/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`}`;
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      problems.push({ path, message: 'is set by the mock; remove it' });
    } else if (!isValidHeader(name, value)) {
      problems.push({ path, message: 'is not a valid HTTP header (a token name, and a value without line breaks or control characters)' });
    }
  }
  return problems;
}

function isValidHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

/** The error for a refused definition: the first problem in the message, all of them in `details`. */
export function flowInvalid(subject: string, problems: Problem[], hint: string): FlowhookError {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more, see details)` : '';
  const summary = first === undefined ? 'is invalid' : `"${first.path}" ${first.message}`;
  return new FlowhookError('FLOWHOOK_MOCK_FLOW_INVALID', `${subject}: ${summary}${more}`, { hint, details: problems });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
