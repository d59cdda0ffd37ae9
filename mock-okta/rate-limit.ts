/**
 * Okta's per-flow invocation limit (10 per second by default): one window per UTC epoch second, so
 * `X-Rate-Limit-Reset` is the next second, as Okta reports it.
 */

export interface RateDecision {
  readonly allowed: boolean;
  /** The `X-Rate-Limit-*` headers of the answer. */
  readonly headers: Readonly<Record<string, string>>;
}

export class PerSecondLimit {
  readonly perSecond: number;
  #second = -1;
  #used = 0;

  constructor(perSecond: number) {
    this.perSecond = perSecond;
  }

  /** Counts one invocation at `nowMs` (epoch milliseconds) unless the second's budget is spent. */
  take(nowMs: number): RateDecision {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#used = 0;
    }
    const allowed = this.#used < this.perSecond;
    if (allowed) this.#used += 1;
    return {
      allowed,
      headers: {
        'X-Rate-Limit-Limit': String(this.perSecond),
        'X-Rate-Limit-Remaining': String(this.perSecond - this.#used),
        'X-Rate-Limit-Reset': String(second + 1),
      },
    };
  }
}
