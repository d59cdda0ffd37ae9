/** `/api/samples`: the sample event of each trigger, the "mock data" that Test sends. */
import { Router } from 'express';
import { SAMPLE_EVENTS } from '../../core/samples.js';
import type { SampleEventsJson } from '../../types.js';

export function sampleRoutes(): Router {
  const router = Router();
  const samples = JSON.stringify(SAMPLE_EVENTS satisfies SampleEventsJson);

  router.get('/', (_req, res) => {
    res.type('application/json').send(samples);
  });

  return router;
}
