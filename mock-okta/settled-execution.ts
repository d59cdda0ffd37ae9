/**
 * What the mock tells an `onExecution` listener when an invocation is settled (answered, refused or
 * closed): the few fields a log line or a metric wants, read without building the execution's view
 * (no body is parsed), credentials already redacted as in the journal.
 */
import type { ExecutionRecord } from './execution.js';
import type { ExecutionAuth, Outcome } from './types.js';

export interface SettledExecution {
  readonly executionId: string;
  /** When the request arrived, ISO 8601. */
  readonly receivedAt: string;
  /** The flow's alias; null when the path names no flow the mock has. */
  readonly alias: string | null;
  readonly method: string;
  /** The path as the journal shows it (a client token in it is `[REDACTED]`). */
  readonly path: string;
  readonly outcome: Outcome;
  /** The status the mock answered; null when it closed the connection instead. */
  readonly status: number | null;
  readonly durationMs: number;
  /** How the request was authorised: the flow's security level, where the credential came from, and whether it passed. */
  readonly auth: ExecutionAuth;
  /** Whether the input met the flow's contract; absent when the flow has none or it was not checked. */
  readonly contract?: { readonly ok: boolean };
}

/** What arrived (`request`) and how the record ended. */
export function settledExecution(
  record: ExecutionRecord,
  request: { readonly executionId: string; readonly receivedAtMs: number; readonly method: string; readonly path: string },
): SettledExecution {
  const { contract } = record;
  return {
    executionId: request.executionId,
    receivedAt: new Date(request.receivedAtMs).toISOString(),
    alias: record.alias,
    method: request.method,
    path: request.path,
    outcome: record.outcome,
    status: record.status,
    durationMs: record.durationMs ?? 0,
    auth: { ...record.auth },
    ...(contract === undefined ? {} : { contract: { ok: contract.ok } }),
  };
}
