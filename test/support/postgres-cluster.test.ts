import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { describePostgres, startPostgresCluster } from './postgres-cluster.js';

/** The real user id a process runs as, from /proc. */
function uidOf(pid: number): number {
  return Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

describePostgres('startPostgresCluster', (cluster) => {
  const clients: pg.Client[] = [];
  async function client(url: string): Promise<pg.Client> {
    const opened = new pg.Client({ connectionString: url });
    clients.push(opened);
    await opened.connect();
    return opened;
  }
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((opened) => opened.end()));
  });

  it('creates databases that are separate from each other', async () => {
    const first = await client(await cluster().createDatabase());
    const second = await client(await cluster().createDatabase());
    await first.query('CREATE TABLE only_here (id int)');
    const seen = async (db: pg.Client) => (await db.query<{ table: string | null }>("SELECT to_regclass('only_here')::text AS table")).rows[0]?.table;
    expect(await seen(first)).toBe('only_here');
    expect(await seen(second)).toBeNull();
  });

  it('creates a database under a given name', async () => {
    const url = await cluster().createDatabase('named_here');
    expect(url).toBe(`postgres://postgres@127.0.0.1:${cluster().port}/named_here`);
    const db = await client(url);
    expect((await db.query('SELECT current_database() AS name')).rows).toEqual([{ name: 'named_here' }]);
    await expect(cluster().createDatabase('Robert"; DROP')).rejects.toThrow('"name" must be a lowercase SQL identifier');
  });

  it('runs the server as a user other than root, with durability off for tests', async () => {
    const db = await client(cluster().url);
    const { rows } = await db.query<{ pid: number; fsync: string; synchronous_commit: string }>(
      "SELECT pg_backend_pid() AS pid, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit",
    );
    expect(uidOf(cluster().pid)).not.toBe(0);
    expect(uidOf(rows[0]!.pid)).not.toBe(0);
    expect(rows[0]).toMatchObject({ fsync: 'off', synchronous_commit: 'off' });
  });

  it('stops a durable cluster: its folder is removed, its port refuses connections, and stopping again is harmless', async () => {
    const durable = await startPostgresCluster({ durable: true });
    try {
      const db = await client(durable.url);
      expect((await db.query("SELECT current_setting('fsync') AS fsync")).rows).toEqual([{ fsync: 'on' }]);
      await db.end();
      clients.splice(clients.indexOf(db), 1);
      expect(existsSync(durable.dir)).toBe(true);
    } finally {
      await Promise.all([durable.stop(), durable.stop()]);
    }
    await durable.stop();
    expect(existsSync(durable.dir)).toBe(false);
    const answer = await new Promise<string | undefined>((resolve) => {
      const socket = connect(durable.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
    });
    expect(answer).toBe('ECONNREFUSED');
  }, 60_000);
});
