import { compileWebhook, deliver, parseWebhookConfig, sampleEvent } from 'flowhook';
import { startMockOkta, type RunningMockOkta } from 'flowhook/mock-okta';
import { afterAll, beforeAll, expect, test } from 'vitest';

let mock: RunningMockOkta;
beforeAll(async () => {
  mock = await startMockOkta({ flows: [{ alias: 'grants', security: 'clientToken', clientToken: 't0ken' }] });
});
afterAll(() => mock.close());

test('a RequestGranted event reaches the flow', async () => {
  const config = parseWebhookConfig(
    { name: 'grants', url: mock.invokeUrl('grants'), headers: { 'x-api-client-token': 't0ken' }, triggers: ['RequestGranted'], body_template: '{"who": "{{data.requester.email}}"}' },
    { allowLocal: true },
  );
  const record = await deliver(compileWebhook(config, { allowLocal: true }), sampleEvent('RequestGranted'), { deliveryId: 'dlv_vitest' });
  expect(record.verdict).toBe('successful');
  const [execution] = await mock.waitFor({ alias: 'grants', count: 1 });
  expect(execution?.body).toEqual({ who: sampleEvent('RequestGranted').data.requester.email });
  expect(execution?.auth.via).toBe('header');
});
