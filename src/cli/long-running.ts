/** What `flowhook mock` and `flowhook serve` share: their port option, start-up failures, and stopping on a signal. */
import { InvalidArgumentError } from 'commander';
import { isFlowhookError } from '../errors.js';
import { EXIT, errorLines } from './run-command.js';

/** A commander option parser for an integer in [min, max]. */
export function integerArgument(min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}.`);
    }
    return parsed;
  };
}

export const portArgument = integerArgument(0, 65_535);

/** Prints why a server could not start and returns the exit code; rethrows what is not the user's doing. */
export function reportStartFailure(err: unknown, listen: { port: number; host: string }): number {
  if (isFlowhookError(err)) {
    console.error(errorLines(err, false).join('\n'));
    return err.exitCode;
  }
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`error: port ${listen.port} on ${listen.host} is already in use\nhint: pass another --port, or --port 0 for a free one`);
    return EXIT.badInput;
  }
  throw err;
}

/** Calls `stop` once, on the first SIGINT or SIGTERM. */
export function stopOnSignal(stop: (signal: NodeJS.Signals) => void): void {
  const once = (signal: NodeJS.Signals): void => {
    process.off('SIGINT', once);
    process.off('SIGTERM', once);
    stop(signal);
  };
  process.on('SIGINT', once);
  process.on('SIGTERM', once);
}
