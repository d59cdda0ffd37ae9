/**
 * The API tokens a server accepts: kept as SHA-256 digests, and a candidate is compared with every
 * one of them in constant time, so neither the answer's timing nor an early exit tells how much of a
 * guess was right.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Shorter tokens can be guessed; generated ones have 43 characters (32 random bytes). */
export const MIN_API_TOKEN_LENGTH = 16;
const MAX_API_TOKEN_LENGTH = 1024;
/** Visible ASCII without the comma that separates tokens in FLOWHOOK_API_TOKENS. */
const TOKEN_CHARACTERS = /^[\x21-\x2b\x2d-\x7e]+$/;

/** Why `token` cannot be an API token, or undefined when it can. Never quotes the token. */
export function apiTokenProblem(token: string): string | undefined {
  if (token.length < MIN_API_TOKEN_LENGTH) return `is ${token.length} characters long; an API token needs at least ${MIN_API_TOKEN_LENGTH}`;
  if (token.length > MAX_API_TOKEN_LENGTH) return `is ${token.length} characters long; an API token has at most ${MAX_API_TOKEN_LENGTH}`;
  if (!TOKEN_CHARACTERS.test(token)) return 'may hold only visible ASCII characters, without spaces or commas';
  return undefined;
}

/** A new token: 32 random bytes, base64url. */
export function generateApiToken(): string {
  return randomBytes(32).toString('base64url');
}

export class ApiTokens {
  readonly #digests: readonly Buffer[];

  /** Throws a TypeError when there is no token or one breaks `apiTokenProblem`: a server is never open. */
  constructor(tokens: readonly string[]) {
    if (tokens.length === 0) throw new TypeError('"tokens" must hold at least one API token');
    tokens.forEach((token, index) => {
      const problem = apiTokenProblem(token);
      if (problem !== undefined) throw new TypeError(`API token ${index + 1} ${problem}`);
    });
    this.#digests = tokens.map(digest);
  }

  /** Whether `candidate` is one of the tokens. */
  matches(candidate: string): boolean {
    const candidateDigest = digest(candidate);
    let matched = false;
    for (const known of this.#digests) matched = timingSafeEqual(known, candidateDigest) || matched;
    return matched;
  }
}

/** The credential of `Authorization: Bearer <token>`; undefined for another scheme or none. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1];
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
