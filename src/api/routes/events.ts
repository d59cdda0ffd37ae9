/** `/api/events`: the way in. An answer of 202 means the event and its deliveries are on disk. */
import { Router } from 'express';
import type { DeliveryEngine } from '../../engine/engine.js';
import { operationCheck } from '../request-validation.js';

export function eventRoutes(engine: DeliveryEngine): Router {
  const router = Router();
  const ingest = operationCheck('ingestEvent', { checkBody: false });

  router.post('/', async (req, res) => {
    res.status(202).json(await engine.ingest(ingest.body(req)));
  });

  return router;
}
