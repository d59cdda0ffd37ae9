/**
 * A full disk, for real: the database lives on a small tmpfs mounted for this file, which takes root
 * (or CAP_SYS_ADMIN); elsewhere the tests are skipped, with the reason in their name.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/api/error-handler.js';
import { eventRoutes } from '../../src/api/routes/events.js';
import { systemRoutes } from '../../src/api/routes/system.js';
import { sampleEvent } from '../../src/core/samples.js';
import { DeliveryEngine } from '../../src/engine/engine.js';
import { isFlowhookError } from '../../src/errors.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import { eventually } from '../support/eventually.js';

const mountPoint = mkdtempSync(join(tmpdir(), 'flowhook-full-'));
const skipReason = mountTmpfs(mountPoint, '2m');

function mountTmpfs(at: string, size: string): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', at], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `cannot mount a tmpfs here: ${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim()}`;
  }
}

afterAll(() => {
  if (skipReason === undefined) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

/** Fills the file system that holds `dir` to the last block with one file; returns a function that removes it. */
function fillDisk(dir: string): () => void {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return () => rmSync(path);
}

const FULL_HINT = (dir: string) => `Free space on the file system that holds "${dir}"; writes resume by themselves once one succeeds, and /healthz says so.`;

describe.skipIf(skipReason !== undefined)(`a full disk${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let dir: string;
  let file: string;
  let freeDisk: (() => void) | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(mountPoint, 'db-'));
    mkdirSync(dir, { recursive: true });
    file = join(dir, 'flowhook.db');
  });

  afterEach(() => {
    freeDisk?.();
    freeDisk = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  describe('SqliteStore', () => {
    let store: SqliteStore;

    afterEach(async () => {
      await store.close();
    });

    it('refuses a write with FLOWHOOK_DATABASE_UNAVAILABLE and says so in its health, until a write succeeds again', async () => {
      store = openSqliteStore(file);
      const payloadJson = JSON.stringify(sampleEvent('RequestCreated'));
      const ingest = (id: string) => store.ingest({ id, eventType: 'RequestCreated', payloadJson, receivedAt: 1 }, [{ id: `dlv_${id}`, webhookId: 'wh_1', webhookName: 'w', nextAttemptAt: 1 }]);
      await ingest('evt_before');
      expect(await store.health()).toEqual({ status: 'ok' });

      freeDisk = fillDisk(dir);
      const refused = await ingest('evt_full').then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(isFlowhookError(refused) && { ...refused.toJSON(), status: refused.status }).toEqual({
        code: 'FLOWHOOK_DATABASE_UNAVAILABLE',
        message: `database "${file}" failed: database or disk is full (SQLITE_FULL)`,
        hint: FULL_HINT(dir),
        status: 503,
      });
      const degraded = await store.health();
      expect(degraded).toEqual({
        status: 'unavailable',
        databaseCode: 'SQLITE_FULL',
        message: `database "${file}" failed: database or disk is full (SQLITE_FULL)`,
        hint: FULL_HINT(dir),
        since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      // A write that changes nothing writes nothing, and proves nothing.
      expect(await store.requeueLeases(0, 1)).toBe(0);
      expect(await store.health()).toEqual(degraded);

      freeDisk();
      freeDisk = undefined;
      expect(await store.health()).toEqual({ status: 'ok' });
      await ingest('evt_after');
      expect(await store.queueDepth()).toEqual({ pending: 2, inFlight: 0 });
    });
  });

  describe('DeliveryEngine', () => {
    let engine: DeliveryEngine;
    let flow: Server;
    const held: ServerResponse[] = [];

    beforeEach(async () => {
      held.length = 0;
      flow = createServer((req, res) => {
        req.resume();
        held.push(res);
      });
      await new Promise<void>((resolve) => flow.listen(0, '127.0.0.1', resolve));
      engine = new DeliveryEngine({ store: openSqliteStore(file), allowLocal: true, pollIntervalMs: 20, shutdownGraceMs: 100, random: () => 0.5 });
      await engine.start();
    });

    afterEach(async () => {
      for (const res of held) res.end();
      await engine.stop();
      await new Promise((resolve) => flow.close(resolve));
    });

    it('answers 503 with the cause, reports /healthz degraded, then writes the attempts that ended meanwhile once the disk has room', async () => {
      const { port } = flow.address() as { port: number };
      const webhook = await engine.webhooks.create({ name: 'held', url: `http://127.0.0.1:${port}/api/flo/held/invoke`, triggers: ['RequestCreated'] });
      const app = express()
        .use(express.json())
        .use(systemRoutes(engine))
        .use('/api/events', eventRoutes(engine))
        .use(errorHandler(pino({ level: 'silent' })));
      const accepted = [];
      for (let n = 0; n < 4; n += 1) accepted.push(...(await engine.ingest(sampleEvent('RequestCreated'))).deliveries.map((delivery) => delivery.id));
      await eventually(async () => held.length, (count) => count === 4);
      expect((await engine.listDeliveries({ status: 'in_flight', limit: 10 })).deliveries).toHaveLength(4);

      freeDisk = fillDisk(dir);
      const refused = await request(app).post('/api/events').send(sampleEvent('RequestCreated')).expect(503);
      expect(refused.body).toEqual({
        code: 'FLOWHOOK_DATABASE_UNAVAILABLE',
        message: `database "${file}" failed: database or disk is full (SQLITE_FULL)`,
        hint: FULL_HINT(dir),
      });
      // The four attempts end while nothing can be written.
      for (const res of held.splice(0)) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      const health = await request(app).get('/healthz').expect(503);
      expect(health.body).toEqual({
        status: 'degraded',
        database: { status: 'unavailable', databaseCode: 'SQLITE_FULL', message: refused.body.message, hint: FULL_HINT(dir), since: expect.any(String) },
      });

      freeDisk();
      freeDisk = undefined;
      // Well inside the five-minute lease: the attempts were kept, not left for the lease to run out.
      const delivered = await eventually(
        async () => (await engine.listDeliveries({ webhookId: webhook.stored.id, limit: 10 })).deliveries,
        (deliveries) => deliveries.every((delivery) => delivery.status === 'delivered'),
      );
      expect(delivered.map((delivery) => delivery.id).sort()).toEqual([...accepted].sort());
      expect(delivered.map((delivery) => delivery.attemptCount)).toEqual([1, 1, 1, 1]);
      expect(held).toEqual([]);
      expect((await request(app).get('/healthz').expect(200)).body).toEqual({ status: 'ok', database: { status: 'ok' } });
    });
  });
});
