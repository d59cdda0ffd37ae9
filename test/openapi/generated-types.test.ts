import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generatedFiles, openApiDocuments } from '../../openapi/generate.js';
import { document as flowhookDocument } from '../../openapi/generated/flowhook.document.js';
import { document as mockOktaDocument } from '../../openapi/generated/mock-okta.document.js';

const openapiDir = new URL('../../openapi/', import.meta.url);

describe('openapi/generated', () => {
  for (const document of openApiDocuments()) {
    for (const file of generatedFiles(document)) {
      it(`has generated/${file.path.pathname.split('/').at(-1)} up to date with openapi/${document} (run "npm run gen" if not)`, async () => {
        const committed = readFileSync(file.path, 'utf8');
        expect(committed).toBe(await file.generate());
      });
    }
  }

  it('exports each document as the same data its YAML parses to', () => {
    expect(flowhookDocument).toEqual(parse(readFileSync(new URL('flowhook.yaml', openapiDir), 'utf8')));
    expect(mockOktaDocument).toEqual(parse(readFileSync(new URL('mock-okta.yaml', openapiDir), 'utf8')));
  });
});
