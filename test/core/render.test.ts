import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { alwaysRendersJson, compileTemplate, escapeJsonString, findJsonError, parseTemplate } from '../../src/core/render.js';
import { OKTA_GUIDE_TEMPLATE, sampleEvent } from '../../src/core/samples.js';
import { FlowhookError } from '../../src/errors.js';
import type { AccessRequestEvent } from '../../src/types.js';

function withJustification(justification: string): AccessRequestEvent {
  const event = sampleEvent('RequestCreated');
  event.data.justification = justification;
  return event;
}

function renderError(template: string, event: AccessRequestEvent = sampleEvent('RequestCreated')): FlowhookError {
  try {
    compileTemplate(template).render(event);
  } catch (err) {
    if (err instanceof FlowhookError) return err;
    throw err;
  }
  throw new Error('the template rendered');
}

describe('compileTemplate', () => {
  it("renders the Apono guide's Okta template, bracket paths included", () => {
    const body = JSON.parse(compileTemplate(OKTA_GUIDE_TEMPLATE).render(sampleEvent('RequestGranted'))) as unknown;
    expect(body).toEqual({
      fields: {
        'event type': 'RequestGranted',
        'event time': '1795511746.531058',
        'requestor email': 'dana.levi@example.com',
        'integration name': 'prod db',
        'resource type': 'Database',
        'access units': 'payments',
      },
    });
  });

  it.each([
    ['double quotes', 'she said "now"'],
    ['backslashes', 'C:\\Users\\dana\\'],
    ['newlines and tabs', 'line one\nline two\r\n\tindented'],
    ['other control characters', 'bell\u0007 nul\u0000 escape\u001b'],
    ['a closing script tag', '</script><script>alert(1)</script>'],
    ['emoji', 'rocket 🚀 and family 👨‍👩‍👧'],
    ['line and paragraph separators', 'a\u2028b\u2029c'],
    ['HTML characters', `<b>&amp;</b> 'single' \`tick\` =`],
    ['a lone surrogate', 'broken \ud800 half'],
  ])('keeps %s as valid JSON that decodes to the original value', (_what, value) => {
    const body = compileTemplate('{"justification": "{{data.justification}}"}').render(withJustification(value));
    expect((JSON.parse(body) as { justification: string }).justification).toBe(value);
  });

  it('escapes U+2028 and U+2029 so the body is also safe inside a script', () => {
    expect(compileTemplate('{"j": "{{data.justification}}"}').render(withJustification('a\u2028b\u2029c'))).toBe('{"j": "a\\u2028b\\u2029c"}');
  });

  it('never HTML-escapes', () => {
    expect(compileTemplate('{"j": "{{data.justification}}"}').render(withJustification(`<a href='x'>&</a>`))).toBe(
      `{"j": "<a href='x'>&</a>"}`,
    );
  });

  it('leaves the global Handlebars escaping alone', () => {
    compileTemplate('{"j": "{{data.justification}}"}').render(withJustification('"<'));
    expect(Handlebars.compile('{{x}}')({ x: '"<' })).toBe('&quot;&lt;');
  });

  it('renders numbers, booleans and null as Handlebars does, and missing paths as empty', () => {
    const event = sampleEvent('RequestCreated');
    const body = compileTemplate(
      '{"t": {{event_time}}, "d": {{data.access_duration_in_seconds}}, "r": "{{data.revocation_date}}", "x": "{{data.nope}}"}',
    ).render(event);
    expect(JSON.parse(body)).toEqual({ t: 1795511645.482913, d: 7200, r: '', x: '' });
  });

  it('repeats blocks with #each and reaches the outer context with ../', () => {
    const template = '{"units": [{{#each data.access_groups.[0].access_units}}{{#if @index}},{{/if}}"{{resource.name}} ({{../data.friendly_id}})"{{/each}}]}';
    expect(JSON.parse(compileTemplate(template).render(sampleEvent('RequestCreated')))).toEqual({
      units: ['payments (AR-4821)', 'ledger (AR-4821)'],
    });
  });

  it('renders the whole event as JSON when the template is empty or absent', () => {
    const event = sampleEvent('RequestExpired');
    for (const template of [null, undefined, '', '  \n ']) {
      expect(JSON.parse(compileTemplate(template).render(event))).toEqual(event);
    }
  });

  it('refuses a syntax error at compile time, naming the line', () => {
    let error: unknown;
    try {
      compileTemplate('{\n  "a": "{{data.id}}",\n  "b": "{{data.requester.email"\n}');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FlowhookError);
    expect((error as FlowhookError).code).toBe('FLOWHOOK_TEMPLATE_INVALID');
    expect((error as FlowhookError).message).toBe(
      'the body template does not compile at line 3 ("\\"b\\": \\"{{data.requester.email\\""): ' +
        "expecting 'ID', got 'INVALID'",
    );
    expect((error as FlowhookError).details?.[0]?.path).toBe('$.body_template');
  });

  it('explains that "}}}" after a value closes a raw value', () => {
    expect(() => compileTemplate('{"t": {{event_time}}}')).toThrow(
      'the body template does not compile at line 1 ("{\\"t\\": {{event_time}}}"): "}}}" closes a {{{raw}}} value here; ' +
        'put a space between the value\'s "}}" and the JSON\'s "}" (expecting ',
    );
  });

  it('refuses an unknown helper at compile time rather than at the first delivery', () => {
    expect(() => compileTemplate('{"a": "{{upper data.id}}"}')).toThrow('the body template does not compile at line 1 ("{\\"a\\": \\"{{upper data.id}}\\"}"): unknown helper "upper"');
  });

  it('refuses partials, the log helper and a block helper without its argument', () => {
    expect(() => compileTemplate('{{> footer}}')).toThrow('partials ({{> name}}) are not available in body templates');
    expect(() => compileTemplate('{"a": "{{log data.id}}"}')).toThrow('unknown helper "log"');
    expect(() => compileTemplate('[{{#each}}1{{/each}}]')).toThrow('{{#each}} needs exactly one argument, e.g. {{#each data.approvals}}');
  });

  it('names the template line of an unquoted value that breaks the JSON', () => {
    const error = renderError('{\n  "id": "{{data.id}}",\n  "name": {{data.requester.name}}\n}');
    expect(error.code).toBe('FLOWHOOK_TEMPLATE_INVALID');
    expect(error.message).toBe(
      'the body template renders invalid JSON at template line 3 ("\\"name\\": {{data.requester.name}}"): ' +
        'expected a JSON value (a string in double quotes, a number, true, false, null, an object or an array), ' +
        'near "e9f4a13\\",\\n  \\"name\\": Dana Levi\\n}"',
    );
    expect(error.hint).toBe(
      'put each {{value}} inside double quotes (it is escaped for a JSON string), and check the commas and braces around that line',
    );
  });

  it('names the line of a missing comma, not the line after it', () => {
    const error = renderError('{\n  "a": "{{data.id}}"\n  "b": "{{data.friendly_id}}"\n}');
    expect(error.message).toMatch(/^the body template renders invalid JSON at template line 2 \("\\"a\\": \\"\{\{data\.id\}\}\\""\): expected ',' or '\}' after a property value/);
  });

  it('names the template line inside an #each block where a trailing comma was rendered', () => {
    const template = '{\n  "units": [\n{{#each data.access_groups.[0].access_units}}\n    "{{resource.name}}",\n{{/each}}\n  ]\n}';
    expect(renderError(template).message).toMatch(/^the body template renders invalid JSON at template line 4 \("\\"\{\{resource\.name\}\}\\","\): a trailing comma before '\]'/);
  });


  it('names line 1 for a one-line template of values only', () => {
    expect(renderError('{{data.id}}').message).toMatch(/^the body template renders invalid JSON at template line 1 \("\{\{data\.id\}\}"\): unexpected text after the JSON value/);
  });

  it('reports text after the JSON value', () => {
    expect(renderError('{"a": 1}\n{"b": 2}').message).toMatch(/at template line 2 \("\{\\"b\\": 2\}"\): unexpected text after the JSON value/);
  });
});

describe('alwaysRendersJson', () => {
  it("holds for the guide's template, whose values all sit inside JSON strings", () => {
    expect(alwaysRendersJson(parseTemplate(OKTA_GUIDE_TEMPLATE))).toBe(true);
    expect(alwaysRendersJson(parseTemplate('{"a": "x \\" {{data.id}} \\u0041 {{data.friendly_id}}"} {{! note }}'))).toBe(true);
  });

  it.each([
    ['a value outside a string', '{"t": {{event_time}} }'],
    ['a value right after a backslash', '{"a": "\\\\{{data.id}}"}'],
    ['a value inside a \\u escape', '{"a": "\\u00{{data.id}}"}'],
    ['a block', '{"a": "{{#if data.id}}y{{/if}}"}'],
    ['a helper call', '{"a": "{{lookup data "id"}}"}'],
    ['text that is not JSON', '{"a": "{{data.id}}",}'],
  ])('does not hold with %s, so the output is checked', (_what, template) => {
    expect(alwaysRendersJson(parseTemplate(template))).toBe(false);
  });
});

describe('escapeJsonString', () => {
  it('returns text that needs no escaping unchanged, and empty text for null and undefined', () => {
    expect(escapeJsonString('dana.levi@example.com')).toBe('dana.levi@example.com');
    expect(escapeJsonString(null)).toBe('');
    expect(escapeJsonString(undefined)).toBe('');
    expect(escapeJsonString(0)).toBe('0');
    expect(escapeJsonString(false)).toBe('false');
  });
});

describe('findJsonError', () => {
  it.each([
    ['{"a": 1,}', 7, "a trailing comma before '}'"],
    ['[1, 2,]', 5, "a trailing comma before ']'"],
    ['{"a" 1}', 5, "expected ':' after a property name"],
    ['{a: 1}', 1, 'expected a property name in double quotes'],
    ['{"a": "x\ny"}', 8, 'a string contains a raw control character (a line break?)'],
    ['{"a": "x', 6, 'a string is not closed'],
    ['{"a": "\\q"}', 7, '"\\q" is not a JSON escape'],
    ['{"a": tru}', 6, 'expected a JSON value (a string in double quotes, a number, true, false, null, an object or an array)'],
    ['{"a": 1} x', 9, 'unexpected text after the JSON value'],
    ['  ', 2, 'the body is empty'],
    ['{"a": [1 2]}', 8, "expected ',' or ']' after an array element"],
  ])('finds where %j breaks', (text, offset, problem) => {
    expect(findJsonError(text)).toEqual({ offset, problem });
  });
});
