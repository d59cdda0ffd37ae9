import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyOrigins } from '../../src/core/body-origins.js';
import { compileTemplate } from '../../src/core/render.js';
import { OKTA_GUIDE_TEMPLATE, sampleEvent } from '../../src/core/samples.js';
import type { AccessRequestEvent } from '../../src/types.js';

function origins(template: string, event: AccessRequestEvent = sampleEvent('RequestCreated')) {
  return bodyOrigins(template, event, compileTemplate(template).render(event));
}

describe('bodyOrigins', () => {
  it("gives each field of the guide's template its line, its tag and what it rendered", () => {
    const found = origins(OKTA_GUIDE_TEMPLATE);
    expect(found?.get('$.fields["requestor email"]')).toEqual([{ line: 5, tag: '{{data.requester.email}}', rendered: 'dana.levi@example.com' }]);
    expect(found?.get('$.fields["integration name"]')).toEqual([{ line: 6, tag: '{{data.access_groups.[0].[integration].name}}', rendered: 'prod db' }]);
    expect([...(found?.keys() ?? [])]).toHaveLength(6);
  });

  it('says why a top-level path rendered empty: absent from the event, or null in it', () => {
    const found = origins('{\n"a": "{{data.requester.emial}}",\n"b": "x{{data.revocation_date}}y {{data.friendly_id}}"\n}');
    expect(found?.get('$.a')).toEqual([{ line: 2, tag: '{{data.requester.emial}}', rendered: '', absent: 'the event has no data.requester.emial' }]);
    expect(found?.get('$.b')).toEqual([
      { line: 3, tag: '{{data.revocation_date}}', rendered: '', absent: 'data.revocation_date is null in the event' },
      { line: 3, tag: '{{data.friendly_id}}', rendered: 'AR-4821' },
    ]);
  });

  it('follows values inside blocks without claiming why they are empty, and leaves values outside strings unmarked', () => {
    const found = origins('{"t": {{event_time}}, "names": [{{#each data.approvals}}"{{name}}{{nope}}"{{/each}}]}');
    expect(found?.has('$.t')).toBe(false);
    expect(found?.get('$.names[0]')).toEqual([
      { line: 1, tag: '{{name}}', rendered: 'DBA on-call' },
      { line: 1, tag: '{{nope}}', rendered: '' },
    ]);
  });

  it('gives no origins when the marks would change the body (whitespace control beside a tag)', () => {
    expect(origins('{"a": " {{~data.friendly_id}}"}')).toBeUndefined();
  });

  it('never gives an origin that disagrees with the body, whatever text the event holds (300 runs)', () => {
    const template = '{\n  "email": "{{data.requester.email}}",\n  "why": "<{{data.justification}}>"\n}';
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (email, why) => {
        const event = sampleEvent('RequestCreated');
        event.data.requester.email = email;
        event.data.justification = why;
        const body = compileTemplate(template).render(event);
        const found = bodyOrigins(template, event, body);
        if (found === undefined) return;
        const parsed = JSON.parse(body) as { email: string; why: string };
        expect(found.get('$.email')?.map((origin) => origin.rendered).join('')).toBe(parsed.email);
        expect(`<${found.get('$.why')?.map((origin) => origin.rendered).join('')}>`).toBe(parsed.why);
      }),
      { numRuns: 300 },
    );
  });
});
