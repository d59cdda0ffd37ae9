/**
 * Generates, from every OpenAPI document in this folder, into `generated/`: the TypeScript types
 * (`<name>.ts`) and the document itself as data (`<name>.document.ts`), which the runtime validators
 * import so that nothing reads or parses YAML at run time. `npm run gen` writes them; the test suite
 * fails when a committed file is stale.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const here = new URL('./', import.meta.url);

export interface GeneratedFile {
  /** Where the file is committed, e.g. `openapi/generated/flowhook.document.ts`. */
  path: URL;
  /** The file's expected content. */
  generate(): Promise<string>;
}

export function openApiDocuments(): string[] {
  return readdirSync(here).filter((file) => file.endsWith('.yaml')).sort();
}

/** Every file generated from `document`: its types and its data. */
export function generatedFiles(document: string): GeneratedFile[] {
  return [
    { path: generatedPath(document), generate: () => generateTypes(document) },
    { path: generatedDocumentPath(document), generate: () => Promise.resolve(generateDocument(document)) },
  ];
}

export function generatedPath(document: string): URL {
  return new URL(`generated/${document.replace(/\.yaml$/, '.ts')}`, here);
}

export function generatedDocumentPath(document: string): URL {
  return new URL(`generated/${document.replace(/\.yaml$/, '.document.ts')}`, here);
}

export async function generateTypes(document: string): Promise<string> {
  const ast = await openapiTS(new URL(document, here));
  return `${header(document)}${astToString(ast)}`;
}

/** The parsed document as a module exporting it as a plain object, typed loosely so that tsc stays fast. */
export function generateDocument(document: string): string {
  const data: unknown = parse(readFileSync(new URL(document, here), 'utf8'));
  return `${header(document)}export const document: Readonly<Record<string, unknown>> = ${JSON.stringify(data, null, 2)};\n`;
}

function header(document: string): string {
  return `// Generated from openapi/${document} by \`npm run gen\`. Do not edit.\n\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const document of openApiDocuments()) {
    for (const file of generatedFiles(document)) {
      writeFileSync(file.path, await file.generate());
      console.log(`openapi/${document} → openapi/generated/${file.path.pathname.split('/').at(-1)}`);
    }
  }
}
