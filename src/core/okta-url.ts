/**
 * Recognises Okta Workflows API Endpoint URLs: the documented invoke form
 * `https://<org>.workflows.okta.com/api/flo/<alias>/invoke` and the Apono guide's
 * `https://<org>.workflows.okta.com/api/flo/<clientToken>`, on each known region domain.
 */

export interface OktaUrl {
  form: 'invoke' | 'client-token-path';
  org: string;
  workflowsHost: string;
  /** The org authorization server's token endpoint on the same region domain. */
  orgTokenUrl: string;
  alias?: string;
  clientTokenIn: 'query' | 'path' | null;
  /** One sentence for people: which form this is and where the client token sits. */
  description: string;
}

/** The path shapes of a flow URL, on any host (the mock serves the same paths). */
export type FlowPath = { form: 'invoke'; alias: string } | { form: 'client-token-path'; clientToken: string };

const WORKFLOWS_HOST = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.workflows\.(okta\.com|oktapreview\.com|okta-emea\.com)$/;
const INVOKE_PATH = /^\/api\/flo\/([^/]+)\/invoke\/?$/;
const CLIENT_TOKEN_PATH = /^\/api\/flo\/([^/]+)\/?$/;

export const CLIENT_TOKEN_QUERY = 'clientToken';

/** `/api/flo/<alias>/invoke` or `/api/flo/<clientToken>`; null for any other path. */
export function flowPath(pathname: string): FlowPath | null {
  const invoke = INVOKE_PATH.exec(pathname);
  if (invoke?.[1] !== undefined) return { form: 'invoke', alias: decodeSegment(invoke[1]) };
  const token = CLIENT_TOKEN_PATH.exec(pathname);
  if (token?.[1] !== undefined) return { form: 'client-token-path', clientToken: decodeSegment(token[1]) };
  return null;
}

/** A path segment decoded; one with a malformed escape (`%E0%A4%A`) as it is, still a segment to redact. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** What an Okta Workflows URL is, or null when `url` is not one. */
export function recogniseOktaUrl(url: string): OktaUrl | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = WORKFLOWS_HOST.exec(parsed.hostname);
  const path = flowPath(parsed.pathname);
  if (!host || !path || host[1] === undefined || host[2] === undefined) return null;
  const org = host[1];
  const domain = host[2];
  const base = {
    org,
    workflowsHost: parsed.hostname,
    orgTokenUrl: `https://${org}.${domain}/oauth2/v1/token`,
  };
  if (path.form === 'client-token-path') {
    return {
      ...base,
      form: 'client-token-path',
      clientTokenIn: 'path',
      description:
        `Okta Workflows URL of org "${org}" in the Apono guide's form …/api/flo/<clientToken>: ` +
        'the client token is the last path segment, so the whole URL is a secret.',
    };
  }
  const inQuery = parsed.searchParams.has(CLIENT_TOKEN_QUERY);
  return {
    ...base,
    form: 'invoke',
    alias: path.alias,
    clientTokenIn: inQuery ? 'query' : null,
    description: inQuery
      ? `Okta Workflows invoke URL of org "${org}", flow alias "${path.alias}": the client token is in the "clientToken" query parameter.`
      : `Okta Workflows invoke URL of org "${org}", flow alias "${path.alias}": no client token in the URL, ` +
        'so send it in the "x-api-client-token" header, or use OAuth 2.0, or the flow must be public.',
  };
}
