/**
 * Refuses a path whose percent-encoding cannot be decoded (`/api/webhooks/%E0%A4%A`) with 400, before
 * a route or the static files try to decode it.
 */
import type { RequestHandler } from 'express';
import { FlowhookError } from '../errors.js';

export const wellFormedPath: RequestHandler = (req, _res, next) => {
  const segment = req.path.split('/').find((part) => !decodes(part));
  if (segment !== undefined) {
    const shown = segment.length > 60 ? `${segment.slice(0, 60)}…` : segment;
    throw new FlowhookError('FLOWHOOK_BAD_REQUEST', `the path segment ${JSON.stringify(shown)} has a malformed percent-encoding`, {
      hint: 'Encode each path segment with encodeURIComponent: "%" followed by two hex digits per UTF-8 byte.',
    });
  }
  next();
};

function decodes(segment: string): boolean {
  if (!segment.includes('%')) return true;
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
