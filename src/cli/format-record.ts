/**
 * An invocation record for people: what was sent where with its verdict, the outcome (status, time,
 * validators, or why nothing usable came back), the reason when it failed, and on request the
 * invocation data (request, response, validators), as Apono's "View Invocation Data" panel shows them.
 * Records are redacted already; nothing here adds to them, and the URLs and headers are redacted by name
 * once more on the way out, so a record from anywhere shows no credential parameter or header.
 */
import { STATUS_CODES } from 'node:http';
import { redactHeaders, redactUrl } from '../core/redact.js';
import type { InvocationRecord } from '../types.js';

export interface RecordFormat {
  /** The first words of the first line: `Test successful` / `Test failed`. */
  labels: Readonly<Record<InvocationRecord['verdict'], string>>;
  /** Also show request, response, validators, auth and timings. */
  invocationData: boolean;
}

const INDENT = '    ';
/** Failures that stop a delivery before its request leaves. */
const NOT_SENT = new Set(['template', 'refused_url', 'token']);

export function formatRecord(record: InvocationRecord, format: RecordFormat): string[] {
  const lines = [`${format.labels[record.verdict]}  ${record.trigger} → ${record.request.method} ${redactUrl(record.request.url)}`, `  ${recordOutcome(record)}`];
  if (record.verdict === 'failed' && record.reason !== undefined) lines.push(`  reason: ${record.reason}`);
  if (format.invocationData) lines.push(...invocationData(record));
  return lines;
}

/** Whether the request left flowhook: false when the delivery stopped before it (template, refused URL, OAuth token). */
export function requestSent(record: InvocationRecord): boolean {
  return record.response !== undefined || !NOT_SENT.has(record.error?.kind ?? 'internal');
}

/** The status, time and validators of a response, or why none came: `200 OK in 12 ms · validators 1/1 passed`. */
export function recordOutcome(record: InvocationRecord): string {
  const { response, error, validators, timings } = record;
  const time = `${Math.round(timings.totalMs)} ms`;
  if (response) {
    const passed = validators.filter((validator) => validator.passed).length;
    const checked = validators.length === 0 ? '' : ` · validators ${passed}/${validators.length} passed`;
    return `${statusLine(response.status)} in ${time}${checked}`;
  }
  const kind = error?.kind ?? 'internal';
  return `${NOT_SENT.has(kind) ? 'not sent' : 'no response'} (${kind}) after ${time}`;
}

function invocationData(record: InvocationRecord): string[] {
  const { request, response, error, validators, timings, auth } = record;
  const lines = ['  request', `${INDENT}${request.method} ${redactUrl(request.url)}`, ...headerLines(request.headers), ...bodyLines(request.body, false)];
  if (response) {
    lines.push('  response', `${INDENT}${statusLine(response.status)}`, ...headerLines(response.headers), ...bodyLines(response.body, response.bodyTruncated));
  } else if (error) {
    lines.push('  response', `${INDENT}none: ${error.message}`);
  }
  if (validators.length > 0) {
    lines.push('  validators');
    for (const validator of validators) {
      const expected = `expected one of [${validator.expectedValues.join(', ')}]`;
      const outcome = validator.passed ? `found ${JSON.stringify(validator.actual)}, ${expected}` : (validator.reason ?? expected);
      lines.push(`${INDENT}${validator.passed ? 'passed' : 'failed'}  ${validator.jsonPath}: ${outcome}`);
    }
  }
  lines.push(`  auth: ${authLine(auth)}`);
  const parts = [`started ${timings.startedAt}`];
  if (timings.tokenMs !== undefined) parts.push(`token ${Math.round(timings.tokenMs)} ms`);
  if (timings.headersMs !== undefined) parts.push(`headers ${Math.round(timings.headersMs)} ms`);
  parts.push(`total ${Math.round(timings.totalMs)} ms`);
  lines.push(`  timings: ${parts.join(', ')}`, `  delivery id: ${record.deliveryId}`);
  return lines;
}

function statusLine(status: number): string {
  const text = STATUS_CODES[status];
  return text === undefined ? String(status) : `${status} ${text}`;
}

function headerLines(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(redactHeaders(headers)).map(([name, value]) => `${INDENT}${name}: ${value}`);
}

function bodyLines(body: string, truncated: boolean): string[] {
  if (body === '') return [`${INDENT}(no body)`];
  const lines = ['', ...body.split(/\r?\n/).map((line) => `${INDENT}${line}`)];
  if (truncated) lines.push(`${INDENT}(cut at 64 KiB)`);
  return lines;
}

function authLine(auth: InvocationRecord['auth']): string {
  switch (auth.kind) {
    case 'client_token':
      return `client token in the ${auth.clientTokenIn === 'header' ? 'x-api-client-token header' : `URL ${auth.clientTokenIn ?? ''}`.trim()}`;
    case 'bearer':
      return 'bearer token';
    case 'oauth': {
      const client = auth.clientId === undefined ? '' : ` of client "${auth.clientId}"`;
      const endpoint = auth.tokenEndpoint === undefined ? '' : ` from ${redactUrl(auth.tokenEndpoint)}`;
      return `OAuth 2.0 access token${client}${endpoint}${auth.tokenRefreshed === true ? ' (refreshed after a 401)' : ''}`;
    }
    default:
      return 'none (a public flow)';
  }
}
