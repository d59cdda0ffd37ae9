/**
 * Why the token endpoint gave no usable access token, as FLOWHOOK_TOKEN_FAILED: the message quotes the
 * server's `error` and `error_description`; the hint says which side to fix (the webhook's config, the
 * client registered at the authorization server, or the server itself) and how.
 */
import type { OAuthSettings } from '../core/oauth-settings.js';
import { FlowhookError } from '../errors.js';

/** Who can fix it: the webhook's config or this machine, the authorization server's client, or nobody (transient). */
export type TokenFailureSide = 'sender' | 'authorization-server' | 'transient';

export interface TokenFailure {
  /** The HTTP status of the token response; absent when none arrived. */
  readonly httpStatus?: number;
  /** The OAuth `error` code, e.g. `invalid_client`. */
  readonly oauthError?: string;
  readonly oauthErrorDescription?: string;
}

export class TokenRequestError extends FlowhookError {
  readonly tokenEndpoint: string;
  readonly httpStatus: number | undefined;
  readonly oauthError: string | undefined;
  readonly oauthErrorDescription: string | undefined;
  readonly side: TokenFailureSide;

  constructor(
    settings: Pick<OAuthSettings, 'tokenEndpoint'>,
    message: string,
    hint: string,
    side: TokenFailureSide,
    failure: TokenFailure = {},
    cause?: unknown,
  ) {
    super('FLOWHOOK_TOKEN_FAILED', message, { hint, cause });
    this.name = 'TokenRequestError';
    this.tokenEndpoint = settings.tokenEndpoint;
    this.httpStatus = failure.httpStatus;
    this.oauthError = failure.oauthError;
    this.oauthErrorDescription = failure.oauthErrorDescription;
    this.side = side;
  }
}

const MAX_DESCRIPTION_LENGTH = 300;

const DPOP_HINT =
  'Fix the client at the authorization server: in the Okta app\'s General settings untick "Require Demonstrating ' +
  'Proof of Possession (DPoP) header in token requests", as Okta\'s guides for Workflows advise; flowhook sends bearer tokens.';

/** The server answered with an OAuth error (`{ error, error_description }`). */
export function oauthErrorResponse(
  settings: OAuthSettings,
  httpStatus: number,
  oauthError: string,
  description: string | undefined,
): TokenRequestError {
  const said = description === undefined || description === '' ? '' : `: ${truncate(description)}`;
  const message =
    `the token endpoint ${settings.tokenEndpoint} refused client "${settings.clientId}" ` +
    `with ${httpStatus} ${oauthError}${said}`;
  const { side, hint } = oauthErrorAdvice(settings, oauthError, description ?? '');
  return new TokenRequestError(settings, message, hint, side, {
    httpStatus,
    oauthError,
    ...(description === undefined ? {} : { oauthErrorDescription: description }),
  });
}

/** The server answered something that is neither a token nor an OAuth error (an HTML 404, a 502…). */
export function unexpectedResponse(settings: OAuthSettings, httpStatus: number, contentType: string, cause?: unknown): TokenRequestError {
  const message =
    `the token endpoint ${settings.tokenEndpoint} answered ${httpStatus}` +
    `${contentType === '' ? '' : ` (${contentType})`} instead of an access token or an OAuth error`;
  if (httpStatus >= 500) {
    return new TokenRequestError(
      settings,
      message,
      'The authorization server failed; the delivery is retried. If it keeps failing, check the server.',
      'transient',
      { httpStatus },
      cause,
    );
  }
  return new TokenRequestError(
    settings,
    message,
    'Fix "authentication_config.oauth.token_endpoint_url": it does not look like an OAuth token endpoint ' +
      '(for Okta: https://<org>.okta.com/oauth2/v1/token).',
    'sender',
    { httpStatus },
    cause,
  );
}

/** A 200 whose body is not a usable token response (no `access_token`, not JSON…). */
export function invalidTokenResponse(settings: OAuthSettings, problem: string, cause?: unknown): TokenRequestError {
  return new TokenRequestError(
    settings,
    `the token endpoint ${settings.tokenEndpoint} answered 200 without a usable access token: ${problem}`,
    'Check that "authentication_config.oauth.token_endpoint_url" is the token endpoint of an OAuth 2.0 authorization server.',
    'sender',
    { httpStatus: 200 },
    cause,
  );
}

/** The token is bound to a DPoP key (`token_type` DPoP), which Okta Workflows does not take. */
export function dpopBoundToken(settings: OAuthSettings): TokenRequestError {
  return new TokenRequestError(
    settings,
    `the token endpoint ${settings.tokenEndpoint} issued a DPoP-bound token (token_type "DPoP") to client ` +
      `"${settings.clientId}"; Okta Workflows takes bearer tokens`,
    DPOP_HINT,
    'authorization-server',
    { httpStatus: 200 },
  );
}

/** A `token_type` other than Bearer or DPoP. */
export function unsupportedTokenType(settings: OAuthSettings, tokenType: string): TokenRequestError {
  return new TokenRequestError(
    settings,
    `the token endpoint ${settings.tokenEndpoint} issued a token of type ${JSON.stringify(tokenType)}; flowhook sends bearer tokens only`,
    'Configure the client at the authorization server to receive bearer tokens.',
    'authorization-server',
    { httpStatus: 200 },
  );
}

/** The granted scopes miss some that were asked for, so the flow would refuse the token. */
export function scopesNotGranted(settings: OAuthSettings, missing: readonly string[], granted: string): TokenRequestError {
  return new TokenRequestError(
    settings,
    `the token endpoint ${settings.tokenEndpoint} granted client "${settings.clientId}" the scopes ` +
      `${JSON.stringify(granted)}, without ${missing.join(', ')}`,
    `Fix the client at the authorization server: grant ${missing.join(', ')} to it (Okta: the app's "Okta API Scopes" tab).`,
    'authorization-server',
    { httpStatus: 200 },
  );
}

/** No answer: the connection failed or the request timed out. */
export function tokenRequestFailed(settings: OAuthSettings, cause: unknown, timeoutMs: number): TokenRequestError {
  const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  const reason = timedOut ? `did not answer within ${timeoutMs} ms` : `could not be reached (${networkReason(cause)})`;
  return new TokenRequestError(
    settings,
    `the token endpoint ${settings.tokenEndpoint} ${reason}`,
    'Check "authentication_config.oauth.token_endpoint_url" and the network to it; the delivery is retried.',
    'transient',
    {},
    cause,
  );
}

function oauthErrorAdvice(
  settings: OAuthSettings,
  oauthError: string,
  description: string,
): { side: TokenFailureSide; hint: string } {
  const client = `client "${settings.clientId}"`;
  switch (oauthError) {
    case 'invalid_client': {
      if (/expir|future|iat|nbf|not yet valid/i.test(description)) {
        return {
          side: 'sender',
          hint: "Fix this machine's clock: the client assertion's times were refused, so the clocks of the sender and the authorization server differ (synchronise with NTP).",
        };
      }
      if (settings.credential.kind === 'private_key') {
        const kid = settings.assertion?.kid === undefined ? 'no kid' : `kid "${settings.assertion.kid}"`;
        return {
          side: 'authorization-server',
          hint:
            `Make the two sides agree: ${client} must exist and be active at the authorization server, with the public key of ` +
            `"private_key" (${kid}) registered (Okta: the app's General tab, Client Credentials, Public keys), ` +
            'and "client_id" must be that app\'s client ID.',
        };
      }
      return {
        side: 'sender',
        hint:
          `Fix "client_id" and "client_secret" in "authentication_config.oauth": they must be the current credentials of ${client}, ` +
          `which must be active at the authorization server${settings.clientAuthMethod === 'client_secret_basic' ? ' (if the server wants the secret in the body, set "client_auth_method": "client_secret_post")' : ''}.`,
      };
    }
    case 'invalid_scope':
      return {
        side: 'authorization-server',
        hint:
          `Grant ${settings.scopes.length === 0 ? 'the scope the flow needs' : settings.scopes.join(', ')} to ${client} at the authorization server ` +
          '(Okta: the app\'s "Okta API Scopes" tab), or ask only for granted scopes in "authentication_config.oauth.scopes".',
      };
    case 'unauthorized_client':
    case 'unsupported_grant_type':
      return {
        side: 'authorization-server',
        hint: `Allow the Client Credentials grant for ${client} at the authorization server (Okta: an API Services app has it).`,
      };
    case 'invalid_dpop_proof':
    case 'use_dpop_nonce':
      return { side: 'authorization-server', hint: DPOP_HINT };
    case 'invalid_request':
      return {
        side: 'sender',
        hint: 'Check "authentication_config.oauth": "token_endpoint_url" and "client_auth_method" must be what the authorization server expects.',
      };
    case 'server_error':
    case 'temporarily_unavailable':
      return { side: 'transient', hint: 'The authorization server failed; the delivery is retried.' };
    default:
      return {
        side: 'authorization-server',
        hint: `Check ${client} at the authorization server, and "authentication_config.oauth" against it.`,
      };
  }
}

function networkReason(cause: unknown): string {
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  if (inner instanceof Error) {
    const code = (inner as { code?: unknown }).code;
    return typeof code === 'string' ? code : inner.message;
  }
  return String(inner);
}

function truncate(text: string): string {
  return text.length > MAX_DESCRIPTION_LENGTH ? `${text.slice(0, MAX_DESCRIPTION_LENGTH)}…` : text;
}
