/**
 * How fast the compiled `flowhook` command starts, against bare Node measured in the same run:
 * `node -e 0`, `flowhook --version`, `flowhook --help`, `flowhook mock --port 0` until its admin
 * API answers, and a process that imports each entry point of the package. Each start is its own process pinned to core 1 (this script waits on core 0); the four
 * are interleaved in every round so that a change in the host's speed moves them together. Prints the
 * median of the rounds and each ratio to bare Node.
 *
 *   npm run bench:cli            (builds first)
 *   ROUNDS=15 node --import tsx bench/cli-startup.ts
 *
 * Targets: --version ≤ 2.5× bare node; the mock ready ≤ 6× bare node.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { onCore, pinned, pinSelf, stopProcess } from './support.js';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const BIN = fileURLToPath(new URL('../dist/esm/src/cli/main.js', import.meta.url));
const ENTRIES = {
  flowhook: '../dist/esm/src/index.js',
  'flowhook/mock-okta': '../dist/esm/mock-okta/index.js',
  'flowhook/engine': '../dist/esm/src/engine/index.js',
};

interface Case {
  name: string;
  args: readonly string[];
  /** Resolves when the process has done what is measured; by default when it exits with status 0. */
  ready?: (child: ReturnType<typeof spawn>) => Promise<void>;
  target?: number;
}

const CASES: Case[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'flowhook --version', args: [BIN, '--version'], target: 2.5 },
  { name: 'flowhook --help', args: [BIN, '--help'] },
  { name: 'flowhook mock (until it answers)', args: [BIN, 'mock', '--port', '0'], ready: mockAnswers, target: 6 },
  ...Object.entries(ENTRIES).map(([entry, path]) => ({
    name: `import '${entry}'`,
    args: ['--input-type=module', '-e', `await import(${JSON.stringify(new URL(path, import.meta.url).href)})`],
  })),
];

async function mockAnswers(child: ReturnType<typeof spawn>): Promise<void> {
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(out);
      if (found?.[1] !== undefined) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`flowhook mock exited ${code}: ${out}`)));
  });
  const response = await fetch(`${url}/__admin/flows`);
  if (response.status !== 200) throw new Error(`the mock answered ${response.status}`);
  await response.arrayBuffer();
  await stopProcess(child);
}

async function startOnce(testCase: Case): Promise<number> {
  const started = performance.now();
  const [file, args] = onCore(1, [process.execPath, ...testCase.args]);
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  if (testCase.ready) await testCase.ready(child);
  else {
    child.stdout?.resume();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`${testCase.name} exited ${code}`);
  }
  return performance.now() - started;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

if (!existsSync(BIN)) {
  console.error('bench/cli-startup: no compiled CLI in dist/; run `npm run build` first (or `npm run bench:cli`).');
  process.exit(2);
}
pinSelf(0);
console.log(`CLI start-up: ${ROUNDS} rounds, ${pinned ? 'each start on core 1, this script on core 0' : 'not pinned (taskset or a second core missing)'}; Node ${process.version}`);

for (const testCase of CASES) await startOnce(testCase); // warm the file cache
const times = new Map<string, number[]>(CASES.map((testCase) => [testCase.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const testCase of CASES) times.get(testCase.name)?.push(await startOnce(testCase));
}

const baseline = median(times.get('node -e 0') ?? []);
for (const testCase of CASES) {
  const ms = median(times.get(testCase.name) ?? []);
  const ratio = ms / baseline;
  const verdict = testCase.target === undefined ? '' : ratio <= testCase.target ? `  (target ≤ ${testCase.target}×: met)` : `  (target ≤ ${testCase.target}×: MISSED)`;
  console.log(`  ${testCase.name.padEnd(36)} ${ms.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}× bare node${verdict}`);
}
