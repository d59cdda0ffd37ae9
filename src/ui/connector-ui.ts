/**
 * The connector's web UI, served by `flowhook serve` at `/`. It drives the management API only; the two
 * routes here hand it constant data and a pure description that the API does not offer: the sample
 * events that Test sends (to prefill "Send an event") and what an Okta Workflows URL is.
 */
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { flowPath, recogniseOktaUrl } from '../core/okta-url.js';
import { SAMPLE_EVENTS } from '../core/samples.js';
import { staticUi } from './static-ui.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/** What `GET /ui/okta-url?url=` answers. */
export interface UrlDescription {
  /** The sentence of `recogniseOktaUrl`, or null when the URL is not an Okta Workflows URL. */
  okta: string | null;
  /** Okta's flow path on any host (the mock serves the same paths), without the client token; or null. */
  flowPath: { form: 'invoke'; alias: string } | { form: 'client-token-path' } | null;
}

export function connectorUi(): Router {
  const router = express.Router();
  const samples = JSON.stringify(SAMPLE_EVENTS);
  router.get('/ui/sample-events.json', (_req, res) => {
    res.type('application/json').send(samples);
  });
  router.get('/ui/okta-url', (req, res) => {
    const url = typeof req.query.url === 'string' ? req.query.url : '';
    res.json(describeUrl(url));
  });
  router.use(staticUi(PUBLIC_DIR));
  return router;
}

function describeUrl(url: string): UrlDescription {
  if (!URL.canParse(url)) return { okta: null, flowPath: null };
  const path = flowPath(new URL(url).pathname);
  return {
    okta: recogniseOktaUrl(url)?.description ?? null,
    flowPath: path === null ? null : path.form === 'invoke' ? path : { form: path.form },
  };
}
