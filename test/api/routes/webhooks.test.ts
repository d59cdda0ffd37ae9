import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../../mock-okta/index.js';
import { sampleEvent } from '../../../src/core/samples.js';
import { startApi, type ApiHarness } from '../harness.js';

const OKTA_URL = 'https://acme.workflows.okta.com/api/flo/abc/invoke?clientToken=tok-123';

describe('/api/webhooks', () => {
  let api: ApiHarness;

  beforeEach(async () => {
    api = await startApi();
  });

  afterEach(async () => {
    await api.close();
  });

  describe('POST', () => {
    it('stores a config and answers 201 with its id, defaults applied and secrets redacted', async () => {
      const response = await request(api.app)
        .post('/api/webhooks')
        .send({ name: 'Okta', url: OKTA_URL, triggers: ['RequestCreated'], authentication_config: { bearer: { token: 'bear-789' } } })
        .expect(201);
      const id = response.body.id as string;
      expect(id).toMatch(/^wh_[0-9a-f]{32}$/);
      expect(response.headers.location).toBe(`/api/webhooks/${id}`);
      expect(response.body).toEqual({
        id,
        name: 'Okta',
        active: true,
        method: 'POST',
        url: 'https://acme.workflows.okta.com/api/flo/abc/invoke?clientToken=[REDACTED]',
        headers: {},
        triggers: ['RequestCreated'],
        filters: {},
        timeout_in_sec: 30,
        response_validators: [],
        retry_on_validator_failure: false,
        authentication_config: { bearer: { token: '[REDACTED]' } },
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updated_at: response.body.created_at,
      });
      expect(JSON.stringify(response.body)).not.toMatch(/tok-123|bear-789/);
      expect(api.engine.webhooks.require(id).stored.config).toMatchObject({ url: OKTA_URL, authentication_config: { bearer: { token: 'bear-789' } } });
    });

    it('answers 422 with every problem of an invalid config, and stores nothing', async () => {
      const response = await request(api.app).post('/api/webhooks').send({ name: 'Bad', url: 'example.com/x', triggers: [], timeout_in_sec: 90 }).expect(422);
      expect(response.body.code).toBe('FLOWHOOK_CONFIG_INVALID');
      expect(response.body.message).toMatch(/^webhook config "Bad" has 3 problems: /);
      expect(response.body.details.map((problem: { path: string }) => problem.path)).toEqual(['$.url', '$.triggers', '$.timeout_in_sec']);
      expect(response.body.hint).toBe('Fix the field at each JSON path listed in details, then load the config again.');
      expect((await request(api.app).get('/api/webhooks').expect(200)).body).toEqual({ webhooks: [] });
    });

    it('refuses a second webhook of the same name', async () => {
      await request(api.app).post('/api/webhooks').send({ name: 'Okta', url: OKTA_URL, triggers: ['RequestCreated'] }).expect(201);
      const response = await request(api.app).post('/api/webhooks').send({ name: 'okta', url: OKTA_URL, triggers: ['RequestCreated'] }).expect(422);
      expect(response.body.details).toEqual([
        { path: '$.name', message: 'is already the name of another webhook (names are compared ignoring case); choose another' },
      ]);
    });

    it('refuses a secret sent as [REDACTED] when there is none to keep', async () => {
      const response = await request(api.app)
        .post('/api/webhooks')
        .send({ name: 'Okta', url: OKTA_URL, triggers: ['RequestCreated'], authentication_config: { bearer: { token: '[REDACTED]' } } })
        .expect(422);
      expect(response.body.details).toEqual([
        { path: '$.authentication_config.bearer.token', message: 'is [REDACTED], and there is no stored secret to keep; send the secret itself' },
      ]);
    });

    it('refuses a 900 KB name, a 500 KB URL and 20,000 headers with 422, in short messages, and stores nothing', async () => {
      const longName = await request(api.app).post('/api/webhooks').send({ name: 'N'.repeat(900_000), url: OKTA_URL, triggers: ['RequestCreated'] }).expect(422);
      expect(longName.body).toEqual({
        code: 'FLOWHOOK_CONFIG_INVALID',
        message: 'webhook config has 1 problem: $.name must be at most 200 characters long, not 900,000',
        hint: 'Fix the field at each JSON path listed in details, then load the config again.',
        details: [{ path: '$.name', message: 'must be at most 200 characters long, not 900,000' }],
      });
      const response = await request(api.app)
        .post('/api/webhooks')
        .send({
          name: 'Big',
          url: `https://acme.workflows.okta.com/api/flo/abc/invoke?x=${'u'.repeat(500_000)}`,
          headers: Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`x-h${index}`, 'v'])),
          triggers: ['RequestCreated'],
        })
        .expect(422);
      expect(response.body.details).toEqual([
        { path: '$.url', message: 'must be at most 2,048 characters long, not 500,053' },
        { path: '$.headers', message: 'holds 20,000 headers; a webhook may send at most 50' },
      ]);
      expect((await request(api.app).get('/api/webhooks').expect(200)).body).toEqual({ webhooks: [] });
    });

    it('answers 422 within the config when a config to test nests too deeply', async () => {
      const deep = JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`) as unknown;
      const response = await request(api.app).post('/api/webhooks/test').send({ config: { name: 'Deep', url: OKTA_URL, triggers: ['RequestCreated'], filters: deep } }).expect(422);
      expect(response.body).toMatchObject({ code: 'FLOWHOOK_CONFIG_INVALID', details: [{ path: `$.filters${'.a'.repeat(62)}`, message: 'is nested more than 64 levels deep' }] });
      const outside = await request(api.app).post('/api/webhooks/test').send({ config: { name: 'Deep', url: OKTA_URL, triggers: ['RequestCreated'] }, trigger: deep }).expect(400);
      expect(outside.body).toMatchObject({ code: 'FLOWHOOK_BAD_REQUEST', details: [{ path: `$.trigger${'.a'.repeat(63)}`, message: 'is nested more than 64 levels deep' }] });
    });

    it('answers 400 to a body that is not JSON, or no body at all', async () => {
      const broken = await request(api.app).post('/api/webhooks').set('content-type', 'application/json').send('{"name": ').expect(400);
      expect(broken.body).toMatchObject({ code: 'FLOWHOOK_BAD_REQUEST', hint: 'Send one JSON object as the body.' });
      expect(broken.body.message).toMatch(/^the request body is not valid JSON: /);
      const none = await request(api.app).post('/api/webhooks').set('content-type', 'text/plain').send('name=x').expect(400);
      expect(none.body).toEqual({
        code: 'FLOWHOOK_BAD_REQUEST',
        message: 'the request has no JSON body',
        hint: 'Send the body as JSON with the header "Content-Type: application/json".',
      });
    });
  });

  describe('GET, PUT and DELETE of one webhook', () => {
    let id: string;

    beforeEach(async () => {
      const created = await request(api.app)
        .post('/api/webhooks')
        .send({ name: 'Okta', url: OKTA_URL, headers: { authorization: 'Basic hdr-456' }, triggers: ['RequestCreated'] })
        .expect(201);
      id = created.body.id as string;
    });

    it('shows one webhook with its secrets redacted', async () => {
      const response = await request(api.app).get(`/api/webhooks/${id}`).expect(200);
      expect(response.body).toMatchObject({ id, url: 'https://acme.workflows.okta.com/api/flo/abc/invoke?clientToken=[REDACTED]', headers: { authorization: 'Basic [REDACTED]' } });
      const list = await request(api.app).get('/api/webhooks').expect(200);
      expect(list.body.webhooks).toEqual([response.body]);
    });

    it('keeps the stored secrets when a PUT sends them back as [REDACTED]', async () => {
      const shown = (await request(api.app).get(`/api/webhooks/${id}`)).body as Record<string, unknown>;
      const { id: _id, created_at: _created, updated_at: _updated, ...config } = shown;
      const response = await request(api.app).put(`/api/webhooks/${id}`).send({ ...config, timeout_in_sec: 10 }).expect(200);
      expect(response.body).toMatchObject({ id, timeout_in_sec: 10, headers: { authorization: 'Basic [REDACTED]' } });
      expect(api.engine.webhooks.require(id).stored.config).toMatchObject({ url: OKTA_URL, headers: { authorization: 'Basic hdr-456' }, timeout_in_sec: 10 });
    });

    it('lets a webhook keep its own name on update', async () => {
      await request(api.app).put(`/api/webhooks/${id}`).send({ name: 'OKTA', url: OKTA_URL, triggers: ['RequestApproved'] }).expect(200);
      expect(api.engine.webhooks.require(id).stored.config).toMatchObject({ name: 'OKTA', triggers: ['RequestApproved'] });
    });

    it('answers 404 for a webhook that does not exist', async () => {
      for (const call of [request(api.app).get('/api/webhooks/wh_nope'), request(api.app).put('/api/webhooks/wh_nope').send({}), request(api.app).delete('/api/webhooks/wh_nope')]) {
        expect((await call.expect(404)).body).toEqual({
          code: 'FLOWHOOK_NOT_FOUND',
          message: 'no webhook "wh_nope"',
          hint: 'Check the id; GET /api/webhooks lists every webhook.',
        });
      }
    });

    it('deletes a webhook, fails its unfinished deliveries and keeps them as history', async () => {
      await api.close();
      api = await startApi({}, { started: false });
      const created = await request(api.app).post('/api/webhooks').send({ name: 'Okta', url: OKTA_URL, triggers: ['RequestCreated'] }).expect(201);
      const ingested = await request(api.app).post('/api/events').send(sampleEvent('RequestCreated')).expect(202);
      const deliveryId = ingested.body.deliveries[0].id as string;

      await request(api.app).delete(`/api/webhooks/${created.body.id}`).expect(204);
      await request(api.app).get(`/api/webhooks/${created.body.id}`).expect(404);
      const delivery = await request(api.app).get(`/api/deliveries/${deliveryId}`).expect(200);
      expect(delivery.body).toMatchObject({ status: 'failed', lastReason: 'the webhook "Okta" was deleted', webhook: 'Okta', nextAttemptAt: null });
      const replay = await request(api.app).post(`/api/deliveries/${deliveryId}/replay`).expect(409);
      expect(replay.body).toEqual({
        code: 'FLOWHOOK_CONFLICT',
        message: `delivery "${deliveryId}" cannot be replayed: its webhook "Okta" was deleted`,
        hint: 'Create the webhook again and send the event anew with POST /api/events.',
      });
    });
  });
});

describe('POST /api/webhooks/{id}/test', () => {
  let api: ApiHarness;
  let mock: RunningMockOkta;

  beforeAll(async () => {
    mock = await startMockOkta({ port: 0 });
    await mock.flow('testable', { security: 'clientToken', clientToken: 'tok-test', rateLimitPerSecond: 0, responses: [{ body: { received: true } }] });
  });

  afterAll(async () => {
    await mock.close();
  });

  beforeEach(async () => {
    api = await startApi();
  });

  afterEach(async () => {
    await api.close();
  });

  it('sends a sample event of the chosen trigger and answers with the invocation record, secrets redacted', async () => {
    const created = await request(api.app)
      .post('/api/webhooks')
      .send({ name: 'Testable', url: mock.invokeUrl('testable'), headers: { 'x-api-client-token': 'tok-test' }, triggers: ['RequestCreated', 'RequestGranted'] })
      .expect(201);
    const response = await request(api.app).post(`/api/webhooks/${created.body.id}/test`).send({ trigger: 'RequestGranted' }).expect(200);
    expect(response.body).toMatchObject({
      webhook: 'Testable',
      trigger: 'RequestGranted',
      verdict: 'successful',
      response: { status: 200, body: '{"received":true}' },
      request: { headers: { 'x-api-client-token': '[REDACTED]' } },
    });
    expect(response.body.deliveryId).toMatch(/^test_/);
    expect(JSON.stringify(response.body)).not.toContain('tok-test');
    const [execution] = await mock.executions({ alias: 'testable' });
    expect(JSON.parse(response.body.request.body)).toMatchObject({ event_type: 'RequestGranted' });
    expect(execution?.headers['webhook-id']).toBe(response.body.deliveryId);
    expect((await request(api.app).get('/api/deliveries').expect(200)).body.deliveries).toEqual([]);
  });

  it('uses the webhook’s first trigger when none is given, also without a body', async () => {
    const created = await request(api.app)
      .post('/api/webhooks')
      .send({ name: 'Testable', url: mock.invokeUrl('testable'), headers: { 'x-api-client-token': 'tok-test' }, triggers: ['RequestExpired'] })
      .expect(201);
    const response = await request(api.app).post(`/api/webhooks/${created.body.id}/test`).expect(200);
    expect(response.body).toMatchObject({ trigger: 'RequestExpired', verdict: 'successful' });
  });

  it('answers 400 naming a trigger that does not exist', async () => {
    const created = await request(api.app).post('/api/webhooks').send({ name: 'T', url: mock.invokeUrl('testable'), triggers: ['RequestCreated'] }).expect(201);
    const response = await request(api.app).post(`/api/webhooks/${created.body.id}/test`).send({ trigger: 'RequestOpened' }).expect(400);
    expect(response.body).toEqual({
      code: 'FLOWHOOK_BAD_REQUEST',
      message: 'request body has 1 problem: $.trigger must be one of "RequestCreated", "RequestApproved", "RequestRejected", "RequestGranted", "RequestExpired", "RequestFailed"',
      hint: 'Fix each field listed in details; openapi/flowhook.yaml describes every request.',
      details: [{ path: '$.trigger', message: 'must be one of "RequestCreated", "RequestApproved", "RequestRejected", "RequestGranted", "RequestExpired", "RequestFailed"' }],
    });
  });
});

describe('POST /api/webhooks/test', () => {
  let api: ApiHarness;
  let mock: RunningMockOkta;

  beforeAll(async () => {
    mock = await startMockOkta({ port: 0 });
    await mock.flow('draft', { security: 'clientToken', clientToken: 'tok-draft', rateLimitPerSecond: 0, responses: [{ body: { received: true } }] });
  });

  afterAll(async () => {
    await mock.close();
  });

  beforeEach(async () => {
    await mock.clearExecutions();
    api = await startApi();
  });

  afterEach(async () => {
    await api.close();
  });

  function draft(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { name: 'Draft', url: mock.invokeUrl('draft'), headers: { 'x-api-client-token': 'tok-draft' }, triggers: ['RequestApproved', 'RequestGranted'], ...extra };
  }

  it('sends the sample event of the chosen trigger through a config that is not stored, and answers with the record, secrets redacted', async () => {
    const response = await request(api.app).post('/api/webhooks/test').send({ config: draft(), trigger: 'RequestGranted' }).expect(200);
    expect(response.body).toMatchObject({
      webhook: 'Draft',
      trigger: 'RequestGranted',
      verdict: 'successful',
      response: { status: 200, body: '{"received":true}' },
      request: { headers: { 'x-api-client-token': '[REDACTED]' } },
    });
    expect(response.body.deliveryId).toMatch(/^test_[0-9a-f]{32}$/);
    expect(JSON.parse(response.body.request.body)).toEqual(sampleEvent('RequestGranted'));
    expect(JSON.stringify(response.body)).not.toContain('tok-draft');
    const executions = await mock.executions({ alias: 'draft' });
    expect(executions.map((execution) => [execution.status, execution.headers['webhook-id']])).toEqual([[200, response.body.deliveryId]]);
    expect((await request(api.app).get('/api/webhooks').expect(200)).body).toEqual({ webhooks: [] });
    expect((await request(api.app).get('/api/deliveries').expect(200)).body.deliveries).toEqual([]);
  });

  it("uses the config's first trigger when none is given", async () => {
    const response = await request(api.app).post('/api/webhooks/test').send({ config: draft() }).expect(200);
    expect(response.body).toMatchObject({ trigger: 'RequestApproved', verdict: 'successful' });
  });

  it('does not ask for a unique name: the config may be that of a stored webhook', async () => {
    await request(api.app).post('/api/webhooks').send(draft()).expect(201);
    const response = await request(api.app).post('/api/webhooks/test').send({ config: draft({ name: 'draft' }) }).expect(200);
    expect(response.body).toMatchObject({ webhook: 'draft', verdict: 'successful' });
  });

  it('answers 200 with a failed record when the flow refuses the delivery', async () => {
    const response = await request(api.app)
      .post('/api/webhooks/test')
      .send({ config: draft({ headers: { 'x-api-client-token': 'tok-wrong' } }) })
      .expect(200);
    expect(response.body).toMatchObject({ verdict: 'failed', response: { status: 401 } });
    expect(response.body.reason).toBe(
      '401 from the flow (it says: "Invalid token provided"): the client token (in the x-api-client-token header) was refused; copy it again from the flow\'s API Endpoint settings',
    );
    expect(JSON.stringify(response.body)).not.toContain('tok-wrong');
  });

  it('answers 422 with every problem of the config at its path within the config, and sends nothing', async () => {
    const response = await request(api.app)
      .post('/api/webhooks/test')
      .send({ config: { name: 'Bad', url: 'example.com/x', triggers: [], timeout_in_sec: 90 } })
      .expect(422);
    expect(response.body.code).toBe('FLOWHOOK_CONFIG_INVALID');
    expect(response.body.message).toMatch(/^webhook config "Bad" has 3 problems: \$\.url /);
    expect(response.body.details.map((problem: { path: string }) => problem.path)).toEqual(['$.url', '$.triggers', '$.timeout_in_sec']);
    expect(await mock.executions()).toEqual([]);
  });

  it('answers 400 to a body without a config object, or with a field it does not know', async () => {
    const missing = await request(api.app).post('/api/webhooks/test').send({ trigger: 'RequestCreated' }).expect(400);
    expect(missing.body).toEqual({
      code: 'FLOWHOOK_BAD_REQUEST',
      message: 'request body has 1 problem: $.config is required',
      hint: 'Fix each field listed in details; openapi/flowhook.yaml describes every request.',
      details: [{ path: '$.config', message: 'is required' }],
    });
    const wrong = await request(api.app).post('/api/webhooks/test').send({ config: 'https://example.com', id: 'wh_1' }).expect(400);
    expect(wrong.body.details).toEqual([
      { path: '$.id', message: 'is not a known field' },
      { path: '$.config', message: 'must be object' },
    ]);
  });

  it("fills the secrets left as [REDACTED] from the stored webhook named in webhookId, and from nowhere else", async () => {
    const stored = await request(api.app).post('/api/webhooks').send(draft({ name: 'Stored' })).expect(201);
    const edited = { ...stored.body, name: 'Stored renamed' };
    for (const field of ['id', 'created_at', 'updated_at']) delete edited[field];
    expect(edited.headers).toEqual({ 'x-api-client-token': '[REDACTED]' });

    const kept = await request(api.app).post('/api/webhooks/test').send({ config: edited, webhookId: stored.body.id }).expect(200);
    expect(kept.body).toMatchObject({ webhook: 'Stored renamed', verdict: 'successful', request: { headers: { 'x-api-client-token': '[REDACTED]' } } });
    const [execution] = await mock.executions({ alias: 'draft' });
    expect(execution?.auth).toMatchObject({ level: 'clientToken', via: 'header', valid: true });

    const refused = await request(api.app).post('/api/webhooks/test').send({ config: edited }).expect(422);
    expect(refused.body).toEqual({
      code: 'FLOWHOOK_CONFIG_INVALID',
      message: 'webhook config "Stored renamed" has 1 problem: $.headers["x-api-client-token"] is [REDACTED], and there is no stored secret to keep; send the secret itself',
      hint: 'Replace each [REDACTED] listed in details with the secret; a test keeps the stored secrets only of the webhook named in "webhookId".',
      details: [{ path: '$.headers["x-api-client-token"]', message: 'is [REDACTED], and there is no stored secret to keep; send the secret itself' }],
    });
    const unknown = await request(api.app).post('/api/webhooks/test').send({ config: edited, webhookId: 'wh_nope' }).expect(404);
    expect(unknown.body).toEqual({ code: 'FLOWHOOK_NOT_FOUND', message: 'no webhook "wh_nope"', hint: 'Check the id; GET /api/webhooks lists every webhook.' });
    expect(await mock.executions({ alias: 'draft' })).toHaveLength(1);
  });
});
