/**
 * The `reason` of a failed invocation record: what went wrong, in words a person can act on. An HTTP
 * status is explained for Okta Workflows (which credential was refused, the scope OAuth needs, the
 * rate limit, a redirect flowhook does not follow), quoting the target's own error text when it has some.
 */
import type { InvocationRecord } from '../types.js';
import { CLIENT_TOKEN_HEADER } from './credential-placement.js';
import { OKTA_WORKFLOWS_SCOPE } from './oauth-settings.js';
import { CLIENT_TOKEN_QUERY } from './okta-url.js';
import { redactUrl } from './redact.js';

/** The parts of a response a reason is made of. */
export interface AnsweredResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}

export interface StatusContext {
  method: string;
  /** An Okta Workflows URL, or a flow path on any host (the mock): the target is called "the flow". */
  isFlow: boolean;
  /** The credentials the refused request carried. */
  auth: InvocationRecord['auth'];
  /** Redacts the delivery's secrets from what the reason quotes. */
  redact: (text: string) => string;
}

/** How much of a target's own error text a reason quotes. */
const QUOTED_ERROR_LENGTH = 200;

/** Why a response that is not a 2xx failed, and what to check. */
export function explainStatus(response: AnsweredResponse, context: StatusContext): string {
  const { status, headers } = response;
  const target = context.isFlow ? 'the flow' : 'the target';
  const said = targetSays(response.body);
  const quoted = said === undefined ? '' : ` (it says: ${JSON.stringify(context.redact(said))})`;
  const head = `${status} from ${target}${quoted}`;
  if (status === 401) return `${head}: ${refusedCredentials(context.auth)}`;
  if (status === 403) {
    return `${head}: the credentials may not invoke it; with OAuth 2.0 grant the app the ${OKTA_WORKFLOWS_SCOPE} scope and allow it in the flow's API Endpoint settings`;
  }
  if (status === 404) return `${head}: nothing answers at this URL; check the flow alias (or client token) in the URL and that the flow is on`;
  if (status === 405) return `${head}: it does not accept ${context.method}; Okta Workflows flows accept GET and POST`;
  if (status === 429) {
    const wait = headers['retry-after'] ?? headers['x-rate-limit-reset'];
    return `${head}: too many requests (Okta Workflows allows about 10 invocations per second per flow)${wait === undefined ? '' : `; it asks to wait (${headers['retry-after'] === undefined ? 'x-rate-limit-reset' : 'retry-after'}: ${wait})`}`;
  }
  if (status >= 500) return `${head}: ${target} failed on its side`;
  if (status >= 300 && status < 400) {
    const location = headers.location;
    return `${head}: a redirect${location === undefined ? '' : ` to ${redactUrl(location)}`}; flowhook does not follow redirects, so put the final URL in the webhook`;
  }
  return `${head}: the request was refused`;
}

/** A request that got no answer within `timeoutSec`. */
export function explainTimeout(timeoutSec: number, detail: string): string {
  return `timed out after ${timeoutSec} s (${detail})`;
}

/** `reason; hint`, the hint's first letter lowered to continue the sentence. */
export function withHint(reason: string, hint: string | undefined): string {
  return hint === undefined ? reason : `${reason}; ${hint.charAt(0).toLowerCase()}${hint.slice(1)}`;
}

function refusedCredentials(auth: InvocationRecord['auth']): string {
  switch (auth.kind) {
    case 'client_token':
      return `the client token (in the ${auth.clientTokenIn === 'header' ? `${CLIENT_TOKEN_HEADER} header` : `URL ${auth.clientTokenIn ?? ''}`.trim()}) was refused; copy it again from the flow's API Endpoint settings`;
    case 'bearer':
      return 'the bearer token was refused; check "authentication_config.bearer.token" or the Authorization header';
    case 'oauth':
      return 'the OAuth access token was refused, also after fetching a new one; check that the flow is secured with OAuth 2.0 and that it allows this app';
    default:
      return `the flow needs credentials; add its client token (the ${CLIENT_TOKEN_QUERY} query parameter or the ${CLIENT_TOKEN_HEADER} header) or configure OAuth 2.0`;
  }
}

/** The explanation in a JSON error body (Okta's `errorSummary`, OAuth's `error_description`, a `message`). */
function targetSays(body: string): string | undefined {
  if (!body.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const fields = parsed as Record<string, unknown>;
  for (const key of ['errorSummary', 'error_description', 'message', 'error']) {
    const value = fields[key];
    if (typeof value === 'string' && value.trim() !== '') return value.slice(0, QUOTED_ERROR_LENGTH);
  }
  return undefined;
}
