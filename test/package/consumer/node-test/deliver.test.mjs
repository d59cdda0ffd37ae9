import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { compileWebhook, deliver, parseWebhookConfig, sampleEvent } from 'flowhook';
import { startMockOkta } from 'flowhook/mock-okta';

let mock;
before(async () => {
  mock = await startMockOkta({ flows: [{ alias: 'grants', security: 'public' }] });
});
after(() => mock.close());

test('a RequestGranted event reaches the flow', async () => {
  const config = parseWebhookConfig(
    { name: 'grants', url: mock.invokeUrl('grants'), triggers: ['RequestGranted'], body_template: '{"who": "{{data.requester.email}}"}' },
    { allowLocal: true },
  );
  const record = await deliver(compileWebhook(config, { allowLocal: true }), sampleEvent('RequestGranted'), { deliveryId: 'dlv_node_test' });
  assert.equal(record.verdict, 'successful');
  const [execution] = await mock.waitFor({ alias: 'grants', count: 1 });
  assert.deepEqual(execution.body, { who: sampleEvent('RequestGranted').data.requester.email });
  assert.equal(execution.auth.via, null);
  assert.equal(execution.auth.valid, true);
});
