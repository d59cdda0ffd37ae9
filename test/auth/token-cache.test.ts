import { describe, expect, it } from 'vitest';
import { TokenCache, type FetchedToken } from '../../src/auth/token-cache.js';

/** A token source whose requests are counted and settled by the test. */
function source() {
  const requests: Array<{ resolve: (token: FetchedToken) => void; reject: (error: Error) => void }> = [];
  const fetchToken = () =>
    new Promise<FetchedToken>((resolve, reject) => {
      requests.push({ resolve, reject });
    });
  return { requests, fetchToken };
}

describe('TokenCache', () => {
  it('makes concurrent callers share one token request', async () => {
    let now = 0;
    const cache = new TokenCache({ now: () => now });
    const { requests, fetchToken } = source();
    const waiting = Array.from({ length: 50 }, () => cache.get('k', fetchToken));
    expect(requests).toHaveLength(1);
    requests[0]?.resolve({ value: 't1', expiresInSec: 3600 });
    expect(new Set(await Promise.all(waiting))).toEqual(new Set(['t1']));
    now = 1000;
    expect(await cache.get('k', fetchToken)).toBe('t1');
    expect(requests).toHaveLength(1);
  });

  it('reuses a token until 60 s before it expires, then fetches a new one', async () => {
    let now = 0;
    const cache = new TokenCache({ now: () => now });
    const { requests, fetchToken } = source();
    const first = cache.get('k', fetchToken);
    requests[0]?.resolve({ value: 't1', expiresInSec: 3600 });
    await first;
    now = 3_539_999;
    expect(await cache.get('k', fetchToken)).toBe('t1');
    now = 3_540_000;
    const second = cache.get('k', fetchToken);
    expect(requests).toHaveLength(2);
    requests[1]?.resolve({ value: 't2', expiresInSec: 3600 });
    expect(await second).toBe('t2');
  });

  it('refreshes a short-lived token a tenth of its lifetime early', async () => {
    let now = 0;
    const cache = new TokenCache({ now: () => now });
    const { requests, fetchToken } = source();
    const first = cache.get('k', fetchToken);
    requests[0]?.resolve({ value: 't1', expiresInSec: 10 });
    await first;
    now = 8_999;
    expect(await cache.get('k', fetchToken)).toBe('t1');
    now = 9_000;
    void cache.get('k', fetchToken);
    expect(requests).toHaveLength(2);
  });

  it('assumes a 300 s lifetime when the server gives none', async () => {
    let now = 0;
    const cache = new TokenCache({ now: () => now });
    const { requests, fetchToken } = source();
    const first = cache.get('k', fetchToken);
    requests[0]?.resolve({ value: 't1', expiresInSec: undefined });
    await first;
    now = 269_999;
    expect(await cache.get('k', fetchToken)).toBe('t1');
    now = 270_000;
    void cache.get('k', fetchToken);
    expect(requests).toHaveLength(2);
  });

  it('keeps tokens apart by key', async () => {
    const cache = new TokenCache({ now: () => 0 });
    const a = source();
    const b = source();
    const first = cache.get('a', a.fetchToken);
    const second = cache.get('b', b.fetchToken);
    a.requests[0]?.resolve({ value: 'ta', expiresInSec: 60 });
    b.requests[0]?.resolve({ value: 'tb', expiresInSec: 60 });
    expect([await first, await second]).toEqual(['ta', 'tb']);
  });

  it('does not keep a failure: every waiter gets it, the next caller asks again', async () => {
    const cache = new TokenCache({ now: () => 0 });
    const { requests, fetchToken } = source();
    const waiting = [cache.get('k', fetchToken), cache.get('k', fetchToken)];
    requests[0]?.reject(new Error('invalid_client'));
    for (const result of await Promise.allSettled(waiting)) {
      expect(result).toMatchObject({ status: 'rejected', reason: { message: 'invalid_client' } });
    }
    const retry = cache.get('k', fetchToken);
    expect(requests).toHaveLength(2);
    requests[1]?.resolve({ value: 't', expiresInSec: 60 });
    expect(await retry).toBe('t');
  });

  it('forgets a refused token only while it is still the cached one', async () => {
    const cache = new TokenCache({ now: () => 0 });
    const { requests, fetchToken } = source();
    const first = cache.get('k', fetchToken);
    requests[0]?.resolve({ value: 't1', expiresInSec: 3600 });
    await first;

    cache.invalidate('k', 't1');
    const second = cache.get('k', fetchToken);
    // A second caller refused with t1 while t2 is on its way does not cause a third request…
    cache.invalidate('k', 't1');
    expect(requests).toHaveLength(2);
    requests[1]?.resolve({ value: 't2', expiresInSec: 3600 });
    expect(await second).toBe('t2');
    // …nor after t2 has arrived.
    cache.invalidate('k', 't1');
    expect(await cache.get('k', fetchToken)).toBe('t2');
    expect(requests).toHaveLength(2);

    cache.invalidate('k');
    void cache.get('k', fetchToken);
    expect(requests).toHaveLength(3);
  });
});
