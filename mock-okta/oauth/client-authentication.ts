/**
 * Which client a token request comes from, and whether it proved it: `client_secret_basic` (RFC 6749
 * §2.3.1, the id and secret form-encoded in a Basic header), `client_secret_post` or `private_key_jwt`.
 * A request that uses more than one method, or none, is refused as Okta refuses it.
 */
import { timingSafeEqual } from 'node:crypto';
import { checkClientAssertion, CLIENT_ASSERTION_TYPE, type UsedJtis } from './client-assertion.js';
import type { OAuthClientRegistry, RegisteredClient } from './clients.js';
import { invalidClient, invalidRequest, type OAuthRefusal } from './oauth-error.js';
import type { ClientAuthMethod } from './types.js';

export interface AuthenticationContext {
  readonly clients: OAuthClientRegistry;
  readonly issuer: string;
  readonly tokenEndpoints: readonly string[];
  readonly nowSec: number;
  readonly usedJtis: UsedJtis;
}

export type ClientAuthentication =
  | { readonly ok: true; readonly client: RegisteredClient; readonly method: ClientAuthMethod }
  /** `clientId` names the client the request claims to come from, when it names one. */
  | { readonly ok: false; readonly refusal: OAuthRefusal; readonly clientId: string | undefined };

const MULTIPLE_CREDENTIALS =
  'Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, ' +
  'credentials in the post body, or a client_assertion in the post body.';

export async function authenticateClient(
  authorization: string | undefined,
  params: URLSearchParams,
  context: AuthenticationContext,
): Promise<ClientAuthentication> {
  const basic = authorization !== undefined && /^basic\s/i.test(authorization) ? authorization.replace(/^basic\s+/i, '') : undefined;
  const postedSecret = params.get('client_secret') ?? undefined;
  const assertion = params.get('client_assertion') ?? undefined;
  const assertionType = params.get('client_assertion_type') ?? undefined;
  const clientIdParameter = params.get('client_id') ?? undefined;

  const used = [basic, postedSecret, assertion ?? assertionType].filter((credential) => credential !== undefined);
  if (used.length > 1) return { ok: false, refusal: invalidRequest(MULTIPLE_CREDENTIALS), clientId: clientIdParameter };
  if (used.length === 0) return { ok: false, refusal: invalidClient('No client credentials found.'), clientId: clientIdParameter };

  if (basic !== undefined) {
    const challenge = { 'www-authenticate': `Basic realm="${context.issuer}"` };
    const credentials = decodeBasic(basic);
    if (credentials === undefined) {
      return { ok: false, refusal: invalidClient('The client credentials in the Authorization header are malformed.', challenge), clientId: undefined };
    }
    if (clientIdParameter !== undefined && clientIdParameter !== credentials.clientId) {
      return {
        ok: false,
        refusal: invalidClient("The client_id parameter does not match the client of the Authorization header.", challenge),
        clientId: credentials.clientId,
      };
    }
    return checkSecret(context.clients.get(credentials.clientId), credentials.clientId, credentials.secret, 'client_secret_basic', challenge);
  }
  if (postedSecret !== undefined) {
    if (clientIdParameter === undefined) return { ok: false, refusal: invalidClient('No client credentials found.'), clientId: undefined };
    return checkSecret(context.clients.get(clientIdParameter), clientIdParameter, postedSecret, 'client_secret_post');
  }
  if (assertionType !== CLIENT_ASSERTION_TYPE) {
    return { ok: false, refusal: invalidClient('The client_assertion_type is invalid.'), clientId: clientIdParameter };
  }
  if (assertion === undefined || assertion === '') {
    return { ok: false, refusal: invalidClient('No client credentials found.'), clientId: clientIdParameter };
  }
  const verdict = await checkClientAssertion(assertion, { ...context, clientIdParameter });
  return verdict.ok ? { ok: true, client: verdict.client, method: 'private_key_jwt' } : verdict;
}

function checkSecret(
  client: RegisteredClient | undefined,
  clientId: string,
  secret: string,
  method: 'client_secret_basic' | 'client_secret_post',
  headers?: Record<string, string>,
): ClientAuthentication {
  if (client === undefined) return { ok: false, refusal: invalidClient("Invalid value for 'client_id' parameter.", headers), clientId };
  if (client.secret === undefined) {
    return {
      ok: false,
      refusal: invalidClient('The client is configured for private_key_jwt; authenticate with a client_assertion.', headers),
      clientId,
    };
  }
  if (!sameSecret(secret, client.secret)) {
    return { ok: false, refusal: invalidClient('The client secret supplied for a confidential client is invalid.', headers), clientId };
  }
  return { ok: true, client, method };
}

/** `Basic base64(urlencode(id):urlencode(secret))` → the id and the secret. */
function decodeBasic(encoded: string): { clientId: string; secret: string } | undefined {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function formDecode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
