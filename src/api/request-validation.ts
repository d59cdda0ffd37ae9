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
import { FlowhookError, problemSummary, type Problem } from '../errors.js';
import { readOpenApiDocument, schemaValidator, toProblems } from '../schemas.js';

const DOCUMENT = 'flowhook.yaml';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

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

export interface OperationCheckOptions {
  /** Check the JSON body against the operation's schema; true unless given. */
  checkBody?: boolean;
  /** Top-level body fields whose content their own parser checks (answering 422); here only their presence and type. */
  parsedLater?: readonly string[];
}

export interface OperationCheck {
  /** The query, typed and with defaults; throws FLOWHOOK_BAD_REQUEST. */
  query(req: Request): Record<string, unknown>;
  /** The JSON body, checked against the operation's schema when `checkBody` is on; throws FLOWHOOK_BAD_REQUEST. */
  body(req: Request): unknown;
}

const document = readOpenApiDocument(DOCUMENT);
// Query parameters arrive as text: this instance turns "50" into 50 where the schema says integer.
const queryAjv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: true, useDefaults: true });
queryAjv.addFormat('date-time', (text: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text)));
queryAjv.addSchema(document, DOCUMENT);

/** The checks of one operation, by its `operationId`; built once when the routes are. */
export function operationCheck(operationId: string, options: OperationCheckOptions = {}): OperationCheck {
  const { operation, pathItem } = findOperation(operationId);
  const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map(resolveParameter);
  const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
  const validateQuery: ValidateFunction = queryAjv.compile({
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(queryParameters.map((parameter) => [parameter.name, absoluteRefs(parameter.schema ?? {})])),
    required: queryParameters.filter((parameter) => parameter.required === true).map((parameter) => parameter.name),
  });
  const bodyRef = operation.requestBody?.content?.['application/json']?.schema?.$ref;
  const checkBody = options.checkBody !== false && bodyRef !== undefined ? schemaValidator(DOCUMENT, bodyRef.split('/').at(-1) ?? '') : undefined;
  const parsedLater = (options.parsedLater ?? []).map((field) => `$.${field}`);
  const isParsedLater = (path: string): boolean => parsedLater.some((field) => path.startsWith(`${field}.`) || path.startsWith(`${field}[`));
  const bodyRequired = operation.requestBody?.required === true;

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
      const problems = (checkBody?.(body) ?? []).filter((problem) => !isParsedLater(problem.path));
      if (problems.length > 0) throw badRequest('request body', problems);
      return body;
    },
  };
}

function badRequest(subject: string, problems: Problem[]): FlowhookError {
  return new FlowhookError('FLOWHOOK_BAD_REQUEST', problemSummary(subject, problems), {
    hint: 'Fix each field listed in details; openapi/flowhook.yaml describes every request.',
    details: problems,
  });
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
