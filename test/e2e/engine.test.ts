import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import { sampleEvent } from '../../src/core/samples.js';
import { TRIGGERS } from '../../src/core/triggers.js';
import { DeliveryEngine, type EngineOptions } from '../../src/engine/engine.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { DeliveryDetail, DeliveryStatus } from '../../src/store/store.js';
import { eventually } from '../support/eventually.js';

/** Polls `read` until `done` holds; the bound is a liveness limit, not a speed check. */
describe('DeliveryEngine with the mock', () => {
  let dir: string;
  let mock: RunningMockOkta;
  let engine: DeliveryEngine;

  async function startEngine(options: Partial<EngineOptions> = {}): Promise<void> {
    engine = new DeliveryEngine({
      store: openSqliteStore(join(dir, 'flowhook.db')),
      allowLocal: true,
      retryScheduleSec: [0.01, 0.01, 0.01],
      pollIntervalMs: 20,
      shutdownGraceMs: 100,
      random: () => 0.5,
      ...options,
    });
    await engine.start();
  }

  function settled(id: string, status: DeliveryStatus): Promise<DeliveryDetail> {
    return eventually(() => engine.getDelivery(id), (delivery) => delivery.status === status);
  }

  async function webhookIdsAt(alias: string): Promise<string[]> {
    return (await mock.executions({ alias })).map((execution) => String(execution.headers['webhook-id']));
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-engine-'));
    mock = await startMockOkta({ port: 0 });
  });

  afterEach(async () => {
    await engine.stop();
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fans events of all six triggers out to the matching webhooks only', async () => {
    await startEngine();
    for (const alias of ['created', 'lifecycle', 'prod', 'off']) await mock.flow(alias, { security: 'public', rateLimitPerSecond: 0 });
    const created = await engine.webhooks.create({ name: 'created', url: mock.invokeUrl('created'), triggers: ['RequestCreated'] });
    const lifecycle = await engine.webhooks.create({
      name: 'lifecycle',
      url: mock.invokeUrl('lifecycle'),
      triggers: ['RequestGranted', 'RequestExpired', 'RequestFailed', 'RequestRejected'],
    });
    const prod = await engine.webhooks.create({
      name: 'prod',
      url: mock.invokeUrl('prod'),
      triggers: [...TRIGGERS],
      filters: { integrations: ['some other integration'] },
    });
    const off = await engine.webhooks.create({ name: 'off', active: false, url: mock.invokeUrl('off'), triggers: [...TRIGGERS] });

    const results = [];
    for (const trigger of TRIGGERS) results.push(await engine.ingest(sampleEvent(trigger)));

    const expected: Record<string, string[]> = { created: [], lifecycle: [], prod: [], off: [] };
    for (const result of results) {
      for (const delivery of result.deliveries) expected[delivery.webhook]?.push(delivery.id);
      expect(result.skipped.map((skip) => skip.webhookId).sort()).toEqual(
        [created, lifecycle, prod, off].map((w) => w.stored.id).filter((id) => !result.deliveries.some((d) => d.webhookId === id)).sort(),
      );
    }
    expect(results.map((result) => [result.eventType, result.deliveries.map((d) => d.webhook)])).toEqual([
      ['RequestCreated', ['created']],
      ['RequestApproved', []],
      ['RequestRejected', ['lifecycle']],
      ['RequestGranted', ['lifecycle']],
      ['RequestExpired', ['lifecycle']],
      ['RequestFailed', ['lifecycle']],
    ]);
    expect(results[1]?.skipped.map((skip) => [skip.webhook, skip.reason])).toEqual([
      ['created', 'trigger "RequestApproved" is not among the webhook\'s triggers: [RequestCreated]'],
      ['lifecycle', 'trigger "RequestApproved" is not among the webhook\'s triggers: [RequestGranted, RequestExpired, RequestFailed, RequestRejected]'],
      ['prod', 'filter "integrations" [some other integration] matched none of the event\'s integrations: [prod db, 7c1e5a2f-0b9d-4e3a-8f6c-1d2e3f4a5b6c]'],
      ['off', 'webhook is inactive'],
    ]);

    await mock.waitFor({ count: 5 });
    await eventually(() => engine.listDeliveries({ status: 'delivered', limit: 100 }), (page) => page.deliveries.length === 5);
    expect((await webhookIdsAt('created')).sort()).toEqual(expected.created?.sort());
    expect((await webhookIdsAt('lifecycle')).sort()).toEqual(expected.lifecycle?.sort());
    expect(await webhookIdsAt('prod')).toEqual([]);
    expect(await webhookIdsAt('off')).toEqual([]);
  });

  it('sends an AccessRequest… event under its trigger, as it was stored, and leaves the object it was given as it was', async () => {
    await startEngine();
    await mock.flow('renamed', { security: 'public', rateLimitPerSecond: 0 });
    await engine.webhooks.create({
      name: 'renamed',
      url: mock.invokeUrl('renamed'),
      triggers: ['RequestCreated'],
      body_template: '{"type": "{{event_type}}", "requester": "{{data.requester.email}}"}',
    });
    const value = { ...sampleEvent('RequestCreated'), event_type: 'AccessRequestCreated' };

    const id = (await engine.ingest(value)).deliveries[0]?.id ?? '';
    const delivered = await settled(id, 'delivered');

    expect((await mock.executions({ alias: 'renamed' })).map((execution) => execution.body)).toEqual([
      { type: 'RequestCreated', requester: 'dana.levi@example.com' },
    ]);
    expect(delivered.event).toEqual(sampleEvent('RequestCreated'));
    expect(value.event_type).toBe('AccessRequestCreated');
  });

  it('delivers on the third attempt a flow that fails twice, under the same webhook-id', async () => {
    await startEngine();
    await mock.flow('flaky', { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 500 }, { status: 503 }, { status: 200, body: { ok: true } }] });
    await engine.webhooks.create({ name: 'flaky', url: mock.invokeUrl('flaky'), triggers: ['RequestCreated'] });

    const { deliveries } = await engine.ingest(sampleEvent('RequestCreated'));
    const id = deliveries[0]?.id ?? '';
    const delivery = await settled(id, 'delivered');

    expect(delivery.attemptCount).toBe(3);
    expect(delivery.attempts.map((attempt) => [attempt.number, attempt.httpStatus, attempt.outcome, attempt.reason])).toEqual([
      [1, 500, 'pending', 'HTTP 500; next attempt 2 of 4 in 10 ms'],
      [2, 503, 'pending', 'HTTP 503; next attempt 3 of 4 in 10 ms'],
      [3, 200, 'delivered', 'delivered'],
    ]);
    expect(delivery.attempts.map((attempt) => attempt.record.deliveryId)).toEqual([id, id, id]);
    expect(await webhookIdsAt('flaky')).toEqual([id, id, id]);
  });

  it('waits for the X-Rate-Limit-Reset of a 429 before trying again', async () => {
    await startEngine();
    // Okta's answer over the rate limit, with a reset in the future whatever the machine's speed: the wait
    // comes from the header, not from when the calls happened to fall.
    const resetSec = Math.ceil(Date.now() / 1000) + 1;
    await mock.flow('limited', {
      security: 'public',
      rateLimitPerSecond: 0,
      responses: [
        { status: 429, headers: { 'X-Rate-Limit-Limit': '10', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': String(resetSec) } },
        { status: 200, body: { ok: true } },
      ],
    });
    await engine.webhooks.create({ name: 'limited', url: mock.invokeUrl('limited'), triggers: ['RequestCreated'], rate_limit_per_sec: 0 });

    const id = (await engine.ingest(sampleEvent('RequestCreated'))).deliveries[0]?.id ?? '';
    const delivery = await settled(id, 'delivered');

    expect(delivery.attempts.map((attempt) => attempt.httpStatus)).toEqual([429, 200]);
    const [limited, next] = delivery.attempts;
    expect(limited?.reason).toMatch(/^HTTP 429; next attempt 2 of 4 in .+, as X-Rate-Limit-Reset asks$/);
    expect(limited?.nextAttemptAt).toBeGreaterThanOrEqual(resetSec * 1000);
    expect(next?.startedAt).toBeGreaterThanOrEqual(resetSec * 1000);
  });

  it('fails a dead flow after the last retry, and delivers it on replay once the flow recovers', async () => {
    await startEngine();
    await mock.flow('dead', { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 500 }] });
    const webhook = await engine.webhooks.create({ name: 'dead', url: mock.invokeUrl('dead'), triggers: ['RequestCreated'] });

    const id = (await engine.ingest(sampleEvent('RequestCreated'))).deliveries[0]?.id ?? '';
    const failed = await settled(id, 'failed');
    expect(failed).toMatchObject({ attemptCount: 4, lastReason: 'HTTP 500; gave up after 4 attempts', nextAttemptAt: null });

    await mock.flow('dead', { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 200 }] });
    expect(await engine.replayWebhook(webhook.stored.id, { status: 'failed' })).toBe(1);
    const delivered = await settled(id, 'delivered');
    expect(delivered.attempts.map((attempt) => [attempt.number, attempt.httpStatus])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 500],
      [5, 200],
    ]);
    expect(new Set(await webhookIdsAt('dead'))).toEqual(new Set([id]));
  });

  it('replays one delivery with a fresh retry schedule', async () => {
    await startEngine({ retryScheduleSec: [] });
    await mock.flow('once', { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 502 }, { status: 502 }, { status: 200 }] });
    await engine.webhooks.create({ name: 'once', url: mock.invokeUrl('once'), triggers: ['RequestCreated'], retry_schedule_sec: [0.01] });

    const id = (await engine.ingest(sampleEvent('RequestCreated'))).deliveries[0]?.id ?? '';
    await settled(id, 'failed');
    expect(await engine.replayDelivery(id)).toMatchObject({ id, status: 'pending', attemptCount: 2, lastReason: 'replay requested' });
    const delivered = await settled(id, 'delivered');
    expect(delivered.attempts.map((attempt) => attempt.reason)).toEqual([
      'HTTP 502; next attempt 2 of 2 in 10 ms',
      'HTTP 502; gave up after 2 attempts',
      'delivered',
    ]);
  });

  it('does not let a slow flow hold up another', async () => {
    await startEngine({ concurrency: 6, maxInFlightPerFlow: 3 });
    await mock.flow('slow', { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 200, delayMs: 15_000 }] });
    await mock.flow('fast', { security: 'public', rateLimitPerSecond: 0 });
    await engine.webhooks.create({ name: 'slow', url: mock.invokeUrl('slow'), triggers: ['RequestApproved'], timeout_in_sec: 30 });
    await engine.webhooks.create({ name: 'fast', url: mock.invokeUrl('fast'), triggers: ['RequestCreated'] });

    for (let i = 0; i < 20; i += 1) await engine.ingest(sampleEvent('RequestApproved'));
    await mock.waitFor({ alias: 'slow', count: 3 });
    const fastIds = [];
    for (let i = 0; i < 5; i += 1) fastIds.push((await engine.ingest(sampleEvent('RequestCreated'))).deliveries[0]?.id ?? '');

    await Promise.all(fastIds.map((id) => settled(id, 'delivered')));
    const slow = await engine.listDeliveries({ webhookId: engine.webhooks.list().find((w) => w.stored.config.name === 'slow')?.stored.id ?? '', limit: 100 });
    const statuses = slow.deliveries.map((delivery) => delivery.status);
    expect(statuses.filter((status) => status === 'in_flight')).toHaveLength(3);
    expect(statuses.filter((status) => status === 'pending')).toHaveLength(17);
    expect((await mock.executions({ alias: 'slow' })).length).toBe(3);
  });

  it('gives the workers a turn’s claims left free to the flows it had none for, without waiting for the poll', async () => {
    await startEngine();
    for (let index = 0; index < 6; index += 1) {
      await mock.flow(`flow-${index}`, { security: 'public', rateLimitPerSecond: 0 });
      const triggers = index === 5 ? ['RequestApproved'] : ['RequestCreated'];
      await engine.webhooks.create({ name: `flow-${index}`, url: mock.invokeUrl(`flow-${index}`), triggers });
    }
    await engine.stop();
    // A start makes every flow ready. Each flow may take every worker, so a turn plans one flow, and the
    // only one with work is the last.
    await startEngine({ pollIntervalMs: 600_000, concurrency: 8, maxInFlightPerFlow: 8 });
    const [delivery] = (await engine.ingest(sampleEvent('RequestApproved'))).deliveries;
    await settled(delivery?.id ?? '', 'delivered');
  });

  it('paces a flow so that it never answers 429', async () => {
    await startEngine();
    await mock.flow('paced', { security: 'public', rateLimitPerSecond: 5 });
    await engine.webhooks.create({ name: 'paced', url: mock.invokeUrl('paced'), triggers: ['RequestCreated'], rate_limit_per_sec: 5 });

    const ids = [];
    for (let i = 0; i < 11; i += 1) ids.push((await engine.ingest(sampleEvent('RequestCreated'))).deliveries[0]?.id ?? '');
    await Promise.all(ids.map((id) => settled(id, 'delivered')));
    const statuses = (await mock.executions({ alias: 'paced' })).map((execution) => execution.status);
    expect(statuses).toEqual(Array.from({ length: 11 }, () => 200));
  });

  it('sends again after a restart what was in flight when the engine stopped, under the same webhook-id', async () => {
    await startEngine({ shutdownGraceMs: 0 });
    await mock.flow('hang', { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 200, delayMs: 600_000 }, { status: 200 }] });
    await engine.webhooks.create({ name: 'hang', url: mock.invokeUrl('hang'), triggers: ['RequestCreated'] });

    const id = (await engine.ingest(sampleEvent('RequestCreated'))).deliveries[0]?.id ?? '';
    await mock.waitFor({ alias: 'hang', count: 1 });
    expect((await engine.getDelivery(id)).status).toBe('in_flight');
    await engine.stop();

    await startEngine();
    const delivered = await settled(id, 'delivered');
    expect(delivered.attempts).toHaveLength(1);
    expect(await webhookIdsAt('hang')).toEqual([id, id]);
  });

  it('keeps no attempt that ended after its lease ran out, counts it, and sends the delivery again under the same webhook-id', async () => {
    await startEngine({ leaseMs: 100 });
    await mock.flow('slow', { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 200, delayMs: 3_000 }, { status: 200 }] });
    await engine.webhooks.create({ name: 'slow', url: mock.invokeUrl('slow'), triggers: ['RequestCreated'] });
    const id = (await engine.ingest(sampleEvent('RequestCreated'))).deliveries[0]?.id ?? '';

    // The lease runs out while the first attempt waits for its answer; the poll makes the delivery due again,
    // and the first attempt's settle, whenever it ends, finds another lease or none.
    const delivered = await settled(id, 'delivered');
    expect(await webhookIdsAt('slow')).toEqual([id, id]);
    await eventually(
      () => engine.renderMetrics(),
      (text) => /^flowhook_leases_lost_total 1$/m.test(text),
    );
    expect((await engine.getDelivery(id)).attempts).toEqual(delivered.attempts);
    expect(delivered.attempts).toHaveLength(1);
  });

  it('fails the deliveries of a stored webhook that no longer compiles, saying why', async () => {
    await startEngine();
    await mock.flow('local', { security: 'public', rateLimitPerSecond: 0 });
    const webhook = await engine.webhooks.create({ name: 'local', url: mock.invokeUrl('local'), triggers: ['RequestCreated'] });
    await engine.stop();

    await startEngine({ allowLocal: false });
    expect(engine.webhooks.require(webhook.stored.id).compiled).toMatchObject({ code: 'FLOWHOOK_URL_REFUSED' });
    const id = (await engine.ingest(sampleEvent('RequestCreated'))).deliveries[0]?.id ?? '';
    const failed = await settled(id, 'failed');
    expect(failed.attempts).toEqual([]);
    expect(failed.lastReason).toMatch(
      /^webhook "local": the URL uses "http", not HTTPS; .+; it points at the local address 127\.0\.0\.1; .+; not retried: fix the webhook, then replay the delivery$/,
    );
    expect(await webhookIdsAt('local')).toEqual([]);
  });

  it('refuses work once it is stopping', async () => {
    await startEngine();
    await engine.stop();
    await expect(engine.ingest(sampleEvent('RequestCreated'))).rejects.toMatchObject({
      code: 'FLOWHOOK_SHUTTING_DOWN',
      message: 'flowhook is shutting down and takes no more work',
    });
  });
});
