/**
 * The `flowhook` command. Each subcommand lives in its own module and registers itself here.
 * Exit codes: 0 done/successful, 1 delivery failed, 2 bad input, 3 the webhook would not send the event.
 */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerLintCommand } from './lint-command.js';
import { registerMockCommand } from './mock-command.js';
import { registerSendCommand } from './send-command.js';
import { registerServeCommand } from './serve-command.js';
import { usageErrorsExitBadInput } from './run-command.js';
import { registerTestCommand } from './test-command.js';

const program = new Command('flowhook')
  .description('Deliver access-request events to Okta Workflows, and test that delivery against a mock.')
  .version(VERSION);

registerMockCommand(program);
registerLintCommand(program);
registerSendCommand(program);
registerTestCommand(program);
registerServeCommand(program);

// A mistyped command or option is bad input (exit 2), as for every other flowhook error.
for (const command of [program, ...program.commands]) usageErrorsExitBadInput(command);

await program.parseAsync(process.argv);
