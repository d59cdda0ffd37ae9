import { describe, expect, it } from 'vitest';
import { allowLocalFrom } from '../../src/cli/allow-local.js';

describe('allowLocalFrom', () => {
  it('allows local targets with the flag or with FLOWHOOK_ALLOW_LOCAL=1, and only then', () => {
    expect(allowLocalFrom(true, {})).toBe(true);
    expect(allowLocalFrom(undefined, { FLOWHOOK_ALLOW_LOCAL: '1' })).toBe(true);
    expect(allowLocalFrom(undefined, {})).toBe(false);
    expect(allowLocalFrom(false, { FLOWHOOK_ALLOW_LOCAL: '0' })).toBe(false);
    expect(allowLocalFrom(undefined, { FLOWHOOK_ALLOW_LOCAL: '' })).toBe(false);
  });
});
