/**
 * One request to an invoke path as the journal keeps it, and its admin-API view. On the JS heap a
 * record is one small object holding what the journal filters on and what the answer sets (alias,
 * status, outcome, duration, auth, the answer); everything else the request brought (its id, method,
 * path, query, headers, arrival time, body size, and the start of its body) is written once into the
 * journal's slabs: a few fixed fields, then UTF-8 strings each after its byte length, then the body's
 * bytes. Auth verdicts and answers are shared objects, and the journal reuses the record of a dropped
 * execution for a new one, so a full journal allocates nothing per invocation that outlives it. Each
 * capture has its own `serial`: whoever holds a record while it may be dropped checks the serial before
 * writing to it. The view (body parsed and classified as JSON, form, text or empty; headers and answer
 * listed) is built only when someone reads it, so capturing costs the invoke route no parsing.
 * Credentials are replaced by `[REDACTED]` before anything is kept: the values of headers and query
 * parameters whose names say they carry one (`authorization`, `x-api-client-token`, `x-api-key`,
 * `cookie`, `clientToken`, `api_key`, `sig`, … as `isCredentialName` decides).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isCredentialName } from '../src/core/redact.js';
import type { Slab, SlabStore } from './slab-store.js';
import type { BodyKind, ContractResult, Execution, ExecutionAuth, ExecutionResponse, Fault, Outcome } from './types.js';

export const REDACTED = '[REDACTED]';

/** A JSON body nested deeper than this is shown as text: parsing it is safe, serialising it back is not. */
export const MAX_JSON_DEPTH = 1_000;
/** A body longer than this (in UTF-16 code units) is shown as text, not parsed. */
export const MAX_PARSED_BODY_LENGTH = 1_048_576;
/** What a record counts against the journal's byte bound besides its bytes in a slab: a generous estimate of the record object on the heap. */
export const RECORD_OVERHEAD_BYTES = 256;

export interface ExecutionFilter {
  readonly alias?: string;
  readonly status?: number;
}

/** What the mock sent back: a flow's prepared response, or a refusal. */
export interface Answer {
  readonly status: number;
  /** Lower-case names; `content-type` included. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
}

/** A request as it arrived, a credential in its path or query already redacted. */
export interface ArrivedRequest {
  readonly executionId: string;
  /** The alias in the path; null for a path that names none. */
  readonly alias: string | null;
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  /** The query string without its `?`; '' when there is none. */
  readonly query: string;
  /** As node:http gives them; the record keeps credential headers as `[REDACTED]`. */
  readonly headers: IncomingHttpHeaders;
  /** The start of the body, `keptBytes` long, in the chunks it arrived in. */
  readonly bodyChunks: readonly Buffer[];
  readonly keptBytes: number;
  /** Bytes of the body as it arrived: more than `keptBytes` when only its start is kept. */
  readonly bodyBytes: number;
  readonly receivedAtMs: number;
}

/** One frozen object per level, credential source and verdict, shared by every record that has it and no client id. */
const SHARED_AUTH = new Map<ExecutionAuth['level'], Map<ExecutionAuth['via'], readonly [ExecutionAuth, ExecutionAuth]>>();

function sharedAuth(auth: ExecutionAuth): ExecutionAuth {
  let byVia = SHARED_AUTH.get(auth.level);
  if (byVia === undefined) SHARED_AUTH.set(auth.level, (byVia = new Map()));
  let pair = byVia.get(auth.via);
  if (pair === undefined) {
    const { level, via } = auth;
    pair = [Object.freeze({ level, via, valid: false }), Object.freeze({ level, via, valid: true })];
    byVia.set(auth.via, pair);
  }
  return pair[auth.valid ? 1 : 0];
}

const NOT_CHECKED = sharedAuth({ level: null, via: null, valid: false });
const PENDING = 'received; not answered yet';

/** What a record keeps in its slab ahead of its strings: head length, body length (both u32), receivedAtMs (f64), bodyBytes (u32). */
const FIXED_HEAD = 20;

/** The strings a record keeps in its slab. */
interface Head {
  readonly executionId: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Record<string, string | string[]>;
}

export class ExecutionRecord {
  alias: string | null = null;
  outcome: Outcome = 'pending';
  status: number | null = null;
  /** What the mock answered, and the headers it added to that answer (rate-limit headers). */
  answer: Answer | null = null;
  answerExtraHeaders: Readonly<Record<string, string>> | undefined = undefined;
  responseIndex: number | null = null;
  fault: Fault | null = null;
  explanation = PENDING;
  /** How the invocation met its flow's contract; undefined when none was checked. */
  contract: ContractResult | undefined = undefined;
  #auth: ExecutionAuth = NOT_CHECKED;
  /** Tenths of a millisecond, an integer: a small integer costs a record nothing, a fraction a heap number. */
  #durationTenths: number | null = null;
  #serial: number;
  /** Where what the request brought is: the head (fixed fields and strings), then the kept body; undefined once released. */
  #slab: Slab | undefined;
  #offset = 0;
  #length = 0;

  /** Writes what `request` brought into a slab of `store`; the journal releases it when it drops the record. */
  constructor(request: ArrivedRequest, store: SlabStore, serial: number) {
    this.alias = request.alias;
    this.#serial = serial;
    this.#write(request, store);
  }

  /** Which capture the record holds: a new one each time the journal reuses the record. */
  get serial(): number {
    return this.#serial;
  }

  /** Whether the journal still keeps the record (it has not been dropped). */
  get kept(): boolean {
    return this.#slab !== undefined;
  }

  /** Whether the record still holds the capture with this serial: the journal has not dropped it since. */
  holds(serial: number): boolean {
    return this.#serial === serial && this.#slab !== undefined;
  }

  /** Makes this (released) record the record of `request`, as if it had just been constructed. */
  reuse(request: ArrivedRequest, store: SlabStore, serial: number): void {
    this.alias = request.alias;
    this.outcome = 'pending';
    this.status = null;
    this.answer = null;
    this.answerExtraHeaders = undefined;
    this.responseIndex = null;
    this.fault = null;
    this.explanation = PENDING;
    this.contract = undefined;
    this.#auth = NOT_CHECKED;
    this.#durationTenths = null;
    this.#serial = serial;
    this.#write(request, store);
  }

  #write(request: ArrivedRequest, store: SlabStore): void {
    const slab = store.reserve(headBytesAtMost(request) + request.keptBytes);
    const start = slab.used;
    const bytes = slab.bytes;
    let at = writeString(bytes, start + FIXED_HEAD, request.executionId);
    at = writeString(bytes, at, request.method);
    at = writeString(bytes, at, request.path);
    at = writeString(bytes, at, request.query);
    const { headers } = request;
    for (const name in headers) {
      const value = headers[name];
      const secret = isCredentialName(name);
      if (typeof value === 'string') {
        at = writeString(bytes, writeString(bytes, at, name), secret ? REDACTED : value);
      } else if (value !== undefined) {
        for (const item of value) at = writeString(bytes, writeString(bytes, at, name), secret ? REDACTED : item);
      }
    }
    let copied = 0;
    for (const chunk of request.bodyChunks) {
      if (copied === request.keptBytes) break;
      copied += chunk.copy(bytes, at + copied, 0, Math.min(chunk.length, request.keptBytes - copied));
    }
    const bodyLength = copied < request.bodyBytes ? wholeCharacters(bytes, at, copied) : copied;
    bytes.writeUInt32LE(at - start, start);
    bytes.writeUInt32LE(bodyLength, start + 4);
    bytes.writeDoubleLE(request.receivedAtMs, start + 8);
    bytes.writeUInt32LE(request.bodyBytes, start + 16);
    this.#offset = start;
    this.#length = at - start + bodyLength;
    this.#slab = slab;
    store.commit(slab, this.#length);
  }

  /** The record's id, also sent in the answer's `x-execution-id` header. */
  get executionId(): string {
    return this.#head().executionId;
  }

  get method(): string {
    return this.#head().method;
  }

  get receivedAtMs(): number {
    return this.#slabBytes().readDoubleLE(this.#offset + 8);
  }

  /** Bytes of the body as it arrived. */
  get bodyBytes(): number {
    return this.#slabBytes().readUInt32LE(this.#offset + 16);
  }

  /** Whether the journal keeps less of the body than arrived. */
  get truncated(): boolean {
    return this.#bodyLength() < this.bodyBytes;
  }

  /** What the record counts against the journal's byte bound. */
  get bytes(): number {
    return this.#length + RECORD_OVERHEAD_BYTES;
  }

  get auth(): ExecutionAuth {
    return this.#auth;
  }

  set auth(auth: ExecutionAuth) {
    this.#auth = auth.clientId === undefined ? sharedAuth(auth) : auth;
  }

  /** From receipt to the answer or the close, to a tenth of a millisecond; null while pending. */
  get durationMs(): number | null {
    return this.#durationTenths === null ? null : this.#durationTenths / 10;
  }

  set durationMs(ms: number | null) {
    this.#durationTenths = ms === null ? null : Math.round(ms * 10);
  }

  matches(filter: ExecutionFilter): boolean {
    return (
      (filter.alias === undefined || filter.alias === this.alias) &&
      (filter.status === undefined || filter.status === this.status)
    );
  }

  /** Gives the record's bytes back to `store` (the journal dropped it); until it is reused, its view cannot be built. */
  release(store: SlabStore): void {
    const slab = this.#slab;
    if (slab === undefined) return;
    this.#slab = undefined;
    store.release(slab);
  }

  view(): Execution {
    const bytes = this.#slabBytes();
    const head = this.#head();
    const bodyStart = this.#offset + bytes.readUInt32LE(this.#offset);
    const text = bytes.toString('utf8', bodyStart, bodyStart + this.#bodyLength());
    const truncated = this.truncated;
    const contentType = head.headers['content-type'];
    const { kind, body } = truncated
      ? { kind: 'text' as const, body: text }
      : readBody(Array.isArray(contentType) ? contentType[0] : contentType, text);
    return {
      executionId: head.executionId,
      alias: this.alias,
      method: head.method,
      path: head.path,
      query: head.query === '' ? {} : fieldsOf(new URLSearchParams(head.query)),
      headers: head.headers,
      bodyKind: kind,
      body,
      bodyBytes: this.bodyBytes,
      truncated,
      receivedAt: new Date(this.receivedAtMs).toISOString(),
      outcome: this.outcome,
      status: this.status,
      durationMs: this.durationMs,
      auth: { ...this.#auth },
      response: this.#responseView(head.executionId),
      responseIndex: this.responseIndex,
      fault: this.fault,
      explanation: this.explanation,
      ...(this.contract === undefined ? {} : { contract: structuredClone(this.contract) }),
    };
  }

  /** The slab's bytes, while the record holds them. */
  #slabBytes(): Buffer {
    const slab = this.#slab;
    if (slab === undefined) {
      throw Object.assign(new Error('this execution was dropped from the journal, and what it kept with it; read executions while the journal holds them'), {
        code: 'ERR_INVALID_STATE',
      });
    }
    return slab.bytes;
  }

  #bodyLength(): number {
    return this.#slabBytes().readUInt32LE(this.#offset + 4);
  }

  #head(): Head {
    const bytes = this.#slabBytes();
    const reader = new StringReader(bytes, this.#offset + FIXED_HEAD);
    const executionId = reader.next();
    const method = reader.next();
    const path = reader.next();
    const query = reader.next();
    const headers: Record<string, string | string[]> = {};
    const end = this.#offset + bytes.readUInt32LE(this.#offset);
    while (reader.at < end) {
      const name = reader.next();
      const value = reader.next();
      const earlier = headers[name];
      headers[name] = earlier === undefined ? value : Array.isArray(earlier) ? [...earlier, value] : [earlier, value];
    }
    return { executionId, method, path, query, headers };
  }

  #responseView(executionId: string): ExecutionResponse | null {
    const answer = this.answer;
    if (answer === null) return null;
    const length = Buffer.byteLength(answer.bodyText);
    return { status: answer.status, headers: answerHeaders(answer, this.answerExtraHeaders, executionId, length), body: answer.bodyText };
  }
}

/**
 * A query string (without its `?`) as the journal keeps it: the value of every parameter whose name
 * says it carries a credential is `[REDACTED]`. Read as the view reads it (URLSearchParams), so what
 * the view shows is what was redacted; a query without such a parameter is kept as it came.
 */
export function redactQuery(raw: string): string {
  const params = new URLSearchParams(raw);
  let secret = false;
  for (const name of params.keys()) {
    if (isCredentialName(name)) {
      secret = true;
      break;
    }
  }
  if (!secret) return raw;
  return new URLSearchParams([...params].map(([name, value]): [string, string] => [name, isCredentialName(name) ? REDACTED : value])).toString();
}

/**
 * The headers an answer goes out with, as node:http's flat list of names and values: its own, any
 * extra ones, its length and the execution id. The invoke route writes this list rather than an
 * object, so that no object is copied per answer.
 */
export function answerHeaderList(
  answer: Answer,
  extra: Readonly<Record<string, string>> | undefined,
  executionId: string,
  bodyLength: number,
): string[] {
  const list: string[] = [];
  const own = answer.headers;
  for (const name in own) list.push(name, own[name] as string);
  if (extra !== undefined) for (const name in extra) list.push(name, extra[name] as string);
  list.push('content-length', String(bodyLength), 'x-execution-id', executionId);
  return list;
}

/** The headers an answer went out with, as the journal shows them: what `answerHeaderList()` lists, as an object. */
export function answerHeaders(
  answer: Answer,
  extra: Readonly<Record<string, string>> | undefined,
  executionId: string,
  bodyLength: number,
): Record<string, string> {
  const headers: Record<string, string> = { ...answer.headers };
  if (extra !== undefined) Object.assign(headers, extra);
  headers['content-length'] = String(bodyLength);
  headers['x-execution-id'] = executionId;
  return headers;
}

/** Bytes a length prefix takes. */
const PREFIX = 4;
/** Bytes one UTF-16 code unit can take in UTF-8. */
const UTF8_PER_UNIT = 3;

/** An upper bound of what the head of `request` takes in a slab, found without encoding anything. */
function headBytesAtMost(request: ArrivedRequest): number {
  let units = request.executionId.length + request.method.length + request.path.length + request.query.length;
  let strings = 4;
  const { headers } = request;
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') {
      units += name.length + value.length;
      strings += 2;
    } else if (value !== undefined) {
      for (const item of value) units += name.length + item.length;
      strings += 2 * value.length;
    }
  }
  // A redacted value may be longer than the credential it replaces.
  return FIXED_HEAD + strings * (PREFIX + REDACTED.length) + units * UTF8_PER_UNIT;
}

/** Writes `text` as UTF-8 after its byte length; returns where the next string goes. */
function writeString(bytes: Buffer, at: number, text: string): number {
  const length = bytes.write(text, at + PREFIX, 'utf8');
  bytes.writeUInt32LE(length, at);
  return at + PREFIX + length;
}

class StringReader {
  readonly #bytes: Buffer;
  at: number;

  constructor(bytes: Buffer, at: number) {
    this.#bytes = bytes;
    this.at = at;
  }

  next(): string {
    const length = this.#bytes.readUInt32LE(this.at);
    const start = this.at + PREFIX;
    this.at = start + length;
    return this.#bytes.toString('utf8', start, this.at);
  }
}

/** `length` shortened so that the bytes from `start` end on a UTF-8 character boundary. */
function wholeCharacters(bytes: Buffer, start: number, length: number): number {
  const end = start + length;
  let lead = end - 1;
  // Step back over continuation bytes (10xxxxxx) to the lead byte of the last character, at most three.
  while (lead >= start && lead > end - 4 && ((bytes[lead] as number) & 0xc0) === 0x80) lead -= 1;
  if (lead < start) return length;
  const first = bytes[lead] as number;
  const size = first < 0x80 ? 1 : first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
  return end - lead >= size ? length : lead - start;
}

/** Query or form fields; a repeated name gives an array. */
function fieldsOf(params: URLSearchParams): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    const earlier = fields[name];
    fields[name] = earlier === undefined ? value : Array.isArray(earlier) ? [...earlier, value] : [earlier, value];
  }
  return fields;
}

/**
 * The body as the flow receives it. Form-encoded bodies become fields; JSON (declared, or with no
 * content type) is parsed; anything else stays text, and so does JSON that does not parse, that is
 * nested deeper than `MAX_JSON_DEPTH` or that is longer than `MAX_PARSED_BODY_LENGTH`.
 */
export function readBody(contentType: string | undefined, text: string): { kind: BodyKind; body: unknown } {
  if (text === '') return { kind: 'empty', body: null };
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') return { kind: 'form', body: fieldsOf(new URLSearchParams(text)) };
  if (mediaType === undefined || mediaType === 'application/json' || mediaType.endsWith('+json')) {
    if (text.length > MAX_PARSED_BODY_LENGTH || nestedDeeperThan(text, MAX_JSON_DEPTH)) return { kind: 'text', body: text };
    try {
      return { kind: 'json', body: JSON.parse(text) as unknown };
    } catch {
      return { kind: 'text', body: text };
    }
  }
  return { kind: 'text', body: text };
}

/** Whether brackets outside strings open more than `limit` deep anywhere in `text`. */
function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i += 1; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}
