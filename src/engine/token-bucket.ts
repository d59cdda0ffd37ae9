/**
 * A token bucket that refills at `ratePerSec` up to `capacity`: the pace of one flow. Time is an
 * argument (epoch milliseconds), so the bucket is tested without a clock.
 */
export class TokenBucket {
  readonly ratePerSec: number;
  readonly capacity: number;
  #tokens: number;
  #updatedAt: number;

  /** A capacity of 1 spaces sends evenly, which keeps every one-second window of the flow within its rate. */
  constructor(ratePerSec: number, now: number, capacity = 1) {
    if (!(ratePerSec > 0)) throw new RangeError(`ratePerSec must be a positive number, not ${ratePerSec}`);
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, not ${capacity}`);
    this.ratePerSec = ratePerSec;
    this.capacity = capacity;
    this.#tokens = capacity;
    this.#updatedAt = now;
  }

  /** Whole tokens available at `now`. */
  available(now: number): number {
    this.#refill(now);
    return Math.floor(this.#tokens);
  }

  /** Takes `count` tokens; the caller checks {@link available} first. */
  take(count: number, now: number): void {
    this.#refill(now);
    this.#tokens -= count;
  }

  /** Milliseconds from `now` until the next whole token; 0 when one is there. */
  waitMs(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) * 1000) / this.ratePerSec);
  }

  #refill(now: number): void {
    if (now > this.#updatedAt) {
      this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#updatedAt) * this.ratePerSec) / 1000);
      this.#updatedAt = now;
    }
  }
}
