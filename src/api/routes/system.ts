/** `/healthz`, `/metrics` and `/api/schema/event`. */
import { Router } from 'express';
import type { DeliveryEngine } from '../../engine/engine.js';
import { eventPayloadSchema } from '../event-schema.js';

export function systemRoutes(engine: DeliveryEngine): Router {
  const router = Router();
  const schema = JSON.stringify(eventPayloadSchema());

  router.get('/healthz', (_req, res) => {
    const running = engine.state === 'running';
    res.status(running ? 200 : 503).json({ status: running ? 'ok' : 'stopping' });
  });

  router.get('/metrics', async (_req, res) => {
    res.type('text/plain; version=0.0.4').send(await engine.renderMetrics());
  });

  router.get('/api/schema/event', (_req, res) => {
    res.type('application/schema+json').send(schema);
  });

  return router;
}
