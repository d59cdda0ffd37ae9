/**
 * Where each string of a rendered body came from: for a JSON path of the body, the template's `{{value}}`
 * tags that wrote into it, each with its line and what it rendered for one event. Lint uses it to say
 * which template line left a field empty. The template is rendered a second time with a mark around each
 * value that sits inside a JSON string; when the marks would change the body (whitespace control next to a
 * tag, a mark-like character in the event), no origins are given rather than wrong ones.
 */
import type { AccessRequestEvent } from '../types.js';
import { compileTemplate, parseTemplate } from './render.js';

export interface ValueOrigin {
  /** The template line of the tag. */
  line: number;
  /** The tag as written: `{{data.requester.email}}`. */
  tag: string;
  /** What it rendered for this event ('' for an absent value). */
  rendered: string;
  /** Why it rendered empty, when the tag is a plain path outside blocks and the event lacks it or holds null there. */
  absent?: string;
}

/** Origins by JSON path of the body (`$.fields["requestor email"]`). */
export type BodyOrigins = ReadonlyMap<string, readonly ValueOrigin[]>;

// Private-use characters: escaped values never produce them unless the event holds them, which the check below catches.
const OPEN = '\uE000';
const SEPARATE = '\uE001';
const CLOSE = '\uE002';
const MARKED = /\uE000(\d+)\uE001([^\uE000-\uE002]*)\uE002/g;
const ANY_MARK = /[\uE000-\uE002]/;

interface Tag {
  line: number;
  written: string;
  /** The path's segments, when it is a plain path at the top level of the template. */
  topLevelPath?: readonly string[];
}

/** The origins of the strings of `template`'s rendering of `event`, or undefined when they cannot be told. */
export function bodyOrigins(source: string, event: AccessRequestEvent, plainBody: string): BodyOrigins | undefined {
  if (source.trim() === '' || ANY_MARK.test(source)) return undefined;
  let marked: { source: string; tags: Tag[] };
  let traced: string;
  try {
    marked = markValues(source);
    traced = compileTemplate(marked.source).render(event);
  } catch {
    return undefined;
  }
  if (traced.replace(MARKED, '$2') !== plainBody || ANY_MARK.test(traced.replace(MARKED, ''))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(traced);
  } catch {
    return undefined;
  }
  const origins = new Map<string, ValueOrigin[]>();
  collect(value, '$', marked.tags, event, origins);
  return origins;
}

/** `source` with a mark around each value tag that sits inside a JSON string on its line. */
function markValues(source: string): { source: string; tags: Tag[] } {
  const lines = source.split('\n');
  const tags: Tag[] = [];
  const inserts: { line: number; column: number; text: string }[] = [];
  const visit = (statements: readonly hbs.AST.Statement[], topLevel: boolean): void => {
    for (const statement of statements) {
      if (statement.type === 'BlockStatement') {
        const block = statement as hbs.AST.BlockStatement;
        const program = block.program as hbs.AST.Program | undefined;
        if (program) visit(program.body, false);
        if (block.inverse) visit(block.inverse.body, false);
        continue;
      }
      if (statement.type !== 'MustacheStatement') continue;
      const { start, end } = statement.loc;
      if (start.line !== end.line) continue;
      const text = lines[start.line - 1] ?? '';
      if (!insideString(text.slice(0, start.column))) continue;
      const mustache = statement as hbs.AST.MustacheStatement;
      const path = mustache.path.type === 'PathExpression' ? (mustache.path as hbs.AST.PathExpression) : undefined;
      const plain = path !== undefined && !path.data && path.depth === 0 && mustache.params.length === 0 && !/^(?:this\b|\.)/.test(path.original);
      const id = tags.length;
      tags.push({ line: start.line, written: text.slice(start.column, end.column), ...(plain && topLevel ? { topLevelPath: path.parts } : {}) });
      inserts.push({ line: start.line, column: start.column, text: `${OPEN}${id}${SEPARATE}` }, { line: end.line, column: end.column, text: CLOSE });
    }
  };
  visit(parseTemplate(source).body, true);
  // From the end backwards, so that earlier columns stay where they were; where one tag ends and the next
  // begins, the opening mark goes in first so that the closing one lands before it.
  inserts.sort((a, b) => b.line - a.line || b.column - a.column || (a.text === CLOSE ? 1 : 0) - (b.text === CLOSE ? 1 : 0));
  for (const { line, column, text } of inserts) {
    const current = lines[line - 1] as string;
    lines[line - 1] = `${current.slice(0, column)}${text}${current.slice(column)}`;
  }
  return { source: lines.join('\n'), tags };
}

/** Whether text up to a point of a line has an odd number of unescaped double quotes: the point is inside a string. */
function insideString(before: string): boolean {
  let inside = false;
  for (let i = 0; i < before.length; i += 1) {
    if (before[i] === '\\') i += 1;
    else if (before[i] === '"') inside = !inside;
  }
  return inside;
}

function collect(value: unknown, path: string, tags: readonly Tag[], event: AccessRequestEvent, origins: Map<string, ValueOrigin[]>): void {
  if (typeof value === 'string') {
    const found: ValueOrigin[] = [];
    for (const [, id, rendered] of value.matchAll(MARKED)) {
      const tag = tags[Number(id)] as Tag;
      const absent = rendered === '' && tag.topLevelPath !== undefined ? absence(event, tag.topLevelPath) : undefined;
      found.push({ line: tag.line, tag: tag.written, rendered: rendered as string, ...(absent === undefined ? {} : { absent }) });
    }
    if (found.length > 0) origins.set(path, found);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, `${path}[${index}]`, tags, event, origins));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) collect(item, appendKey(path, key.replace(MARKED, '$2')), tags, event, origins);
  }
}

/** `the event has no data.requester.emial`, `data.revocation_date is null in the event`, or undefined when the value is there. */
function absence(event: AccessRequestEvent, parts: readonly string[]): string | undefined {
  let current: unknown = event;
  for (const [index, part] of parts.entries()) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) {
      return `the event has no ${parts.slice(0, index + 1).join('.')}`;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current === null || current === undefined ? `${parts.join('.')} is null in the event` : undefined;
}

function appendKey(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
