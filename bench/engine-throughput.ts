/**
 * Durable throughput of the delivery engine: events ingested by concurrent callers (as POST /api/events
 * takes them: each answered once its event is on disk) and delivered to the mock, every attempt written
 * to SQLite, against raw undici `request()` of the same rendered bodies to the same flow with the same
 * concurrency, in interleaved rounds of the same size. Pacing is off (the mock is not an Okta host and
 * its flow has no rate limit). The mock runs in its own process pinned to core 0, this process to core 1
 * (taskset, when there are two cores). Two flows: one that answers at once, where both sides are bound
 * by CPU, and one that answers in 20 ms, closer to a real flow, where both are bound by the flow.
 *
 * Then 100,000 deliveries are queued with the workers stopped, and the RSS is read with the queue full
 * and while the workers drain it.
 *
 *   node --import tsx bench/engine-throughput.ts
 *   EVENTS=4000 ROUNDS=5 CONCURRENCY=32 QUEUED=100000 node --import tsx bench/engine-throughput.ts
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { MockOktaServer } from '../mock-okta/server.js';
import { parseWebhookConfig } from '../src/core/webhook-config.js';
import { sampleEvent } from '../src/core/samples.js';
import { compileWebhook } from '../src/deliver.js';
import { DeliveryEngine } from '../src/engine/engine.js';
import { closeSharedAgents } from '../src/http/send.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { DeliveryStore } from '../src/store/store.js';

const EVENTS = Number(process.env.EVENTS ?? 4000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const QUEUED = Number(process.env.QUEUED ?? 100_000);
/** The Apono guide's Okta Workflows template. */
const TEMPLATE = `{
  "fields": {
    "event type": "{{event_type}}",
    "event time": "{{event_time}}",
    "requestor email": "{{data.requester.email}}",
    "integration name": "{{data.access_groups.[0].[integration].name}}",
    "resource type": "{{data.access_groups.[0].[resource_types].[0].name}}",
    "access units": "{{data.access_groups.[0].access_units.[0].resource.name}}"
  }
}`;

/** How long the mock's flow takes to answer, per scenario. */
const FLOW_DELAYS_MS: readonly number[] = [0, 20];

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);
const pinned = availableParallelism() >= 2 && hasTaskset();
const event = sampleEvent('RequestCreated');

interface Phase {
  rate: number;
  p50Ms: number;
  p99Ms: number;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
}

/** The mock role: flow `abc` (client token `t`, no rate limit) answering `{"ok":true}` after `delayMs`. */
async function runMock(delayMs: number): Promise<void> {
  const server = new MockOktaServer({
    port: 0,
    flows: [{ alias: 'abc', security: 'clientToken', clientToken: 't', rateLimitPerSecond: 0, responses: [{ body: { ok: true }, ...(delayMs > 0 ? { delayMs } : {}) }] }],
  });
  console.log(`ready ${await server.listen()}`);
}

async function startMock(delayMs: number): Promise<{ child: ChildProcess; origin: string }> {
  const command = [process.execPath, '--import', 'tsx', self, '--mock', String(delayMs)];
  const [file, ...args] = pinned ? ['taskset', '-c', '0', ...command] : command;
  const child = spawn(file as string, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /^ready (\S+)/m.exec(out);
      if (ready?.[1] !== undefined) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`the mock exited with ${code}`)));
  });
  return { child, origin };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function webhookConfig(url: string): Record<string, unknown> {
  return {
    name: 'bench',
    url,
    triggers: ['RequestCreated'],
    body_template: TEMPLATE,
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

/**
 * Once every delivery is delivered: each one's ingest-to-delivered latency and the time the last one was
 * delivered, both as written in the database, so how often this polls does not change the result.
 */
async function waitForDelivered(store: DeliveryStore, count: number): Promise<{ latencies: number[]; lastDeliveredAt: number }> {
  for (;;) {
    const { pending, inFlight } = await store.queueDepth();
    if (pending + inFlight === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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

/**
 * EVENTS events ingested by CONCURRENCY callers at once, each waiting for its event to be written before
 * it sends the next (as API clients do), while the workers deliver them; timed until the last is delivered.
 */
async function durablePhase(dir: string, url: string): Promise<Phase> {
  const { engine, store } = await newEngine(dir, url);
  await engine.start();
  const started = Date.now();
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < EVENTS) {
      next += 1;
      await engine.ingest(event);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, caller));
  const { latencies, lastDeliveredAt } = await waitForDelivered(store, EVENTS);
  const seconds = (lastDeliveredAt - started) / 1000;
  await engine.stop();
  return { rate: EVENTS / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** The same number of requests with the same bodies, CONCURRENCY at a time, straight through undici. */
async function rawPhase(url: string, body: string, agent: Agent): Promise<Phase> {
  let next = 0;
  const latencies: number[] = [];
  const worker = async (): Promise<void> => {
    while (next < EVENTS) {
      next += 1;
      const sent = performance.now();
      const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: agent });
      await response.body.text();
      if (response.statusCode !== 200) throw new Error(`the mock answered ${response.statusCode}`);
      latencies.push(performance.now() - sent);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rate: EVENTS / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** QUEUED deliveries written with the workers stopped; RSS with the queue full, then at its peak while it drains. */
async function queuedPhase(
  dir: string,
  url: string,
): Promise<{ rssBeforeMb: number; ingestRate: number; rssQueuedMb: number; rssDrainingMb: number; drainRate: number }> {
  const { engine, store } = await newEngine(dir, url);
  const rssBeforeMb = process.memoryUsage().rss / 1_048_576;
  const ingestStarted = performance.now();
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < QUEUED) {
      next += 1;
      await engine.ingest(event);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, caller));
  const ingestRate = QUEUED / ((performance.now() - ingestStarted) / 1000);
  const rssQueuedMb = process.memoryUsage().rss / 1_048_576;
  let rssDrainingMb = rssQueuedMb;
  const sampler = setInterval(() => {
    rssDrainingMb = Math.max(rssDrainingMb, process.memoryUsage().rss / 1_048_576);
  }, 100);
  const drainStarted = Date.now();
  await engine.start();
  const { lastDeliveredAt } = await waitForDelivered(store, QUEUED);
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
  delayMs: number;
  durable: Phase[];
  raw: Phase[];
}

async function measure(delayMs: number, dir: string): Promise<Scenario> {
  const { child, origin } = await startMock(delayMs);
  const url = `${origin}/api/flo/abc/invoke?clientToken=t`;
  const body = compileWebhook(parseWebhookConfig(webhookConfig(url), { allowLocal: true }), { allowLocal: true }).template.render(event);
  const agent = new Agent();
  try {
    await durablePhase(dir, url);
    await rawPhase(url, body, agent);
    const scenario: Scenario = { delayMs, durable: [], raw: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternating which side goes first spreads any drift of the machine over both.
      if (round % 2 === 0) {
        scenario.durable.push(await durablePhase(dir, url));
        scenario.raw.push(await rawPhase(url, body, agent));
      } else {
        scenario.raw.push(await rawPhase(url, body, agent));
        scenario.durable.push(await durablePhase(dir, url));
      }
    }
    return scenario;
  } finally {
    await agent.close();
    child.kill('SIGTERM');
  }
}

function report(scenario: Scenario): void {
  const { durable, raw } = scenario;
  const ratios = durable.map((phase, index) => phase.rate / (raw[index]?.rate ?? Number.NaN));
  const line = (name: string, phases: Phase[]): string =>
    `| ${name} | ${Math.round(median(phases.map((p) => p.rate)))} | ${median(phases.map((p) => p.p50Ms)).toFixed(1)} | ${median(phases.map((p) => p.p99Ms)).toFixed(1)} |`;
  console.log(`\nflow answers ${scenario.delayMs === 0 ? 'at once' : `in ${scenario.delayMs} ms`}`);
  console.log('| side | deliveries/s (median) | p50 ms | p99 ms |');
  console.log('|---|---:|---:|---:|');
  console.log(line('raw undici request() (baseline)', raw));
  console.log(line('flowhook engine, ingest → delivered, durable', durable));
  console.log(`ratio per round: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)} (target ≥ 0.70)`);
}

async function main(): Promise<void> {
  if (pinned) execFileSync('taskset', ['-p', '-c', '1', String(process.pid)]);
  const dir = mkdtempSync(join(tmpdir(), 'flowhook-bench-engine-'));
  try {
    console.log(
      `engine throughput: ${EVENTS} events per round, ${ROUNDS} rounds, concurrency ${CONCURRENCY}, ` +
        `${pinned ? 'mock on core 0, engine on core 1' : 'not pinned'}, Node ${process.version}`,
    );
    console.log('(raw latency is request → response; durable latency is ingest → delivered, as written in the database)');
    for (const delayMs of FLOW_DELAYS_MS) report(await measure(delayMs, dir));

    if (QUEUED > 0) {
      const { child, origin } = await startMock(0);
      try {
        const queued = await queuedPhase(dir, `${origin}/api/flo/abc/invoke?clientToken=t`);
        console.log(
          `\n${QUEUED} deliveries queued at ${Math.round(queued.ingestRate)} events/s; RSS ${queued.rssBeforeMb.toFixed(0)} MiB before, ${queued.rssQueuedMb.toFixed(0)} MiB with the queue full, ` +
            `${queued.rssDrainingMb.toFixed(0)} MiB at most while draining at ${Math.round(queued.drainRate)} deliveries/s`,
        );
      } finally {
        child.kill('SIGTERM');
      }
    }
  } finally {
    await closeSharedAgents();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--mock') await runMock(Number(process.argv[3] ?? 0));
else await main();
