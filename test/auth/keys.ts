/** Key pairs for OAuth tests, in the forms Okta's admin console hands out: PEM text and JWK objects. */
import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';

export interface TestKeyPair {
  privatePem: string;
  publicPem: string;
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
}

export function rsaKeyPair(modulusLength = 2048): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privateJwk: privateKey.export({ format: 'jwk' }),
    publicJwk: publicKey.export({ format: 'jwk' }),
  };
}

export function ecKeyPair(namedCurve: 'P-256' | 'P-384' | 'P-521' = 'P-256'): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privateJwk: privateKey.export({ format: 'jwk' }),
    publicJwk: publicKey.export({ format: 'jwk' }),
  };
}
