import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/core/render.js';
import { sampleEvent } from '../../src/core/samples.js';
import { TRIGGERS } from '../../src/core/triggers.js';
import { FlowhookError } from '../../src/errors.js';
import type { AccessRequestEvent } from '../../src/types.js';

/** Pieces of JSON and of Handlebars, valid and broken, that random templates are made of. */
const PIECES = [
  '{', '}', '[', ']', '"', ',', ':', ' ', '\n', '\\', '\\"', '\\u00', 'x', '1', '-', 'true', 'null', '"k": ', '{"a": "', '"}',
  '{{data.justification}}', '{{data.requester.email}}', '{{data.requester.name}}', '{{event_time}}', '{{data.id}}', '{{this}}', '{{.}}',
  '{{../data.id}}', '{{@index}}', '{{@key}}', '{{@root.data.justification}}', '{{data.access_groups.[0].[integration].name}}',
  '{{{data.justification}}}', '{{& data.id}}', '{{lookup data "justification"}}', '{{lookup (lookup data.access_groups 0) "id"}}',
  '{{#each data.access_groups}}', '{{#each @root.data.access_groups.[0].access_units}}', '{{/each}}', '{{#if data.id}}', '{{else}}',
  '{{else if data.justification}}', '{{/if}}', '{{#with data.requester}}', '{{/with}}', '{{#unless data.id}}', '{{/unless}}', '{{^data.id}}',
  '{{/data.id}}', '{{#data.requester}}', '{{/data.requester}}', '{{helperMissing}}', '{{log data}}', '{{> partial}}', '{{!-- note --}}',
  '{{! note }}', '\\{{', '{{~', '~}}', '{{', '}}', '}}}', '(', ')', '{{{{raw}}}}', '{{{{/raw}}}}', '{{*decorator}}', '{{#each data as |g i|}}',
  '{{g.id}}', '{{i}}', '{{lookup}}', '{{#lookup x}}', 'é', '\u2028', '\ud800',
];

const templates = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((pieces) => pieces.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

/** Any UTF-16 text, lone surrogates and control characters included. */
const text = fc.oneof(
  fc.string({ maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 100 }),
  fc.constantFrom('x","admin":true,"z":"', '</script>', '{{data.id}}', '\\', '"', '\u0000'),
);

const events = fc
  .record({ trigger: fc.constantFrom(...TRIGGERS), justification: text, email: text, name: text, friendly: text })
  .map(({ trigger, justification, email, name, friendly }): AccessRequestEvent => {
    const event = sampleEvent(trigger);
    event.data.justification = justification;
    event.data.requester.email = email;
    event.data.requester.name = name;
    event.data.friendly_id = friendly;
    return event;
  });

function onlyFlowhookErrors(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    if (!(err instanceof FlowhookError)) throw err;
    expect(err.code).toBe('FLOWHOOK_TEMPLATE_INVALID');
  }
}

describe('compileTemplate on random templates and events', () => {
  it('throws nothing but FLOWHOOK_TEMPLATE_INVALID, and renders only JSON (3,000 runs)', () => {
    fc.assert(
      fc.property(templates, fc.array(events, { minLength: 1, maxLength: 3 }), (source, samples) => {
        onlyFlowhookErrors(() => {
          const template = compileTemplate(source);
          for (const event of samples) {
            // A rendering that is not JSON would throw a SyntaxError here, which fails the property.
            onlyFlowhookErrors(() => JSON.parse(template.render(event)) as unknown);
          }
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps any text a requester writes inside its JSON string (2,000 runs)', () => {
    const template = compileTemplate('{"why": "{{data.justification}}", "who": "{{data.requester.email}}", "n": {{event_time}} }');
    fc.assert(
      fc.property(events, (event) => {
        const body = JSON.parse(template.render(event)) as Record<string, unknown>;
        expect(Object.keys(body)).toEqual(['why', 'who', 'n']);
        expect(typeof body.why).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});
