/**
 * Durable throughput of the delivery engine: events ingested by concurrent callers (as POST /api/events
 * takes them: each a freshly parsed object, each answered once its event is on disk) and delivered to
 * the mock, every step written to SQLite, against raw undici `request()` of the same rendered bodies to
 * the same flow with the same concurrency, in interleaved rounds of the same size. Pacing is off (the
 * mock is not an Okta host and its flow has no rate limit). The target runs in its own process pinned to
 * core 0, this process (all its threads) to core 1 (taskset, when there are two cores). For each phase
 * the script reads both processes' CPU time, as µs per delivery for this process and as a share of
 * one core for the target. First a bare node:http sink, far faster than either side, so that only the
 * measured side's CPU sets its rate; then the mock, one scenario per flow delay in FLOW_DELAYS_MS: a
 * flow that answers at once, where raw undici comes close to what the mock's core can answer, one that
 * answers in 5 ms, and one that answers in 20 ms, closer to a real flow, where the flow's delay times
 * CONCURRENCY caps both sides.
 *
 * Each round also measures the durable side's parts apart: the send alone (`deliver()` of the same
 * event, CONCURRENCY at a time, nothing written), and the event's way in (parse, check, match,
 * serialise) with the store alone (the engine's store calls for EVENTS deliveries: each event with its
 * delivery, its lease, and its attempt with a real invocation record, in transactions of the size a
 * turn of the engine writes, no network). A durable delivery costs at least its way in, its writes and
 * its send, so against the sink raw undici's CPU per request over the sum of the three is the most the
 * engine can reach while it writes what it writes: printed as its ceiling.
 *
 * Then the latency of a short queue: 1,000 events a second for 3 s, ingest to delivered. Last, 100,000
 * deliveries are queued with the workers stopped, and the RSS is read with the queue full and while the
 * workers drain it.
 *
 *   node --import tsx bench/engine-throughput.ts
 *   EVENTS=4000 ROUNDS=5 CONCURRENCY=32 SINK=1 FLOW_DELAYS_MS=0,5,20 PACED_RATE=1000 QUEUED=100000 node --import tsx bench/engine-throughput.ts
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { MockOktaServer } from '../mock-okta/server.js';
import { OKTA_GUIDE_TEMPLATE, sampleEvent } from '../src/core/samples.js';
import { parseWebhookConfig } from '../src/core/webhook-config.js';
import { compileWebhook, deliver, type CompiledWebhook } from '../src/deliver.js';
import { DeliveryEngine } from '../src/engine/engine.js';
import { closeSharedAgents } from '../src/http/send.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { DeliveryStore } from '../src/store/store.js';
import type { AccessRequestEvent } from '../src/types.js';
import { runStoreTurns } from './store-turns.js';
import { cpuSeconds, pinned, pinSelf, runSink, spawnUntilReady, stopProcess } from './support.js';

const EVENTS = Number(process.env.EVENTS ?? 4000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const QUEUED = Number(process.env.QUEUED ?? 100_000);
/** Events per second for the latency of a short queue, well below what the engine can take. */
const PACED_RATE = Number(process.env.PACED_RATE ?? 1000);
const PACED_SECONDS = 3;

/** How long the mock's flow takes to answer, one scenario each. */
const FLOW_DELAYS_MS: readonly number[] = (process.env.FLOW_DELAYS_MS ?? '0,5,20').split(',').map(Number);
/** Whether to measure against the bare sink first (SINK=0 leaves it out). */
const WITH_SINK = process.env.SINK !== '0';
/** Deliveries settled and leased per transaction in the store-alone phase: about what a turn of the engine writes. */
const STORE_TURN = 16;

const self = fileURLToPath(import.meta.url);
/** The event as an API client sends it; each ingest gets its own parsed copy, as from the API's body parser. */
const EVENT_JSON = JSON.stringify(sampleEvent('RequestCreated'));

interface Phase {
  rate: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU this process used per delivery (or request), in µs. */
  cpuUsPerDelivery: number;
  /** CPU the target used, as a share of one core. */
  targetCpu: number;
}

interface Target {
  /** How the report names it. */
  name: string;
  /** This script's arguments for the target's role. */
  role: string[];
}

const SINK: Target = { name: 'bare node:http sink, answers at once', role: ['--sink'] };

function mockTarget(delayMs: number): Target {
  return { name: `mock, flow answers ${delayMs === 0 ? 'at once' : `in ${delayMs} ms`}`, role: ['--mock', String(delayMs)] };
}

/** The mock role: flow `abc` (client token `t`, no rate limit) answering `{"ok":true}` after `delayMs`. */
async function runMock(delayMs: number): Promise<void> {
  const server = new MockOktaServer({
    port: 0,
    flows: [{ alias: 'abc', security: 'clientToken', clientToken: 't', rateLimitPerSecond: 0, responses: [{ body: { ok: true }, ...(delayMs > 0 ? { delayMs } : {}) }] }],
  });
  console.log(`ready ${await server.listen()}`);
}

/** Starts a target as its own process on core 0, once it is ready to answer. */
function startTarget(target: Target): Promise<{ child: ChildProcess; url: string }> {
  return spawnUntilReady(0, [process.execPath, '--import', 'tsx', self, ...target.role], `${target.name}:`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function webhookConfig(url: string): Record<string, unknown> {
  return {
    name: 'bench',
    url,
    triggers: ['RequestCreated'],
    body_template: OKTA_GUIDE_TEMPLATE,
    response_validators: [{ json_path: '$.data.ok', expected_values: ['true'] }],
    rate_limit_per_sec: 0,
  };
}

async function newEngine(dir: string, url: string): Promise<{ engine: DeliveryEngine; store: DeliveryStore }> {
  const store = openSqliteStore(join(dir, `bench-${Date.now()}-${Math.random()}.db`));
  const engine = new DeliveryEngine({ store, allowLocal: true, concurrency: CONCURRENCY, maxInFlightPerFlow: CONCURRENCY });
  await engine.webhooks.create(webhookConfig(url));
  return { engine, store };
}

/** `count` events ingested by CONCURRENCY callers at once, each waiting for its event to be written before it sends the next. */
async function ingestAll(engine: DeliveryEngine, count: number): Promise<void> {
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      await engine.ingest(JSON.parse(EVENT_JSON));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, caller));
}

async function waitForEmptyQueue(store: DeliveryStore): Promise<void> {
  for (;;) {
    const { pending, inFlight } = await store.queueDepth();
    if (pending + inFlight === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Each delivery's ingest-to-delivered latency and the time the last one was delivered, as written in
 * the database, so how often the queue was polled does not change the result.
 */
async function deliveredTimes(store: DeliveryStore, count: number): Promise<{ latencies: number[]; lastDeliveredAt: number }> {
  const latencies: number[] = [];
  let lastDeliveredAt = 0;
  for (let before: string | undefined; ; ) {
    const page = await store.listDeliveries({ status: 'delivered', limit: 1000, ...(before === undefined ? {} : { before }) });
    for (const delivery of page.deliveries) {
      const deliveredAt = delivery.completedAt ?? Number.NaN;
      latencies.push(deliveredAt - delivery.createdAt);
      lastDeliveredAt = Math.max(lastDeliveredAt, deliveredAt);
    }
    if (page.deliveries.length < 1000) break;
    before = page.deliveries.at(-1)?.id;
  }
  if (latencies.length !== count) throw new Error(`${latencies.length} of ${count} deliveries were delivered`);
  return { latencies: latencies.sort((a, b) => a - b), lastDeliveredAt };
}

/** EVENTS events ingested while the workers deliver them; timed until the last is delivered. */
async function durablePhase(dir: string, url: string, targetPid: number): Promise<Phase> {
  const { engine, store } = await newEngine(dir, url);
  await engine.start();
  const targetBefore = cpuSeconds(targetPid);
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  await ingestAll(engine, EVENTS);
  await waitForEmptyQueue(store);
  const cpu = process.cpuUsage(cpuBefore);
  const targetCpuSeconds = cpuSeconds(targetPid) - targetBefore;
  // Polling the queue may add up to 100 ms to the time the target's CPU is read over.
  const polledSeconds = (Date.now() - started) / 1000;
  const { latencies, lastDeliveredAt } = await deliveredTimes(store, EVENTS);
  await engine.stop();
  return {
    rate: EVENTS / ((lastDeliveredAt - started) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    cpuUsPerDelivery: (cpu.user + cpu.system) / EVENTS,
    targetCpu: targetCpuSeconds / polledSeconds,
  };
}

/**
 * EVENTS calls of `send`, CONCURRENCY at a time, each resolving with its latency in ms; the rate, the
 * latencies and both processes' CPU over the whole phase.
 */
async function concurrentPhase(send: (index: number) => Promise<number>, targetPid: number): Promise<Phase> {
  let next = 0;
  const latencies: number[] = [];
  const worker = async (): Promise<void> => {
    while (next < EVENTS) {
      next += 1;
      latencies.push(await send(next));
    }
  };
  const targetBefore = cpuSeconds(targetPid);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    rate: EVENTS / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    cpuUsPerDelivery: (cpu.user + cpu.system) / EVENTS,
    targetCpu: (cpuSeconds(targetPid) - targetBefore) / seconds,
  };
}

/** The same number of requests with the same bodies, CONCURRENCY at a time, straight through undici. */
async function rawPhase(url: string, body: string, agent: Agent, targetPid: number): Promise<Phase> {
  return concurrentPhase(async () => {
    const sent = performance.now();
    const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: agent });
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`the target answered ${response.statusCode}`);
    return performance.now() - sent;
  }, targetPid);
}

/** `deliver()` of the same event to the same flow, CONCURRENCY at a time, nothing written: the send's share of a durable delivery. */
async function sendPhase(compiled: CompiledWebhook, targetPid: number): Promise<Phase> {
  const event = JSON.parse(EVENT_JSON) as AccessRequestEvent;
  return concurrentPhase(async (index) => {
    const record = await deliver(compiled, event, { deliveryId: `dlv_send_${index}` });
    if (record.verdict !== 'successful') throw new Error(`deliver() failed: ${record.reason}`);
    return record.timings.totalMs;
  }, targetPid);
}

interface StoreShare {
  /** µs of CPU per event to take it in: parse the body, check, match, serialise. */
  wayInUs: number;
  /** µs of CPU per delivery in the store's calls. */
  storeUs: number;
}

/**
 * The way in's and the store's shares of a durable delivery: EVENTS events taken in, ingested, leased
 * and settled with the record of a real attempt, STORE_TURN per transaction as the engine's turns write
 * them, no network. The store turns each record into JSON and parses each event it leases, as it does
 * for the engine.
 */
async function storePhase(dir: string, url: string): Promise<StoreShare> {
  const store = openSqliteStore(join(dir, `store-${Date.now()}.db`));
  const config = parseWebhookConfig(webhookConfig(url), { allowLocal: true });
  const { totalUs, wayInUs } = await runStoreTurns({ store, config, events: EVENTS, perTurn: STORE_TURN, eventJson: EVENT_JSON });
  await store.close();
  return { wayInUs: wayInUs / EVENTS, storeUs: (totalUs - wayInUs) / EVENTS };
}

/** PACED_RATE events a second for PACED_SECONDS, in a batch every 10 ms: ingest-to-delivered latency while the queue stays short. */
async function pacedPhase(dir: string, url: string): Promise<{ p50Ms: number; p99Ms: number }> {
  const { engine, store } = await newEngine(dir, url);
  await engine.start();
  const count = PACED_RATE * PACED_SECONDS;
  const perBatch = PACED_RATE / 100;
  const writes: Array<Promise<unknown>> = [];
  const started = performance.now();
  for (let batch = 0; writes.length < count; batch += 1) {
    const due = started + batch * 10;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    for (let i = 0; i < perBatch && writes.length < count; i += 1) writes.push(engine.ingest(JSON.parse(EVENT_JSON)));
  }
  await Promise.all(writes);
  await waitForEmptyQueue(store);
  const { latencies } = await deliveredTimes(store, count);
  await engine.stop();
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** QUEUED deliveries written with the workers stopped; RSS with the queue full, then at its peak while it drains. */
async function queuedPhase(
  dir: string,
  url: string,
): Promise<{ rssBeforeMb: number; ingestRate: number; rssQueuedMb: number; rssDrainingMb: number; drainRate: number }> {
  const { engine, store } = await newEngine(dir, url);
  const rssBeforeMb = process.memoryUsage().rss / 1_048_576;
  const ingestStarted = performance.now();
  await ingestAll(engine, QUEUED);
  const ingestRate = QUEUED / ((performance.now() - ingestStarted) / 1000);
  const rssQueuedMb = process.memoryUsage().rss / 1_048_576;
  let rssDrainingMb = rssQueuedMb;
  const sampler = setInterval(() => {
    rssDrainingMb = Math.max(rssDrainingMb, process.memoryUsage().rss / 1_048_576);
  }, 100);
  const drainStarted = Date.now();
  await engine.start();
  await waitForEmptyQueue(store);
  const { lastDeliveredAt } = await deliveredTimes(store, QUEUED);
  const drainRate = QUEUED / ((lastDeliveredAt - drainStarted) / 1000);
  clearInterval(sampler);
  await engine.stop();
  return { rssBeforeMb, ingestRate, rssQueuedMb, rssDrainingMb, drainRate };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

interface Scenario {
  target: Target;
  durable: Phase[];
  raw: Phase[];
  send: Phase[];
  store: StoreShare[];
}

async function measure(target: Target, dir: string): Promise<Scenario> {
  const { child, url: origin } = await startTarget(target);
  const targetPid = child.pid as number;
  const url = `${origin}/api/flo/abc/invoke?clientToken=t`;
  const compiled = compileWebhook(parseWebhookConfig(webhookConfig(url), { allowLocal: true }), { allowLocal: true });
  const body = compiled.template.render(JSON.parse(EVENT_JSON));
  const agent = new Agent();
  try {
    await durablePhase(dir, url, targetPid);
    await rawPhase(url, body, agent, targetPid);
    await sendPhase(compiled, targetPid);
    await storePhase(dir, url);
    const scenario: Scenario = { target, durable: [], raw: [], send: [], store: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternating which side goes first spreads any drift of the machine over both.
      if (round % 2 === 0) {
        scenario.durable.push(await durablePhase(dir, url, targetPid));
        scenario.raw.push(await rawPhase(url, body, agent, targetPid));
      } else {
        scenario.raw.push(await rawPhase(url, body, agent, targetPid));
        scenario.durable.push(await durablePhase(dir, url, targetPid));
      }
      scenario.send.push(await sendPhase(compiled, targetPid));
      scenario.store.push(await storePhase(dir, url));
    }
    return scenario;
  } finally {
    await agent.close();
    await stopProcess(child);
  }
}

function report(scenario: Scenario): void {
  const { durable, raw, send, store } = scenario;
  const ratios = durable.map((phase, index) => phase.rate / (raw[index]?.rate ?? Number.NaN));
  const line = (name: string, phases: Phase[]): string =>
    `| ${name} | ${Math.round(median(phases.map((p) => p.rate)))} | ${median(phases.map((p) => p.p50Ms)).toFixed(1)} | ${median(phases.map((p) => p.p99Ms)).toFixed(1)} | ` +
    `${Math.round(median(phases.map((p) => p.cpuUsPerDelivery)))} | ${Math.round(median(phases.map((p) => p.targetCpu)) * 100)}% |`;
  console.log(`\n${scenario.target.name}`);
  console.log('| side | deliveries/s | p50 ms | p99 ms | µs of CPU per delivery, this process | target CPU |');
  console.log('|---|---:|---:|---:|---:|---:|');
  console.log(line('raw undici request() (baseline)', raw));
  console.log(line('flowhook engine, ingest → delivered, durable', durable));
  console.log(line('deliver() alone, nothing written', send));
  console.log('(medians over the rounds)');
  console.log(`ratio per round: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)} (target ≥ 0.70)`);
  console.log(`µs of CPU per delivery per round, durable / raw: ${durable.map((phase, index) => `${Math.round(phase.cpuUsPerDelivery)}/${Math.round(raw[index]?.cpuUsPerDelivery ?? Number.NaN)}`).join(', ')}`);
  const storeUs = median(store.map((share) => share.storeUs));
  const wayInUs = median(store.map((share) => share.wayInUs));
  console.log(
    `the store alone, ${STORE_TURN} deliveries per transaction, no network: ${Math.round(storeUs)} µs of CPU per delivery ` +
      `(per round: ${store.map((share) => Math.round(share.storeUs)).join(', ')}); the event's way in: ${Math.round(wayInUs)} µs per event`,
  );
  if (scenario.target === SINK) {
    const rawUs = median(raw.map((phase) => phase.cpuUsPerDelivery));
    const sendUs = median(send.map((phase) => phase.cpuUsPerDelivery));
    console.log(
      `ceiling: raw ${Math.round(rawUs)} µs per request / (way in ${Math.round(wayInUs)} + store ${Math.round(storeUs)} + send ${Math.round(sendUs)} µs per delivery) = ` +
        `${(rawUs / (wayInUs + storeUs + sendUs)).toFixed(2)}, the most a delivery taken in, written and sent this way can reach here`,
    );
  }
}

async function main(): Promise<void> {
  pinSelf(1);
  const dir = mkdtempSync(join(tmpdir(), 'flowhook-bench-engine-'));
  try {
    console.log(
      `engine throughput: ${EVENTS} events per round, ${ROUNDS} rounds, concurrency ${CONCURRENCY}, ` +
        `${pinned ? 'target on core 0, this process (engine or raw undici, all threads) on core 1' : 'not pinned'}, Node ${process.version}`,
    );
    console.log('(raw latency is request → response; durable latency is ingest → delivered, as written in the database)');
    const targets = [...(WITH_SINK ? [SINK] : []), ...FLOW_DELAYS_MS.map(mockTarget)];
    for (const target of targets) report(await measure(target, dir));

    const { child, url: origin } = await startTarget(mockTarget(0));
    try {
      const url = `${origin}/api/flo/abc/invoke?clientToken=t`;
      const paced = await pacedPhase(dir, url);
      console.log(`\n${PACED_RATE} events/s for ${PACED_SECONDS} s (flow answers at once): ingest → delivered p50 ${paced.p50Ms} ms, p99 ${paced.p99Ms} ms`);
      if (QUEUED > 0) {
        const queued = await queuedPhase(dir, url);
        console.log(
          `\n${QUEUED} deliveries queued at ${Math.round(queued.ingestRate)} events/s; RSS ${queued.rssBeforeMb.toFixed(0)} MiB before, ${queued.rssQueuedMb.toFixed(0)} MiB with the queue full, ` +
            `${queued.rssDrainingMb.toFixed(0)} MiB at most while draining at ${Math.round(queued.drainRate)} deliveries/s`,
        );
      }
    } finally {
      await stopProcess(child);
    }
  } finally {
    await closeSharedAgents();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--mock') await runMock(Number(process.argv[3] ?? 0));
else if (process.argv[2] === '--sink') runSink();
else await main();
