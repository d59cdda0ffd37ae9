/**
 * The one error body of the management API, `{ code, message, hint, details }`, with the status that
 * src/errors.ts gives each code. Anything that is not a FlowhookError is a bug: it is logged, and the
 * answer says no more than that.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { FlowhookError, isFlowhookError } from '../errors.js';

/** What body-parser attaches to the errors it raises. */
interface BodyParserError {
  type?: string;
  status?: number;
}

export const unknownRoute: RequestHandler = (req) => {
  throw new FlowhookError('FLOWHOOK_NOT_FOUND', `no route ${req.method} ${req.path}`, {
    hint: 'openapi/flowhook.yaml lists the routes of the management API.',
  });
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const error = asFlowhookError(err);
    if (error) {
      // Not the request's fault (the database is unavailable): the operator needs it in the log as well.
      if (error.status >= 500) logger.error({ err: error.toJSON(), method: req.method, path: req.path }, 'request failed');
      res.status(error.status).json(error.toJSON());
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'request failed');
    const internal = new FlowhookError('FLOWHOOK_INTERNAL', 'flowhook failed while handling the request', { hint: 'See the server log for the cause.' });
    res.status(internal.status).json(internal.toJSON());
  };
}

function asFlowhookError(err: unknown): FlowhookError | undefined {
  if (isFlowhookError(err)) return err;
  const type = (err as BodyParserError | undefined)?.type;
  if (type === 'entity.parse.failed') {
    return new FlowhookError('FLOWHOOK_BAD_REQUEST', `the request body is not valid JSON: ${(err as Error).message}`, {
      hint: 'Send one JSON object as the body.',
    });
  }
  if (type === 'entity.too.large') {
    return new FlowhookError('FLOWHOOK_BAD_REQUEST', 'the request body is larger than 1 MiB', { hint: 'Send a smaller body.' });
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new FlowhookError('FLOWHOOK_BAD_REQUEST', `the request body cannot be read: ${(err as Error).message}`, {
      hint: 'Send the body as UTF-8 JSON without a content encoding.',
    });
  }
  return undefined;
}
