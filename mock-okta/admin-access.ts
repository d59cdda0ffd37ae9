/**
 * Who may use the mock's admin API and web UI, with the management API's own checks (src/api): the Host
 * header must be a name the mock answers to, else 421, so a name rebound to 127.0.0.1 gets nothing; a
 * request that changes something (POST, PUT, PATCH, DELETE) with an `Origin` must come from the mock's
 * own origin, else 403, so a page on another site cannot post a form to `/__admin/reset`; and, when the
 * mock has an admin token, every `/__admin` request needs `Authorization: Bearer <admin token>`, else 401.
 * The invoke paths and the org authorization server answer as Okta's do, to any Host and Origin: the
 * mock is reached by whatever name a container network or a test gives it, and the journal those
 * requests feed is read only through `/__admin`.
 */
import type { RequestHandler } from 'express';
import { allowedHostProblem, allowedHosts, LOOPBACK_HOSTS } from '../src/access/allowed-hosts.js';
import { apiTokenProblem, ApiTokens, bearerToken } from '../src/access/api-tokens.js';
import { isSameOrigin } from '../src/access/same-origin.js';
import { FlowhookError } from '../src/errors.js';

export interface AdminAccessOptions {
  /** Names answered besides localhost, 127.0.0.1 and [::1] (any port); `.example.com` allows a domain. */
  readonly allowedHosts: readonly string[];
  /** When set, what `Authorization: Bearer` must carry on every `/__admin` request. */
  readonly adminToken: string | undefined;
}

export interface AdminAccess {
  /** The Host and Origin checks, for everything but the invoke paths and the authorization server. */
  readonly site: RequestHandler;
  /** The admin token check, for `/__admin`; lets everything through when there is no token. */
  readonly admin: RequestHandler;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Throws a TypeError (ERR_INVALID_ARG_VALUE) for a name that cannot be allowed or a token too weak to be one. */
export function adminAccess(options: AdminAccessOptions): AdminAccess {
  for (const host of options.allowedHosts) {
    const problem = allowedHostProblem(host);
    if (problem !== undefined) throw invalidOption(`"options.allowedHosts": ${problem}`);
  }
  const tokens = adminTokens(options.adminToken);
  const hosts = allowedHosts(options.allowedHosts);

  const site: RequestHandler = (req, _res, next) => {
    const host = req.headers.host;
    if (!hosts.allows(host)) throw hostRefused(host);
    const origin = req.headers.origin;
    if (STATE_CHANGING.has(req.method) && origin !== undefined && !isSameOrigin(origin, host ?? '')) {
      throw new FlowhookError('FLOWHOOK_ORIGIN_REFUSED', `a ${req.method} from the origin ${quoted(origin)} is refused: only the mock's own web UI may change anything`, {
        hint: "Make the change in the mock's web UI, or send the request without an Origin header (MockOktaClient, curl).",
      });
    }
    next();
  };

  const admin: RequestHandler = (req, res, next) => {
    if (tokens === undefined) {
      next();
      return;
    }
    const token = bearerToken(req.headers.authorization);
    if (token !== undefined && tokens.matches(token)) {
      next();
      return;
    }
    res.set('WWW-Authenticate', `Bearer realm="flowhook mock"${req.headers.authorization === undefined ? '' : ', error="invalid_token"'}`);
    const what =
      req.headers.authorization === undefined
        ? 'the admin API needs the admin token'
        : token === undefined
          ? 'the Authorization header must be "Bearer <admin token>"'
          : 'the bearer token is not the admin token';
    throw new FlowhookError('FLOWHOOK_UNAUTHENTICATED', what, {
      hint: 'Send "Authorization: Bearer <token>" with the token flowhook mock was started with (--admin-token or FLOWHOOK_MOCK_ADMIN_TOKEN); MockOktaClient takes it as { adminToken }.',
    });
  };

  return { site, admin };
}

/** The names a mock listening on `host` answers to besides the allowed ones: `host` itself, unless it is every interface. */
export function listenedHost(host: string): string[] {
  const everyInterface = host === '0.0.0.0' || host === '::' || host === '[::]' || host === '';
  return everyInterface || allowedHostProblem(host) !== undefined ? [] : [host];
}

function adminTokens(token: string | undefined): ApiTokens | undefined {
  if (token === undefined) return undefined;
  const problem = apiTokenProblem(token);
  if (problem !== undefined) throw invalidOption(`"options.adminToken" ${problem}`);
  return new ApiTokens([token]);
}

function hostRefused(host: string | undefined): FlowhookError {
  const what = host === undefined ? 'the request has no Host header' : `the Host ${quoted(host)} is not a name the mock answers to`;
  return new FlowhookError('FLOWHOOK_HOST_REFUSED', `${what} (the admin API and web UI check it; invoke paths do not)`, {
    hint: `Reach the admin API by a name it answers to (${LOOPBACK_HOSTS.join(', ')} with any port, and the host it listens on), or allow this name with flowhook mock --allowed-host NAME (option allowedHosts).`,
  });
}

function invalidOption(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_VALUE' });
}

/** A header value in a message: quoted, and cut short, since whoever sent the request chose it. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}
