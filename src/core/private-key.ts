/**
 * The private key of a `private_key_jwt` client: PEM text or a JWK (as Okta's admin console shows a
 * generated key in either form), checked when the config is loaded and turned into a signing key once.
 * RSA signs with RS256 (RS384/RS512 when the JWK's `alg` says so), EC with ES256/ES384/ES512 by curve:
 * the algorithms Okta accepts for client assertions.
 */
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject, type webcrypto } from 'node:crypto';
import type { Problem } from '../errors.js';

export type AssertionAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384' | 'ES512';

export interface PrivateKeyInfo {
  /** The JWS algorithm the client assertion is signed with. */
  readonly alg: AssertionAlgorithm;
  /** The `kid` sent in the assertion header: `key_id`, else the JWK's own `kid`. */
  readonly kid: string | undefined;
  /** The public half as a JWK, for registering the key with an authorization server. */
  readonly publicJwk: JsonWebKey;
  /** Imports the key for WebCrypto signing; the same promise on every call. */
  readonly signingKey: () => Promise<webcrypto.CryptoKey>;
}

/** Okta refuses RSA keys shorter than this. */
const MIN_RSA_BITS = 2048;

const CURVE_ALGORITHMS: Readonly<Record<string, AssertionAlgorithm>> = {
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
};
const RSA_ALGORITHMS: readonly AssertionAlgorithm[] = ['RS256', 'RS384', 'RS512'];

/**
 * Reads `value` (PEM text, a JWK object, or a JWK as JSON text) with its optional `keyId`. Problems are
 * located at `path` (the key) and `keyIdPath`; their messages never quote the key.
 */
export function readPrivateKey(
  value: unknown,
  keyId: string | undefined,
  paths: { key: string; keyId: string },
): PrivateKeyInfo | Problem[] {
  const parsed = parseKey(value, paths.key);
  if (Array.isArray(parsed)) return parsed;
  const { keyObject, jwk } = parsed;

  const alg = algorithmOf(keyObject, jwk?.alg, paths.key);
  if (typeof alg !== 'string') return [alg];

  const jwkKid = typeof jwk?.kid === 'string' && jwk.kid !== '' ? jwk.kid : undefined;
  if (keyId !== undefined && keyId.trim() === '') {
    return [{ path: paths.keyId, message: 'must not be empty; leave it out to send no "kid"' }];
  }
  if (keyId !== undefined && jwkKid !== undefined && keyId !== jwkKid) {
    return [
      {
        path: paths.keyId,
        message: `is ${JSON.stringify(keyId)} but the private_key JWK has the "kid" ${JSON.stringify(jwkKid)}; remove "key_id" or make them equal`,
      },
    ];
  }

  const publicJwk = createPublicKey(keyObject).export({ format: 'jwk' });
  const kid = keyId ?? jwkKid;
  let imported: Promise<webcrypto.CryptoKey> | undefined;
  return {
    alg,
    kid,
    publicJwk: { ...publicJwk, alg, use: 'sig', ...(kid === undefined ? {} : { kid }) },
    signingKey: () => (imported ??= importSigningKey(keyObject, alg)),
  };
}

function parseKey(value: unknown, path: string): { keyObject: KeyObject; jwk?: JsonWebKey } | Problem[] {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) {
      let jwk: unknown;
      try {
        jwk = JSON.parse(text);
      } catch {
        return [{ path, message: 'starts with "{" but is not JSON; give PEM text or a JWK' }];
      }
      return parseJwk(jwk, path);
    }
    return parsePem(text, path);
  }
  return parseJwk(value, path);
}

function parsePem(pem: string, path: string): { keyObject: KeyObject } | Problem[] {
  if (/-----BEGIN (?:RSA |EC )?PUBLIC KEY-----/.test(pem) || pem.includes('-----BEGIN CERTIFICATE-----')) {
    return [{ path, message: 'is a public key or certificate; give the private key ("-----BEGIN PRIVATE KEY-----")' }];
  }
  if (pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type: 4,ENCRYPTED/.test(pem)) {
    return [
      {
        path,
        message:
          'is an encrypted private key; give it unencrypted (openssl pkcs8 -topk8 -nocrypt -in key.pem -out plain.pem)',
      },
    ];
  }
  if (!/-----BEGIN (?:RSA |EC )?PRIVATE KEY-----/.test(pem)) {
    return [{ path, message: 'is neither PEM text ("-----BEGIN PRIVATE KEY-----") nor a JWK object' }];
  }
  try {
    return { keyObject: createPrivateKey({ key: pem, format: 'pem' }) };
  } catch {
    return [{ path, message: 'is PEM text that does not hold a readable private key; copy the whole key again' }];
  }
}

function parseJwk(value: unknown, path: string): { keyObject: KeyObject; jwk: JsonWebKey } | Problem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path, message: 'must be PEM text or a JWK object' }];
  }
  const jwk = value as JsonWebKey & { keys?: unknown };
  if (jwk.keys !== undefined) {
    return [{ path, message: 'is a key set ("keys"); give the one private JWK to sign with' }];
  }
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') {
    return [
      {
        path,
        message: `is a JWK with "kty" ${JSON.stringify(jwk.kty ?? null)}; Okta accepts "RSA" and "EC" keys for private_key_jwt`,
      },
    ];
  }
  if (typeof jwk.d !== 'string') {
    return [
      {
        path,
        message: 'is a public JWK (it has no "d"); give the private key, which Okta shows once when it generates the key',
      },
    ];
  }
  try {
    return { keyObject: createPrivateKey({ key: jwk, format: 'jwk' }), jwk };
  } catch {
    return [{ path, message: `is a ${jwk.kty} JWK whose members do not form a valid private key` }];
  }
}

function algorithmOf(keyObject: KeyObject, jwkAlg: unknown, path: string): AssertionAlgorithm | Problem {
  const details = keyObject.asymmetricKeyDetails ?? {};
  if (keyObject.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) {
      return { path, message: `is a ${bits}-bit RSA key; use one of at least ${MIN_RSA_BITS} bits` };
    }
    if (jwkAlg === undefined) return 'RS256';
    if (RSA_ALGORITHMS.includes(jwkAlg as AssertionAlgorithm)) return jwkAlg as AssertionAlgorithm;
    return { path, message: `is an RSA JWK with "alg" ${JSON.stringify(jwkAlg)}; use RS256, RS384 or RS512` };
  }
  if (keyObject.asymmetricKeyType === 'ec') {
    const curve = details.namedCurve ?? '';
    const alg = CURVE_ALGORITHMS[curveName(curve)];
    if (alg === undefined) {
      return { path, message: `is an EC key on the curve ${JSON.stringify(curve)}; use P-256, P-384 or P-521` };
    }
    if (jwkAlg !== undefined && jwkAlg !== alg) {
      return { path, message: `is an EC ${curveName(curve)} JWK with "alg" ${JSON.stringify(jwkAlg)}; that curve signs with ${alg}` };
    }
    return alg;
  }
  return {
    path,
    message: `is a key of type ${JSON.stringify(keyObject.asymmetricKeyType ?? 'unknown')}; Okta accepts RSA and EC keys for private_key_jwt`,
  };
}

/** Node names the curves by their OpenSSL names (`prime256v1`); JOSE by NIST names. */
function curveName(curve: string): string {
  switch (curve) {
    case 'prime256v1':
      return 'P-256';
    case 'secp384r1':
      return 'P-384';
    case 'secp521r1':
      return 'P-521';
    default:
      return curve;
  }
}

async function importSigningKey(keyObject: KeyObject, alg: AssertionAlgorithm): Promise<webcrypto.CryptoKey> {
  const jwk = keyObject.export({ format: 'jwk' });
  const hash = `SHA-${alg.slice(2)}`;
  const algorithm: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams = alg.startsWith('RS')
    ? { name: 'RSASSA-PKCS1-v1_5', hash }
    : { name: 'ECDSA', namedCurve: jwk.crv ?? '' };
  return globalThis.crypto.subtle.importKey('jwk', jwk, algorithm, false, ['sign']);
}
