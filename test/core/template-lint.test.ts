import { describe, expect, it } from 'vitest';
import { OKTA_GUIDE_TEMPLATE } from '../../src/core/samples.js';
import { unknownTemplatePaths } from '../../src/core/template-lint.js';

describe('unknownTemplatePaths', () => {
  it("finds nothing wrong in the Apono guide's Okta template", () => {
    expect(unknownTemplatePaths(OKTA_GUIDE_TEMPLATE)).toEqual([]);
  });

  it('reports a misspelt path with its line, as written, and the path it probably meant', () => {
    expect(unknownTemplatePaths('{\n  "email": "{{data.requester.emial}}",\n  "type": "{{event_tyep}}"\n}')).toEqual([
      { path: 'data.requester.emial', line: 2, suggestion: 'data.requester.email' },
      { path: 'event_tyep', line: 3, suggestion: 'event_type' },
    ]);
  });

  it('keeps bracket segments as written and suggests a corrected path', () => {
    expect(unknownTemplatePaths('"{{data.access_groups.[0].[resource_types].[0].nmae}}"')).toEqual([
      { path: 'data.access_groups.[0].[resource_types].[0].nmae', line: 1, suggestion: 'data.access_groups.[0].resource_types.[0].name' },
    ]);
  });

  it('reports a path with no close match without a suggestion', () => {
    expect(unknownTemplatePaths('"{{data.ticket_number}}"')).toEqual([{ path: 'data.ticket_number', line: 1 }]);
  });

  it('reports a path that goes below a string', () => {
    expect(unknownTemplatePaths('"{{data.requester.email.domain}}"')).toEqual([{ path: 'data.requester.email.domain', line: 1 }]);
  });

  it('accepts any path below custom_fields, which is free-form', () => {
    expect(unknownTemplatePaths('"{{data.custom_fields.ticket}} {{data.custom_fields.a.b}}"')).toEqual([]);
  });

  it('follows nullable objects, array indexes without brackets and array lengths', () => {
    expect(unknownTemplatePaths('"{{data.access_bundle.name}} {{data.access_groups.0.integration.type}} {{data.approvals.length}}"')).toEqual([]);
  });

  it('resolves paths inside #each against the array items, with ../, this, @index and @root', () => {
    const template = [
      '[{{#each data.access_groups}}',
      '"{{integration.name}} {{this.integration.id}} {{@index}} {{../event_type}} {{@root.data.id}}",',
      '"{{integraton.name}} {{../evnt_type}} {{@root.dta.id}}"',
      '{{/each}}]',
    ].join('\n');
    expect(unknownTemplatePaths(template)).toEqual([
      { path: 'integraton.name', line: 3, suggestion: 'integration.name' },
      { path: '../evnt_type', line: 3, suggestion: '../event_type' },
      { path: '@root.dta.id', line: 3, suggestion: '@root.data.id' },
    ]);
  });

  it('resolves block parameters, and the else branch of #each in the outer context', () => {
    const template = '{{#each data.approvals as |approval i|}}{{approval.approver.email}} {{approval.aprover.email}} {{i}}{{else}}{{data.id}}{{/each}}';
    expect(unknownTemplatePaths(template)).toEqual([
      { path: 'approval.aprover.email', line: 1, suggestion: 'approval.approver.email' },
    ]);
  });

  it('resolves #with and a path used as a block, which both make the value the context', () => {
    const template = '{{#with data.requester}}{{email}} {{mail}}{{/with}}\n{{#data.grantee}}{{source_id}} {{sourceid}}{{/data.grantee}}';
    expect(unknownTemplatePaths(template)).toEqual([
      { path: 'mail', line: 1, suggestion: 'email' },
      { path: 'sourceid', line: 2, suggestion: 'source_id' },
    ]);
  });

  it('checks the arguments of #if, #unless and lookup, but not the helper names', () => {
    expect(unknownTemplatePaths('{{#if data.grantee}}{{/if}}{{#unless data.justfication}}{{/unless}}{{lookup data.acess_groups 0}}')).toEqual([
      { path: 'data.justfication', line: 1, suggestion: 'data.justification' },
      { path: 'data.acess_groups', line: 1, suggestion: 'data.access_groups' },
    ]);
  });

  it('reports an unknown @ variable', () => {
    expect(unknownTemplatePaths('{{#each data.approvals}}{{@idx}}{{/each}}')).toEqual([{ path: '@idx', line: 1 }]);
  });

  it('refuses a template that does not parse, as compileTemplate does', () => {
    expect(() => unknownTemplatePaths('{{data.id')).toThrow('the body template does not compile at line 1');
  });
});
