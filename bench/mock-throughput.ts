/**
 * Invoke throughput of the mock against bare express 5, in the same run, and the mock's memory after
 * many invocations. Each server runs as its own process (pinned to core 0 when `taskset` exists),
 * driven by autocannon as another process (core 1): POST of a 1 KiB JSON body to
 * `/api/flo/abc/invoke?clientToken=t`, 32 keep-alive connections, a warm-up then a measured run.
 *
 *   node --import tsx bench/mock-throughput.ts
 *   DURATION=10 WARMUP=2 CONNECTIONS=32 ROUNDS=1 INVOCATIONS=200000 node --import tsx bench/mock-throughput.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCore, pinned, rssMiB, stopProcess } from './support.js';

const DURATION_S = Number(process.env.DURATION ?? 10);
const WARMUP_S = Number(process.env.WARMUP ?? 2);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.ROUNDS ?? 1);
const INVOCATIONS = Number(process.env.INVOCATIONS ?? 200_000);
const RSS_SAMPLES = 4;
const PATH = '/api/flo/abc/invoke?clientToken=t';

const root = fileURLToPath(new URL('..', import.meta.url));
const autocannon = join(root, 'node_modules/autocannon/autocannon.js');
const children = new Set<ChildProcess>();
const work = mkdtempSync(join(tmpdir(), 'flowhook-bench-'));
const bodyFile = join(work, 'body.json');

interface Target {
  readonly name: string;
  readonly script: string;
}
const TARGETS: readonly Target[] = [
  { name: 'express 5 + express.json()', script: 'bench/mock-express-baseline.ts' },
  { name: 'flowhook mock-okta (capture on)', script: 'bench/mock-server.ts' },
];

interface Measured {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** The same ~1 KiB body as the peer benchmark: exactly 1024 bytes of JSON. */
function writeBody(): void {
  const body = {
    flowId: 'abc',
    event: 'invoke',
    user: { id: '00u1abcd', email: 'someone@example.com' },
    items: Array.from({ length: 8 }, (_, i) => ({ id: i, name: `item-${i}`, qty: i * 3, ok: i % 2 === 0 })),
    pad: '',
  };
  body.pad = 'x'.repeat(1024 - JSON.stringify(body).length);
  writeFileSync(bodyFile, JSON.stringify(body));
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(target: Target): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const [command, args] = onCore(0, [process.execPath, '--import', 'tsx', target.script, String(port)]);
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const url = `http://127.0.0.1:${port}${PATH}`;
  const body = readFileSync(bodyFile);
  for (let waited = 0; waited < 30_000; waited += 100) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (response.status === 200) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${target.name} did not answer 200 on ${url} within 30 s`);
}

function load(url: string, limit: { seconds: number } | { amount: number }): Promise<Measured> {
  const run = 'seconds' in limit ? ['-d', String(limit.seconds)] : ['-a', String(limit.amount)];
  const [command, args] = onCore(1, [
    process.execPath, autocannon, '-c', String(CONNECTIONS), ...run, '-m', 'POST',
    '-H', 'content-type=application/json', '-i', bodyFile, '-j', url,
  ]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      children.delete(child);
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err.slice(-500)}`));
      const result = JSON.parse(out) as {
        requests: { mean: number };
        latency: { p50: number; p99: number };
        non2xx: number;
        errors: number;
      };
      resolve({ rps: result.requests.mean, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors });
    });
  });
}

/** Measures both targets; odd rounds start with express, even rounds with the mock, so drift hits both alike. */
async function throughputRound(round: number): Promise<Map<Target, Measured>> {
  const results = new Map<Target, Measured>();
  const order = round % 2 === 1 ? TARGETS : [...TARGETS].reverse();
  for (const target of order) {
    const { child, url } = await startServer(target);
    try {
      await load(url, { seconds: WARMUP_S });
      results.set(target, await load(url, { seconds: DURATION_S }));
    } finally {
      await stopProcess(child);
    }
  }
  return results;
}

async function memoryRun(): Promise<void> {
  const target = TARGETS[1] as Target;
  const { child, url } = await startServer(target);
  try {
    console.log(`\nmock RSS while sending ${INVOCATIONS} invocations (journal limit 10,000):`);
    console.log('| invocations | RSS MiB |');
    console.log('|---:|---:|');
    console.log(`| 0 (started, 1 probe) | ${rssMiB(child.pid as number)} |`);
    const step = Math.ceil(INVOCATIONS / RSS_SAMPLES);
    let sent = 0;
    while (sent < INVOCATIONS) {
      const amount = Math.min(step, INVOCATIONS - sent);
      const result = await load(url, { amount });
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors`);
      sent += amount;
      console.log(`| ${sent} | ${rssMiB(child.pid as number)} |`);
    }
    const journal = (await (await fetch(`${new URL(url).origin}/__admin/executions?limit=1`)).json()) as { dropped: number };
    console.log(`journal: kept the newest 10,000, dropped ${journal.dropped}`);
  } finally {
    await stopProcess(child);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function main(): Promise<void> {
  writeBody();
  console.log(`node ${process.version}, ${availableParallelism()} cores; ${pinned ? 'servers on core 0, autocannon on core 1 (taskset)' : 'no pinning'}`);
  console.log(`POST ${PATH}, 1024-byte JSON body, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s measured, ${ROUNDS} round(s)\n`);
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const results = await throughputRound(round);
    const baseline = results.get(TARGETS[0] as Target) as Measured;
    const ratio = (results.get(TARGETS[1] as Target) as Measured).rps / baseline.rps;
    ratios.push(ratio);
    console.log(`round ${round}`);
    console.log('| target | req/s | p50 ms | p99 ms | non-2xx | errors | vs express |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const [target, result] of results) {
      const vs = result === baseline ? '1.00×' : `${ratio.toFixed(2)}×`;
      console.log(`| ${target.name} | ${Math.round(result.rps)} | ${result.p50} | ${result.p99} | ${result.non2xx} | ${result.errors} | ${vs} |`);
    }
    console.log('');
  }
  console.log(`mock / express 5: ${median(ratios).toFixed(2)}× (median of ${ROUNDS}; target ≥ 0.8×)`);
  if (INVOCATIONS > 0) await memoryRun();
}

function stopAll(): void {
  for (const child of children) child.kill('SIGKILL');
  if (existsSync(work)) rmSync(work, { recursive: true, force: true });
}
process.on('SIGINT', () => {
  stopAll();
  process.exit(130);
});

try {
  await main();
} finally {
  stopAll();
}
