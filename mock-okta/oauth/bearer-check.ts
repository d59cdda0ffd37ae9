/**
 * The `oauth2` security level: `Authorization: Bearer <token>` with an access token of the mock's
 * authorization server that verifies against its keys, has not expired, belongs to a client that is
 * still registered, carries `okta.workflows.invoke.manage` and, when the flow lists `allowedClients`,
 * comes from one of them. A missing or bad token is refused with 401, a token without the scope or of
 * another client with 403; both carry a `WWW-Authenticate: Bearer` challenge (RFC 6750).
 */
import { invalidToken, type Refusal } from '../okta-error.js';
import type { SecurityCheck } from '../security.js';
import type { MockAuthorizationServer } from './authorization-server.js';

export const WORKFLOWS_INVOKE_SCOPE = 'okta.workflows.invoke.manage';

export function oauth2SecurityCheck(server: MockAuthorizationServer): SecurityCheck {
  return async (flow, presented) => {
    const { authorization } = presented;
    const bearer = authorization === undefined ? undefined : /^Bearer +(\S+)$/i.exec(authorization)?.[1];
    if (bearer === undefined) {
      const sent = authorization === undefined ? 'no Authorization header was sent' : 'the Authorization header is not "Bearer <token>"';
      return {
        auth: { level: 'oauth2', via: null, valid: false },
        refusal: invalidToken(
          'Send an access token of the org authorization server as "Authorization: Bearer <token>".',
          `refused: flow "${flow.alias}" is secured with OAuth 2.0 and ${sent}`,
          { 'www-authenticate': challenge(server) },
        ),
      };
    }
    const check = await server.checkAccessToken(bearer);
    if (!check.ok) {
      return {
        auth: { level: 'oauth2', via: 'bearer', valid: false },
        refusal: invalidToken(check.description, `refused: the bearer token is not valid (${check.reason}): ${check.description}`, {
          'www-authenticate': challenge(server, 'invalid_token', check.description),
        }),
      };
    }
    const { cid, scp } = check.claims;
    const auth = { level: 'oauth2' as const, via: 'bearer' as const, clientId: cid };
    if (!scp.includes(WORKFLOWS_INVOKE_SCOPE)) {
      const description = 'The access token provided does not contain the required scopes.';
      return {
        auth: { ...auth, valid: false },
        refusal: forbidden(
          `The access token needs the scope ${WORKFLOWS_INVOKE_SCOPE}.`,
          `refused: the token of client "${cid}" has the scopes [${scp.join(', ')}], not ${WORKFLOWS_INVOKE_SCOPE}`,
          challenge(server, 'insufficient_scope', description),
        ),
      };
    }
    if (flow.allowedClients !== undefined && !flow.allowedClients.includes(cid)) {
      const description = 'The client is not allowed to invoke this flow.';
      return {
        auth: { ...auth, valid: false },
        refusal: forbidden(
          description,
          `refused: client "${cid}" is not among the allowedClients of flow "${flow.alias}"`,
          challenge(server, 'insufficient_scope', description),
        ),
      };
    }
    return { auth: { ...auth, valid: true } };
  };
}

function challenge(server: MockAuthorizationServer, error?: string, description?: string): string {
  const issuer = server.issuer;
  const parts = [
    `authorization_uri="${issuer}/oauth2/v1/authorize"`,
    `realm="${issuer}"`,
    `scope="${WORKFLOWS_INVOKE_SCOPE}"`,
    ...(error === undefined ? [] : [`error="${error}"`]),
    ...(description === undefined ? [] : [`error_description="${description}"`]),
  ];
  return `Bearer ${parts.join(', ')}`;
}

function forbidden(cause: string, reason: string, wwwAuthenticate: string): Refusal {
  return {
    status: 403,
    errorCode: 'E0000006',
    errorSummary: 'You do not have permission to perform the requested action',
    cause,
    headers: { 'www-authenticate': wwwAuthenticate },
    reason,
  };
}
