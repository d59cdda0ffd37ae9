import { describe, expect, it } from 'vitest';
import { errorLines, recordExitCode, runCommand } from '../../src/cli/run-command.js';
import { FlowhookError, problemSummary } from '../../src/errors.js';
import type { InvocationRecord } from '../../src/types.js';
import { capturedIO } from './captured-io.js';

const problems = [
  { path: '$.url', message: 'has the custom port 8443; remove it' },
  { path: '$.triggers', message: 'must list at least one trigger' },
];

describe('errorLines', () => {
  it('prints the message, each detail path first, then the hint', () => {
    const error = new FlowhookError('FLOWHOOK_CONFIG_INVALID', 'webhook config "x" is broken', { hint: 'fix it', details: problems });
    expect(errorLines(error, false)).toEqual([
      'error: webhook config "x" is broken',
      '  $.url has the custom port 8443; remove it',
      '  $.triggers must list at least one trigger',
      'hint: fix it',
    ]);
  });

  it('prints the details of a problem summary once, not again in the message', () => {
    const error = new FlowhookError('FLOWHOOK_CONFIG_INVALID', problemSummary('webhook config "x"', problems), { details: problems });
    expect(errorLines(error, false)).toEqual([
      'error: webhook config "x" has 2 problems',
      '  $.url has the custom port 8443; remove it',
      '  $.triggers must list at least one trigger',
    ]);
  });

  it('prints an unexpected error by its message, with the stack only when debugging', () => {
    const error = new TypeError('boom');
    expect(errorLines(error, false)).toEqual(['error: boom']);
    expect(errorLines(error, true)).toEqual(['error: boom', error.stack]);
  });
});

describe('runCommand', () => {
  it("exits with the FlowhookError's exit code", async () => {
    const io = capturedIO();
    const code = await runCommand(io, () => Promise.reject(new FlowhookError('FLOWHOOK_FILE_UNREADABLE', 'cannot read "x"')));
    expect(code).toBe(2);
    expect(io.stderr).toEqual(['error: cannot read "x"']);
  });

  it('exits 2 for anything unexpected and shows the stack when FLOWHOOK_DEBUG=1', async () => {
    const io = capturedIO({ FLOWHOOK_DEBUG: '1' });
    const code = await runCommand(io, () => Promise.reject(new Error('unexpected')));
    expect(code).toBe(2);
    expect(io.stderr[0]).toBe('error: unexpected');
    expect(io.stderr[1]).toBe('Error: unexpected');
    expect(io.stderr.slice(2).every((line) => line.trimStart().startsWith('at '))).toBe(true);
  });

  it("returns the action's exit code when it does not throw", async () => {
    expect(await runCommand(capturedIO(), () => Promise.resolve(3))).toBe(3);
  });
});

describe('recordExitCode', () => {
  const base = {
    deliveryId: 'dlv_1',
    webhook: 'x',
    trigger: 'RequestCreated',
    request: { method: 'POST', url: 'https://a.example/', headers: {}, body: '{}' },
    timings: { startedAt: '2026-11-28T12:00:00.000Z', totalMs: 5 },
    validators: [],
    auth: { kind: 'none' },
  } satisfies Partial<InvocationRecord>;

  it('is 0 for a successful delivery, 1 for a failed one, 2 when the template or the URL was at fault', () => {
    expect(recordExitCode({ ...base, verdict: 'successful' })).toBe(0);
    expect(recordExitCode({ ...base, verdict: 'failed', error: { kind: 'timeout', message: 't' } })).toBe(1);
    expect(recordExitCode({ ...base, verdict: 'failed', reason: '500 from the flow' })).toBe(1);
    expect(recordExitCode({ ...base, verdict: 'failed', error: { kind: 'template', message: 't' } })).toBe(2);
    expect(recordExitCode({ ...base, verdict: 'failed', error: { kind: 'refused_url', message: 'r' } })).toBe(2);
  });
});
