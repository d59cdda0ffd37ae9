/**
 * Body templates: Handlebars, compiled once per config, in an isolated Handlebars environment whose
 * `{{value}}` escapes for JSON strings instead of HTML. The rendered body must parse as JSON; when it does
 * not, the error names the template line where the rendered JSON broke. An empty or absent template
 * renders the whole event as JSON.
 */
import Handlebars from 'handlebars';
import { FlowhookError } from '../errors.js';
import type { AccessRequestEvent } from '../types.js';

export interface CompiledTemplate {
  render(event: AccessRequestEvent): string;
}

const TEMPLATE_PATH = '$.body_template';
const BUILTIN_BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with']);
// `log` writes to the console; a body template has no business doing that.
const COMPILE_OPTIONS: CompileOptions = { data: true, knownHelpersOnly: true, knownHelpers: { log: false } };
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

const WHOLE_EVENT: CompiledTemplate = { render: (event) => JSON.stringify(event) };

export function compileTemplate(source: string | null | undefined): CompiledTemplate {
  if (source === null || source === undefined || source.trim() === '') return WHOLE_EVENT;
  const program = parseTemplate(source);
  const checkOutput = !alwaysRendersJson(program);
  const template = instantiate(program, source);
  let traced: HandlebarsTemplateDelegate<AccessRequestEvent> | undefined;
  return {
    render(event) {
      let output: string;
      try {
        output = template(event);
      } catch (err) {
        throw new FlowhookError('FLOWHOOK_TEMPLATE_INVALID', `the body template failed to render: ${messageOf(err)}`, {
          hint: 'check the helpers and block expressions of "body_template"',
          details: [{ path: TEMPLATE_PATH, message: messageOf(err) }],
          cause: err,
        });
      }
      if (!checkOutput) return output;
      try {
        JSON.parse(output);
      } catch {
        traced ??= instantiate(traceLines(parseTemplate(source)), source);
        throw notJson(source, output, traced(event));
      }
      return output;
    },
  };
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
 * The template's syntax tree; a syntax error or an unsupported statement throws FLOWHOOK_TEMPLATE_INVALID.
 * @internal
 */
export function parseTemplate(source: string): hbs.AST.Program {
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
  checkStatements(program.body, source);
  return program;
}

/** Refuses what would only fail at render time: partials, decorators, built-in blocks without an argument. */
function checkStatements(statements: readonly hbs.AST.Statement[], source: string): void {
  for (const statement of statements) {
    const line = statement.loc.start.line;
    switch (statement.type) {
      case 'PartialStatement':
      case 'PartialBlockStatement':
        throw compileError(source, line, 'partials ({{> name}}) are not available in body templates');
      case 'Decorator':
      case 'DecoratorBlock':
        throw compileError(source, line, 'decorators ({{* name}}) are not available in body templates');
      case 'BlockStatement': {
        const block = statement as hbs.AST.BlockStatement;
        const name = block.path.original;
        if (BUILTIN_BLOCK_HELPERS.has(name) && block.params.length !== 1) {
          throw compileError(source, line, `{{#${name}}} needs exactly one argument, e.g. {{#${name} data.approvals}}`);
        }
        checkStatements(block.program.body, source);
        if (block.inverse) checkStatements(block.inverse.body, source);
        break;
      }
      default:
        break;
    }
  }
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
      const plain = mustache.escaped && mustache.path.type === 'PathExpression' && mustache.params.length === 0 && (mustache.hash?.pairs.length ?? 0) === 0;
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
    container.escapeExpression = escapeJsonString;
    return main.call(this, container, depth0, helpers, partials, data, blockParams, depths);
  };
  return handlebars.template<AccessRequestEvent>(spec);
}

function compileError(source: string, line: number | undefined, problem: string, cause?: unknown): FlowhookError {
  const where = line === undefined ? '' : ` at line ${line} (${JSON.stringify(lineOf(source, line).trim())})`;
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
  const where = line === undefined ? '' : ` at template line ${line} (${JSON.stringify(lineOf(source, line).trim())})`;
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
      traceLines(block.program);
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
    // A newline from a raw {{{value}}} carries no mark; the output continues on the next line.
    if (traced[i] === '\n' && line !== undefined) line += 1;
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
