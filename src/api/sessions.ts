/**
 * Web UI sessions, in memory: the login URL trades an API token for a session id, which the browser
 * keeps in an HttpOnly cookie. A session ends when its time is up or the server stops. Ids are kept as
 * SHA-256 digests, so the map never holds a usable credential and a lookup's timing tells nothing.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface SessionOptions {
  /** How long a session lasts from login, in ms. */
  ttlMs: number;
  /** Sessions kept at once; logging in beyond it ends the oldest. */
  maxSessions: number;
  /** Epoch milliseconds. */
  clock: () => number;
}

export const SESSION_DEFAULTS: Readonly<SessionOptions> = Object.freeze({
  ttlMs: 12 * 60 * 60 * 1000, // 12 hours
  maxSessions: 1_000,
  clock: Date.now,
});

export class Sessions {
  readonly #options: SessionOptions;
  /** Digest of the id → when the session ends; in login order. */
  readonly #expiries = new Map<string, number>();

  constructor(options: Partial<SessionOptions> = {}) {
    this.#options = { ...SESSION_DEFAULTS, ...options };
    const { ttlMs, maxSessions } = this.#options;
    if (!(ttlMs > 0)) throw new TypeError(`"ttlMs" must be a positive number, not ${ttlMs}`);
    if (!Number.isInteger(maxSessions) || maxSessions <= 0) throw new TypeError(`"maxSessions" must be a positive integer, not ${maxSessions}`);
  }

  get ttlMs(): number {
    return this.#options.ttlMs;
  }

  /** A new session's id. */
  create(): string {
    const now = this.#options.clock();
    for (const [key, expiresAt] of this.#expiries) if (expiresAt <= now) this.#expiries.delete(key);
    while (this.#expiries.size >= this.#options.maxSessions) {
      const oldest = this.#expiries.keys().next();
      if (oldest.done === true) break;
      this.#expiries.delete(oldest.value);
    }
    const id = randomBytes(32).toString('base64url');
    this.#expiries.set(digest(id), now + this.#options.ttlMs);
    return id;
  }

  /** Whether `id` is a session that has not ended. */
  isActive(id: string): boolean {
    const key = digest(id);
    const expiresAt = this.#expiries.get(key);
    if (expiresAt === undefined) return false;
    if (expiresAt > this.#options.clock()) return true;
    this.#expiries.delete(key);
    return false;
  }
}

function digest(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('base64url');
}
