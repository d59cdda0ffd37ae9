import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paceSpacingMs, takePace } from '../../src/core/pace.js';

describe('pace', () => {
  it('spaces the sends of a 10/s flow 110 ms apart', () => {
    expect(paceSpacingMs(10)).toBe(110);
    expect(paceSpacingMs(3)).toBe(367);
  });

  it('grants the first send at once, then none until the spacing has passed', () => {
    const first = takePace(undefined, 110, 1_000);
    expect(first).toEqual({ granted: true, nextAt: 1_110 });
    expect(takePace(first.nextAt, 110, 1_109)).toEqual({ granted: false, nextAt: 1_110 });
    expect(takePace(first.nextAt, 110, 1_110)).toEqual({ granted: true, nextAt: 1_220 });
  });

  it('saves nothing up while idle: after a pause the next send still waits its spacing', () => {
    const late = takePace(1_110, 110, 60_000);
    expect(late).toEqual({ granted: true, nextAt: 60_110 });
    expect(takePace(late.nextAt, 110, 60_001).granted).toBe(false);
  });

  it('keeps every one-second window within the rate, even when each send arrives up to 10 % of a spacing late', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 50, maxLength: 300 }), (rate, steps) => {
        const spacing = paceSpacingMs(rate);
        const maxDelay = Math.floor(spacing / 11);
        let nextAt: number | undefined;
        let now = 0;
        const arrivals: number[] = [];
        steps.forEach((step, index) => {
          now += step;
          const pace = takePace(nextAt, spacing, now);
          nextAt = pace.nextAt;
          // The worst case: alternate sends arrive at once and as late as the allowance lets them.
          if (pace.granted) arrivals.push(now + (index % 2 === 0 ? maxDelay : 0));
        });
        arrivals.sort((a, b) => a - b);
        for (const start of arrivals) expect(arrivals.filter((t) => t >= start && t < start + 1_000).length).toBeLessThanOrEqual(rate);
      }),
    );
  });

  it('refuses a rate that is not positive', () => {
    expect(() => paceSpacingMs(0)).toThrow('ratePerSec must be a positive number, not 0');
  });
});
