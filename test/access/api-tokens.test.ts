import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiTokenProblem, ApiTokens, bearerToken, generateApiToken } from '../../src/access/api-tokens.js';

describe('ApiTokens', () => {
  it('matches each of its tokens and nothing else', () => {
    const first = generateApiToken();
    const second = 'a-second-token-of-the-operator';
    const tokens = new ApiTokens([first, second]);
    expect(tokens.matches(first)).toBe(true);
    expect(tokens.matches(second)).toBe(true);
    // 500 runs: random strings, near misses of a token included.
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constant(first).chain((token) => fc.nat(token.length - 1).map((cut) => token.slice(0, cut))), fc.string().map((tail) => `${second}${tail}`)), (candidate) => {
        fc.pre(candidate !== first && candidate !== second);
        expect(tokens.matches(candidate)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses to be built without a token, or with a weak one', () => {
    expect(() => new ApiTokens([])).toThrow(new TypeError('"tokens" must hold at least one API token'));
    expect(() => new ApiTokens([generateApiToken(), 'short'])).toThrow(new TypeError('API token 2 is 5 characters long; an API token needs at least 16'));
  });
});

describe('apiTokenProblem()', () => {
  it('wants 16 to 1024 visible ASCII characters without commas, and never quotes the token', () => {
    expect(apiTokenProblem(generateApiToken())).toBeUndefined();
    expect(apiTokenProblem('0123456789abcdef')).toBeUndefined();
    expect(apiTokenProblem('0123456789abcde')).toBe('is 15 characters long; an API token needs at least 16');
    expect(apiTokenProblem('x'.repeat(1025))).toBe('is 1025 characters long; an API token has at most 1024');
    expect(apiTokenProblem('0123456789,abcdef')).toBe('may hold only visible ASCII characters, without spaces or commas');
    expect(apiTokenProblem('0123456789 abcdef')).toBe('may hold only visible ASCII characters, without spaces or commas');
    expect(apiTokenProblem('0123456789abcdéf')).toBe('may hold only visible ASCII characters, without spaces or commas');
  });
});

describe('generateApiToken()', () => {
  it('makes 43 base64url characters, different each time', () => {
    const tokens = new Set(Array.from({ length: 100 }, generateApiToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('bearerToken()', () => {
  it('reads the credential of the Bearer scheme only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
