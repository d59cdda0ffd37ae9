/**
 * The store's share of durable deliveries, without the network: events taken in, ingested, leased and
 * settled with the record of a real attempt, `perTurn` per transaction as the engine's turns write them.
 * bench/engine-throughput.ts and bench/store-sealing.ts both measure it.
 */
import type { WebhookConfig } from '../src/types.js';
import { DEFAULT_RETRY_SCHEDULE_SEC } from '../src/core/retry-policy.js';
import { compileWebhook, deliver } from '../src/deliver.js';
import { flowTarget } from '../src/engine/flow.js';
import { prepareIngest } from '../src/engine/ingest.js';
import { settleAttempt } from '../src/engine/settlement.js';
import type { SqliteStore } from '../src/store/sqlite.js';
import type { ClaimedDelivery } from '../src/store/store.js';
import { cpuUs } from './support.js';

export interface StoreTurnsOptions {
  store: SqliteStore;
  config: WebhookConfig;
  events: number;
  perTurn: number;
  /** The event, as JSON: each is parsed afresh, as an API request body would be. */
  eventJson: string;
}

/** CPU µs of this process in all, and in the way in alone (parse, check, match, serialise). */
export interface StoreTurnsCpu {
  totalUs: number;
  wayInUs: number;
}

export async function runStoreTurns({ store, config, events, perTurn, eventJson }: StoreTurnsOptions): Promise<StoreTurnsCpu> {
  const stored = { id: 'wh_bench', config, createdAt: Date.now(), updatedAt: Date.now() };
  await store.createWebhook(stored);
  const compiled = compileWebhook(config, { allowLocal: true });
  const webhooks = [{ stored, flow: flowTarget(config, 0), compiled }];
  const record = await deliver(compiled, JSON.parse(eventJson), { deliveryId: 'dlv_bench' });
  let wayInUs = 0;
  const before = process.cpuUsage();
  let leased: ClaimedDelivery[] = [];
  for (let next = 0, settled = 0; settled < events; ) {
    const wayInBefore = process.cpuUsage();
    const prepared = Array.from({ length: Math.min(perTurn, events - next) }, () => prepareIngest(JSON.parse(eventJson), webhooks, Date.now()));
    wayInUs += cpuUs(wayInBefore);
    const writes = prepared.map(({ newEvent, deliveries }) => store.ingest(newEvent, deliveries));
    next += writes.length;
    const now = Date.now();
    const settlements = leased.map((delivery) =>
      settleAttempt({ delivery, config, record, startedAt: now, endedAt: now, defaultSchedule: DEFAULT_RETRY_SCHEDULE_SEC, maxBodyBytes: 16_384, random: Math.random }),
    );
    settled += settlements.length;
    const { claims } = await store.exchange({
      settlements,
      claims: [{ flowId: 'bench', webhookIds: [stored.id], limit: perTurn, maxInFlight: perTurn }],
      now,
      leasedUntil: now + 300_000,
    });
    const [claimed] = claims;
    leased = claimed?.deliveries ?? [];
    await Promise.all(writes);
  }
  return { totalUs: cpuUs(before), wayInUs };
}
