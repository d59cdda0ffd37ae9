/**
 * What is SQLite's own in its store: one process owns the file, so a restart takes back every lease;
 * events waiting to be written share the transaction of the next turn; versions come from a counter
 * that resumes from the file. What every store does is in store-contract.ts, run on SQLite by
 * sqlite-contract.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFlowhookError } from '../../src/errors.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import type { ClaimedDelivery } from '../../src/store/store.js';
import { claim, claimFor, claimOne, ingestOne, settle, settlement, T0 } from './store-contract.js';

const LEASED_UNTIL = T0 + 60_000;

describe('SqliteStore', () => {
  let dir: string;
  let file: string;
  let store: SqliteStore;

  /** Closes the store and opens the file again, as a restarted process does. */
  async function restart(): Promise<void> {
    await store.close();
    store = openSqliteStore(file);
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-store-'));
    file = join(dir, 'flowhook.db');
    store = openSqliteStore(file);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('one process owns the file', () => {
    it('says so, and keeps a second store out while it is open', () => {
      expect(store.exclusive).toBe(true);
      expect(() => openSqliteStore(file)).toThrow(expect.objectContaining({ code: 'FLOWHOOK_DATABASE_LOCKED' }));
    });

    it('finds the deliveries in flight after the process is gone, and takes every lease back', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2']]);
      await claim(store, 'w1', T0, 1, LEASED_UNTIL);
      await claim(store, 'w2', T0, 1, Number.MAX_SAFE_INTEGER);
      await restart();
      expect(await store.requeueLeases(Number.MAX_SAFE_INTEGER, T0 + 10)).toBe(2);
      expect((await claim(store, 'w1', T0 + 10, 5)).map((d) => d.id)).toEqual(['d1']);
    });

    it('keeps a flow’s pace across a restart', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w1', T0 + 1]]);
      const paced = claimFor(['w1'], 5, { flowId: 'paced', paceSpacingMs: 110 });
      expect((await claimOne(store, paced, T0)).deliveries).toHaveLength(1);
      await restart();
      expect(await claimOne(store, paced, T0 + 1)).toEqual({ deliveries: [], nextDueAt: T0 + 110 });
    });
  });

  describe('events waiting to be written', () => {
    it('are written in the transaction of the next turn, which can lease their deliveries', async () => {
      const written = ingestOne(store, 'e1', [['d1', 'w1']]);
      const result = await claimOne(store, claimFor(['w1'], 5));
      expect(result.deliveries.map((delivery) => delivery.id)).toEqual(['d1']);
      await written;
      expect(await store.getDelivery('d1')).toMatchObject({ status: 'in_flight', eventId: 'e1' });
    });

    it('fail alone when one cannot be written, and the turn is still answered', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1']]);
      const duplicate = ingestOne(store, 'e2', [['d1', 'w1']]);
      const fine = ingestOne(store, 'e3', [['d3', 'w1', T0 + 1]]);
      const result = await claimOne(store, claimFor(['w1'], 5), T0 + 1);
      expect(result.deliveries.map((delivery) => delivery.id).sort()).toEqual(['d1', 'd3']);
      const outcomes = await Promise.allSettled([duplicate, fine]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled']);
      expect(outcomes[0]).toMatchObject({ reason: { message: 'UNIQUE constraint failed: deliveries.id' } });
      expect((await store.listDeliveries({ eventId: 'e2', limit: 10 })).deliveries).toEqual([]);
    });

    it('are written apart from a turn that fails', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1']]);
      const [first] = (await claim(store, 'w1', T0, 1, LEASED_UNTIL)) as [ClaimedDelivery];
      await settle(store, [settlement(first, 'pending', { nextAttemptAt: T0 })], T0);
      const [again] = (await claim(store, 'w1', T0, 1, LEASED_UNTIL)) as [ClaimedDelivery];
      const written = ingestOne(store, 'e2', [['d2', 'w1']]);
      // Attempt 1 is kept already: the turn cannot be written.
      const sameAttemptAgain = settlement(first, 'delivered', { leaseToken: again.leaseToken });
      await expect(store.exchange({ settlements: [sameAttemptAgain], claims: [], now: T0, leasedUntil: T0 })).rejects.toThrow(
        'UNIQUE constraint failed: attempts.delivery_seq, attempts.number',
      );
      await written;
      expect(await store.getDelivery('d2')).toMatchObject({ status: 'pending' });
      expect(await store.getDelivery('d1')).toMatchObject({ status: 'in_flight', attemptCount: 1 });
    });
  });

  describe('versions', () => {
    it('count every change of a delivery, one by one, and the feed pages by them', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w2']]);
      await ingestOne(store, 'e2', [['d3', 'w1', T0 + 1], ['d4', 'w2']]);
      const first = await store.listDeliveries({ limit: 10 });
      expect(first.deliveries.map((d) => [d.id, d.version])).toEqual([['d4', 4], ['d3', 3], ['d2', 2], ['d1', 1]]);
      expect(first.cursor).toBe(4);
      const claimed = await claim(store, 'w1', T0 + 1, 5, LEASED_UNTIL);
      await settle(store, [settlement(claimed[1] as ClaimedDelivery, 'delivered')], T0 + 1);

      const page1 = await store.listDeliveries({ changedAfter: first.cursor, limit: 1 });
      expect(page1.deliveries.map((d) => [d.id, d.status, d.version])).toEqual([['d1', 'in_flight', 5]]);
      const page2 = await store.listDeliveries({ changedAfter: page1.cursor, limit: 1 });
      expect(page2.deliveries.map((d) => [d.id, d.status, d.version])).toEqual([['d3', 'delivered', 7]]);
      expect(await store.listDeliveries({ changedAfter: page2.cursor, limit: 1 })).toEqual({ deliveries: [], cursor: 7 });
    });

    it('keep growing after a restart', async () => {
      await ingestOne(store, 'e1', [['d1', 'w1'], ['d2', 'w1', T0 + 1]]);
      await restart();
      await claim(store, 'w1', T0, 1, LEASED_UNTIL);
      expect((await store.getDelivery('d1'))?.version).toBe(3);
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
