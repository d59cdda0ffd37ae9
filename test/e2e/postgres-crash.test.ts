/**
 * Crash safety of several `flowhook serve` workers on one PostgreSQL database: while 3,000 events are
 * posted to three workers and their deliveries are in flight, one worker is killed with SIGKILL, a new
 * one starts on the database, and one is killed again. Every accepted event must reach the mock at
 * least once (by `webhook-id`), a duplicate only under the webhook-id its event was given, and nothing
 * may be left pending. The kills wait for events (sends arrived at the mock, leases held by the victim),
 * never for time; the short lease (`--lease-seconds`) lets the survivors take the dead workers' sends.
 */
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import type { Execution } from '../../mock-okta/types.js';
import { sampleEvent } from '../../src/core/samples.js';
import type { DeliveryListJson, IngestResultJson, WebhookJson } from '../../src/types.js';
import { eventually } from '../support/eventually.js';
import { describePostgres } from '../support/postgres-cluster.js';
import { api, ApiError, attemptsMade, isRunning, killWorker, metrics, startWorker, stopWorker, type Worker } from './postgres-workers.js';

const EVENTS = 3_000;
/** Events posted at once, spread over the live workers in turn. */
const POSTS_AT_ONCE = 30;
const LEASE_SECONDS = 3;
/** The sends that must have arrived at the mock before each kill. */
const FIRST_KILL_AFTER = EVENTS / 10;
const SECOND_KILL_AFTER = EVENTS / 2;
/** A liveness bound for the whole run, not a speed check: it normally takes a fraction of this. */
const RUN_MS = 120_000;
const ALIAS = 'crash';

/** What became of the posts: the delivery id each accepted event was given, by the `data.id` it was posted with. */
interface Posted {
  accepted: Map<string, string>;
  /** Answered outside 2xx (a worker stopping, say). */
  refused: number;
  /** No answer: the worker died with the request under way, or was gone. */
  dropped: number;
  /** Accepted events that were not given exactly one delivery: `data.id` and how many. */
  misfanned: Array<[string, number]>;
  /** When the last answer came (or the last request failed), by Date.now(). */
  finishedAt: number;
}

describePostgres('flowhook serve workers on one PostgreSQL database, killed with SIGKILL', (cluster) => {
  let mock: RunningMockOkta;
  let database: pg.Client | undefined;
  const workers: Worker[] = [];

  beforeEach(async () => {
    mock = await startMockOkta({ port: 0, journalLimit: 20_000 });
    // Slow enough that each worker has sends in flight at any moment.
    await mock.flow(ALIAS, { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 200, delayMs: 40 }] });
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => killWorker(worker)));
    await database?.end();
    database = undefined;
    await mock.close();
  });

  /**
   * The in-flight leases each worker process holds, by pid, read from the database (a lease's owner is
   * `host/pid/random`, for an operator to tell whose it is).
   */
  async function leasesByPid(): Promise<Map<number, number>> {
    const { rows } = await (database as pg.Client).query<{ pid: number; leases: number }>(
      `SELECT split_part(lease_owner, '/', 2)::int AS pid, count(*)::int AS leases
       FROM deliveries WHERE status = 'in_flight' GROUP BY 1`,
    );
    return new Map(rows.map((row) => [row.pid, row.leases]));
  }

  /** Resolves once the mock has recorded `count` sends; the wait is the mock's, answered as they arrive. */
  async function sendsArrived(count: number, deadline: number): Promise<void> {
    await mock.waitFor({ alias: ALIAS, count, timeoutMs: Math.max(1_000, Math.min(120_000, deadline - Date.now())) });
  }

  /**
   * Kills, with SIGKILL, the live worker holding the most sends in flight, while it holds some: it is
   * frozen (SIGSTOP) before its leases are counted, so that its sends cannot end between the count and
   * the kill. Returns it with the leases it held once dead; they stay in flight until they run out.
   */
  async function killBusiest(live: Worker[], deadline: number): Promise<{ victim: Worker; held: number }> {
    const busiest = async (): Promise<[Worker, number]> => {
      const leases = await leasesByPid();
      return live.map((worker): [Worker, number] => [worker, leases.get(worker.pid) ?? 0]).sort((a, b) => b[1] - a[1])[0] as [Worker, number];
    };
    for (;;) {
      const [victim] = await eventually(busiest, ([, leases]) => leases > 0, Math.max(0, deadline - Date.now()));
      victim.child.kill('SIGSTOP');
      if (((await leasesByPid()).get(victim.pid) ?? 0) > 0) {
        live.splice(live.indexOf(victim), 1);
        await killWorker(victim);
        return { victim, held: (await leasesByPid()).get(victim.pid) ?? 0 };
      }
      victim.child.kill('SIGCONT');
      if (Date.now() > deadline) throw new Error('no live worker held a lease long enough to be killed with it');
    }
  }

  /** Posts EVENTS events, each with its own `data.id`, POSTS_AT_ONCE at a time, to the live workers in turn. */
  async function postEvents(live: Worker[]): Promise<Posted> {
    const posted: Posted = { accepted: new Map(), refused: 0, dropped: 0, misfanned: [], finishedAt: 0 };
    let next = 0;
    const poster = async (): Promise<void> => {
      for (let index = next++; index < EVENTS; index = next++) {
        const worker = live[index % live.length] as Worker;
        const event = sampleEvent('RequestCreated');
        event.data.id = `crash-${index}`;
        try {
          const result = await api<IngestResultJson>(worker, 'POST', '/api/events', event);
          if (result.deliveries.length !== 1) posted.misfanned.push([event.data.id, result.deliveries.length]);
          posted.accepted.set(event.data.id, result.deliveries[0]?.id as string);
        } catch (err) {
          if (err instanceof ApiError) posted.refused += 1;
          // fetch fails with a TypeError when the connection is refused or cut.
          else if (err instanceof TypeError) posted.dropped += 1;
          else throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: POSTS_AT_ONCE }, poster));
    posted.finishedAt = Date.now();
    return posted;
  }

  /** Every delivery in the database, following `before` from page to page. */
  async function allDeliveries(worker: Worker): Promise<DeliveryListJson['deliveries']> {
    const deliveries: DeliveryListJson['deliveries'] = [];
    for (let before: string | undefined; ; ) {
      const page = await api<DeliveryListJson>(worker, 'GET', `/api/deliveries?limit=1000${before ? `&before=${before}` : ''}`);
      deliveries.push(...page.deliveries);
      if (page.deliveries.length < 1000) return deliveries;
      before = page.deliveries.at(-1)?.id;
    }
  }

  it('delivers every accepted event at least once under its webhook-id, and leaves nothing pending', { timeout: RUN_MS + 60_000 }, async () => {
    const startedAt = Date.now();
    const deadline = startedAt + RUN_MS;
    const databaseUrl = await cluster().createDatabase();
    const options = { databaseUrl, leaseSeconds: LEASE_SECONDS };
    const started = await Promise.allSettled([0, 1, 2].map(() => startWorker(options)));
    for (const result of started) if (result.status === 'fulfilled') workers.push(result.value);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    database = new pg.Client({ connectionString: databaseUrl });
    await database.connect();

    const [first] = workers as [Worker];
    const webhook = await api<WebhookJson>(first, 'POST', '/api/webhooks', {
      name: ALIAS,
      url: mock.invokeUrl(ALIAS),
      triggers: ['RequestCreated'],
      rate_limit_per_sec: 0,
    });
    // Another worker takes events for the webhook only once it has heard of it.
    for (const worker of workers) await eventually(() => api<WebhookJson>(worker, 'GET', `/api/webhooks/${webhook.id}`).catch(() => undefined), Boolean, 30_000);

    const live = [...workers];
    const posting = postEvents(live);
    // Awaited below, after the kills; this keeps a failure before then from counting as unhandled.
    posting.catch(() => undefined);

    await sendsArrived(FIRST_KILL_AFTER, deadline);
    const firstKill = await killBusiest(live, deadline);
    const firstKillAt = Date.now() - startedAt;
    const restarted = await startWorker(options);
    workers.push(restarted);
    live.push(restarted);

    await sendsArrived(SECOND_KILL_AFTER, deadline);
    const secondKill = await killBusiest(live, deadline);
    const secondKillAt = Date.now() - startedAt;
    // Both died with sends in flight, whose leases the survivors must wait out.
    expect([firstKill.held, secondKill.held].map((held) => held > 0)).toEqual([true, true]);

    const posted = await posting;
    expect(posted.misfanned).toEqual([]);
    const [survivor] = live as [Worker];
    await eventually(
      () => metrics(survivor),
      (values) => values.get('flowhook_queue_depth{status="pending"}') === 0 && values.get('flowhook_queue_depth{status="in_flight"}') === 0,
      Math.max(0, deadline - Date.now()),
    );
    const settledAt = Date.now() - startedAt;

    const deliveries = await allDeliveries(survivor);
    const executions = await mock.executions({ alias: ALIAS });
    expect(executions.length).toBeLessThan(20_000); // the journal dropped none
    const known = new Set(deliveries.map((delivery) => delivery.id));
    const accepted = [...posted.accepted.values()];

    // Every delivery ended delivered, the accepted ones among them; a request dropped by a kill may have
    // been stored all the same, and is then delivered without anyone having heard of it.
    expect(deliveries.filter((delivery) => delivery.status !== 'delivered').map((delivery) => [delivery.id, delivery.status])).toEqual([]);
    expect(accepted.filter((id) => !known.has(id))).toEqual([]);
    const unanswered = deliveries.length - accepted.length;
    expect(unanswered).toBeLessThanOrEqual(posted.refused + posted.dropped);
    expect(posted.accepted.size + posted.refused + posted.dropped).toBe(EVENTS);
    // Only a kill loses requests: those under way to the worker killed.
    expect(posted.refused + posted.dropped).toBeLessThanOrEqual(2 * POSTS_AT_ONCE);

    // Every send was of a delivery in the database; every delivery was sent; each event only ever under
    // the one webhook-id, the one its 202 answer gave when it had one.
    const webhookIdOf = (execution: Execution): string => String(execution.headers['webhook-id']);
    const eventOf = (execution: Execution): string => (execution.body as { data: { id: string } }).data.id;
    expect(executions.map(webhookIdOf).filter((id) => !known.has(id))).toEqual([]);
    const sends = new Map<string, number>();
    for (const execution of executions) sends.set(webhookIdOf(execution), (sends.get(webhookIdOf(execution)) ?? 0) + 1);
    expect(deliveries.filter((delivery) => !sends.has(delivery.id)).map((delivery) => delivery.id)).toEqual([]);
    const idsOfEvent = new Map<string, Set<string>>();
    for (const execution of executions) idsOfEvent.set(eventOf(execution), (idsOfEvent.get(eventOf(execution)) ?? new Set()).add(webhookIdOf(execution)));
    expect([...idsOfEvent].filter(([, ids]) => ids.size !== 1).map(([event, ids]) => [event, [...ids]])).toEqual([]);
    expect([...posted.accepted].filter(([event, id]) => !idsOfEvent.get(event)?.has(id))).toEqual([]);
    expect(idsOfEvent.size).toBe(deliveries.length);

    // Reported, not required: how many sends the kills repeated, and what the survivors saw of them.
    const duplicates = [...sends].filter(([, count]) => count > 1);
    const survivors = live.filter(isRunning);
    const attempts = await Promise.all(survivors.map((worker) => attemptsMade(worker)));
    const leasesLost = await Promise.all(survivors.map(async (worker) => (await metrics(worker)).get('flowhook_leases_lost_total') ?? 0));
    const errors = workers.flatMap((worker) => worker.log.filter((line) => Number(line.level) >= 50));
    const byWorker = survivors.map((worker, index) => `pid ${worker.pid}: ${attempts[index]}`).join(', ');
    const kill = ({ victim, held }: { victim: Worker; held: number }, at: number) =>
      `pid ${victim.pid}${victim === restarted ? ' (restarted)' : ''} at ${at} ms holding ${held} leases`;
    console.log(
      [
        `${EVENTS} events: ${posted.accepted.size} accepted, ${posted.refused} refused, ${posted.dropped} dropped, ${unanswered} stored unanswered`,
        `killed ${kill(firstKill, firstKillAt)}, then ${kill(secondKill, secondKillAt)}`,
        `posting done at ${posted.finishedAt - startedAt} ms, nothing pending or in flight at ${settledAt} ms`,
        `${executions.length} sends of ${deliveries.length} deliveries; ${duplicates.length} sent more than once: ${JSON.stringify(duplicates)}`,
        `attempts by survivor ${byWorker}; leases lost ${leasesLost.reduce((sum, lost) => sum + lost, 0)}; errors logged: ${JSON.stringify(errors.slice(0, 5))}`,
      ].join('\n'),
    );

    expect(await Promise.all(survivors.map((worker) => stopWorker(worker)))).toEqual(survivors.map(() => 0));
  });
});
