import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/engine/token-bucket.js';

describe('TokenBucket', () => {
  it('spaces sends evenly at its rate with the default capacity of 1', () => {
    const bucket = new TokenBucket(10, 0);
    expect(bucket.available(0)).toBe(1);
    bucket.take(1, 0);
    expect(bucket.available(0)).toBe(0);
    expect(bucket.waitMs(0)).toBe(100);
    expect(bucket.waitMs(60)).toBe(40);
    expect(bucket.available(99)).toBe(0);
    expect(bucket.available(100)).toBe(1);
  });

  it('never lets more than its rate through in any one-second window', () => {
    const bucket = new TokenBucket(10, 0);
    const sent: number[] = [];
    for (let now = 0; now < 3_000; now += 7) {
      if (bucket.available(now) >= 1) {
        bucket.take(1, now);
        sent.push(now);
      }
    }
    for (const start of sent) expect(sent.filter((t) => t >= start && t < start + 1_000).length).toBeLessThanOrEqual(10);
    // Each send waits a full 100 ms from the one before; polled every 7 ms, that is one per 105 ms.
    expect(sent.length).toBe(29);
  });

  it('saves up to its capacity while idle', () => {
    const bucket = new TokenBucket(2, 0, 5);
    bucket.take(5, 0);
    expect(bucket.available(60_000)).toBe(5);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucket(0, 0)).toThrow('ratePerSec must be a positive number, not 0');
  });
});
