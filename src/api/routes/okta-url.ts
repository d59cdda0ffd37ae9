/** `/api/okta-url`: what a URL is to Okta Workflows, for the webhook form's note beside its URL. */
import { Router } from 'express';
import { operationCheck } from '../request-validation.js';
import { oktaUrlJson } from '../views.js';

export function oktaUrlRoutes(): Router {
  const router = Router();
  const recognise = operationCheck('recogniseOktaUrl');

  router.post('/', (req, res) => {
    const { url } = recognise.body(req) as { url: string };
    res.json(oktaUrlJson(url));
  });

  return router;
}
