/**
 * Okta's rate limit kept across workers: three `flowhook serve` workers on one PostgreSQL database send
 * 100 deliveries to one flow that allows 10 invocations a second (the mock's default, as Okta's), and the
 * flow never answers 429. The flow's pace lives in the database, so the three together go no faster than
 * one worker alone would: a pace kept by each worker would let them send three times as fast.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import { sampleEvent } from '../../src/core/samples.js';
import type { DeliveryListJson, IngestResultJson, WebhookJson } from '../../src/types.js';
import { eventually } from '../support/eventually.js';
import { describePostgres } from '../support/postgres-cluster.js';
import { api, attemptsMade, startWorker, stopWorker, type Worker } from './postgres-workers.js';

const DELIVERIES = 100;
const RATE_PER_SEC = 10;

describePostgres('the pace of a flow shared by three flowhook serve workers', (cluster) => {
  let mock: RunningMockOkta;
  let workers: Worker[] = [];

  beforeEach(async () => {
    mock = await startMockOkta({ port: 0 });
  });

  afterEach(async () => {
    const exits = await Promise.all(workers.splice(0).map((worker) => stopWorker(worker)));
    await mock.close();
    expect(exits.filter((code) => code !== 0)).toEqual([]);
  });

  it('sends 100 deliveries from three workers to a flow limited to 10 a second without one 429', { timeout: 90_000 }, async () => {
    const databaseUrl = await cluster().createDatabase();
    const started = await Promise.allSettled([0, 1, 2].map(() => startWorker({ databaseUrl })));
    for (const result of started) if (result.status === 'fulfilled') workers.push(result.value);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    await mock.flow('paced', { security: 'public', rateLimitPerSecond: RATE_PER_SEC });
    // The engine paces Okta hosts at 10/s by itself; the mock listens on 127.0.0.1, so the webhook says so.
    const webhook = await api<WebhookJson>(workers[0] as Worker, 'POST', '/api/webhooks', {
      name: 'paced',
      url: mock.invokeUrl('paced'),
      triggers: ['RequestCreated'],
      rate_limit_per_sec: RATE_PER_SEC,
    });
    for (const worker of workers) {
      await eventually(() => api(worker, 'GET', `/api/webhooks/${webhook.id}`).then(() => true, () => false), (known) => known, 30_000);
    }

    // Round-robin over the workers, each taking its share one event after another.
    const accepted = (
      await Promise.all(
        workers.map(async (worker, index) => {
          const ids: string[] = [];
          for (let n = index; n < DELIVERIES; n += workers.length) {
            ids.push(...(await api<IngestResultJson>(worker, 'POST', '/api/events', sampleEvent('RequestCreated'))).deliveries.map((delivery) => delivery.id));
          }
          return ids;
        }),
      )
    ).flat();
    expect(accepted).toHaveLength(DELIVERIES);

    // At 10 a second the sends take about 11 s; the bound is a liveness limit. A 429 is seen as soon as all
    // have been sent once, rather than once its retry is due minutes later.
    const executions = await mock.waitFor({ alias: 'paced', count: DELIVERIES, timeoutMs: 60_000 });
    expect(executions.filter((execution) => execution.status !== 200).map((execution) => [execution.receivedAt, execution.status])).toEqual([]);
    expect(executions.map((execution) => String(execution.headers['webhook-id'])).sort()).toEqual([...accepted].sort());
    const deliveries = await eventually(
      async () => (await api<DeliveryListJson>(workers[1] as Worker, 'GET', '/api/deliveries?limit=1000')).deliveries,
      (list) => list.every((delivery) => delivery.status === 'delivered' || delivery.status === 'failed'),
      10_000,
    );
    expect(deliveries.map((delivery) => [delivery.id, delivery.status]).sort()).toEqual(accepted.map((id) => [id, 'delivered']).sort());
    // Every worker sent its part, so the pace held over all three, not within one.
    const sentBy = await eventually(
      () => Promise.all(workers.map((worker) => attemptsMade(worker))),
      (counts) => counts.reduce((sum, count) => sum + count, 0) === DELIVERIES,
      10_000,
    );
    expect(sentBy.filter((count) => count === 0), `attempts by worker: ${sentBy.join(', ')}`).toEqual([]);
    // 100 sends at most one per 100 ms (10 % more in fact) span 9.9 s at least; a pace per worker would take a third of that.
    const arrivals = executions.map((execution) => Date.parse(execution.receivedAt));
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeGreaterThanOrEqual((DELIVERIES - 1) * (1000 / RATE_PER_SEC));
  });
});
