/**
 * Engines on a shared PostgreSQL database, in this process, against the real mock over sockets: an event is
 * sent as soon as it is written, not at the next poll; and a worker that stops gracefully hands its
 * unfinished leases back at once, so another worker sends those deliveries at its next poll, under the
 * same `webhook-id`, rather than when the lease would have run out (five minutes here).
 */
import { afterEach, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import { sampleEvent } from '../../src/core/samples.js';
import { DeliveryEngine, type EngineOptions } from '../../src/engine/engine.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { eventually } from '../support/eventually.js';
import { describePostgres } from '../support/postgres-cluster.js';

const SECRET_KEY = Buffer.alloc(32, 9).toString('base64');

describePostgres('engines on a shared PostgreSQL database', (cluster) => {
  let mock: RunningMockOkta | undefined;
  const engines: DeliveryEngine[] = [];

  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop();
    await mock?.close();
  });

  async function startEngine(url: string, options: Partial<EngineOptions> = {}): Promise<DeliveryEngine> {
    const store = await openPostgresStore(url, { secretKey: SECRET_KEY });
    const engine = new DeliveryEngine({ store, allowLocal: true, shutdownGraceMs: 0, leaseMs: 300_000, ...options });
    engines.push(engine);
    await engine.start();
    return engine;
  }

  it('sends an event as soon as it is written, without waiting for the poll', { timeout: 60_000 }, async () => {
    mock = await startMockOkta();
    await mock.flow('lone', { security: 'public', rateLimitPerSecond: 0 });
    const engine = await startEngine(await cluster().createDatabase(), { pollIntervalMs: 600_000 });
    await engine.webhooks.create({ name: 'lone', url: mock.invokeUrl('lone'), triggers: ['RequestCreated'] });
    const id = (await engine.ingest(sampleEvent('RequestCreated'))).deliveries[0]?.id ?? '';
    const delivered = await eventually(
      () => engine.getDelivery(id),
      (delivery) => delivery.status === 'delivered',
      30_000,
    );
    expect(delivered.attempts).toHaveLength(1);
  });

  it('hands its leases back, and another worker sends them at once under the same webhook-id', { timeout: 60_000 }, async () => {
    mock = await startMockOkta();
    await mock.flow('hang', { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 200, delayMs: 600_000 }, { status: 200 }] });
    const url = await cluster().createDatabase();
    const first = await startEngine(url);
    await first.webhooks.create({ name: 'hang', url: mock.invokeUrl('hang'), triggers: ['RequestCreated'] });
    const id = (await first.ingest(sampleEvent('RequestCreated'))).deliveries[0]?.id ?? '';
    await mock.waitFor({ alias: 'hang', count: 1 });
    expect((await first.getDelivery(id)).status).toBe('in_flight');

    // The second worker starts while the first holds the lease: it takes back only leases that ran out.
    const second = await startEngine(url);
    expect((await second.getDelivery(id)).status).toBe('in_flight');
    await first.stop();
    engines.splice(engines.indexOf(first), 1);

    const delivered = await eventually(
      () => second.getDelivery(id),
      (delivery) => delivery.status === 'delivered',
      30_000,
    );
    // The stopped worker's attempt never ended, so only the second worker's is kept.
    expect(delivered.attempts.map((attempt) => attempt.httpStatus)).toEqual([200]);
    expect((await mock.executions({ alias: 'hang' })).map((execution) => execution.headers['webhook-id'])).toEqual([id, id]);
  });
});
