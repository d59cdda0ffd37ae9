/**
 * The OAuth part of the admin API, under `/__admin/oauth`: register, list, read and revoke clients,
 * each shown with how many token requests it made (camelCase JSON, `openapi/mock-okta.yaml`).
 */
import express, { type Router } from 'express';
import { FlowhookError } from '../../src/errors.js';
import type { MockAuthorizationServer } from './authorization-server.js';
import type { RegisteredClient } from './clients.js';
import type { OAuthClientList } from './types.js';

export function createOAuthAdminRouter(server: MockAuthorizationServer): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));
  const lifetime = server.accessTokenLifetimeSec;

  router.get('/clients', (_req, res) => {
    res.json({ clients: server.clients.list().map((client) => client.view(lifetime)) } satisfies OAuthClientList);
  });

  router.post('/clients', (req, res) => {
    res.status(201).json(server.clients.register(req.body).view(lifetime));
  });

  router.get('/clients/:clientId', (req, res) => {
    res.json(existingClient(server, req.params.clientId).view(lifetime));
  });

  router.delete('/clients/:clientId', (req, res) => {
    existingClient(server, req.params.clientId);
    server.clients.delete(req.params.clientId);
    res.status(204).end();
  });

  return router;
}

function existingClient(server: MockAuthorizationServer, clientId: string): RegisteredClient {
  const client = server.clients.get(clientId);
  if (client === undefined) {
    throw new FlowhookError('FLOWHOOK_NOT_FOUND', `no OAuth client has the clientId "${clientId}"`, {
      hint: 'GET /__admin/oauth/clients lists the clients; POST /__admin/oauth/clients registers one.',
    });
  }
  return client;
}
