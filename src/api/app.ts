/**
 * The management API of `flowhook serve` (express), described in openapi/flowhook.yaml. The web UI and
 * scripts use only this API. Access control (access.ts) comes first: Host, Origin, then a credential.
 */
import type { RequestListener } from 'node:http';
import express from 'express';
import { pino, type Logger } from 'pino';
import type { DeliveryEngine } from '../engine/engine.js';
import { connectorUi } from '../ui/connector-ui.js';
import { accessControl, type AccessOptions } from './access.js';
import { errorHandler, unknownRoute } from './error-handler.js';
import { deliveryRoutes } from './routes/deliveries.js';
import { eventRoutes } from './routes/events.js';
import { oktaUrlRoutes } from './routes/okta-url.js';
import { sampleRoutes } from './routes/samples.js';
import { systemRoutes } from './routes/system.js';
import { webhookRoutes } from './routes/webhooks.js';
import { wellFormedPath } from './well-formed-path.js';

export interface ApiOptions {
  engine: DeliveryEngine;
  /** The API tokens, allowed hosts and web UI sessions. */
  access: AccessOptions;
  logger?: Logger;
}

/** The management API and web UI as a request listener, for `http.createServer()` or a test client. */
export function createApiApp({ engine, access, logger = pino({ level: 'silent' }) }: ApiOptions): RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      logger.debug({ method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request');
    });
    next();
  });
  app.use(accessControl(access));
  app.use(wellFormedPath);
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
  app.use(systemRoutes(engine));
  app.use('/api/webhooks', webhookRoutes(engine));
  app.use('/api/events', eventRoutes(engine));
  app.use('/api/deliveries', deliveryRoutes(engine));
  app.use('/api/samples', sampleRoutes());
  app.use('/api/okta-url', oktaUrlRoutes());
  app.use(connectorUi());
  app.use(unknownRoute);
  app.use(errorHandler(logger));
  return app;
}
