/**
 * The mock Okta Workflows server. One node:http listener sends invoke paths to the lean invoke route
 * and everything else to express (the admin API under `/__admin`), so capturing an invocation never
 * pays for express's router. The admin API and web UI check Host, Origin and the admin token
 * (admin-access); the invoke paths and the authorization server answer as Okta's do.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { FlowhookError, isFlowhookError } from '../src/errors.js';
import { adminAccess, listenedHost } from './admin-access.js';
import { createAdminRouter } from './admin.js';
import { MockOktaClient } from './client.js';
import { FlowRegistry } from './flows.js';
import { INVOKE_PREFIX, InvokeRoute } from './invoke.js';
import { MOCK_OKTA_DEFAULTS } from './defaults.js';
import { Journal } from './journal.js';
import { createOAuthAdminRouter } from './oauth/admin-routes.js';
import { MockAuthorizationServer } from './oauth/authorization-server.js';
import { oauth2SecurityCheck } from './oauth/bearer-check.js';
import type { OAuthClientDefinition } from './oauth/types.js';
import { defaultSecurityChecks, type SecurityCheck } from './security.js';
import type { SettledExecution } from './settled-execution.js';
import type { ConfiguredFlow, SecurityLevel } from './types.js';
import { mockOktaUi } from './ui/mock-ui.js';

export interface MockOktaOptions {
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  host?: string;
  /** The flows to start with, and to restore on reset, in the config file's shape. */
  flows?: readonly ConfiguredFlow[];
  /** Executions the journal keeps before it drops the oldest. */
  journalLimit?: number;
  /** Bytes the journal keeps over all executions (bodies, URLs, headers and a fixed cost each) before it drops the oldest. */
  journalMaxBytes?: number;
  /** Bytes of one body the journal keeps; a longer body is answered as usual but kept cut and marked `truncated`. */
  journalBodyBytes?: number;
  /** How long a flow's answer may take before the mock closes the connection. */
  invokeTimeoutMs?: number;
  /** Largest invoke request body; a larger one is refused with 413. */
  maxBodyBytes?: number;
  /** Credential checks by security level, replacing the built-in ones. */
  securityChecks?: Partial<Record<SecurityLevel, SecurityCheck>>;
  /** The OAuth clients of the org authorization server to start with, and to restore on reset. */
  oauthClients?: readonly OAuthClientDefinition[];
  /** `expires_in` of access tokens unless a client sets its own. */
  accessTokenLifetimeSec?: number;
  /**
   * Names the admin API and web UI answer to besides localhost, 127.0.0.1, [::1] and the host the mock
   * listens on; `.example.com` allows a domain. A request with another Host gets 421.
   */
  allowedHosts?: readonly string[];
  /** When set, every `/__admin` request needs `Authorization: Bearer <adminToken>` (16 to 1024 visible ASCII characters, no comma). */
  adminToken?: string;
  /** Called once for each invocation when the mock has answered it or the connection closed (unless the journal dropped it first). */
  onExecution?: (execution: SettledExecution) => void;
}

/** The admin token of each server, for the client that `startMockOkta` hands back; never a property anyone can read. */
const ADMIN_TOKENS = new WeakMap<MockOktaServer, string>();

export class MockOktaServer {
  readonly flows = new FlowRegistry();
  readonly journal: Journal;
  /** The org authorization server (`/oauth2/v1/token`), whose issuer is the mock's base URL. */
  readonly oauth: MockAuthorizationServer;
  readonly #app: Express;
  readonly http: Server;
  readonly #initialFlows: readonly ConfiguredFlow[];
  readonly #invoke: InvokeRoute;
  readonly #port: number;
  readonly #host: string;

  /**
   * Checks every option, flow and OAuth client; throws FLOWHOOK_MOCK_FLOW_INVALID for a bad flow,
   * FLOWHOOK_MOCK_CLIENT_INVALID for a bad client, TypeError for a bad option.
   */
  constructor(options: MockOktaOptions = {}) {
    this.#port = integerOption('port', options.port ?? MOCK_OKTA_DEFAULTS.port, 0, 65_535);
    this.#host = options.host ?? MOCK_OKTA_DEFAULTS.host;
    this.journal = new Journal({
      limit: integerOption('journalLimit', options.journalLimit ?? MOCK_OKTA_DEFAULTS.journalLimit, 1, 10_000_000),
      maxBytes: integerOption('journalMaxBytes', options.journalMaxBytes ?? MOCK_OKTA_DEFAULTS.journalMaxBytes, 1, 2 ** 40),
      bodyBytes: integerOption('journalBodyBytes', options.journalBodyBytes ?? MOCK_OKTA_DEFAULTS.journalBodyBytes, 0, 1_073_741_824),
    });
    this.#initialFlows = structuredClone(options.flows ?? []);
    this.flows.replaceAll(this.#initialFlows);
    this.oauth = new MockAuthorizationServer({
      issuer: () => this.url,
      clients: options.oauthClients ?? [],
      accessTokenLifetimeSec: integerOption(
        'accessTokenLifetimeSec',
        options.accessTokenLifetimeSec ?? MOCK_OKTA_DEFAULTS.accessTokenLifetimeSec,
        1,
        86_400,
      ),
    });
    this.#invoke = new InvokeRoute({
      flows: this.flows,
      journal: this.journal,
      securityChecks: { ...defaultSecurityChecks, oauth2: oauth2SecurityCheck(this.oauth), ...options.securityChecks },
      invokeTimeoutMs: integerOption('invokeTimeoutMs', options.invokeTimeoutMs ?? MOCK_OKTA_DEFAULTS.invokeTimeoutMs, 1, 3_600_000),
      maxBodyBytes: integerOption('maxBodyBytes', options.maxBodyBytes ?? MOCK_OKTA_DEFAULTS.maxBodyBytes, 1, 1_073_741_824),
      ...(options.onExecution === undefined ? {} : { onSettled: options.onExecution }),
    });
    const access = adminAccess({ allowedHosts: [...(options.allowedHosts ?? []), ...listenedHost(this.#host)], adminToken: options.adminToken });
    if (options.adminToken !== undefined) ADMIN_TOKENS.set(this, options.adminToken);
    this.#app = express();
    this.#app.disable('x-powered-by');
    this.#app.use(this.oauth.router());
    this.#app.use(access.site);
    this.#app.use('/__admin', access.admin);
    this.#app.use('/__admin/oauth', createOAuthAdminRouter(this.oauth));
    this.#app.use('/__admin', createAdminRouter({ flows: this.flows, journal: this.journal, reset: () => this.reset() }));
    this.#app.use(mockOktaUi());
    this.#app.use((req) => {
      throw new FlowhookError('FLOWHOOK_NOT_FOUND', `no route ${req.method} ${req.path}`, {
        hint: 'Invoke flows at /api/flo/{alias}/invoke; the admin API lives under /__admin (see openapi/mock-okta.yaml).',
      });
    });
    this.#app.use(errorBody);
    this.http = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith(INVOKE_PREFIX) === true) this.#invoke.handle(req, res);
      else this.#app(req, res);
    });
  }

  /** Starts listening; resolves with the base URL (`http://127.0.0.1:8787`). */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.#port, this.#host, () => {
        this.http.off('error', reject);
        resolve(this.url);
      });
    });
  }

  get url(): string {
    const { address, port } = this.http.address() as AddressInfo;
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  /** Restores the flows and OAuth clients the mock started with and empties the journal. */
  reset(): void {
    this.flows.replaceAll(this.#initialFlows);
    this.oauth.reset();
    this.journal.clear();
  }

  /** Ends waits, abandons pending answers, closes every connection. */
  async close(): Promise<void> {
    this.journal.endWaits();
    this.#invoke.stop();
    if (!this.http.listening) return;
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }
}

/** A started mock: the admin client for it, plus `close()`. */
export class RunningMockOkta extends MockOktaClient {
  readonly server: MockOktaServer;

  constructor(server: MockOktaServer) {
    const adminToken = ADMIN_TOKENS.get(server);
    super(server.url, adminToken === undefined ? {} : { adminToken });
    this.server = server;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** Starts a mock in this process, on a free port unless `port` says otherwise. */
export async function startMockOkta(options: MockOktaOptions = {}): Promise<RunningMockOkta> {
  const server = new MockOktaServer({ ...options, port: options.port ?? 0 });
  await server.listen();
  return new RunningMockOkta(server);
}

/**
 * Every error as the one error body, never express's HTML page with a stack trace: a FlowhookError with
 * its status; another error that carries a 4xx status (a malformed URL, say) as FLOWHOOK_BAD_REQUEST with
 * that status; anything else as 500 FLOWHOOK_INTERNAL, with the error's message but not its stack.
 */
const errorBody: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (isFlowhookError(err)) {
    res.status(err.status).json(err.toJSON());
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json(new FlowhookError('FLOWHOOK_BAD_REQUEST', message, { hint: 'See openapi/mock-okta.yaml for the requests the mock takes.' }).toJSON());
    return;
  }
  const internal = new FlowhookError('FLOWHOOK_INTERNAL', `the mock failed while handling the request: ${message}`, {
    hint: 'This is a bug in the mock; report it with the request that caused it.',
  });
  res.status(internal.status).json(internal.toJSON());
};

function integerOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw Object.assign(new TypeError(`"options.${name}" must be an integer from ${min} to ${max}, got ${value}`), {
      code: 'ERR_INVALID_ARG_VALUE',
    });
  }
  return value;
}
