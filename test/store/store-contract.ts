/**
 * The store contract: what every DeliveryStore does, whatever database it keeps its state in. One
 * suite, declared once per store (sqlite-contract.test.ts, postgres-contract.test.ts), so that the
 * delivery logic can rely on the same behaviour from each: webhooks and their name conflicts, ingest,
 * the turns of settle and claim with their lease tokens, a flow's cap and pace, requeue and release,
 * replay, the delivery queries and the change feed. A store that other workers share (`exclusive`
 * false) is also held to it across two stores on one database: the cap, the pace and the leases hold
 * over both, and a webhook changed through one is heard by the other.
 *
 * Times are given, never read from the clock: T0 and offsets from it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleEvent } from '../../src/core/samples.js';
import { isFlowhookError } from '../../src/errors.js';
import type {
  AttemptRow,
  ClaimedDelivery,
  ClaimRequest,
  ClaimResult,
  DeliveryQuery,
  DeliveryStatus,
  DeliveryStore,
  Settlement,
  StoredWebhook,
} from '../../src/store/store.js';
import type { InvocationRecord, WebhookConfig } from '../../src/types.js';

export const T0 = Date.parse('2026-11-28T12:00:00Z');

/** Long enough that no lease runs out unless a test says so. */
const LEASED_UNTIL = T0 + 3_600_000;

/** A cap no test reaches, for the claims whose cap is not what they test. */
const NO_CAP = 1_000;

/** Okta's 10/s with its headroom (core/pace.ts). */
const SPACING_MS = 110;

/** A database for one test. */
export interface ContractDatabase {
  /** A store on a fresh, empty database. */
  store: DeliveryStore;
  /**
   * Opens another store on the same database: another worker when the store is shared; otherwise the
   * same database opened again, which the test does only once `store` is closed.
   */
  openAnother(): Promise<DeliveryStore>;
  /** Removes the database, once every store on it is closed. */
  dispose(): Promise<void>;
}

export interface StoreContractSetup {
  /** Whether other workers may share the database (`exclusive` false): the tests with a second worker run only then. */
  shared: boolean;
  open(): Promise<ContractDatabase>;
}

export function webhook(id: string, name: string, extra: Partial<WebhookConfig> = {}): StoredWebhook {
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

function attempt(number: number, outcome: AttemptRow['outcome'], status: number, deliveryId: string): AttemptRow {
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

/**
 * The end of the next attempt at a claimed delivery, under its lease: delivered (HTTP 200), a retry
 * (HTTP 503, due at T0 + 5 s unless `extra` says otherwise) or failed (HTTP 500).
 */
export function settlement(claimed: ClaimedDelivery, status: Settlement['status'], extra: Partial<Settlement> = {}): Settlement {
  const httpStatus = status === 'delivered' ? 200 : status === 'pending' ? 503 : 500;
  return {
    deliveryId: claimed.id,
    leaseToken: claimed.leaseToken,
    status,
    reason: status === 'delivered' ? 'delivered' : `HTTP ${httpStatus}`,
    ...(status === 'pending' ? { nextAttemptAt: T0 + 5_000 } : {}),
    attempt: attempt(claimed.attempts + 1, status, httpStatus, claimed.id),
    ...extra,
  };
}

/** An event and its deliveries, each `[id, webhookId, due]` (due at T0 unless given). */
export async function ingestOne(
  store: DeliveryStore,
  eventId: string,
  deliveries: Array<[id: string, webhookId: string, due?: number]>,
  receivedAt = T0,
): Promise<void> {
  await store.ingest(
    { id: eventId, eventType: 'RequestCreated', payloadJson: JSON.stringify(sampleEvent('RequestCreated')), receivedAt },
    deliveries.map(([id, webhookId, due]) => ({ id, webhookId, webhookName: `name of ${webhookId}`, nextAttemptAt: due ?? T0 })),
  );
}

/** A claim for the flow of these webhooks, without a cap or a pace unless `extra` gives them. */
export function claimFor(webhookIds: string[], limit: number, extra: Partial<ClaimRequest> = {}): ClaimRequest {
  return { flowId: `flow:${webhookIds.join('+')}`, webhookIds, limit, maxInFlight: NO_CAP, ...extra };
}

/** One claim in a turn of its own. */
export async function claimOne(store: DeliveryStore, request: ClaimRequest, now = T0, leasedUntil = LEASED_UNTIL): Promise<ClaimResult> {
  const result = await store.exchange({ settlements: [], claims: [request], now, leasedUntil });
  expect(result.lostLeases).toEqual([]);
  return result.claims[0] as ClaimResult;
}

/**
 * The deliveries of one webhook that one claim leases, by id: which ones a claim takes is the
 * contract (the oldest due first), not the order it lists one webhook's in.
 */
export async function claim(store: DeliveryStore, webhookId: string, now = T0, limit = 5, leasedUntil = LEASED_UNTIL): Promise<ClaimedDelivery[]> {
  const { deliveries } = await claimOne(store, claimFor([webhookId], limit), now, leasedUntil);
  return deliveries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Settlements in a turn of their own, every one of them accepted. */
export async function settle(store: DeliveryStore, settlements: Settlement[], now = T0): Promise<void> {
  expect(await store.exchange({ settlements, claims: [], now, leasedUntil: now })).toEqual({ claims: [], lostLeases: [] });
}

const ids = (deliveries: ReadonlyArray<{ id: string }>) => deliveries.map((delivery) => delivery.id);

/**
 * Declares the contract's tests for one kind of store: `setup.open` gives each test a store on a fresh,
 * empty database; the store and any other opened on it are closed, and the database disposed of, after
 * the test.
 */
export function describeStoreContract(name: string, setup: StoreContractSetup): void {
  describe(`${name}: the store contract`, () => {
    let database: ContractDatabase;
    let store: DeliveryStore;
    let opened: DeliveryStore[];

    /** Another store on the same database, closed after the test. */
    async function openAnother(): Promise<DeliveryStore> {
      const another = await database.openAnother();
      opened.push(another);
      return another;
    }

    const listIds = async (query: DeliveryQuery) => ids((await store.listDeliveries(query)).deliveries);
    const statusOf = async (id: string) => (await store.getDelivery(id))?.status;

    beforeEach(async () => {
      database = await setup.open();
      store = database.store;
      opened = [store];
    });

    afterEach(async () => {
      await Promise.all(opened.map((each) => each.close()));
      await database.dispose();
    });

    it('says whether other workers may share its database, and that the database takes writes', async () => {
      expect(store.exclusive).toBe(!setup.shared);
      expect(await store.health()).toEqual({ status: 'ok' });
    });

    describe('webhooks', () => {
      it('keeps a webhook’s config as given, secrets included', async () => {
        const stored = webhook('w1', 'Okta', { authentication_config: { bearer: { token: 's3cret' } } });
        await store.createWebhook(stored);
        await store.createWebhook(webhook('w0', 'Another'));
        expect(await store.getWebhook('w1')).toEqual(stored);
        expect(await store.getWebhook('nope')).toBeUndefined();
        expect((await store.listWebhooks()).map((each) => each.id)).toEqual(['w0', 'w1']);
        expect((await store.listWebhooks())[1]).toEqual(stored);
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

      it('refuses to rename a webhook to another’s name, and changes nothing', async () => {
        await store.createWebhook(webhook('w1', 'Okta'));
        await store.createWebhook(webhook('w2', 'Other'));
        await ingestOne(store, 'e1', [['d1', 'w2']]);
        const error = await store.updateWebhook('w2', webhook('w2', 'okta').config, T0 + 1).catch((err: unknown) => err);
        expect(isFlowhookError(error) && error.code).toBe('FLOWHOOK_CONFLICT');
        expect(await store.getWebhook('w2')).toEqual(webhook('w2', 'Other'));
        expect((await store.getDelivery('d1'))?.webhookName).toBe('name of w2');
        // Its own name in another case is no conflict.
        expect(await store.updateWebhook('w1', webhook('w1', 'OKTA').config, T0 + 2)).toBe(true);
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
        await ingestOne(store, 'e1', [['d1', 'w1', T0], ['d2', 'w1', T0 + 1], ['d3', 'w1', T0 + 2]]);
        const [first, second] = await claim(store, 'w1', T0 + 2, 2);
        await settle(store, [settlement(first as ClaimedDelivery, 'delivered')]);

        expect(await store.deleteWebhook('w1', 'the webhook "Okta" was deleted', T0 + 5)).toBe(true);
        expect(await store.getWebhook('w1')).toBeUndefined();
        expect(await store.listWebhooks()).toEqual([]);
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'delivered', lastReason: 'delivered' });
        for (const id of ['d2', 'd3']) {
          expect(await store.getDelivery(id)).toMatchObject({
            status: 'failed',
            lastReason: 'the webhook "Okta" was deleted',
            nextAttemptAt: null,
            completedAt: T0 + 5,
          });
        }
        // The lease on the one that was in flight ended with it.
        const late = await store.exchange({ settlements: [settlement(second as ClaimedDelivery, 'delivered')], claims: [], now: T0 + 6, leasedUntil: T0 + 6 });
        expect(late.lostLeases).toEqual(['d2']);
        expect(await store.getDelivery('d2')).toMatchObject({ status: 'failed', attempts: [] });
        expect(await store.queueDepth()).toEqual({ pending: 0, inFlight: 0 });
        expect(await store.deleteWebhook('w1', 'x', T0)).toBe(false);
      });
    });

    describe('ingest', () => {
      it('writes the event and its deliveries together, pending and due', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2']]);
        expect(await store.getDelivery('d2')).toEqual({
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
          version: expect.any(Number),
          event: sampleEvent('RequestCreated'),
          attempts: [],
        });
        expect(await store.getDelivery('nope')).toBeUndefined();
        expect(await store.queueDepth()).toEqual({ pending: 2, inFlight: 0 });
      });

      it('writes nothing of an event when one of its deliveries cannot be written', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1']]);
        await expect(ingestOne(store, 'e2', [['d2', 'w1'], ['d1', 'w1']])).rejects.toThrow(/deliveries/);
        expect(await store.getDelivery('d2')).toBeUndefined();
        expect(await listIds({ eventId: 'e2', limit: 10 })).toEqual([]);
        expect(await store.queueDepth()).toEqual({ pending: 1, inFlight: 0 });
      });

      it('writes each of the events that arrive together, and fails only the one that cannot be written', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1']]);
        const results = await Promise.allSettled([
          ingestOne(store, 'e2', [['d2', 'w1']]),
          ingestOne(store, 'e3', [['d3', 'w1'], ['d1', 'w1']]),
          ingestOne(store, 'e4', [['d4', 'w1']]),
        ]);
        expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await listIds({ limit: 10 })).toEqual(['d4', 'd2', 'd1']);
      });

      it('writes what is waiting before it closes', async () => {
        const written = ingestOne(store, 'e1', [['d1', 'w1']]);
        await store.close();
        await written;
        const again = await openAnother();
        expect((await again.getDelivery('d1'))?.status).toBe('pending');
      });
    });

    describe('claims', () => {
      it('leases due deliveries of one webhook, oldest due first, with their event', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1', T0 + 3], ['d2', 'w1', T0 + 1], ['d3', 'w2', T0], ['d4', 'w1', T0 + 1_000], ['d5', 'w1', T0 + 2]]);
        const claimed = await claim(store, 'w1', T0 + 10, 2);
        expect(ids(claimed)).toEqual(['d2', 'd5']);
        expect(claimed[0]).toEqual({
          id: 'd2',
          leaseToken: expect.any(String),
          eventId: 'e1',
          webhookId: 'w1',
          attempts: 0,
          cycleStart: 0,
          event: sampleEvent('RequestCreated'),
        });
        expect(await store.getDelivery('d5')).toMatchObject({ status: 'in_flight', updatedAt: T0 + 10 });
        expect(await store.queueDepth()).toEqual({ pending: 3, inFlight: 2 });
        expect(ids(await claim(store, 'w1', T0 + 10, 5))).toEqual(['d1']);
      });

      it('does not hand a leased delivery out twice', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1', T0], ['d2', 'w1', T0 + 1]]);
        expect(ids(await claim(store, 'w1', T0 + 1, 1))).toEqual(['d1']);
        expect(ids(await claim(store, 'w1', T0 + 1, 5))).toEqual(['d2']);
        expect(await claim(store, 'w1', T0 + 1, 5)).toEqual([]);
      });

      it('gives each turn its own lease token', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w1']]);
        const [first] = await claim(store, 'w1', T0, 1);
        const [second] = await claim(store, 'w1', T0, 1);
        expect(first?.leaseToken).not.toBe(second?.leaseToken);
      });

      it('tells when the next delivery is due when fewer than asked for were due', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1', T0 + 300], ['d2', 'w2', T0 + 100], ['d3', 'w3', T0]]);
        const turn = await store.exchange({ settlements: [], claims: [claimFor(['w1', 'w2'], 1), claimFor(['w4'], 1)], now: T0, leasedUntil: LEASED_UNTIL });
        expect(turn).toEqual({ claims: [{ deliveries: [], nextDueAt: T0 + 100 }, { deliveries: [] }], lostLeases: [] });
        expect(await claimOne(store, claimFor(['w3'], 1))).toEqual({ deliveries: [expect.objectContaining({ id: 'd3' })] });
      });

      it('takes from the webhooks of one flow in the order given', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2'], ['d3', 'w2', T0 + 1]]);
        const taken = ids((await claimOne(store, claimFor(['w2', 'w1'], 3), T0 + 1)).deliveries);
        expect([taken.slice(0, 2).sort(), taken.slice(2)]).toEqual([['d2', 'd3'], ['d1']]);
      });

      it('answers each claim of a turn in order', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2'], ['d3', 'w3']]);
        const turn = await store.exchange({ settlements: [], claims: [claimFor(['w3'], 5), claimFor(['w1'], 5), claimFor(['w2'], 5)], now: T0, leasedUntil: LEASED_UNTIL });
        expect(turn.claims.map((result) => ids(result.deliveries))).toEqual([['d3'], ['d1'], ['d2']]);
      });
    });

    describe('a flow’s cap on sends in flight', () => {
      it('counts the deliveries in flight of every webhook of the flow, and gives a claim at the cap nothing, not even a time', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1', T0], ['d2', 'w1', T0 + 1], ['d3', 'w2', T0 + 2], ['d4', 'w2', T0 + 3], ['d5', 'w2', T0 + 4]]);
        const flow = (webhookIds: string[]) => claimFor(webhookIds, 5, { flowId: 'flow-a', maxInFlight: 3 });
        const now = T0 + 10;
        expect(ids((await claimOne(store, flow(['w1']), now)).deliveries).sort()).toEqual(['d1', 'd2']);
        const second = await claimOne(store, flow(['w1', 'w2']), now);
        expect(ids(second.deliveries)).toEqual(['d3']);
        expect(await claimOne(store, flow(['w1', 'w2']), now)).toEqual({ deliveries: [] });

        // One ending makes room for one.
        await settle(store, [settlement(second.deliveries[0] as ClaimedDelivery, 'delivered')], now);
        expect(ids((await claimOne(store, flow(['w1', 'w2']), now)).deliveries)).toEqual(['d4']);
        expect(await store.queueDepth()).toEqual({ pending: 1, inFlight: 3 });
      });

      it('does not count the sends of webhooks outside the claim', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w1'], ['d3', 'w2']]);
        expect(await claim(store, 'w1', T0, 2)).toHaveLength(2);
        expect(ids((await claimOne(store, claimFor(['w2'], 5, { maxInFlight: 1 }))).deliveries)).toEqual(['d3']);
      });
    });

    describe('a flow’s pace', () => {
      const paced = (limit = 5) => claimFor(['w1', 'w2'], limit, { flowId: 'paced', paceSpacingMs: SPACING_MS });

      it('grants one send per claim, and the next once the spacing has passed', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2'], ['d3', 'w2', T0 + 1]]);
        expect(await claimOne(store, paced(), T0)).toEqual({ deliveries: [expect.objectContaining({ id: 'd1' })], nextDueAt: T0 + SPACING_MS });
        expect(await claimOne(store, paced(), T0 + SPACING_MS - 1)).toEqual({ deliveries: [], nextDueAt: T0 + SPACING_MS });
        expect(await claimOne(store, paced(), T0 + SPACING_MS)).toEqual({
          deliveries: [expect.objectContaining({ id: 'd2' })],
          nextDueAt: T0 + 2 * SPACING_MS,
        });
        // A claim for one, granted, says no more than it was asked.
        expect(await claimOne(store, paced(1), T0 + 2 * SPACING_MS)).toEqual({ deliveries: [expect.objectContaining({ id: 'd3' })] });
      });

      it('tells the later of the next due delivery and the pace', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2', T0 + 1_000]]);
        expect(await claimOne(store, paced(), T0)).toEqual({ deliveries: [expect.objectContaining({ id: 'd1' })], nextDueAt: T0 + 1_000 });
      });

      it('does not move the pace when nothing was due to take the send it granted', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1', T0 + 50]]);
        expect(await claimOne(store, paced(), T0)).toEqual({ deliveries: [], nextDueAt: T0 + 50 });
        expect(ids((await claimOne(store, paced(), T0 + 50)).deliveries)).toEqual(['d1']);
      });

      it('grants a send at the time the turn’s clock tells once the flow is locked, when that is later than the turn’s time', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2']]);
        const late = await store.exchange({ settlements: [], claims: [paced()], now: T0, leasedUntil: LEASED_UNTIL, clock: () => T0 + 40 });
        expect(late.claims).toEqual([{ deliveries: [expect.objectContaining({ id: 'd1' })], nextDueAt: T0 + 40 + SPACING_MS }]);
        expect(await claimOne(store, paced(), T0 + SPACING_MS)).toEqual({ deliveries: [], nextDueAt: T0 + 40 + SPACING_MS });
        // A clock behind the turn's time changes nothing.
        const early = await store.exchange({ settlements: [], claims: [paced()], now: T0 + 40 + SPACING_MS, leasedUntil: LEASED_UNTIL, clock: () => T0 });
        expect(ids(early.claims[0]?.deliveries ?? [])).toEqual(['d2']);
      });

      it('keeps each flow’s pace apart', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w3']]);
        expect(ids((await claimOne(store, paced(), T0)).deliveries)).toEqual(['d1']);
        expect(ids((await claimOne(store, claimFor(['w3'], 5, { flowId: 'other', paceSpacingMs: SPACING_MS }), T0)).deliveries)).toEqual(['d2']);
      });
    });

    describe('settle', () => {
      let leased: ClaimedDelivery;

      beforeEach(async () => {
        await ingestOne(store, 'e1', [['d1', 'w1']]);
        [leased] = (await claim(store, 'w1', T0, 1)) as [ClaimedDelivery];
      });

      it('keeps the attempt and schedules the retry in one step', async () => {
        const retry = settlement(leased, 'pending', { reason: 'HTTP 503; next attempt 2 of 8 in 5 s' });
        await settle(store, [retry], T0 + 20);
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
        expect(detail?.attempts).toEqual([retry.attempt]);
        expect(await claim(store, 'w1', T0 + 4_999)).toEqual([]);
        expect((await claim(store, 'w1', T0 + 5_000)).map((d) => d.attempts)).toEqual([1]);
      });

      it('writes what ended before it claims, so that an immediate retry goes out in the same turn', async () => {
        const retryNow = settlement(leased, 'pending', { nextAttemptAt: T0 });
        const turn = await store.exchange({ settlements: [retryNow], claims: [claimFor(['w1'], 5)], now: T0, leasedUntil: LEASED_UNTIL });
        expect(turn.lostLeases).toEqual([]);
        expect(turn.claims[0]?.deliveries.map((d) => [d.id, d.attempts])).toEqual([['d1', 1]]);
        expect(turn.claims[0]?.deliveries[0]?.leaseToken).not.toBe(leased.leaseToken);
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'in_flight', attemptCount: 1 });
      });

      it('marks a delivered delivery done', async () => {
        await settle(store, [settlement(leased, 'delivered')], T0 + 20);
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'delivered', nextAttemptAt: null, completedAt: T0 + 20, attemptCount: 1, lastHttpStatus: 200 });
        expect(await store.queueDepth()).toEqual({ pending: 0, inFlight: 0 });
      });

      it('fails a delivery that could not be attempted without counting an attempt', async () => {
        await settle(store, [{ deliveryId: 'd1', leaseToken: leased.leaseToken, status: 'failed', reason: 'the webhook no longer compiles' }], T0 + 20);
        expect(await store.getDelivery('d1')).toMatchObject({
          status: 'failed',
          attemptCount: 0,
          attempts: [],
          lastHttpStatus: null,
          lastReason: 'the webhook no longer compiles',
          completedAt: T0 + 20,
        });
      });

      it('refuses a settlement whose lease token is not the delivery’s, and keeps no attempt', async () => {
        const forged = { ...settlement(leased, 'delivered'), leaseToken: `${leased.leaseToken}x` };
        expect(await store.exchange({ settlements: [forged], claims: [], now: T0 + 20, leasedUntil: T0 + 20 })).toEqual({ claims: [], lostLeases: ['d1'] });
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'in_flight', attemptCount: 0, attempts: [], updatedAt: T0 });
        await settle(store, [settlement(leased, 'delivered')], T0 + 30);
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'delivered', attemptCount: 1 });
      });

      it('refuses the settlement of a lease taken back and given to another turn, and accepts the new lease’s', async () => {
        expect(await store.requeueLeases(LEASED_UNTIL, T0 + 10)).toBe(1);
        const [again] = (await claim(store, 'w1', T0 + 10, 1)) as [ClaimedDelivery];
        expect(again.leaseToken).not.toBe(leased.leaseToken);

        const old = await store.exchange({ settlements: [settlement(leased, 'delivered')], claims: [], now: T0 + 20, leasedUntil: T0 + 20 });
        expect(old).toEqual({ claims: [], lostLeases: ['d1'] });
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'in_flight', attemptCount: 0, attempts: [] });

        await settle(store, [settlement(again, 'delivered')], T0 + 30);
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'delivered', attemptCount: 1, completedAt: T0 + 30 });
        expect((await store.getDelivery('d1'))?.attempts).toHaveLength(1);
      });

      it('refuses the settlement of a released lease, attempt and all, and still writes the others of the turn', async () => {
        await ingestOne(store, 'e2', [['d2', 'w2']]);
        const [other] = (await claim(store, 'w2', T0, 1)) as [ClaimedDelivery];
        await store.releaseLeases([{ deliveryId: 'd1', leaseToken: leased.leaseToken }], T0 + 1);
        const turn = await store.exchange({
          settlements: [settlement(leased, 'delivered'), settlement(other, 'delivered')],
          claims: [],
          now: T0 + 20,
          leasedUntil: T0 + 20,
        });
        expect(turn.lostLeases).toEqual(['d1']);
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'pending', nextAttemptAt: T0 + 1, attemptCount: 0, attempts: [] });
        expect(await store.getDelivery('d2')).toMatchObject({ status: 'delivered', attemptCount: 1 });
      });

      it('changes nothing when a turn cannot be written', async () => {
        await settle(store, [settlement(leased, 'pending', { nextAttemptAt: T0 })], T0);
        await ingestOne(store, 'e2', [['d2', 'w1', T0 + 1]]);
        const [again] = (await claim(store, 'w1', T0, 1)) as [ClaimedDelivery];
        // Attempt 1 is kept already: this turn cannot be written.
        const sameAttemptAgain = settlement(leased, 'delivered', { leaseToken: again.leaseToken });
        await expect(store.exchange({ settlements: [sameAttemptAgain], claims: [claimFor(['w1'], 5)], now: T0 + 1, leasedUntil: LEASED_UNTIL })).rejects.toThrow();
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'in_flight', attemptCount: 1, lastHttpStatus: 503 });
        expect(await store.getDelivery('d2')).toMatchObject({ status: 'pending' });
        expect(await store.health()).toEqual({ status: 'ok' });
      });
    });

    describe('leases', () => {
      it('makes the leases that end by a time pending again, due at once, and leaves the others alone', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2'], ['d3', 'w3']]);
        await claim(store, 'w1', T0, 1, T0 + 1_000);
        await claim(store, 'w3', T0, 1, T0 + 999);
        await claim(store, 'w2', T0, 1, T0 + 9_000);
        expect(await store.requeueLeases(T0 + 1_000, T0 + 1_500)).toBe(2);
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'pending', nextAttemptAt: T0 + 1_500, attemptCount: 0 });
        expect(await store.getDelivery('d3')).toMatchObject({ status: 'pending', nextAttemptAt: T0 + 1_500 });
        expect(await store.getDelivery('d2')).toMatchObject({ status: 'in_flight' });
        expect(await store.requeueLeases(T0 + 1_000, T0 + 1_500)).toBe(0);
      });

      it('releases a lease at once, without counting an attempt', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w1']]);
        const claimed = await claim(store, 'w1', T0, 2);
        await store.releaseLeases(claimed.map(({ id, leaseToken }) => ({ deliveryId: id, leaseToken })), T0 + 7);
        for (const id of ['d1', 'd2']) expect(await store.getDelivery(id)).toMatchObject({ status: 'pending', nextAttemptAt: T0 + 7, attemptCount: 0 });
        expect(await store.queueDepth()).toEqual({ pending: 2, inFlight: 0 });
        await store.releaseLeases([], T0 + 8);
      });

      it('leaves alone a delivery whose lease is no longer the one released', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1']]);
        const [stale] = (await claim(store, 'w1', T0, 1, T0 + 1_000)) as [ClaimedDelivery];
        await store.requeueLeases(T0 + 1_000, T0 + 2_000);
        const [current] = (await claim(store, 'w1', T0 + 2_000, 1)) as [ClaimedDelivery];
        await store.releaseLeases([{ deliveryId: 'd1', leaseToken: stale.leaseToken }], T0 + 2_500);
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'in_flight', updatedAt: T0 + 2_000 });
        await settle(store, [settlement(current, 'delivered')], T0 + 3_000);
        // Released too late: the delivery is done.
        await store.releaseLeases([{ deliveryId: 'd1', leaseToken: current.leaseToken }], T0 + 3_500);
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'delivered', completedAt: T0 + 3_000 });
      });
    });

    describe('replay', () => {
      beforeEach(async () => {
        await ingestOne(store, 'e1', [['d1', 'w1']]);
        const [leased] = (await claim(store, 'w1', T0, 1)) as [ClaimedDelivery];
        await settle(store, [settlement(leased, 'failed', { reason: 'HTTP 500; gave up after 1 attempt' })], T0 + 1);
      });

      it('makes a failed delivery due again with a fresh schedule and the same id', async () => {
        const replayed = await store.replayDelivery('d1', 'replay requested', T0 + 100);
        expect(replayed).toMatchObject({ id: 'd1', status: 'pending', nextAttemptAt: T0 + 100, attemptCount: 1, completedAt: null, lastReason: 'replay requested' });
        const [claimed] = await claim(store, 'w1', T0 + 100, 1);
        expect(claimed).toMatchObject({ id: 'd1', attempts: 1, cycleStart: 1 });
        await settle(store, [settlement(claimed as ClaimedDelivery, 'delivered')], T0 + 200);
        expect((await store.getDelivery('d1'))?.attempts.map((each) => [each.number, each.outcome])).toEqual([
          [1, 'failed'],
          [2, 'delivered'],
        ]);
      });

      it('leaves an in-flight delivery as it is', async () => {
        await store.replayDelivery('d1', 'replay requested', T0 + 100);
        await claim(store, 'w1', T0 + 100, 1);
        expect(await store.replayDelivery('d1', 'replay requested', T0 + 200)).toMatchObject({ status: 'in_flight', nextAttemptAt: T0 + 100 });
        expect(await store.replayDelivery('nope', 'replay requested', T0)).toBeUndefined();
      });

      it('replays the failed deliveries of a webhook created since a time', async () => {
        await ingestOne(store, 'e2', [['d2', 'w1', T0 + 50]]);
        await ingestOne(store, 'e3', [['d3', 'w1', T0 + 50]], T0 + 50);
        const claimed = await claim(store, 'w1', T0 + 60, 5);
        expect(ids(claimed).sort()).toEqual(['d2', 'd3']);
        await settle(store, claimed.map((each) => settlement(each, 'failed')), T0 + 70);
        expect(await store.replayWebhook('w1', { status: 'failed', since: T0 + 50 }, 'replay requested', T0 + 80)).toBe(1);
        expect(await statusOf('d3')).toBe('pending');
        expect(await statusOf('d1')).toBe('failed');
        expect(await store.replayWebhook('w1', { status: 'failed' }, 'replay requested', T0 + 80)).toBe(2);
        expect(await store.replayWebhook('w1', { status: 'delivered' }, 'replay requested', T0 + 80)).toBe(0);
        expect(await store.queueDepth()).toEqual({ pending: 3, inFlight: 0 });
      });
    });

    describe('listDeliveries', () => {
      beforeEach(async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2']]);
        await ingestOne(store, 'e2', [['d3', 'w1', T0 + 1], ['d4', 'w2', T0 + 1]]);
      });

      it('lists the newest first, filtered by webhook, event and status, page by page', async () => {
        expect(await listIds({ limit: 10 })).toEqual(['d4', 'd3', 'd2', 'd1']);
        expect(await listIds({ webhookId: 'w1', limit: 10 })).toEqual(['d3', 'd1']);
        expect(await listIds({ eventId: 'e1', limit: 10 })).toEqual(['d2', 'd1']);
        await claim(store, 'w2', T0, 1);
        expect(await listIds({ status: 'in_flight', limit: 10 })).toEqual(['d2']);
        expect(await listIds({ status: 'pending', webhookId: 'w2', limit: 10 })).toEqual(['d4']);
        expect(await listIds({ limit: 2 })).toEqual(['d4', 'd3']);
        expect(await listIds({ limit: 2, before: 'd3' })).toEqual(['d2', 'd1']);
        expect(await listIds({ limit: 2, before: 'd1' })).toEqual([]);
        expect(await listIds({ webhookId: 'w2', limit: 10, before: 'd4' })).toEqual(['d2']);
      });

      it('lists the deliveries of one trigger', async () => {
        await store.ingest(
          { id: 'e3', eventType: 'RequestGranted', payloadJson: JSON.stringify(sampleEvent('RequestGranted')), receivedAt: T0 },
          [{ id: 'd5', webhookId: 'w1', webhookName: 'name of w1', nextAttemptAt: T0 }],
        );
        expect(await listIds({ trigger: 'RequestGranted', limit: 10 })).toEqual(['d5']);
        expect(await listIds({ trigger: 'RequestCreated', limit: 2 })).toEqual(['d4', 'd3']);
        expect(await listIds({ trigger: 'RequestCreated', webhookId: 'w1', limit: 10 })).toEqual(['d3', 'd1']);
        expect(await listIds({ trigger: 'RequestGranted', changedAfter: 0, limit: 10 })).toEqual(['d5']);
        expect(await listIds({ trigger: 'RequestFailed', limit: 10 })).toEqual([]);
        expect(await store.getDelivery('d5')).toMatchObject({ trigger: 'RequestGranted', event: sampleEvent('RequestGranted') });
      });

      it('refuses a "before" that names no delivery', async () => {
        const error = await store.listDeliveries({ limit: 2, before: 'nope' }).catch((err: unknown) => err);
        expect(isFlowhookError(error) && error.toJSON()).toEqual({
          code: 'FLOWHOOK_NOT_FOUND',
          message: 'no delivery "nope" (given as "before")',
          hint: 'Pass the id of a delivery from the previous page as "before".',
        });
      });

      it('gives every delivery a version that grows with each of its changes', async () => {
        const untouched = await store.getDelivery('d4');
        const before = await store.getDelivery('d1');
        const [leased] = (await claim(store, 'w1', T0, 1)) as [ClaimedDelivery];
        const claimed = await store.getDelivery('d1');
        await settle(store, [settlement(leased, 'delivered')]);
        const settled = await store.getDelivery('d1');
        expect(claimed?.version).toBeGreaterThan(before?.version as number);
        expect(settled?.version).toBeGreaterThan(claimed?.version as number);
        // A delivery left alone keeps its version.
        expect((await store.getDelivery('d4'))?.version).toBe(untouched?.version);
      });
    });

    describe('the change feed', () => {
      /** Reads the changes after `cursor` and moves it on; every change is there in its latest state, and none since is. */
      async function follow(feed: { cursor: number }, limit = 100): Promise<Array<[string, DeliveryStatus]>> {
        const page = await store.listDeliveries({ changedAfter: feed.cursor, limit });
        expect(page.cursor).toBeGreaterThanOrEqual(feed.cursor);
        feed.cursor = page.cursor;
        return page.deliveries.map((delivery) => [delivery.id, delivery.status]);
      }

      it('lists each change after a cursor, oldest first: ingest, claim, settle, release, requeue, replay, and a deleted webhook’s deliveries', async () => {
        await store.createWebhook(webhook('w2', 'Two'));
        const feed = { cursor: (await store.listDeliveries({ limit: 10 })).cursor };
        expect(await follow(feed)).toEqual([]);

        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2'], ['d3', 'w1', T0 + 1]]);
        expect(await follow(feed)).toEqual([['d1', 'pending'], ['d2', 'pending'], ['d3', 'pending']]);

        const [first, second] = (await claim(store, 'w1', T0 + 1, 2)) as [ClaimedDelivery, ClaimedDelivery];
        expect(first.id).toBe('d1');
        expect((await follow(feed)).sort()).toEqual([['d1', 'in_flight'], ['d3', 'in_flight']]);

        await settle(store, [settlement(first, 'failed')], T0 + 1);
        expect(await follow(feed)).toEqual([['d1', 'failed']]);

        await store.releaseLeases([{ deliveryId: 'd3', leaseToken: second.leaseToken }], T0 + 2);
        expect(await follow(feed)).toEqual([['d3', 'pending']]);

        await claim(store, 'w1', T0 + 2, 1, T0 + 10);
        expect(await follow(feed)).toEqual([['d3', 'in_flight']]);
        await store.requeueLeases(T0 + 10, T0 + 11);
        expect(await follow(feed)).toEqual([['d3', 'pending']]);

        await store.replayDelivery('d1', 'replay requested', T0 + 3);
        expect(await follow(feed)).toEqual([['d1', 'pending']]);

        await store.deleteWebhook('w2', 'deleted', T0 + 4);
        expect(await follow(feed)).toEqual([['d2', 'failed']]);

        await store.updateWebhook('w1', webhook('w1', 'renamed').config, T0 + 5);
        await store.createWebhook(webhook('w3', 'Three'));
        await store.replayWebhook('w2', { status: 'failed' }, 'replay requested', T0 + 6);
        expect(await follow(feed)).toEqual([['d2', 'pending']]);
      });

      it('lists nothing again from the cursor it returned, while nothing changes', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1']]);
        const first = await store.listDeliveries({ changedAfter: 0, limit: 10 });
        expect(ids(first.deliveries)).toEqual(['d1']);
        expect(await store.listDeliveries({ changedAfter: first.cursor, limit: 10 })).toEqual({ deliveries: [], cursor: expect.any(Number) });
        const again = await store.listDeliveries({ changedAfter: first.cursor, limit: 10 });
        expect(again.deliveries).toEqual([]);
        expect(await store.listDeliveries({ changedAfter: again.cursor, limit: 10 })).toMatchObject({ deliveries: [] });
        // Nor does an unfiltered read move past what is still to come.
        const listed = await store.listDeliveries({ limit: 1 });
        await claim(store, 'w1', T0, 1);
        expect(ids((await store.listDeliveries({ changedAfter: listed.cursor, limit: 10 })).deliveries)).toEqual(['d1']);
      });

      it('visits every change page by page with a small limit, in its latest state, and comes to an end', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2']]);
        await ingestOne(store, 'e2', [['d3', 'w1', T0 + 1], ['d4', 'w2']]);
        const feed = { cursor: (await store.listDeliveries({ limit: 1 })).cursor };
        for (let n = 5; n <= 7; n++) await ingestOne(store, `e${n}`, [[`d${n}`, 'w3']]);
        await ingestOne(store, 'e8', [['d8', 'w3'], ['d9', 'w3'], ['d10', 'w3']]);
        const [first] = (await claim(store, 'w1', T0 + 1, 5)) as [ClaimedDelivery];
        expect(first.id).toBe('d1');
        await settle(store, [settlement(first, 'delivered')], T0 + 2);
        await store.replayDelivery('d1', 'replay requested', T0 + 3);

        const seen = new Map<string, DeliveryStatus>();
        let pages = 0;
        for (;;) {
          const changes = await follow(feed, 2);
          if (changes.length === 0) break;
          pages++;
          expect(pages).toBeLessThan(20);
          for (const [id, status] of changes) seen.set(id, status);
        }
        expect([...seen.keys()].sort()).toEqual(['d1', 'd10', 'd3', 'd5', 'd6', 'd7', 'd8', 'd9']);
        for (const [id, status] of seen) expect([id, status]).toEqual([id, await statusOf(id)]);
        expect(await follow(feed, 2)).toEqual([]);
      });
    });

    describe.runIf(setup.shared)('two workers on one database', () => {
      let other: DeliveryStore;

      beforeEach(async () => {
        other = await openAnother();
      });

      it('lease each delivery to one of them only', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1', T0], ['d2', 'w1', T0 + 1], ['d3', 'w1', T0 + 2]]);
        const mine = await claim(store, 'w1', T0 + 2, 2);
        const theirs = await claim(other, 'w1', T0 + 2, 5);
        expect(ids(mine)).toEqual(['d1', 'd2']);
        expect(ids(theirs)).toEqual(['d3']);
        expect(await claim(store, 'w1', T0 + 2, 5)).toEqual([]);
        expect(await other.queueDepth()).toEqual({ pending: 0, inFlight: 3 });
      });

      it('refuse each other’s settlements, since each holds its own lease token', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2']]);
        const [mine] = (await claim(store, 'w1')) as [ClaimedDelivery];
        const [theirs] = (await claim(other, 'w2')) as [ClaimedDelivery];
        const meddling = { ...settlement(mine, 'delivered'), leaseToken: theirs.leaseToken };
        expect(await other.exchange({ settlements: [meddling], claims: [], now: T0 + 1, leasedUntil: T0 + 1 })).toEqual({ claims: [], lostLeases: ['d1'] });
        await other.releaseLeases([{ deliveryId: 'd1', leaseToken: theirs.leaseToken }], T0 + 1);
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'in_flight', attemptCount: 0 });
        await settle(store, [settlement(mine, 'delivered')], T0 + 2);
        expect(await other.getDelivery('d1')).toMatchObject({ status: 'delivered', attemptCount: 1 });
      });

      it('hold a flow to its cap over both of them', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1', T0], ['d2', 'w2', T0 + 2], ['d3', 'w2', T0 + 3], ['d4', 'w1', T0 + 1]]);
        const flow = claimFor(['w1', 'w2'], 5, { flowId: 'shared', maxInFlight: 2 });
        const now = T0 + 5;
        expect(ids((await claimOne(store, { ...flow, limit: 1 }, now)).deliveries)).toEqual(['d1']);
        const theirs = await claimOne(other, flow, now);
        expect(ids(theirs.deliveries)).toEqual(['d4']);
        expect(await claimOne(store, flow, now)).toEqual({ deliveries: [] });
        expect(await claimOne(other, flow, now)).toEqual({ deliveries: [] });
        await settle(other, [settlement(theirs.deliveries[0] as ClaimedDelivery, 'delivered')], now);
        expect(ids((await claimOne(store, flow, now)).deliveries)).toEqual(['d2']);
      });

      it('hold a flow to its pace over both of them', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1', T0], ['d2', 'w1', T0 + 1], ['d3', 'w1', T0 + 2]]);
        const flow = claimFor(['w1'], 5, { flowId: 'paced', paceSpacingMs: SPACING_MS });
        expect(ids((await claimOne(store, flow, T0)).deliveries)).toEqual(['d1']);
        expect(await claimOne(other, flow, T0 + 1)).toEqual({ deliveries: [], nextDueAt: T0 + SPACING_MS });
        expect(ids((await claimOne(other, flow, T0 + SPACING_MS)).deliveries)).toEqual(['d2']);
        expect(await claimOne(store, flow, T0 + SPACING_MS)).toEqual({ deliveries: [], nextDueAt: T0 + 2 * SPACING_MS });
      });

      it('take back each other’s leases only once they run out', async () => {
        await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2']]);
        const [mine] = (await claim(store, 'w1', T0, 1, T0 + 1_000)) as [ClaimedDelivery];
        await claim(store, 'w2', T0, 1, T0 + 5_000);
        expect(await other.requeueLeases(T0 + 1_000, T0 + 1_001)).toBe(1);
        const [theirs] = (await claim(other, 'w1', T0 + 1_001)) as [ClaimedDelivery];
        expect(theirs).toMatchObject({ id: 'd1', attempts: 0 });
        expect((await store.exchange({ settlements: [settlement(mine, 'delivered')], claims: [], now: T0 + 1_002, leasedUntil: T0 + 1_002 })).lostLeases).toEqual(['d1']);
        await settle(other, [settlement(theirs, 'delivered')], T0 + 1_003);
        expect(await store.getDelivery('d1')).toMatchObject({ status: 'delivered', attemptCount: 1 });
        expect(await store.getDelivery('d2')).toMatchObject({ status: 'in_flight' });
      });

      it('hear of the webhooks the other creates, changes and deletes, and not of their own', async () => {
        const heard = hear(other);
        await store.createWebhook(webhook('w1', 'Okta'));
        expect(await heard.next()).toBe('w1');
        await store.updateWebhook('w1', webhook('w1', 'Okta prod').config, T0 + 1);
        expect(await heard.next()).toBe('w1');
        expect(await other.getWebhook('w1')).toMatchObject({ config: { name: 'Okta prod' }, updatedAt: T0 + 1 });
        await store.deleteWebhook('w1', 'deleted', T0 + 2);
        expect(await heard.next()).toBe('w1');

        // Heard in the order of their commits: the other's own change would come before this one.
        await other.createWebhook(webhook('w2', 'Theirs'));
        await store.updateWebhook('nope', webhook('nope', 'x').config, T0 + 3);
        await store.createWebhook(webhook('w3', 'Mine'));
        expect(await heard.next()).toBe('w3');
        expect(heard.all).toEqual(['w1', 'w1', 'w1', 'w3']);
      });
    });
  });
}

/** What a store hears through watchWebhooks, in order; `next` waits for the next one heard. */
function hear(store: DeliveryStore): { all: Array<string | undefined>; next(): Promise<string | undefined> } {
  const all: Array<string | undefined> = [];
  let taken = 0;
  let wake: (() => void) | undefined;
  store.watchWebhooks((webhookId) => {
    all.push(webhookId);
    wake?.();
  });
  return {
    all,
    async next() {
      while (all.length <= taken) await new Promise<void>((resolve) => (wake = resolve));
      return all[taken++];
    },
  };
}
