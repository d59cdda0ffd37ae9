/** `/api/deliveries`: the delivery log, followed live with `cursor`, and replay of one delivery. */
import { Router } from 'express';
import type { DeliveryEngine } from '../../engine/engine.js';
import type { DeliveryQuery } from '../../store/store.js';
import { operationCheck } from '../request-validation.js';
import { deliveryDetailJson, deliveryListJson, deliverySummaryJson } from '../views.js';

export function deliveryRoutes(engine: DeliveryEngine): Router {
  const router = Router();
  const list = operationCheck('listDeliveries', { defaulted: ['limit'] });

  router.get('/', async (req, res) => {
    const query = list.query(req);
    const filter: DeliveryQuery = {
      limit: query.limit,
      ...(query.webhook === undefined ? {} : { webhookId: query.webhook }),
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.event === undefined ? {} : { eventId: query.event }),
      ...(query.trigger === undefined ? {} : { trigger: query.trigger }),
      ...(query.cursor === undefined ? {} : { changedAfter: query.cursor }),
      ...(query.before === undefined ? {} : { before: query.before }),
    };
    res.json(deliveryListJson(await engine.listDeliveries(filter)));
  });

  router.get('/:id', async (req, res) => {
    res.json(deliveryDetailJson(await engine.getDelivery(req.params.id)));
  });

  router.post('/:id/replay', async (req, res) => {
    res.status(202).json(deliverySummaryJson(await engine.replayDelivery(req.params.id)));
  });

  return router;
}
