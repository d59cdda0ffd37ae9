import { describe, expect, it } from 'vitest';
import {
  RENDER_ITERATION_LIMIT,
  TEMPLATE_NESTING_LIMIT,
  TEMPLATE_PART_LIMIT,
  TEMPLATE_SIZE_LIMIT,
  TEMPLATE_TAG_LIMIT,
  compileTemplate,
} from '../../src/core/render.js';
import { sampleEvent } from '../../src/core/samples.js';
import { unknownTemplatePaths } from '../../src/core/template-lint.js';
import { FlowhookError } from '../../src/errors.js';
import type { AccessRequestEvent } from '../../src/types.js';

function compileError(template: string): FlowhookError {
  try {
    compileTemplate(template);
  } catch (err) {
    if (err instanceof FlowhookError) return err;
    throw err;
  }
  throw new Error('the template compiled');
}

function renderError(template: string, event: AccessRequestEvent): FlowhookError {
  const compiled = compileTemplate(template);
  try {
    compiled.render(event);
  } catch (err) {
    if (err instanceof FlowhookError) return err;
    throw err;
  }
  throw new Error('the template rendered');
}

function nested(levels: number, open: string, close: string, inner = ''): string {
  return `${open.repeat(levels)}${inner}${close.repeat(levels)}`;
}

const COMPILE = 'the body template does not compile';

describe('compileTemplate: raw values', () => {
  it.each([
    ['{{{…}}}', '{\n  "id": "{{data.id}}",\n  "why": "{{{data.justification}}}"\n}'],
    ['{{& …}}', '{\n  "id": "{{data.id}}",\n  "why": "{{& data.justification}}"\n}'],
  ])('refuses %s at compile time, naming the line, so free text cannot add JSON keys', (_form, template) => {
    const error = compileError(template);
    expect(error.code).toBe('FLOWHOOK_TEMPLATE_INVALID');
    expect(error.message).toBe(
      `${COMPILE} at line 3 (${JSON.stringify(template.split('\n')[2]?.trim())}): a raw value ({{{…}}} or {{& …}}) would insert "data.justification" unescaped, ` +
        "so a requester's text could leave its JSON string and add keys; write {{data.justification}}: every value is escaped for the inside of a JSON string",
    );
    expect(error.details).toEqual([{ path: '$.body_template', message: expect.stringMatching(/^line 3: a raw value/) }]);
  });

  it('keeps the injection attempt of the audit inside its string when written as {{…}}', () => {
    const event = sampleEvent('RequestCreated');
    event.data.justification = 'x","admin":true,"z":"';
    const body = JSON.parse(compileTemplate('{"why": "{{data.justification}}"}').render(event)) as Record<string, unknown>;
    expect(body).toEqual({ why: 'x","admin":true,"z":"' });
  });

  it('refuses raw blocks before parsing', () => {
    expect(compileError('{"a": "{{{{raw}}}}{{data.id}}{{{{/raw}}}}"}').message).toBe(
      `${COMPILE} at line 1 ("{\\"a\\": \\"{{{{raw}}}}{{data.id}}{{{{/raw}}}}\\"}"): raw blocks ({{{{raw}}}}) are not available in body templates`,
    );
  });
});

describe('compileTemplate: helpers', () => {
  const ONLY = 'body templates have the helper lookup and the blocks #if, #unless, #each and #with only';

  it.each([
    ['{"a": "{{helperMissing}}"}', `unknown helper "helperMissing"; ${ONLY}`],
    ['{"a": "{{blockHelperMissing}}"}', `unknown helper "blockHelperMissing"; ${ONLY}`],
    ['{"a": "{{log}}"}', `unknown helper "log"; ${ONLY}`],
    ['{"a": "{{log data.id}}"}', `unknown helper "log"; ${ONLY}`],
    ['{"a": "{{upper data.id}}"}', `unknown helper "upper"; ${ONLY}`],
    ['{"a": "{{data.id data.id}}"}', `unknown helper "data.id"; ${ONLY}`],
    ['{"a": "{{lookup data (upper data)}}"}', `unknown helper "upper"; ${ONLY}`],
    ['{"a": "{{lookup}}"}', '{{lookup}} needs two arguments, e.g. {{lookup data.access_groups 0}}'],
    ['{"a": "{{lookup data}}"}', '{{lookup}} takes two arguments, e.g. {{lookup data.access_groups 0}}, and no name=value pairs'],
    ['{"a": "{{lookup data "id" x=1}}"}', '{{lookup}} takes two arguments, e.g. {{lookup data.access_groups 0}}, and no name=value pairs'],
    ['{"a": "{{if data.id}}"}', '"if" is a block helper; write {{#if value}}…{{/if}}'],
    ['{"a": "{{each}}"}', '"each" is a block helper; write {{#each value}}…{{/each}}'],
    ['{"a": "{{#blockHelperMissing data}}x{{/blockHelperMissing}}"}', `unknown block helper "blockHelperMissing"; ${ONLY}`],
    ['{"a": "{{#upper data}}x{{/upper}}"}', `unknown block helper "upper"; ${ONLY}`],
    ['{"a": "{{#lookup}}x{{/lookup}}"}', `unknown block helper "lookup"; ${ONLY}`],
    ['{"a": "{{#with data x=1}}x{{/with}}"}', '{{#with}} needs exactly one argument, e.g. {{#with data.approvals}}'],
  ])('refuses %s at compile time with its line', (template, problem) => {
    const error = compileError(template);
    expect(error.code).toBe('FLOWHOOK_TEMPLATE_INVALID');
    expect(error.message).toBe(`${COMPILE} at line 1 (${JSON.stringify(template)}): ${problem}`);
  });

  it('compiles and lints an inverse section that has nothing before its end (found by fuzzing)', () => {
    const template = '{"a": "{{^data.revocation_date}}{{/data.revocation_date}}{{^data.id}}{{else}}x{{/data.id}}"}';
    expect(compileTemplate(template).render(sampleEvent('RequestCreated'))).toBe('{"a": "x"}');
    expect(unknownTemplatePaths(template)).toEqual([]);
  });

  it('names the line of an unknown helper deep in a block', () => {
    expect(compileError('{\n"a": "{{#if data.id}}\n{{#each data.access_groups}}\n{{shout name}}{{/each}}{{/if}}"}').message).toMatch(
      /^the body template does not compile at line 4 \("\{\{shout name\}\}\{\{\/each\}\}\{\{\/if\}\}\\"\}"\): unknown helper "shout"/,
    );
  });

  it('renders lookup, the four blocks, else chains, sections and data variables', () => {
    const template =
      '{"id": "{{lookup data "id"}}", "first": "{{lookup (lookup (lookup data.access_groups 0) "integration") "name"}}", ' +
      '"units": [{{#each data.access_groups.[0].access_units}}{{#if @index}},{{/if}}"{{@index}} {{resource.name}}"{{/each}}], ' +
      '"who": "{{#with data.requester}}{{email}}{{/with}}", "r": "{{#unless data.revocation_date}}none{{else if data.id}}x{{/unless}}", ' +
      '"s": "{{#data.requester}}{{name}}{{/data.requester}}"}';
    expect(JSON.parse(compileTemplate(template).render(sampleEvent('RequestCreated')))).toEqual({
      id: sampleEvent('RequestCreated').data.id,
      first: 'prod db',
      units: ['0 payments', '1 ledger'],
      who: 'dana.levi@example.com',
      r: 'none',
      s: 'Dana Levi',
    });
  });
});

describe('compileTemplate: limits checked before parsing', () => {
  it('refuses the audit\'s 7,000 nested {{#with}} (161 KB) for its size', () => {
    const template = nested(7000, '{{#with data}}', '{{/with}}');
    expect(template.length).toBe(161_000);
    const error = compileError(template);
    expect(error.code).toBe('FLOWHOOK_TEMPLATE_INVALID');
    expect(error.message).toBe(`${COMPILE}: it is 161000 bytes, more than the 64 KiB a body template may have`);
    expect(error.details).toEqual([{ path: '$.body_template', message: 'it is 161000 bytes, more than the 64 KiB a body template may have' }]);
  });

  it('refuses 3,000 nested {{#with}} that fit in 64 KiB for their nesting, naming the line', () => {
    const template = `{"a": "x",\n"b": "${nested(3000, '{{#with a}}', '{{/with}}')}"}`;
    expect(Buffer.byteLength(template)).toBeLessThan(TEMPLATE_SIZE_LIMIT);
    const error = compileError(template);
    expect(error.message).toMatch(/^the body template does not compile at line 2 \("\\"b\\": \\"\{\{#with a\}\}.{80,}…"\): blocks and subexpressions nest too deep \(at most 32\)$/);
  });

  it('counts bytes, not characters', () => {
    const template = `{"a": "${'é'.repeat(TEMPLATE_SIZE_LIMIT / 2)}"}`;
    expect(template.length).toBeLessThan(TEMPLATE_SIZE_LIMIT);
    expect(compileError(template).message).toBe(`${COMPILE}: it is ${TEMPLATE_SIZE_LIMIT + 9} bytes, more than the 64 KiB a body template may have`);
  });

  it('accepts a template of exactly 64 KiB', () => {
    const template = `{"a": "${'x'.repeat(TEMPLATE_SIZE_LIMIT - 9)}"}`;
    expect(Buffer.byteLength(template)).toBe(TEMPLATE_SIZE_LIMIT);
    expect(JSON.parse(compileTemplate(template).render(sampleEvent('RequestCreated')))).toEqual({ a: 'x'.repeat(TEMPLATE_SIZE_LIMIT - 9) });
  });

  it(`renders blocks nested ${TEMPLATE_NESTING_LIMIT} deep and refuses one more`, () => {
    const ok = `{"a": "${nested(TEMPLATE_NESTING_LIMIT, '{{#with @root}}', '{{/with}}', 'x')}"}`;
    expect(compileTemplate(ok).render(sampleEvent('RequestCreated'))).toBe('{"a": "x"}');
    const over = `{"a": "${nested(TEMPLATE_NESTING_LIMIT + 1, '{{#with @root}}', '{{/with}}', 'x')}"}`;
    expect(compileError(over).message).toMatch(/: blocks and subexpressions nest too deep \(at most 32\)$/);
  });

  it.each([
    ['{{else if}} chains', `{"a": "{{#if a}}${'{{else if b}}'.repeat(TEMPLATE_NESTING_LIMIT)}{{/if}}"}`],
    ['inverse sections', `{"a": "${nested(TEMPLATE_NESTING_LIMIT + 1, '{{^data}}', '{{/data}}')}"}`],
    ['subexpressions', `{"a": "{{lookup ${'(lookup '.repeat(TEMPLATE_NESTING_LIMIT + 1)}data "id"${')'.repeat(TEMPLATE_NESTING_LIMIT + 1)} "x"}}"}`],
    ['subexpressions inside blocks', `{"a": "${nested(TEMPLATE_NESTING_LIMIT - 1, '{{#with data}}', '{{/with}}', '{{lookup (lookup (lookup data "x") "y") "z"}}')}"}`],
    ['whitespace control', `{"a": "${nested(TEMPLATE_NESTING_LIMIT + 1, '{{~# with data ~}}', '{{~/with~}}')}"}`],
  ])('counts the nesting of %s', (_what, template) => {
    expect(compileError(template).message).toMatch(/: blocks and subexpressions nest too deep \(at most 32\)$/);
  });

  it.each([
    ['a path', `{"a": "{{data${'.a'.repeat(TEMPLATE_NESTING_LIMIT)}}}"}`],
    ['parent steps', `{"a": "{{${'../'.repeat(TEMPLATE_NESTING_LIMIT)}data}}"}`],
    ['a path of segment literals', `{"a": "{{data${'.[a]'.repeat(TEMPLATE_NESTING_LIMIT)}}}"}`],
  ])('refuses %s of more than 32 segments', (_what, template) => {
    expect(compileError(template).message).toMatch(/: a path has too many segments \(at most 32\)$/);
  });

  it(`refuses more than ${TEMPLATE_TAG_LIMIT} {{…}} tags`, () => {
    expect(() => compileTemplate(`{"a": "${'{{data.id}}'.repeat(TEMPLATE_TAG_LIMIT)}"}`)).not.toThrow();
    expect(compileError(`{"a": "${'{{data.id}}'.repeat(TEMPLATE_TAG_LIMIT + 1)}"}`).message).toMatch(/: the template has too many \{\{…\}\} tags \(at most 250\)$/);
  });

  it(`refuses more than ${TEMPLATE_PART_LIMIT.toLocaleString('en')} names, path segments and arguments in its tags`, () => {
    const error = compileError(`{"a": "{{lookup ${'data '.repeat(TEMPLATE_PART_LIMIT)}}}"}`);
    expect(error.message).toMatch(/: the \{\{…\}\} tags have too many names, path segments and arguments \(at most 2,000\)$/);
  });

  it('does not count comments, escaped tags or text in strings', () => {
    const comment = `{{!-- ${'{{#with data}}'.repeat(40)} --}}{{~!-- {{#each x}} --~}}`;
    const escaped = '\\{{#with data}}'.repeat(40);
    const template = `${comment}{"a": "${escaped}", "b": "{{lookup data "${'(('.repeat(40)}"}}"}`;
    expect(JSON.parse(compileTemplate(template).render(sampleEvent('RequestCreated')))).toEqual({ a: '{{#with data}}'.repeat(40), b: '' });
  });
});

describe('compileTemplate: limits while rendering', () => {
  const units = '{{#each @root.data.access_groups.[0].access_units}}';

  it(`stops loops that run more than ${RENDER_ITERATION_LIMIT.toLocaleString('en')} times in one rendering`, () => {
    const error = renderError(`{"a": "${nested(20, units, '{{/each}}')}"}`, sampleEvent('RequestCreated'));
    expect(error.code).toBe('FLOWHOOK_TEMPLATE_INVALID');
    expect(error.message).toBe('the body template runs its loops more than 10,000 times in one rendering');
    expect(error.hint).toBe('nest fewer {{#each}} blocks, or loop over fewer items');
  });

  it('stops sections over arrays, which loop too', () => {
    const section = '{{#@root.data.access_groups.[0].access_units}}';
    const error = renderError(`{"a": "${nested(20, section, '{{/@root.data.access_groups.[0].access_units}}')}"}`, sampleEvent('RequestCreated'));
    expect(error.message).toBe('the body template runs its loops more than 10,000 times in one rendering');
  });

  it('stops a loop as soon as its output is over 1 MiB', () => {
    const event = sampleEvent('RequestCreated');
    event.data.justification = 'x'.repeat(100_000);
    const error = renderError(`{"a": "${nested(8, units, '{{/each}}', '{{@root.data.justification}}')}"}`, event);
    expect(error.message).toBe('the body template renders more than the 1 MiB a flow accepts');
    expect(error.hint).toBe('send fewer fields, or loop over fewer items: Okta Workflows refuses a body over 1 MiB');
  });

  it('stops once the values rendered are over 1 MiB', () => {
    const event = sampleEvent('RequestCreated');
    event.data.justification = 'x'.repeat(300_000);
    const error = renderError(`{"a": "${'{{data.justification}}'.repeat(4)}"}`, event);
    expect(error.message).toBe('the body template renders more than the 1 MiB a flow accepts');
  });

  it('refuses a body over 1 MiB in UTF-8, and sends one of exactly 1 MiB', () => {
    const event = sampleEvent('RequestCreated');
    const template = '{"a": "{{data.justification}}"}';
    event.data.justification = '€'.repeat(349_526);
    expect(renderError(template, event).message).toBe('the body template renders 1048587 bytes, more than the 1 MiB a flow accepts');
    event.data.justification = 'x'.repeat(1024 * 1024 - 9);
    expect(compileTemplate(template).render(event)).toHaveLength(1024 * 1024);
  });

  it('refuses a whole event over 1 MiB when there is no template', () => {
    const event = sampleEvent('RequestCreated');
    event.data.justification = 'x'.repeat(1024 * 1024);
    expect(() => compileTemplate(null).render(event)).toThrow(/^the body template renders \d+ bytes, more than the 1 MiB a flow accepts$/);
  });

  it('meters each rendering afresh', () => {
    const template = compileTemplate(`{"a": "${nested(3, units, '{{/each}}', 'x')}"}`);
    for (let round = 0; round < 2000; round += 1) expect(template.render(sampleEvent('RequestCreated'))).toBe(`{"a": "${'x'.repeat(8)}"}`);
  });
});
