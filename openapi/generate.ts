/**
 * Generates TypeScript types from every OpenAPI document in this folder into `generated/`.
 * `npm run gen` writes them; the test suite fails when a committed file is stale.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = new URL('./', import.meta.url);

export function openApiDocuments(): string[] {
  return readdirSync(here).filter((file) => file.endsWith('.yaml')).sort();
}

export function generatedPath(document: string): URL {
  return new URL(`generated/${document.replace(/\.yaml$/, '.ts')}`, here);
}

export async function generateTypes(document: string): Promise<string> {
  const ast = await openapiTS(new URL(document, here));
  return `// Generated from openapi/${document} by \`npm run gen\`. Do not edit.\n\n${astToString(ast)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const document of openApiDocuments()) {
    writeFileSync(generatedPath(document), await generateTypes(document));
    console.log(`openapi/${document} → openapi/generated/${document.replace(/\.yaml$/, ".ts")}`);
  }
}
