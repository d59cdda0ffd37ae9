// @ts-check
/** The management API of `flowhook serve` (openapi/flowhook.yaml): everything the UI shows and does. */
import { ApiError, requestJson } from './kit/http.js';

/** @typedef {import('../../../openapi/generated/flowhook.js').components['schemas']} Schemas */
/** @typedef {Schemas['Trigger']} Trigger */
/** @typedef {Schemas['WebhookConfig']} WebhookConfig */
/** @typedef {Schemas['AccessRequestEvent']} AccessRequestEvent */
/** @typedef {Schemas['InvocationRecord']} InvocationRecord */
/** @typedef {Schemas['DeliverySummary']} DeliverySummary */
/** @typedef {Schemas['DeliveryDetail']} DeliveryDetail */
/** @typedef {Schemas['DeliveryList']} DeliveryList */
/** @typedef {Schemas['DeliveryStatus']} DeliveryStatus */
/** @typedef {Schemas['IngestResult']} IngestResult */
/** @typedef {Schemas['Attempt']} Attempt */
/** @typedef {Schemas['SampleEvents']} SampleEvents */
/** @typedef {Schemas['OktaUrlDescription']} OktaUrlDescription */
/** @typedef {Schemas['ConfigTestRequest']} ConfigTestRequest */
/**
 * A stored webhook as the API shows it: the config with secrets `[REDACTED]`, its id and times.
 * @typedef {WebhookConfig & { id: string, created_at: string, updated_at: string }} Webhook
 */
/** @typedef {{ webhook?: string, status?: DeliveryStatus, event?: string, trigger?: Trigger, cursor?: number, limit?: number }} DeliveryQuery */

/** Every trigger once (the type checker holds this to the schema's list), in Apono's order. @type {Record<Trigger, true>} */
const TRIGGER_SET = { RequestCreated: true, RequestApproved: true, RequestRejected: true, RequestGranted: true, RequestExpired: true, RequestFailed: true };
export const TRIGGERS = /** @type {Trigger[]} */ (Object.keys(TRIGGER_SET));

/** @type {() => void} */
let unauthenticated = () => {};

/**
 * Calls `listener` whenever the API answers 401: the page has no session (never logged in, ended, or
 * the server restarted).
 * @param {() => void} listener
 */
export function onUnauthenticated(listener) {
  unauthenticated = listener;
}

/**
 * requestJson, telling the `onUnauthenticated` listener about a 401 before the caller gets the error.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 */
async function call(method, path, body) {
  try {
    return await requestJson(method, path, body);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) unauthenticated();
    throw err;
  }
}

export const api = {
  /** @returns {Promise<Webhook[]>} */
  async listWebhooks() {
    return /** @type {{ webhooks: Webhook[] }} */ (await call('GET', '/api/webhooks')).webhooks;
  },
  /** @param {string} id @returns {Promise<Webhook>} */
  async getWebhook(id) {
    return /** @type {Webhook} */ (await call('GET', `/api/webhooks/${encodeURIComponent(id)}`));
  },
  /** @param {WebhookConfig} config @returns {Promise<Webhook>} */
  async createWebhook(config) {
    return /** @type {Webhook} */ (await call('POST', '/api/webhooks', config));
  },
  /** A secret sent back as `[REDACTED]` keeps its stored value. @param {string} id @param {WebhookConfig} config @returns {Promise<Webhook>} */
  async updateWebhook(id, config) {
    return /** @type {Webhook} */ (await call('PUT', `/api/webhooks/${encodeURIComponent(id)}`, config));
  },
  /** @param {string} id */
  async deleteWebhook(id) {
    await call('DELETE', `/api/webhooks/${encodeURIComponent(id)}`);
  },
  /**
   * Test before Save: sends a sample event through `config` without storing it; with `webhookId`, each
   * secret left `[REDACTED]` takes that webhook's stored one.
   * @param {ConfigTestRequest} request @returns {Promise<InvocationRecord>}
   */
  async testConfig(request) {
    return /** @type {InvocationRecord} */ (await call('POST', '/api/webhooks/test', request));
  },
  /** @param {unknown} event @returns {Promise<IngestResult>} */
  async sendEvent(event) {
    return /** @type {IngestResult} */ (await call('POST', '/api/events', event));
  },
  /** @param {DeliveryQuery} query @returns {Promise<DeliveryList>} */
  async listDeliveries(query) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
    return /** @type {DeliveryList} */ (await call('GET', `/api/deliveries?${params}`));
  },
  /** @param {string} id @returns {Promise<DeliveryDetail>} */
  async getDelivery(id) {
    return /** @type {DeliveryDetail} */ (await call('GET', `/api/deliveries/${encodeURIComponent(id)}`));
  },
  /** @param {string} id @returns {Promise<DeliverySummary>} */
  async replayDelivery(id) {
    return /** @type {DeliverySummary} */ (await call('POST', `/api/deliveries/${encodeURIComponent(id)}/replay`));
  },
  /** The JSON Schema of the event payload. @returns {Promise<JsonSchema>} */
  async eventSchema() {
    return /** @type {JsonSchema} */ (await call('GET', '/api/schema/event'));
  },
  /** The sample event of each trigger, the one Test sends. @returns {Promise<SampleEvents>} */
  async sampleEvents() {
    return /** @type {SampleEvents} */ (await call('GET', '/api/samples'));
  },
  /** What the URL is to Okta Workflows; it goes in the body because it may carry a client token. @param {string} url @returns {Promise<OktaUrlDescription>} */
  async recogniseUrl(url) {
    return /** @type {OktaUrlDescription} */ (await call('POST', '/api/okta-url', { url }));
  },
};

/**
 * The parts of JSON Schema the payload schema viewer reads.
 * @typedef {{ type?: string | string[], description?: string, properties?: Record<string, JsonSchema>, items?: JsonSchema, $ref?: string, oneOf?: JsonSchema[], required?: string[], $defs?: Record<string, JsonSchema> }} JsonSchema
 */
