import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../../mock-okta/index.js';
import { sampleEvent } from '../../../src/core/samples.js';
import type { DeliveryDetailJson, DeliveryListJson } from '../../../src/types.js';
import { startApi, type ApiHarness } from '../harness.js';
import { eventually } from '../../support/eventually.js';

describe('/api/deliveries', () => {
  let mock: RunningMockOkta;
  let api: ApiHarness;
  let webhookId: string;

  beforeAll(async () => {
    mock = await startMockOkta({ port: 0 });
  });

  afterAll(async () => {
    await mock.close();
  });

  beforeEach(async () => {
    await mock.reset();
    await mock.flow('flow', { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 503, headers: { 'retry-after': '0' } }, { status: 200, body: { ok: true } }] });
    api = await startApi();
    webhookId = (await request(api.app).post('/api/webhooks').send({ name: 'Flow', url: mock.invokeUrl('flow'), triggers: ['RequestCreated', 'RequestGranted'] })).body.id;
  });

  afterEach(async () => {
    await api.close();
  });

  async function detail(id: string): Promise<DeliveryDetailJson> {
    return (await request(api.app).get(`/api/deliveries/${id}`).expect(200)).body as DeliveryDetailJson;
  }

  it('shows a delivery with its event and every attempt with its invocation record', async () => {
    const ingested = await request(api.app).post('/api/events').send(sampleEvent('RequestCreated')).expect(202);
    const id = ingested.body.deliveries[0].id as string;
    const delivery = await eventually(() => detail(id), (d) => d.status === 'delivered');
    expect(delivery).toMatchObject({
      id,
      eventId: ingested.body.eventId,
      webhookId,
      webhook: 'Flow',
      trigger: 'RequestCreated',
      status: 'delivered',
      attemptCount: 2,
      lastReason: 'delivered',
      lastHttpStatus: 200,
      nextAttemptAt: null,
      event: sampleEvent('RequestCreated'),
    });
    expect(delivery.completedAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(delivery.attempts.map((a) => [a.number, a.outcome, a.httpStatus, a.reason])).toEqual([
      [1, 'retry', 503, 'HTTP 503; next attempt 2 of 2 in 10 ms'],
      [2, 'delivered', 200, 'delivered'],
    ]);
    expect(delivery.attempts[0]?.nextAttemptAt).toMatch(/Z$/);
    expect(delivery.attempts[1]?.record).toMatchObject({ deliveryId: id, verdict: 'successful', response: { status: 200, body: '{"ok":true}' } });
  });

  it('lists deliveries newest first, filtered by webhook, status and event, page by page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await request(api.app).post('/api/events').send(sampleEvent('RequestGranted'))).body.deliveries[0].id);
    await eventually(() => request(api.app).get('/api/deliveries?status=delivered'), (r) => r.body.deliveries.length === 3);

    const all = (await request(api.app).get(`/api/deliveries?webhook=${webhookId}&status=delivered`).expect(200)).body as DeliveryListJson;
    expect(all.deliveries.map((d) => d.id)).toEqual([...ids].reverse());
    const page = (await request(api.app).get(`/api/deliveries?limit=1&before=${ids[2]}`).expect(200)).body as DeliveryListJson;
    expect(page.deliveries.map((d) => d.id)).toEqual([ids[1]]);
    const event = all.deliveries[0]?.eventId ?? '';
    expect((await request(api.app).get(`/api/deliveries?event=${event}`).expect(200)).body.deliveries.map((d: { id: string }) => d.id)).toEqual([ids[2]]);
    expect((await request(api.app).get('/api/deliveries?status=failed').expect(200)).body.deliveries).toEqual([]);
  });

  it('lists only the deliveries of one trigger, newest first, also when following changes', async () => {
    const created = (await request(api.app).post('/api/events').send(sampleEvent('RequestCreated'))).body.deliveries[0].id as string;
    const granted = (await request(api.app).post('/api/events').send(sampleEvent('RequestGranted'))).body.deliveries[0].id as string;
    const list = async (query: string) => ((await request(api.app).get(`/api/deliveries?${query}`).expect(200)).body as DeliveryListJson).deliveries.map((d) => d.id);
    expect(await list('')).toEqual([granted, created]);
    expect(await list('trigger=RequestCreated')).toEqual([created]);
    expect(await list('trigger=RequestGranted')).toEqual([granted]);
    expect(await list('trigger=RequestExpired')).toEqual([]);
    expect(await list('trigger=RequestGranted&cursor=0')).toEqual([granted]);
    const unknown = await request(api.app).get('/api/deliveries?trigger=AccessRequestGranted').expect(400);
    expect(unknown.body.details).toEqual([
      { path: 'query.trigger', message: 'must be one of "RequestCreated", "RequestApproved", "RequestRejected", "RequestGranted", "RequestExpired", "RequestFailed"' },
    ]);
  });

  it('hands out a cursor that returns only what changed since', async () => {
    const first = (await request(api.app).get('/api/deliveries').expect(200)).body as DeliveryListJson;
    expect(first).toEqual({ deliveries: [], cursor: 0 });
    const id = (await request(api.app).post('/api/events').send(sampleEvent('RequestCreated'))).body.deliveries[0].id as string;
    await eventually(() => detail(id), (d) => d.status === 'delivered');

    const changes = (await request(api.app).get(`/api/deliveries?cursor=${first.cursor}`).expect(200)).body as DeliveryListJson;
    expect(changes.deliveries.map((d) => [d.id, d.status])).toEqual([[id, 'delivered']]);
    expect(changes.cursor).toBe(changes.deliveries[0]?.version);
    expect((await request(api.app).get(`/api/deliveries?cursor=${changes.cursor}`).expect(200)).body).toEqual({ deliveries: [], cursor: changes.cursor });
  });

  it('replays one delivery under the same id', async () => {
    const id = (await request(api.app).post('/api/events').send(sampleEvent('RequestCreated'))).body.deliveries[0].id as string;
    await eventually(() => detail(id), (d) => d.status === 'delivered');
    const replayed = await request(api.app).post(`/api/deliveries/${id}/replay`).expect(202);
    expect(replayed.body).toMatchObject({ id, status: 'pending', lastReason: 'replay requested', attemptCount: 2 });
    const delivery = await eventually(() => detail(id), (d) => d.status === 'delivered' && d.attemptCount === 3);
    expect(delivery.attempts.map((a) => a.record.deliveryId)).toEqual([id, id, id]);
    expect((await mock.executions({ alias: 'flow' })).map((e) => e.headers['webhook-id'])).toEqual([id, id, id]);
  });

  it('replays the failed deliveries of a webhook created since a time', async () => {
    await mock.flow('flow', { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 404 }] });
    const id = (await request(api.app).post('/api/events').send(sampleEvent('RequestCreated'))).body.deliveries[0].id as string;
    await eventually(() => detail(id), (d) => d.status === 'failed');
    await mock.flow('flow', { security: 'public', rateLimitPerSecond: 0 });

    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await request(api.app).post(`/api/webhooks/${webhookId}/replay?since=${future}`).expect(202)).body).toEqual({ replayed: 0 });
    expect((await request(api.app).post(`/api/webhooks/${webhookId}/replay?status=delivered&since=2020-01-01T00:00:00Z`).expect(202)).body).toEqual({ replayed: 0 });
    // "status" is "failed" unless given.
    expect((await request(api.app).post(`/api/webhooks/${webhookId}/replay?since=2020-01-01T00:00:00Z`).expect(202)).body).toEqual({ replayed: 1 });
    await eventually(() => detail(id), (d) => d.status === 'delivered');
  });

  it('answers 400 naming each query parameter it cannot take', async () => {
    const response = await request(api.app).get('/api/deliveries?limit=0&status=lost&colour=red').expect(400);
    expect(response.body).toEqual({
      code: 'FLOWHOOK_BAD_REQUEST',
      message:
        'query has 3 problems: query.colour is not a query parameter of this request; use "webhook", "status", "event", "trigger", "cursor", "before", "limit"; query.status must be one of "pending", "in_flight", "delivered", "failed"; query.limit must be >= 1',
      hint: 'Fix each field listed in details; openapi/flowhook.yaml describes every request.',
      details: [
        { path: 'query.colour', message: 'is not a query parameter of this request; use "webhook", "status", "event", "trigger", "cursor", "before", "limit"' },
        { path: 'query.status', message: 'must be one of "pending", "in_flight", "delivered", "failed"' },
        { path: 'query.limit', message: 'must be >= 1' },
      ],
    });
    const since = await request(api.app).post(`/api/webhooks/${webhookId}/replay?since=yesterday`).expect(400);
    expect(since.body.details).toEqual([{ path: 'query.since', message: 'must match format "date-time"' }]);
  });

  it('answers 404 for a delivery that does not exist', async () => {
    for (const call of [request(api.app).get('/api/deliveries/dlv_nope'), request(api.app).post('/api/deliveries/dlv_nope/replay')]) {
      expect((await call.expect(404)).body).toEqual({
        code: 'FLOWHOOK_NOT_FOUND',
        message: 'no delivery "dlv_nope"',
        hint: 'Check the id; GET /api/deliveries lists the deliveries.',
      });
    }
    const before = await request(api.app).get('/api/deliveries?before=dlv_nope').expect(404);
    expect(before.body.message).toBe('no delivery "dlv_nope" (given as "before")');
  });
});
