/**
 * The refusals the mock answers invoke calls with, in Okta's error object
 * (`{ errorCode, errorSummary, errorLink, errorId, errorCauses }`). Statuses and codes where Okta's
 * documentation is silent are the choices described in `openapi/mock-okta.yaml`.
 */
import { randomBytes } from 'node:crypto';
import type { OktaError } from './types.js';

export interface Refusal {
  readonly status: number;
  readonly errorCode: string;
  readonly errorSummary: string;
  /** Sent as the one entry of `errorCauses`: what the caller should change. */
  readonly cause?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Why the mock refused, for the journal's explanation; never holds a credential. */
  readonly reason: string;
}

export function notFound(reason: string): Refusal {
  return { status: 404, errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: flow', reason };
}

export function methodNotAllowed(method: string): Refusal {
  return {
    status: 405,
    errorCode: 'E0000022',
    errorSummary: 'The endpoint does not support the provided HTTP method',
    cause: 'Invoke a flow with GET or POST.',
    headers: { allow: 'GET, POST' },
    reason: `refused ${method}: an invoke path accepts GET and POST only`,
  };
}

export function invalidToken(cause: string, reason: string, headers?: Record<string, string>): Refusal {
  return {
    status: 401,
    errorCode: 'E0000011',
    errorSummary: 'Invalid token provided',
    cause,
    ...(headers === undefined ? {} : { headers }),
    reason,
  };
}

export function tokenSentTwice(): Refusal {
  return {
    status: 400,
    errorCode: 'E0000001',
    errorSummary: 'Api validation failed: clientToken',
    cause: 'Send the client token in one place only: the clientToken query parameter, the x-api-client-token header or the path.',
    reason: 'refused: the client token was sent in more than one place',
  };
}

export function flowInactive(alias: string): Refusal {
  return {
    status: 403,
    errorCode: 'E0000006',
    errorSummary: 'The flow is not active.',
    reason: `refused: flow "${alias}" is switched off ("active": false)`,
  };
}

export function rateLimited(alias: string, perSecond: number): Refusal {
  return {
    status: 429,
    errorCode: 'E0000047',
    errorSummary: 'API call exceeded rate limit due to too many requests.',
    reason: `refused: flow "${alias}" already had ${perSecond} invocations this second ("rateLimitPerSecond": ${perSecond})`,
  };
}

export function bodyTooLarge(maxBodyBytes: number): Refusal {
  return {
    status: 413,
    errorCode: 'E0000001',
    errorSummary: 'Api validation failed: request body',
    cause: `The request body is larger than ${maxBodyBytes} bytes.`,
    headers: { connection: 'close' },
    reason: `refused: the body is larger than the mock's limit of ${maxBodyBytes} bytes`,
  };
}

/** Okta's error object for a refusal, with a fresh `errorId`. */
export function oktaError(refusal: Refusal): OktaError {
  return {
    errorCode: refusal.errorCode,
    errorSummary: refusal.errorSummary,
    errorLink: refusal.errorCode,
    errorId: `oae${randomBytes(16).toString('base64url').slice(0, 22)}`,
    errorCauses: refusal.cause === undefined ? [] : [{ errorSummary: refusal.cause }],
  };
}

export function internalError(reason: string): Refusal {
  return { status: 500, errorCode: 'E0000009', errorSummary: 'Internal Server Error', reason };
}
