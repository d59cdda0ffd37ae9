/**
 * One request to an invoke path as the journal keeps it, and its admin-API view. The body is kept as
 * text and classified (JSON, form, text, empty) only when someone reads it, so capturing costs the
 * invoke route no parsing. Credentials are replaced by `[REDACTED]` before a record is made.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { BodyKind, Execution, ExecutionAuth, ExecutionResponse, Fault, Outcome } from './types.js';

export const REDACTED = '[REDACTED]';

/** Request headers that carry a credential. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'x-api-client-token'] as const;

export interface ExecutionFilter {
  readonly alias?: string;
  readonly status?: number;
}

export class ExecutionRecord {
  readonly executionId: string;
  alias: string | null = null;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly contentType: string | undefined;
  readonly bodyText: string;
  readonly receivedAtMs: number;
  outcome: Outcome = 'pending';
  status: number | null = null;
  durationMs: number | null = null;
  auth: ExecutionAuth = { level: null, via: null, valid: false };
  response: ExecutionResponse | null = null;
  responseIndex: number | null = null;
  fault: Fault | null = null;
  explanation = 'received; not answered yet';

  constructor(fields: {
    executionId: string;
    method: string;
    path: string;
    query: URLSearchParams | undefined;
    headers: IncomingHttpHeaders;
    bodyText: string;
    receivedAtMs: number;
  }) {
    this.executionId = fields.executionId;
    this.method = fields.method;
    this.path = fields.path;
    this.query = fields.query;
    this.headers = redactHeaders(fields.headers);
    this.contentType = fields.headers['content-type'];
    this.bodyText = fields.bodyText;
    this.receivedAtMs = fields.receivedAtMs;
  }

  matches(filter: ExecutionFilter): boolean {
    return (
      (filter.alias === undefined || filter.alias === this.alias) &&
      (filter.status === undefined || filter.status === this.status)
    );
  }

  view(): Execution {
    const { kind, body } = readBody(this.contentType, this.bodyText);
    return {
      executionId: this.executionId,
      alias: this.alias,
      method: this.method,
      path: this.path,
      query: this.query === undefined ? {} : fieldsOf(this.query),
      headers: definedHeaders(this.headers),
      bodyKind: kind,
      body,
      receivedAt: new Date(this.receivedAtMs).toISOString(),
      outcome: this.outcome,
      status: this.status,
      durationMs: this.durationMs,
      auth: this.auth,
      response: this.response,
      responseIndex: this.responseIndex,
      fault: this.fault,
      explanation: this.explanation,
    };
  }
}

function redactHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  let redacted: IncomingHttpHeaders | undefined;
  for (const name of CREDENTIAL_HEADERS) {
    if (headers[name] === undefined) continue;
    redacted ??= { ...headers };
    redacted[name] = REDACTED;
  }
  return redacted ?? headers;
}

function definedHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) result[name] = value;
  return result;
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
 * content type) is parsed; anything else, and JSON that does not parse, stays text.
 */
export function readBody(contentType: string | undefined, text: string): { kind: BodyKind; body: unknown } {
  if (text === '') return { kind: 'empty', body: null };
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') return { kind: 'form', body: fieldsOf(new URLSearchParams(text)) };
  if (mediaType === undefined || mediaType === 'application/json' || mediaType.endsWith('+json')) {
    try {
      return { kind: 'json', body: JSON.parse(text) as unknown };
    } catch {
      return { kind: 'text', body: text };
    }
  }
  return { kind: 'text', body: text };
}
