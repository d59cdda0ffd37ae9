const { compileWebhook, deliver, parseWebhookConfig, sampleEvent } = require('flowhook');
const { startMockOkta } = require('flowhook/mock-okta');

let mock;
beforeAll(async () => {
  mock = await startMockOkta({ flows: [{ alias: 'grants', security: 'clientToken', clientToken: 't0ken' }] });
});
afterAll(() => mock.close());

test('a RequestGranted event reaches the flow', async () => {
  const config = parseWebhookConfig(
    { name: 'grants', url: `${mock.invokeUrl('grants')}?clientToken=t0ken`, triggers: ['RequestGranted'], body_template: '{"who": "{{data.requester.email}}"}' },
    { allowLocal: true },
  );
  const record = await deliver(compileWebhook(config, { allowLocal: true }), sampleEvent('RequestGranted'), { deliveryId: 'dlv_jest' });
  expect(record.verdict).toBe('successful');
  const [execution] = await mock.waitFor({ alias: 'grants', count: 1 });
  expect(execution.body).toEqual({ who: sampleEvent('RequestGranted').data.requester.email });
  expect(execution.auth.via).toBe('query');
});
