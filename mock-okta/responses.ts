/**
 * A flow's configured answers, prepared once when the flow is defined: status, headers and body bytes
 * are ready to write, so an invocation only adds its execution id and rate-limit headers.
 */
import type { Fault, FlowResponse } from './types.js';

export interface PreparedResponse {
  /** Position in the flow's `responses`. */
  readonly index: number;
  readonly status: number;
  /** Lower-case names; `content-type` included. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly bodyText: string;
  readonly delayMs: number;
  readonly fault: Fault | undefined;
  /** What this entry does, for the journal: "response 2 of 3: answers 500 with a text body". */
  readonly explanation: string;
}

/** What a flow without `responses` answers: a Return card with no fields. */
export const DEFAULT_RESPONSES: readonly FlowResponse[] = [{ status: 200, body: {} }];

const JSON_TYPE = 'application/json';
const TEXT_TYPE = 'text/plain; charset=utf-8';

export function prepareResponses(definitions: readonly FlowResponse[] = DEFAULT_RESPONSES): PreparedResponse[] {
  return definitions.map((definition, index) => prepare(definition, index, definitions.length));
}

function prepare(definition: FlowResponse, index: number, count: number): PreparedResponse {
  const { fault } = definition;
  const status = definition.status ?? 200;
  const isText = typeof definition.body === 'string';
  const fullText = typeof definition.body === 'string' ? definition.body : JSON.stringify(definition.body ?? {});
  // Cutting a JSON text in half always leaves it unparseable: its closing bracket is gone.
  const bodyText = fault === 'malformed' ? fullText.slice(0, Math.floor(fullText.length / 2)) : fullText;
  const headers: Record<string, string> = { 'content-type': isText && fault !== 'malformed' ? TEXT_TYPE : JSON_TYPE };
  for (const [name, value] of Object.entries(definition.headers ?? {})) headers[name.toLowerCase()] = value;
  const delayMs = definition.delayMs ?? 0;
  return {
    index,
    status,
    headers,
    body: Buffer.from(bodyText),
    bodyText,
    delayMs,
    fault,
    explanation: `response ${index + 1} of ${count}: ${describe(fault, status, isText)}${delayMs > 0 ? ` after ${delayMs} ms` : ''}`,
  };
}

function describe(fault: Fault | undefined, status: number, isText: boolean): string {
  switch (fault) {
    case 'reset':
      return 'resets the connection';
    case 'empty':
      return 'closes the connection without answering';
    case 'timeout':
      return 'answers nothing until the invoke limit closes the connection';
    case 'malformed':
      return `answers ${status} with a truncated JSON body`;
    case undefined:
      return `answers ${status} with a ${isText ? 'text' : 'JSON'} body`;
  }
}
