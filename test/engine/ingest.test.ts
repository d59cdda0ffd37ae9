import { describe, expect, it } from 'vitest';
import { parseWebhookConfig } from '../../src/core/webhook-config.js';
import { sampleEvent } from '../../src/core/samples.js';
import { compileWebhook } from '../../src/deliver.js';
import { isFlowhookError } from '../../src/errors.js';
import { flowTarget } from '../../src/engine/flow.js';
import { prepareIngest } from '../../src/engine/ingest.js';
import type { RegisteredWebhook } from '../../src/engine/webhook-registry.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');

function webhook(id: string, name: string, triggers: string[]): RegisteredWebhook {
  const config = parseWebhookConfig({ name, url: `https://acme.workflows.okta.com/api/flo/${id}/invoke`, triggers }, {});
  return { stored: { id, config, createdAt: T0, updatedAt: T0 }, flow: flowTarget(config, 10), compiled: compileWebhook(config) };
}

const WEBHOOKS = [webhook('wh_created', 'Created', ['RequestCreated']), webhook('wh_granted', 'Granted', ['RequestGranted'])];

describe('prepareIngest', () => {
  it('makes one delivery per matching webhook, due at once, and says why the others skipped the event', () => {
    const { newEvent, deliveries, result } = prepareIngest(sampleEvent('RequestCreated'), WEBHOOKS, T0);
    expect(deliveries).toEqual([{ id: expect.stringMatching(/^dlv_[0-9a-f]{32}$/), webhookId: 'wh_created', webhookName: 'Created', nextAttemptAt: T0 }]);
    expect(result).toEqual({
      eventId: newEvent.id,
      eventType: 'RequestCreated',
      deliveries: [{ id: deliveries[0]?.id, webhookId: 'wh_created', webhook: 'Created' }],
      skipped: [{ webhookId: 'wh_granted', webhook: 'Granted', reason: 'trigger "RequestCreated" is not among the webhook\'s triggers: [RequestGranted]' }],
    });
    expect(newEvent).toEqual({ id: expect.stringMatching(/^evt_[0-9a-f]{32}$/), eventType: 'RequestCreated', payloadJson: JSON.stringify(sampleEvent('RequestCreated')), receivedAt: T0 });
  });

  it('normalises an AccessRequest… event type in what it writes, and leaves the value as it was', () => {
    const value = { ...sampleEvent('RequestGranted'), event_type: 'AccessRequestGranted' };
    const { newEvent, deliveries } = prepareIngest(value, WEBHOOKS, T0);
    expect(JSON.parse(newEvent.payloadJson)).toEqual(sampleEvent('RequestGranted'));
    expect(newEvent.eventType).toBe('RequestGranted');
    expect(deliveries.map((delivery) => delivery.webhookId)).toEqual(['wh_granted']);
    expect(value.event_type).toBe('AccessRequestGranted');
  });

  it('writes the event as it was when it was given, whatever happens to the value later', () => {
    const value = sampleEvent('RequestCreated');
    const { newEvent } = prepareIngest(value, WEBHOOKS, T0);
    value.data.justification = 'changed afterwards';
    expect(JSON.parse(newEvent.payloadJson)).toEqual(sampleEvent('RequestCreated'));
  });

  it('refuses a value that is not an access-request event', () => {
    try {
      prepareIngest({ event_type: 'RequestCreated' }, WEBHOOKS, T0);
      expect.unreachable();
    } catch (err) {
      expect(isFlowhookError(err) && err.toJSON()).toMatchObject({
        code: 'FLOWHOOK_EVENT_INVALID',
        message: 'access-request event has 2 problems: $.event_time is required; $.data is required',
      });
    }
  });
});
