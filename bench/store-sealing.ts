/**
 * What sealing webhook secrets at rest costs the durable path: the same work with the store as it
 * ships (configs sealed with AES-256-GCM) and with a box that stores them as they are ("clear"), in
 * alternating order, round after round, in one process. Three measurements per round and variant:
 *
 * - the store alone: EVENTS deliveries through the engine's store calls (each event with its delivery,
 *   its lease, and its attempt with a real invocation record, STORE_TURN per transaction, as the
 *   engine's turns write them), no network: CPU µs per delivery;
 * - the engine end to end: EVENTS events ingested by CONCURRENCY callers and delivered to a bare
 *   node:http sink (its own process, pinned to core 0; this process, all its threads, on core 1):
 *   CPU µs per delivery of this process;
 * - the webhooks themselves: WEBHOOKS configs with secrets created, then the store opened again, which
 *   opens (verifies) every config: CPU µs per webhook for each.
 *
 * It also counts the box's seal and open calls during the two delivery phases: the engine keeps the
 * configs it sends with in memory, so a delivery should call neither.
 *
 *   node --import tsx bench/store-sealing.ts
 *   EVENTS=4000 ROUNDS=6 CONCURRENCY=32 WEBHOOKS=200 node --import tsx bench/store-sealing.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OKTA_GUIDE_TEMPLATE, sampleEvent } from '../src/core/samples.js';
import { parseWebhookConfig } from '../src/core/webhook-config.js';
import { DeliveryEngine } from '../src/engine/engine.js';
import { closeSharedAgents } from '../src/http/send.js';
import { SecretBox } from '../src/store/secret-box.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { runStoreTurns } from './store-turns.js';
import { cpuUs, pinned, pinSelf, runSink, spawnUntilReady, stopProcess } from './support.js';

const EVENTS = Number(process.env.EVENTS ?? 4000);
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const WEBHOOKS = Number(process.env.WEBHOOKS ?? 200);
/** Deliveries settled and leased per transaction in the store-alone phase: about what a turn of the engine writes. */
const STORE_TURN = 16;
/** The most sealing may add to a durable delivery's CPU. */
const BUDGET = 0.05;

const self = fileURLToPath(import.meta.url);
const EVENT_JSON = JSON.stringify(sampleEvent('RequestCreated'));

/** The shipped box, counting its calls. */
class CountingBox extends SecretBox {
  calls = 0;
  override seal(plaintext: string, context: string): Buffer {
    this.calls += 1;
    return super.seal(plaintext, context);
  }
  override open(sealed: Uint8Array, context: string): string | undefined {
    this.calls += 1;
    return super.open(sealed, context);
  }
}

/** The baseline: configs stored as they are. */
class ClearBox extends CountingBox {
  override seal(plaintext: string): Buffer {
    this.calls += 1;
    return Buffer.from(plaintext, 'utf8');
  }
  override open(sealed: Uint8Array): string {
    this.calls += 1;
    return Buffer.from(sealed).toString('utf8');
  }
}

type Variant = 'clear' | 'sealed';
const KEY = SecretBox.generate().exportKey();

function newBox(variant: Variant): CountingBox {
  const key = Buffer.from(KEY, 'base64');
  return variant === 'sealed' ? new CountingBox(key) : new ClearBox(key);
}

interface Sample {
  storeUs: number;
  engineUs: number;
  createUs: number;
  openUs: number;
  /** Seal and open calls per delivery during the two delivery phases. */
  boxCallsPerDelivery: number;
}

function webhookConfig(url: string, name: string): Record<string, unknown> {
  return {
    name,
    url: `${url}/api/flo/bench/invoke?clientToken=bench-client-token-${name}`,
    headers: { 'x-trace': 'bench' },
    triggers: ['RequestCreated'],
    body_template: OKTA_GUIDE_TEMPLATE,
    response_validators: [{ json_path: '$.data.ok', expected_values: ['true'] }],
    rate_limit_per_sec: 0,
    authentication_config: { bearer: { token: `bench-bearer-token-${name}` } },
  };
}

interface Phase {
  /** CPU µs per delivery. */
  us: number;
  /** The box's seal and open calls while the deliveries went through. */
  boxCalls: number;
}

/** The store-alone phase of bench/engine-throughput.ts, with the way in left out of the count. */
async function storePhase(dir: string, url: string, box: CountingBox): Promise<Phase> {
  const store = openSqliteStore(join(dir, `store-${Date.now()}-${Math.random()}.db`), { secretBox: box });
  const config = parseWebhookConfig(webhookConfig(url, 'bench'), { allowLocal: true });
  const callsBefore = box.calls;
  const { totalUs, wayInUs } = await runStoreTurns({ store, config, events: EVENTS, perTurn: STORE_TURN, eventJson: EVENT_JSON });
  const boxCalls = box.calls - callsBefore;
  await store.close();
  return { us: (totalUs - wayInUs) / EVENTS, boxCalls };
}

/** EVENTS events ingested by CONCURRENCY callers and delivered to the sink; CPU of this process per delivery. */
async function enginePhase(dir: string, url: string, box: CountingBox): Promise<Phase> {
  const store = openSqliteStore(join(dir, `engine-${Date.now()}-${Math.random()}.db`), { secretBox: box });
  const engine = new DeliveryEngine({ store, allowLocal: true, concurrency: CONCURRENCY, maxInFlightPerFlow: CONCURRENCY });
  await engine.webhooks.create(webhookConfig(url, 'bench'));
  await engine.start();
  const callsBefore = box.calls;
  const before = process.cpuUsage();
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < EVENTS) {
      next += 1;
      await engine.ingest(JSON.parse(EVENT_JSON));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, caller));
  for (;;) {
    const { pending, inFlight } = await store.queueDepth();
    if (pending + inFlight === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const us = cpuUs(before);
  const boxCalls = box.calls - callsBefore;
  const { deliveries } = await engine.listDeliveries({ status: 'delivered', limit: 1 });
  if (deliveries.length === 0) throw new Error('nothing was delivered');
  await engine.stop();
  return { us: us / EVENTS, boxCalls };
}

/** WEBHOOKS configs created, then the store opened again (each config opened once): µs per webhook. */
async function webhookPhase(dir: string, url: string, variant: Variant): Promise<{ createUs: number; openUs: number }> {
  const file = join(dir, `webhooks-${Date.now()}-${Math.random()}.db`);
  const store = openSqliteStore(file, { secretBox: newBox(variant) });
  const configs = Array.from({ length: WEBHOOKS }, (_, n) => parseWebhookConfig(webhookConfig(url, `bench-${n}`), { allowLocal: true }));
  const createBefore = process.cpuUsage();
  for (const [n, config] of configs.entries()) await store.createWebhook({ id: `wh_${n}`, config, createdAt: n, updatedAt: n });
  const createUs = cpuUs(createBefore) / WEBHOOKS;
  await store.close();
  const openBefore = process.cpuUsage();
  const reopened = openSqliteStore(file, { secretBox: newBox(variant) });
  if ((await reopened.listWebhooks()).length !== WEBHOOKS) throw new Error('webhooks went missing');
  const openUs = cpuUs(openBefore) / WEBHOOKS;
  await reopened.close();
  return { createUs, openUs };
}

async function measure(dir: string, url: string, variant: Variant): Promise<Sample> {
  const store = await storePhase(dir, url, newBox(variant));
  const engine = await enginePhase(dir, url, newBox(variant));
  const boxCallsPerDelivery = (store.boxCalls + engine.boxCalls) / (2 * EVENTS);
  return { storeUs: store.us, engineUs: engine.us, boxCallsPerDelivery, ...(await webhookPhase(dir, url, variant)) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  pinSelf(1);
  const dir = mkdtempSync(join(tmpdir(), 'flowhook-bench-sealing-'));
  const sink = await spawnUntilReady(0, [process.execPath, '--import', 'tsx', self, '--sink'], 'the sink');
  console.log(`Node ${process.version}; ${pinned ? 'sink on core 0, this process on core 1' : 'not pinned (taskset or a second core missing)'}`);
  console.log(`${EVENTS} deliveries per phase, ${WEBHOOKS} webhooks, ${ROUNDS} rounds, clear and sealed in alternating order\n`);
  const samples: Record<Variant, Sample[]> = { clear: [], sealed: [] };
  try {
    // A round that is not counted, so that both variants meet a warm process.
    await measure(dir, sink.url, 'sealed');
    await measure(dir, sink.url, 'clear');
    for (let round = 0; round < ROUNDS; round += 1) {
      const order: Variant[] = round % 2 === 0 ? ['clear', 'sealed'] : ['sealed', 'clear'];
      for (const variant of order) {
        const sample = await measure(dir, sink.url, variant);
        samples[variant].push(sample);
        console.log(
          `round ${round + 1} ${variant.padEnd(6)}  store ${sample.storeUs.toFixed(1)} µs/delivery  engine ${sample.engineUs.toFixed(1)} µs/delivery  ` +
            `create ${sample.createUs.toFixed(1)} µs/webhook  open ${sample.openUs.toFixed(1)} µs/webhook  box calls ${sample.boxCallsPerDelivery}/delivery`,
        );
      }
    }
  } finally {
    await closeSharedAgents();
    await stopProcess(sink.child);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('\nmedians          clear     sealed   sealed / clear');
  const rows: Array<[string, keyof Sample, string]> = [
    ['store alone', 'storeUs', 'µs/delivery'],
    ['engine to sink', 'engineUs', 'µs/delivery'],
    ['webhook create', 'createUs', 'µs/webhook'],
    ['store open', 'openUs', 'µs/webhook'],
  ];
  for (const [name, key, unit] of rows) {
    const clear = median(samples.clear.map((sample) => sample[key]));
    const sealed = median(samples.sealed.map((sample) => sample[key]));
    console.log(`${name.padEnd(15)} ${clear.toFixed(1).padStart(7)} ${sealed.toFixed(1).padStart(9)}   ${(sealed / clear).toFixed(3)}  ${unit}`);
  }
  const perRound = (key: keyof Sample) => samples.sealed.map((sample, round) => sample[key] / (samples.clear[round]?.[key] ?? Number.NaN));
  for (const [name, key] of [['store alone', 'storeUs'], ['engine to sink', 'engineUs']] as const) {
    const ratios = perRound(key);
    console.log(`${name}, sealed / clear per round: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(3)}`);
  }
  const calls = Math.max(...samples.sealed.map((sample) => sample.boxCallsPerDelivery));
  console.log(`\nseal/open calls per delivery: ${calls}; engine to sink, sealed / clear: ${median(perRound('engineUs')).toFixed(3)} (budget ${(1 + BUDGET).toFixed(2)})`);
}

if (process.argv[2] === '--sink') runSink();
else await main();
