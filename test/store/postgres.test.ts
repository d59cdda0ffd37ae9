/**
 * What is PostgreSQL's own in its store, beyond the contract (postgres-contract.test.ts): workers whose
 * turns run at the same moment, the change feed under transactions that commit out of order, workers
 * that migrate a new database together, the shared key, a database URL's password kept out of errors,
 * and the health of a store whose server is gone.
 */
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { isFlowhookError, type FlowhookError } from '../../src/errors.js';
import { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from '../../src/store/postgres.js';
import type { ClaimedDelivery, ClaimRequest, DeliveryStore } from '../../src/store/store.js';
import { describePostgres, startPostgresCluster } from '../support/postgres-cluster.js';
import { claim, ingestOne, settlement, T0, webhook } from './store-contract.js';

const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');
const OTHER_KEY = Buffer.alloc(32, 8).toString('base64');
const LEASED_UNTIL = T0 + 3_600_000;
const PASSWORD = 'Pa55-w0rd-8c1f';

async function failure(opening: Promise<unknown>): Promise<FlowhookError> {
  const error = await opening.then(
    () => new Error('it opened'),
    (err: unknown) => err,
  );
  if (!isFlowhookError(error)) throw error;
  return error;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describePostgres('PostgresStore', (cluster) => {
  const opened: DeliveryStore[] = [];
  const clients: pg.Client[] = [];

  async function open(url: string, options: PostgresStoreOptions = { secretKey: SECRET_KEY }): Promise<PostgresStore> {
    const store = await openPostgresStore(url, { poolSize: 4, ...options });
    opened.push(store);
    return store;
  }

  async function rawClient(url: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    clients.push(client);
    await client.connect();
    return client;
  }

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await Promise.all(clients.splice(0).map((client) => client.end()));
  });

  /** Two workers on one fresh database, with `count` deliveries due for the webhooks w0 and w1 of one flow. */
  async function twoWorkers(count: number): Promise<[PostgresStore, PostgresStore]> {
    const url = await cluster().createDatabase();
    const workers: [PostgresStore, PostgresStore] = [await open(url), await open(url)];
    await Promise.all(Array.from({ length: count }, (_, n) => ingestOne(workers[0], `e${n}`, [[`d${n}`, `w${n % 2}`, T0 + n]])));
    return workers;
  }

  it('holds a flow to its cap over two workers whose turns run at the same moment, and leases each delivery once', async () => {
    const count = 40;
    const workers = await twoWorkers(count);
    const flow: ClaimRequest = { flowId: 'shared', webhookIds: ['w0', 'w1'], limit: 5, maxInFlight: 3 };
    const held = new Map<DeliveryStore, ClaimedDelivery[]>(workers.map((worker) => [worker, []]));
    const claims = new Map<string, number>();
    for (let round = 0; claims.size < count || [...held.values()].some((leases) => leases.length > 0); round++) {
      expect(round).toBeLessThan(200);
      // Both at once, each worker ends the oldest of its sends, or asks for more, or both: a turn that
      // only claims must see what the other's turn, running with it, leases.
      const [ends, asks] = [round % 3 !== 1, round % 3 !== 0];
      const turns = await Promise.all(
        workers.map((worker) =>
          worker.exchange({
            settlements: ends ? (held.get(worker) as ClaimedDelivery[]).splice(0, 1).map((leased) => settlement(leased, 'delivered')) : [],
            claims: asks ? [flow] : [],
            now: T0 + count,
            leasedUntil: LEASED_UNTIL,
          }),
        ),
      );
      turns.forEach((turn, index) => {
        expect(turn.lostLeases).toEqual([]);
        for (const leased of turn.claims[0]?.deliveries ?? []) claims.set(leased.id, (claims.get(leased.id) ?? 0) + 1);
        held.get(workers[index] as DeliveryStore)?.push(...(turn.claims[0]?.deliveries ?? []));
      });
      const inFlight = [...held.values()].flat().map((leased) => leased.id);
      expect(inFlight.length).toBeLessThanOrEqual(3);
      expect(new Set(inFlight).size).toBe(inFlight.length);
      expect((await workers[0].queueDepth()).inFlight).toBe(inFlight.length);
    }
    expect([...claims.values()].every((times) => times === 1)).toBe(true);
    expect(await workers[1].queueDepth()).toEqual({ pending: 0, inFlight: 0 });
    expect((await workers[1].listDeliveries({ status: 'delivered', limit: count + 1 })).deliveries).toHaveLength(count);
  });

  it('grants a paced flow one send per slot over two workers whose turns run at the same moment', async () => {
    const [first, second] = await twoWorkers(10);
    const flow: ClaimRequest = { flowId: 'paced', webhookIds: ['w0', 'w1'], limit: 5, maxInFlight: 100, paceSpacingMs: 110 };
    const leased: string[] = [];
    for (let slot = 0; slot < 10; slot++) {
      const now = T0 + 10 + slot * 110;
      const turns = await Promise.all([first, second].map((worker) => worker.exchange({ settlements: [], claims: [flow], now, leasedUntil: LEASED_UNTIL })));
      const taken = turns.flatMap((turn) => turn.claims[0]?.deliveries ?? []).map((delivery) => delivery.id);
      expect(taken).toHaveLength(1);
      // While deliveries are left, both workers are told when the next slot opens.
      expect(turns.map((turn) => turn.claims[0]?.nextDueAt)).toEqual(slot < 9 ? [now + 110, now + 110] : [undefined, undefined]);
      leased.push(...taken);
    }
    expect(new Set(leased).size).toBe(10);
  });

  it('lists a change that commits after a later one, from the cursor read before it committed', async () => {
    const url = await cluster().createDatabase();
    const writer = await open(url);
    const reader = await open(url);
    await ingestOne(writer, 'e1', [['d1', 'w1'], ['d2', 'w2']]);
    // Written in one transaction: one version.
    const start = (await reader.getDelivery('d1'))?.version as number;

    const slow = await rawClient(url);
    await slow.query('BEGIN');
    await slow.query(`UPDATE deliveries SET version = flowhook_version(), updated_at = $1, last_reason = 'slow' WHERE id = 'd1'`, [T0 + 1]);
    await claim(writer, 'w2', T0 + 2);
    const middle = await reader.listDeliveries({ changedAfter: start, limit: 10 });
    expect(middle.deliveries.map((d) => [d.id, d.status])).toEqual([['d2', 'in_flight']]);
    await slow.query('COMMIT');

    const next = await reader.listDeliveries({ changedAfter: middle.cursor, limit: 10 });
    const d1 = next.deliveries.find((delivery) => delivery.id === 'd1');
    expect(d1).toMatchObject({ lastReason: 'slow', updatedAt: T0 + 1 });
    // The change that committed last has the smaller version: a cursor at the greatest version seen would pass it by.
    const d2 = middle.deliveries[0];
    expect(d1?.version).toBeLessThan(d2?.version as number);
    expect((await reader.listDeliveries({ changedAfter: d2?.version as number, limit: 10 })).deliveries).toEqual([]);
  });

  it('ends a full page below a transaction still running, and extends it to the end of its last transaction', async () => {
    const url = await cluster().createDatabase();
    const writer = await open(url);
    await ingestOne(writer, 'e1', [['d1', 'w1']]);
    const start = (await writer.getDelivery('d1'))?.version as number;

    const slow = await rawClient(url);
    await slow.query('BEGIN');
    await slow.query(`UPDATE deliveries SET version = flowhook_version(), last_reason = 'slow' WHERE id = 'd1'`);
    await ingestOne(writer, 'e2', [['d2', 'w2'], ['d3', 'w2'], ['d4', 'w2']]);
    // Asked for one, given every change of the transaction that made it.
    const full = await writer.listDeliveries({ changedAfter: start, limit: 1 });
    expect(full.deliveries.map((d) => d.id)).toEqual(['d2', 'd3', 'd4']);
    await slow.query('COMMIT');

    const next = await writer.listDeliveries({ changedAfter: full.cursor, limit: 1 });
    expect(next.deliveries.map((d) => [d.id, d.lastReason])).toContainEqual(['d1', 'slow']);
  });

  it('opens a new database from several workers at once, each migration applied once', async () => {
    const url = await cluster().createDatabase();
    const workers = await Promise.all([open(url), open(url), open(url)]);
    const migrations = await (await rawClient(url)).query<{ version: number }>('SELECT version FROM flowhook_migrations ORDER BY version');
    expect(migrations.rows).toEqual([{ version: 1 }]);
    await workers[0]?.createWebhook(webhook('w1', 'Okta'));
    expect(await workers[2]?.getWebhook('w1')).toEqual(webhook('w1', 'Okta'));
  });

  it('opens with the key shared by every worker, as a value or in a file, and never makes one', async () => {
    const url = await cluster().createDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'flowhook-pg-key-'));
    try {
      const missingNoKey = await failure(openPostgresStore(url, {}));
      expect(missingNoKey.toJSON()).toEqual({
        code: 'FLOWHOOK_SECRET_KEY_INVALID',
        message: 'a PostgreSQL database needs the key that seals its secrets, shared by every worker',
        hint: 'Set FLOWHOOK_SECRET_KEY (32 random bytes in base64: openssl rand -base64 32) or pass --secret-key-file, the same for every worker.',
      });

      const missingFile = join(dir, 'missing.key');
      expect((await failure(openPostgresStore(url, { secretKeyFile: missingFile }))).toJSON()).toMatchObject({
        code: 'FLOWHOOK_SECRET_KEY_INVALID',
        message: `the key file "${missingFile}" does not exist`,
      });
      expect(existsSync(missingFile)).toBe(false);

      const both = await failure(openPostgresStore(url, { secretKey: SECRET_KEY, secretKeyFile: missingFile }));
      expect(both.code).toBe('FLOWHOOK_SECRET_KEY_INVALID');

      const keyFile = join(dir, 'flowhook.key');
      writeFileSync(keyFile, `${SECRET_KEY}\n`, { mode: 0o600 });
      const fromFile = await open(url, { secretKeyFile: keyFile });
      await fromFile.createWebhook(webhook('w1', 'Okta', { authentication_config: { bearer: { token: 's3cret' } } }));
      const fromValue = await open(url, { secretKey: SECRET_KEY });
      expect(await fromValue.getWebhook('w1')).toEqual(webhook('w1', 'Okta', { authentication_config: { bearer: { token: 's3cret' } } }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a key other than the one that sealed the webhooks, naming the keys by id only', async () => {
    const url = await cluster().createDatabase();
    const first = await open(url);
    await first.createWebhook(webhook('w1', 'Okta'));
    const error = await failure(openPostgresStore(url, { secretKey: OTHER_KEY }));
    expect(error.code).toBe('FLOWHOOK_DATABASE_UNUSABLE');
    const [, sealedWith, given] = /^the secrets in database "(?:[^"]+)" are sealed with key ([0-9a-f]{16}), but FLOWHOOK_SECRET_KEY holds key ([0-9a-f]{16})$/.exec(error.message) ?? [];
    expect(error.message).toContain(`database "${url}"`);
    expect([sealedWith, given]).toEqual([expect.any(String), expect.any(String)]);
    expect(sealedWith).not.toBe(given);
    expect(error.hint).toBe('Give every worker the key that sealed them (FLOWHOOK_SECRET_KEY or --secret-key-file).');
    expect(inspect(error, { depth: 10 })).not.toContain(OTHER_KEY);
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET_KEY);
  });

  it('never shows the password of the database URL in an error', async () => {
    const port = cluster().port;
    const noDatabase = await failure(openPostgresStore(`postgres://postgres:${PASSWORD}@127.0.0.1:${port}/no_such_db`, { secretKey: SECRET_KEY }));
    expect(noDatabase.toJSON()).toMatchObject({
      code: 'FLOWHOOK_DATABASE_UNUSABLE',
      message: `cannot open database "postgres://postgres@127.0.0.1:${port}/no_such_db": database "no_such_db" does not exist`,
    });

    const closed = await closedPort();
    const noServer = await failure(openPostgresStore(`postgres://postgres:${PASSWORD}@127.0.0.1:${closed}/flowhook`, { secretKey: SECRET_KEY }));
    expect(noServer.toJSON()).toMatchObject({
      code: 'FLOWHOOK_DATABASE_UNAVAILABLE',
      message: `database "postgres://postgres@127.0.0.1:${closed}/flowhook" failed: connect ECONNREFUSED 127.0.0.1:${closed} (ECONNREFUSED)`,
    });

    const noUser = await failure(openPostgresStore(`postgres://nobody:${PASSWORD}@127.0.0.1:${port}/postgres`, { secretKey: SECRET_KEY }));
    expect(noUser.message).toContain('role "nobody" does not exist');

    const unparsable = await failure(openPostgresStore(`postgres://postgres:${PASSWORD}@127.0.0.1:port/flowhook`, { secretKey: SECRET_KEY }));
    expect(unparsable.code).toBe('FLOWHOOK_DATABASE_UNUSABLE');

    for (const error of [noDatabase, noServer, noUser, unparsable]) {
      expect(JSON.stringify(error.toJSON())).not.toContain(PASSWORD);
      expect(inspect(error, { depth: 10 })).not.toContain(PASSWORD);
    }
  });

  it('stays unavailable while writes fail, however many reads succeed, until a write succeeds', async () => {
    const url = await cluster().createDatabase();
    const store = await open(url);
    // A disk that is full for writes, as the server reports it (53100), while reads go on.
    const admin = await rawClient(url);
    await admin.query(`CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$`);
    await admin.query('CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE ON events FOR EACH ROW EXECUTE FUNCTION disk_full()');
    await admin.query('CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE ON flowhook_migrations FOR EACH ROW EXECUTE FUNCTION disk_full()');

    await expect(ingestOne(store, 'e1', [['d1', 'w1']])).rejects.toMatchObject({ code: 'FLOWHOOK_DATABASE_UNAVAILABLE' });
    expect(await store.listWebhooks()).toEqual([]);
    expect(await store.queueDepth()).toEqual({ pending: 0, inFlight: 0 });
    expect(await store.health()).toMatchObject({ status: 'unavailable', databaseCode: '53100' });

    await admin.query('DROP TRIGGER disk_full ON flowhook_migrations');
    expect(await store.health()).toEqual({ status: 'ok' });
  });

  it('reports the database unavailable once its server is gone', async () => {
    const own = await startPostgresCluster();
    try {
      const store = await open(await own.createDatabase());
      await store.createWebhook(webhook('w1', 'Okta'));
      expect(await store.health()).toEqual({ status: 'ok' });
      await own.stop();

      const error = await failure(store.listWebhooks());
      expect(error.code).toBe('FLOWHOOK_DATABASE_UNAVAILABLE');
      const health = await store.health();
      expect(health).toMatchObject({ status: 'unavailable', message: expect.stringContaining(`127.0.0.1:${own.port}`) });
      await expect(store.ingest({ id: 'e1', eventType: 'RequestCreated', payloadJson: '{}', receivedAt: T0 }, [])).rejects.toMatchObject({
        code: 'FLOWHOOK_DATABASE_UNAVAILABLE',
      });
    } finally {
      await own.stop();
    }
  });
});
