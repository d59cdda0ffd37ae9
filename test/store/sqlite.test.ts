import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleEvent } from '../../src/core/samples.js';
import { isFlowhookError } from '../../src/errors.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import type { AttemptRow, ClaimedDelivery, Settlement, StoredWebhook } from '../../src/store/store.js';
import type { InvocationRecord, WebhookConfig } from '../../src/types.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');

function webhook(id: string, name: string, extra: Partial<WebhookConfig> = {}): StoredWebhook {
  const config: WebhookConfig = {
    name,
    active: true,
    method: 'POST',
    url: `https://acme.workflows.okta.com/api/flo/${id}/invoke`,
    triggers: ['RequestCreated'],
    timeout_in_sec: 30,
    retry_on_validator_failure: false,
    ...extra,
  };
  return { id, config, createdAt: T0, updatedAt: T0 };
}

function record(deliveryId: string, status: number): InvocationRecord {
  return {
    deliveryId,
    webhook: 'w',
    trigger: 'RequestCreated',
    request: { method: 'POST', url: 'https://acme.workflows.okta.com/api/flo/a/invoke', headers: {}, body: '{}' },
    response: { status, headers: {}, body: '{}', bodyTruncated: false },
    timings: { startedAt: new Date(T0).toISOString(), totalMs: 12 },
    validators: [],
    auth: { kind: 'none' },
    verdict: status < 300 ? 'successful' : 'failed',
  };
}

function attempt(number: number, outcome: AttemptRow['outcome'], status: number, deliveryId = 'd1'): AttemptRow {
  return {
    number,
    startedAt: T0,
    durationMs: 12,
    outcome,
    httpStatus: status,
    reason: outcome === 'delivered' ? 'delivered' : `HTTP ${status}`,
    nextAttemptAt: outcome === 'pending' ? T0 + 5_000 : null,
    record: record(deliveryId, status),
  };
}

async function ingestOne(store: SqliteStore, eventId: string, deliveries: Array<[id: string, webhookId: string, due?: number]>): Promise<void> {
  await store.ingest(
    { id: eventId, eventType: 'RequestCreated', payloadJson: JSON.stringify(sampleEvent('RequestCreated')), receivedAt: T0 },
    deliveries.map(([id, webhookId, due]) => ({ id, webhookId, webhookName: `name of ${webhookId}`, nextAttemptAt: due ?? T0 })),
  );
}

async function claim(store: SqliteStore, webhookId: string, now: number, limit: number, leasedUntil: number): Promise<ClaimedDelivery[]> {
  const [result] = await store.exchange({ settlements: [], claims: [{ webhookIds: [webhookId], limit }], now, leasedUntil });
  return result?.deliveries ?? [];
}

async function settle(store: SqliteStore, settlements: Settlement[], now: number): Promise<void> {
  expect(await store.exchange({ settlements, claims: [], now, leasedUntil: now })).toEqual([]);
}

describe('SqliteStore', () => {
  let dir: string;
  let store: SqliteStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-store-'));
    store = openSqliteStore(join(dir, 'flowhook.db'));
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('webhooks', () => {
    it('keeps a webhook’s config as given, secrets included', async () => {
      const stored = webhook('w1', 'Okta', { authentication_config: { bearer: { token: 's3cret' } } });
      await store.createWebhook(stored);
      expect(await store.getWebhook('w1')).toEqual(stored);
      expect(await store.listWebhooks()).toEqual([stored]);
    });

    it('refuses a second webhook with the same name, whatever its case', async () => {
      await store.createWebhook(webhook('w1', 'Okta'));
      const error = await store.createWebhook(webhook('w2', 'OKTA')).catch((err: unknown) => err);
      expect(isFlowhookError(error) && error.toJSON()).toEqual({
        code: 'FLOWHOOK_CONFLICT',
        message: 'a webhook named "OKTA" already exists',
        hint: 'Choose another "name" (names are compared case-insensitively), or change the existing webhook instead.',
      });
      expect(await store.listWebhooks()).toHaveLength(1);
    });

    it('updates a webhook and renames its deliveries', async () => {
      await store.createWebhook(webhook('w1', 'Okta'));
      await ingestOne(store, 'e1', [['d1', 'w1']]);
      const changed = { ...webhook('w1', 'Okta prod').config, timeout_in_sec: 5 };
      expect(await store.updateWebhook('w1', changed, T0 + 1)).toBe(true);
      expect(await store.getWebhook('w1')).toEqual({ id: 'w1', config: changed, createdAt: T0, updatedAt: T0 + 1 });
      expect((await store.getDelivery('d1'))?.webhookName).toBe('Okta prod');
      expect(await store.updateWebhook('nope', changed, T0)).toBe(false);
    });

    it('ends the unfinished deliveries of a deleted webhook as failed, and keeps finished ones', async () => {
      await store.createWebhook(webhook('w1', 'Okta'));
      await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w1']]);
      await claim(store, 'w1', T0, 1, T0 + 60_000);
      await settle(store, [{ deliveryId: 'd1', status: 'delivered', reason: 'delivered', attempt: attempt(1, 'delivered', 200) }], T0);

      expect(await store.deleteWebhook('w1', 'the webhook "Okta" was deleted', T0 + 5)).toBe(true);
      expect(await store.getWebhook('w1')).toBeUndefined();
      expect(await store.getDelivery('d1')).toMatchObject({ status: 'delivered', lastReason: 'delivered' });
      expect(await store.getDelivery('d2')).toMatchObject({
        status: 'failed',
        lastReason: 'the webhook "Okta" was deleted',
        nextAttemptAt: null,
        completedAt: T0 + 5,
      });
      expect(await store.deleteWebhook('w1', 'x', T0)).toBe(false);
    });
  });

  describe('ingest', () => {
    it('writes the event and its deliveries together, pending and due', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2']]);
      const detail = await store.getDelivery('d2');
      expect(detail).toEqual({
        id: 'd2',
        eventId: 'e1',
        webhookId: 'w2',
        webhookName: 'name of w2',
        trigger: 'RequestCreated',
        status: 'pending',
        attemptCount: 0,
        lastReason: null,
        lastHttpStatus: null,
        nextAttemptAt: T0,
        createdAt: T0,
        updatedAt: T0,
        completedAt: null,
        version: 2,
        event: sampleEvent('RequestCreated'),
        attempts: [],
      });
      expect(await store.queueDepth()).toEqual({ pending: 2, inFlight: 0 });
    });

    it('writes nothing when one delivery cannot be written', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1']]);
      await expect(ingestOne(store, 'e2', [['d2', 'w1'], ['d1', 'w1']])).rejects.toThrow(/UNIQUE constraint failed: deliveries.id/);
      expect(await store.getDelivery('d2')).toBeUndefined();
      expect((await store.listDeliveries({ eventId: 'e2', limit: 10 })).deliveries).toEqual([]);
      expect(await store.queueDepth()).toEqual({ pending: 1, inFlight: 0 });
    });
  });

  describe('ingest of concurrent events', () => {
    it('writes each event that arrives in the same turn, and fails only the one that cannot be written', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1']]);
      const results = await Promise.allSettled([
        ingestOne(store, 'e2', [['d2', 'w1']]),
        ingestOne(store, 'e3', [['d3', 'w1'], ['d1', 'w1']]),
        ingestOne(store, 'e4', [['d4', 'w1']]),
      ]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await store.listDeliveries({ limit: 10 })).deliveries.map((d) => d.id)).toEqual(['d4', 'd2', 'd1']);
    });

    it('writes waiting events in the transaction of the next exchange, which can lease their deliveries', async () => {
      const written = ingestOne(store, 'e1', [['d1', 'w1']]);
      const [result] = await store.exchange({ settlements: [], claims: [{ webhookIds: ['w1'], limit: 5 }], now: T0, leasedUntil: T0 + 60_000 });
      expect(result?.deliveries.map((delivery) => delivery.id)).toEqual(['d1']);
      await written;
      expect(await store.getDelivery('d1')).toMatchObject({ status: 'in_flight', eventId: 'e1' });
    });

    it('fails only the waiting event that cannot be written, and still answers the exchange', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1']]);
      const duplicate = ingestOne(store, 'e2', [['d1', 'w1']]);
      const fine = ingestOne(store, 'e3', [['d3', 'w1']]);
      const [result] = await store.exchange({ settlements: [], claims: [{ webhookIds: ['w1'], limit: 5 }], now: T0, leasedUntil: T0 + 60_000 });
      expect(result?.deliveries.map((delivery) => delivery.id)).toEqual(['d1', 'd3']);
      const outcomes = await Promise.allSettled([duplicate, fine]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled']);
      expect(outcomes[0]).toMatchObject({ reason: { message: 'UNIQUE constraint failed: deliveries.id' } });
      expect((await store.listDeliveries({ eventId: 'e2', limit: 10 })).deliveries).toEqual([]);
    });

    it('writes waiting events apart from an exchange that fails', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1']]);
      await claim(store, 'w1', T0, 1, T0 + 60_000);
      await settle(store, [{ deliveryId: 'd1', status: 'pending', reason: 'HTTP 503', nextAttemptAt: T0, attempt: attempt(1, 'pending', 503) }], T0);
      await claim(store, 'w1', T0, 1, T0 + 60_000);
      const written = ingestOne(store, 'e2', [['d2', 'w1']]);
      // Attempt 1 is kept already: the turn cannot be written.
      const sameAttemptAgain: Settlement = { deliveryId: 'd1', status: 'delivered', reason: 'delivered', attempt: attempt(1, 'delivered', 200) };
      await expect(store.exchange({ settlements: [sameAttemptAgain], claims: [], now: T0, leasedUntil: T0 })).rejects.toThrow(
        'UNIQUE constraint failed: attempts.delivery_seq, attempts.number',
      );
      await written;
      expect(await store.getDelivery('d2')).toMatchObject({ status: 'pending' });
      expect(await store.getDelivery('d1')).toMatchObject({ status: 'in_flight', attemptCount: 1 });
    });

    it('writes what is waiting before it closes', async () => {
      const written = ingestOne(store, 'e1', [['d1', 'w1']]);
      await store.close();
      await written;
      store = openSqliteStore(join(dir, 'flowhook.db'));
      expect((await store.getDelivery('d1'))?.status).toBe('pending');
    });
  });

  describe('claims', () => {
    it('leases due deliveries of one webhook, oldest due first, with their event', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1', T0 + 2], ['d2', 'w1', T0 + 1], ['d3', 'w2', T0], ['d4', 'w1', T0 + 1_000]]);
      const claimed = await claim(store, 'w1', T0 + 10, 5, T0 + 60_000);
      expect(claimed.map((delivery) => delivery.id).sort()).toEqual(['d1', 'd2']);
      expect(claimed[0]).toMatchObject({ eventId: 'e1', webhookId: 'w1', attempts: 0, cycleStart: 0, event: sampleEvent('RequestCreated') });
      expect(await store.getDelivery('d1')).toMatchObject({ status: 'in_flight' });
      expect(await store.queueDepth()).toEqual({ pending: 2, inFlight: 2 });
    });

    it('does not hand a leased delivery out twice', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w1']]);
      expect((await claim(store, 'w1', T0, 1, T0 + 60_000)).map((d) => d.id)).toEqual(['d1']);
      expect((await claim(store, 'w1', T0, 5, T0 + 60_000)).map((d) => d.id)).toEqual(['d2']);
      expect(await claim(store, 'w1', T0, 5, T0 + 60_000)).toEqual([]);
    });

    it('tells when the next delivery is due when fewer than asked for were due', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1', T0 + 300], ['d2', 'w2', T0 + 100], ['d3', 'w3', T0]]);
      expect(await store.exchange({ settlements: [], claims: [{ webhookIds: ['w1', 'w2'], limit: 1 }, { webhookIds: ['w4'], limit: 1 }], now: T0, leasedUntil: T0 + 1 })).toEqual([
        { deliveries: [], nextDueAt: T0 + 100 },
        { deliveries: [] },
      ]);
      const [full] = await store.exchange({ settlements: [], claims: [{ webhookIds: ['w3'], limit: 1 }], now: T0, leasedUntil: T0 + 1 });
      expect(full).toEqual({ deliveries: [expect.objectContaining({ id: 'd3' })] });
    });

    it('takes from the webhooks of one flow in the order given', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2'], ['d3', 'w2']]);
      const [result] = await store.exchange({ settlements: [], claims: [{ webhookIds: ['w2', 'w1'], limit: 3 }], now: T0, leasedUntil: T0 + 1 });
      expect(result?.deliveries.map((d) => d.id)).toEqual(['d2', 'd3', 'd1']);
    });
  });

  describe('settle', () => {
    beforeEach(async () => {
      await ingestOne(store, 'e1', [['d1', 'w1']]);
      await claim(store, 'w1', T0, 1, T0 + 60_000);
    });

    it('keeps the attempt and schedules the retry in one step', async () => {
      await settle(store, [{ deliveryId: 'd1', status: 'pending', reason: 'HTTP 503; next attempt 2 of 8 in 5 s', nextAttemptAt: T0 + 5_000, attempt: attempt(1, 'pending', 503) }], T0 + 20);
      const detail = await store.getDelivery('d1');
      expect(detail).toMatchObject({
        status: 'pending',
        attemptCount: 1,
        lastReason: 'HTTP 503; next attempt 2 of 8 in 5 s',
        lastHttpStatus: 503,
        nextAttemptAt: T0 + 5_000,
        updatedAt: T0 + 20,
        completedAt: null,
      });
      expect(detail?.attempts).toEqual([attempt(1, 'pending', 503)]);
      expect(await claim(store, 'w1', T0 + 4_999, 5, T0 + 60_000)).toEqual([]);
      expect((await claim(store, 'w1', T0 + 5_000, 5, T0 + 60_000)).map((d) => d.attempts)).toEqual([1]);
    });

    it('writes what ended before it claims, so an immediate retry goes out in the same turn', async () => {
      const retryNow: Settlement = { deliveryId: 'd1', status: 'pending', reason: 'HTTP 503; next attempt 2 of 8 in 0 ms', nextAttemptAt: T0, attempt: attempt(1, 'pending', 503) };
      const [result] = await store.exchange({ settlements: [retryNow], claims: [{ webhookIds: ['w1'], limit: 5 }], now: T0, leasedUntil: T0 + 60_000 });
      expect(result?.deliveries.map((d) => [d.id, d.attempts])).toEqual([['d1', 1]]);
      expect(await store.getDelivery('d1')).toMatchObject({ status: 'in_flight', attemptCount: 1 });
    });

    it('marks a delivered delivery done', async () => {
      await settle(store, [{ deliveryId: 'd1', status: 'delivered', reason: 'delivered', attempt: attempt(1, 'delivered', 200) }], T0 + 20);
      expect(await store.getDelivery('d1')).toMatchObject({ status: 'delivered', nextAttemptAt: null, completedAt: T0 + 20, attemptCount: 1 });
      expect(await store.queueDepth()).toEqual({ pending: 0, inFlight: 0 });
    });

    it('fails a delivery that could not be attempted without counting an attempt', async () => {
      await settle(store, [{ deliveryId: 'd1', status: 'failed', reason: 'the webhook no longer compiles' }], T0 + 20);
      expect(await store.getDelivery('d1')).toMatchObject({ status: 'failed', attemptCount: 0, attempts: [], lastReason: 'the webhook no longer compiles' });
    });

    it('skips a delivery that is no longer leased, attempt and all', async () => {
      await store.releaseLeases(['d1'], T0 + 1);
      await settle(store, [{ deliveryId: 'd1', status: 'delivered', reason: 'delivered', attempt: attempt(1, 'delivered', 200) }], T0 + 20);
      expect(await store.getDelivery('d1')).toMatchObject({ status: 'pending', nextAttemptAt: T0 + 1, attemptCount: 0, attempts: [] });
    });
  });

  describe('leases', () => {
    it('makes expired leases due again, and leaves live ones alone', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2']]);
      await claim(store, 'w1', T0, 1, T0 + 1_000);
      await claim(store, 'w2', T0, 1, T0 + 9_000);
      expect(await store.requeueLeases(T0 + 1_000, T0 + 1_500)).toBe(1);
      expect(await store.getDelivery('d1')).toMatchObject({ status: 'pending', nextAttemptAt: T0 + 1_500 });
      expect(await store.getDelivery('d2')).toMatchObject({ status: 'in_flight' });
    });

    it('finds in-flight deliveries again after the process is gone', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1']]);
      await claim(store, 'w1', T0, 1, T0 + 60_000);
      await store.close();
      store = openSqliteStore(join(dir, 'flowhook.db'));
      expect(await store.requeueLeases(Number.MAX_SAFE_INTEGER, T0 + 10)).toBe(1);
      expect((await claim(store, 'w1', T0 + 10, 5, T0 + 60_000)).map((d) => d.id)).toEqual(['d1']);
    });
  });

  describe('replay', () => {
    beforeEach(async () => {
      await ingestOne(store, 'e1', [['d1', 'w1']]);
      await claim(store, 'w1', T0, 1, T0 + 60_000);
      await settle(store, [{ deliveryId: 'd1', status: 'failed', reason: 'HTTP 500; gave up after 1 attempt', attempt: attempt(1, 'failed', 500) }], T0 + 1);
    });

    it('makes a failed delivery due again with a fresh schedule and the same id', async () => {
      const replayed = await store.replayDelivery('d1', 'replay requested', T0 + 100);
      expect(replayed).toMatchObject({ id: 'd1', status: 'pending', nextAttemptAt: T0 + 100, attemptCount: 1, completedAt: null, lastReason: 'replay requested' });
      const [claimed] = await claim(store, 'w1', T0 + 100, 1, T0 + 60_000);
      expect(claimed).toMatchObject({ id: 'd1', attempts: 1, cycleStart: 1 });
    });

    it('leaves an in-flight delivery as it is', async () => {
      await store.replayDelivery('d1', 'replay requested', T0 + 100);
      await claim(store, 'w1', T0 + 100, 1, T0 + 60_000);
      expect(await store.replayDelivery('d1', 'replay requested', T0 + 200)).toMatchObject({ status: 'in_flight', nextAttemptAt: T0 + 100 });
      expect(await store.replayDelivery('nope', 'replay requested', T0)).toBeUndefined();
    });

    it('replays the failed deliveries of a webhook created since a time', async () => {
      await ingestOne(store, 'e2', [['d2', 'w1', T0 + 50]]);
      await store.ingest({ id: 'e3', eventType: 'RequestCreated', payloadJson: JSON.stringify(sampleEvent('RequestCreated')), receivedAt: T0 + 50 }, [
        { id: 'd3', webhookId: 'w1', webhookName: 'w', nextAttemptAt: T0 + 50 },
      ]);
      await claim(store, 'w1', T0 + 60, 5, T0 + 60_000);
      await settle(store, 
        [
          { deliveryId: 'd2', status: 'failed', reason: 'x', attempt: attempt(1, 'failed', 500, 'd2') },
          { deliveryId: 'd3', status: 'failed', reason: 'x', attempt: attempt(1, 'failed', 500, 'd3') },
        ],
        T0 + 70,
      );
      expect(await store.replayWebhook('w1', { status: 'failed', since: T0 + 50 }, 'replay requested', T0 + 80)).toBe(1);
      expect((await store.getDelivery('d3'))?.status).toBe('pending');
      expect((await store.getDelivery('d1'))?.status).toBe('failed');
      expect(await store.replayWebhook('w1', { status: 'failed' }, 'replay requested', T0 + 80)).toBe(2);
      expect(await store.replayWebhook('w1', { status: 'delivered' }, 'replay requested', T0 + 80)).toBe(0);
    });
  });

  describe('listDeliveries', () => {
    beforeEach(async () => {
      await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2']]);
      await ingestOne(store, 'e2', [['d3', 'w1'], ['d4', 'w2']]);
    });

    it('lists the newest first, filtered by webhook, event and status', async () => {
      const ids = async (query: Parameters<SqliteStore['listDeliveries']>[0]) =>
        (await store.listDeliveries(query)).deliveries.map((delivery) => delivery.id);
      expect(await ids({ limit: 10 })).toEqual(['d4', 'd3', 'd2', 'd1']);
      expect(await ids({ webhookId: 'w1', limit: 10 })).toEqual(['d3', 'd1']);
      expect(await ids({ eventId: 'e1', limit: 10 })).toEqual(['d2', 'd1']);
      await claim(store, 'w2', T0, 1, T0 + 60_000);
      expect(await ids({ status: 'in_flight', limit: 10 })).toEqual(['d2']);
      expect(await ids({ limit: 2, before: 'd3' })).toEqual(['d2', 'd1']);
    });

    it('lists the deliveries of one trigger, in the query itself', async () => {
      await store.ingest(
        { id: 'e3', eventType: 'RequestGranted', payloadJson: JSON.stringify(sampleEvent('RequestGranted')), receivedAt: T0 },
        [{ id: 'd5', webhookId: 'w1', webhookName: 'name of w1', nextAttemptAt: T0 }],
      );
      const ids = async (query: Parameters<SqliteStore['listDeliveries']>[0]) =>
        (await store.listDeliveries(query)).deliveries.map((delivery) => delivery.id);
      expect(await ids({ trigger: 'RequestGranted', limit: 10 })).toEqual(['d5']);
      expect(await ids({ trigger: 'RequestCreated', limit: 2 })).toEqual(['d4', 'd3']);
      expect(await ids({ trigger: 'RequestCreated', webhookId: 'w1', limit: 10 })).toEqual(['d3', 'd1']);
      expect(await ids({ trigger: 'RequestGranted', changedAfter: 0, limit: 10 })).toEqual(['d5']);
      expect(await ids({ trigger: 'RequestFailed', limit: 10 })).toEqual([]);
    });

    it('refuses a "before" that names no delivery', async () => {
      await expect(store.listDeliveries({ limit: 2, before: 'nope' })).rejects.toThrow('no delivery "nope" (given as "before")');
    });

    it('follows changes from a cursor, page by page, each delivery once in its latest state', async () => {
      const first = await store.listDeliveries({ limit: 10 });
      expect(first.cursor).toBe(4);
      await claim(store, 'w1', T0, 5, T0 + 60_000);
      await settle(store, [{ deliveryId: 'd3', status: 'delivered', reason: 'delivered', attempt: attempt(1, 'delivered', 200, 'd3') }], T0);

      const page1 = await store.listDeliveries({ changedAfter: first.cursor, limit: 1 });
      expect(page1.deliveries.map((d) => [d.id, d.status])).toEqual([['d1', 'in_flight']]);
      const page2 = await store.listDeliveries({ changedAfter: page1.cursor, limit: 1 });
      expect(page2.deliveries.map((d) => [d.id, d.status])).toEqual([['d3', 'delivered']]);
      const page3 = await store.listDeliveries({ changedAfter: page2.cursor, limit: 1 });
      expect(page3).toEqual({ deliveries: [], cursor: page2.cursor });
    });

    it('hands out versions that keep growing after a restart', async () => {
      await store.close();
      store = openSqliteStore(join(dir, 'flowhook.db'));
      await claim(store, 'w1', T0, 1, T0 + 60_000);
      expect((await store.getDelivery('d1'))?.version).toBe(5);
    });
  });
});

describe('openSqliteStore', () => {
  it('says which file it cannot use and how to fix it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowhook-store-'));
    const file = join(dir, 'not-a-db.db');
    writeFileSync(file, 'this is not a database, but it is long enough to have a header of sorts. '.repeat(20));
    try {
      openSqliteStore(file);
      expect.unreachable();
    } catch (err) {
      expect(isFlowhookError(err) && err.toJSON()).toEqual({
        code: 'FLOWHOOK_DATABASE_UNUSABLE',
        message: `cannot open database "${file}": file is not a database`,
        hint: 'Pass --db with the path of a writable file; flowhook creates it when it does not exist.',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
