import { Ajv2020 } from 'ajv/dist/2020.js';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_EVENTS } from '../../../src/core/samples.js';
import { startApi, type ApiHarness } from '../harness.js';

describe('system routes', () => {
  let api: ApiHarness;

  beforeEach(async () => {
    api = await startApi({}, { started: false });
  });

  afterEach(async () => {
    await api.close();
  });

  it('GET /healthz says ok while the engine runs, and 503 once it stops', async () => {
    await api.engine.start();
    expect((await request(api.app).get('/healthz').expect(200)).body).toEqual({ status: 'ok', database: { status: 'ok' } });
    await api.engine.stop();
    expect((await request(api.app).get('/healthz').expect(503)).body).toEqual({ status: 'stopping' });
  });

  it('GET /metrics answers Prometheus text with the queue depth', async () => {
    await request(api.app).post('/api/webhooks').send({ name: 'A', url: 'https://acme.workflows.okta.com/api/flo/a/invoke', triggers: ['RequestCreated'] }).expect(201);
    await request(api.app).post('/api/events').send(SAMPLE_EVENTS.RequestCreated).expect(202);
    const response = await request(api.app).get('/metrics').expect(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const lines = response.text.split('\n');
    expect(lines).toContain('flowhook_events_ingested_total 1');
    expect(lines).toContain('flowhook_deliveries_created_total 1');
    expect(lines).toContain('flowhook_queue_depth{status="pending"} 1');
    expect(lines).toContain('flowhook_queue_depth{status="in_flight"} 0');
  });

  it('GET /api/schema/event answers one JSON Schema that accepts the sample events and rejects a broken one', async () => {
    const response = await request(api.app).get('/api/schema/event').expect(200);
    expect(response.headers['content-type']).toBe('application/schema+json; charset=utf-8');
    const schema = JSON.parse(response.text) as Record<string, unknown>;
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'AccessRequestEvent', required: ['event_type', 'event_time', 'data'] });
    expect(Object.keys(schema.$defs as object).sort()).toEqual([
      'AccessGroup',
      'AccessRequest',
      'AccessUnit',
      'Approval',
      'Grantee',
      'Integration',
      'NamedRef',
      'Requester',
      'Resource',
      'ResourceType',
    ]);
    expect(response.text).not.toContain('#/components/');
    const validate = new Ajv2020({ strict: false }).compile(schema);
    for (const event of Object.values(SAMPLE_EVENTS)) expect(validate(event)).toBe(true);
    expect(validate({ event_type: 'RequestCreated', event_time: 1, data: { id: 'x' } })).toBe(false);
  });

  it('answers 404 with the error body for a route that does not exist', async () => {
    expect((await request(api.app).get('/api/nothing').expect(404)).body).toEqual({
      code: 'FLOWHOOK_NOT_FOUND',
      message: 'no route GET /api/nothing',
      hint: 'openapi/flowhook.yaml lists the routes of the management API.',
    });
  });
});
