import { describe, expect, it } from 'vitest';
import { mockOktaSchemas } from '../mock-okta/schemas.js';
import { flowhookSchemas } from '../src/flowhook-schemas.js';
import { openApiSchemas } from '../src/schemas.js';

describe('openApiSchemas()', () => {
  it('keeps the generated document frozen, so that one caller cannot change it for the others', () => {
    const { document } = flowhookSchemas;
    expect(document.openapi).toBe('3.1.0');
    expect(Object.isFrozen(document)).toBe(true);
    expect(Object.isFrozen((document.components as { schemas: object }).schemas)).toBe(true);
  });

  it("checks a value against a schema of the mock's document", () => {
    const check = mockOktaSchemas.validator('FlowDefinition');
    expect(check({ security: 'public' })).toEqual([]);
    expect(check({ security: 'public', surprise: 1 })).toEqual([{ path: '$.surprise', message: 'is not a known field' }]);
  });

  it('names the document when asked for a schema it does not have', () => {
    const schemas = openApiSchemas('tiny.yaml', { openapi: '3.1.0', components: { schemas: { Name: { type: 'string' } } } });
    expect(schemas.validator('Name')('ok')).toEqual([]);
    expect(() => schemas.validator('Other')).toThrow('no schema "Other" in openapi/tiny.yaml');
  });
});
