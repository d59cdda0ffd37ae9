import type { CommandIO } from '../../src/cli/io.js';

/** A CommandIO that keeps what a command writes, one entry per line. */
export interface CapturedIO extends CommandIO {
  stdout: string[];
  stderr: string[];
}

export function capturedIO(env: NodeJS.ProcessEnv = {}): CapturedIO {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    env,
    out: (text) => stdout.push(...text.split('\n')),
    err: (text) => stderr.push(...text.split('\n')),
  };
}
