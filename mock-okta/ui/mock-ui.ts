/** The mock's web UI, served by `flowhook mock` at `/`: flows and execution history, over the admin API only. */
import { fileURLToPath } from 'node:url';
import type { Router } from 'express';
import { staticUi } from '../../src/ui/static-ui.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export function mockOktaUi(): Router {
  return staticUi(PUBLIC_DIR);
}
