/**
 * Runtime validation against the OpenAPI documents in `openapi/`: the same schemas that generate the
 * wire types check events, configs and API requests, so the description and the behaviour cannot drift.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Problem } from './errors.js';
import { deepFreeze } from './util/deep-freeze.js';

/** One OpenAPI document, as `npm run gen` wrote it from `openapi/<file>`, and validators of its schemas. */
export interface OpenApiSchemas {
  /** The document, frozen: every caller shares it. */
  readonly document: Readonly<Record<string, unknown>>;
  /** The validator of `#/components/schemas/<name>`, compiled once, on its first use. */
  validator(name: string): (value: unknown) => Problem[];
}

export function openApiSchemas(file: string, document: Readonly<Record<string, unknown>>): OpenApiSchemas {
  const frozen = deepFreeze(document);
  const names = (frozen.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {};
  let ajv: Ajv2020 | undefined;
  const compiled = new Map<string, ValidateFunction>();
  // Compiling is most of the cost of loading flowhook, so each schema is compiled when first used.
  const compile = (name: string): ValidateFunction => {
    let validate = compiled.get(name);
    if (!validate) {
      if (!ajv) {
        ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
        ajv.addSchema(frozen, file);
      }
      validate = ajv.getSchema(`${file}#/components/schemas/${name}`) as ValidateFunction;
      compiled.set(name, validate);
    }
    return validate;
  };
  return {
    document: frozen,
    validator(name) {
      if (!Object.hasOwn(names, name)) throw new TypeError(`no schema "${name}" in openapi/${file}`);
      let check: ValidateFunction | undefined;
      return (value) => {
        check ??= compile(name);
        return check(value) ? [] : toProblems(check.errors ?? []);
      };
    },
  };
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

function appendKey(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
