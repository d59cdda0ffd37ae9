/**
 * One worker of bench/postgres-engine.ts: a process running a DeliveryEngine over a PostgreSQL database
 * (several of them may share it) or over a SQLite file (the baseline), delivering to the benchmark's
 * sink. It ingests its share of the events itself, CONCURRENCY callers at once as an API server's
 * requests would, and answers the benchmark over the IPC channel, one message per step, so that the
 * benchmark can read every process's CPU time at the same moments.
 */
import { OKTA_GUIDE_TEMPLATE, sampleEvent } from '../src/core/samples.js';
import { TRIGGERS } from '../src/core/triggers.js';
import { DeliveryEngine } from '../src/engine/engine.js';
import { closeSharedAgents } from '../src/http/send.js';
import { openPostgresStore } from '../src/store/postgres.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { DeliveryStore, NewDelivery, NewEvent, Turn, TurnResult } from '../src/store/store.js';

/** What the benchmark sends, one step each; the worker answers each with one message. */
export type Command =
  | {
      type: 'open';
      /** A postgres:// URL, or the path of a SQLite file. */
      database: string;
      secretKey: string;
      /** The sink's origin: each flow is a path on it. */
      sinkOrigin: string;
      /** Flows, one webhook each, each for one trigger: every event has one delivery, the events taking the flows in turn. */
      flows: number;
      /** Only the first worker creates the webhooks; the others read them from the database at start. */
      createWebhooks: boolean;
      concurrency: number;
      maxInFlightPerFlow: number;
    }
  | { type: 'ingest'; events: number }
  | { type: 'drain' }
  | { type: 'tally' }
  | { type: 'paced'; rate: number; seconds: number }
  | { type: 'lone'; events: number }
  | { type: 'stop' };

export type Reply =
  | { type: 'opened' }
  | { type: 'ingested'; startedAt: number }
  | { type: 'drained'; cpuUs: number; turns: TurnStats }
  | { type: 'tally'; delivered: number; notDelivered: number; lastCompletedAt: number }
  | { type: 'paced'; latenciesMs: number[] }
  | { type: 'lone'; latenciesMs: number[] }
  | { type: 'stopped' };

/** What this worker's store calls took since the throughput phase began: where a delivery waits. */
export interface TurnStats {
  /** The workers' turns (store.exchange) that went to the database, their total wall time, and what they settled and leased. */
  turns: number;
  turnMs: number;
  settled: number;
  leased: number;
  /** Ingest calls, and their total wall time until committed. */
  ingests: number;
  ingestMs: number;
}

/** The events as an API client sends them, one per trigger; each ingest gets its own parsed copy, as from the API's body parser. */
const EVENT_JSON: readonly string[] = TRIGGERS.map((trigger) => JSON.stringify(sampleEvent(trigger)));
/**
 * How often a draining worker asks the store whether the queue is empty: seldom enough to cost next to
 * nothing (on PostgreSQL, queueDepth reads the whole deliveries table: about 2 ms for 4,000 rows).
 */
const DRAIN_POLL_MS = 100;
/**
 * Between two lone events, after the first was delivered: at random over a second, so that lone events
 * arrive at any point of the engine's 1 s poll, not always just after it.
 */
const LONE_GAP_MS = { min: 20, spread: 1000 };

let engine: DeliveryEngine | undefined;
let store: DeliveryStore | undefined;
let concurrency = 1;
let flows = 1;
/** Which flow's event this worker ingests next. */
let nextEvent = 0;
/** CPU time when this worker began its share of the throughput phase. */
let cpuAtStart: NodeJS.CpuUsage | undefined;
let stats: TurnStats = emptyStats();

function emptyStats(): TurnStats {
  return { turns: 0, turnMs: 0, settled: 0, leased: 0, ingests: 0, ingestMs: 0 };
}

/**
 * The store, with the wall time of each turn and each ingest counted: a turn that neither settles nor
 * claims anything never reaches the database, so it is not counted.
 */
function timed(inner: DeliveryStore): DeliveryStore {
  const exchange = async (turn: Turn): Promise<TurnResult> => {
    const started = performance.now();
    const result = await inner.exchange(turn);
    if (turn.settlements.length > 0 || turn.claims.length > 0) {
      stats.turns += 1;
      stats.turnMs += performance.now() - started;
      stats.settled += turn.settlements.length;
      stats.leased += result.claims.reduce((sum, claim) => sum + claim.deliveries.length, 0);
    }
    return result;
  };
  const ingest = async (event: NewEvent, deliveries: NewDelivery[]): Promise<void> => {
    const started = performance.now();
    await inner.ingest(event, deliveries);
    stats.ingests += 1;
    stats.ingestMs += performance.now() - started;
  };
  return new Proxy(inner, {
    get(target, key) {
      if (key === 'exchange') return exchange;
      if (key === 'ingest') return ingest;
      const value: unknown = Reflect.get(target, key, target);
      // The stores keep their state in private fields, which only the store itself may be `this` for.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function reply(message: Reply): void {
  process.send?.(message);
}

async function open(command: Extract<Command, { type: 'open' }>): Promise<void> {
  const { database, secretKey, sinkOrigin } = command;
  store = timed(database.startsWith('postgres://') ? await openPostgresStore(database, { secretKey }) : openSqliteStore(database));
  concurrency = command.concurrency;
  flows = command.flows;
  engine = new DeliveryEngine({ store, allowLocal: true, concurrency: command.concurrency, maxInFlightPerFlow: command.maxInFlightPerFlow });
  if (command.createWebhooks) {
    for (const [index, trigger] of TRIGGERS.slice(0, flows).entries()) {
      await engine.webhooks.create({
        name: `bench-${index}`,
        url: `${sinkOrigin}/api/flo/flow${index}/invoke?clientToken=t`,
        triggers: [trigger],
        body_template: OKTA_GUIDE_TEMPLATE,
        response_validators: [{ json_path: '$.data.ok', expected_values: ['true'] }],
        rate_limit_per_sec: 0,
      });
    }
  }
  await engine.start();
  if (engine.webhooks.list().length !== flows) throw new Error(`the worker sees ${engine.webhooks.list().length} webhooks, not ${flows}`);
}

/** The next event, a fresh copy, its trigger (so its flow) taking the flows in turn. */
function nextEventValue(): unknown {
  nextEvent = (nextEvent + 1) % flows;
  return JSON.parse(EVENT_JSON[nextEvent] as string);
}

/** `count` events, `concurrency` callers at once, each waiting until its event is committed before it sends the next. */
async function ingest(count: number): Promise<void> {
  const running = engine as DeliveryEngine;
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      await running.ingest(nextEventValue());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
}

/** Resolves once nothing is pending or in flight, over every worker of the database. */
async function drain(): Promise<void> {
  for (;;) {
    const { pending, inFlight } = await (store as DeliveryStore).queueDepth();
    if (pending + inFlight === 0) return;
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  }
}

/** How many deliveries there are, and when the last was delivered, as written in the database. */
async function tally(): Promise<Extract<Reply, { type: 'tally' }>> {
  let delivered = 0;
  let notDelivered = 0;
  let lastCompletedAt = 0;
  for (let before: string | undefined; ; ) {
    const page = await (engine as DeliveryEngine).listDeliveries({ limit: 1000, ...(before === undefined ? {} : { before }) });
    for (const delivery of page.deliveries) {
      if (delivery.status !== 'delivered') notDelivered += 1;
      else {
        delivered += 1;
        lastCompletedAt = Math.max(lastCompletedAt, delivery.completedAt ?? Number.NaN);
      }
    }
    if (page.deliveries.length < 1000) break;
    before = page.deliveries.at(-1)?.id;
  }
  return { type: 'tally', delivered, notDelivered, lastCompletedAt };
}

/** `rate` events a second for `seconds`, in a batch every 10 ms; once the queue is empty, each one's latency. */
async function paced(rate: number, seconds: number): Promise<number[]> {
  const running = engine as DeliveryEngine;
  const count = Math.round(rate * seconds);
  const perBatch = rate / 100;
  const writes: Array<Promise<{ deliveries: Array<{ id: string }> }>> = [];
  const started = performance.now();
  for (let batch = 1; writes.length < count; batch += 1) {
    // A fractional batch size carries over: 150 events/s is 1 and 2 events in turn.
    const due = Math.min(count, Math.floor(batch * perBatch));
    while (writes.length < due) writes.push(running.ingest(nextEventValue()));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + batch * 10 - performance.now())));
  }
  const ids = (await Promise.all(writes)).flatMap((result) => result.deliveries.map((delivery) => delivery.id));
  await drain();
  return latenciesOf(ids);
}

/** `count` events one at a time, each ingested only once the one before was delivered: what a rare access request waits. */
async function lone(count: number): Promise<number[]> {
  const ids: string[] = [];
  for (let sent = 0; sent < count; sent += 1) {
    const result = await (engine as DeliveryEngine).ingest(nextEventValue());
    ids.push(...result.deliveries.map((delivery) => delivery.id));
    await drain();
    await new Promise((resolve) => setTimeout(resolve, LONE_GAP_MS.min + Math.random() * LONE_GAP_MS.spread));
  }
  return latenciesOf(ids);
}

/** Each delivery's latency: the end of its delivered attempt (the sink had answered) less the time its event was received. */
async function latenciesOf(ids: string[]): Promise<number[]> {
  const running = engine as DeliveryEngine;
  const latencies: number[] = [];
  for (const id of ids) {
    const delivery = await running.getDelivery(id);
    const attempt = delivery.attempts.at(-1);
    if (delivery.status !== 'delivered' || !attempt) throw new Error(`delivery ${id} is ${delivery.status}`);
    latencies.push(attempt.startedAt + attempt.durationMs - delivery.createdAt);
  }
  return latencies;
}

async function handle(command: Command): Promise<Reply> {
  switch (command.type) {
    case 'open':
      await open(command);
      return { type: 'opened' };
    case 'ingest': {
      cpuAtStart = process.cpuUsage();
      stats = emptyStats();
      const startedAt = Date.now();
      await ingest(command.events);
      return { type: 'ingested', startedAt };
    }
    case 'drain': {
      await drain();
      const used = process.cpuUsage(cpuAtStart);
      return { type: 'drained', cpuUs: used.user + used.system, turns: stats };
    }
    case 'tally':
      return tally();
    case 'paced':
      return { type: 'paced', latenciesMs: await paced(command.rate, command.seconds) };
    case 'lone':
      return { type: 'lone', latenciesMs: await lone(command.events) };
    case 'stop':
      await engine?.stop();
      await closeSharedAgents();
      return { type: 'stopped' };
  }
}

// Commands come one at a time: the benchmark waits for each answer before it sends the next.
process.on('message', (command: Command) => {
  handle(command).then(
    (answer) => {
      reply(answer);
      if (answer.type === 'stopped') process.disconnect();
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
