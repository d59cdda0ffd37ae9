/**
 * Three `flowhook serve` workers on one PostgreSQL database, against the mock over real sockets: events
 * posted to any worker fan out to the matching webhooks only, retries and Okta's 429 reset hold whichever
 * worker sends the next attempt, and a webhook changed through one worker is used by the others within
 * a second (NOTIFY).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import type { Execution } from '../../mock-okta/types.js';
import { sampleEvent } from '../../src/core/samples.js';
import { TRIGGERS } from '../../src/core/triggers.js';
import type { DeliveryDetailJson, DeliveryListJson, IngestResultJson, Trigger, WebhookJson } from '../../src/types.js';
import { eventually } from '../support/eventually.js';
import { describePostgres } from '../support/postgres-cluster.js';
import { api, attemptsMade, startWorker, stopWorker, type Worker } from './postgres-workers.js';

/** A liveness bound for waits on deliveries, not a speed check. */
const SETTLE_MS = 30_000;

/** The trigger of the event each execution carried, from the body every webhook here renders. */
const TRIGGER_BODY = '{"trigger": "{{event_type}}"}';

describePostgres('three flowhook serve workers on one PostgreSQL database', (cluster) => {
  let mock: RunningMockOkta;
  let workers: Worker[] = [];

  /** Three workers on a fresh database; each one started is stopped after the test, even if another failed to start. */
  async function startThree(): Promise<[Worker, Worker, Worker]> {
    const databaseUrl = await cluster().createDatabase();
    const started = await Promise.allSettled([0, 1, 2].map(() => startWorker({ databaseUrl })));
    for (const result of started) if (result.status === 'fulfilled') workers.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return workers as [Worker, Worker, Worker];
  }

  /**
   * Creates a webhook through `worker` and resolves once every worker serves it: the others learn of it by
   * NOTIFY, and an event a worker takes is matched against the webhooks it knows.
   */
  async function createWebhook(worker: Worker, config: Record<string, unknown>): Promise<WebhookJson> {
    const webhook = await api<WebhookJson>(worker, 'POST', '/api/webhooks', { body_template: TRIGGER_BODY, ...config });
    for (const other of workers) {
      await eventually(() => api(other, 'GET', `/api/webhooks/${webhook.id}`).then(() => true, () => false), (known) => known, SETTLE_MS);
    }
    return webhook;
  }

  function postEvent(worker: Worker, trigger: Trigger): Promise<IngestResultJson> {
    return api<IngestResultJson>(worker, 'POST', '/api/events', sampleEvent(trigger));
  }

  /** Every delivery (at most 1,000), once none is pending or in flight. */
  function settledDeliveries(worker: Worker): Promise<DeliveryListJson['deliveries']> {
    return eventually(
      async () => (await api<DeliveryListJson>(worker, 'GET', '/api/deliveries?limit=1000')).deliveries,
      (deliveries) => deliveries.every((delivery) => delivery.status === 'delivered' || delivery.status === 'failed'),
      SETTLE_MS,
    );
  }

  /** The delivery once it is delivered or failed. */
  function settled(worker: Worker, id: string): Promise<DeliveryDetailJson> {
    return eventually(
      () => api<DeliveryDetailJson>(worker, 'GET', `/api/deliveries/${id}`),
      (delivery) => delivery.status === 'delivered' || delivery.status === 'failed',
      SETTLE_MS,
    );
  }

  function webhookIdOf(execution: Execution): string {
    return String(execution.headers['webhook-id']);
  }

  beforeEach(async () => {
    mock = await startMockOkta({ port: 0 });
  });

  afterEach(async () => {
    const exits = await Promise.all(workers.splice(0).map((worker) => stopWorker(worker)));
    await mock.close();
    expect(exits.filter((code) => code !== 0)).toEqual([]);
  });

  it('fans events of all six triggers, posted to different workers, out to the matching webhooks only', { timeout: 60_000 }, async () => {
    const [first, second, third] = await startThree();
    for (const alias of ['created', 'lifecycle', 'everything', 'elsewhere', 'off']) await mock.flow(alias, { security: 'public', rateLimitPerSecond: 0 });
    const configs = [
      { name: 'created', triggers: ['RequestCreated'] },
      { name: 'lifecycle', triggers: ['RequestGranted', 'RequestExpired', 'RequestFailed', 'RequestRejected'] },
      { name: 'everything', triggers: [...TRIGGERS], filters: { integrations: ['prod db'] } },
      { name: 'elsewhere', triggers: [...TRIGGERS], filters: { integrations: ['some other integration'] } },
      { name: 'off', active: false, triggers: [...TRIGGERS] },
    ];
    for (const config of configs) await createWebhook(first, { ...config, url: mock.invokeUrl(config.name) });
    const expected: Record<string, Trigger[]> = {
      created: ['RequestCreated'],
      lifecycle: ['RequestRejected', 'RequestGranted', 'RequestExpired', 'RequestFailed'],
      everything: [...TRIGGERS],
      elsewhere: [],
      off: [],
    };

    const results = await Promise.all(TRIGGERS.map((trigger, index) => postEvent([first, second, third][index % 3] as Worker, trigger)));

    // Which webhook each delivery is for, and the trigger of its event, as the workers that took the events said.
    const sent = new Map<string, { webhook: string; trigger: Trigger }>();
    for (const result of results) for (const delivery of result.deliveries) sent.set(delivery.id, { webhook: delivery.webhook, trigger: result.eventType });
    const byWebhook = (name: string) => [...sent.values()].filter((delivery) => delivery.webhook === name).map((delivery) => delivery.trigger).sort();
    for (const [name, triggers] of Object.entries(expected)) expect(byWebhook(name), name).toEqual([...triggers].sort());

    const deliveries = await settledDeliveries(third);
    expect(deliveries.map((delivery) => [delivery.id, delivery.status]).sort()).toEqual([...sent.keys()].map((id) => [id, 'delivered']).sort());
    // Each expected (webhook, event) pair arrived at its flow under its webhook-id, at least once; nothing else arrived.
    for (const [alias, triggers] of Object.entries(expected)) {
      const executions = await mock.executions({ alias });
      const arrived = executions.map((execution) => [webhookIdOf(execution), (execution.body as { trigger?: string }).trigger, execution.status]);
      const expectedPairs = [...sent].filter(([, delivery]) => delivery.webhook === alias).map(([id, delivery]) => [id, delivery.trigger, 200]);
      expect(new Set(arrived.map((pair) => JSON.stringify(pair))), alias).toEqual(new Set(expectedPairs.map((pair) => JSON.stringify(pair))));
      expect(expectedPairs, alias).toHaveLength(triggers.length);
    }
  });

  it('delivers on the third attempt a flow that fails twice, under one webhook-id', { timeout: 60_000 }, async () => {
    const [first, second, third] = await startThree();
    await mock.flow('flaky', { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 500 }, { status: 500 }, { status: 200, body: { ok: true } }] });
    await createWebhook(first, { name: 'flaky', url: mock.invokeUrl('flaky'), triggers: ['RequestCreated'], retry_schedule_sec: [0.2, 0.2] });

    const id = (await postEvent(second, 'RequestCreated')).deliveries[0]?.id ?? '';
    const delivery = await settled(third, id);

    expect(delivery).toMatchObject({ status: 'delivered', attemptCount: 3 });
    expect(delivery.attempts.map((attempt) => [attempt.number, attempt.httpStatus, attempt.outcome])).toEqual([
      [1, 500, 'retry'],
      [2, 500, 'retry'],
      [3, 200, 'delivered'],
    ]);
    expect(delivery.attempts.map((attempt) => attempt.record.deliveryId)).toEqual([id, id, id]);
    expect((await mock.executions({ alias: 'flaky' })).map((execution) => [webhookIdOf(execution), execution.status])).toEqual([
      [id, 500],
      [id, 500],
      [id, 200],
    ]);
  });

  it("waits for a 429's X-Rate-Limit-Reset before any worker tries again", { timeout: 60_000 }, async () => {
    const [first, second, third] = await startThree();
    await mock.flow('limited', { security: 'public', rateLimitPerSecond: 0 });
    await createWebhook(first, { name: 'limited', url: mock.invokeUrl('limited'), triggers: ['RequestCreated'], retry_schedule_sec: [0.2, 0.2], rate_limit_per_sec: 0 });
    // A reset at least a second ahead whatever the machine's speed, well after the 0.2 s the schedule asks.
    const resetSec = Math.ceil(Date.now() / 1000) + 1;
    await mock.flow('limited', {
      security: 'public',
      rateLimitPerSecond: 0,
      responses: [
        { status: 429, headers: { 'X-Rate-Limit-Limit': '10', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': String(resetSec) } },
        { status: 200, body: { ok: true } },
      ],
    });

    const id = (await postEvent(second, 'RequestCreated')).deliveries[0]?.id ?? '';
    const delivery = await settled(third, id);

    expect(delivery.attempts.map((attempt) => [attempt.httpStatus, attempt.outcome])).toEqual([
      [429, 'retry'],
      [200, 'delivered'],
    ]);
    const executions = await mock.executions({ alias: 'limited' });
    expect(executions.map((execution) => [webhookIdOf(execution), execution.status])).toEqual([
      [id, 429],
      [id, 200],
    ]);
    expect(Date.parse(executions[1]?.receivedAt ?? '')).toBeGreaterThanOrEqual(resetSec * 1000);
    expect(delivery.attempts[0]?.reason).toMatch(/^HTTP 429; next attempt 2 of 3 in .+, as X-Rate-Limit-Reset asks$/);
  });

  it('uses a webhook changed through one worker on the other workers within a second', { timeout: 60_000 }, async () => {
    const [first, second, third] = await startThree();
    for (const alias of ['before', 'after']) await mock.flow(alias, { security: 'public', rateLimitPerSecond: 0 });
    const config = { name: 'moving', url: mock.invokeUrl('before'), triggers: ['RequestCreated'], headers: { 'x-config': 'v1' } };
    const webhook = await createWebhook(first, config);

    const changed = await api<WebhookJson>(first, 'PUT', `/api/webhooks/${webhook.id}`, { ...config, url: mock.invokeUrl('after'), headers: { 'x-config': 'v2' } });
    const changedAt = Date.now();
    expect(changed).toMatchObject({ url: mock.invokeUrl('after'), headers: { 'x-config': 'v2' } });
    // Events posted to the other workers at once: each goes out with the old config or the new one, whole.
    const early = await Promise.all([second, third, second, third].map((worker) => postEvent(worker, 'RequestCreated')));

    // A second after the change, every worker has it (the claim under test), whatever it was doing.
    await new Promise((resolve) => setTimeout(resolve, changedAt + 1_000 - Date.now()));
    for (const worker of [first, second, third]) {
      expect(await api<WebhookJson>(worker, 'GET', `/api/webhooks/${webhook.id}`), worker.url).toMatchObject({ url: mock.invokeUrl('after'), headers: { 'x-config': 'v2' } });
    }
    // Wait until every attempt so far is counted by the worker that made it, so that the counts taken next
    // cover only the sends that start after them.
    const executionsSoFar = async () => (await mock.executions({ alias: 'before' })).length + (await mock.executions({ alias: 'after' })).length;
    const attemptsBy = () => Promise.all([second, third].map((worker) => attemptsMade(worker)));
    const attemptsOfAll = async () => (await attemptsBy()).reduce((sum, count) => sum + count, 0) + (await attemptsMade(first));
    await Promise.all(early.map((result) => settled(first, result.deliveries[0]?.id ?? '')));
    await eventually(async () => [await attemptsOfAll(), await executionsSoFar()], ([attempts, executions]) => attempts === executions, SETTLE_MS);
    const sentBefore = await attemptsBy();

    const late = await Promise.all([second, third, second, third, second, third].map((worker) => postEvent(worker, 'RequestCreated')));
    await Promise.all(late.map((result) => settled(first, result.deliveries[0]?.id ?? '')));
    await eventually(async () => [await attemptsOfAll(), await executionsSoFar()], ([attempts, executions]) => attempts === executions, SETTLE_MS);
    const sentAfter = await attemptsBy();

    // Both other workers sent some of the late deliveries themselves, so what the mock saw of them is theirs too.
    expect(sentAfter[0], 'attempts of the second worker after the change was a second old').toBeGreaterThan(sentBefore[0] ?? 0);
    expect(sentAfter[1], 'attempts of the third worker after the change was a second old').toBeGreaterThan(sentBefore[1] ?? 0);
    const old = await mock.executions({ alias: 'before' });
    const current = await mock.executions({ alias: 'after' });
    expect(old.map((execution) => execution.headers['x-config'])).toEqual(old.map(() => 'v1'));
    expect(current.map((execution) => execution.headers['x-config'])).toEqual(current.map(() => 'v2'));
    expect(new Set([...old, ...current].map(webhookIdOf))).toEqual(new Set([...early, ...late].map((result) => result.deliveries[0]?.id)));
    // Every late delivery went to the new flow; an early one sent with the old config started its attempt
    // (when the sender read the config) within the second, however long it then took to arrive.
    const lateIds = late.map((result) => result.deliveries[0]?.id ?? '');
    expect(current.map(webhookIdOf)).toEqual(expect.arrayContaining(lateIds));
    const oldIds = [...new Set(old.map(webhookIdOf))];
    const oldStarts = await Promise.all(oldIds.map(async (id) => (await api<DeliveryDetailJson>(first, 'GET', `/api/deliveries/${id}`)).attempts.map((attempt) => Date.parse(attempt.startedAt))));
    expect(oldStarts.flat().filter((startedAt) => startedAt >= changedAt + 1_000)).toEqual([]);
  });
});
