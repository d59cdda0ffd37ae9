/**
 * `flowhook lint`, `send` and `test` run in-process on random config files: they exit 0–3 and never
 * throw, never print a secret nor write one to a report file, and a JSON report is always one document.
 * Every URL a random config can hold is a loopback literal address (a server of this test, or a closed
 * port) or not a usable URL at all, so nothing leaves loopback.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lintCommand } from '../../src/cli/lint-command.js';
import type { ReportOptions } from '../../src/cli/report-output.js';
import { sendCommand } from '../../src/cli/send-command.js';
import { testCommand } from '../../src/cli/test-command.js';
import { sampleEvent } from '../../src/core/samples.js';
import { TRIGGERS } from '../../src/core/triggers.js';
import { closeSharedAgents } from '../../src/http/send.js';
import { capturedIO } from './captured-io.js';
import { tempFiles } from './temp-files.js';

const SECRET = 'SECRET-MARKER-7f3a9c';
let server: Server;
let base: string;
let closedPort: number;
let files: ReturnType<typeof tempFiles>;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    res.setHeader('content-type', 'application/json');
    res.setHeader('set-cookie', `sid=${SECRET}`);
    res.end(req.url?.includes('fail') ? '{"status":"busy"}' : '{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(async () => {
  await closeSharedAgents();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  files = tempFiles();
});
afterEach(() => files.remove());

/** The only hosts a random config may name: loopback literals. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]|\[::ffff:7f00:1\])$/;

/** `text` when it is no http(s) URL or one on a loopback literal address; otherwise text that is not a URL. */
function loopbackOnly(text: string): string {
  if (!URL.canParse(text)) return text;
  const url = new URL(text);
  return (url.protocol !== 'http:' && url.protocol !== 'https:') || LOOPBACK.test(url.hostname) ? text : 'not a url';
}

/** `value` with every string passed through `loopbackOnly`, so that no field of a random config can name another host. */
function loopbackOnlyDeep(value: unknown): unknown {
  if (typeof value === 'string') return loopbackOnly(value);
  if (Array.isArray(value)) return value.map(loopbackOnlyDeep);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, loopbackOnlyDeep(item)]));
  return value;
}

/** The random config files, made once the test's server listens (the URLs name its port). */
function configFileTexts(): fc.Arbitrary<string> {
  const urls = fc
    .oneof(
      fc.constantFrom('/api/flo/access/invoke', '/api/flo/fail/invoke', '/api/flo/t0ken', '/x').map((path) => `${base}${path}`),
      fc.constantFrom(`http://127.0.0.1:${closedPort}/x`, 'http://[::1]:9/x', `https://127.0.0.1:${closedPort}/`, 'http://127.0.0.1/', 'ftp://127.0.0.1/'),
      fc.constant(`${base}/api/flo/access/invoke?clientToken=${SECRET}&api_key=${SECRET}`),
      fc.string({ maxLength: 30 }),
    )
    .map(loopbackOnly);

  const goodSecret = fc.constantFrom<unknown>(SECRET, { $env: 'FUZZ_SECRET' }, { $file: 'secret.txt' });
  const badSecret = fc.oneof(fc.constantFrom<unknown>({ $file: '/dev/zero' }, { $env: 'UNSET' }, { $env: 1 }), fc.string({ maxLength: 10 }));

  const templates = fc.oneof(
    fc.constantFrom(undefined, null, '', '{"type": "{{event_type}}", "why": "{{data.justification}}"}', '{"t": {{event_time}} }', '{{{data.id}}}', '{"a": "{{#each}}"}', '{"a": "{{nope.path}}"}'),
    fc.string({ maxLength: 60 }),
  );

  /** A config that would send, to the test's server, with a client token, a bearer token or an OAuth client. */
  const goodConfigs = fc.record({
    name: fc.constant('fuzz hook'),
    url: fc.constantFrom('/api/flo/access/invoke', '/api/flo/fail/invoke').map((path) => `${base}${path}`),
    triggers: fc.subarray([...TRIGGERS], { minLength: 1 }),
    timeout_in_sec: fc.integer({ min: 1, max: 5 }),
    response_validators: fc.constant([{ json_path: '$.data.status', expected_values: ['ok'] }]),
    body_template: fc.constantFrom('{"type": "{{event_type}}", "why": "{{data.justification}}"}', null),
    headers: fc.oneof(fc.constant({}), goodSecret.map((token) => ({ 'x-api-client-token': token })), goodSecret.map((token) => ({ 'X-Auth-Token': token }))),
    authentication_config: fc.oneof(
      fc.constant(undefined),
      goodSecret.map((token) => ({ bearer: { token } })),
      goodSecret.map((secret) => ({ oauth: { client_id: 'client-1', client_secret: secret, token_endpoint_url: `http://127.0.0.1:${closedPort}/token` } })),
    ),
  });

  /** Fields set to values that may break a rule. */
  const badFields = fc.record(
    {
      name: fc.string({ maxLength: 20 }),
      active: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
      method: fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'TRACE'),
      url: urls,
      headers: fc.dictionary(fc.constantFrom('x-api-client-token', 'X-Auth-Token', 'api-key', 'authorization', 'x-trace', 'Host', 'bad name'), fc.oneof(goodSecret, badSecret), { maxKeys: 3 }),
      body_template: templates,
      triggers: fc.oneof(fc.subarray([...TRIGGERS]), fc.array(fc.string({ maxLength: 12 }), { maxLength: 2 })),
      filters: fc.oneof(fc.constant({ requesters: ['dana.levi@example.com'] }), fc.constant({ integrations: ['nope'] }), fc.jsonValue({ maxDepth: 2 })),
      timeout_in_sec: fc.integer({ min: -5, max: 70 }),
      response_validators: fc.jsonValue({ maxDepth: 2 }),
      authentication_config: fc.oneof(
        fc.record({ bearer: fc.record({ token: fc.oneof(goodSecret, badSecret) }) }),
        fc.record({ oauth: fc.record({ client_id: fc.constant('client-1'), client_secret: fc.oneof(goodSecret, badSecret), token_endpoint_url: fc.constantFrom(`${base}/oauth2/v1/token`, 'idp/token') }) }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    },
    { requiredKeys: [] },
  );

  const configs = fc.tuple(goodConfigs, fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 2, arbitrary: badFields })).map(([good, bad]) => ({ ...good, ...bad }));

  /** The text of a config file: JSON (with or without a byte order mark), or something that is not. */
  const configFiles = fc.oneof(
    { weight: 8, arbitrary: fc.tuple(configs, fc.boolean()).map(([config, bom]) => `${bom ? '\ufeff' : ''}${JSON.stringify(loopbackOnlyDeep(config))}`) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(loopbackOnlyDeep(value))) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
  return configFiles;
}

const targets = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom({ allowLocal: true }, { allowNet: '127.0.0.0/8,::1/128' }) },
  { weight: 1, arbitrary: fc.constantFrom({}, { allowNet: '10.0.0.0/8' }, { allowNet: 'nope' }) },
);
const ENV = { FUZZ_SECRET: SECRET };

function writeConfig(text: string): string {
  writeFileSync(join(files.dir, 'secret.txt'), `${SECRET}\n`);
  return files.write('hook.json', text);
}

/** How a run reports: its report options, and the file a report goes to when it has one. */
function reportOptions(): fc.Arbitrary<ReportOptions> {
  return fc.constantFrom<ReportOptions>(
    {},
    { json: true },
    { reporter: 'summary' },
    { reporter: 'junit' },
    { reporter: 'json', output: join(files.dir, 'report.json') },
    { reporter: 'junit', output: join(files.dir, 'report.xml') },
  );
}

function expectClean(code: number, io: ReturnType<typeof capturedIO>, report: ReportOptions = {}): void {
  expect([0, 1, 2, 3]).toContain(code);
  expect([...io.stdout, ...io.stderr].join('\n')).not.toContain(SECRET);
  if (report.output !== undefined && existsSync(report.output)) expect(readFileSync(report.output, 'utf8')).not.toContain(SECRET);
  // A JSON report is one document, whatever happened to the delivery.
  if ((report.json === true || report.reporter === 'json') && report.output === undefined && code !== 2) expect(() => JSON.parse(io.stdout.join('\n')) as unknown).not.toThrow();
}

describe('flowhook lint, send and test on random config files', () => {
  it('lint exits 0 or 2 and prints no secret (300 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(configFileTexts(), targets, fc.boolean(), async (text, options, json) => {
        const io = capturedIO(ENV);
        const code = await lintCommand({ webhook: writeConfig(text), json, ...options }, io);
        expect([0, 2]).toContain(code);
        expectClean(code, io);
      }),
      { numRuns: 300 },
    );
  });

  it('send exits 0–3 and prints no secret (200 runs)', async () => {
    const events = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
      fc.constantFrom(...TRIGGERS).map((trigger) => JSON.stringify(sampleEvent(trigger))),
    );
    await fc.assert(
      fc.asyncProperty(configFileTexts(), targets, fc.constantFrom(...TRIGGERS), events, reportOptions(), async (text, options, trigger, event, report) => {
        const io = capturedIO(ENV);
        const eventFile = event === undefined ? undefined : files.write('event.json', event);
        const code = await sendCommand({ webhook: writeConfig(text), trigger, verbose: true, ...report, ...options, ...(eventFile === undefined ? {} : { event: eventFile }) }, io);
        expectClean(code, io, report);
      }),
      { numRuns: 200 },
    );
  });

  it('test exits 0–2 and prints no secret (150 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(configFileTexts(), targets, fc.option(fc.constantFrom(...TRIGGERS), { nil: undefined }), reportOptions(), async (text, options, trigger, report) => {
        const io = capturedIO(ENV);
        const code = await testCommand({ webhook: writeConfig(text), ...report, ...options, ...(trigger === undefined ? {} : { trigger }) }, io);
        expect([0, 1, 2]).toContain(code);
        expectClean(code, io, report);
      }),
      { numRuns: 150 },
    );
  });
});
