/**
 * Sends one HTTP request to a webhook target with undici and returns what came back, without judging
 * it. Connections are pooled and kept alive per origin. Every address a host name resolves to is
 * checked at connect time against the target policy (url-policy), so a public-looking name that
 * resolves to a loopback, private or other special-purpose address (DNS rebinding included) is refused
 * unless the operator allowed it.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import { hostAddress, targetPolicy, type AddressRefusal, type LocalTargetOptions, type TargetPolicy } from '../core/url-policy.js';

/** The most of a response body that is kept; the rest is discarded. */
export const RESPONSE_BODY_LIMIT = 64 * 1024;
/** Longer than any allowed `timeout_in_sec`, so that the request's own deadline decides. */
const CONNECT_TIMEOUT_MS = 65_000;

export interface SendRequest {
  method: string;
  /** A parsed URL saves parsing it on every send. */
  url: string | URL;
  headers: Readonly<Record<string, string>>;
  body?: string;
  /** Covers connecting, waiting for the headers and reading the body. */
  timeoutMs: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  bodyTruncated: boolean;
  /** From sending until the response headers arrived. */
  headersMs: number;
  /** From sending until the body was read. */
  totalMs: number;
}

export type SendErrorKind = 'timeout' | 'connection' | 'refused_url';

/** Why no response arrived. The message names the host, never the full URL (it may hold a token). */
export class SendError extends Error {
  readonly kind: SendErrorKind;
  readonly hint: string | undefined;

  constructor(kind: SendErrorKind, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SendError';
    this.kind = kind;
    this.hint = options.hint;
  }
}

class AddressRefused extends Error {
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly refusal: AddressRefusal,
  ) {
    super(`${hostname} resolves to ${refusal.what}`);
  }
}

export interface SenderAgentOptions extends LocalTargetOptions {
  /** TLS settings, e.g. a `ca` for a test server's self-signed certificate. */
  tls?: ConnectionOptions;
}

/** The target policy of each pool made by `createSenderAgent`; `send` checks literal addresses by it. */
const agentPolicies = new WeakMap<Dispatcher, TargetPolicy>();

/** A keep-alive connection pool per origin, refusing at connect time every address its target policy refuses. */
export function createSenderAgent(options: SenderAgentOptions): Agent {
  const policy = targetPolicy(options);
  const agent = new Agent({
    connect: {
      timeout: CONNECT_TIMEOUT_MS,
      ...options.tls,
      lookup: checkedLookup(policy),
    },
  });
  agentPolicies.set(agent, policy);
  return agent;
}

const sharedAgents = new Map<string, Agent>();

function sharedAgent(policy: TargetPolicy): Agent {
  let agent = sharedAgents.get(policy.key);
  if (!agent) {
    agent = createSenderAgent(policy.options);
    sharedAgents.set(policy.key, agent);
  }
  return agent;
}

/** Closes the shared connection pools (at shutdown). */
export async function closeSharedAgents(): Promise<void> {
  const agents = [...sharedAgents.values()];
  sharedAgents.clear();
  await Promise.all(agents.map((agent) => agent.close()));
}

/** A DNS lookup that fails when any address of the name is one the policy refuses. */
function checkedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options: LookupOptions, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) {
        callback(err, '', 0);
        return;
      }
      for (const entry of addresses) {
        const refusal = policy.refusal(entry.address);
        if (refusal !== undefined) {
          callback(new AddressRefused(hostname, entry.address, refusal), '', 0);
          return;
        }
      }
      const first = addresses[0];
      if (options.all === true) callback(null, addresses);
      else callback(null, first?.address ?? '', first?.family ?? 4);
    });
  };
}

export interface SendOptions extends LocalTargetOptions {
  /** The target policy, made once (`targetPolicy`); else made from `allowLocal` and `allowNet`. A pool from `createSenderAgent` brings its own. */
  policy?: TargetPolicy;
  /** A pool from `createSenderAgent` (tests, custom TLS); the shared pools otherwise. */
  dispatcher?: Dispatcher;
}

/**
 * Sends `req`; resolves with the raw response of any status, or rejects with a SendError. It uses
 * undici's dispatch API with a handler that keeps the first 64 KiB of the body as it arrives: no
 * response stream, no AbortController, which would cost more than the rest of a send to a fast flow.
 */
export function send(req: SendRequest, options: SendOptions = {}): Promise<RawResponse> {
  const policy = (options.dispatcher && agentPolicies.get(options.dispatcher)) ?? options.policy ?? targetPolicy(options);
  const url = typeof req.url === 'string' ? new URL(req.url) : req.url;
  // A literal address is connected to without a lookup, so it is checked here.
  const literal = hostAddress(url.hostname);
  const refusal = isIP(literal) === 0 ? undefined : policy.refusal(literal, url.hostname);
  if (refusal !== undefined) return Promise.reject(refused(url.hostname, literal, refusal));
  const dispatcher = options.dispatcher ?? sharedAgent(policy);
  return new Promise((resolve, reject) => {
    const handler = new CappedResponseHandler(url, req.timeoutMs, resolve, reject);
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body ?? null,
      },
      handler,
    );
  });
}

/** Collects one response, up to RESPONSE_BODY_LIMIT, and settles once: with the response, or with a SendError. */
class CappedResponseHandler implements Dispatcher.DispatchHandler {
  readonly #url: URL;
  readonly #timeoutMs: number;
  readonly #resolve: (response: RawResponse) => void;
  readonly #reject: (err: SendError) => void;
  readonly #started = performance.now();
  readonly #timer: NodeJS.Timeout;
  #abort: ((err?: Error) => void) | undefined;
  #settled = false;
  #timedOut = false;
  #status = 0;
  #headers: Record<string, string> = {};
  #headersMs = 0;
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #truncated = false;

  constructor(url: URL, timeoutMs: number, resolve: (response: RawResponse) => void, reject: (err: SendError) => void) {
    this.#url = url;
    this.#timeoutMs = timeoutMs;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#timer = setTimeout(() => this.#timeOut(), timeoutMs);
  }

  onConnect(abort: (err?: Error) => void): void {
    // A request that waited in the pool past its deadline is dropped as soon as it could start.
    if (this.#settled) abort(new Error('the delivery is over'));
    else this.#abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.#status = statusCode;
    this.#headers = headerRecord(rawHeaders);
    this.#headersMs = performance.now() - this.#started;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#truncated) return true;
    const room = RESPONSE_BODY_LIMIT - this.#size;
    if (chunk.length > room) {
      this.#chunks.push(chunk.subarray(0, room));
      this.#size += room;
      this.#truncated = true;
      // The rest is not wanted: settle now and drop the connection rather than read it, once the
      // parser has returned (aborting from inside its callback makes the pool open a spare connection).
      this.#succeed();
      const abort = this.#abort;
      if (abort) setImmediate(() => abort(new Error('response body over the limit')));
      return true;
    }
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    return true;
  }

  onComplete(): void {
    this.#succeed();
  }

  onError(err: Error): void {
    if (this.#settled) return;
    this.#fail(this.#timedOut || isTimeoutError(err) ? this.#timeoutError(err) : sendErrorFrom(this.#url, err));
  }

  #succeed(): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    // Streaming mode holds back a multi-byte character cut in half by the limit instead of mangling it.
    const body = new TextDecoder().decode(this.#chunks.length === 1 ? this.#chunks[0] : Buffer.concat(this.#chunks), { stream: this.#truncated });
    this.#resolve({
      status: this.#status,
      headers: this.#headers,
      body,
      bodyTruncated: this.#truncated,
      headersMs: this.#headersMs,
      totalMs: performance.now() - this.#started,
    });
  }

  #fail(err: SendError): void {
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#reject(err);
  }

  #timeOut(): void {
    if (this.#settled) return;
    this.#timedOut = true;
    const err = this.#timeoutError();
    this.#fail(err);
    this.#abort?.(err);
  }

  #timeoutError(cause?: unknown): SendError {
    return new SendError('timeout', `no complete response from ${this.#url.host} within ${formatSeconds(this.#timeoutMs)}`, {
      hint: 'raise "timeout_in_sec" (at most 60, where Okta closes the connection), or make the flow answer sooner (a Close card responds at once)',
      cause,
    });
  }
}

/** undici's raw header list as one lowercased record; repeated headers are joined with ", ". */
function headerRecord(raw: Buffer[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = (raw[index] as Buffer).toString('latin1').toLowerCase();
    const value = (raw[index + 1] as Buffer).toString('latin1');
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

function sendErrorFrom(url: URL, err: unknown): SendError {
  const refusedAddress = findCause(err, (cause): cause is AddressRefused => cause instanceof AddressRefused);
  return refusedAddress ? refused(refusedAddress.hostname, refusedAddress.address, refusedAddress.refusal) : connectionError(url, err);
}

function refused(hostname: string, address: string, refusal: AddressRefusal): SendError {
  const literal = hostname === address || hostname === `[${address}]`;
  return new SendError('refused_url', `refused to connect to ${literal ? refusal.what : `${hostname}, which resolves to ${refusal.what}`}`, { hint: refusal.how });
}

function isTimeoutError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}

function connectionError(url: URL, err: unknown): SendError {
  const cause = err as { code?: unknown; message?: unknown } | null;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const host = url.host;
  let detail: string;
  if (code === 'ECONNREFUSED') detail = `connection refused by ${host}`;
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') detail = `the host ${url.hostname} was not found`;
  else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') detail = `${host} closed the connection before a complete response`;
  else if (code !== undefined && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    detail = `TLS with ${host} failed: ${String(cause?.message)}`;
  } else detail = `the request to ${host} failed: ${String(cause?.message ?? err)}`;
  return new SendError('connection', code === undefined ? detail : `${detail} (${code})`, { cause: err });
}

function findCause<T>(err: unknown, test: (cause: unknown) => cause is T): T | undefined {
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    if (test(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
