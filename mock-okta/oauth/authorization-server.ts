/**
 * The mock's org authorization server: `POST /oauth2/v1/token` (client credentials), `GET
 * /oauth2/v1/keys` (JWKS) and `GET /.well-known/oauth-authorization-server`, with the mock's base URL as
 * issuer. `requestToken` is the token endpoint as a function of the request's parts, so it is tested
 * without a socket; `router()` serves it with express.
 */
import express, { type Router } from 'express';
import { AccessTokenSigner, DEFAULT_ACCESS_TOKEN_LIFETIME_SEC, type TokenCheck } from './access-token.js';
import { ASSERTION_ALGORITHMS, UsedJtis } from './client-assertion.js';
import { authenticateClient } from './client-authentication.js';
import { OAuthClientRegistry } from './clients.js';
import {
  dpopProofMissing,
  invalidRequest,
  invalidScope,
  oauthErrorBody,
  unsupportedGrantType,
  type OAuthRefusal,
} from './oauth-error.js';
import type { AuthorizationServerMetadata, JsonWebKeySet, OAuthClientDefinition, OAuthError, TokenResponse } from './types.js';

export const TOKEN_PATH = '/oauth2/v1/token';
export const KEYS_PATH = '/oauth2/v1/keys';
export const METADATA_PATH = '/.well-known/oauth-authorization-server';

export interface AuthorizationServerOptions {
  /** The org URL: the issuer, and the audience of access tokens (the mock's base URL). */
  issuer: () => string;
  /** The clients to start with, and to restore on reset. */
  clients?: readonly OAuthClientDefinition[];
  /** `expires_in` of access tokens unless a client sets its own; 3600 s like Okta's. */
  accessTokenLifetimeSec?: number;
  /** Epoch milliseconds; `Date.now` unless given. */
  now?: () => number;
}

export interface TokenRequestParts {
  /** The token endpoint's URL as the request reached it (`http://<Host header>/oauth2/v1/token`). */
  readonly url?: string;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly body: string;
}

export interface TokenAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: TokenResponse | OAuthError;
}

const JSON_UTF8 = 'application/json;charset=UTF-8';
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

export class MockAuthorizationServer {
  readonly clients = new OAuthClientRegistry();
  readonly signer = new AccessTokenSigner();
  readonly usedJtis = new UsedJtis();
  readonly accessTokenLifetimeSec: number;
  readonly #issuer: () => string;
  readonly #initialClients: readonly OAuthClientDefinition[];
  readonly #now: () => number;

  /** Checks every client; throws FLOWHOOK_MOCK_CLIENT_INVALID for a bad one. */
  constructor(options: AuthorizationServerOptions) {
    this.#issuer = options.issuer;
    this.#now = options.now ?? Date.now;
    this.accessTokenLifetimeSec = options.accessTokenLifetimeSec ?? DEFAULT_ACCESS_TOKEN_LIFETIME_SEC;
    this.#initialClients = structuredClone(options.clients ?? []);
    this.clients.replaceAll(this.#initialClients);
  }

  get issuer(): string {
    return this.#issuer();
  }

  get tokenEndpoint(): string {
    return `${this.issuer}${TOKEN_PATH}`;
  }

  /** The token endpoint: an access token, or Okta's `{ error, error_description }` with 400 or 401. */
  async requestToken(request: TokenRequestParts): Promise<TokenAnswer> {
    const mediaType = request.contentType?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/x-www-form-urlencoded') {
      return refusal(invalidRequest("The token endpoint accepts 'application/x-www-form-urlencoded' requests only."));
    }
    const params = new URLSearchParams(request.body);
    const repeated = [...new Set(params.keys())].find((name) => params.getAll(name).length > 1);
    if (repeated !== undefined) return refusal(invalidRequest(`The '${repeated}' parameter is included more than once.`));

    const nowSec = Math.floor(this.#now() / 1000);
    const authentication = await authenticateClient(request.authorization, params, {
      clients: this.clients,
      issuer: this.issuer,
      // A mock listening on 0.0.0.0 is reached by another name than its issuer's; Okta wants "the endpoint invoked".
      tokenEndpoints: request.url === undefined ? [this.tokenEndpoint] : [this.tokenEndpoint, request.url],
      nowSec,
      usedJtis: this.usedJtis,
    });
    const named = this.clients.get(authentication.ok ? authentication.client.clientId : (authentication.clientId ?? ''));
    if (named !== undefined) named.tokenRequests += 1;
    if (!authentication.ok) return refusal(authentication.refusal);
    const { client } = authentication;

    if (client.requireDpop) return refusal(dpopProofMissing());
    const grantType = params.get('grant_type');
    if (grantType === null) return refusal(invalidRequest('The request is missing a required parameter: grant_type.'));
    if (grantType !== 'client_credentials') return refusal(unsupportedGrantType());

    const scopes = (params.get('scope') ?? '').split(' ').filter((scope) => scope !== '');
    if (scopes.length === 0) {
      return refusal(invalidScope("The authorization server resource does not have any configured default scopes, 'scope' must be provided."));
    }
    const notGranted = scopes.filter((scope) => !client.scopes.has(scope));
    if (notGranted.length > 0) {
      return refusal(invalidScope(`The following scopes are not allowed for this request: [${notGranted.join(', ')}].`));
    }

    const lifetimeSec = client.accessTokenLifetimeSec ?? this.accessTokenLifetimeSec;
    const token = await this.signer.issue({
      issuer: this.issuer,
      clientId: client.clientId,
      scopes,
      lifetimeSec,
      nowSec,
      registrationTag: client.registrationTag,
    });
    client.tokensIssued += 1;
    return {
      status: 200,
      headers: { 'content-type': JSON_UTF8, ...NO_STORE },
      body: { token_type: 'Bearer', expires_in: lifetimeSec, access_token: token, scope: scopes.join(' ') },
    };
  }

  /** Whether `token` is a live access token of a client that is still registered as it was. */
  async checkAccessToken(token: string): Promise<TokenCheck | { ok: false; reason: 'revoked'; description: string }> {
    const check = await this.signer.check(token, this.issuer, Math.floor(this.#now() / 1000));
    if (!check.ok) return check;
    const client = this.clients.get(check.claims.cid);
    if (client?.registrationTag !== check.registrationTag) {
      return { ok: false, reason: 'revoked', description: 'The access token has been revoked.' };
    }
    return check;
  }

  jwks(): Promise<JsonWebKeySet> {
    return this.signer.jwks();
  }

  metadata(): AuthorizationServerMetadata {
    const issuer = this.issuer;
    return {
      issuer,
      token_endpoint: `${issuer}${TOKEN_PATH}`,
      jwks_uri: `${issuer}${KEYS_PATH}`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
      scopes_supported: ['okta.workflows.invoke.manage'],
    };
  }

  /** Restores the clients the mock started with; token counts and used assertion ids start again. */
  reset(): void {
    this.clients.replaceAll(this.#initialClients);
    this.usedJtis.clear();
  }

  /**
   * The token, keys and metadata endpoints, to mount at the mock's root.
   * @internal
   */
  router(): Router {
    const router = express.Router();
    router.post(TOKEN_PATH, express.text({ type: () => true, limit: '64kb', defaultCharset: 'utf-8' }), async (req, res) => {
      const answer = await this.requestToken({
        url: `${req.protocol}://${req.get('host') ?? ''}${TOKEN_PATH}`,
        contentType: req.get('content-type'),
        authorization: req.get('authorization'),
        body: typeof req.body === 'string' ? req.body : '',
      });
      // end(), not send(): express would rewrite Okta's "application/json;charset=UTF-8".
      res.status(answer.status).set(answer.headers).end(JSON.stringify(answer.body));
    });
    router.get(KEYS_PATH, async (_req, res) => {
      res.json(await this.jwks());
    });
    router.get(METADATA_PATH, (_req, res) => {
      res.json(this.metadata());
    });
    return router;
  }
}

function refusal(refused: OAuthRefusal): TokenAnswer {
  return {
    status: refused.status,
    headers: { 'content-type': JSON_UTF8, ...NO_STORE, ...refused.headers },
    body: oauthErrorBody(refused),
  };
}
