import { describe, expect, it } from 'vitest';
import { allowLocalFrom, localTargetsFrom } from '../../src/cli/allow-local.js';
import { FlowhookError } from '../../src/errors.js';

describe('allowLocalFrom', () => {
  it('allows local targets with the flag or with FLOWHOOK_ALLOW_LOCAL=1, and only then', () => {
    expect(allowLocalFrom(true, {})).toBe(true);
    expect(allowLocalFrom(undefined, { FLOWHOOK_ALLOW_LOCAL: '1' })).toBe(true);
    expect(allowLocalFrom(undefined, {})).toBe(false);
    expect(allowLocalFrom(false, { FLOWHOOK_ALLOW_LOCAL: '0' })).toBe(false);
    expect(allowLocalFrom(undefined, { FLOWHOOK_ALLOW_LOCAL: '' })).toBe(false);
  });
});

function optionError(run: () => unknown): FlowhookError {
  try {
    run();
  } catch (err) {
    if (err instanceof FlowhookError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('localTargetsFrom', () => {
  it('takes --allow-local and FLOWHOOK_ALLOW_LOCAL when no networks are given', () => {
    expect(localTargetsFrom({}, {})).toEqual({ allowLocal: false });
    expect(localTargetsFrom({ allowLocal: true }, {})).toEqual({ allowLocal: true });
    expect(localTargetsFrom({}, { FLOWHOOK_ALLOW_LOCAL: '1' })).toEqual({ allowLocal: true });
  });

  it('takes the networks of --allow-net, trimmed, and they replace --allow-local', () => {
    expect(localTargetsFrom({ allowNet: ' 127.0.0.0/8, ::1/128 ,' }, {})).toEqual({ allowNet: ['127.0.0.0/8', '::1/128'] });
    expect(localTargetsFrom({ allowLocal: true, allowNet: '10.0.0.0/8' }, {})).toEqual({ allowNet: ['10.0.0.0/8'] });
  });

  it('takes FLOWHOOK_ALLOW_NET, which --allow-net outranks; an empty variable counts as unset', () => {
    expect(localTargetsFrom({}, { FLOWHOOK_ALLOW_NET: '127.0.0.1' })).toEqual({ allowNet: ['127.0.0.1'] });
    expect(localTargetsFrom({ allowNet: '::1' }, { FLOWHOOK_ALLOW_NET: '127.0.0.1' })).toEqual({ allowNet: ['::1'] });
    expect(localTargetsFrom({}, { FLOWHOOK_ALLOW_NET: ' ', FLOWHOOK_ALLOW_LOCAL: '1' })).toEqual({ allowLocal: true });
  });

  it('refuses what is not a network, naming the entry and where it came from', () => {
    const fromFlag = optionError(() => localTargetsFrom({ allowNet: '127.0.0.0/8,localhost,10.0.0.0/33' }, {}));
    expect(fromFlag.code).toBe('FLOWHOOK_OPTION_INVALID');
    expect(fromFlag.exitCode).toBe(2);
    expect(fromFlag.message).toBe(
      '--allow-net: "localhost" is not an IPv4 or IPv6 address or network; write e.g. 127.0.0.0/8 or ::1/128; ' +
        '"10.0.0.0/33" has the prefix length "33"; use a whole number from 0 to 32',
    );
    expect(fromFlag.hint).toBe('give --allow-net comma-separated networks or addresses, e.g. 127.0.0.0/8,::1/128');
    expect(optionError(() => localTargetsFrom({}, { FLOWHOOK_ALLOW_NET: 'mock' })).message).toMatch(/^FLOWHOOK_ALLOW_NET: "mock" is not/);
    expect(optionError(() => localTargetsFrom({ allowNet: ' , ' }, {})).message).toBe('--allow-net: lists no network');
  });
});
