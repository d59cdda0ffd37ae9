import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, tooDeepAt } from '../../src/api/json-depth.js';

function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? [value] : { a: value };
  return value;
}

describe('tooDeepAt()', () => {
  it('finds nothing in a body within the limit', () => {
    expect(tooDeepAt({ a: [{ b: 1 }] }, 3)).toBeUndefined();
    expect(tooDeepAt(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(tooDeepAt('text')).toBeUndefined();
  });

  it('names the path of the first object or array past the limit', () => {
    expect(tooDeepAt({ ok: {}, 'odd key': [[{}]] }, 3)).toBe('$["odd key"][0][0]');
    expect(tooDeepAt({ a: [{ b: 1 }] }, 2)).toBe('$.a[0]');
    expect(tooDeepAt(nested(MAX_JSON_DEPTH + 1))).toMatch(/^\$(\[0\]|\.a)+$/);
  });

  it('walks a body nested a million levels deep without overflowing the stack', () => {
    const text = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    const path = tooDeepAt(JSON.parse(text));
    expect(path).toBe(`$${'[0]'.repeat(MAX_JSON_DEPTH)}`);
  });

  it('agrees with a recursive count on random JSON', () => {
    const depthOf = (value: unknown): number =>
      typeof value !== 'object' || value === null ? 0 : 1 + Math.max(0, ...Object.values(value as Record<string, unknown>).map(depthOf));
    // 300 runs of random JSON values up to 8 levels deep, against limits 1 to 8.
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 8 }), (value, limit) => {
        expect(tooDeepAt(value, limit) === undefined).toBe(depthOf(value) <= limit);
      }),
      { numRuns: 300 },
    );
  });
});
