/** The connector's web UI, served by `flowhook serve` at `/`. It drives the management API only. */
import { fileURLToPath } from 'node:url';
import type { Router } from 'express';
import { staticUi } from './static-ui.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export function connectorUi(): Router {
  return staticUi(PUBLIC_DIR);
}
