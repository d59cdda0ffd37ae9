/**
 * Every trigger through the connector's CLI commands to the real mock over sockets, with the client
 * token in the URL query, in the URL path and in the header, and to a public flow: each body the mock
 * captured is the rendered template of that trigger's sample event, and no secret leaves the connector.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';
import type { Execution } from '../../mock-okta/types.js';
import { testCommand } from '../../src/cli/test-command.js';
import { compileTemplate } from '../../src/core/render.js';
import { sampleEvent } from '../../src/core/samples.js';
import { TRIGGERS } from '../../src/core/triggers.js';
import type { InvocationRecord, WebhookConfig } from '../../src/types.js';
import { capturedIO } from '../cli/captured-io.js';
import { tempFiles } from '../cli/temp-files.js';

const okta = JSON.parse(readFileSync(new URL('../fixtures/okta-webhook.json', import.meta.url), 'utf8')) as WebhookConfig;
const template = compileTemplate(okta.body_template);

const SECRETS = {
  query: 'ct-query-SECRET-3c8e51',
  path: 'ct-path-SECRET-7a02d4',
  header: 'ct-header-SECRET-b91f66',
};

let mock: RunningMockOkta;
let files: ReturnType<typeof tempFiles>;

beforeAll(async () => {
  const answer = { rateLimitPerSecond: 0, responses: [{ body: { status: 'ok' } }] };
  mock = await startMockOkta({
    flows: [
      { alias: 'by-query', security: 'clientToken', clientToken: SECRETS.query, ...answer },
      { alias: 'by-path', security: 'clientToken', clientToken: SECRETS.path, ...answer },
      { alias: 'by-header', security: 'clientToken', clientToken: SECRETS.header, ...answer },
      { alias: 'open', security: 'public', ...answer },
    ],
  });
});
afterAll(() => mock.close());
beforeEach(() => {
  files = tempFiles();
});
afterEach(() => files.remove());

interface Placement {
  name: string;
  alias: string;
  target: () => Pick<WebhookConfig, 'url' | 'headers'>;
  recordedAuth: InvocationRecord['auth'];
  recordedUrl: () => string;
  mockAuth: Execution['auth'];
}

const PLACEMENTS: Placement[] = [
  {
    name: 'the client token in the URL query',
    alias: 'by-query',
    target: () => ({ url: `${mock.invokeUrl('by-query')}?clientToken=${SECRETS.query}`, headers: {} }),
    recordedAuth: { kind: 'client_token', clientTokenIn: 'query' },
    recordedUrl: () => `${mock.invokeUrl('by-query')}?clientToken=[REDACTED]`,
    mockAuth: { level: 'clientToken', via: 'query', valid: true },
  },
  {
    name: 'the client token in the URL path',
    alias: 'by-path',
    target: () => ({ url: `${mock.url}/api/flo/${SECRETS.path}`, headers: {} }),
    recordedAuth: { kind: 'client_token', clientTokenIn: 'path' },
    recordedUrl: () => `${mock.url}/api/flo/[REDACTED]`,
    mockAuth: { level: 'clientToken', via: 'path', valid: true },
  },
  {
    name: 'the client token in the x-api-client-token header',
    alias: 'by-header',
    target: () => ({ url: mock.invokeUrl('by-header'), headers: { 'x-api-client-token': SECRETS.header } }),
    recordedAuth: { kind: 'client_token', clientTokenIn: 'header' },
    recordedUrl: () => mock.invokeUrl('by-header'),
    mockAuth: { level: 'clientToken', via: 'header', valid: true },
  },
  {
    name: 'a public flow',
    alias: 'open',
    target: () => ({ url: mock.invokeUrl('open'), headers: {} }),
    recordedAuth: { kind: 'none' },
    recordedUrl: () => mock.invokeUrl('open'),
    mockAuth: { level: 'public', via: null, valid: true },
  },
];

describe('all six triggers to a mock flow', () => {
  it.each(PLACEMENTS)('delivers the rendered template of every sample with $name', async (placement) => {
    const file = files.write('okta.json', { ...okta, ...placement.target() });
    const io = capturedIO();
    const code = await testCommand({ webhook: file, json: true, allowLocal: true }, io);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);

    const records = (JSON.parse(io.stdout.join('\n')) as { results: { record: InvocationRecord }[] }).results.map((result) => result.record);
    expect(records.map((record) => record.trigger)).toEqual(TRIGGERS);
    const executions = await mock.waitFor({ alias: placement.alias, count: TRIGGERS.length });
    for (const record of records) {
      const rendered = template.render(sampleEvent(record.trigger));
      expect(record).toMatchObject({
        webhook: okta.name,
        request: { method: 'POST', url: placement.recordedUrl(), body: rendered },
        response: { status: 200, body: '{"status":"ok"}' },
        validators: [{ jsonPath: '$.data.status', passed: true, actual: 'ok' }],
        auth: placement.recordedAuth,
        verdict: 'successful',
      });
      const execution = executions.find((candidate) => candidate.headers['webhook-id'] === record.deliveryId);
      expect(execution?.bodyKind).toBe('json');
      expect(execution?.body).toEqual(JSON.parse(rendered));
      expect(execution?.auth).toEqual(placement.mockAuth);
      expect(execution?.body).toMatchObject({ fields: { 'event type': record.trigger, 'request id': 'AR-4821' } });
    }
    const output = io.stdout.join('\n');
    for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
  });

  it('gives every trigger its own event: the event time and the approval state differ by trigger', async () => {
    const file = files.write('okta.json', { ...okta, url: mock.invokeUrl('open'), headers: {} });
    await testCommand({ webhook: file, json: true, allowLocal: true }, capturedIO());
    const executions = await mock.executions({ alias: 'open', limit: TRIGGERS.length });
    const times = executions.map((execution) => (execution.body as { fields: Record<string, string> }).fields['event time']);
    expect(times).toEqual(TRIGGERS.map((trigger) => String(sampleEvent(trigger).event_time)));
    expect(new Set(times).size).toBe(5); // RequestApproved and RequestRejected are decided at the same moment
  });
});
