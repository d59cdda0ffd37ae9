/**
 * Invoke throughput of the mock against bare express 5, in the same run. Each server runs as its own
 * process (pinned to core 0 when `taskset` exists), driven by autocannon as another process (core 1):
 * POST of a 1 KiB JSON body to `/api/flo/abc/invoke?clientToken=t`, 32 keep-alive connections, a
 * warm-up then a measured run. The mock's memory under a long load is `bench/mock-memory.ts`.
 *
 *   node --import tsx bench/mock-throughput.ts
 *   DURATION=10 WARMUP=2 CONNECTIONS=32 ROUNDS=1 node --import tsx bench/mock-throughput.ts
 */
import { availableParallelism } from 'node:os';
import { LoadRun, PATH, type Measured } from './mock-load.js';
import { pinned, stopProcess } from './support.js';

const DURATION_S = Number(process.env.DURATION ?? 10);
const WARMUP_S = Number(process.env.WARMUP ?? 2);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.ROUNDS ?? 1);

interface Target {
  readonly name: string;
  readonly script: string;
}
const TARGETS: readonly Target[] = [
  { name: 'express 5 + express.json()', script: 'bench/mock-express-baseline.ts' },
  { name: 'flowhook mock-okta (capture on)', script: 'bench/mock-server.ts' },
];

/** Measures both targets; odd rounds start with express, even rounds with the mock, so drift hits both alike. */
async function throughputRound(run: LoadRun, round: number): Promise<Map<Target, Measured>> {
  const results = new Map<Target, Measured>();
  const order = round % 2 === 1 ? TARGETS : [...TARGETS].reverse();
  for (const target of order) {
    const { child, url } = await run.startServer(target.name, target.script);
    try {
      await run.load(url, CONNECTIONS, { seconds: WARMUP_S });
      results.set(target, await run.load(url, CONNECTIONS, { seconds: DURATION_S }));
    } finally {
      await stopProcess(child);
    }
  }
  return results;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function main(run: LoadRun): Promise<void> {
  console.log(`node ${process.version}, ${availableParallelism()} cores; ${pinned ? 'servers on core 0, autocannon on core 1 (taskset)' : 'no pinning'}`);
  console.log(`POST ${PATH}, 1024-byte JSON body, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s measured, ${ROUNDS} round(s)\n`);
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const results = await throughputRound(run, round);
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
}

const run = new LoadRun(1024);
process.on('SIGINT', () => {
  run.stop();
  process.exit(130);
});
try {
  await main(run);
} finally {
  run.stop();
}
