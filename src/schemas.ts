/**
 * Runtime validation against the OpenAPI documents in `openapi/`: the same schemas that generate the
 * wire types check events, configs and API requests, so the description and the behaviour cannot drift.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { document as flowhookDocument } from '../openapi/generated/flowhook.document.js';
import { document as mockOktaDocument } from '../openapi/generated/mock-okta.document.js';
import type { Problem } from './errors.js';

/** The OpenAPI documents by file name, as `npm run gen` wrote them from `openapi/*.yaml`. */
const DOCUMENTS: ReadonlyMap<string, Readonly<Record<string, unknown>>> = new Map([
  ['flowhook.yaml', deepFreeze(flowhookDocument)],
  ['mock-okta.yaml', deepFreeze(mockOktaDocument)],
]);

const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
const loaded = new Set<string>();
const compiled = new Map<string, ValidateFunction>();

/** One OpenAPI document (e.g. `mock-okta.yaml`) as a plain object, frozen: every caller shares it. */
export function readOpenApiDocument(file: string): Readonly<Record<string, unknown>> {
  const document = DOCUMENTS.get(file);
  if (!document) throw new TypeError(`no OpenAPI document "${file}"; use one of ${[...DOCUMENTS.keys()].map((name) => `"${name}"`).join(', ')}`);
  return document;
}

/** The validator of `#/components/schemas/<name>` in `file`, compiled once. */
export function schemaValidator(file: string, name: string): (value: unknown) => Problem[] {
  const key = `${file}#/components/schemas/${name}`;
  let validate = compiled.get(key);
  if (!validate) {
    if (!loaded.has(file)) {
      ajv.addSchema(readOpenApiDocument(file), file);
      loaded.add(file);
    }
    validate = ajv.getSchema(key);
    if (!validate) throw new TypeError(`no schema "${name}" in openapi/${file}`);
    compiled.set(key, validate);
  }
  const check = validate;
  return (value) => (check(value) ? [] : toProblems(check.errors ?? []));
}

/** Ajv's errors as problems with JSON paths (`$.data.requester.email`), one per broken rule. */
export function toProblems(errors: ErrorObject[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // A failed oneOf/anyOf also reports each branch; the branch errors say more than the summary.
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    // A nullable field (`oneOf: [X, null]`) that fails as X also fails the null branch; X's problems say what to fix.
    if (error.keyword === 'type' && error.params.type === 'null' && error.schemaPath.includes('/oneOf/')) continue;
    let path = jsonPath(error.instancePath);
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'additionalProperties') {
      path = appendKey(path, String(error.params.additionalProperty));
      message = 'is not a known field';
    } else if (error.keyword === 'required') {
      path = appendKey(path, String(error.params.missingProperty));
      message = 'is required';
    } else if (error.keyword === 'enum') {
      message = `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    }
    const key = `${path} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, message });
  }
  return problems;
}

/** `/data/access_groups/0/name` → `$.data.access_groups[0].name` */
export function jsonPath(pointer: string): string {
  let path = '$';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^\d+$/.test(segment) ? `${path}[${segment}]` : appendKey(path, segment);
  }
  return path;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function appendKey(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
