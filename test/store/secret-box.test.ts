import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFlowhookError } from '../../src/errors.js';
import { parseSecretKey, SecretBox } from '../../src/store/secret-box.js';

const KEY = Buffer.alloc(32, 7);

describe('SecretBox', () => {
  const box = new SecretBox(KEY);

  it('opens what it sealed, for any text and context (500 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 2000 }), fc.string({ maxLength: 100 }), (text, context) => {
        expect(box.open(box.seal(text, context), context)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('never shows the plaintext in what it sealed (300 runs)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 200 }), (text) => {
        expect(box.seal(text, 'c').includes(Buffer.from(text, 'utf8'))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a sealed value with any byte changed, cut short or lengthened (1,000 runs)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.oneof(
          fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
          fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
          fc.record({ kind: fc.constant('append' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
        ),
        (text, change) => {
          const sealed = box.seal(text, 'webhooks/wh_1/config');
          let tampered: Buffer;
          if (change.kind === 'flip') {
            tampered = Buffer.from(sealed);
            const at = change.at % tampered.length;
            tampered[at] = (tampered[at] ?? 0) ^ change.mask;
          } else if (change.kind === 'cut') {
            tampered = sealed.subarray(0, change.at % sealed.length);
          } else {
            tampered = Buffer.concat([sealed, change.extra]);
          }
          expect(box.open(tampered, 'webhooks/wh_1/config')).toBeUndefined();
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses a sealed value in another context, or under another key (300 runs)', () => {
    const other = new SecretBox(randomBytes(32));
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (text, context, otherContext) => {
        fc.pre(context !== otherContext);
        const sealed = box.seal(text, context);
        expect(box.open(sealed, otherContext)).toBeUndefined();
        expect(other.open(sealed, context)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('seals the same text differently each time', () => {
    expect(box.seal('token', 'c').equals(box.seal('token', 'c'))).toBe(false);
  });

  it('names a key by an id that is the same for the same key and says nothing of it', () => {
    expect(new SecretBox(Buffer.from(KEY)).keyId).toBe(box.keyId);
    expect(box.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(KEY.toString('hex')).not.toContain(box.keyId);
    expect(SecretBox.generate().keyId).not.toBe(box.keyId);
  });

  it('exports its key as base64 that parses back to the same key', () => {
    expect(new SecretBox(parseSecretKey(box.exportKey(), 'k')).keyId).toBe(box.keyId);
  });
});

describe('parseSecretKey', () => {
  it('reads 32 bytes written as hex, base64 or base64url, around whitespace (200 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const key = Buffer.from(bytes);
        expect(parseSecretKey(key.toString('hex'), 'k')).toEqual(key);
        expect(parseSecretKey(key.toString('hex').toUpperCase(), 'k')).toEqual(key);
        expect(parseSecretKey(`${key.toString('base64')}\n`, 'k')).toEqual(key);
        expect(parseSecretKey(key.toString('base64url'), 'k')).toEqual(key);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses anything else, saying where and what was expected but never what was found', () => {
    for (const text of ['', 'hunter2-key', Buffer.alloc(16).toString('base64'), Buffer.alloc(33).toString('hex'), `${'z'.repeat(63)}!`]) {
      try {
        parseSecretKey(text, 'FLOWHOOK_SECRET_KEY');
        expect.unreachable();
      } catch (err) {
        expect(isFlowhookError(err) && err.toJSON()).toEqual({
          code: 'FLOWHOOK_SECRET_KEY_INVALID',
          message: `FLOWHOOK_SECRET_KEY does not hold a secret key: expected 32 bytes written as 64 hex digits or 44 base64 characters, found ${text.trim().length} characters`,
          hint: 'Generate a key with "openssl rand -base64 32"; on SQLite flowhook can also make its own key file beside the database when none is given.',
        });
        if (text.length > 0) expect((err as Error).message).not.toContain(text);
      }
    }
  });
});
