/**
 * `/api/webhooks`: webhook configs as in the CLI (secrets shown as `[REDACTED]`), the Test button (of a
 * stored webhook, or of a config before it is saved), and bulk replay.
 */
import { Router } from 'express';
import type { DeliveryEngine } from '../../engine/engine.js';
import type { ReplayFilter } from '../../store/store.js';
import { invocationJson } from '../invocation-view.js';
import { operationCheck } from '../request-validation.js';
import { webhookJson } from '../views.js';
import { keepStoredSecrets, refuseRedactedSecrets } from '../webhook-secrets.js';

const TEST_KEEPS_SECRETS = 'a test keeps the stored secrets only of the webhook named in "webhookId"';

export function webhookRoutes(engine: DeliveryEngine): Router {
  const router = Router();
  const create = operationCheck('createWebhook', { checkBody: false });
  const update = operationCheck('updateWebhook', { checkBody: false });
  const test = operationCheck('testWebhook');
  const testConfig = operationCheck('testWebhookConfig', { parsedLater: ['config'] });
  const replay = operationCheck('replayWebhook', { defaulted: ['status'] });

  router.get('/', (_req, res) => {
    res.json({ webhooks: engine.webhooks.list().map(webhookJson) });
  });

  router.post('/', async (req, res) => {
    const config = create.body(req);
    refuseRedactedSecrets(config);
    const webhook = await engine.webhooks.create(config);
    res.status(201).location(`/api/webhooks/${webhook.stored.id}`).json(webhookJson(webhook));
  });

  router.post('/test', async (req, res) => {
    const { config, trigger, webhookId } = testConfig.body(req);
    const withSecrets = webhookId === undefined ? config : keepStoredSecrets(config, engine.webhooks.require(webhookId).stored.config);
    refuseRedactedSecrets(withSecrets, TEST_KEEPS_SECRETS);
    res.json(invocationJson(await engine.testConfig(withSecrets, trigger)));
  });

  router.get('/:id', (req, res) => {
    res.json(webhookJson(engine.webhooks.require(req.params.id)));
  });

  router.put('/:id', async (req, res) => {
    const current = engine.webhooks.require(req.params.id);
    const config = keepStoredSecrets(update.body(req), current.stored.config);
    refuseRedactedSecrets(config);
    res.json(webhookJson(await engine.webhooks.update(req.params.id, config)));
  });

  router.delete('/:id', async (req, res) => {
    await engine.webhooks.delete(req.params.id);
    res.status(204).end();
  });

  router.post('/:id/test', async (req, res) => {
    const { trigger } = test.body(req);
    res.json(invocationJson(await engine.testWebhook(req.params.id, trigger)));
  });

  router.post('/:id/replay', async (req, res) => {
    const query = replay.query(req);
    const filter: ReplayFilter = { status: query.status, ...(query.since === undefined ? {} : { since: Date.parse(query.since) }) };
    res.status(202).json({ replayed: await engine.replayWebhook(req.params.id, filter) });
  });

  return router;
}
