import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTypes, generatedPath, openApiDocuments } from '../../openapi/generate.js';

describe('openapi/generated', () => {
  for (const document of openApiDocuments()) {
    it(`is up to date with openapi/${document} (run "npm run gen" if not)`, async () => {
      const committed = readFileSync(generatedPath(document), 'utf8');
      expect(committed).toBe(await generateTypes(document));
    });
  }
});
