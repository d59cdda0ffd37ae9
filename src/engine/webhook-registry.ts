/**
 * The webhooks the engine delivers to: kept in the store, held in memory compiled and assigned to their
 * flow, so the hot path never parses or compiles a config. A config is checked and compiled before it
 * is stored; one stored earlier that no longer compiles (say the target is local and `--allow-local` was
 * not given this time) stays listed, and its deliveries fail with the reason.
 */
import { compileWebhook, type CompiledWebhook } from '../deliver.js';
import type { LocalTargetOptions } from '../core/url-policy.js';
import { parseWebhookConfig } from '../core/webhook-config.js';
import { FlowhookError } from '../errors.js';
import type { DeliveryStore, StoredWebhook } from '../store/store.js';
import type { WebhookConfig } from '../types.js';
import { flowTarget, type FlowTarget } from './flow.js';
import { newId } from './ids.js';

export interface RegisteredWebhook {
  readonly stored: StoredWebhook;
  readonly flow: FlowTarget;
  /** Ready to send, or why the stored config does not compile. */
  readonly compiled: CompiledWebhook | FlowhookError;
}

export interface WebhookRegistryOptions {
  store: DeliveryStore;
  allowLocal: boolean;
  allowNet: readonly string[];
  oktaRatePerSec: number;
  clock: () => number;
  /** Called after every change, once the store has it, whether it came through this registry or another worker's. */
  onChange: () => void;
  /** A change another worker made could not be read; the registry reads every webhook again at the next change. */
  onWatchError: (err: unknown) => void;
}

export class WebhookRegistry {
  readonly #options: WebhookRegistryOptions;
  readonly #targets: LocalTargetOptions;
  readonly #byId = new Map<string, RegisteredWebhook>();
  /** Changes from other workers are read one after another, so that an older read never lands after a newer one. */
  #refreshing: Promise<void> = Promise.resolve();
  #stale = false;

  constructor(options: WebhookRegistryOptions) {
    this.#options = options;
    this.#targets = { allowLocal: options.allowLocal, allowNet: options.allowNet };
    options.store.watchWebhooks((webhookId) => {
      this.#refreshing = this.#refreshing.then(() => this.#refresh(webhookId));
    });
  }

  /** Reads every webhook from the store. */
  async load(): Promise<void> {
    const webhooks = await this.#options.store.listWebhooks();
    this.#byId.clear();
    for (const stored of webhooks) this.#byId.set(stored.id, this.#register(stored));
    this.#options.onChange();
  }

  /** In the order they were created. */
  list(): RegisteredWebhook[] {
    return [...this.#byId.values()];
  }

  get(id: string): RegisteredWebhook | undefined {
    return this.#byId.get(id);
  }

  /** Throws FLOWHOOK_NOT_FOUND when there is no webhook with this id. */
  require(id: string): RegisteredWebhook {
    const webhook = this.#byId.get(id);
    if (!webhook) throw noSuchWebhook(id);
    return webhook;
  }

  /** Checks, compiles and stores a new webhook; throws FLOWHOOK_CONFIG_INVALID (or the compiler's error) when it is not valid. */
  async create(value: unknown): Promise<RegisteredWebhook> {
    const config = this.#parse(value, undefined);
    const compiled = compileWebhook(config, this.#targets);
    const now = this.#options.clock();
    const stored: StoredWebhook = { id: newId('wh'), config, createdAt: now, updatedAt: now };
    await this.#options.store.createWebhook(stored);
    return this.#set({ stored, flow: flowTarget(config, this.#options.oktaRatePerSec), compiled });
  }

  /**
   * Checks and compiles a config as `create` does, except that its name need not be unique, and stores
   * nothing: a config being edited, for the Test button. Throws as `create` does.
   */
  draft(value: unknown): CompiledWebhook {
    const config = parseWebhookConfig(value, this.#targets);
    return compileWebhook(config, this.#targets);
  }

  /** Replaces a webhook's config; its pending deliveries go out with the new one. */
  async update(id: string, value: unknown): Promise<RegisteredWebhook> {
    const current = this.require(id);
    const config = this.#parse(value, id);
    const compiled = compileWebhook(config, this.#targets);
    const now = this.#options.clock();
    if (!(await this.#options.store.updateWebhook(id, config, now))) throw this.#notFound(id);
    const stored: StoredWebhook = { ...current.stored, config, updatedAt: now };
    return this.#set({ stored, flow: flowTarget(config, this.#options.oktaRatePerSec), compiled });
  }

  /** Removes a webhook; its deliveries that were not done end `failed`, and the finished ones stay as history. */
  async delete(id: string): Promise<void> {
    const current = this.require(id);
    const reason = `the webhook "${current.stored.config.name}" was deleted`;
    if (!(await this.#options.store.deleteWebhook(id, reason, this.#options.clock()))) throw this.#notFound(id);
    this.#byId.delete(id);
    this.#options.onChange();
  }

  /** Reads again the webhook another worker changed (every webhook when `webhookId` is absent or an earlier read failed). */
  async #refresh(webhookId: string | undefined): Promise<void> {
    try {
      if (webhookId === undefined || this.#stale) {
        await this.load();
        this.#stale = false;
        return;
      }
      const stored = await this.#options.store.getWebhook(webhookId);
      if (stored) this.#byId.set(webhookId, this.#register(stored));
      else this.#byId.delete(webhookId);
      this.#options.onChange();
    } catch (err) {
      this.#stale = true;
      this.#options.onWatchError(err);
    }
  }

  #parse(value: unknown, ownId: string | undefined): WebhookConfig {
    const otherNames = this.list()
      .filter((webhook) => webhook.stored.id !== ownId)
      .map((webhook) => webhook.stored.config.name);
    return parseWebhookConfig(value, { ...this.#targets, otherNames });
  }

  #register(stored: StoredWebhook): RegisteredWebhook {
    let compiled: CompiledWebhook | FlowhookError;
    try {
      compiled = compileWebhook(stored.config, this.#targets);
    } catch (err) {
      compiled =
        err instanceof FlowhookError
          ? err
          : new FlowhookError('FLOWHOOK_CONFIG_INVALID', `webhook "${stored.config.name}" does not compile: ${(err as Error).message}`, { cause: err });
    }
    return { stored, flow: flowTarget(stored.config, this.#options.oktaRatePerSec), compiled };
  }

  #set(webhook: RegisteredWebhook): RegisteredWebhook {
    this.#byId.set(webhook.stored.id, webhook);
    this.#options.onChange();
    return webhook;
  }

  /** The store no longer has a webhook this registry had. */
  #notFound(id: string): FlowhookError {
    this.#byId.delete(id);
    this.#options.onChange();
    return noSuchWebhook(id);
  }
}

function noSuchWebhook(id: string): FlowhookError {
  return new FlowhookError('FLOWHOOK_NOT_FOUND', `no webhook "${id}"`, { hint: 'Check the id; GET /api/webhooks lists every webhook.' });
}
