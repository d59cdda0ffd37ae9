/**
 * flowhook as a stranger's project gets it: `npm pack` (which builds), the tarball installed into a fresh
 * consumer project (test/package/consumer), and every way a user loads it tried there: ES modules,
 * require(), vitest, jest 30 with its default config, node:test, strict TypeScript under both module
 * resolutions, and the `flowhook` bin. The vitest, jest and node:test suites are the README's own
 * examples: each code block whose info string names a `file=` is written there, as it stands.
 *
 * The consumer installs the tarball from the npm cache that `npm ci` filled. The test runners and
 * TypeScript come from this checkout (linked into the consumer or run from here), and better-sqlite3's
 * native addon, already compiled for this Node by `npm ci`, is copied rather than compiled again.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeFiles } from '../support/readme.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./consumer/', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const BIN = (name: string): string => join(ROOT, 'node_modules', name);

/** The README's test suites: its code blocks that name a file of a runner's folder in the consumer project. */
function readmeSuites(): Map<string, string> {
  return new Map([...readmeFiles()].filter(([file]) => /^(vitest|jest|node-test)\//.test(file)));
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** npm's own settings for the test run (npm_config_*, npm_lifecycle_*) must not leak into the consumer's npm. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}

function run(command: string, args: readonly string[], cwd: string, timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: cleanEnv(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

async function ok(command: string, args: readonly string[], cwd: string): Promise<string> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** What one step may take on a loaded 2-core machine: a tsc run of the consumer or a test runner's start. */
const SLOW_MS = 180_000;

let dir: string;
let consumer: string;
let packed: string[];
/** `npm ls --omit=dev` of the consumer right after installing the tarball. */
let runtimeTree: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flowhook-package-'));
  const [pack] = JSON.parse(await ok('npm', ['pack', '--json', '--pack-destination', dir], ROOT)) as [{ filename: string; files: { path: string }[] }];
  packed = pack.files.map((file) => file.path);

  consumer = join(dir, 'consumer');
  cpSync(FIXTURE, consumer, { recursive: true });
  for (const [file, text] of readmeSuites()) {
    mkdirSync(dirname(join(consumer, file)), { recursive: true });
    writeFileSync(join(consumer, file), text);
  }
  await ok('npm', ['install', join(dir, pack.filename), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], consumer);
  runtimeTree = (await ok('npm', ['ls', '--omit=dev', '--all', '--parseable'], consumer)).split('\n').filter(Boolean);
  cpSync(join(BIN('better-sqlite3'), 'build'), join(consumer, 'node_modules/better-sqlite3/build'), { recursive: true });
  // What a consumer's suite installs beside flowhook: its test runner and Node's types.
  for (const tool of ['vitest', '@types/node', 'undici-types']) {
    mkdirSync(join(consumer, 'node_modules', tool, '..'), { recursive: true });
    if (!existsSync(join(consumer, 'node_modules', tool))) symlinkSync(BIN(tool), join(consumer, 'node_modules', tool));
  }
}, 300_000);

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe.concurrent('the tarball', { timeout: SLOW_MS }, () => {
  it('holds the build, the OpenAPI documents, README and LICENSE, and no tests, benchmarks, sources or screenshots', () => {
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'openapi/flowhook.yaml', 'dist/esm/src/index.js', 'dist/cjs/src/index.js']));
    const unexpected = packed.filter((path) => !/^(dist\/|openapi\/[\w-]+\.yaml$|README\.md$|LICENSE$|package\.json$)/.test(path));
    expect(unexpected).toEqual([]);
    expect(packed.filter((path) => /\.(png|pem|db)$|(^|\/)(test|bench)\//.test(path))).toEqual([]);
    expect(packed.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([]);
  });

  it('installs without a TypeScript loader or bundler among what it needs at run time', () => {
    expect(runtimeTree.some((path) => path.endsWith('/node_modules/flowhook'))).toBe(true);
    expect(runtimeTree.filter((path) => /\/node_modules\/(tsx|esbuild|typescript|@esbuild\/[^/]+)$/.test(path))).toEqual([]);
  });
});

describe.concurrent('loading it', { timeout: SLOW_MS }, () => {
  const entries = {
    flowhook: ['FlowhookError', 'compileWebhook', 'deliver', 'parseWebhookConfig', 'sampleEvent', 'matchWebhook'],
    'flowhook/mock-okta': ['startMockOkta', 'MockOktaClient', 'MockOktaServer'],
    'flowhook/engine': ['DeliveryEngine', 'openSqliteStore', 'createApiApp', 'startServer'],
  };

  it.each(['entries.mjs', 'entries.cjs'])('%s loads every entry point', async (script) => {
    const exported = JSON.parse(await ok(process.execPath, [script], consumer)) as Record<string, string[]>;
    for (const [entry, names] of Object.entries(entries)) expect(exported[entry], entry).toEqual(expect.arrayContaining(names));
    // Each layer exports its own: nothing of the mock or the engine comes through `flowhook`.
    expect(exported.flowhook).not.toContain('startMockOkta');
    expect(exported.flowhook).not.toContain('DeliveryEngine');
  });

  it('flowhook loads no SQLite, no express, no mock and no engine', async () => {
    const resolved = JSON.parse(await ok(process.execPath, ['loaded.mjs', 'flowhook'], consumer)) as string[];
    expect(resolved.some((url) => url.includes('/dist/esm/src/deliver.js'))).toBe(true);
    expect(resolved.filter((url) => /\/node_modules\/(better-sqlite3|express|pino)\/|\/dist\/esm\/(mock-okta|src\/(engine|store|api|ui))\/|mock-okta\.document/.test(url))).toEqual([]);
  });

  it('flowhook/mock-okta loads no SQLite and no engine', async () => {
    const resolved = JSON.parse(await ok(process.execPath, ['loaded.mjs', 'flowhook/mock-okta'], consumer)) as string[];
    expect(resolved.some((url) => url.includes('/dist/esm/mock-okta/server.js'))).toBe(true);
    expect(resolved.filter((url) => /\/node_modules\/better-sqlite3\/|\/dist\/esm\/src\/(engine|store|api)\/|flowhook\.document/.test(url))).toEqual([]);
  });
});

describe.concurrent('test suites that use it: the README\'s examples', { timeout: SLOW_MS }, () => {
  it('are in the README', () => {
    expect([...readmeSuites().keys()].sort()).toEqual(['jest/access-requests.test.js', 'node-test/access-requests.test.mjs', 'vitest/access-requests.test.ts', 'vitest/contract.test.ts']);
  });

  it('vitest', async () => {
    const result = await run(process.execPath, [join(BIN('vitest'), 'vitest.mjs'), 'run'], join(consumer, 'vitest'));
    expect(result.stdout + result.stderr).toMatch(/Tests\s+.*3 passed/);
    expect(result.code).toBe(0);
  });

  it('jest 30 with its default config', async () => {
    const result = await run(process.execPath, [join(BIN('jest'), 'bin/jest.js'), '--ci'], join(consumer, 'jest'));
    expect(result.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
    expect(result.code).toBe(0);
  });

  it('node:test', async () => {
    const result = await run(process.execPath, ['--test', 'node-test/access-requests.test.mjs'], consumer);
    expect(result.stdout).toMatch(/# pass 1\n# fail 0/);
    expect(result.code).toBe(0);
  });
});

describe.concurrent('strict TypeScript', { timeout: SLOW_MS }, () => {
  it.each(['node16', 'bundler'])('compiles a consumer under moduleResolution %s', async (resolution) => {
    const result = await run(process.execPath, [join(BIN('typescript'), 'bin/tsc'), '-p', `types/tsconfig.${resolution}.json`], consumer);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  });
});

describe.concurrent('the flowhook bin', { timeout: SLOW_MS }, () => {
  it('prints its version', async () => {
    expect(await ok('npx', ['--no-install', 'flowhook', '--version'], consumer)).toBe(`${VERSION}\n`);
  });

  it('runs the mock, which answers', async () => {
    // Its own process group, so that stopping it stops npx and the mock under it.
    const child = spawn('npx', ['--no-install', 'flowhook', 'mock', '--port', '0'], { cwd: consumer, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /listening on (http:\/\/\S+)/.exec(out);
          if (found?.[1] !== undefined) resolve(found[1]);
        });
        child.once('exit', (code) => reject(new Error(`flowhook mock exited ${code}: ${out}`)));
      });
      const flows = await fetch(`${url}/__admin/flows`);
      expect(flows.status).toBe(200);
      expect(await flows.json()).toEqual({ flows: [] });
    } finally {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    }
  });
});
