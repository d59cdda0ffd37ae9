/**
 * `flowhook serve --rotate-secret-key`: every secret of a database sealed again under a new key, after
 * which the old key opens nothing. With a key file, the new key is generated and replaces the file; with
 * FLOWHOOK_SECRET_KEY, the new key is FLOWHOOK_NEW_SECRET_KEY, and the caller's environment changes
 * over to it. The database is re-sealed in one transaction, so a rotation cut short leaves it sealed
 * under one key or the other, and the key file follows it (secret-key.ts).
 */
import { rmSync } from 'node:fs';
import { FlowhookError } from '../errors.js';
import { parseSecretKey, SecretBox } from './secret-box.js';
import { commitPendingKey, pendingKeyFile, secretKeySource, writeKeyFile, type SecretKeyOptions } from './secret-key.js';
import { SqliteStore } from './sqlite.js';

export interface KeyRotationOptions extends SecretKeyOptions {
  /** The new key when the current one is given as a value (FLOWHOOK_NEW_SECRET_KEY); a key file gets a generated one. */
  newSecretKey?: string;
}

export interface KeyRotation {
  /** How many webhook configs were sealed again. */
  resealed: number;
  fromKeyId: string;
  toKeyId: string;
  /** The key file that now holds the new key, when the key lives in a file. */
  keyFile?: string;
}

/** Takes the database's lock as an engine does, so it never rotates under a running engine. */
export async function rotateSecretKey(file: string, options: KeyRotationOptions = {}): Promise<KeyRotation> {
  const source = secretKeySource(file, options);
  if (source.kind === 'ephemeral') throw new TypeError('a database in memory has no key to rotate');
  if (source.kind === 'file' && options.newSecretKey !== undefined) {
    throw new FlowhookError('FLOWHOOK_SECRET_KEY_INVALID', `FLOWHOOK_NEW_SECRET_KEY is set, but the key lives in the file "${source.path}"`, {
      hint: 'Unset FLOWHOOK_NEW_SECRET_KEY: a rotation writes a new generated key to the key file. To use keys from the environment, set FLOWHOOK_SECRET_KEY to the current one.',
    });
  }
  const store = SqliteStore.open(file, options);
  try {
    const fromKeyId = store.secretKeyId;
    const next = source.kind === 'file' ? SecretBox.generate() : new SecretBox(parseSecretKey(requireNewKey(options.newSecretKey), 'FLOWHOOK_NEW_SECRET_KEY'));
    if (next.keyId === fromKeyId) {
      throw new FlowhookError('FLOWHOOK_SECRET_KEY_INVALID', `FLOWHOOK_NEW_SECRET_KEY holds the current key ${fromKeyId}`, {
        hint: 'Set FLOWHOOK_NEW_SECRET_KEY to a new key, e.g. from "openssl rand -base64 32".',
      });
    }
    if (source.kind === 'value') return { resealed: store.resealSecrets(next), fromKeyId, toKeyId: next.keyId };
    writeKeyFile(pendingKeyFile(source.path), next, 'wx');
    let resealed: number;
    try {
      resealed = store.resealSecrets(next);
    } catch (err) {
      rmSync(pendingKeyFile(source.path), { force: true });
      throw err;
    }
    commitPendingKey(source.path);
    return { resealed, fromKeyId, toKeyId: next.keyId, keyFile: source.path };
  } finally {
    // Closing checkpoints the log and removes it, and with it the configs as the old key sealed them.
    await store.close();
  }
}

function requireNewKey(value: string | undefined): string {
  if (value !== undefined) return value;
  throw new FlowhookError('FLOWHOOK_SECRET_KEY_INVALID', 'the key comes from FLOWHOOK_SECRET_KEY, and FLOWHOOK_NEW_SECRET_KEY does not give the new one', {
    hint: 'Set FLOWHOOK_NEW_SECRET_KEY to a new key (e.g. from "openssl rand -base64 32") for the rotation, then start flowhook with FLOWHOOK_SECRET_KEY set to it.',
  });
}
