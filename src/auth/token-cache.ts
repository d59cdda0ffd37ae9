/**
 * Access tokens kept per key (token URL, client, scopes, credential) and reused until shortly before
 * they expire. Callers that ask while a token is being fetched share that one request; a failed
 * request is not kept, so the next caller tries again.
 */

export interface FetchedToken {
  readonly value: string;
  /** Lifetime in seconds from when the request was sent; undefined when the server did not say. */
  readonly expiresInSec: number | undefined;
}

export interface TokenCacheOptions {
  /** Epoch milliseconds; `Date.now` unless given. */
  now?: () => number;
}

/** Lifetime assumed when a token response has no `expires_in`. */
export const ASSUMED_LIFETIME_SEC = 300;
/** A token is replaced this long before it expires, at most… */
export const MAX_REFRESH_MARGIN_MS = 60_000;
/** …and at most this share of its lifetime, so short-lived tokens are still used. */
export const REFRESH_MARGIN_RATIO = 0.1;

interface Entry {
  readonly pending: Promise<string>;
  /** Set once the token has arrived. */
  token?: string;
  /** When to stop handing out `token` (epoch ms). */
  refreshAt?: number;
}

export class TokenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(options: TokenCacheOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** The cached token of `key`, or the one `fetchToken` brings, which concurrent callers share. */
  get(key: string, fetchToken: () => Promise<FetchedToken>): Promise<string> {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      if (entry.token === undefined) return entry.pending;
      if (entry.refreshAt !== undefined && this.#now() < entry.refreshAt) return Promise.resolve(entry.token);
    }
    return this.#fetch(key, fetchToken);
  }

  /**
   * Forgets the token of `key` so that the next `get` fetches a new one. With `token`, only when that is
   * still the cached one: a caller refused with an old token does not throw away a newer one. A token
   * still being fetched is kept, since it is newer than any a caller could have been refused with.
   */
  invalidate(key: string, token?: string): void {
    const entry = this.#entries.get(key);
    if (entry?.token === undefined) return;
    if (token === undefined || entry.token === token) this.#entries.delete(key);
  }

  /** Forgets every token. */
  clear(): void {
    this.#entries.clear();
  }

  #fetch(key: string, fetchToken: () => Promise<FetchedToken>): Promise<string> {
    const requestedAt = this.#now();
    const pending = fetchToken().then(
      (fetched) => {
        const lifetimeMs = (fetched.expiresInSec ?? ASSUMED_LIFETIME_SEC) * 1000;
        entry.token = fetched.value;
        entry.refreshAt = requestedAt + lifetimeMs - Math.min(MAX_REFRESH_MARGIN_MS, lifetimeMs * REFRESH_MARGIN_RATIO);
        return fetched.value;
      },
      (error: unknown) => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
        throw error;
      },
    );
    const entry: Entry = { pending };
    this.#entries.set(key, entry);
    return pending;
  }
}

/** The cache that authorisers share unless given their own, so webhooks with the same client share tokens. */
export const sharedTokenCache = new TokenCache();
