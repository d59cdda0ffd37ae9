/**
 * Body templates: Handlebars, compiled once per config, in an isolated Handlebars environment whose
 * `{{value}}` escapes for JSON strings instead of HTML. The rendered body must parse as JSON; when it does
 * not, the error names the template line where the rendered JSON broke. An empty or absent template
 * renders the whole event as JSON.
 *
 * A template is config from an admin but still bounded, so that one bad template cannot stall every
 * delivery: its size and nesting are measured by a cheap scan before Handlebars parses it, only the
 * helpers and blocks listed in README.md are accepted, `{{{raw}}}` and `{{& raw}}` values are refused
 * (a requester's text could otherwise leave its JSON string), and a rendering stops once its output or
 * its loops go over their limits.
 */
import Handlebars from 'handlebars';
import { FlowhookError } from '../errors.js';
import type { AccessRequestEvent } from '../types.js';

export interface CompiledTemplate {
  render(event: AccessRequestEvent): string;
}

/** The most a body template may be, in UTF-8 bytes. */
export const TEMPLATE_SIZE_LIMIT = 64 * 1024;
/** How deep blocks (`{{#each}}`, `{{else if}}` chains) and subexpressions may nest, and how many segments a path may have. */
export const TEMPLATE_NESTING_LIMIT = 32;
/** How many `{{…}}` tags a body template may have. */
export const TEMPLATE_TAG_LIMIT = 250;
/** How many names, path segments and arguments its tags may hold in all. */
export const TEMPLATE_PART_LIMIT = 2000;
/** The most a rendered body may be, in UTF-8 bytes: what an Okta flow (and the mock) accepts. */
export const RENDERED_BODY_LIMIT = 1024 * 1024;
/** How many times the loops of one rendering may run in all. */
export const RENDER_ITERATION_LIMIT = 10_000;

const TEMPLATE_PATH = '$.body_template';
const BUILTIN_BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with']);
/** Names Handlebars knows as helpers; in a body template only these blocks and `lookup` may be called. */
const HANDLEBARS_HELPERS = new Set([...BUILTIN_BLOCK_HELPERS, 'lookup', 'log', 'helperMissing', 'blockHelperMissing']);
const AVAILABLE = 'body templates have the helper lookup and the blocks #if, #unless, #each and #with only';
// `log` writes to the console, and the *Missing hooks make an unknown name fail at render time.
const COMPILE_OPTIONS: CompileOptions = {
  data: true,
  knownHelpersOnly: true,
  knownHelpers: { log: false, helperMissing: false, blockHelperMissing: false },
};
// Marks where each template line starts in a traced rendering; escaped values never contain a raw NUL.
const LINE_MARK = '\u0000';

/** The parts of a Handlebars environment that `compile()` uses internally, typed for our own compile. */
interface HandlebarsInternals {
  Compiler: new () => { compile(program: hbs.AST.Program, options: CompileOptions): unknown };
  JavaScriptCompiler: new () => {
    compile(environment: unknown, options: CompileOptions, context: undefined, asObject: true): TemplateSpec;
  };
}

type ProgramFunction = (this: unknown, container: { escapeExpression: (value: unknown) => string }, ...rest: unknown[]) => string;

interface TemplateSpec extends TemplateSpecification {
  main: ProgramFunction;
}

const handlebars = Handlebars.create();
const internals = handlebars as unknown as HandlebarsInternals;

/**
 * What the rendering under way has spent. Rendering is synchronous, so one meter serves every template;
 * it is reset when a rendering starts.
 */
const meter = { valueChars: 0, iterations: 0 };

const builtinEach = handlebars.helpers.each as Handlebars.HelperDelegate;
// Every loop goes through `each`, `{{#array}}` sections too: each iteration is counted, and the output
// of one loop is measured as it grows, so a loop that renders too much stops there.
handlebars.registerHelper('each', function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
  const fn = options.fn;
  let size = 0;
  const metered = (item: unknown, frame?: Handlebars.RuntimeOptions): string => {
    meter.iterations += 1;
    if (meter.iterations > RENDER_ITERATION_LIMIT) throw tooManyIterations();
    const output = fn(item, frame);
    size += output.length;
    if (size > RENDERED_BODY_LIMIT) throw tooLarge('more than');
    return output;
  };
  return builtinEach.call(this, context, { ...options, fn: metered });
});

/** Escapes a value for a JSON string and counts it: every value lands in the output. */
function meteredEscape(value: unknown): string {
  const text = escapeJsonString(value);
  meter.valueChars += text.length;
  if (meter.valueChars > RENDERED_BODY_LIMIT) throw tooLarge('more than');
  return text;
}

const WHOLE_EVENT: CompiledTemplate = { render: (event) => checkedSize(JSON.stringify(event)) };

export function compileTemplate(source: string | null | undefined): CompiledTemplate {
  if (source === null || source === undefined || source.trim() === '') return WHOLE_EVENT;
  const program = parseTemplate(source);
  const checkOutput = !alwaysRendersJson(program);
  const template = instantiate(program, source);
  let traced: HandlebarsTemplateDelegate<AccessRequestEvent> | undefined;
  return {
    render(event) {
      const output = checkedSize(run(template, event));
      if (!checkOutput) return output;
      try {
        JSON.parse(output);
      } catch {
        traced ??= instantiate(traceLines(parseTemplate(source)), source);
        throw notJson(source, output, run(traced, event));
      }
      return output;
    },
  };
}

function run(template: HandlebarsTemplateDelegate<AccessRequestEvent>, event: AccessRequestEvent): string {
  meter.valueChars = 0;
  meter.iterations = 0;
  try {
    return template(event);
  } catch (err) {
    if (err instanceof FlowhookError) throw err;
    throw new FlowhookError('FLOWHOOK_TEMPLATE_INVALID', `the body template failed to render: ${messageOf(err)}`, {
      hint: 'check the helpers and block expressions of "body_template"',
      details: [{ path: TEMPLATE_PATH, message: messageOf(err) }],
      cause: err,
    });
  }
}

/** `output`, unless it is over the rendered body limit. UTF-16 length × 3 bounds the UTF-8 size, so most bodies are not measured. */
function checkedSize(output: string): string {
  if (output.length * 3 > RENDERED_BODY_LIMIT && Buffer.byteLength(output) > RENDERED_BODY_LIMIT) {
    throw tooLarge(`${Buffer.byteLength(output)} bytes, more than`);
  }
  return output;
}

/** `amount`: `more than` while rendering, `1234567 bytes, more than` once rendered. */
function tooLarge(amount: string): FlowhookError {
  const problem = `renders ${amount} the ${RENDERED_BODY_LIMIT / 1024 / 1024} MiB a flow accepts`;
  return new FlowhookError('FLOWHOOK_TEMPLATE_INVALID', `the body template ${problem}`, {
    hint: 'send fewer fields, or loop over fewer items: Okta Workflows refuses a body over 1 MiB',
    details: [{ path: TEMPLATE_PATH, message: problem }],
  });
}

function tooManyIterations(): FlowhookError {
  const problem = `runs its loops more than ${RENDER_ITERATION_LIMIT.toLocaleString('en')} times in one rendering`;
  return new FlowhookError('FLOWHOOK_TEMPLATE_INVALID', `the body template ${problem}`, {
    hint: 'nest fewer {{#each}} blocks, or loop over fewer items',
    details: [{ path: TEMPLATE_PATH, message: problem }],
  });
}

/**
 * Escapes a value for the inside of a JSON string. JSON.stringify covers quotes, backslashes, control
 * characters and lone surrogates; U+2028/2029 are escaped too so the body is also safe inside a script.
 */
export function escapeJsonString(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  if (!NEEDS_ESCAPE.test(text)) return text;
  return JSON.stringify(text).slice(1, -1).replace(LINE_SEPARATORS, (char) => (char === '\u2028' ? '\\u2028' : '\\u2029'));
}

const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;
const LINE_SEPARATORS = /[\u2028\u2029]/g;

/**
 * The template's syntax tree; a template over the limits, a syntax error or an unsupported statement
 * throws FLOWHOOK_TEMPLATE_INVALID.
 * @internal
 */
export function parseTemplate(source: string): hbs.AST.Program {
  checkShape(source);
  let program: hbs.AST.Program;
  try {
    program = handlebars.parse(source);
  } catch (err) {
    const message = messageOf(err);
    const line = /^Parse error on line (\d+):/.exec(message)?.[1];
    const expected = lowerFirst(message.split('\n').at(-1) ?? message);
    // `{"t": {{event_time}}}` reads as a {{{raw}}} value closing: the most common JSON-template slip.
    const problem = expected.endsWith("got 'CLOSE_UNESCAPED'")
      ? `"}}}" closes a {{{raw}}} value here; put a space between the value's "}}" and the JSON's "}" (${expected})`
      : expected;
    throw compileError(source, line === undefined ? undefined : Number(line), problem, err);
  }
  checkStatements(program.body, source, 0);
  return program;
}

/**
 * Measures the template before Handlebars parses it, so that a hostile one is refused in linear time
 * (Handlebars' parser and compiler slow down more than linearly with the number of tokens, and recurse
 * once per level of nesting): its size, its `{{…}}` tags and the parts inside them, how deep blocks,
 * `{{else …}}` chains and subexpressions nest, and how many segments a path has. Raw blocks are refused
 * here too. Comments are skipped and an escaped `\{{` is text, as for Handlebars; anything else the scan
 * cannot tell apart is counted, so it never counts less than Handlebars parses.
 */
function checkShape(source: string): void {
  const size = Buffer.byteLength(source);
  if (size > TEMPLATE_SIZE_LIMIT) {
    throw compileError(source, undefined, `it is ${size} bytes, more than the ${TEMPLATE_SIZE_LIMIT / 1024} KiB a body template may have`);
  }
  const shape = { depth: 0, tags: 0, parts: 0 };
  /** For each open block, how many `{{else x}}` links its chain has: each nests one level deeper. */
  const chains: number[] = [];
  const limited = (count: number, limit: number, at: number, what: string): void => {
    if (count > limit) throw compileError(source, lineAt(source, at), `${what} (at most ${limit.toLocaleString('en')})`);
  };
  const deeper = (at: number): void => {
    shape.depth += 1;
    limited(shape.depth, TEMPLATE_NESTING_LIMIT, at, 'blocks and subexpressions nest too deep');
  };
  for (let open = source.indexOf('{{'); open !== -1; open = source.indexOf('{{', open)) {
    if (source[open - 1] === '\\' && source[open - 2] !== '\\') {
      open += 2;
      continue;
    }
    if (source.startsWith('{{{{', open)) throw compileError(source, lineAt(source, open), 'raw blocks ({{{{raw}}}}) are not available in body templates');
    shape.tags += 1;
    limited(shape.tags, TEMPLATE_TAG_LIMIT, open, 'the template has too many {{…}} tags');
    let at = open + 2;
    if (source[at] === '~') at += 1;
    if (source[at] === '!') {
      const end = source.startsWith('--', at + 1) ? source.indexOf('--', at + 3) : at;
      const close = end === -1 ? -1 : source.indexOf('}}', end);
      if (close === -1) return;
      open = close + 2;
      continue;
    }
    while (WHITESPACE.has(source[at] ?? '')) at += 1;
    const sigil = source[at];
    if (sigil === '#' || (sigil === '^' && !CLOSES.test(source.slice(at + 1, at + 40)))) {
      chains.push(0);
      deeper(open);
    } else if (sigil === '/') {
      shape.depth -= 1 + (chains.pop() ?? 0);
    } else if (source.startsWith('else', at) && WHITESPACE.has(source[at + 4] ?? '') && !CLOSES.test(source.slice(at + 4, at + 40)) && chains.length > 0) {
      chains[chains.length - 1] = (chains.at(-1) ?? 0) + 1;
      deeper(open);
    }
    open = scanTag(source, at, shape, limited);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r', '\f', '\v']);
/** What separates the parts of a tag; `.` and `/` separate path segments. */
const SEPARATORS = new Set([...WHITESPACE, '(', ')', '=', '|', '~', '#', '^', '&', '>', '*']);
const CLOSES = /^[\s~]*\}\}/;

/**
 * Counts the parts of one tag from `at` (names, path segments, literals, arguments), the segments of each
 * path and how deep its subexpressions nest; returns where the tag ends.
 */
function scanTag(
  source: string,
  at: number,
  shape: { depth: number; parts: number },
  limited: (count: number, limit: number, at: number, what: string) => void,
): number {
  let parens = 0;
  let segments = 0;
  let inWord = false;
  for (let i = at; i < source.length; i += 1) {
    const char = source[i] as string;
    if (char === '}' && source[i + 1] === '}') return i + 2;
    if (char === '"' || char === "'" || char === '[') {
      // A string or a [segment literal] is one part, whatever it holds.
      const end = source.indexOf(char === '[' ? ']' : char, i + 1);
      if (!inWord) shape.parts += 1;
      inWord = true;
      i = end === -1 ? source.length : end;
    } else if (char === '/' || (char === '.' && source[i + 1] !== '.' && source[i + 1] !== '/')) {
      segments += 1;
      shape.parts += 1;
      limited(segments + 1, TEMPLATE_NESTING_LIMIT, i, 'a path has too many segments');
      inWord = false;
    } else if (SEPARATORS.has(char)) {
      if (char === '(') {
        parens += 1;
        limited(shape.depth + parens, TEMPLATE_NESTING_LIMIT, i, 'blocks and subexpressions nest too deep');
      } else if (char === ')') parens -= 1;
      segments = 0;
      inWord = false;
    } else if (!inWord && char !== '.') {
      shape.parts += 1;
      inWord = true;
    }
    limited(shape.parts, TEMPLATE_PART_LIMIT, i, 'the {{…}} tags have too many names, path segments and arguments');
  }
  return source.length;
}

function lineAt(source: string, offset: number): number {
  return countNewlines(source.slice(0, offset)) + 1;
}

/**
 * Refuses what would only fail at render time, or is not available: partials, decorators, raw values,
 * any helper but `lookup` and the built-in blocks, built-in blocks without their one argument.
 */
function checkStatements(statements: readonly hbs.AST.Statement[], source: string, depth: number): void {
  for (const statement of statements) {
    const line = statement.loc.start.line;
    switch (statement.type) {
      case 'PartialStatement':
      case 'PartialBlockStatement':
        throw compileError(source, line, 'partials ({{> name}}) are not available in body templates');
      case 'Decorator':
      case 'DecoratorBlock':
        throw compileError(source, line, 'decorators ({{* name}}) are not available in body templates');
      case 'MustacheStatement': {
        const mustache = statement as hbs.AST.MustacheStatement;
        if (!mustache.escaped) {
          const written = mustache.path.type === 'PathExpression' ? (mustache.path as hbs.AST.PathExpression).original : 'value';
          throw compileError(
            source,
            line,
            `a raw value ({{{…}}} or {{& …}}) would insert "${written}" unescaped, so a requester's text could leave its JSON string and add keys; ` +
              `write {{${written}}}: every value is escaped for the inside of a JSON string`,
          );
        }
        checkCall(mustache, source, line);
        break;
      }
      case 'BlockStatement': {
        const block = statement as hbs.AST.BlockStatement;
        checkBlock(block, source, line);
        if (depth + 1 > TEMPLATE_NESTING_LIMIT) throw compileError(source, line, `blocks and subexpressions nest too deep (at most ${TEMPLATE_NESTING_LIMIT})`);
        const program = blockProgram(block);
        if (program) checkStatements(program.body, source, depth + 1);
        if (block.inverse) checkStatements(block.inverse.body, source, depth + 1);
        break;
      }
      default:
        break;
    }
  }
}

/**
 * A block's program, which an inverse section with nothing before its `{{else}}` (`{{^x}}…{{/x}}`) does not
 * have, although Handlebars' types say it always does.
 * @internal
 */
export function blockProgram(block: hbs.AST.BlockStatement): hbs.AST.Program | undefined {
  return block.program as hbs.AST.Program | undefined;
}

type Call = Pick<hbs.AST.MustacheStatement, 'path' | 'params' | 'hash'>;

/** A value `{{path}}`, or a call of `lookup` with two arguments, each a value or such a call. */
function checkCall(call: Call, source: string, line: number): void {
  if (call.path.type === 'SubExpression') checkCall(call.path as hbs.AST.SubExpression, source, line);
  const name = helperName(call.path);
  const hasHash = (call.hash?.pairs.length ?? 0) > 0;
  if (call.params.length === 0 && !hasHash) {
    if (name === undefined) return;
    if (name === 'lookup') throw compileError(source, line, '{{lookup}} needs two arguments, e.g. {{lookup data.access_groups 0}}');
    if (BUILTIN_BLOCK_HELPERS.has(name)) throw compileError(source, line, `"${name}" is a block helper; write {{#${name} value}}…{{/${name}}}`);
    throw compileError(source, line, `unknown helper "${name}"; ${AVAILABLE}`);
  }
  const written = call.path.type === 'PathExpression' ? (call.path as hbs.AST.PathExpression).original : 'value';
  if (name !== 'lookup') {
    if (name !== undefined && BUILTIN_BLOCK_HELPERS.has(name)) throw compileError(source, line, `"${name}" is a block helper; write {{#${name} value}}…{{/${name}}}`);
    throw compileError(source, line, `unknown helper "${written}"; ${AVAILABLE}`);
  }
  if (call.params.length !== 2 || hasHash) throw compileError(source, line, '{{lookup}} takes two arguments, e.g. {{lookup data.access_groups 0}}, and no name=value pairs');
  checkArguments(call.params, source, line);
}

function checkBlock(block: hbs.AST.BlockStatement, source: string, line: number): void {
  if ((block.path as hbs.AST.Expression).type === 'SubExpression') throw compileError(source, line, `a block must name a value or a helper; ${AVAILABLE}`);
  const name = helperName(block.path);
  const hasHash = (block.hash?.pairs.length ?? 0) > 0;
  if (name !== undefined && BUILTIN_BLOCK_HELPERS.has(name)) {
    if (block.params.length !== 1 || hasHash) throw compileError(source, line, `{{#${name}}} needs exactly one argument, e.g. {{#${name} data.approvals}}`);
    checkArguments(block.params, source, line);
    return;
  }
  // A block of a path, `{{#data.requester}}…{{/data.requester}}`, is a section over that value.
  if (block.params.length === 0 && !hasHash && name === undefined) return;
  const written = block.path.type === 'PathExpression' ? block.path.original : 'value';
  throw compileError(source, line, `unknown block helper "${written}"; ${AVAILABLE}`);
}

function checkArguments(params: readonly hbs.AST.Expression[], source: string, line: number): void {
  for (const param of params) {
    if (param.type === 'SubExpression') checkCall(param as hbs.AST.SubExpression, source, line);
  }
}

/** The helper a path names when it is one of Handlebars' (`lookup`, `each`, `helperMissing`…); undefined for a data path. */
function helperName(path: hbs.AST.Expression): string | undefined {
  if (path.type !== 'PathExpression') return undefined;
  const expression = path as hbs.AST.PathExpression;
  if (expression.data || expression.depth > 0 || expression.parts.length !== 1 || /^(?:this\b|\.)/.test(expression.original)) return undefined;
  const name = expression.parts[0] ?? '';
  return HANDLEBARS_HELPERS.has(name) ? name : undefined;
}

/**
 * True when every rendering of `program` is JSON, so that rendering need not parse its output: the
 * template is only text and plain `{{path}}` values, each value sits inside a JSON string (not right
 * after a backslash), and the text parses with a placeholder for each value. A value escaped for a
 * JSON string can then never leave its string.
 * @internal
 */
export function alwaysRendersJson(program: hbs.AST.Program): boolean {
  let probe = '';
  let inString = false;
  let afterBackslash = false;
  let hexDue = 0;
  for (const statement of program.body) {
    if (statement.type === 'CommentStatement') continue;
    if (statement.type === 'MustacheStatement') {
      const mustache = statement as hbs.AST.MustacheStatement;
      const plain = mustache.path.type === 'PathExpression' && mustache.params.length === 0 && (mustache.hash?.pairs.length ?? 0) === 0;
      if (!plain || !inString || afterBackslash || hexDue > 0) return false;
      probe += 'x';
      continue;
    }
    if (statement.type !== 'ContentStatement') return false;
    const text = (statement as hbs.AST.ContentStatement).value;
    for (const char of text) {
      if (hexDue > 0) hexDue -= 1;
      else if (afterBackslash) {
        afterBackslash = false;
        if (char === 'u') hexDue = 4;
      } else if (char === '"') inString = !inString;
      else if (char === '\\' && inString) afterBackslash = true;
    }
    probe += text;
  }
  try {
    JSON.parse(probe);
    return true;
  } catch {
    return false;
  }
}

/** Compiles eagerly (Handlebars' own `compile` waits for the first render), with JSON escaping. */
function instantiate(program: hbs.AST.Program, source: string): HandlebarsTemplateDelegate<AccessRequestEvent> {
  let spec: TemplateSpec;
  try {
    const environment = new internals.Compiler().compile(program, COMPILE_OPTIONS);
    spec = new internals.JavaScriptCompiler().compile(environment, COMPILE_OPTIONS, undefined, true);
  } catch (err) {
    const line = (err as { lineNumber?: unknown }).lineNumber;
    const message = messageOf(err)
      .replace(/ - \d+:\d+$/, '')
      .replace(/^You specified knownHelpersOnly, but used the unknown helper (\S+)$/, 'unknown helper "$1"');
    throw compileError(source, typeof line === 'number' ? line : undefined, message, err);
  }
  const main = spec.main;
  // The container is private to this template, so giving it our escaping changes no other template.
  spec.main = function (this: unknown, container, depth0, helpers, partials, data, blockParams, depths) {
    container.escapeExpression = meteredEscape;
    return main.call(this, container, depth0, helpers, partials, data, blockParams, depths);
  };
  return handlebars.template<AccessRequestEvent>(spec);
}

function compileError(source: string, line: number | undefined, problem: string, cause?: unknown): FlowhookError {
  const where = line === undefined ? '' : ` at line ${line} (${JSON.stringify(excerpt(lineOf(source, line)))})`;
  return new FlowhookError('FLOWHOOK_TEMPLATE_INVALID', `the body template does not compile${where}: ${problem}`, {
    hint: 'fix the Handlebars syntax of "body_template"; paths look like {{data.requester.email}} or {{data.access_groups.[0].integration.name}}',
    details: [{ path: TEMPLATE_PATH, message: line === undefined ? problem : `line ${line}: ${problem}` }],
    ...(cause === undefined ? {} : { cause }),
  });
}

function notJson(source: string, output: string, tracedOutput: string): FlowhookError {
  const error = findJsonError(output);
  // A template of values only has no text to mark; on one line, that line is the answer.
  const line = templateLineAt(tracedOutput, error.offset) ?? (source.includes('\n') ? undefined : 1);
  const near = output.slice(Math.max(0, error.offset - 20), error.offset + 20);
  const where = line === undefined ? '' : ` at template line ${line} (${JSON.stringify(excerpt(lineOf(source, line)))})`;
  const problem = `${error.problem}, near ${JSON.stringify(near)}`;
  return new FlowhookError('FLOWHOOK_TEMPLATE_INVALID', `the body template renders invalid JSON${where}: ${problem}`, {
    hint: 'put each {{value}} inside double quotes (it is escaped for a JSON string), and check the commas and braces around that line',
    details: [{ path: TEMPLATE_PATH, message: line === undefined ? problem : `line ${line}: ${problem}` }],
  });
}

/** A copy of the template whose content marks the template line each piece of output starts on. */
function traceLines(program: hbs.AST.Program): hbs.AST.Program {
  for (const statement of program.body) {
    if (statement.type === 'ContentStatement') {
      const content = statement as hbs.AST.ContentStatement;
      const original = content.original as unknown as string;
      // Whitespace control may have stripped leading newlines; loc points at the unstripped text.
      const skipped = content.value === '' ? 0 : Math.max(0, original.indexOf(content.value));
      let line = content.loc.start.line + countNewlines(original.slice(0, skipped));
      content.value = `${LINE_MARK}${line}${LINE_MARK}${content.value.replace(/\n/g, () => `\n${LINE_MARK}${++line}${LINE_MARK}`)}`;
    } else if (statement.type === 'BlockStatement') {
      const block = statement as hbs.AST.BlockStatement;
      const program = blockProgram(block);
      if (program) traceLines(program);
      if (block.inverse) traceLines(block.inverse);
    }
  }
  return program;
}

/** The template line that produced the output character at `offset` of the untraced rendering. */
function templateLineAt(traced: string, offset: number): number | undefined {
  let line: number | undefined;
  let plain = 0;
  for (let i = 0; i < traced.length; ) {
    if (traced[i] === LINE_MARK) {
      const end = traced.indexOf(LINE_MARK, i + 1);
      line = Number(traced.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (plain === offset) break;
    plain += 1;
    i += 1;
  }
  return line;
}

interface JsonSyntaxError {
  offset: number;
  problem: string;
}

class JsonScanError extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** Where and why `text` is not JSON; only called after JSON.parse failed, whose messages lack positions. */
export function findJsonError(text: string): JsonSyntaxError {
  let i = 0;
  const fail: (problem: string, at?: number) => never = (problem, at = i) => {
    throw new JsonScanError(at, problem);
  };
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i += 1;
  };
  const string = (): void => {
    const start = i;
    i += 1;
    for (;;) {
      const char = text[i];
      if (char === undefined) fail('a string is not closed', start);
      if (char === '"') break;
      if (char === '\\') {
        const next = text[i + 1] ?? '';
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('a \\u escape needs four hex digits');
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(next) || next === '') fail(`"\\${next}" is not a JSON escape`);
        i += 2;
        continue;
      }
      if (char.charCodeAt(0) < 0x20) fail('a string contains a raw control character (a line break?)');
      i += 1;
    }
    i += 1;
  };
  const value = (): void => {
    const char = text[i];
    if (char === undefined) fail('the JSON ends early');
    if (char === '{') return object();
    if (char === '[') return array();
    if (char === '"') return string();
    const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    number.lastIndex = i;
    if ((char === '-' || (char >= '0' && char <= '9')) && number.test(text)) {
      i = number.lastIndex;
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    fail('expected a JSON value (a string in double quotes, a number, true, false, null, an object or an array)');
  };
  const object = (): void => {
    i += 1;
    skipSpace();
    if (text[i] === '}') {
      i += 1;
      return;
    }
    let comma = i;
    for (;;) {
      if (text[i] === '}' && comma < i) fail("a trailing comma before '}'", comma);
      if (text[i] !== '"') fail('expected a property name in double quotes');
      string();
      skipSpace();
      if (text[i] !== ':') fail("expected ':' after a property name");
      i += 1;
      skipSpace();
      value();
      const end = i;
      skipSpace();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      if (text[i] !== ',') fail("expected ',' or '}' after a property value", end);
      comma = i;
      i += 1;
      skipSpace();
    }
  };
  const array = (): void => {
    i += 1;
    skipSpace();
    if (text[i] === ']') {
      i += 1;
      return;
    }
    let comma = i;
    for (;;) {
      if (text[i] === ']' && comma < i) fail("a trailing comma before ']'", comma);
      value();
      const end = i;
      skipSpace();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      if (text[i] !== ',') fail("expected ',' or ']' after an array element", end);
      comma = i;
      i += 1;
      skipSpace();
    }
  };
  try {
    skipSpace();
    if (i === text.length) fail('the body is empty');
    value();
    skipSpace();
    if (i < text.length) fail('unexpected text after the JSON value');
  } catch (err) {
    if (err instanceof JsonScanError) return { offset: err.offset, problem: err.problem };
    throw err;
  }
  return { offset: text.length, problem: 'not JSON' };
}

function lineOf(source: string, line: number): string {
  return source.split('\n')[line - 1] ?? '';
}

/** A template line as messages quote it: trimmed, and cut short when long. */
function excerpt(line: string): string {
  const text = line.trim();
  return text.length <= EXCERPT_LENGTH ? text : `${text.slice(0, EXCERPT_LENGTH - 1)}…`;
}

const EXCERPT_LENGTH = 120;

function countNewlines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count += 1;
  return count;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
