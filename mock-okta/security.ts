/**
 * The credential check of each security level: a function of the flow and of what the caller
 * presented, returning what the journal records and, when the call is refused, why. A check may be
 * asynchronous (verifying a JWT is), and the server takes extra or replacement checks by level
 * (`securityChecks`), so the `oauth2` level can gain a real check without changing the invoke route.
 */
import { timingSafeEqual } from 'node:crypto';
import { invalidToken, tokenSentTwice, type Refusal } from './okta-error.js';
import type { CredentialSource, ExecutionAuth, SecurityLevel } from './types.js';

/** Every place a credential can come from on an invoke call; undefined when absent. */
export interface PresentedCredentials {
  /** The `clientToken` query parameter. */
  readonly query: string | undefined;
  /** The `x-api-client-token` header. */
  readonly header: string | undefined;
  /** The token of the `/api/flo/{clientToken}` form. */
  readonly path: string | undefined;
  /** The `Authorization` header. */
  readonly authorization: string | undefined;
}

export interface SecuredFlow {
  readonly alias: string;
  readonly security: SecurityLevel;
  readonly clientToken: string | undefined;
  /** With `oauth2`: the clients whose tokens may invoke the flow; any client when undefined. */
  readonly allowedClients?: readonly string[] | undefined;
}

export interface SecurityVerdict {
  readonly auth: ExecutionAuth;
  /** Present when the call is refused. */
  readonly refusal?: Refusal;
}

export type SecurityCheck = (
  flow: SecuredFlow,
  presented: PresentedCredentials,
) => SecurityVerdict | Promise<SecurityVerdict>;

const NO_CLIENT_TOKEN =
  'No client token was sent: pass it as the clientToken query parameter or the x-api-client-token header.';

type TokenForm = Exclude<CredentialSource, 'bearer'>;

function clientTokenForms(presented: PresentedCredentials): TokenForm[] {
  const forms: TokenForm[] = [];
  if (presented.path !== undefined) forms.push('path');
  if (presented.query !== undefined) forms.push('query');
  if (presented.header !== undefined) forms.push('header');
  return forms;
}

function firstSource(presented: PresentedCredentials): CredentialSource | null {
  return clientTokenForms(presented)[0] ?? (presented.authorization === undefined ? null : 'bearer');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const checkPublic: SecurityCheck = (_flow, presented) => ({
  auth: { level: 'public', via: firstSource(presented), valid: true },
});

const checkClientToken: SecurityCheck = (flow, presented) => {
  const forms = clientTokenForms(presented);
  const via = forms[0];
  if (via === undefined) {
    return {
      auth: { level: 'clientToken', via: null, valid: false },
      refusal: invalidToken(NO_CLIENT_TOKEN, 'refused: no client token was sent'),
    };
  }
  if (forms.length > 1) {
    return { auth: { level: 'clientToken', via, valid: false }, refusal: tokenSentTwice() };
  }
  const token = presented[via] ?? '';
  if (flow.clientToken !== undefined && sameSecret(token, flow.clientToken)) {
    return { auth: { level: 'clientToken', via, valid: true } };
  }
  return {
    auth: { level: 'clientToken', via, valid: false },
    refusal: invalidToken(
      "The client token does not match the flow's.",
      `refused: the client token sent in the ${via} does not match flow "${flow.alias}"'s`,
    ),
  };
};

/** The checks that need no authorization server; the server adds the `oauth2` check of its own. */
export const defaultSecurityChecks: Readonly<Record<Exclude<SecurityLevel, 'oauth2'>, SecurityCheck>> = {
  public: checkPublic,
  clientToken: checkClientToken,
};
