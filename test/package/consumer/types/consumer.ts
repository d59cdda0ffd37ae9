// Uses each entry point's public types the way a strict TypeScript suite would.
import { compileWebhook, deliver, FlowhookError, parseWebhookConfig, sampleEvent, type InvocationRecord, type WebhookConfig } from 'flowhook';
import { DeliveryEngine, openSqliteStore, startServer, type RunningServer } from 'flowhook/engine';
import { MockOktaClient, startMockOkta, useMockOkta, type MockOktaOptions, type MockOktaSuite, type RunningMockOkta, type SuiteHook } from 'flowhook/mock-okta';

const options: MockOktaOptions = { port: 0, flows: [{ alias: 'grants', security: 'clientToken', clientToken: 't0ken' }] };

export async function roundTrip(): Promise<InvocationRecord> {
  const mock: RunningMockOkta = await startMockOkta(options);
  const config: WebhookConfig = parseWebhookConfig(
    { name: 'grants', url: `${mock.invokeUrl('grants')}?clientToken=t0ken`, triggers: ['RequestGranted'] },
    { allowLocal: true },
  );
  const record = await deliver(compileWebhook(config, { allowLocal: true }), sampleEvent('RequestGranted'), { deliveryId: 'dlv_1' });
  const client = new MockOktaClient(mock.url);
  const [execution] = await client.waitFor({ alias: 'grants', count: 1 });
  if (execution === undefined) throw new FlowhookError('FLOWHOOK_INTERNAL', 'no execution');
  await mock.close();
  return record;
}

export async function engine(): Promise<RunningServer> {
  const server = await startServer({ port: 0, host: '127.0.0.1', db: ':memory:', allowLocal: true });
  const standalone = new DeliveryEngine({ store: openSqliteStore(':memory:'), allowLocal: true });
  await standalone.stop();
  return server;
}

export function suite(hooks: { beforeAll: SuiteHook; beforeEach: SuiteHook; afterAll: SuiteHook }): string {
  const okta: MockOktaSuite = useMockOkta(hooks, { flows: [{ alias: 'grants', security: 'public' }] });
  return okta.invokeUrl('grants');
}
