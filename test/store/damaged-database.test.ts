import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleEvent } from '../../src/core/samples.js';
import { isFlowhookError } from '../../src/errors.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

const T0 = Date.parse('2026-12-01T12:00:00Z');

describe('a damaged database', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-damaged-'));
    file = join(dir, 'flowhook.db');
    const store = openSqliteStore(file);
    const payloadJson = JSON.stringify(sampleEvent('RequestCreated'));
    await Promise.all(
      Array.from({ length: 300 }, (_, n) =>
        store.ingest({ id: `evt_${n}`, eventType: 'RequestCreated', payloadJson, receivedAt: T0 }, [
          { id: `dlv_${n}`, webhookId: 'wh_1', webhookName: 'okta', nextAttemptAt: T0 },
        ]),
      ),
    );
    await store.close();
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the database (with its key) with bytes of one of its pages overwritten. */
  function damagedCopy(pageOf: (db: Database.Database) => number, from: number, to: number): string {
    const copy = join(dir, 'copy.db');
    copyFileSync(file, copy);
    copyFileSync(`${file}.key`, `${copy}.key`);
    const db = new Database(copy, { readonly: true });
    const page = pageOf(db);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const bytes = readFileSync(copy);
    bytes.fill(0xff, (page - 1) * pageSize + from, (page - 1) * pageSize + to);
    writeFileSync(copy, bytes);
    return copy;
  }

  const rootPage = (table: string) => (db: Database.Database) =>
    db.prepare<[string], number>(`SELECT rootpage FROM sqlite_master WHERE name = ?`).pluck().get(table) ?? 0;
  const damages = [
    {
      name: 'cell pointers of the root page of the events table',
      page: rootPage('events'),
      from: 100,
      to: 300,
      found: /^Tree \d+ page \d+ cell \d+: Offset \d+ out of range/,
    },
    {
      name: 'child page numbers at the end of the root page of the deliveries table',
      page: rootPage('deliveries'),
      from: 4096 - 40,
      to: 4096,
      // quick_check itself stops at this one.
      found: /^database disk image is malformed$/,
    },
  ];

  for (const damage of damages) {
    it(`is refused at open, before anything is written, with what quick_check found: ${damage.name}`, () => {
      const copy = damagedCopy(damage.page, damage.from, damage.to);
      const before = readFileSync(copy);
      try {
        openSqliteStore(copy);
        expect.unreachable();
      } catch (err) {
        if (!isFlowhookError(err)) throw err;
        expect(err.code).toBe('FLOWHOOK_DATABASE_UNUSABLE');
        expect(err.message.startsWith(`database "${copy}" is damaged: `)).toBe(true);
        expect(err.message.slice(`database "${copy}" is damaged: `.length)).toMatch(damage.found);
        expect(err.hint).toBe(`Restore "${copy}" from a backup; "sqlite3 ${copy} .recover" can rescue what is still readable into a new file.`);
        expect(err.details?.[0]).toEqual({ path: copy, message: err.message.slice(`database "${copy}" is damaged: `.length) });
        expect(err.exitCode).toBe(2);
      }
      expect(readFileSync(copy).equals(before)).toBe(true);
    });
  }

  it('is not mistaken for a sound one: the original opens', async () => {
    const store = openSqliteStore(file);
    expect(await store.queueDepth()).toEqual({ pending: 300, inFlight: 0 });
    await store.close();
  });
});
