import { describe, expect, it } from 'vitest';
import { DEFAULT_SLAB_BYTES, SlabStore, type Slab } from '../../mock-okta/slab-store.js';

/** Writes `length` bytes the way a record does: reserve, write at `used`, commit. */
function put(store: SlabStore, length: number): Slab {
  const slab = store.reserve(length);
  slab.bytes.fill(1, slab.used, slab.used + length);
  store.commit(slab, length);
  return slab;
}

describe('SlabStore', () => {
  it('writes records one after another into one slab while they fit', () => {
    const store = new SlabStore(1_024);
    const first = put(store, 100);
    const second = put(store, 100);
    expect(second).toBe(first);
    expect(first.used).toBe(200);
    expect(first.live).toBe(2);
  });

  it('reuses slabs once every record in them is released, so dropping as many as it adds stays in a few slabs', () => {
    const store = new SlabStore(1_024);
    const quarter = DEFAULT_SLAB_BYTES / 4;
    const slabs = new Set<Slab>();
    const kept: Slab[] = [];
    for (let i = 0; i < 100; i += 1) {
      const slab = put(store, quarter);
      slabs.add(slab);
      kept.push(slab);
      // Keep the newest six, as a journal of six would.
      if (kept.length > 6) store.release(kept.shift() as Slab);
    }
    expect(slabs.size).toBeLessThanOrEqual(4);
  });

  it('starts the current slab over when its last record is released', () => {
    const store = new SlabStore(1_024);
    const slab = put(store, 500);
    store.release(slab);
    expect(slab.used).toBe(0);
    expect(put(store, 500)).toBe(slab);
  });

  it('makes slabs large enough for the largest record expected, and a slab of its own for a larger one', () => {
    const store = new SlabStore(3 * DEFAULT_SLAB_BYTES);
    expect(store.slabBytes).toBe(3 * DEFAULT_SLAB_BYTES);
    const usual = put(store, 10);
    const huge = put(store, 4 * DEFAULT_SLAB_BYTES);
    expect(huge).not.toBe(usual);
    expect(huge.bytes.length).toBe(4 * DEFAULT_SLAB_BYTES);
    expect(put(store, 10)).toBe(usual);
  });
});
