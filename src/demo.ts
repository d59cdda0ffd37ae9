/**
 * `npm start`: flowhook end to end on one machine. It starts the mock Okta Workflows server with six
 * flows, one for each way Okta lets a flow be called, and the delivery engine with one webhook per flow;
 * then it sends one access-request event of each trigger through the management API, prints where to
 * look (the connector's login URL, which opens its UI logged in), and keeps running until Ctrl-C.
 * Everything is set up through the public APIs, as a person would do it in the web UIs.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startMockOkta, type RunningMockOkta } from '../mock-okta/index.js';
import { LOGIN_PATH } from './api/access.js';
import { generateApiToken } from './access/api-tokens.js';
import { stopOnSignal } from './cli/long-running.js';
import { DEFAULT_RETRY_SCHEDULE_SEC, formatDelay } from './core/retry-policy.js';
import { TRIGGERS } from './core/triggers.js';
import { OKTA_GUIDE_TEMPLATE, sampleEvent } from './core/samples.js';
import { startServer, type RunningServer } from './serve.js';
import type { FlowDefinition } from '../mock-okta/types.js';
import type { Trigger, WebhookConfig } from './types.js';

const MOCK_PORT = Number(process.env.MOCK_PORT ?? 8787);
const SERVE_PORT = Number(process.env.PORT ?? 8080);
const HOST = '127.0.0.1';
const OAUTH_CLIENT_ID = '0oademoflowhook0001';
const OAUTH_KEY_ID = 'demo-key';

const RETURN_OK = { body: { status: 'ok' } };
/** The request-failed webhook's own retry schedule: short, so the retries show within seconds. */
const DEMO_RETRY_SCHEDULE_SEC = [2, 4];

interface DemoFlow {
  alias: string;
  trigger: Trigger;
  flow: FlowDefinition;
  /** What the webhook needs besides the flow's URL. */
  webhook: (mock: RunningMockOkta) => Pick<WebhookConfig, 'url'> & Partial<WebhookConfig>;
  story: string;
}

function demoFlows(privateKeyPem: string): DemoFlow[] {
  return [
    {
      alias: 'request-created',
      trigger: 'RequestCreated',
      flow: { security: 'clientToken', clientToken: 'demo-token-created', responses: [RETURN_OK] },
      webhook: (mock) => ({ url: `${mock.invokeUrl('request-created')}?clientToken=demo-token-created` }),
      story: 'client token in the clientToken query parameter',
    },
    {
      alias: 'request-approved',
      trigger: 'RequestApproved',
      flow: { security: 'clientToken', clientToken: 'demo-token-approved', responses: [RETURN_OK] },
      webhook: (mock) => ({ url: mock.invokeUrl('request-approved'), headers: { 'x-api-client-token': 'demo-token-approved' } }),
      story: 'client token in the x-api-client-token header',
    },
    {
      alias: 'request-rejected',
      trigger: 'RequestRejected',
      flow: { security: 'public', responses: [RETURN_OK] },
      webhook: (mock) => ({ url: mock.invokeUrl('request-rejected') }),
      story: 'a public flow',
    },
    {
      alias: 'request-granted',
      trigger: 'RequestGranted',
      flow: { security: 'oauth2', allowedClients: [OAUTH_CLIENT_ID], responses: [RETURN_OK] },
      webhook: (mock) => ({
        url: mock.invokeUrl('request-granted'),
        authentication_config: {
          oauth: { client_id: OAUTH_CLIENT_ID, private_key: privateKeyPem, key_id: OAUTH_KEY_ID, token_endpoint_url: mock.tokenUrl },
        },
      }),
      story: 'OAuth 2.0, client credentials with private_key_jwt',
    },
    {
      alias: 'request-expired',
      trigger: 'RequestExpired',
      flow: { security: 'clientToken', clientToken: 'demo-token-expired', responses: [RETURN_OK] },
      webhook: (mock) => ({ url: `${mock.url}/api/flo/demo-token-expired` }),
      story: "the Apono guide's …/api/flo/<clientToken> form",
    },
    {
      alias: 'request-failed',
      trigger: 'RequestFailed',
      flow: {
        security: 'clientToken',
        clientToken: 'demo-token-failed',
        responses: [{ status: 503, body: 'flow busy' }, { status: 503, body: 'flow busy' }, RETURN_OK],
      },
      webhook: (mock) => ({ url: `${mock.invokeUrl('request-failed')}?clientToken=demo-token-failed`, retry_schedule_sec: DEMO_RETRY_SCHEDULE_SEC }),
      story: 'fails twice, then succeeds: watch the retries',
    },
  ];
}

async function main(): Promise<void> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const flows = demoFlows(privateKeyPem);
  const dataDir = mkdtempSync(join(tmpdir(), 'flowhook-demo-'));
  const logger = pino({ level: 'warn' });

  const mock = await startMockOkta({
    port: await freePortOr(MOCK_PORT),
    host: HOST,
    flows: flows.map(({ alias, flow }) => ({ alias, ...flow })),
    oauthClients: [
      {
        clientId: OAUTH_CLIENT_ID,
        jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: OAUTH_KEY_ID, alg: 'RS256', use: 'sig' }] },
        scopes: ['okta.workflows.invoke.manage'],
      },
    ],
  });
  const apiToken = generateApiToken();
  let server: RunningServer;
  try {
    server = await startServer({ port: await freePortOr(SERVE_PORT), host: HOST, db: join(dataDir, 'demo.db'), allowLocal: true, apiTokens: [apiToken], logger });
  } catch (err) {
    await mock.close();
    throw err;
  }

  for (const { alias, trigger, webhook } of flows) {
    const config: WebhookConfig = {
      name: `Okta ${alias}`,
      active: true,
      method: 'POST',
      body_template: OKTA_GUIDE_TEMPLATE,
      triggers: [trigger],
      timeout_in_sec: 30,
      response_validators: [{ json_path: '$.data.status', expected_values: ['ok'] }],
      retry_on_validator_failure: false,
      ...webhook(mock),
    };
    await api(server.url, apiToken, 'POST', '/api/webhooks', config);
  }
  // A file to send by hand, so that the command printed below works as it is.
  const eventFile = join(dataDir, 'event.json');
  writeFileSync(eventFile, `${JSON.stringify(sampleEvent('RequestApproved'), null, 2)}\n`);
  const sent = [];
  for (const trigger of TRIGGERS) {
    sent.push((await api(server.url, apiToken, 'POST', '/api/events', sampleEvent(trigger))) as { deliveries: unknown[] });
  }

  console.log(`
flowhook demo

  Connector (Apono's Webhooks page, deliveries):  ${server.url}${LOGIN_PATH}?token=${apiToken}
  Mock Okta Workflows (flows, execution history): ${mock.url}/

Six flows, one webhook each, one event of each trigger sent (${sent.reduce((sum, result) => sum + result.deliveries.length, 0)} deliveries):
${flows.map(({ alias, trigger, story }) => `  ${trigger.padEnd(16)} → ${alias.padEnd(17)} ${story}`).join('\n')}

request-failed's webhook retries after ${delays(DEMO_RETRY_SCHEDULE_SEC)}: its own retry_schedule_sec, short for the demo.
Without one, a webhook retries after ${delays(DEFAULT_RETRY_SCHEDULE_SEC)} (the default).

Call a flow yourself:
  curl -X POST '${mock.invokeUrl('request-created')}?clientToken=demo-token-created' -H 'content-type: application/json' -d '{"hello":"okta"}'
  curl ${mock.url}/__admin/executions
Send another event (a RequestApproved one, to request-approved), with the connector's API token:
  curl -X POST ${server.url}/api/events -H 'authorization: Bearer ${apiToken}' -H 'content-type: application/json' -d @${eventFile}

Press Ctrl-C to stop.`);

  stopOnSignal(() => {
    void Promise.allSettled([server.close(), mock.close()]).then(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

async function api(base: string, token: string, method: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/** `5 s, 5 min and 30 min`. */
function delays(scheduleSec: readonly number[]): string {
  const words = scheduleSec.map((seconds) => formatDelay(seconds * 1000));
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** `port` when it is free, else 0 (any free port), so a second demo or a busy port does not stop it. */
async function freePortOr(port: number): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(0));
    probe.listen(port, HOST, () => probe.close(() => resolve(port)));
  });
}

await main();
