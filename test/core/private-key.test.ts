import { generateKeyPairSync } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { readPrivateKey, type PrivateKeyInfo } from '../../src/core/private-key.js';
import type { Problem } from '../../src/errors.js';
import { ecKeyPair, rsaKeyPair } from '../auth/keys.js';

const paths = { key: '$.authentication_config.oauth.private_key', keyId: '$.authentication_config.oauth.key_id' };
const rsa = rsaKeyPair();
const ec = ecKeyPair();

function read(value: unknown, keyId?: string): PrivateKeyInfo {
  const result = readPrivateKey(value, keyId, paths);
  if (Array.isArray(result)) throw new Error(`unexpected problems: ${JSON.stringify(result)}`);
  return result;
}

function problems(value: unknown, keyId?: string): Problem[] {
  const result = readPrivateKey(value, keyId, paths);
  if (!Array.isArray(result)) throw new Error('expected problems');
  return result;
}

async function signAndVerify(info: PrivateKeyInfo): Promise<void> {
  const key = await info.signingKey();
  const algorithm = info.alg.startsWith('RS') ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'ECDSA', hash: `SHA-${info.alg.slice(2)}` };
  const header = Buffer.from(JSON.stringify({ alg: info.alg })).toString('base64url');
  const payload = Buffer.from('{}').toString('base64url');
  const signature = await crypto.subtle.sign(algorithm, key, Buffer.from(`${header}.${payload}`));
  const jws = `${header}.${payload}.${Buffer.from(signature).toString('base64url')}`;
  const verified = await compactVerify(jws, await importJWK(info.publicJwk, info.alg));
  expect(verified.protectedHeader.alg).toBe(info.alg);
}

describe('readPrivateKey', () => {
  it('reads an RSA PEM key as RS256 and signs with it', async () => {
    const info = read(rsa.privatePem, 'key-1');
    expect(info.alg).toBe('RS256');
    expect(info.kid).toBe('key-1');
    expect(info.publicJwk).toEqual({ ...rsa.publicJwk, alg: 'RS256', use: 'sig', kid: 'key-1' });
    await signAndVerify(info);
  });

  it('reads an EC P-256 JWK as ES256 and takes its kid', async () => {
    const info = read({ ...ec.privateJwk, kid: 'ec-key' });
    expect(info.alg).toBe('ES256');
    expect(info.kid).toBe('ec-key');
    await signAndVerify(info);
  });

  it('reads a JWK given as JSON text', () => {
    expect(read(JSON.stringify(ec.privateJwk)).alg).toBe('ES256');
  });

  it('signs with ES384 on P-384 and with the RSA algorithm a JWK names', async () => {
    await signAndVerify(read(ecKeyPair('P-384').privateJwk));
    const rs512 = read({ ...rsa.privateJwk, alg: 'RS512' });
    expect(rs512.alg).toBe('RS512');
    await signAndVerify(rs512);
  });

  it('reads a traditional "BEGIN RSA PRIVATE KEY" PEM', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pkcs1 = privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
    expect(pkcs1.startsWith('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
    expect(read(pkcs1).alg).toBe('RS256');
  });

  it('imports the signing key once', async () => {
    const info = read(ec.privatePem);
    expect(await info.signingKey()).toBe(await info.signingKey());
  });

  it('refuses a public key in place of the private key', () => {
    expect(problems(rsa.publicPem)).toEqual([
      { path: paths.key, message: 'is a public key or certificate; give the private key ("-----BEGIN PRIVATE KEY-----")' },
    ]);
    expect(problems(ec.publicJwk)).toEqual([
      {
        path: paths.key,
        message: 'is a public JWK (it has no "d"); give the private key, which Okta shows once when it generates the key',
      },
    ]);
  });

  it('refuses an encrypted PEM key and says how to decrypt it', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const encrypted = privateKey
      .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'secret' })
      .toString();
    expect(problems(encrypted)).toEqual([
      {
        path: paths.key,
        message:
          'is an encrypted private key; give it unencrypted (openssl pkcs8 -topk8 -nocrypt -in key.pem -out plain.pem)',
      },
    ]);
  });

  it('refuses text that is not a key without quoting it', () => {
    expect(problems('s3cr3t-not-a-key')).toEqual([
      { path: paths.key, message: 'is neither PEM text ("-----BEGIN PRIVATE KEY-----") nor a JWK object' },
    ]);
    expect(problems('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toEqual([
      { path: paths.key, message: 'is PEM text that does not hold a readable private key; copy the whole key again' },
    ]);
    expect(problems('{not json')).toEqual([
      { path: paths.key, message: 'starts with "{" but is not JSON; give PEM text or a JWK' },
    ]);
  });

  it('refuses RSA keys shorter than 2048 bits', () => {
    expect(problems(rsaKeyPair(1024).privatePem)).toEqual([
      { path: paths.key, message: 'is a 1024-bit RSA key; use one of at least 2048 bits' },
    ]);
  });

  it('refuses key types and algorithms Okta does not accept', () => {
    const ed = generateKeyPairSync('ed25519').privateKey;
    expect(problems(ed.export({ format: 'pem', type: 'pkcs8' }).toString())).toEqual([
      { path: paths.key, message: 'is a key of type "ed25519"; Okta accepts RSA and EC keys for private_key_jwt' },
    ]);
    expect(problems(ed.export({ format: 'jwk' }))).toEqual([
      { path: paths.key, message: 'is a JWK with "kty" "OKP"; Okta accepts "RSA" and "EC" keys for private_key_jwt' },
    ]);
    expect(problems({ ...rsa.privateJwk, alg: 'PS256' })).toEqual([
      { path: paths.key, message: 'is an RSA JWK with "alg" "PS256"; use RS256, RS384 or RS512' },
    ]);
    expect(problems({ ...ec.privateJwk, alg: 'ES384' })).toEqual([
      { path: paths.key, message: 'is an EC P-256 JWK with "alg" "ES384"; that curve signs with ES256' },
    ]);
    expect(problems({ keys: [ec.privateJwk] })).toEqual([
      { path: paths.key, message: 'is a key set ("keys"); give the one private JWK to sign with' },
    ]);
  });

  it('refuses a key_id that contradicts the JWK\'s kid, and an empty key_id', () => {
    expect(problems({ ...ec.privateJwk, kid: 'a' }, 'b')).toEqual([
      {
        path: paths.keyId,
        message: 'is "b" but the private_key JWK has the "kid" "a"; remove "key_id" or make them equal',
      },
    ]);
    expect(problems(ec.privatePem, ' ')).toEqual([
      { path: paths.keyId, message: 'must not be empty; leave it out to send no "kid"' },
    ]);
  });
});
