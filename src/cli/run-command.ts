/**
 * The CLI's exit codes, and the one place that turns what a command throws into error output: a
 * FlowhookError prints `error: <message>`, its details (path first) and `hint: <hint>`, and exits with
 * its code's exit status; anything else exits 2 with its message, with the stack only when FLOWHOOK_DEBUG=1.
 */
import type { Command } from 'commander';
import { isFlowhookError, type FlowhookError } from '../errors.js';
import type { InvocationRecord } from '../types.js';
import type { CommandIO } from './io.js';

export const EXIT = {
  /** Done; every delivery was successful. */
  ok: 0,
  /** A delivery failed. */
  failed: 1,
  /** Bad input: config, event, template, refused URL, usage. */
  badInput: 2,
  /** The webhook would not send this event (inactive, trigger not selected, filtered out). */
  notSent: 3,
} as const;

export async function runCommand(io: CommandIO, action: () => Promise<number>): Promise<number> {
  try {
    return await action();
  } catch (err) {
    for (const line of errorLines(err, io.env.FLOWHOOK_DEBUG === '1')) io.err(line);
    return isFlowhookError(err) ? err.exitCode : EXIT.badInput;
  }
}

export function errorLines(err: unknown, debug: boolean): string[] {
  const stack = debug && err instanceof Error && err.stack !== undefined ? [err.stack] : [];
  if (!isFlowhookError(err)) return [`error: ${err instanceof Error ? err.message : String(err)}`, ...stack];
  return [
    `error: ${headline(err)}`,
    ...(err.details ?? []).map((problem) => `  ${problem.path} ${problem.message}`),
    ...(err.hint === undefined ? [] : [`hint: ${err.hint}`]),
    ...stack,
  ];
}

/** A message made by problemSummary() ends with the details; they are printed once, below it. */
function headline(err: FlowhookError): string {
  const details = err.details ?? [];
  const listed = `: ${details.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`;
  return details.length > 0 && err.message.endsWith(listed) ? err.message.slice(0, -listed.length) : err.message;
}

/** Commander exits 1 on a usage error, but 1 means a failed delivery here: usage errors exit 2. */
export function usageErrorsExitBadInput(command: Command): Command {
  return command.exitOverride((err) => process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.badInput));
}

/** A delivery that failed because of its input (template, refused URL) is bad input; any other failure is a failed delivery. */
export function recordExitCode(record: InvocationRecord): number {
  if (record.verdict === 'successful') return EXIT.ok;
  const kind = record.error?.kind;
  return kind === 'template' || kind === 'refused_url' ? EXIT.badInput : EXIT.failed;
}
