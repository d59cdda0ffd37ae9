import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleEvent } from '../../../src/core/samples.js';
import { startApi, type ApiHarness } from '../harness.js';

describe('POST /api/events', () => {
  let api: ApiHarness;
  let createdId: string;
  let approvedId: string;

  beforeEach(async () => {
    api = await startApi({}, { started: false });
    const url = 'https://acme.workflows.okta.com/api/flo/abc/invoke';
    createdId = (await request(api.app).post('/api/webhooks').send({ name: 'Created', url, triggers: ['RequestCreated'] })).body.id;
    approvedId = (await request(api.app).post('/api/webhooks').send({ name: 'Approved', url, triggers: ['RequestApproved'] })).body.id;
  });

  afterEach(async () => {
    await api.close();
  });

  it('answers 202 with the deliveries it wrote and why each other webhook skipped the event', async () => {
    const response = await request(api.app).post('/api/events').send(sampleEvent('RequestCreated')).expect(202);
    expect(response.body).toEqual({
      eventId: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
      eventType: 'RequestCreated',
      deliveries: [{ id: expect.stringMatching(/^dlv_[0-9a-f]{32}$/), webhookId: createdId, webhook: 'Created' }],
      skipped: [{ webhookId: approvedId, webhook: 'Approved', reason: 'trigger "RequestCreated" is not among the webhook\'s triggers: [RequestApproved]' }],
    });
    const stored = await request(api.app).get(`/api/deliveries/${response.body.deliveries[0].id}`).expect(200);
    expect(stored.body).toMatchObject({ status: 'pending', eventId: response.body.eventId, trigger: 'RequestCreated', attemptCount: 0 });
  });

  it('normalises an AccessRequest… event type to its trigger', async () => {
    const response = await request(api.app)
      .post('/api/events')
      .send({ ...sampleEvent('RequestApproved'), event_type: 'AccessRequestApproved' })
      .expect(202);
    expect(response.body).toMatchObject({ eventType: 'RequestApproved', deliveries: [{ webhook: 'Approved' }] });
    const stored = await request(api.app).get(`/api/deliveries/${response.body.deliveries[0].id}`).expect(200);
    expect(stored.body.event.event_type).toBe('RequestApproved');
  });

  it('answers 422 listing each problem of an invalid event, and writes nothing', async () => {
    const { data: _data, ...noData } = sampleEvent('RequestCreated');
    const response = await request(api.app).post('/api/events').send({ ...noData, event_type: 'RequestOpened' }).expect(422);
    expect(response.body).toEqual({
      code: 'FLOWHOOK_EVENT_INVALID',
      message:
        'access-request event has 2 problems: $.data is required; $.event_type must be one of "RequestCreated", "RequestApproved", "RequestRejected", "RequestGranted", "RequestExpired", "RequestFailed", not "RequestOpened"',
      hint: 'Fix the field at each JSON path listed in details; the payload schema is AccessRequestEvent in openapi/flowhook.yaml.',
      details: [
        { path: '$.data', message: 'is required' },
        {
          path: '$.event_type',
          message: 'must be one of "RequestCreated", "RequestApproved", "RequestRejected", "RequestGranted", "RequestExpired", "RequestFailed", not "RequestOpened"',
        },
      ],
    });
    expect((await request(api.app).get('/api/deliveries').expect(200)).body.deliveries).toEqual([]);
  });

  it('answers 422 naming where an event nests deeper than 64 levels, before the schema walks it, and writes nothing', async () => {
    const depth = 20_000;
    const text = JSON.stringify(sampleEvent('RequestCreated')).replace(/}$/, `,"extra":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);
    const response = await request(api.app).post('/api/events').set('content-type', 'application/json').send(text).expect(422);
    const path = `$.extra${'.a'.repeat(63)}`;
    expect(response.body).toEqual({
      code: 'FLOWHOOK_EVENT_INVALID',
      message: `access-request event has 1 problem: ${path} is nested more than 64 levels deep`,
      hint: 'Fix the field at each JSON path listed in details; the payload schema is AccessRequestEvent in openapi/flowhook.yaml.',
      details: [{ path, message: 'is nested more than 64 levels deep' }],
    });
    expect((await request(api.app).get('/api/deliveries').expect(200)).body.deliveries).toEqual([]);
  });

  it('takes an event with extra fields nested within the limit', async () => {
    const extra = JSON.parse(`${'['.repeat(60)}${']'.repeat(60)}`) as unknown;
    await request(api.app).post('/api/events').send({ ...sampleEvent('RequestCreated'), extra }).expect(202);
  });

  it('answers 400 when there is no JSON body', async () => {
    const response = await request(api.app).post('/api/events').expect(400);
    expect(response.body).toMatchObject({ code: 'FLOWHOOK_BAD_REQUEST', message: 'the request has no JSON body' });
  });

  it('answers 503 once the engine is stopping', async () => {
    await api.engine.stop();
    const response = await request(api.app).post('/api/events').send(sampleEvent('RequestCreated')).expect(503);
    expect(response.body).toEqual({
      code: 'FLOWHOOK_SHUTTING_DOWN',
      message: 'flowhook is shutting down and takes no more work',
      hint: 'Send the request again once flowhook has restarted.',
    });
  });
});
