/**
 * The delivery engine on PostgreSQL: deliveries per second and CPU per delivery with one worker and with
 * two workers sharing one database, against the engine on SQLite with its one worker, measured in the
 * same run against the same sink; then the ingest-to-delivered latency at a modest, fixed event rate,
 * and of lone events.
 *
 * Every worker is its own process (bench/postgres-engine-worker.ts) running a DeliveryEngine with
 * CONCURRENCY sends at once, pacing off (the sink is not an Okta host), delivering to FLOWS webhooks
 * (one by default), each its own flow capped at FLOW_CAP sends in flight over all workers, which the
 * first worker creates and the others read from the database. Each worker ingests its share of the
 * EVENTS events itself, CONCURRENCY callers at once, each waiting for its event's commit as
 * POST /api/events does before its 202; the phase ends when the queue is empty, and its rate runs from
 * the first ingest to the last delivery's `completedAt` in the database. Each round takes a fresh
 * database (or file) and fresh workers per configuration, which first deliver WARMUP events that are
 * not measured (a new process runs its hot paths unoptimised at first); the configurations take turns
 * in a rotated order. The workers count their turns (store.exchange: its wall time, what it settled and
 * leased) and how long an ingest waits for its commit, which shows where a delivery waits.
 *
 * Then, in the same processes: PACED_RATE events a second over all workers for PACED_SECONDS, and LONE
 * events one at a time, each at a random moment after the one before was delivered (as rare access
 * requests arrive); latency is the end of the delivered attempt (the sink had answered) less the time
 * the event was received.
 *
 * Which core runs what (taskset, when there are two cores): the sink (a bare node:http server, far
 * faster than the engine), the PostgreSQL server (all its processes) and this process (which only waits
 * and reads /proc) on core 0; the workers on core 1, both of them when there are two, so that the
 * engine side of every configuration has one core; in the `pg2-spread` configuration the second worker
 * runs on core 0 instead, beside the server and the sink. On SQLite the database works inside the
 * worker, on core 1; on PostgreSQL the server does its share on core 0, so CPU per delivery is reported
 * for each process: the workers' (process.cpuUsage(), all threads), the server's (the postmaster, what
 * it reaped, and its live children, from /proc), and the sink's, with how busy each core was (whoever
 * used it).
 *
 *   npm run bench:postgres
 *   EVENTS=2000 WARMUP=2000 ROUNDS=3 CONCURRENCY=32 FLOW_CAP=32 FLOWS=1 PACED_RATE=200 PACED_SECONDS=3 LONE=5 \
 *     CONFIGS=sqlite,pg1,pg2,pg2-spread node --import tsx bench/postgres-engine.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgresCluster, type PostgresCluster } from '../test/support/postgres-cluster.js';
import type { Command, Reply, TurnStats } from './postgres-engine-worker.js';
import { cpuSeconds, onCore, pinned, pinSelf, postgresCpuSeconds, runSink, spawnUntilReady, stopProcess } from './support.js';

const EVENTS = Number(process.env.EVENTS ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
/** Sends of a flow in flight at once, over all workers (the store counts them). */
const FLOW_CAP = Number(process.env.FLOW_CAP ?? CONCURRENCY);
/** Flows (1 to 6), one webhook each for one trigger; the events take them in turn, one delivery each. */
const FLOWS = Number(process.env.FLOWS ?? 1);
/** Events per second over all workers for the latency phase, well below what any configuration takes. */
const PACED_RATE = Number(process.env.PACED_RATE ?? 200);
const PACED_SECONDS = Number(process.env.PACED_SECONDS ?? 3);
/** Events each configuration's workers deliver before the measured phase, so that V8 has compiled the hot paths of every process. */
const WARMUP = Number(process.env.WARMUP ?? EVENTS);
/** Events sent one at a time, each once the one before was delivered, per configuration and round. */
const LONE = Number(process.env.LONE ?? 5);
const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);
const workerScript = fileURLToPath(new URL('postgres-engine-worker.ts', import.meta.url));

interface Config {
  name: string;
  what: string;
  database: 'sqlite' | 'postgres';
  /** The core of each worker. */
  cores: number[];
}

const CONFIGS: readonly Config[] = [
  { name: 'sqlite', what: 'SQLite, 1 worker (baseline)', database: 'sqlite', cores: [1] },
  { name: 'pg1', what: 'PostgreSQL, 1 worker', database: 'postgres', cores: [1] },
  { name: 'pg2', what: 'PostgreSQL, 2 workers on core 1', database: 'postgres', cores: [1, 1] },
  { name: 'pg2-spread', what: 'PostgreSQL, 2 workers, one on core 0', database: 'postgres', cores: [1, 0] },
];
if (!(Number.isInteger(FLOWS) && FLOWS >= 1 && FLOWS <= 6)) throw new TypeError(`FLOWS must be 1 to 6 (one per trigger), not ${process.env.FLOWS}`);
const CHOSEN = (process.env.CONFIGS ?? 'sqlite,pg1,pg2').split(',').map((name) => {
  const config = CONFIGS.find((candidate) => candidate.name === name);
  if (!config) throw new TypeError(`CONFIGS: no configuration "${name}"; there are ${CONFIGS.map((c) => c.name).join(', ')}`);
  return config;
});

/** A worker process and its IPC channel: one command at a time, each answered by one reply. */
class Worker {
  readonly #child: ChildProcess;
  #waiting: { resolve: (reply: Reply) => void; reject: (err: Error) => void } | undefined;

  constructor(core: number) {
    const [file, args] = onCore(core, [process.execPath, '--import', 'tsx', workerScript]);
    this.#child = spawn(file, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#child.on('message', (reply: Reply) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.resolve(reply);
    });
    this.#child.once('exit', (code, signal) => {
      if (code !== 0) this.#waiting?.reject(new Error(`a worker exited with ${code ?? signal}`));
    });
  }

  ask<T extends Reply['type']>(command: Command, expected: T): Promise<Extract<Reply, { type: T }>> {
    if (this.#waiting) throw new Error('a worker takes one command at a time');
    return new Promise((resolve, reject) => {
      this.#waiting = {
        resolve: (reply) => (reply.type === expected ? resolve(reply as Extract<Reply, { type: T }>) : reject(new Error(`asked ${command.type}, got ${reply.type}`))),
        reject,
      };
      this.#child.send(command);
    });
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode === null) await this.ask({ type: 'stop' }, 'stopped');
    await stopProcess(this.#child);
  }

  kill(): Promise<void> {
    return stopProcess(this.#child);
  }
}

/** Busy and total time of each core so far, from /proc/stat, every process on the machine included. */
function coreTimes(): Array<{ busy: number; total: number }> {
  return readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((line) => /^cpu\d+ /.test(line))
    .map((line) => {
      const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
      const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
      return { busy, total: busy + (idle ?? 0) + (iowait ?? 0) };
    });
}

interface Sample {
  rate: number;
  /** CPU µs per delivery: the workers together, the PostgreSQL server, the sink. */
  workerUs: number;
  serverUs: number;
  sinkUs: number;
  /** Shares of one core over the phase: the workers together, the server, the sink. */
  workerShare: number;
  serverShare: number;
  sinkShare: number;
  /** How busy each core was over the phase, whoever used it. */
  coreBusy: number[];
  /** Ingest to delivered, in the latency phase. */
  p50Ms: number;
  p99Ms: number;
  /** Ingest to delivered of each lone event. */
  loneMs: number[];
  /** The workers' turns and ingests in the throughput phase, all workers together. */
  turns: TurnStats;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** `total` split into `parts` shares that differ by one at most. */
function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0));
}

interface Setting {
  cluster: PostgresCluster;
  sinkPid: number;
  sinkOrigin: string;
  dir: string;
}

let files = 0;

/** One configuration on a fresh database: the warm-up, the throughput phase, then the latency phase. */
async function run(config: Config, { cluster, sinkPid, sinkOrigin, dir }: Setting): Promise<Sample> {
  const database = config.database === 'postgres' ? await cluster.createDatabase() : join(dir, `baseline-${(files += 1)}.db`);
  const workers: Worker[] = [];
  try {
    for (const [index, core] of config.cores.entries()) {
      const worker = new Worker(core);
      workers.push(worker);
      const open: Command = {
        type: 'open',
        database,
        secretKey: SECRET_KEY,
        sinkOrigin,
        flows: FLOWS,
        createWebhooks: index === 0,
        concurrency: CONCURRENCY,
        maxInFlightPerFlow: FLOW_CAP,
      };
      await worker.ask(open, 'opened');
    }
    await Promise.all(split(WARMUP, workers.length).map((events, index) => (workers[index] as Worker).ask({ type: 'ingest', events }, 'ingested')));
    await Promise.all(workers.map((worker) => worker.ask({ type: 'drain' }, 'drained')));
    const shares = split(EVENTS, workers.length);
    const serverBefore = postgresCpuSeconds(cluster.pid);
    const sinkBefore = cpuSeconds(sinkPid);
    const coresBefore = coreTimes();
    const wallBefore = performance.now();
    const ingested = await Promise.all(workers.map((worker, index) => worker.ask({ type: 'ingest', events: shares[index] as number }, 'ingested')));
    const drained = await Promise.all(workers.map((worker) => worker.ask({ type: 'drain' }, 'drained')));
    const seconds = (performance.now() - wallBefore) / 1000;
    const serverSeconds = postgresCpuSeconds(cluster.pid) - serverBefore;
    const sinkSeconds = cpuSeconds(sinkPid) - sinkBefore;
    const coreBusy = coreTimes().map((after, core) => {
      const before = coresBefore[core] ?? after;
      return (after.busy - before.busy) / Math.max(1, after.total - before.total);
    });
    const tally = await (workers[0] as Worker).ask({ type: 'tally' }, 'tally');
    if (tally.delivered !== WARMUP + EVENTS || tally.notDelivered !== 0) {
      throw new Error(`${config.name}: ${tally.delivered} of ${WARMUP + EVENTS} delivered, ${tally.notDelivered} not`);
    }
    const workerCpuUs = drained.reduce((sum, reply) => sum + reply.cpuUs, 0);
    const startedAt = Math.min(...ingested.map((reply) => reply.startedAt));
    const rates = split(PACED_RATE, workers.length);
    const replies = await Promise.all(workers.map((worker, index) => worker.ask({ type: 'paced', rate: rates[index] as number, seconds: PACED_SECONDS }, 'paced')));
    const latencies = replies.flatMap((reply) => reply.latenciesMs).sort((a, b) => a - b);
    const lone = await (workers[0] as Worker).ask({ type: 'lone', events: LONE }, 'lone');
    await Promise.all(workers.map((worker) => worker.stop()));
    const turns = drained.reduce<TurnStats>(
      (sum, { turns: t }) => ({
        turns: sum.turns + t.turns,
        turnMs: sum.turnMs + t.turnMs,
        settled: sum.settled + t.settled,
        leased: sum.leased + t.leased,
        ingests: sum.ingests + t.ingests,
        ingestMs: sum.ingestMs + t.ingestMs,
      }),
      { turns: 0, turnMs: 0, settled: 0, leased: 0, ingests: 0, ingestMs: 0 },
    );
    return {
      rate: EVENTS / ((tally.lastCompletedAt - startedAt) / 1000),
      workerUs: workerCpuUs / EVENTS,
      serverUs: (serverSeconds * 1e6) / EVENTS,
      sinkUs: (sinkSeconds * 1e6) / EVENTS,
      workerShare: workerCpuUs / 1e6 / seconds,
      serverShare: serverSeconds / seconds,
      sinkShare: sinkSeconds / seconds,
      coreBusy,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      loneMs: lone.latenciesMs,
      turns,
    };
  } catch (err) {
    await Promise.all(workers.map((worker) => worker.kill()));
    throw err;
  }
}

const percent = (share: number): string => `${Math.round(share * 100)}%`;

function roundLine(sample: Sample, postgres: boolean): string {
  const server = postgres ? `, server ${sample.serverUs.toFixed(0)} µs (${percent(sample.serverShare)})` : '';
  const { turns } = sample;
  return (
    `${Math.round(sample.rate)} deliveries/s; CPU per delivery: workers ${sample.workerUs.toFixed(0)} µs (${percent(sample.workerShare)} of a core)${server}, ` +
    `sink ${sample.sinkUs.toFixed(0)} µs (${percent(sample.sinkShare)}); cores busy ${sample.coreBusy.map(percent).join(' / ')}; ` +
    `${turns.turns} turns of ${(turns.turnMs / turns.turns).toFixed(2)} ms, ${(turns.settled / turns.turns).toFixed(1)} settled and ${(turns.leased / turns.turns).toFixed(1)} leased each, ` +
    `an ingest waits ${(turns.ingestMs / turns.ingests).toFixed(1)} ms; paced p50 ${sample.p50Ms.toFixed(1)} ms, p99 ${sample.p99Ms.toFixed(1)} ms; ` +
    `lone ${sample.loneMs.map((ms) => ms.toFixed(0)).join(' ')} ms`
  );
}

function report(samples: Map<Config, Sample[]>): void {
  const of = (config: Config | undefined, pick: (sample: Sample) => number): number[] => (config ? (samples.get(config) ?? []).map(pick) : []);
  console.log(`\nmedians of ${ROUNDS} rounds`);
  console.log(
    '| configuration | deliveries/s | CPU µs per delivery: workers | server | workers + server | sink | workers / server, share of a core | turn ms | deliveries per turn | ingest wait ms | paced p50 / p99 ms | lone p50 / max ms |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|');
  for (const config of CHOSEN) {
    const postgres = config.database === 'postgres';
    const m = (pick: (sample: Sample) => number): number => median(of(config, pick));
    const server = postgres ? m((s) => s.serverUs).toFixed(0) : '(in the worker)';
    const total = m((s) => s.workerUs + (postgres ? s.serverUs : 0)).toFixed(0);
    const shares = `${percent(m((s) => s.workerShare))}${postgres ? ` / ${percent(m((s) => s.serverShare))}` : ''}`;
    const lone = (samples.get(config) ?? []).flatMap((s) => s.loneMs);
    console.log(
      `| ${config.what} | ${Math.round(m((s) => s.rate))} | ${m((s) => s.workerUs).toFixed(0)} | ${server} | ${total} | ${m((s) => s.sinkUs).toFixed(0)} | ${shares} | ` +
        `${m((s) => s.turns.turnMs / s.turns.turns).toFixed(2)} | ${m((s) => s.turns.settled / s.turns.turns).toFixed(1)} | ${m((s) => s.turns.ingestMs / s.turns.ingests).toFixed(1)} | ` +
        `${m((s) => s.p50Ms).toFixed(1)} / ${m((s) => s.p99Ms).toFixed(1)} | ${median(lone).toFixed(0)} / ${Math.max(...lone).toFixed(0)} |`,
    );
  }
  const find = (name: string): Config | undefined => CHOSEN.find((config) => config.name === name);
  const ratio = (label: string, top: string, bottom: string): void => {
    const tops = of(find(top), (s) => s.rate);
    const bottoms = of(find(bottom), (s) => s.rate);
    if (tops.length === 0 || bottoms.length === 0) return;
    const ratios = tops.map((rate, index) => rate / (bottoms[index] as number));
    console.log(`${label}, deliveries/s per round: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)}`);
  };
  ratio('PostgreSQL 1 worker / SQLite', 'pg1', 'sqlite');
  ratio('PostgreSQL 2 workers / PostgreSQL 1 worker', 'pg2', 'pg1');
  ratio('PostgreSQL 2 workers spread / PostgreSQL 1 worker', 'pg2-spread', 'pg1');
}

async function main(): Promise<void> {
  pinSelf(0);
  const dir = mkdtempSync(join(tmpdir(), 'flowhook-bench-pg-engine-'));
  const sink = await spawnUntilReady(0, [process.execPath, '--import', 'tsx', self, '--sink'], 'the sink');
  let cluster: PostgresCluster | undefined;
  try {
    cluster = await startPostgresCluster({ durable: true, launch: (command) => onCore(0, command) });
    const setting: Setting = { cluster, sinkPid: sink.child.pid as number, sinkOrigin: sink.url, dir };
    console.log(
      `engine on PostgreSQL (durable defaults) against SQLite: ${EVENTS} events per phase after ${WARMUP} not measured, ${ROUNDS} rounds, ${CONCURRENCY} callers and ` +
        `${CONCURRENCY} sends per worker, ${FLOWS} flow${FLOWS === 1 ? '' : 's'}, each capped at ${FLOW_CAP} in flight; latency at ${PACED_RATE} events/s for ${PACED_SECONDS} s; Node ${process.version}`,
    );
    console.log(
      pinned
        ? 'core 0: the sink, the PostgreSQL server, this process (waiting); core 1: the workers (pg2-spread: the second on core 0)'
        : 'not pinned (fewer than two cores or no taskset)',
    );
    const samples = new Map<Config, Sample[]>(CHOSEN.map((config) => [config, []]));
    for (let round = 1; round <= ROUNDS; round += 1) {
      // Each round starts with another configuration, so that a drift of the machine falls on all of them.
      const order = CHOSEN.map((_, index) => CHOSEN[(index + round) % CHOSEN.length] as Config);
      for (const config of order) {
        const sample = await run(config, setting);
        samples.get(config)?.push(sample);
        console.log(`round ${round} ${config.name.padEnd(10)} ${roundLine(sample, config.database === 'postgres')}`);
      }
    }
    report(samples);
  } finally {
    await cluster?.stop();
    await stopProcess(sink.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--sink') runSink();
else await main();
