/**
 * A typed client of the mock's admin API over HTTP. The same client drives a mock started in-process
 * (`startMockOkta()` returns one) and a `flowhook mock` process (`new MockOktaClient(baseUrl)`).
 */
import { ERROR_CODES, FlowhookError, type FlowhookErrorCode, type Problem } from '../src/errors.js';
import type { OAuthClient, OAuthClientDefinition, OAuthClientList } from './oauth/types.js';
import type { AdminError, Execution, ExecutionList, Flow, FlowDefinition, FlowList, VerifyRequest, VerifyResult } from './types.js';

export interface ExecutionQuery {
  alias?: string;
  /** Only executions the mock answered with this status. */
  status?: number;
  /** Only the most recent `limit` matching executions (still oldest first). */
  limit?: number;
}

export interface WaitForOptions {
  alias?: string;
  status?: number;
  /** How many matching executions to wait for; default 1. */
  count?: number;
  /** How long to wait; default 5000 ms, at most 120000 ms. */
  timeoutMs?: number;
}

export interface MockOktaClientOptions {
  /** The admin token the mock was started with (`--admin-token`, `FLOWHOOK_MOCK_ADMIN_TOKEN`, option `adminToken`), sent as `Authorization: Bearer`. */
  adminToken?: string;
}

export class MockOktaClient {
  /** The mock's base URL, without a trailing slash. */
  readonly url: string;
  readonly #authorization: Readonly<Record<string, string>>;

  constructor(baseUrl: string | URL, options: MockOktaClientOptions = {}) {
    this.url = String(baseUrl).replace(/\/+$/, '');
    this.#authorization = options.adminToken === undefined ? {} : { authorization: `Bearer ${options.adminToken}` };
  }

  invokeUrl(alias: string): string {
    return `${this.url}/api/flo/${encodeURIComponent(alias)}/invoke`;
  }

  /** The token endpoint of the mock's org authorization server. */
  get tokenUrl(): string {
    return `${this.url}/oauth2/v1/token`;
  }

  /** Registers an OAuth client (an Okta API Services app). */
  oauthClient(definition: OAuthClientDefinition): Promise<OAuthClient> {
    return this.#call<OAuthClient>('POST', '/__admin/oauth/clients', definition);
  }

  /** One OAuth client, with its token request count. */
  getOAuthClient(clientId: string): Promise<OAuthClient> {
    return this.#call<OAuthClient>('GET', `/__admin/oauth/clients/${encodeURIComponent(clientId)}`);
  }

  async oauthClients(): Promise<OAuthClient[]> {
    return (await this.#call<OAuthClientList>('GET', '/__admin/oauth/clients')).clients;
  }

  /** Revokes an OAuth client: no more tokens, and the tokens it holds are refused. */
  async deleteOAuthClient(clientId: string): Promise<void> {
    await this.#call('DELETE', `/__admin/oauth/clients/${encodeURIComponent(clientId)}`);
  }

  /** Creates or replaces a flow. */
  flow(alias: string, definition: FlowDefinition): Promise<Flow> {
    return this.#call<Flow>('PUT', `/__admin/flows/${encodeURIComponent(alias)}`, definition);
  }

  getFlow(alias: string): Promise<Flow> {
    return this.#call<Flow>('GET', `/__admin/flows/${encodeURIComponent(alias)}`);
  }

  async flows(): Promise<Flow[]> {
    return (await this.#call<FlowList>('GET', '/__admin/flows')).flows;
  }

  async deleteFlow(alias: string): Promise<void> {
    await this.#call('DELETE', `/__admin/flows/${encodeURIComponent(alias)}`);
  }

  /** Recorded executions, oldest first. */
  async executions(query: ExecutionQuery = {}): Promise<Execution[]> {
    return (await this.#call<ExecutionList>('GET', `/__admin/executions${queryString(query)}`)).executions;
  }

  /**
   * Resolves with the matching executions once at least `count` exist; throws
   * FLOWHOOK_MOCK_WAIT_TIMEOUT when the time runs out first.
   */
  async waitFor(options: WaitForOptions = {}): Promise<Execution[]> {
    return (await this.#call<ExecutionList>('GET', `/__admin/executions/wait${queryString(options)}`)).executions;
  }

  /**
   * Counts the executions that meet `request` against the count it expects (at least one unless it says),
   * from the journal as it is now; when too few match, `nearMisses` says which executions came nearest
   * and what each missed. Resolves with the verdict whether `ok` or not.
   */
  verify(request: VerifyRequest = {}): Promise<VerifyResult> {
    return this.#call<VerifyResult>('POST', '/__admin/executions/verify', request);
  }

  async clearExecutions(): Promise<void> {
    await this.#call('DELETE', '/__admin/executions');
  }

  /** Restores the flows the mock started with and empties the journal. */
  async reset(): Promise<void> {
    await this.#call('POST', '/__admin/reset');
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      ...(body === undefined
        ? { headers: this.#authorization }
        : { headers: { ...this.#authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.ok) return (text === '' ? undefined : JSON.parse(text)) as T;
    throw adminError(method, path, response.status, text);
  }
}

function queryString(query: ExecutionQuery | WaitForOptions): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query) as [string, string | number | undefined][]) {
    if (value !== undefined) params.set(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function adminError(method: string, path: string, status: number, text: string): Error {
  let body: Partial<AdminError> | undefined;
  try {
    body = JSON.parse(text) as Partial<AdminError>;
  } catch {
    body = undefined;
  }
  if (body?.code !== undefined && body.code in ERROR_CODES && body.message !== undefined) {
    return new FlowhookError(body.code as FlowhookErrorCode, body.message, {
      ...(body.hint === undefined ? {} : { hint: body.hint }),
      ...(body.details === undefined ? {} : { details: body.details as Problem[] }),
    });
  }
  return new Error(`the mock's admin API answered ${status} to ${method} ${path}: ${text.slice(0, 200)}`);
}
