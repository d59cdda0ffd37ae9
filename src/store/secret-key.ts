/**
 * Where the key that seals a database's secrets comes from: a value (FLOWHOOK_SECRET_KEY) or a key
 * file, by default beside the database (`<db>.key`), created 0600 on first start. The key never lives
 * in the database, so a copy of the database without its key reveals no secret.
 *
 * A rotation writes the new key to `<key file>.next` before the database is re-sealed, and renames it
 * over the key file once the re-sealing is committed; a rotation cut short in between is finished, or
 * undone, at the next start, whichever the database says happened.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { FlowhookError } from '../errors.js';
import { readPrivateFile, writePrivateFile } from '../util/private-file.js';
import { parseSecretKey, SecretBox } from './secret-box.js';

export interface SecretKeyOptions {
  /** The key as 64 hex digits or base64 of 32 bytes, e.g. from FLOWHOOK_SECRET_KEY; instead of a key file. */
  secretKey?: string;
  /** The key file; by default `<database file>.key`. */
  secretKeyFile?: string;
}

export type SecretKeySource =
  | { kind: 'value'; value: string }
  /** `mustExist`: a missing file is an error rather than made, when others must hold the same key. */
  | { kind: 'file'; path: string; mustExist?: boolean }
  /** A database in memory: a fresh key that lives as long as the database. */
  | { kind: 'ephemeral' };

/** Where the key of `databaseFile` comes from; a value and a file at once is a mistake. */
export function secretKeySource(databaseFile: string, options: SecretKeyOptions): SecretKeySource {
  if (options.secretKey !== undefined && options.secretKeyFile !== undefined) {
    throw new FlowhookError('FLOWHOOK_SECRET_KEY_INVALID', `a secret key was given both as a value (FLOWHOOK_SECRET_KEY) and as the file "${options.secretKeyFile}"`, {
      hint: 'Give the key one way: unset FLOWHOOK_SECRET_KEY, or leave out --secret-key-file.',
    });
  }
  if (options.secretKey !== undefined) return { kind: 'value', value: options.secretKey };
  if (options.secretKeyFile !== undefined) return { kind: 'file', path: options.secretKeyFile };
  return databaseFile === ':memory:' || databaseFile === '' ? { kind: 'ephemeral' } : { kind: 'file', path: `${databaseFile}.key` };
}

/** How an error names the source, never its content. */
export function describeSource(source: SecretKeySource): string {
  if (source.kind === 'value') return 'FLOWHOOK_SECRET_KEY';
  if (source.kind === 'file') return `the key file "${source.path}"`;
  return 'a key of this process';
}

/**
 * The key of a database whose webhooks are sealed with the keys `sealedWith` (none yet: empty). A key
 * file that does not exist is created, unless secrets are already sealed: then it was lost, and a new
 * key would not open them.
 */
export function loadSecretKey(source: SecretKeySource, sealedWith: ReadonlySet<string>, databaseFile: string): SecretBox {
  if (source.kind === 'value') return new SecretBox(parseSecretKey(source.value, 'FLOWHOOK_SECRET_KEY'));
  if (source.kind === 'ephemeral') return SecretBox.generate();
  const rotated = settleRotation(source.path, sealedWith);
  if (rotated) return rotated;
  const existing = readKeyFile(source.path);
  if (existing) return existing;
  if (sealedWith.size > 0) {
    throw new FlowhookError(
      'FLOWHOOK_DATABASE_UNUSABLE',
      `database "${databaseFile}" holds secrets sealed with key ${[...sealedWith].join(', ')}, and the key file "${source.path}" does not exist`,
      { hint: 'Restore the key file that belongs to this database, or give its key with FLOWHOOK_SECRET_KEY or --secret-key-file.' },
    );
  }
  if (source.mustExist) {
    throw new FlowhookError('FLOWHOOK_SECRET_KEY_INVALID', `the key file "${source.path}" does not exist`, {
      hint: 'Give every worker the same key file (32 random bytes in base64: openssl rand -base64 32 > FILE), or the key itself with FLOWHOOK_SECRET_KEY.',
    });
  }
  const created = SecretBox.generate();
  writeKeyFile(source.path, created, 'wx');
  return created;
}

/** Where a rotation keeps the new key until the database is re-sealed with it. */
export function pendingKeyFile(keyFile: string): string {
  return `${keyFile}.next`;
}

/** Writes the key (base64 and a newline), 0600, synced; `wx` refuses to replace a file. */
export function writeKeyFile(path: string, box: SecretBox, flag: 'w' | 'wx'): void {
  try {
    writePrivateFile(path, `${box.exportKey()}\n`, flag);
  } catch (err) {
    throw keyFileError(path, 'cannot be written', err);
  }
}

/** Puts the pending key in place of the key file, once the database is sealed with it. */
export function commitPendingKey(keyFile: string): void {
  renameSync(pendingKeyFile(keyFile), keyFile);
  syncDirectory(dirname(keyFile));
}

/** The key in `path`, or undefined when there is no such file; the file is made 0600 when it was open to others. */
function readKeyFile(path: string): SecretBox | undefined {
  let text: string | undefined;
  try {
    text = readPrivateFile(path);
  } catch (err) {
    throw keyFileError(path, 'cannot be read', err);
  }
  if (text === undefined) return undefined;
  return new SecretBox(parseSecretKey(text, `the key file "${path}"`));
}

/**
 * A pending key left by a rotation: when the database is sealed with it alone, the rotation was
 * committed and only the rename was missing; otherwise it never was, and the pending key goes.
 */
function settleRotation(keyFile: string, sealedWith: ReadonlySet<string>): SecretBox | undefined {
  const pending = readKeyFile(pendingKeyFile(keyFile));
  if (!pending) return undefined;
  if (sealedWith.size === 1 && sealedWith.has(pending.keyId)) {
    commitPendingKey(keyFile);
    return pending;
  }
  rmSync(pendingKeyFile(keyFile));
  return undefined;
}

function syncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function keyFileError(path: string, what: string, cause: unknown): FlowhookError {
  return new FlowhookError('FLOWHOOK_SECRET_KEY_INVALID', `the key file "${path}" ${what}: ${(cause as Error).message}`, {
    hint: 'Pass --secret-key-file with a file flowhook can read and write (it creates it, 0600, when it does not exist), or give the key with FLOWHOOK_SECRET_KEY.',
    cause,
  });
}
