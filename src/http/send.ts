/**
 * Sends one HTTP request to a webhook target with undici and returns what came back, without judging
 * it. Connections are pooled and kept alive per origin. Unless local targets are allowed, every address
 * a host name resolves to is checked at connect time, so a public-looking name that resolves to a
 * loopback or private address (DNS rebinding included) is refused.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Agent, request, type Dispatcher } from 'undici';
import { ALLOW_LOCAL_HOW, hostAddress, isLocalAddress } from '../core/url-policy.js';

/** The most of a response body that is kept; the rest is discarded. */
export const RESPONSE_BODY_LIMIT = 64 * 1024;
/** Longer than any allowed `timeout_in_sec`, so that the request's own deadline decides. */
const CONNECT_TIMEOUT_MS = 65_000;

export interface SendRequest {
  method: string;
  url: string;
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

class LocalAddressRefused extends Error {
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to the local address ${address}`);
  }
}

export interface SenderAgentOptions {
  allowLocal: boolean;
  /** TLS settings, e.g. a `ca` for a test server's self-signed certificate. */
  tls?: ConnectionOptions;
}

/** Whether each pool made by `createSenderAgent` allows local targets; `send` checks literal addresses by it. */
const agentAllowsLocal = new WeakMap<Dispatcher, boolean>();

/** A keep-alive connection pool per origin, refusing local addresses unless `allowLocal`. */
export function createSenderAgent(options: SenderAgentOptions): Agent {
  const agent = new Agent({
    connect: {
      timeout: CONNECT_TIMEOUT_MS,
      ...options.tls,
      ...(options.allowLocal ? {} : { lookup: publicOnlyLookup }),
    },
  });
  agentAllowsLocal.set(agent, options.allowLocal);
  return agent;
}

const sharedAgents = new Map<boolean, Agent>();

function sharedAgent(allowLocal: boolean): Agent {
  let agent = sharedAgents.get(allowLocal);
  if (!agent) {
    agent = createSenderAgent({ allowLocal });
    sharedAgents.set(allowLocal, agent);
  }
  return agent;
}

/** Closes the shared connection pools (at shutdown). */
export async function closeSharedAgents(): Promise<void> {
  const agents = [...sharedAgents.values()];
  sharedAgents.clear();
  await Promise.all(agents.map((agent) => agent.close()));
}

const publicOnlyLookup: LookupFunction = (hostname, options: LookupOptions, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) {
      callback(err, '', 0);
      return;
    }
    const local = addresses.find((entry) => isLocalAddress(entry.address));
    if (local) {
      callback(new LocalAddressRefused(hostname, local.address), '', 0);
      return;
    }
    const first = addresses[0];
    if (options.all === true) callback(null, addresses);
    else callback(null, first?.address ?? '', first?.family ?? 4);
  });
};

export interface SendOptions {
  /** Allow loopback and private targets; a pool from `createSenderAgent` brings its own setting. */
  allowLocal?: boolean;
  /** A pool from `createSenderAgent` (tests, custom TLS); the shared pools otherwise. */
  dispatcher?: Dispatcher;
}

/** Sends `req`; resolves with the raw response of any status, or rejects with a SendError. */
export async function send(req: SendRequest, options: SendOptions = {}): Promise<RawResponse> {
  const allowLocal = (options.dispatcher && agentAllowsLocal.get(options.dispatcher)) ?? options.allowLocal === true;
  const url = new URL(req.url);
  const literal = hostAddress(url.hostname);
  if (!allowLocal && isIP(literal) !== 0 && isLocalAddress(literal)) {
    throw refused(url.hostname, literal);
  }
  const dispatcher = options.dispatcher ?? sharedAgent(allowLocal);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const started = performance.now();
  try {
    const response = await request(url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: { ...req.headers },
      body: req.body,
      signal: controller.signal,
      dispatcher,
    });
    const headersMs = performance.now() - started;
    const { body, truncated } = await readCapped(response.body);
    return {
      status: response.statusCode,
      headers: flattenHeaders(response.headers),
      body,
      bodyTruncated: truncated,
      headersMs,
      totalMs: performance.now() - started,
    };
  } catch (err) {
    if (timedOut || isTimeoutError(err)) {
      throw new SendError('timeout', `no complete response from ${url.host} within ${formatSeconds(req.timeoutMs)}`, {
        hint: 'raise "timeout_in_sec" (at most 60, where Okta closes the connection), or make the flow answer sooner (a Close card responds at once)',
        cause: err,
      });
    }
    const local = findCause(err, (cause): cause is LocalAddressRefused => cause instanceof LocalAddressRefused);
    if (local) throw refused(local.hostname, local.address);
    throw connectionError(url, err);
  } finally {
    clearTimeout(timer);
  }
}

function refused(hostname: string, address: string): SendError {
  const what = hostname === address || hostname === `[${address}]` ? `the local address ${address}` : `${hostname}, which resolves to the local address ${address}`;
  return new SendError('refused_url', `refused to connect to ${what}`, {
    hint: `local targets (such as the mock) must be allowed explicitly: ${ALLOW_LOCAL_HOW}`,
  });
}

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<{ body: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const room = RESPONSE_BODY_LIMIT - size;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      truncated = true;
      break; // ends the iteration, which destroys the rest of the body
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  // Streaming mode holds back a multi-byte character cut in half by the limit instead of mangling it.
  const text = new TextDecoder().decode(Buffer.concat(chunks), { stream: truncated });
  return { body: text, truncated };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
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
