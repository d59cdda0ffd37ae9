/**
 * Fuzzing the management API over a real socket: random paths, random JSON bodies for every route that
 * takes one, random webhook configs and random events never get a 5xx. Network safety: the only URLs
 * a fuzzed config can hold point at a sink on 127.0.0.1, and random bodies are drawn without any text
 * that could become an http(s) URL, so nothing is ever sent off this machine.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEvent } from '../../src/core/samples.js';
import { TRIGGERS } from '../../src/core/triggers.js';
import { API_TOKEN, startApi, type ApiHarness } from './harness.js';
import { send, serveApi, type ServedApi } from './served-api.js';

const BEARER = { authorization: `Bearer ${API_TOKEN}` };

/** True when no string in `value` (keys included) could be read as an http(s) URL, even with tabs or newlines in it. */
function holdsNoUrl(value: unknown): boolean {
  const texts: string[] = [];
  const walk = (item: unknown): void => {
    if (typeof item === 'string') texts.push(item);
    else if (Array.isArray(item)) item.forEach(walk);
    else if (typeof item === 'object' && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        texts.push(key);
        walk(child);
      }
    }
  };
  walk(value);
  return texts.every((text) => !/h\s*t\s*t\s*p/i.test(text.replace(/[\t\n\r]/g, '')));
}

/** Where a body drawn as a value gets `deepText` when it is written out. */
const DEEP = '__deep__';

/** Nested arrays or objects as JSON text, up to 50,000 levels: far past the API's limit of 64. */
const deepText = fc
  .tuple(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 50_000 })), fc.boolean())
  .map(([depth, objects]) => (objects ? `${'{"k":'.repeat(depth)}0${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`));

const anyJson = fc.oneof({ weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) }, { weight: 1, arbitrary: fc.constant(DEEP) }).filter(holdsNoUrl);

/** `value` as JSON text, each DEEP placeholder replaced by `deep`. */
function written(value: unknown, deep: string): string {
  return JSON.stringify(value).replaceAll(`"${DEEP}"`, deep);
}

const segment = fc.oneof(
  fc.constantFrom('api', 'webhooks', 'deliveries', 'events', 'test', 'replay', 'samples', 'okta-url', 'schema', 'event', 'ui', 'kit', 'app.js', 'login', 'healthz', 'metrics'),
  fc.constantFrom('', '.', '..', '%', '%E0%A4%A', '%00', '%2F', '%2e%2e', '%C0%AF', 'API', 'wh_1', 'dlv_1', '%ZZ', '~', '*'),
  fc.webSegment(),
  fc.stringMatching(/^[\x21-\x7e]{0,12}$/).map((text) => text.replace(/[/?#]/g, '')),
);

/** A route of the API with random segments where its parameters go, or any path at all. */
const path = fc
  .tuple(
    fc.oneof(
      fc.tuple(fc.constantFrom('/api/webhooks/', '/api/deliveries/', '/ui/', '/ui/kit/', '/api/schema/'), segment, fc.constantFrom('', '/test', '/replay', '/x')).map((parts) => parts.join('')),
      fc.array(segment, { minLength: 0, maxLength: 6 }).map((segments) => `/${segments.join('/')}`),
    ),
    fc.option(fc.stringMatching(/^[\x21-\x7e]{0,30}$/)),
  )
  .map(([route, query]) => `${route}${query === null ? '' : `?${query.replace(/#/g, '')}`}`);

const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS');

describe('the management API under random input', { timeout: 240_000 }, () => {
  let sink: Server;
  let sinkUrl: string;
  let api: ApiHarness;
  let served: ServedApi;
  let bare: ServedApi;
  let webhookId: string;
  let deliveryId: string;

  beforeAll(async () => {
    // Every URL a fuzzed config may hold: a flow path and another path, on 127.0.0.1.
    sink = createServer((req, res) => {
      req.resume();
      res.writeHead(req.url?.includes('fail') ? 503 : 200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
    api = await startApi();
    served = await serveApi(api.app);
    bare = await serveApi(api.bare);
    const created = await send(served, 'POST', '/api/webhooks', { body: { name: 'Fuzz', url: `${sinkUrl}/api/flo/fuzz/invoke`, triggers: [...TRIGGERS] } });
    webhookId = (created.json as { id: string }).id;
    const ingested = await send(served, 'POST', '/api/events', { body: sampleEvent('RequestCreated') });
    deliveryId = (ingested.json as { deliveries: Array<{ id: string }> }).deliveries[0]?.id ?? '';
  });

  afterAll(async () => {
    await served.close();
    await bare.close();
    await api.close();
    await new Promise((resolve) => sink.close(resolve));
  });

  it('answers random paths and methods, with a token or without, with less than 500', async () => {
    // 300 runs.
    await fc.assert(
      fc.asyncProperty(method, path, fc.boolean(), async (verb, target, withToken) => {
        const answer = await send(withToken ? served : bare, verb, target, { headers: withToken ? BEARER : {} });
        expect(answer.status, `${verb} ${target}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });

  it('answers random JSON bodies to every route that takes one with less than 500', async () => {
    const routes = (): Array<[string, string]> => [
      ['POST', '/api/webhooks'],
      ['PUT', `/api/webhooks/${webhookId}`],
      ['POST', '/api/webhooks/test'],
      ['POST', `/api/webhooks/${webhookId}/test`],
      ['POST', `/api/webhooks/${webhookId}/replay`],
      ['POST', '/api/events'],
      ['POST', '/api/okta-url'],
      ['POST', `/api/deliveries/${deliveryId}/replay`],
    ];
    // 400 runs: one route and one body each.
    await fc.assert(
      fc.asyncProperty(fc.nat(routes().length - 1), anyJson, deepText, async (index, body, deep) => {
        const [verb, target] = routes()[index] as [string, string];
        const text = written(body, deep);
        const answer = await send(served, verb, target, { body: text });
        expect(answer.status, `${verb} ${target} ${text.slice(0, 200)}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
  });

  it('answers random webhook configs, to create, update and test, with less than 500', async () => {
    const config = fc.record(
      {
        name: fc.oneof(fc.string({ maxLength: 300 }), anyJson),
        active: fc.oneof(fc.boolean(), anyJson),
        method: fc.oneof(fc.constantFrom('POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'post'), anyJson),
        url: fc.oneof(
          fc.constantFrom(`${sinkUrl}/api/flo/fuzz/invoke`, `${sinkUrl}/api/flo/fail/invoke`, `${sinkUrl}/api/flo/t0k`, `${sinkUrl}/page?q=1`, `${sinkUrl}/api/flo/%E0%A4%A/invoke`),
          fc.webSegment().map((tail) => `${sinkUrl}/${tail}`),
          anyJson,
        ),
        headers: fc.oneof(fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 }), { maxKeys: 60 }).filter(holdsNoUrl), anyJson),
        body_template: fc.oneof(fc.constantFrom('{"a": "{{event_type}}"}', '{{#each data.access_groups}}{{/each}}', '{{', '{"x": {{data}}}'), fc.string({ maxLength: 60 }).filter(holdsNoUrl), anyJson),
        triggers: fc.oneof(fc.subarray([...TRIGGERS]), anyJson),
        filters: fc.oneof(fc.dictionary(fc.constantFrom('requesters', 'integrations', 'bogus'), fc.array(fc.string({ maxLength: 20 }))).filter(holdsNoUrl), anyJson),
        timeout_in_sec: fc.oneof(fc.integer({ min: -5, max: 100 }), anyJson),
        response_validators: fc.oneof(fc.array(fc.record({ json_path: fc.constantFrom('$.data.status', '$..*', '$.x', '$.data[?(@)]'), expected_values: fc.array(fc.string({ maxLength: 10 })) })), anyJson),
        authentication_config: fc.oneof(
          fc.constant({ bearer: { token: 'fuzz-bearer-token' } }),
          fc.constant({ oauth: { client_id: 'fuzz', client_secret: 'fuzz-secret', token_endpoint_url: `${sinkUrl}/token`, private_key: DEEP } }),
          fc.constant(null),
          anyJson,
        ),
        retry_schedule_sec: fc.oneof(fc.array(fc.integer({ min: -1, max: 10 })), anyJson),
        rate_limit_per_sec: fc.oneof(fc.integer({ min: -1, max: 10 }), anyJson),
      },
      { requiredKeys: [] },
    );
    // 200 runs: each config is created, tested, and put over the stored webhook.
    await fc.assert(
      fc.asyncProperty(config, fc.constantFrom(...TRIGGERS), deepText, async (body, trigger, deep) => {
        for (const [verb, target, payload] of [
          ['POST', '/api/webhooks', body],
          ['POST', '/api/webhooks/test', { config: body, trigger }],
          ['PUT', `/api/webhooks/${webhookId}`, body],
        ] as const) {
          const text = written(payload, deep);
          const answer = await send(served, verb, target, { body: text });
          expect(answer.status, `${verb} ${target} ${text.slice(0, 300)}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('answers random changes to a sample event with less than 500', async () => {
    const event = fc.tuple(fc.constantFrom(...TRIGGERS), fc.dictionary(fc.constantFrom('event_type', 'event_time', 'data', 'extra', 'custom'), anyJson, { maxKeys: 3 })).map(([trigger, changes]) => ({ ...sampleEvent(trigger), ...changes }));
    // 300 runs.
    await fc.assert(
      fc.asyncProperty(event, deepText, async (body, deep) => {
        const text = written(body, deep);
        const answer = await send(served, 'POST', '/api/events', { body: text });
        expect(answer.status, `${text.slice(0, 300)}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
