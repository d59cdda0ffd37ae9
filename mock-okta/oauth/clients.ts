/**
 * The OAuth clients of the mock's org authorization server, as an Okta admin registers API Services
 * apps: a client id, one credential (public keys for `private_key_jwt`, or a client secret) and the
 * scopes granted. A definition is checked in full before anything changes; the registry counts token
 * requests per client so that a test can assert that the sender caches its tokens.
 */
import { createPublicKey, randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto';
import { FlowhookError, type Problem } from '../../src/errors.js';
import { mockOktaSchemas } from '../schemas.js';
import type { ClientAuthMethod, OAuthClient, OAuthClientDefinition } from './types.js';

/** Okta refuses RSA keys shorter than this. */
const MIN_RSA_BITS = 2048;
const SUPPORTED_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

const validateSchema = mockOktaSchemas.validator('OAuthClientDefinition');

const PATTERN_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/^\$(\.oauthClients\[\d+\])?\.clientId$/, 'must be 1 to 256 printable ASCII characters'],
  [/\.scopes\[\d+\]$/, 'must be a scope: visible ASCII characters without spaces, quotes or backslashes'],
];

export interface RegisteredKey {
  readonly kid: string | undefined;
  readonly key: KeyObject;
  /** The public key as a JWK, as the admin API shows it. */
  readonly jwk: JsonWebKey;
}

export class RegisteredClient {
  readonly clientId: string;
  readonly keys: readonly RegisteredKey[];
  readonly scopes: ReadonlySet<string>;
  readonly authMethods: readonly ClientAuthMethod[];
  /** Undefined: the server's lifetime. */
  readonly accessTokenLifetimeSec: number | undefined;
  readonly requireDpop: boolean;
  /**
   * New with every registration. Access tokens carry it, so the tokens of a revoked client stay
   * refused even when the same client id is registered again.
   */
  readonly registrationTag = randomBytes(6).toString('base64url');
  tokenRequests = 0;
  tokensIssued = 0;
  readonly #secret: string | undefined;

  constructor(definition: OAuthClientDefinition) {
    this.clientId = definition.clientId;
    this.keys = readKeys(definition);
    this.#secret = definition.clientSecret;
    this.scopes = new Set(definition.scopes);
    this.authMethods = this.#secret === undefined ? ['private_key_jwt'] : ['client_secret_basic', 'client_secret_post'];
    this.accessTokenLifetimeSec = definition.accessTokenLifetimeSec;
    this.requireDpop = definition.requireDpop ?? false;
  }

  get secret(): string | undefined {
    return this.#secret;
  }

  view(defaultLifetimeSec: number): OAuthClient {
    return {
      clientId: this.clientId,
      tokenEndpointAuthMethods: [...this.authMethods],
      ...(this.keys.length === 0 ? {} : { publicKeys: this.keys.map((key) => ({ ...key.jwk })) }),
      ...(this.#secret === undefined ? {} : { clientSecret: '[REDACTED]' as const }),
      scopes: [...this.scopes],
      accessTokenLifetimeSec: this.accessTokenLifetimeSec ?? defaultLifetimeSec,
      requireDpop: this.requireDpop,
      tokenRequests: this.tokenRequests,
      tokensIssued: this.tokensIssued,
    };
  }
}

export class OAuthClientRegistry {
  readonly #clients = new Map<string, RegisteredClient>();

  get(clientId: string): RegisteredClient | undefined {
    return this.#clients.get(clientId);
  }

  list(): RegisteredClient[] {
    return [...this.#clients.values()];
  }

  /** Registers one client; throws FLOWHOOK_MOCK_CLIENT_INVALID or FLOWHOOK_CONFLICT and changes nothing when it cannot. */
  register(value: unknown): RegisteredClient {
    const problems = checkClientDefinition(value, '$');
    if (problems.length > 0) {
      throw clientInvalid('the OAuth client was not registered', problems, 'Fix the fields listed in details and send the client again.');
    }
    const definition = value as OAuthClientDefinition;
    if (this.#clients.has(definition.clientId)) {
      throw new FlowhookError('FLOWHOOK_CONFLICT', `an OAuth client with the clientId "${definition.clientId}" is already registered`, {
        hint: `Delete it first (DELETE /__admin/oauth/clients/${encodeURIComponent(definition.clientId)}), or choose another clientId.`,
      });
    }
    const client = new RegisteredClient(definition);
    this.#clients.set(client.clientId, client);
    return client;
  }

  /** Revokes a client: it gets no more tokens, and the tokens it holds are refused. */
  delete(clientId: string): boolean {
    return this.#clients.delete(clientId);
  }

  /** Replaces every client with `definitions` (config-file entries), all or nothing; counts start again at 0. */
  replaceAll(definitions: readonly OAuthClientDefinition[]): void {
    const problems = checkConfiguredClients(definitions);
    if (problems.length > 0) throw clientInvalid('the OAuth clients were not loaded', problems, 'Fix the fields listed in details.');
    this.#clients.clear();
    for (const definition of definitions) this.#clients.set(definition.clientId, new RegisteredClient(definition));
  }
}

/** Every problem of `value` as a client definition, at paths under `root` (`$` or `$.oauthClients[2]`). */
export function checkClientDefinition(value: unknown, root: string): Problem[] {
  const schemaProblems = validateSchema(value).map((problem) => {
    const path = root + problem.path.slice(1);
    const words = problem.message.startsWith('must match pattern') ? PATTERN_WORDS.find(([at]) => at.test(path))?.[1] : undefined;
    return { path, message: words ?? problem.message };
  });
  if (schemaProblems.length > 0) return schemaProblems;
  const definition = value as OAuthClientDefinition;
  const credentials = (['jwks', 'publicKeyPem', 'clientSecret'] as const).filter((field) => definition[field] !== undefined);
  if (credentials.length !== 1) {
    return [
      {
        path: root,
        message:
          credentials.length === 0
            ? 'needs one credential: "jwks" or "publicKeyPem" (private_key_jwt) or "clientSecret"'
            : `has ${credentials.map((field) => `"${field}"`).join(' and ')}; give exactly one credential`,
      },
    ];
  }
  if (definition.keyId !== undefined && definition.publicKeyPem === undefined) {
    return [{ path: `${root}.keyId`, message: 'names the kid of "publicKeyPem"; a JWK in "jwks" carries its own "kid"' }];
  }
  if (definition.publicKeyPem !== undefined) return pemProblems(definition.publicKeyPem, `${root}.publicKeyPem`);
  if (definition.jwks !== undefined) return jwksProblems(definition.jwks.keys, `${root}.jwks.keys`);
  return [];
}

/** Every problem of a list of config-file clients (`$.oauthClients[i]…`), including repeated client ids. */
export function checkConfiguredClients(definitions: readonly unknown[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  definitions.forEach((definition, index) => {
    const root = `$.oauthClients[${index}]`;
    const entryProblems = checkClientDefinition(definition, root);
    problems.push(...entryProblems);
    if (entryProblems.length > 0) return;
    const { clientId } = definition as OAuthClientDefinition;
    const earlier = seen.get(clientId);
    if (earlier !== undefined) {
      problems.push({ path: `${root}.clientId`, message: `repeats the clientId of $.oauthClients[${earlier}] ("${clientId}")` });
    } else {
      seen.set(clientId, index);
    }
  });
  return problems;
}

/** The error for a refused client definition: the first problem in the message, all of them in `details`. */
export function clientInvalid(subject: string, problems: Problem[], hint: string): FlowhookError {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more, see details)` : '';
  const summary = first === undefined ? 'is invalid' : `"${first.path}" ${first.message}`;
  return new FlowhookError('FLOWHOOK_MOCK_CLIENT_INVALID', `${subject}: ${summary}${more}`, { hint, details: problems });
}

function pemProblems(pem: string, path: string): Problem[] {
  if (/-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(pem)) {
    return [{ path, message: 'is a private key; register the public key only ("-----BEGIN PUBLIC KEY-----")' }];
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    return [{ path, message: 'is not a PEM public key ("-----BEGIN PUBLIC KEY-----")' }];
  }
  const problem = keyProblem(key);
  return problem === undefined ? [] : [{ path, message: problem }];
}

function jwksProblems(keys: ReadonlyArray<Record<string, unknown>>, path: string): Problem[] {
  const problems: Problem[] = [];
  const kids = new Map<string, number>();
  keys.forEach((jwk, index) => {
    const at = `${path}[${index}]`;
    if (jwk.d !== undefined) {
      problems.push({ path: at, message: 'is a private key (it has "d"); register the public key only' });
      return;
    }
    if (jwk.use !== undefined && jwk.use !== 'sig') {
      problems.push({ path: `${at}.use`, message: `is ${JSON.stringify(jwk.use)}; a client assertion key has "use" "sig" or none` });
    }
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } catch {
      problems.push({ path: at, message: `is not a public JWK (RSA with "n" and "e", or EC with "crv", "x" and "y")` });
      return;
    }
    const problem = keyProblem(key);
    if (problem !== undefined) problems.push({ path: at, message: problem });
    const kid = jwk.kid;
    if (typeof kid === 'string') {
      const earlier = kids.get(kid);
      if (earlier !== undefined) problems.push({ path: `${at}.kid`, message: `repeats the kid of ${path}[${earlier}] ("${kid}")` });
      else kids.set(kid, index);
    } else if (keys.length > 1) {
      problems.push({ path: `${at}.kid`, message: 'is required when there are several keys, so that an assertion can name its key' });
    }
  });
  return problems;
}

function keyProblem(key: KeyObject): string | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    return bits < MIN_RSA_BITS ? `is a ${bits}-bit RSA key; Okta wants at least ${MIN_RSA_BITS} bits` : undefined;
  }
  if (key.asymmetricKeyType === 'ec') {
    return SUPPORTED_CURVES.has(details.namedCurve ?? '') ? undefined : `is an EC key on ${details.namedCurve ?? 'an unknown curve'}; use P-256, P-384 or P-521`;
  }
  return `is a key of type ${JSON.stringify(key.asymmetricKeyType ?? 'unknown')}; Okta accepts RSA and EC keys`;
}

function readKeys(definition: OAuthClientDefinition): RegisteredKey[] {
  if (definition.publicKeyPem !== undefined) {
    const key = createPublicKey({ key: definition.publicKeyPem, format: 'pem' });
    const kid = definition.keyId;
    return [{ kid, key, jwk: { ...key.export({ format: 'jwk' }), ...(kid === undefined ? {} : { kid }) } }];
  }
  return (definition.jwks?.keys ?? []).map((jwk) => {
    const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
    return { kid, key, jwk: { ...key.export({ format: 'jwk' }), ...(kid === undefined ? {} : { kid }) } };
  });
}
