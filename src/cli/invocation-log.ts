/**
 * The log entry `flowhook mock` writes for each settled invocation, one per request as Mockoon CLI logs
 * a transaction: which flow, method, status, how long, how the request was authorised and, when the
 * flow has a contract, whether the input met it. Credentials never appear: the path is the journal's
 * (a client token in it redacted) and the credential itself is not part of a settled execution.
 */
import type { SettledExecution } from '../../mock-okta/settled-execution.js';
import type { ExecutionAuth } from '../../mock-okta/types.js';

export const INVOCATION_MESSAGE = 'invocation';

export interface InvocationLogEntry {
  alias: string | null;
  method: string;
  /** Null when the mock closed the connection instead of answering (see `outcome`). */
  status: number | null;
  durationMs: number;
  auth: string;
  clientId?: string;
  contract?: 'ok' | 'failed';
  outcome: SettledExecution['outcome'];
  path: string;
  executionId: string;
}

export function invocationLogEntry(execution: SettledExecution): InvocationLogEntry {
  return {
    alias: execution.alias,
    method: execution.method,
    status: execution.status,
    durationMs: execution.durationMs,
    auth: describeAuth(execution.auth),
    ...(execution.auth.clientId === undefined ? {} : { clientId: execution.auth.clientId }),
    ...(execution.contract === undefined ? {} : { contract: execution.contract.ok ? 'ok' : 'failed' }),
    outcome: execution.outcome,
    path: execution.path,
    executionId: execution.executionId,
  };
}

/**
 * `public`; `clientToken/header/ok`, `clientToken/none/refused`, `oauth2/bearer/ok` (level, where the
 * credential came from, verdict); `none` when no flow was found, so nothing was checked.
 */
export function describeAuth(auth: ExecutionAuth): string {
  if (auth.level === null) return 'none';
  if (auth.level === 'public') return 'public';
  return `${auth.level}/${auth.via ?? 'none'}/${auth.valid ? 'ok' : 'refused'}`;
}
