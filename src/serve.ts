/**
 * The delivery engine and its management API on one SQLite file, or as one worker of several on a
 * PostgreSQL database, listening on a port: what `flowhook serve` runs and what the demo starts
 * in-process. The API always needs a token: the ones given, or, on SQLite, one generated and kept
 * beside the database (api-token-source). Workers on PostgreSQL are given theirs, the same for every
 * worker behind one address, as they are given the key that seals the database's secrets.
 */
import { createServer, type Server } from 'node:http';
import { isIP } from 'node:net';
import { pino, type Logger } from 'pino';
import { allowedHostProblem, isLoopbackHost } from './access/allowed-hosts.js';
import { givenApiTokens, keptApiToken, type ApiTokenSource } from './api/api-token-source.js';
import { LOGIN_PATH } from './api/access.js';
import { createApiApp } from './api/app.js';
import { DeliveryEngine } from './engine/engine.js';
import { FlowhookError } from './errors.js';
import { isPostgresUrl } from './store/database-url.js';
import { openSqliteStore } from './store/sqlite.js';
import type { DeliveryStore } from './store/store.js';

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** The SQLite database file, created when it does not exist; or a `postgres://` URL that several workers share. */
  db: string;
  allowLocal: boolean;
  /** Allow only these networks besides public addresses, instead of `allowLocal`'s ranges: `--allow-net`. */
  allowNet?: readonly string[];
  /** The key that seals the database's secrets (FLOWHOOK_SECRET_KEY); instead of `secretKeyFile`. */
  secretKey?: string;
  /** The key file; by default `<db>.key`, created on first start. */
  secretKeyFile?: string;
  /** API tokens (FLOWHOOK_API_TOKENS); with `apiTokenFile`, or neither: then one is generated and kept in `<db>.api-token`. */
  apiTokens?: readonly string[];
  /** A file of API tokens, one a line. */
  apiTokenFile?: string;
  /** Host names served besides localhost, 127.0.0.1, [::1] and `host` itself; `.example.com` allows a domain. */
  allowedHosts?: readonly string[];
  /** How long a delivery being sent stays with this worker before another may take it, in ms (the engine's default when absent). */
  leaseMs?: number;
  logger?: Logger;
}

export interface RunningServer {
  /** The base URL of the management API and the web UI. */
  readonly url: string;
  readonly engine: DeliveryEngine;
  /** Opens the web UI logged in (`…/login?token=…`) when flowhook generated the token; undefined when tokens were given. */
  readonly loginUrl: string | undefined;
  /** Where the generated token is kept; undefined when tokens were given or the database is in memory. */
  readonly apiTokenFile: string | undefined;
  /** Stops taking work, lets sends under way finish or hands them back, and closes the database. */
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const badHost = options.allowedHosts?.find((host) => allowedHostProblem(host) !== undefined);
  if (badHost !== undefined) throw new TypeError(`"allowedHosts": ${allowedHostProblem(badHost)}`);
  // The name or address it listens on is one clients use; a wildcard is none.
  const listensOn = isWildcard(options.host) || allowedHostProblem(options.host) !== undefined ? [] : [options.host];
  const allowedHosts = [...(options.allowedHosts ?? []), ...listensOn];
  // Tokens the operator gave are checked before the database is opened; the kept token only after the store
  // holds the database's lock, so a second serve that is refused never touches the first one's token file.
  const given = givenApiTokens({
    ...(options.apiTokens === undefined ? {} : { apiTokens: options.apiTokens }),
    ...(options.apiTokenFile === undefined ? {} : { apiTokenFile: options.apiTokenFile }),
  });
  const keys = { secretKey: options.secretKey, secretKeyFile: options.secretKeyFile };
  const shared = isPostgresUrl(options.db);
  if (shared && !given) {
    throw new FlowhookError('FLOWHOOK_OPTION_INVALID', 'workers on a PostgreSQL database need their API tokens given: none is generated for them', {
      hint: 'Set FLOWHOOK_API_TOKENS or pass --api-token-file, the same for every worker that answers at one address.',
    });
  }
  // The driver loads only for a PostgreSQL database.
  const store: DeliveryStore = shared ? await (await import('./store/postgres.js')).openPostgresStore(options.db, keys) : openSqliteStore(options.db, keys);
  let tokens: ApiTokenSource;
  try {
    tokens = given ?? keptApiToken(options.db);
  } catch (err) {
    await store.close();
    throw err;
  }
  const engine = new DeliveryEngine({
    store,
    allowLocal: options.allowLocal,
    ...(options.allowNet === undefined ? {} : { allowNet: options.allowNet }),
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  let server: Server;
  try {
    await engine.start();
    server = createServer(createApiApp({ engine, access: { tokens: tokens.tokens, allowedHosts }, logger }));
    await listen(server, options.port, options.host);
  } catch (err) {
    await engine.stop();
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const warning = plainHttpWarning(options.host);
  if (warning !== undefined) logger.warn({ host: options.host, port }, warning);
  return {
    url: `http://${urlHost(options.host)}:${port}`,
    engine,
    loginUrl: loginUrl(tokens, `http://${urlHost(isWildcard(options.host) ? '127.0.0.1' : options.host)}:${port}`),
    apiTokenFile: tokens.kind === 'generated' ? tokens.file : undefined,
    async close() {
      server.close();
      server.closeIdleConnections();
      await engine.stop();
    },
  };
}

/** What `serve` warns of when it listens beyond this machine; undefined on a loopback address. */
export function plainHttpWarning(host: string): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  const where = isWildcard(host) ? `every interface (${host})` : host;
  return (
    `listening on ${where}, beyond this machine, over plain http: the API token, the session cookie and webhook configs ` +
    'cross the network unencrypted; put a TLS proxy in front, or listen on 127.0.0.1'
  );
}

function loginUrl(tokens: ApiTokenSource, base: string): string | undefined {
  return tokens.kind === 'generated' ? `${base}${LOGIN_PATH}?token=${encodeURIComponent(tokens.tokens[0])}` : undefined;
}

/** `0.0.0.0` and `::` listen on every interface; they are no name a browser sends. */
function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]' || host === '';
}

function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
