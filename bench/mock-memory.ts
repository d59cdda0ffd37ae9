/**
 * The mock's memory under a long load: RSS of the mock's process (`bench/mock-server.ts`) before the
 * load and after each of `SAMPLES` equal batches of `INVOCATIONS` captured invocations, and the highest
 * RSS it reached (`VmHWM`), with the default journal (the newest 10,000 executions, at most 64 MiB).
 * The mock runs as its own process pinned to core 0, autocannon as another pinned to core 1 (when
 * `taskset` exists): POST of a JSON body of `BODY_BYTES` bytes to `/api/flo/abc/invoke?clientToken=t`
 * over `CONNECTIONS` keep-alive connections.
 *
 *   node --import tsx bench/mock-memory.ts
 *   INVOCATIONS=1000000 SAMPLES=4 BODY_BYTES=1024 CONNECTIONS=32 node --import tsx bench/mock-memory.ts
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { LoadRun, PATH } from './mock-load.js';
import { pinned, rssMiB, stopProcess } from './support.js';

const DEFAULT_BODY_BYTES = 1024;
const INVOCATIONS = Number(process.env.INVOCATIONS ?? 1_000_000);
const SAMPLES = Number(process.env.SAMPLES ?? 4);
const BODY_BYTES = Number(process.env.BODY_BYTES ?? DEFAULT_BODY_BYTES);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
/** Target with the default 1 KiB body: the highest RSS, in MiB. Larger bodies fill the journal's 64 MiB byte bound first. */
const TARGET_MIB = 150;

/** The highest RSS the process has had (`VmHWM`), in MiB. */
function peakRssMiB(pid: number): number {
  const kb = Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

async function main(run: LoadRun): Promise<void> {
  console.log(`node ${process.version}, ${availableParallelism()} cores; ${pinned ? 'mock on core 0, autocannon on core 1 (taskset)' : 'no pinning'}`);
  console.log(`POST ${PATH}, ${BODY_BYTES}-byte JSON body, ${CONNECTIONS} connections, ${INVOCATIONS} invocations in ${SAMPLES} batches\n`);
  const { child, url } = await run.startServer('the mock', 'bench/mock-server.ts');
  const pid = child.pid as number;
  try {
    console.log('| invocations | RSS MiB | highest RSS so far MiB | req/s |');
    console.log('|---:|---:|---:|---:|');
    console.log(`| 0 (started, 1 probe) | ${rssMiB(pid)} | ${peakRssMiB(pid)} | |`);
    const step = Math.ceil(INVOCATIONS / SAMPLES);
    let sent = 0;
    while (sent < INVOCATIONS) {
      const amount = Math.min(step, INVOCATIONS - sent);
      const result = await run.load(url, CONNECTIONS, { amount });
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors`);
      sent += amount;
      console.log(`| ${sent} | ${rssMiB(pid)} | ${peakRssMiB(pid)} | ${Math.round(result.rps)} |`);
    }
    const listing = await fetch(`${new URL(url).origin}/__admin/executions?limit=1`);
    const { dropped } = (await listing.json()) as { dropped: number };
    console.log(`\njournal: dropped ${dropped} of ${sent + 1} executions (kept ${sent + 1 - dropped})`);
    const end = rssMiB(pid);
    const peak = peakRssMiB(pid);
    const verdict =
      BODY_BYTES === DEFAULT_BODY_BYTES
        ? ` (target < ${TARGET_MIB} MiB with ${DEFAULT_BODY_BYTES}-byte bodies): ${peak < TARGET_MIB ? 'met' : 'not met'}`
        : '';
    console.log(`RSS at the end ${end} MiB, highest ${peak} MiB${verdict}`);
  } finally {
    await stopProcess(child);
  }
}

const run = new LoadRun(BODY_BYTES);
process.on('SIGINT', () => {
  run.stop();
  process.exit(130);
});
try {
  await main(run);
} finally {
  run.stop();
}
