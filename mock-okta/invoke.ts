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
import { ExecutionRecord, REDACTED } from './execution.js';
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
import type { SecurityCheck, SecurityVerdict } from './security.js';
import type { Outcome, SecurityLevel } from './types.js';

export const INVOKE_PREFIX = '/api/flo/';

export interface InvokeSettings {
  readonly flows: FlowRegistry;
  readonly journal: Journal;
  readonly securityChecks: Readonly<Record<SecurityLevel, SecurityCheck>>;
  /** How long an answer may take before the connection is closed (Okta: 60 s). */
  readonly invokeTimeoutMs: number;
  readonly maxBodyBytes: number;
}

type InvokeTarget = { readonly alias: string; readonly token?: never } | { readonly token: string; readonly alias?: never };

export class InvokeRoute {
  readonly settings: InvokeSettings;
  /** Invocations waiting on a delay or on the invoke limit. */
  readonly pending = new Set<Invocation>();

  constructor(settings: InvokeSettings) {
    this.settings = settings;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    new Invocation(this, req, res).start();
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

class Invocation {
  readonly #route: InvokeRoute;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #startedAt = performance.now();
  readonly #receivedAtMs = Date.now();
  #chunks: Buffer[] = [];
  #bodyBytes = 0;
  #bodyTooLarge = false;
  #record: ExecutionRecord | undefined;
  #target: InvokeTarget | undefined;
  #queryToken: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #done = false;

  constructor(route: InvokeRoute, req: IncomingMessage, res: ServerResponse) {
    this.#route = route;
    this.#req = req;
    this.#res = res;
  }

  start(): void {
    this.#req.on('data', this.#onData);
    this.#req.on('end', this.#onEnd);
    this.#res.once('close', this.#onClose);
  }

  abandon(): void {
    this.#finish('closed', null, 'the mock stopped before answering');
  }

  readonly #onData = (chunk: Buffer): void => {
    if (this.#bodyTooLarge) return;
    this.#bodyBytes += chunk.length;
    if (this.#bodyBytes <= this.#route.settings.maxBodyBytes) {
      this.#chunks.push(chunk);
      return;
    }
    this.#bodyTooLarge = true;
    this.#chunks = [];
    this.#record = this.#makeRecord('');
    this.#refuse(bodyTooLarge(this.#route.settings.maxBodyBytes));
  };

  readonly #onEnd = (): void => {
    if (this.#bodyTooLarge) return;
    const [first] = this.#chunks;
    const bodyText = first === undefined ? '' : this.#chunks.length === 1 ? first.toString() : Buffer.concat(this.#chunks).toString();
    this.#chunks = [];
    this.#record = this.#makeRecord(bodyText);
    this.#decide();
  };

  readonly #onClose = (): void => {
    if (this.#done) return;
    this.#record ??= this.#makeRecord(this.#chunks.length === 0 ? '' : Buffer.concat(this.#chunks).toString());
    this.#finish('clientClosed', null, 'the caller closed the connection before the mock answered');
  };

  #makeRecord(bodyText: string): ExecutionRecord {
    const { method = 'GET', url = '/', headers } = this.#req;
    const queryStart = url.indexOf('?');
    const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
    const query = queryStart === -1 ? undefined : new URLSearchParams(url.slice(queryStart + 1));
    const queryToken = query?.get('clientToken') ?? undefined;
    if (queryToken !== undefined) query?.set('clientToken', REDACTED);
    const target = parseInvokePath(pathname);
    const record = new ExecutionRecord({
      executionId: randomUUID(),
      method,
      path: target?.token === undefined ? pathname : `${INVOKE_PREFIX}${REDACTED}`,
      query,
      headers,
      bodyText,
      receivedAtMs: this.#receivedAtMs,
    });
    record.alias = target?.alias ?? null;
    this.#target = target;
    this.#queryToken = queryToken;
    this.#route.settings.journal.add(record);
    return record;
  }

  #decide(): void {
    const { flows, securityChecks } = this.#route.settings;
    const target = this.#target;
    const pathname = this.#record?.path ?? '';
    if (target === undefined) {
      this.#refuse(notFound(`refused: "${pathname}" is not an invoke path; use /api/flo/{alias}/invoke or /api/flo/{clientToken}`));
      return;
    }
    const flow = target.token === undefined ? flows.byAlias(target.alias) : flows.byClientToken(target.token);
    if (flow === undefined) {
      const wanted = target.token === undefined ? `the alias "${target.alias}"` : 'the client token given in the path';
      this.#refuse(notFound(`refused: no flow has ${wanted}; ${describeFlows(flows.list())}`));
      return;
    }
    if (this.#record) this.#record.alias = flow.alias;
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
    this.#record.auth = verdict.auth;
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
    const response = flow.nextResponse();
    this.#record.responseIndex = response.index;
    this.#record.fault = response.fault ?? null;
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
    this.#send(response.status, { ...response.headers, ...rateHeaders }, response.body, response.bodyText, 'answered', response.explanation);
  }

  #closeAtLimit(response: PreparedResponse): void {
    if (this.#done || !this.#record) return;
    this.#record.fault = 'timeout';
    const limit = this.#route.settings.invokeTimeoutMs;
    const explanation =
      response.fault === 'timeout'
        ? `${response.explanation}; the connection was closed after ${limit} ms`
        : `${response.explanation}, but the ${limit} ms invoke limit ran out first and the connection was closed`;
    this.#finish('closed', null, explanation);
    this.#req.socket.destroy();
  }

  #refuse(refusal: Refusal, extraHeaders?: Readonly<Record<string, string>>): void {
    const text = JSON.stringify(oktaError(refusal));
    this.#send(
      refusal.status,
      { 'content-type': 'application/json', ...refusal.headers, ...extraHeaders },
      Buffer.from(text),
      text,
      'refused',
      refusal.reason,
    );
  }

  #send(status: number, headers: Record<string, string>, body: Buffer, bodyText: string, outcome: Outcome, explanation: string): void {
    if (this.#done || !this.#record) return;
    headers['content-length'] = String(body.length);
    headers['x-execution-id'] = this.#record.executionId;
    this.#res.writeHead(status, headers);
    this.#res.end(body);
    this.#record.response = { status, headers, body: bodyText };
    this.#finish(outcome, status, explanation);
  }

  #finish(outcome: Outcome, status: number | null, explanation: string): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#route.pending.delete(this);
    }
    const record = this.#record;
    if (!record) return;
    record.outcome = outcome;
    record.status = status;
    record.durationMs = Math.round((performance.now() - this.#startedAt) * 10) / 10;
    record.explanation = explanation;
    this.#route.settings.journal.changed(record);
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
