/**
 * The invoke route (`/api/flo/{alias}/invoke` and `/api/flo/{clientToken}`) on the raw node:http
 * request, ahead of express: the path is split by hand, the flow found in a map, the credential checked
 * by the flow's security level, and the flow's prepared answer written. Every request becomes one
 * journal record, accepted or refused, made when its body has arrived and completed when the mock
 * answers or the connection closes.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Problem } from '../src/errors.js';
import { contractBroken } from './contract.js';
import { answerHeaderList, REDACTED, redactQuery, type Answer, type ExecutionRecord } from './execution.js';
import type { FlowRegistry, MockFlow } from './flows.js';
import type { Journal } from './journal.js';
import {
  bodyTooLarge,
  flowInactive,
  internalError,
  methodNotAllowed,
  notFound,
  oktaError,
  rateLimited,
  type Refusal,
} from './okta-error.js';
import type { PreparedResponse } from './responses.js';
import { settledExecution, type SettledExecution } from './settled-execution.js';
import type { SecurityCheck, SecurityVerdict } from './security.js';
import type { Outcome, SecurityLevel } from './types.js';

export const INVOKE_PREFIX = '/api/flo/';
/** How the journal shows the path of `/api/flo/{clientToken}`. */
const TOKEN_PATH = `${INVOKE_PREFIX}${REDACTED}`;

export interface InvokeSettings {
  readonly flows: FlowRegistry;
  readonly journal: Journal;
  readonly securityChecks: Readonly<Record<SecurityLevel, SecurityCheck>>;
  /** How long an answer may take before the connection is closed (Okta: 60 s). */
  readonly invokeTimeoutMs: number;
  readonly maxBodyBytes: number;
  /** Told of each invocation once it is settled, while the journal still keeps its record. */
  readonly onSettled?: (execution: SettledExecution) => void;
}

type InvokeTarget = { readonly alias: string; readonly token?: never } | { readonly token: string; readonly alias?: never };

export class InvokeRoute {
  readonly settings: InvokeSettings;
  /** Invocations waiting on a delay or on the invoke limit. */
  readonly pending = new Set<Invocation>();
  /** The last query string read: callers of one flow send the same one, so it is parsed and redacted once. */
  #lastQuery: ReadQuery = NO_QUERY;

  constructor(settings: InvokeSettings) {
    this.settings = settings;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    new Invocation(this, req, res).start();
  }

  /** The `clientToken` in a query string, and the string with it and every other credential parameter redacted. */
  readQuery(raw: string): ReadQuery {
    if (raw === this.#lastQuery.raw) return this.#lastQuery;
    const token = new URLSearchParams(raw).get('clientToken') ?? undefined;
    this.#lastQuery = { raw, token, redacted: redactQuery(raw) };
    return this.#lastQuery;
  }

  /** Abandons every answer still to come (the server is closing). */
  stop(): void {
    for (const invocation of this.pending) invocation.abandon();
  }
}

/** `/api/flo/abc/invoke` → `{ alias: 'abc' }`; `/api/flo/t0k3n` → `{ token: 't0k3n' }`; anything else → undefined. */
export function parseInvokePath(pathname: string): InvokeTarget | undefined {
  const rest = pathname.slice(INVOKE_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash === -1) return rest === '' ? undefined : { token: rest };
  if (slash > 0 && rest.length === slash + '/invoke'.length && rest.endsWith('/invoke')) return { alias: rest.slice(0, slash) };
  return undefined;
}

/** The query string of a request, its `clientToken` (if any) and the string the journal keeps. */
interface ReadQuery {
  readonly raw: string;
  readonly token: string | undefined;
  /** `raw` with the values of `clientToken` and other credential parameters replaced by `[REDACTED]`. */
  readonly redacted: string;
}

const NO_QUERY: ReadQuery = { raw: '', token: undefined, redacted: '' };

/** Where a request's invocation is found by the listeners below, which are shared by every request. */
const INVOCATION = Symbol('invocation');

interface InvokeRequest extends IncomingMessage {
  [INVOCATION]?: Invocation;
}

function onData(this: InvokeRequest, chunk: Buffer): void {
  this[INVOCATION]?.data(chunk);
}

function onEnd(this: InvokeRequest): void {
  this[INVOCATION]?.end();
}

function onClose(this: ServerResponse<InvokeRequest>): void {
  this.req[INVOCATION]?.closed();
}

const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json' };

class Invocation {
  readonly #route: InvokeRoute;
  readonly #req: InvokeRequest;
  readonly #res: ServerResponse;
  readonly #startedAt = performance.now();
  readonly #receivedAtMs = Date.now();
  readonly #executionId = randomUUID();
  /** The start of the body, as much as the journal keeps. */
  #chunks: Buffer[] = [];
  #keptBytes = 0;
  #bodyBytes = 0;
  #bodyTooLarge = false;
  /** This request's record, while `#serial` says the journal has not dropped and reused it. */
  #record: ExecutionRecord | undefined;
  #serial = 0;
  /** The path as the journal shows it. */
  #path = '';
  #target: InvokeTarget | undefined;
  #queryToken: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #done = false;

  constructor(route: InvokeRoute, req: InvokeRequest, res: ServerResponse) {
    this.#route = route;
    this.#req = req;
    this.#res = res;
  }

  start(): void {
    this.#req[INVOCATION] = this;
    this.#req.on('data', onData);
    this.#req.on('end', onEnd);
    this.#res.once('close', onClose);
  }

  abandon(): void {
    this.#finish('closed', null, 'the mock stopped before answering');
  }

  data(chunk: Buffer): void {
    if (this.#bodyTooLarge) return;
    this.#bodyBytes += chunk.length;
    const room = this.#route.settings.journal.bodyBytes - this.#keptBytes;
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.#chunks.push(part);
      this.#keptBytes += part.length;
    }
    const { maxBodyBytes } = this.#route.settings;
    if (this.#bodyBytes <= maxBodyBytes) return;
    this.#bodyTooLarge = true;
    this.#record = this.#makeRecord();
    this.#refuse(bodyTooLarge(maxBodyBytes));
  }

  end(): void {
    if (this.#bodyTooLarge) return;
    this.#record = this.#makeRecord();
    this.#decide();
  }

  closed(): void {
    if (this.#done) return;
    this.#record ??= this.#makeRecord();
    this.#finish('clientClosed', null, 'the caller closed the connection before the mock answered');
  }

  #makeRecord(): ExecutionRecord {
    const { method = 'GET', url = '/', headers } = this.#req;
    const queryStart = url.indexOf('?');
    const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
    const query = queryStart === -1 ? NO_QUERY : this.#route.readQuery(url.slice(queryStart + 1));
    const target = parseInvokePath(pathname);
    const path = target?.token === undefined ? pathname : TOKEN_PATH;
    const record = this.#route.settings.journal.capture({
      executionId: this.#executionId,
      alias: target?.alias ?? null,
      method,
      path,
      query: query.redacted,
      headers,
      bodyChunks: this.#chunks,
      keptBytes: this.#keptBytes,
      bodyBytes: this.#bodyBytes,
      receivedAtMs: this.#receivedAtMs,
    });
    this.#chunks = [];
    this.#serial = record.serial;
    this.#path = path;
    this.#target = target;
    this.#queryToken = query.token;
    return record;
  }

  #decide(): void {
    const { flows, securityChecks } = this.#route.settings;
    const target = this.#target;
    if (target === undefined) {
      this.#refuse(notFound(`refused: "${this.#path}" is not an invoke path; use /api/flo/{alias}/invoke or /api/flo/{clientToken}`));
      return;
    }
    const flow = target.token === undefined ? flows.byAlias(target.alias) : flows.byClientToken(target.token);
    if (flow === undefined) {
      const wanted = target.token === undefined ? `the alias "${target.alias}"` : 'the client token given in the path';
      this.#refuse(notFound(`refused: no flow has ${wanted}; ${describeFlows(flows.list())}`));
      return;
    }
    const record = this.#kept();
    if (record && record.alias !== flow.alias) {
      record.alias = flow.alias;
      this.#route.settings.journal.changed(record);
    }
    const method = this.#req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST') {
      this.#refuse(methodNotAllowed(method));
      return;
    }
    const check = securityChecks[flow.security];
    let verdict: SecurityVerdict | Promise<SecurityVerdict>;
    try {
      verdict = check(flow, {
        query: this.#queryToken,
        header: headerValue(this.#req.headers['x-api-client-token']),
        path: target.token,
        authorization: this.#req.headers.authorization,
      });
    } catch (err) {
      this.#refuse(internalError(securityCheckFailed(flow, err)));
      return;
    }
    if (verdict instanceof Promise) {
      verdict.then(
        (settled) => this.#afterSecurity(flow, settled),
        (err: unknown) => this.#refuse(internalError(securityCheckFailed(flow, err))),
      );
    } else {
      this.#afterSecurity(flow, verdict);
    }
  }

  #afterSecurity(flow: MockFlow, verdict: SecurityVerdict): void {
    if (this.#done || !this.#record) return;
    const record = this.#kept();
    if (record) record.auth = verdict.auth;
    if (verdict.refusal) {
      this.#refuse(verdict.refusal);
      return;
    }
    if (!flow.active) {
      this.#refuse(flowInactive(flow.alias));
      return;
    }
    let rateHeaders: Readonly<Record<string, string>> | undefined;
    if (flow.limit) {
      const decision = flow.limit.take(Date.now());
      rateHeaders = decision.headers;
      if (!decision.allowed) {
        this.#refuse(rateLimited(flow.alias, flow.limit.perSecond), rateHeaders);
        return;
      }
    }
    if (record && flow.contract !== undefined) {
      record.contract = flow.contract.check(record.view());
      if (!record.contract.ok && flow.contract.rejects) {
        this.#rejectInput(flow, record.contract.problems, rateHeaders);
        return;
      }
    }
    const response = flow.nextResponse();
    if (record) {
      record.responseIndex = response.index;
      record.fault = response.fault ?? null;
    }
    const left = this.#route.settings.invokeTimeoutMs - (performance.now() - this.#startedAt);
    if (response.fault === 'timeout' || response.delayMs >= left) {
      this.#wait(() => this.#closeAtLimit(response), Math.max(0, left));
    } else if (response.delayMs > 0) {
      this.#wait(() => this.#apply(response, rateHeaders), response.delayMs);
    } else {
      this.#apply(response, rateHeaders);
    }
  }

  #wait(then: () => void, ms: number): void {
    this.#route.pending.add(this);
    this.#timer = setTimeout(() => {
      this.#route.pending.delete(this);
      then();
    }, ms);
  }

  #apply(response: PreparedResponse, rateHeaders: Readonly<Record<string, string>> | undefined): void {
    if (this.#done) return;
    if (response.fault === 'reset' || response.fault === 'empty') {
      this.#finish('closed', null, response.explanation);
      if (response.fault === 'reset') this.#req.socket.resetAndDestroy();
      else this.#req.socket.destroy();
      return;
    }
    this.#send(response, rateHeaders, response.body, 'answered', response.explanation);
  }

  #closeAtLimit(response: PreparedResponse): void {
    if (this.#done || !this.#record) return;
    const record = this.#kept();
    if (record) record.fault = 'timeout';
    const limit = this.#route.settings.invokeTimeoutMs;
    const explanation =
      response.fault === 'timeout'
        ? `${response.explanation}; the connection was closed after ${limit} ms`
        : `${response.explanation}, but the ${limit} ms invoke limit ran out first and the connection was closed`;
    this.#finish('closed', null, explanation);
    this.#req.socket.destroy();
  }

  #refuse(refusal: Refusal, extraHeaders?: Readonly<Record<string, string>>): void {
    const bodyText = JSON.stringify(oktaError(refusal));
    const headers = refusal.headers === undefined ? JSON_HEADERS : { ...JSON_HEADERS, ...refusal.headers };
    this.#send({ status: refusal.status, headers, bodyText }, extraHeaders, bodyText, 'refused', refusal.reason);
  }

  /** Refuses input that breaks the flow's contract: 400 with Okta's validation error, one cause per problem. */
  #rejectInput(flow: MockFlow, problems: readonly Problem[], rateHeaders: Readonly<Record<string, string>> | undefined): void {
    const refusal = contractBroken(flow.alias, problems);
    const bodyText = JSON.stringify({ ...oktaError(refusal), errorCauses: problems.map((problem) => ({ errorSummary: `${problem.path} ${problem.message}` })) });
    this.#send({ status: refusal.status, headers: JSON_HEADERS, bodyText }, rateHeaders, bodyText, 'refused', refusal.reason);
  }

  /** Writes `answer` with `body` (its bytes, or its text) and records it. */
  #send(answer: Answer, extraHeaders: Readonly<Record<string, string>> | undefined, body: Buffer | string, outcome: Outcome, explanation: string): void {
    if (this.#done || !this.#record) return;
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    this.#res.writeHead(answer.status, answerHeaderList(answer, extraHeaders, this.#executionId, length));
    this.#res.end(body);
    const record = this.#kept();
    if (record) {
      record.answer = answer;
      record.answerExtraHeaders = extraHeaders;
    }
    this.#finish(outcome, answer.status, explanation);
  }

  #finish(outcome: Outcome, status: number | null, explanation: string): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#route.pending.delete(this);
    }
    const record = this.#kept();
    if (!record) return;
    record.outcome = outcome;
    record.status = status;
    record.durationMs = performance.now() - this.#startedAt;
    record.explanation = explanation;
    const { journal, onSettled } = this.#route.settings;
    journal.changed(record);
    onSettled?.(settledExecution(record, { executionId: this.#executionId, receivedAtMs: this.#receivedAtMs, method: this.#req.method ?? 'GET', path: this.#path }));
  }

  /** The record, unless the journal has dropped it (and perhaps reused it for a later request) meanwhile. */
  #kept(): ExecutionRecord | undefined {
    return this.#record?.holds(this.#serial) === true ? this.#record : undefined;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function securityCheckFailed(flow: MockFlow, err: unknown): string {
  return `the "${flow.security}" security check of flow "${flow.alias}" failed: ${err instanceof Error ? err.message : String(err)}`;
}

/** `flows: "a", "b"` (at most ten named), for a 404's explanation. */
function describeFlows(flows: readonly MockFlow[]): string {
  if (flows.length === 0) return 'the mock has no flows';
  const named = flows.slice(0, 10).map((flow) => `"${flow.alias}"`).join(', ');
  return `flows: ${named}${flows.length > 10 ? ` and ${flows.length - 10} more` : ''}`;
}
