/**
 * Who may use the management API, checked before anything else is served:
 * 1. the Host header must be an allowed name (allowed-hosts), else 421, so a name rebound to
 *    127.0.0.1 gets nothing, not even the UI's files or /healthz;
 * 2. a request that changes something (POST, PUT, PATCH, DELETE) with an `Origin` must come from the
 *    server's own origin, else 403;
 * 3. everything but the web UI's files, the login URL, `/healthz` and (from loopback) `/metrics` needs a
 *    credential, else 401: `Authorization: Bearer <API token>`, or the session cookie that the login URL
 *    (`/login?token=…`) sets. A change made with the cookie alone must carry the UI's Origin.
 * What is open is listed; every other path, known or not, needs the credential.
 */
import type { IncomingMessage } from 'node:http';
import { Router, type Request, type RequestHandler } from 'express';
import { FlowhookError } from '../errors.js';
import { allowedHosts, isLoopbackHost, LOOPBACK_HOSTS } from '../access/allowed-hosts.js';
import { ApiTokens, bearerToken } from '../access/api-tokens.js';
import { isSameOrigin } from '../access/same-origin.js';
import { Sessions, type SessionOptions } from './sessions.js';

export interface AccessOptions {
  /** The tokens that `Authorization: Bearer` and the login URL accept; at least one. */
  tokens: readonly string[];
  /** Names served besides localhost, 127.0.0.1 and [::1] (any port); `.example.com` allows a domain. */
  allowedHosts?: readonly string[];
  /** How long web UI sessions last, how many are kept, and the clock. */
  sessions?: Partial<SessionOptions>;
}

/** The path of the login URL: `/login?token=<API token>`. */
export const LOGIN_PATH = '/login';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const OPEN_PATHS = new Set(['/', LOGIN_PATH, '/healthz']);
const CREDENTIAL_HINT =
  'Send "Authorization: Bearer <token>" with a token from FLOWHOOK_API_TOKENS, --api-token-file or the file <database>.api-token; ' +
  'in a browser, open the login URL that flowhook serve printed when it started.';

/** The checks, in order, and the login URL, as one router to mount before everything else. @internal */
export function accessControl(options: AccessOptions): Router {
  const tokens = new ApiTokens(options.tokens);
  const hosts = allowedHosts(options.allowedHosts);
  const sessions = new Sessions(options.sessions);
  const router = Router();

  router.use((req, _res, next) => {
    if (!hosts.allows(req.headers.host)) throw hostRefused(req.headers.host);
    next();
  });

  router.use((req, _res, next) => {
    const origin = req.headers.origin;
    if (STATE_CHANGING.has(req.method) && origin !== undefined && !isSameOrigin(origin, req.headers.host ?? '')) {
      throw originRefused(`a ${req.method} from the origin ${quoted(origin)} is refused: only the web UI's own origin may change anything`);
    }
    next();
  });

  router.get(LOGIN_PATH, (req, res) => {
    const token = req.query.token;
    if (typeof token !== 'string' || !tokens.matches(token)) {
      throw new FlowhookError('FLOWHOOK_UNAUTHENTICATED', 'the login URL does not carry an API token this server accepts', { hint: CREDENTIAL_HINT });
    }
    const maxAgeSec = Math.floor(sessions.ttlMs / 1000);
    res.set({
      'Set-Cookie': `${sessionCookieName(req)}=${sessions.create()}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSec}`,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    });
    // The token leaves the address bar at once: the page it lands on has a clean URL.
    res.redirect(303, '/');
  });

  const credentialCheck: RequestHandler = (req, res, next) => {
    if (isOpen(req)) {
      next();
      return;
    }
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const token = bearerToken(authorization);
      if (token !== undefined && tokens.matches(token)) {
        next();
        return;
      }
      res.set('WWW-Authenticate', 'Bearer realm="flowhook", error="invalid_token"');
      throw unauthenticated(token === undefined ? 'the Authorization header must be "Bearer <API token>"' : 'the bearer token is not an API token this server accepts');
    }
    const session = sessionCookie(req);
    if (session !== undefined && sessions.isActive(session)) {
      if (STATE_CHANGING.has(req.method) && req.headers.origin === undefined) {
        throw originRefused(`a ${req.method} made with the web UI's session cookie must come from the web UI, which sends its Origin`);
      }
      next();
      return;
    }
    res.set('WWW-Authenticate', 'Bearer realm="flowhook"');
    throw unauthenticated(
      session === undefined
        ? 'this request needs an API token or a web UI session'
        : `the web UI session has ended (a session lasts ${formatHours(sessions.ttlMs)} and ends when flowhook serve stops)`,
    );
  };
  router.use(credentialCheck);
  return router;
}

/**
 * The web UI's files, the login URL and `/healthz` (for probes) are open; so is `/metrics` to a scraper
 * on this machine. The comparison ignores case, as express's routing does.
 */
function isOpen(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.path.toLowerCase();
  if (OPEN_PATHS.has(path) || path.startsWith('/ui/')) return true;
  return path === '/metrics' && isLoopbackPeer(req);
}

function isLoopbackPeer(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress;
  return address !== undefined && isLoopbackHost(address);
}

/** Per port, so that two servers on one host (cookies ignore ports) keep their own sessions. */
function sessionCookieName(req: IncomingMessage): string {
  return `flowhook_session_${req.socket.localPort ?? 0}`;
}

function sessionCookie(req: Request): string | undefined {
  const name = sessionCookieName(req);
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator !== -1 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return undefined;
}

function hostRefused(host: string | undefined): FlowhookError {
  const what = host === undefined ? 'the request has no Host header' : `the Host ${quoted(host)} is not a name this server answers to`;
  return new FlowhookError('FLOWHOOK_HOST_REFUSED', what, {
    hint:
      `Open flowhook by a name it answers to (${LOOPBACK_HOSTS.join(', ')} with any port, unless more were allowed), ` +
      'or allow this name with --allowed-host NAME or FLOWHOOK_ALLOWED_HOSTS.',
  });
}

function originRefused(message: string): FlowhookError {
  return new FlowhookError('FLOWHOOK_ORIGIN_REFUSED', message, {
    hint: 'Make the change in the web UI itself, or send the request without an Origin header and with "Authorization: Bearer <token>".',
  });
}

function unauthenticated(message: string): FlowhookError {
  return new FlowhookError('FLOWHOOK_UNAUTHENTICATED', message, { hint: CREDENTIAL_HINT });
}

/** A header value in a message: quoted, and cut short, since whoever sent the request chose it. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}

function formatHours(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 1 ? `${Math.round(hours * 10) / 10} hours` : `${Math.round(ms / 60_000)} minutes`;
}
