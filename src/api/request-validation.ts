/**
 * Requests checked against their operation in openapi/flowhook.yaml, so that the description and the
 * behaviour cannot drift: query parameters (text, turned into the described types, defaults applied,
 * unknown ones refused) and JSON bodies. Problems answer 400 FLOWHOOK_BAD_REQUEST naming each field.
 *
 * Webhook configs and events are not checked here: their own parsers check them against the same
 * schemas and more rules, and answer 422 as the CLI does. A body that carries a config in one field
 * leaves that field's content to the parser (`parsedLater`).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Request } from 'express';
import type { operations } from '../../openapi/generated/flowhook.js';
import { FlowhookError, problemSummary, type FlowhookErrorCode, type Problem } from '../errors.js';
import { flowhookSchemas } from '../flowhook-schemas.js';
import { toProblems } from '../schemas.js';
import { MAX_JSON_DEPTH, tooDeepAt } from './json-depth.js';

const DOCUMENT = 'flowhook.yaml';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The `operationId`s of openapi/flowhook.yaml. */
export type OperationId = keyof operations;

/** An operation's query parameters, as generated from the document (those with a default still optional). */
export type OperationQuery<Id extends OperationId> = OrEmpty<NonNullable<operations[Id]['parameters']['query']>>;

/** An operation's JSON body, as generated from the document; `{}` when the body is optional and absent. */
export type OperationBody<Id extends OperationId> = operations[Id] extends { requestBody: infer Body }
  ? JsonContent<Body>
  : JsonContent<NonNullable<operations[Id]['requestBody']>> | Record<string, never>;

/** The query once checked: the parameters named in `defaulted` are always there. */
export type CheckedQuery<Id extends OperationId, Defaulted extends QueryParameterName<Id>> = [Defaulted] extends [never]
  ? OperationQuery<Id>
  : Omit<OperationQuery<Id>, Defaulted> & Required<Pick<OperationQuery<Id>, Defaulted>>;

/** The body once checked: the fields named in `parsedLater` are present, their content not yet checked. */
export type CheckedBody<Id extends OperationId, Later extends BodyFieldName<Id>> = [Later] extends [never]
  ? OperationBody<Id>
  : Omit<OperationBody<Id>, Later> & { [Field in Later]: unknown };

export type QueryParameterName<Id extends OperationId> = keyof OperationQuery<Id> & string;
export type BodyFieldName<Id extends OperationId> = keyof OperationBody<Id> & string;

type OrEmpty<T> = [T] extends [never] ? Record<string, never> : T;
type JsonContent<Body> = Body extends { content: { 'application/json': infer Json } } ? Json : never;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}

interface Operation {
  parameters?: Array<Parameter | { $ref: string }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: { $ref?: string } }> };
}

export interface OperationCheckOptions<Later extends string = never, Defaulted extends string = never> {
  /** Check the JSON body against the operation's schema; true unless given. */
  checkBody?: boolean;
  /** Top-level body fields whose content their own parser checks (answering 422); here only their presence and type. */
  parsedLater?: readonly Later[];
  /**
   * Every query parameter the document gives a default, which the check fills in; their names make the
   * checked query's type say they are there. Building the check fails when the list and the document differ.
   */
  defaulted?: readonly Defaulted[];
}

export interface OperationCheck<Query = Record<string, unknown>, Body = unknown> {
  /** The query, typed and with defaults; throws FLOWHOOK_BAD_REQUEST. */
  query(req: Request): Query;
  /** The JSON body, checked against the operation's schema when `checkBody` is on; throws FLOWHOOK_BAD_REQUEST. */
  body(req: Request): Body;
}

const document = flowhookSchemas.document;

/** The schemas whose own parsers answer 422; a body (or field) of one nested too deeply answers as its parser would. */
const PARSED_SCHEMAS: Readonly<Record<string, { code: FlowhookErrorCode; subject: string; hint: string }>> = {
  AccessRequestEvent: {
    code: 'FLOWHOOK_EVENT_INVALID',
    subject: 'access-request event',
    hint: 'Fix the field at each JSON path listed in details; the payload schema is AccessRequestEvent in openapi/flowhook.yaml.',
  },
  WebhookConfig: { code: 'FLOWHOOK_CONFIG_INVALID', subject: 'webhook config', hint: 'Fix the field at each JSON path listed in details, then load the config again.' },
};
// Query parameters arrive as text: this instance turns "50" into 50 where the schema says integer.
const queryAjv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: true, useDefaults: true });
queryAjv.addFormat('date-time', (text: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text)));
queryAjv.addSchema(document, DOCUMENT);

/**
 * The checks of one operation, by its `operationId`; built once when the routes are. The query and body
 * they return have the operation's generated types; a body left to its own parser (`checkBody: false`)
 * stays `unknown`.
 */
export function operationCheck<Id extends OperationId, Defaulted extends QueryParameterName<Id> = never>(
  operationId: Id,
  options: OperationCheckOptions<never, Defaulted> & { checkBody: false },
): OperationCheck<CheckedQuery<Id, Defaulted>, unknown>;
export function operationCheck<Id extends OperationId, Later extends BodyFieldName<Id> = never, Defaulted extends QueryParameterName<Id> = never>(
  operationId: Id,
  options?: OperationCheckOptions<Later, Defaulted>,
): OperationCheck<CheckedQuery<Id, Defaulted>, CheckedBody<Id, Later>>;
export function operationCheck(operationId: OperationId, options: OperationCheckOptions<string, string> = {}): OperationCheck {
  const { operation, pathItem } = findOperation(operationId);
  const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map(resolveParameter);
  const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
  checkDefaulted(operationId, queryParameters, options.defaulted ?? []);
  const validateQuery: ValidateFunction = queryAjv.compile({
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(queryParameters.map((parameter) => [parameter.name, absoluteRefs(parameter.schema ?? {})])),
    required: queryParameters.filter((parameter) => parameter.required === true).map((parameter) => parameter.name),
  });
  const bodyRef = operation.requestBody?.content?.['application/json']?.schema?.$ref;
  const checkBody = options.checkBody !== false && bodyRef !== undefined ? flowhookSchemas.validator(bodyRef.split('/').at(-1) ?? '') : undefined;
  const parsedLater = (options.parsedLater ?? []).map((field) => `$.${field}`);
  const isParsedLater = (path: string): boolean => parsedLater.some((field) => path.startsWith(`${field}.`) || path.startsWith(`${field}[`));
  const bodyRequired = operation.requestBody?.required === true;
  const refuseDeep = deepBodyCheck(bodyRef, options.parsedLater ?? []);

  return {
    query(req) {
      const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
      if (validateQuery(query)) return query;
      const problems = toProblems(validateQuery.errors ?? []).map(({ path, message }) => ({
        path: `query${path.slice(1)}`,
        message: message === 'is not a known field' ? `is not a query parameter of this request; use ${known(queryParameters)}` : message,
      }));
      throw badRequest('query', problems);
    },
    body(req) {
      const body: unknown = req.body;
      if (body === undefined) {
        if (!bodyRequired) return {};
        throw new FlowhookError('FLOWHOOK_BAD_REQUEST', 'the request has no JSON body', {
          hint: 'Send the body as JSON with the header "Content-Type: application/json".',
        });
      }
      refuseDeep(body);
      const problems = (checkBody?.(body) ?? []).filter((problem) => !isParsedLater(problem.path));
      if (problems.length > 0) throw badRequest('request body', problems);
      return body;
    },
  };
}

/**
 * Throws when the body nests deeper than MAX_JSON_DEPTH, before any schema walks it: 422 from the
 * parser of the event or config it is (or holds in a `parsedLater` field, with paths within that field),
 * 400 otherwise.
 */
function deepBodyCheck(bodyRef: string | undefined, parsedLater: readonly string[]): (body: unknown) => void {
  const bodySchema = bodyRef?.split('/').at(-1) ?? '';
  const properties = ((document.components as { schemas: Record<string, { properties?: Record<string, { $ref?: string }> }> }).schemas[bodySchema]?.properties ?? {});
  const fieldParsers = parsedLater.flatMap((field) => {
    const parser = PARSED_SCHEMAS[properties[field]?.$ref?.split('/').at(-1) ?? ''];
    return parser === undefined ? [] : [{ prefix: `$.${field}`, parser }];
  });
  return (body) => {
    const path = tooDeepAt(body, MAX_JSON_DEPTH);
    if (path === undefined) return;
    const message = `is nested more than ${MAX_JSON_DEPTH} levels deep`;
    const field = fieldParsers.find(({ prefix }) => path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));
    const parser = field?.parser ?? PARSED_SCHEMAS[bodySchema];
    const problems = [{ path: field === undefined ? path : `$${path.slice(field.prefix.length)}`, message }];
    if (parser === undefined) throw badRequest('request body', problems);
    throw new FlowhookError(parser.code, problemSummary(parser.subject, problems), { hint: parser.hint, details: problems });
  };
}

function badRequest(subject: string, problems: Problem[]): FlowhookError {
  return new FlowhookError('FLOWHOOK_BAD_REQUEST', problemSummary(subject, problems), {
    hint: 'Fix each field listed in details; openapi/flowhook.yaml describes every request.',
    details: problems,
  });
}

function checkDefaulted(operationId: string, parameters: Parameter[], defaulted: readonly string[]): void {
  const expected = parameters.filter((parameter) => parameter.schema?.default !== undefined).map((parameter) => parameter.name);
  if (expected.length === defaulted.length && expected.every((name) => defaulted.includes(name))) return;
  const names = expected.length === 0 ? 'none' : expected.map((name) => `"${name}"`).join(', ');
  throw new TypeError(`"defaulted" of operation "${operationId}" must name the query parameters with a default in openapi/${DOCUMENT}: ${names}`);
}

function known(parameters: Parameter[]): string {
  return parameters.length === 0 ? 'none' : parameters.map((parameter) => `"${parameter.name}"`).join(', ');
}

function findOperation(operationId: string): { operation: Operation; pathItem: Operation } {
  const paths = document.paths as Record<string, Record<string, unknown>>;
  for (const pathItem of Object.values(paths)) {
    for (const method of METHODS) {
      const operation = pathItem[method] as (Operation & { operationId?: string }) | undefined;
      if (operation?.operationId === operationId) return { operation, pathItem: pathItem as Operation };
    }
  }
  throw new TypeError(`no operation "${operationId}" in openapi/${DOCUMENT}`);
}

function resolveParameter(parameter: Parameter | { $ref: string }): Parameter {
  if (!('$ref' in parameter)) return parameter;
  const name = parameter.$ref.split('/').at(-1) ?? '';
  const components = document.components as { parameters: Record<string, Parameter> };
  const resolved = components.parameters[name];
  if (!resolved) throw new TypeError(`no parameter "${name}" in openapi/${DOCUMENT}`);
  return resolved;
}

/** `#/components/…` → `flowhook.yaml#/components/…`, so a parameter schema resolves outside its document. */
function absoluteRefs(schema: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${DOCUMENT}#/`)) as Record<string, unknown>;
}
