/**
 * The workers: take due deliveries from the store, send them, and settle each attempt. The database is
 * the queue: a delivery is leased only when a send can start at once, so nothing waits in memory that
 * a crash could lose.
 *
 * Isolation per flow (the target URL without its query): each flow has its own pace, may hold at most
 * `maxInFlightPerFlow` sends at once, and claims only its own due deliveries, so a slow, failing or
 * rate-limited flow never holds up another one. Flows that have work take free workers in turn. The
 * pace and the cap are the flow's, not the worker's: the store keeps them, so that workers sharing a
 * database keep them together.
 *
 * The workers go in turns, one per turn of the event loop at most: a turn writes every attempt that
 * ended since the last one (and the events that arrived) and leases what may start now, in one
 * transaction (`store.exchange`). Each attempt is kept in the same transaction as the step it leads to.
 * A crash before the write leaves the delivery leased; a restart, or another worker once the lease has
 * run out, sends it again with the same `webhook-id`. A turn whose transaction fails (the disk is full)
 * keeps what ended for the next turn, so the attempts are written as soon as the database takes writes
 * again.
 */
import type { Logger } from 'pino';
import { deliver } from '../deliver.js';
import { redactText, secretsOf } from '../core/redact.js';
import { paceSpacingMs } from '../core/pace.js';
import type { ClaimedDelivery, DeliveryStore, Settlement, TurnResult } from '../store/store.js';
import { sharedRate } from './flow.js';
import type { EngineMetrics } from './metrics.js';
import { settleAttempt } from './settlement.js';
import type { WebhookRegistry } from './webhook-registry.js';

export interface DispatcherOptions {
  store: DeliveryStore;
  registry: WebhookRegistry;
  metrics: EngineMetrics;
  logger: Logger;
  clock: () => number;
  random: () => number;
  concurrency: number;
  maxInFlightPerFlow: number;
  leaseMs: number;
  pollIntervalMs: number;
  defaultScheduleSec: readonly number[];
  maxBodyBytes: number;
}

interface Flow {
  readonly key: string;
  /** The key's digest, as the store knows the flow. */
  id: string;
  webhookIds: string[];
  /** Milliseconds between two sends, when the flow is paced. */
  paceSpacingMs: number | undefined;
  /** Sends of this flow under way in this process. */
  inFlight: number;
  /** Which webhook claims first, so that webhooks sharing a flow take turns. */
  firstWebhook: number;
  wakeTimer: NodeJS.Timeout | undefined;
  wakeAt: number | undefined;
}

interface Ended {
  settlement: Settlement;
  flow: Flow;
}

export class Dispatcher {
  readonly #options: DispatcherOptions;
  readonly #flows = new Map<string, Flow>();
  readonly #flowOfWebhook = new Map<string, Flow>();
  /** Delivery id → its flow and lease, for every send under way. */
  readonly #sending = new Map<string, { flow: Flow; leaseToken: string }>();
  /** Flows that may have due deliveries, in the order they get free workers. */
  readonly #ready = new Set<Flow>();
  #ended: Ended[] = [];
  #turnScheduled = false;
  #turn: Promise<void> | undefined;
  #turnAgain = false;
  #running = false;
  #stopped = false;
  #pollTimer: NodeJS.Timeout | undefined;
  #polling = false;
  #onIdle: (() => void) | undefined;

  constructor(options: DispatcherOptions) {
    this.#options = options;
  }

  start(): void {
    this.#running = true;
    this.updateFlows();
    this.#pollTimer = setInterval(() => void this.#poll(), this.#options.pollIntervalMs);
    for (const flow of this.#flows.values()) this.#markReady(flow);
  }

  /** Regroups the webhooks by flow after a webhook changed; flows that remain keep their counters. */
  updateFlows(): void {
    const grouped = new Map<string, { id: string; webhookIds: string[]; rates: Array<number | undefined> }>();
    for (const webhook of this.#options.registry.list()) {
      const group = grouped.get(webhook.flow.key) ?? { id: webhook.flow.id, webhookIds: [], rates: [] };
      group.webhookIds.push(webhook.stored.id);
      group.rates.push(webhook.flow.ratePerSec);
      grouped.set(webhook.flow.key, group);
    }
    for (const [key, flow] of this.#flows) {
      if (grouped.has(key)) continue;
      clearTimeout(flow.wakeTimer);
      this.#flows.delete(key);
      this.#ready.delete(flow);
    }
    this.#flowOfWebhook.clear();
    for (const [key, group] of grouped) {
      const rate = sharedRate(group.rates);
      let flow = this.#flows.get(key);
      if (!flow) {
        flow = { key, id: group.id, webhookIds: [], paceSpacingMs: undefined, inFlight: 0, firstWebhook: 0, wakeTimer: undefined, wakeAt: undefined };
        this.#flows.set(key, flow);
        if (this.#running) this.#markReady(flow);
      }
      flow.webhookIds = group.webhookIds;
      flow.paceSpacingMs = rate === undefined ? undefined : paceSpacingMs(rate);
      for (const id of group.webhookIds) this.#flowOfWebhook.set(id, flow);
    }
  }

  /** Deliveries of this webhook may be due now (just ingested or replayed). */
  wake(webhookId: string): void {
    const flow = this.#flowOfWebhook.get(webhookId);
    if (flow) this.#markReady(flow);
  }

  /**
   * Takes no more work, waits up to `graceMs` for the sends under way, writes what they settled, and
   * hands the unfinished ones back to the store (they are sent again on the next start).
   */
  async stop(graceMs: number): Promise<{ finished: number; released: number }> {
    this.#running = false;
    clearInterval(this.#pollTimer);
    for (const flow of this.#flows.values()) clearTimeout(flow.wakeTimer);
    this.#ready.clear();
    const underWay = this.#sending.size;
    if (underWay > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          this.#onIdle = resolve;
        }),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    this.#stopped = true;
    while (this.#turn) await this.#turn;
    await this.#runTurn();
    const unfinished = [...this.#sending].map(([deliveryId, { leaseToken }]) => ({ deliveryId, leaseToken }));
    if (unfinished.length > 0) await this.#options.store.releaseLeases(unfinished, this.#options.clock());
    return { finished: underWay - unfinished.length, released: unfinished.length };
  }

  async #poll(): Promise<void> {
    if (this.#polling || !this.#running) return;
    this.#polling = true;
    // Attempts a failed turn could not write are tried again, whether or not the requeue below succeeds.
    if (this.#ended.length > 0) this.#scheduleTurn();
    try {
      const now = this.#options.clock();
      const requeued = await this.#options.store.requeueLeases(now, now);
      if (requeued > 0) this.#options.logger.warn({ requeued }, 'deliveries whose lease ran out are due again');
      for (const flow of this.#flows.values()) this.#markReady(flow);
    } catch (err) {
      this.#options.logger.error({ err }, 'polling the store failed; trying again at the next poll');
    } finally {
      this.#polling = false;
    }
  }

  #markReady(flow: Flow): void {
    if (!this.#running) return;
    this.#ready.add(flow);
    this.#scheduleTurn();
  }

  /** One turn on the next turn of the event loop, however many sends ended or flows woke in this one. */
  #scheduleTurn(): void {
    if (this.#turnScheduled) return;
    this.#turnScheduled = true;
    setImmediate(() => {
      this.#turnScheduled = false;
      void this.#runTurn();
    });
  }

  /** Turns never overlap: one asked for while another runs follows it. */
  async #runTurn(): Promise<void> {
    if (this.#turn) {
      this.#turnAgain = true;
      return;
    }
    this.#turn = this.#takeTurn().finally(() => {
      this.#turn = undefined;
    });
    await this.#turn;
    if (this.#turnAgain) {
      this.#turnAgain = false;
      this.#scheduleTurn();
    }
  }

  async #takeTurn(): Promise<void> {
    const options = this.#options;
    const now = options.clock();
    const ended = this.#ended;
    this.#ended = [];
    const asks = this.#running ? this.#plan() : [];
    // Even with nothing ended and nothing to lease, the turn goes to the store: events waiting to be written
    // are written in its transaction.
    let result: TurnResult;
    try {
      result = await options.store.exchange({
        settlements: ended.map(({ settlement }) => settlement),
        claims: asks.map(({ flow, limit }) => ({
          flowId: flow.id,
          webhookIds: rotate(flow),
          limit,
          maxInFlight: options.maxInFlightPerFlow,
          ...(flow.paceSpacingMs === undefined ? {} : { paceSpacingMs: flow.paceSpacingMs }),
        })),
        now,
        leasedUntil: now + options.leaseMs,
        clock: options.clock,
      });
    } catch (err) {
      // What ended is written at the next turn, at the latest the poll's, rather than left leased until
      // the lease runs out and then sent again.
      this.#ended = [...ended, ...this.#ended];
      options.logger.error({ err, attempts: ended.length }, 'writing attempts and claiming deliveries failed; trying again at the next turn');
      return;
    }
    this.#lost(result.lostLeases);
    const lost = new Set(result.lostLeases);
    for (const { settlement, flow } of ended) if (!lost.has(settlement.deliveryId)) this.#written(settlement, flow, now);
    asks.forEach(({ flow, limit }, index) => {
      const claim = result.claims[index];
      if (!claim) return;
      for (const delivery of claim.deliveries) this.#send(flow, delivery);
      if (claim.deliveries.length === limit) this.#markReady(flow);
      else if (claim.nextDueAt !== undefined) this.#wakeAt(flow, claim.nextDueAt);
    });
    // Flows this turn had no free worker for get the workers its claims left free.
    if (this.#ready.size > 0 && this.#sending.size < options.concurrency) this.#scheduleTurn();
  }

  /** Attempts the store refused to write: the lease ran out first, so the delivery was due again, for this worker or another. */
  #lost(deliveryIds: string[]): void {
    if (deliveryIds.length === 0) return;
    this.#options.metrics.leasesLost(deliveryIds.length);
    this.#options.logger.warn({ deliveryIds }, 'attempts ended after their lease ran out; not written, the deliveries are sent again under the same webhook-id');
  }

  /**
   * How many deliveries each ready flow may ask for now: within the free workers and its cap in this
   * process; the store holds it to its cap over every worker and to its pace, which grants one at a time.
   */
  #plan(): Array<{ flow: Flow; limit: number }> {
    const asks: Array<{ flow: Flow; limit: number }> = [];
    let free = this.#options.concurrency - this.#sending.size;
    for (const flow of this.#ready) {
      // A flow left ready gets the next free worker, when a send ends.
      if (free <= 0) break;
      this.#ready.delete(flow);
      if (this.#flows.get(flow.key) !== flow) continue;
      // A flow at its own cap is made ready again when one of its sends ends.
      const limit = Math.min(free, this.#options.maxInFlightPerFlow - flow.inFlight, flow.paceSpacingMs === undefined ? Infinity : 1);
      if (limit <= 0) continue;
      asks.push({ flow, limit });
      free -= limit;
    }
    return asks;
  }

  /** Makes the flow ready at `at`; later than the next poll is left to the poll. */
  #wakeAt(flow: Flow, at: number): void {
    if (!this.#running) return;
    const delay = at - this.#options.clock();
    if (delay <= 0) {
      this.#markReady(flow);
      return;
    }
    if (delay > this.#options.pollIntervalMs) return;
    if (flow.wakeAt !== undefined && flow.wakeAt <= at) return;
    clearTimeout(flow.wakeTimer);
    flow.wakeAt = at;
    flow.wakeTimer = setTimeout(() => {
      flow.wakeAt = undefined;
      this.#markReady(flow);
    }, delay);
  }

  #send(flow: Flow, delivery: ClaimedDelivery): void {
    this.#sending.set(delivery.id, { flow, leaseToken: delivery.leaseToken });
    flow.inFlight += 1;
    void this.#attempt(delivery).then((settlement) => this.#finish(flow, delivery.id, settlement));
  }

  /** One attempt, settled; never rejects. */
  async #attempt(delivery: ClaimedDelivery): Promise<Settlement> {
    const options = this.#options;
    const webhook = options.registry.get(delivery.webhookId);
    const lease = { deliveryId: delivery.id, leaseToken: delivery.leaseToken };
    if (!webhook) return { ...lease, status: 'failed', reason: 'the webhook was deleted' };
    const { compiled, stored } = webhook;
    if (compiled instanceof Error) {
      return { ...lease, status: 'failed', reason: `${compiled.message}; not retried: fix the webhook, then replay the delivery` };
    }
    const startedAt = options.clock();
    try {
      const record = await deliver(compiled, delivery.event, { deliveryId: delivery.id });
      return settleAttempt({
        delivery,
        config: stored.config,
        record,
        startedAt,
        endedAt: options.clock(),
        defaultSchedule: options.defaultScheduleSec,
        maxBodyBytes: options.maxBodyBytes,
        random: options.random,
      });
    } catch (err) {
      const message = redactText((err as Error).message, secretsOf(stored.config));
      options.logger.error({ deliveryId: delivery.id, webhook: stored.config.name, error: message }, 'the sender threw');
      return { ...lease, status: 'failed', reason: `internal error: ${message}; not retried: replay the delivery` };
    }
  }

  #finish(flow: Flow, deliveryId: string, settlement: Settlement): void {
    this.#sending.delete(deliveryId);
    flow.inFlight -= 1;
    if (this.#stopped) return;
    this.#ended.push({ settlement, flow });
    if (this.#sending.size === 0) this.#onIdle?.();
    if (this.#running) this.#ready.add(flow);
    this.#scheduleTurn();
  }

  /** After the turn's transaction: counts, logs, and wakes the flow when its retry is due. */
  #written(settlement: Settlement, flow: Flow, now: number): void {
    const { metrics, logger } = this.#options;
    if (settlement.attempt) metrics.attemptEnded(settlement.attempt.outcome, settlement.attempt.durationMs);
    const fields = {
      deliveryId: settlement.deliveryId,
      status: settlement.status,
      attempt: settlement.attempt?.number,
      httpStatus: settlement.attempt?.httpStatus ?? undefined,
      reason: settlement.reason,
    };
    if (settlement.status === 'pending') {
      logger.info(fields, 'delivery attempt failed; retrying');
      this.#wakeAt(flow, settlement.nextAttemptAt ?? now);
      return;
    }
    metrics.deliveryCompleted(settlement.status);
    if (settlement.status === 'failed') logger.warn(fields, 'delivery failed');
    else logger.debug(fields, 'delivered');
  }
}

/** The flow's webhooks, starting with the one whose turn it is. */
function rotate(flow: Flow): string[] {
  const ids = flow.webhookIds;
  const first = flow.firstWebhook % Math.max(ids.length, 1);
  flow.firstWebhook = first + 1;
  return [...ids.slice(first), ...ids.slice(0, first)];
}
