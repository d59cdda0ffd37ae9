/**
 * When the PostgreSQL server itself fails — gone, refusing connections, shutting down, out of disk or
 * memory — rather than a statement being wrong: the error a caller gets (FLOWHOOK_DATABASE_UNAVAILABLE,
 * with the server's or the socket's code) so that the store's health says so until a write succeeds.
 */
import { FlowhookError } from '../errors.js';

/** Socket errors of a connection that could not be made or was lost. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** The error a caller gets when `err` is a failure of the database server; undefined for any other error. */
export function postgresUnavailable(err: unknown, database: string): FlowhookError | undefined {
  const error = err as { code?: unknown; message?: unknown } | undefined;
  const message = typeof error?.message === 'string' ? error.message : String(err);
  // node-postgres reports a connection that ended under a query without a code.
  const code = typeof error?.code === 'string' ? error.code : /Connection terminated|connection is closed|Client has encountered a connection error/i.test(message) ? 'CONNECTION_LOST' : undefined;
  if (code === undefined) return undefined;
  const hint = hintFor(code, database);
  if (hint === undefined) return undefined;
  const cause = Object.assign(new Error(message), { code });
  return new FlowhookError('FLOWHOOK_DATABASE_UNAVAILABLE', `database ${database} failed: ${message} (${code})`, { hint, cause });
}

function hintFor(code: string, database: string): string | undefined {
  if (CONNECTION_CODES.has(code) || code === 'CONNECTION_LOST' || code.startsWith('08') || code.startsWith('57P')) {
    return `Check that the PostgreSQL server of ${database} runs and takes connections from this host; flowhook reconnects by itself, and /healthz says when writes succeed again.`;
  }
  if (code === '53100') return `The server of ${database} is out of disk space: free some; writes resume by themselves once one succeeds.`;
  if (code === '53200') return `The server of ${database} is out of memory.`;
  if (code === '53300') return `The server of ${database} has no connection left: raise max_connections, or give each worker a smaller pool.`;
  if (code.startsWith('58') || code.startsWith('XX')) return `The server of ${database} reports a system error: read its log.`;
  return undefined;
}
