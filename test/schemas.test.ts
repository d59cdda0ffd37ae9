import { describe, expect, it } from 'vitest';
import { readOpenApiDocument, schemaValidator } from '../src/schemas.js';

describe('readOpenApiDocument()', () => {
  it('returns the generated document, frozen so that one caller cannot change it for the others', () => {
    const document = readOpenApiDocument('flowhook.yaml');
    expect(document.openapi).toBe('3.1.0');
    expect(Object.isFrozen(document)).toBe(true);
    expect(Object.isFrozen((document.components as { schemas: object }).schemas)).toBe(true);
    expect(readOpenApiDocument('flowhook.yaml')).toBe(document);
  });

  it('names the documents it knows when asked for another', () => {
    expect(() => readOpenApiDocument('other.yaml')).toThrow('no OpenAPI document "other.yaml"; use one of "flowhook.yaml", "mock-okta.yaml"');
  });
});

describe('schemaValidator()', () => {
  it('checks a value against a schema of the mock\'s document', () => {
    const check = schemaValidator('mock-okta.yaml', 'FlowDefinition');
    expect(check({ security: 'public' })).toEqual([]);
    expect(check({ security: 'public', surprise: 1 })).toEqual([{ path: '$.surprise', message: 'is not a known field' }]);
  });
});
