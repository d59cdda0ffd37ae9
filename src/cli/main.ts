#!/usr/bin/env node
/**
 * The `flowhook` command. Every subcommand's options are declared here, and its module is loaded only
 * when it runs, so `--version`, `--help` and each command start without loading the others.
 * Exit codes: 0 done/successful, 1 delivery failed, 2 bad input, 3 the webhook would not send the event.
 */
import { Command, Option } from 'commander';
import { MOCK_OKTA_DEFAULTS } from '../../mock-okta/defaults.js';
import { TRIGGERS } from '../core/triggers.js';
import { VERSION } from '../version.js';
import { ALLOW_LOCAL_OPTION, ALLOW_NET_OPTION } from './allow-local.js';
import { integerArgument, portArgument } from './long-running.js';
import type { LintCommandOptions } from './lint-command.js';
import type { MockCommandOptions } from './mock-command.js';
import { REPORTERS } from './reporter-names.js';
import { usageErrorsExitBadInput } from './run-command.js';
import type { SampleCommandOptions } from './sample-command.js';
import type { SendCommandOptions } from './send-command.js';
import type { ServeCommandOptions } from './serve-command.js';
import type { TestCommandOptions } from './test-command.js';

const REPORTER_OPTION = () =>
  new Option('--reporter <reporter>', 'pretty (default): invocation data for people; summary: a line per trigger and a total; json: one JSON document; junit: JUnit XML').choices(REPORTERS);
const OUTPUT_OPTION = ['--output <file>', 'write the json or junit report to this file (and a summary to stdout)'] as const;
const WEBHOOK_OPTION = ['--webhook <file>', "the webhook config: JSON with Apono's field names"] as const;
const SERVE_DEFAULTS = { port: 8080, host: '127.0.0.1', db: './flowhook.db', logLevel: 'info' } as const;

const program = new Command('flowhook')
  .description('Deliver access-request events to Okta Workflows, and test that delivery against a mock.')
  .version(VERSION);

program
  .command('mock')
  .description('Run the mock Okta Workflows server (invoke paths under /api/flo, admin API under /__admin).')
  .option('--port <port>', 'port to listen on (0 picks a free one)', portArgument, MOCK_OKTA_DEFAULTS.port)
  .option('--host <host>', 'address to listen on', MOCK_OKTA_DEFAULTS.host)
  .option('--config <file>', 'flows to start with: { "flows": [ { "alias": "...", "security": "public" } ] }')
  .option('--journal-limit <count>', 'executions kept before the oldest are dropped', integerArgument(1, 10_000_000), MOCK_OKTA_DEFAULTS.journalLimit)
  .option('--invoke-timeout-ms <ms>', 'how long an answer may take before the connection is closed', integerArgument(1, 3_600_000), MOCK_OKTA_DEFAULTS.invokeTimeoutMs)
  .option('--allowed-host <name>', 'a name the admin API and web UI answer to besides localhost, 127.0.0.1, [::1] and --host; ".example.com" for a domain (repeatable)', (name: string, names: string[]) => [...names, name], [] as string[])
  .option('--admin-token <token>', 'require "Authorization: Bearer <token>" on every /__admin request (or set FLOWHOOK_MOCK_ADMIN_TOKEN)')
  .option('--quiet', 'no log line per invocation')
  .action(async (options: MockCommandOptions) => (await import('./mock-command.js')).runMock(options));

program
  .command('lint')
  .description('Check a webhook config and render its body template against all six sample events, without sending.')
  .requiredOption(...WEBHOOK_OPTION)
  .option(...ALLOW_LOCAL_OPTION)
  .option(...ALLOW_NET_OPTION)
  .option('--contract <file>', "a flow's contract (the \"contract\" object of a mock flow): hold the body rendered from each selected trigger's sample event, and each --event, against it")
  .option('--event <file>', 'an access-request event (JSON) to render besides the samples (repeatable)', (file: string, files: string[]) => [...files, file], [] as string[])
  .option('--json', 'print the report as JSON')
  .action(async (options: LintCommandOptions) => (await import('./lint-command.js')).runLint(options));

program
  .command('send')
  .description('Deliver one event to a webhook: the sample event of a trigger, or one from a file.')
  .requiredOption(...WEBHOOK_OPTION)
  .addOption(new Option('--trigger <trigger>', 'the trigger whose event to send').choices(TRIGGERS).makeOptionMandatory())
  .option('--event <file>', "an access-request event (JSON) to send instead of the trigger's sample")
  .option(...ALLOW_LOCAL_OPTION)
  .option(...ALLOW_NET_OPTION)
  .addOption(REPORTER_OPTION())
  .option(...OUTPUT_OPTION)
  .option('--json', 'print one JSON document: the invocation record with "sent", or for a skip { "sent": false, "reason" } (--reporter json)')
  .option('--verbose', 'also print the request, the response and each validator (pretty reporter)')
  .action(async (options: SendCommandOptions) => (await import('./send-command.js')).runSend(options));

program
  .command('test')
  .description('Send the sample event of one trigger, or of each selected trigger, and print "Test successful" or "Test failed" with the invocation data.')
  .requiredOption(...WEBHOOK_OPTION)
  .addOption(new Option('--trigger <trigger>', 'test only this trigger').choices(TRIGGERS))
  .option(...ALLOW_LOCAL_OPTION)
  .option(...ALLOW_NET_OPTION)
  .addOption(REPORTER_OPTION())
  .option(...OUTPUT_OPTION)
  .option('--json', 'print one JSON document: { webhook, target, results, total } (--reporter json)')
  .action(async (options: TestCommandOptions) => (await import('./test-command.js')).runTest(options));

program
  .command('sample')
  .description('Print the sample event of a trigger as JSON: an --event file for flowhook send to start from.')
  .addOption(new Option('--trigger <trigger>', 'the trigger whose sample event to print').choices(TRIGGERS))
  .option('--all', 'print the sample events of all six triggers, as one object keyed by trigger')
  .action(async (options: SampleCommandOptions) => (await import('./sample-command.js')).runSample(options));

program
  .command('serve')
  .description('Run the delivery engine and its management API (openapi/flowhook.yaml) on an SQLite file, or as one of several workers on a PostgreSQL database.')
  .option('--port <port>', 'port to listen on (0 picks a free one)', portArgument, SERVE_DEFAULTS.port)
  .option('--host <host>', 'address to listen on', SERVE_DEFAULTS.host)
  .addOption(
    new Option('--db <file|url>', 'the SQLite database file, created when it does not exist; or a postgres:// URL that several workers share')
      .env('FLOWHOOK_DATABASE_URL')
      .default(SERVE_DEFAULTS.db),
  )
  .option('--api-token-file <file>', 'API tokens, one a line (or set FLOWHOOK_API_TOKENS, comma-separated); on SQLite, without either, one is generated and kept in <db>.api-token')
  .option('--allowed-host <name>', 'a name the API and UI answer to besides localhost, 127.0.0.1 and [::1]; ".example.com" for a domain (repeatable; or FLOWHOOK_ALLOWED_HOSTS)', (name: string, names: string[]) => [...names, name], [] as string[])
  .option('--secret-key-file <file>', 'the key that seals secrets in the database (or set FLOWHOOK_SECRET_KEY); on SQLite by default <db>.key, created 0600 on first start; on PostgreSQL required, the same for every worker')
  .option(
    '--lease-seconds <seconds>',
    'how long a delivery being sent stays with this worker before another may send it again; longer than the longest attempt (default 300)',
    integerArgument(1, 86_400),
  )
  .option('--rotate-secret-key', 'seal every stored secret under a new key (with FLOWHOOK_SECRET_KEY: the one in FLOWHOOK_NEW_SECRET_KEY), replace the key file, and exit')
  .option(...ALLOW_LOCAL_OPTION)
  .option(...ALLOW_NET_OPTION)
  .addOption(new Option('--log-level <level>', 'least severe log level written').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default(SERVE_DEFAULTS.logLevel))
  .action(async (options: ServeCommandOptions) => (await import('./serve-command.js')).runServe(options));

// A mistyped command or option is bad input (exit 2), as for every other flowhook error.
for (const command of [program, ...program.commands]) usageErrorsExitBadInput(command);

await program.parseAsync(process.argv);
