/**
 * The durable delivery engine: webhooks, ingest, workers, replay, metrics and shutdown over one store.
 * Everything the management API does goes through here.
 */
import { pino, type Logger } from 'pino';
import { deliver } from '../deliver.js';
import { DEFAULT_RETRY_SCHEDULE_SEC } from '../core/retry-policy.js';
import { sampleEvent } from '../core/samples.js';
import { FlowhookError } from '../errors.js';
import type { DatabaseHealth, DeliveryDetail, DeliveryPage, DeliveryQuery, DeliveryStore, DeliverySummary, ReplayFilter } from '../store/store.js';
import type { InvocationRecord, Trigger } from '../types.js';
import { Dispatcher } from './dispatcher.js';
import { newId } from './ids.js';
import { prepareIngest, type IngestResult } from './ingest.js';
import { EngineMetrics } from './metrics.js';
import { WebhookRegistry } from './webhook-registry.js';

export interface EngineOptions {
  store: DeliveryStore;
  /** Allow loopback and private targets, plain http and custom ports (the mock). */
  allowLocal?: boolean;
  /** Allow only these networks (CIDR) besides public addresses instead, with plain http and custom ports: `--allow-net`. */
  allowNet?: readonly string[];
  logger?: Logger;
  /** Seconds before each retry, for webhooks without `retry_schedule_sec`. */
  retryScheduleSec?: readonly number[];
  /** Deliveries per second to an Okta Workflows flow whose webhook has no `rate_limit_per_sec`; 0 = unpaced. */
  oktaRatePerSec?: number;
  /** Sends under way at once, over all flows. */
  concurrency?: number;
  /** Sends under way at once to one flow, so a slow flow cannot take every worker. */
  maxInFlightPerFlow?: number;
  /** How often the store is searched for due deliveries that no wake-up announced, in ms. */
  pollIntervalMs?: number;
  /** How long a claimed delivery stays with this process before another may take it, in ms. */
  leaseMs?: number;
  /** How long `stop()` waits for sends under way, in ms. */
  shutdownGraceMs?: number;
  /** Response bodies kept per attempt are cut beyond this many bytes. */
  maxStoredBodyBytes?: number;
  /** Epoch milliseconds. */
  clock?: () => number;
  /** A number in [0, 1), for the jitter of retry delays. */
  random?: () => number;
}

type Settings = Required<Omit<EngineOptions, 'store' | 'logger'>>;

/** What `/healthz` answers: `ok` while the engine runs and its database takes writes. */
export type EngineHealth = { status: 'stopping' } | { status: 'ok' | 'degraded'; database: DatabaseHealth };

export const ENGINE_DEFAULTS: Readonly<Settings> = Object.freeze({
  allowLocal: false,
  allowNet: [],
  retryScheduleSec: DEFAULT_RETRY_SCHEDULE_SEC,
  oktaRatePerSec: 10,
  concurrency: 64,
  maxInFlightPerFlow: 16,
  pollIntervalMs: 1_000,
  // Longer than the longest attempt: a 60 s timeout plus an OAuth token request.
  leaseMs: 300_000,
  shutdownGraceMs: 10_000,
  maxStoredBodyBytes: 16_384,
  clock: Date.now,
  random: Math.random,
});

export class DeliveryEngine {
  readonly webhooks: WebhookRegistry;
  readonly #store: DeliveryStore;
  readonly #settings: Settings;
  readonly #logger: Logger;
  readonly #metrics = new EngineMetrics();
  readonly #dispatcher: Dispatcher;
  #state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';

  constructor(options: EngineOptions) {
    const { store, logger, ...rest } = options;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
    this.#settings = checkSettings({ ...ENGINE_DEFAULTS, ...defined });
    this.#store = store;
    this.#logger = logger ?? pino({ level: 'silent' });
    const settings = this.#settings;
    this.webhooks = new WebhookRegistry({
      store,
      allowLocal: settings.allowLocal,
      allowNet: settings.allowNet,
      oktaRatePerSec: settings.oktaRatePerSec,
      clock: settings.clock,
      onChange: () => this.#dispatcher.updateFlows(),
      onWatchError: (err) => this.#logger.error({ err }, 'reading a webhook another worker changed failed; every webhook is read again at the next change'),
    });
    this.#dispatcher = new Dispatcher({
      store,
      registry: this.webhooks,
      metrics: this.#metrics,
      logger: this.#logger,
      clock: settings.clock,
      random: settings.random,
      concurrency: settings.concurrency,
      maxInFlightPerFlow: settings.maxInFlightPerFlow,
      leaseMs: settings.leaseMs,
      pollIntervalMs: settings.pollIntervalMs,
      defaultScheduleSec: settings.retryScheduleSec,
      maxBodyBytes: settings.maxStoredBodyBytes,
    });
  }

  get state(): 'new' | 'running' | 'stopping' | 'stopped' {
    return this.#state;
  }

  /**
   * Loads the webhooks and starts the workers. Deliveries left in flight are due again first: on a store
   * this process owns, all of them (their sender is gone); on a shared one, those whose lease ran out.
   */
  async start(): Promise<void> {
    if (this.#state !== 'new') throw new TypeError(`the engine cannot start: it is ${this.#state}`);
    await this.webhooks.load();
    const now = this.#settings.clock();
    const exclusive = this.#store.exclusive;
    const requeued = await this.#store.requeueLeases(exclusive ? Number.MAX_SAFE_INTEGER : now, now);
    if (requeued > 0) {
      const message = exclusive ? 'deliveries that were in flight when flowhook last stopped are due again' : 'deliveries whose lease ran out are due again';
      this.#logger.warn({ requeued }, message);
    }
    this.#state = 'running';
    this.#dispatcher.start();
    this.#logger.info({ webhooks: this.webhooks.list().length }, 'delivery engine started');
  }

  /** Takes no more work, lets sends under way finish (or hands them back to the store), and closes the store. */
  async stop(): Promise<void> {
    if (this.#state === 'stopping' || this.#state === 'stopped') return;
    this.#state = 'stopping';
    const { finished, released } = await this.#dispatcher.stop(this.#settings.shutdownGraceMs);
    await this.#store.close();
    this.#state = 'stopped';
    this.#logger.info({ finished, released }, 'delivery engine stopped');
  }

  /**
   * Writes the event and one delivery per matching webhook in one transaction; resolves once it is
   * committed. Their flows are woken first, so that the workers' next turn writes the event in its
   * transaction and can lease the new deliveries in it.
   */
  async ingest(value: unknown): Promise<IngestResult> {
    this.#refuseWhenStopping();
    const { newEvent, deliveries, result } = prepareIngest(value, this.webhooks.list(), this.#settings.clock());
    for (const { webhookId } of deliveries) this.#dispatcher.wake(webhookId);
    await this.#store.ingest(newEvent, deliveries);
    this.#metrics.eventIngested(deliveries.length);
    return result;
  }

  /**
   * Apono's Test button: sends a sample event of `trigger` (the webhook's first trigger when absent) at
   * once, outside the queue and its pacing, and returns the invocation record. Nothing is stored.
   */
  async testWebhook(id: string, trigger?: Trigger): Promise<InvocationRecord> {
    const { compiled, stored } = this.webhooks.require(id);
    if (compiled instanceof Error) throw compiled;
    const chosen = trigger ?? stored.config.triggers[0] ?? 'RequestCreated';
    return deliver(compiled, sampleEvent(chosen), { deliveryId: newId('test') });
  }

  /**
   * Apono's Test button before Save: checks `config` as a create would (its name need not be unique),
   * sends the sample event of `trigger` (the config's first trigger when absent) once, and returns the
   * invocation record. Nothing is stored. Throws FLOWHOOK_CONFIG_INVALID (or the compiler's error).
   */
  async testConfig(config: unknown, trigger?: Trigger): Promise<InvocationRecord> {
    const compiled = this.webhooks.draft(config);
    const chosen = trigger ?? compiled.config.triggers[0] ?? 'RequestCreated';
    return deliver(compiled, sampleEvent(chosen), { deliveryId: newId('test') });
  }

  /** Throws FLOWHOOK_NOT_FOUND when there is no such delivery. */
  async getDelivery(id: string): Promise<DeliveryDetail> {
    const delivery = await this.#store.getDelivery(id);
    if (!delivery) throw noSuchDelivery(id);
    return delivery;
  }

  async listDeliveries(query: DeliveryQuery): Promise<DeliveryPage> {
    return this.#store.listDeliveries(query);
  }

  /**
   * Sends a delivery again, at once and with a fresh retry schedule, under the same `webhook-id`.
   * Throws FLOWHOOK_CONFLICT while it is being sent, or when its webhook was deleted.
   */
  async replayDelivery(id: string): Promise<DeliverySummary> {
    this.#refuseWhenStopping();
    const current = await this.#store.getDelivery(id);
    if (!current) throw noSuchDelivery(id);
    if (!this.webhooks.get(current.webhookId)) {
      throw new FlowhookError('FLOWHOOK_CONFLICT', `delivery "${id}" cannot be replayed: its webhook "${current.webhookName}" was deleted`, {
        hint: 'Create the webhook again and send the event anew with POST /api/events.',
      });
    }
    const replayed = await this.#store.replayDelivery(id, 'replay requested', this.#settings.clock());
    if (!replayed) throw noSuchDelivery(id);
    if (replayed.status === 'in_flight') {
      throw new FlowhookError('FLOWHOOK_CONFLICT', `delivery "${id}" is being sent right now`, {
        hint: 'Wait until its attempt ends (GET /api/deliveries/{id}), then replay it if it did not succeed.',
      });
    }
    this.#dispatcher.wake(replayed.webhookId);
    return replayed;
  }

  /** Replays the webhook's deliveries that match the filter; returns how many. */
  async replayWebhook(id: string, filter: ReplayFilter): Promise<number> {
    this.#refuseWhenStopping();
    this.webhooks.require(id);
    const count = await this.#store.replayWebhook(id, filter, 'replay requested', this.#settings.clock());
    if (count > 0) this.#dispatcher.wake(id);
    return count;
  }

  /** Whether the engine takes work, and whether its database takes writes (asking tries one while it does not). */
  async health(): Promise<EngineHealth> {
    if (this.#state !== 'running') return { status: 'stopping' };
    const database = await this.#store.health();
    return { status: database.status === 'ok' ? 'ok' : 'degraded', database };
  }

  /** The Prometheus exposition text. */
  async renderMetrics(): Promise<string> {
    return this.#metrics.render(await this.#store.queueDepth());
  }

  #refuseWhenStopping(): void {
    if (this.#state === 'stopping' || this.#state === 'stopped') {
      throw new FlowhookError('FLOWHOOK_SHUTTING_DOWN', 'flowhook is shutting down and takes no more work', {
        hint: 'Send the request again once flowhook has restarted.',
      });
    }
  }
}

function noSuchDelivery(id: string): FlowhookError {
  return new FlowhookError('FLOWHOOK_NOT_FOUND', `no delivery "${id}"`, { hint: 'Check the id; GET /api/deliveries lists the deliveries.' });
}

/** Programming mistakes in the options fail when the engine is built, never at the first delivery. */
function checkSettings(settings: Settings): Settings {
  const positiveIntegers = ['concurrency', 'maxInFlightPerFlow', 'pollIntervalMs', 'leaseMs', 'maxStoredBodyBytes'] as const;
  for (const name of positiveIntegers) {
    const value = settings[name];
    if (!Number.isInteger(value) || value <= 0) throw new TypeError(`"${name}" must be a positive integer, not ${value}`);
  }
  if (!(settings.shutdownGraceMs >= 0)) throw new TypeError(`"shutdownGraceMs" must be 0 or more, not ${settings.shutdownGraceMs}`);
  if (!(settings.oktaRatePerSec >= 0)) throw new TypeError(`"oktaRatePerSec" must be 0 or more, not ${settings.oktaRatePerSec}`);
  if (!settings.retryScheduleSec.every((delay) => delay >= 0)) {
    throw new TypeError(`"retryScheduleSec" must list delays of 0 s or more, not ${JSON.stringify(settings.retryScheduleSec)}`);
  }
  return Object.freeze(settings);
}
