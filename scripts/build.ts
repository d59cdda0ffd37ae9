/**
 * `npm run build` (and `prepack`): compiles the package into `dist/`.
 *
 * - `dist/esm/`: tsc's ES modules with `.d.ts` and source maps, and the two web UIs' static files.
 * - `dist/cjs/`: the same modules as CommonJS, one file per module so that `flowhook`, `flowhook/mock-okta`
 *   and `flowhook/engine` share one copy of each class (an error thrown by the engine is still a
 *   FlowhookError of `flowhook`). jose and oauth4webapi ship only as ES modules, which neither jest nor
 *   Node 20's `require()` can load, so their CommonJS copies are bundled into `dist/cjs/vendor/`.
 *
 * The CLI is ESM only (`bin` points into `dist/esm/`), so it is left out of `dist/cjs/`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = join(root, 'dist');
const esm = join(dist, 'esm');
const cjs = join(dist, 'cjs');
const VENDORED = ['jose', 'oauth4webapi'];
const UI_FOLDERS = ['src/ui/public', 'mock-okta/ui/public'];

rmSync(dist, { recursive: true, force: true });

execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

/** Files under `dir` (relative to `base`, `/`-separated) whose names end with `suffix`. */
function filesIn(base: string, dir: string, suffix: string): string[] {
  return readdirSync(join(base, dir), { recursive: true, encoding: 'utf8' })
    .map((file) => join(dir, file).split('\\').join('/'))
    .filter((file) => file.endsWith(suffix));
}

const modules = ['src', 'mock-okta', 'openapi/generated']
  .flatMap((dir) => filesIn(root, dir, '.ts'))
  .filter((file) => !file.endsWith('.d.ts') && !file.startsWith('src/cli/') && file !== 'src/demo.ts');

/** Relative imports stay imports of their own output file; vendored packages point into `dist/cjs/vendor/`. */
const keepModulesApart: Plugin = {
  name: 'keep-modules-apart',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (VENDORED.includes(args.path)) {
        const fromDir = dirname(join(cjs, relative(root, args.importer)));
        let path = relative(fromDir, join(cjs, 'vendor', `${args.path}.js`));
        if (!path.startsWith('.')) path = `./${path}`;
        return { path, external: true };
      }
      return { path: args.path, external: true };
    });
  },
};

const common = { platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, sourcesContent: false, logLevel: 'warning' } as const;

await build({
  ...common,
  entryPoints: modules.map((file) => join(root, file)),
  outbase: root,
  outdir: cjs,
  bundle: true,
  plugins: [keepModulesApart],
  // The same file's path as an ES module would see it, for the UI folders beside it.
  define: { 'import.meta.url': '__flowhookModuleUrl' },
  banner: { js: 'const __flowhookModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
});

await build({
  ...common,
  entryPoints: Object.fromEntries(VENDORED.map((name) => [name, name])),
  outdir: join(cjs, 'vendor'),
  bundle: true,
  sourcemap: false,
  absWorkingDir: root,
});

writeFileSync(join(cjs, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);

// The declarations serve both formats; in `dist/cjs/` they describe CommonJS modules.
for (const declaration of filesIn(esm, '.', '.d.ts')) {
  if (declaration.startsWith('src/cli/') || declaration === 'src/demo.d.ts') continue;
  mkdirSync(dirname(join(cjs, declaration)), { recursive: true });
  cpSync(join(esm, declaration), join(cjs, declaration));
}

for (const folder of UI_FOLDERS) {
  for (const format of [esm, cjs]) cpSync(join(root, folder), join(format, folder), { recursive: true });
}

const count = (dir: string): number => readdirSync(dir, { recursive: true }).length;
console.error(`dist/esm: ${count(esm)} files, dist/cjs: ${count(cjs)} files`);
