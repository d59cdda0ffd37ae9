/**
 * The answers of the mock's token endpoint when it refuses a request: Okta's OAuth error shape
 * (`{ error, error_description }`, RFC 6749 §5.2) with its statuses (400, or 401 for `invalid_client`)
 * and descriptions close to Okta's own wording.
 */

export interface OAuthRefusal {
  readonly status: 400 | 401;
  readonly error: string;
  readonly description: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export function invalidClient(description: string, headers?: Record<string, string>): OAuthRefusal {
  return { status: 401, error: 'invalid_client', description, ...(headers === undefined ? {} : { headers }) };
}

export function invalidRequest(description: string): OAuthRefusal {
  return { status: 400, error: 'invalid_request', description };
}

export function invalidScope(description: string): OAuthRefusal {
  return { status: 400, error: 'invalid_scope', description };
}

export function unsupportedGrantType(): OAuthRefusal {
  return {
    status: 400,
    error: 'unsupported_grant_type',
    description: 'The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].',
  };
}

export function dpopProofMissing(): OAuthRefusal {
  return { status: 400, error: 'invalid_dpop_proof', description: 'The DPoP proof JWT header is missing.' };
}

/** The JSON body of a refusal. */
export function oauthErrorBody(refusal: OAuthRefusal): { error: string; error_description: string } {
  return { error: refusal.error, error_description: refusal.description };
}
