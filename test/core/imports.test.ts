import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CORE = join(ROOT, 'src/core');

/** The edges of DESIGN.md's data flow, and the packages only edges may use. */
const EDGE_FOLDERS = ['src/auth', 'src/http', 'src/engine', 'src/store', 'src/api', 'src/cli'];
const EDGE_PACKAGES = ['express', 'better-sqlite3', 'undici'];

const SPECIFIER = [
  /^\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** What `file` imports: a package name, or a path relative to the checkout for a relative import. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return SPECIFIER.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] ?? '')).map((specifier) =>
    specifier.startsWith('.') ? relative(ROOT, resolve(dirname(file), specifier)) : specifier,
  );
}

function isEdge(specifier: string): boolean {
  return (
    EDGE_FOLDERS.some((folder) => specifier === folder || specifier.startsWith(`${folder}/`)) ||
    EDGE_PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`))
  );
}

const coreFiles = readdirSync(CORE, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts'))
  .map((name) => join(CORE, name));

describe('src/core imports', () => {
  it('reads the import lines of every core module', () => {
    expect(importsOf(join(CORE, 'webhook-config.ts'))).toContain('src/core/okta-url.js');
  });

  it('imports nothing from the edges: auth, http, engine, store, api, cli, express, better-sqlite3, undici', () => {
    const edgeImports = coreFiles.flatMap((file) =>
      importsOf(file)
        .filter(isEdge)
        .map((specifier) => `${relative(ROOT, file)} imports ${specifier}`),
    );
    expect(edgeImports).toEqual([]);
  });
});
