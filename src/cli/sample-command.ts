/**
 * `flowhook sample --trigger T | --all`: prints the built-in sample event of a trigger as pretty JSON,
 * a valid `--event` file for `flowhook send` to start from, or every trigger's as one object keyed by
 * trigger (the shape of the management API's `GET /api/samples`).
 */
import { SAMPLE_EVENTS } from '../core/samples.js';
import { FlowhookError } from '../errors.js';
import type { Trigger } from '../types.js';
import { processIO, type CommandIO } from './io.js';
import { EXIT, runCommand } from './run-command.js';

export interface SampleCommandOptions {
  trigger?: Trigger;
  all?: boolean;
}

export async function sampleCommand(options: SampleCommandOptions, io: CommandIO): Promise<number> {
  return runCommand(io, async () => {
    const all = options.all === true;
    if (all === (options.trigger !== undefined)) {
      throw new FlowhookError('FLOWHOOK_OPTION_INVALID', all ? '--trigger and --all cannot be given together' : 'flowhook sample needs --trigger <trigger> or --all', {
        hint: 'pass --trigger RequestGranted for one sample event (an --event file for flowhook send), or --all for the six keyed by trigger',
      });
    }
    io.out(JSON.stringify(options.trigger === undefined ? SAMPLE_EVENTS : SAMPLE_EVENTS[options.trigger], null, 2));
    return EXIT.ok;
  });
}

/** `flowhook sample`: runs the command. */
export async function runSample(options: SampleCommandOptions): Promise<void> {
  process.exitCode = await sampleCommand(options, processIO);
}
