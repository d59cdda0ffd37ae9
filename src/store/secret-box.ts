/**
 * Seals and opens secrets at rest with AES-256-GCM (node:crypto). A sealed value carries its format,
 * a random 96-bit nonce and the 128-bit tag; the caller's `context` (say, the webhook id) is the
 * associated data, so a sealed value moved to another row does not open there. A key is known by its id,
 * a digest of the key that reveals nothing of it, so a database can record which key sealed what.
 */
import { createCipheriv, createDecipheriv, createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { FlowhookError } from '../errors.js';

export const SECRET_KEY_BYTES = 32;
const FORMAT = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES + TAG_BYTES;
const HEX_KEY = /^[0-9a-f]{64}$/i;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

export class SecretBox {
  /** 16 hex digits that name the key without revealing it. */
  readonly keyId: string;
  readonly #key: KeyObject;

  constructor(key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) throw new TypeError(`a secret key has ${SECRET_KEY_BYTES} bytes, not ${key.length}`);
    this.#key = createSecretKey(key);
    this.keyId = createHash('sha256').update('flowhook secret key id\0').update(key).digest('hex').slice(0, 16);
  }

  static generate(): SecretBox {
    return new SecretBox(randomBytes(SECRET_KEY_BYTES));
  }

  /** The key as a key file and FLOWHOOK_SECRET_KEY hold it: base64. */
  exportKey(): string {
    return this.#key.export().toString('base64');
  }

  seal(plaintext: string, context: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT]), nonce, cipher.getAuthTag(), body]);
  }

  /** The plaintext, or undefined when `sealed` was not sealed by this key for this context, or was altered. */
  open(sealed: Uint8Array, context: string): string | undefined {
    if (sealed.length < HEADER_BYTES || sealed[0] !== FORMAT) return undefined;
    const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(1, 1 + NONCE_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(1 + NONCE_BYTES, HEADER_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

/**
 * The key written as 64 hex digits or as base64 (44 characters, padding optional, the URL-safe alphabet
 * too) of 32 bytes. `where` names the source in the error, which never quotes what was found.
 */
export function parseSecretKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  if (HEX_KEY.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (BASE64_KEY.test(trimmed)) {
    const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === SECRET_KEY_BYTES) return key;
  }
  throw new FlowhookError(
    'FLOWHOOK_SECRET_KEY_INVALID',
    `${where} does not hold a secret key: expected ${SECRET_KEY_BYTES} bytes written as 64 hex digits or 44 base64 characters, found ${trimmed.length} characters`,
    { hint: 'Generate a key with "openssl rand -base64 32"; on SQLite flowhook can also make its own key file beside the database when none is given.' },
  );
}
