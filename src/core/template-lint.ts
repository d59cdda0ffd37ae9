/**
 * Template paths that the event schema does not have. Handlebars renders a misspelt path as an empty
 * string without complaint, so lint walks the template with the AccessRequestEvent schema in hand,
 * following the context changes of `#each`, `#with` and block parameters.
 */
import { flowhookSchemas } from '../flowhook-schemas.js';
import { blockProgram, parseTemplate } from './render.js';

export interface UnknownTemplatePath {
  /** The path as written in the template. */
  path: string;
  line: number;
  /** The nearest path the schema has, when one is close. */
  suggestion?: string;
}

type Schema = Record<string, unknown>;

/** Matches anything: below an object with `additionalProperties: true` every path is allowed. */
const ANY: Schema = {};
const SCALAR: Schema = { type: 'string' };
const DATA_VARIABLES = new Set(['index', 'key', 'first', 'last']);
const BUILTIN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup']);

let documentSchemas: Record<string, Schema> | undefined;

export function unknownTemplatePaths(source: string): UnknownTemplatePath[] {
  const found: Finding[] = [];
  const root = deref({ $ref: '#/components/schemas/AccessRequestEvent' });
  walkProgram(parseTemplate(source), { contexts: [root], blockParams: [] }, found);
  const lines = source.split('\n');
  return found.map(({ node, suggestion }) => {
    const { start, end } = node.loc;
    // Handlebars' `original` drops segment-literal brackets; report the path as the template spells it.
    const written = start.line === end.line ? lines[start.line - 1]?.slice(start.column, end.column) : undefined;
    return { path: written ?? node.original, line: start.line, ...(suggestion === undefined ? {} : { suggestion }) };
  });
}

interface Finding {
  node: hbs.AST.PathExpression;
  suggestion?: string;
}

interface Scope {
  /** The context of each depth: `[0]` is `this`, `[1]` is `../`. */
  contexts: Schema[];
  /** Block parameters (`as |item index|`), innermost first. */
  blockParams: Map<string, Schema>[];
}

function walkProgram(program: hbs.AST.Program, scope: Scope, found: Finding[]): void {
  for (const statement of program.body) {
    if (statement.type === 'MustacheStatement') {
      const mustache = statement as hbs.AST.MustacheStatement;
      if (isHelperCall(mustache)) checkArguments(mustache.params, mustache.hash, scope, found);
      else if (mustache.path.type === 'PathExpression') resolve(mustache.path as hbs.AST.PathExpression, scope, found);
    } else if (statement.type === 'BlockStatement') {
      walkBlock(statement as hbs.AST.BlockStatement, scope, found);
    }
  }
}

function walkBlock(block: hbs.AST.BlockStatement, scope: Scope, found: Finding[]): void {
  const name = block.path.original;
  let value: Schema;
  if (BUILTIN_HELPERS.has(name)) {
    checkArguments(block.params.slice(1), block.hash, scope, found);
    const first = block.params[0];
    value = first?.type === 'PathExpression' ? (resolve(first as hbs.AST.PathExpression, scope, found) ?? ANY) : ANY;
  } else {
    // No custom helpers exist, so `{{#data.requester}}` is Handlebars' blockHelperMissing: the value becomes the context.
    value = resolve(block.path, scope, found) ?? ANY;
  }
  let inner = scope;
  const program = blockProgram(block);
  const params = program?.blockParams ?? [];
  if (name === 'each' || (!BUILTIN_HELPERS.has(name) && isArray(value))) {
    const element = elementOf(value);
    inner = enter(scope, element, params, [element, SCALAR]);
  } else if (name === 'with' || (!BUILTIN_HELPERS.has(name) && isObject(value))) {
    inner = enter(scope, value, params, [value]);
  }
  if (program) walkProgram(program, inner, found);
  if (block.inverse) walkProgram(block.inverse, scope, found);
}

function enter(scope: Scope, context: Schema, names: readonly string[], values: readonly Schema[]): Scope {
  const blockParams = names.length === 0 ? scope.blockParams : [new Map(names.map((n, i) => [n, values[i] ?? ANY])), ...scope.blockParams];
  return { contexts: [context, ...scope.contexts], blockParams };
}

function isHelperCall(mustache: hbs.AST.MustacheStatement): boolean {
  return mustache.params.length > 0 || (mustache.hash?.pairs.length ?? 0) > 0;
}

function checkArguments(params: readonly hbs.AST.Expression[], hash: hbs.AST.Hash | undefined, scope: Scope, found: Finding[]): void {
  const values = [...params, ...(hash?.pairs.map((pair) => pair.value) ?? [])];
  for (const value of values) {
    if (value.type === 'PathExpression') resolve(value as hbs.AST.PathExpression, scope, found);
    else if (value.type === 'SubExpression') {
      const sub = value as hbs.AST.SubExpression;
      checkArguments(sub.params, sub.hash, scope, found);
    }
  }
}

/** The schema at `path`, or undefined after reporting it as unknown. */
function resolve(path: hbs.AST.PathExpression, scope: Scope, found: Finding[]): Schema | undefined {
  const explicitThis = /^(?:this\b|\.\/|\.$)/.test(path.original);
  let base: Schema | undefined;
  let parts = path.parts;
  if (path.data) {
    const [head, ...rest] = parts;
    if (head === 'root') {
      base = scope.contexts.at(-1);
      parts = rest;
    } else if (head !== undefined && DATA_VARIABLES.has(head) && rest.length === 0) {
      return SCALAR;
    } else {
      found.push({ node: path });
      return undefined;
    }
  } else {
    const param = path.depth === 0 && !explicitThis ? scope.blockParams.find((params) => params.has(parts[0] ?? '')) : undefined;
    if (param) {
      base = param.get(parts[0] ?? '');
      parts = parts.slice(1);
    } else {
      base = scope.contexts[path.depth];
    }
  }
  if (base === undefined) {
    found.push({ node: path });
    return undefined;
  }
  let schema = base;
  for (const [index, part] of parts.entries()) {
    const next = childOf(schema, part);
    if (next === undefined) {
      const close = closest(part, keysOf(schema));
      const suggestion = close === undefined ? undefined : spell(path, parts.length, index, close);
      found.push({ node: path, ...(suggestion === undefined ? {} : { suggestion }) });
      return undefined;
    }
    schema = next;
  }
  return schema;
}

/** `path` written again in dot notation with `parts[index]` replaced (`data.access_groups.[0].name`). */
function spell(path: hbs.AST.PathExpression, partCount: number, index: number, replacement: string): string {
  const head = path.parts.slice(0, path.parts.length - partCount);
  const tail = path.parts.slice(path.parts.length - partCount);
  tail[index] = replacement;
  const segments = [...head, ...tail].map((part) => (/^[A-Za-z_$][\w$-]*$/.test(part) ? part : `[${part}]`));
  const prefix = path.data ? '@' : '../'.repeat(path.depth) + (/^this\b/.test(path.original) ? 'this.' : '');
  return prefix + segments.join('.');
}

function childOf(schema: Schema, key: string): Schema | undefined {
  if (schema === ANY) return ANY;
  if (isArray(schema)) {
    if (/^\d+$/.test(key)) return elementOf(schema);
    return key === 'length' ? SCALAR : undefined;
  }
  const properties = schema.properties as Record<string, Schema> | undefined;
  const property = properties?.[key];
  if (property !== undefined) return deref(property);
  const additional = schema.additionalProperties;
  if (additional === true) return ANY;
  if (typeof additional === 'object' && additional !== null) return deref(additional as Schema);
  return undefined;
}

function keysOf(schema: Schema): string[] {
  return Object.keys((schema.properties as Record<string, Schema> | undefined) ?? {});
}

function elementOf(schema: Schema): Schema {
  if (schema === ANY) return ANY;
  return typeof schema.items === 'object' && schema.items !== null ? deref(schema.items as Schema) : ANY;
}

function isArray(schema: Schema): boolean {
  return typeOf(schema).includes('array');
}

function isObject(schema: Schema): boolean {
  return typeOf(schema).includes('object') || schema.properties !== undefined;
}

function typeOf(schema: Schema): string[] {
  const type = schema.type;
  return Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
}

/** Follows `$ref`s and picks the one non-null branch of a `oneOf`/`anyOf` (a nullable object). */
function deref(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const ref = current.$ref;
    if (typeof ref === 'string') {
      const name = ref.replace('#/components/schemas/', '');
      const target = componentSchemas()[name];
      if (target === undefined) return ANY;
      current = target;
      continue;
    }
    const branches = (current.oneOf ?? current.anyOf) as Schema[] | undefined;
    if (branches) {
      const useful = branches.filter((branch) => branch.type !== 'null');
      if (useful.length !== 1 || useful[0] === undefined) return ANY;
      current = useful[0];
      continue;
    }
    return current;
  }
}

function componentSchemas(): Record<string, Schema> {
  documentSchemas ??= (flowhookSchemas.document as { components: { schemas: Record<string, Schema> } }).components.schemas;
  return documentSchemas;
}

/** The candidate within a small edit distance of `word`, if one is clearly closest. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
