/** `/healthz`, `/metrics` and `/api/schema/event`. */
import { Router } from 'express';
import type { DeliveryEngine } from '../../engine/engine.js';
import { eventPayloadSchema } from '../event-schema.js';

export function systemRoutes(engine: DeliveryEngine): Router {
  const router = Router();
  const schema = JSON.stringify(eventPayloadSchema());

  // 503 while the engine stops, or while its database takes no writes (`degraded`, with the cause and what to do).
  router.get('/healthz', async (_req, res) => {
    const health = await engine.health();
    res.status(health.status === 'ok' ? 200 : 503).json(health);
  });

  router.get('/metrics', async (_req, res) => {
    res.type('text/plain; version=0.0.4').send(await engine.renderMetrics());
  });

  router.get('/api/schema/event', (_req, res) => {
    res.type('application/schema+json').send(schema);
  });

  return router;
}
