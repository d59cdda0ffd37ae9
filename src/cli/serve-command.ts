/**
 * `flowhook serve`: the durable delivery engine and its management API, on one SQLite file, until SIGTERM
 * or SIGINT; then it stops taking work, lets the sends under way finish (or hands them back to the
 * database for the next start) and closes the database. Logs are pino JSON lines, readable on a TTY;
 * they never carry a secret. The start-up entry gives the web UI's address (`ui`). A database or port
 * that cannot be used exits with status 2.
 */
import { type Command, Option } from 'commander';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { startServer, type RunningServer } from '../serve.js';
import { ALLOW_LOCAL_OPTION, allowLocalFrom } from './allow-local.js';
import { portArgument, reportStartFailure, stopOnSignal } from './long-running.js';

interface ServeCommandOptions {
  port: number;
  host: string;
  db: string;
  allowLocal?: boolean;
  logLevel: Level;
}

export const SERVE_DEFAULTS = { port: 8080, host: '127.0.0.1', db: './flowhook.db', logLevel: 'info' } as const;

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the delivery engine and its management API (openapi/flowhook.yaml) on an SQLite database.')
    .option('--port <port>', 'port to listen on (0 picks a free one)', portArgument, SERVE_DEFAULTS.port)
    .option('--host <host>', 'address to listen on', SERVE_DEFAULTS.host)
    .option('--db <file>', 'the SQLite database file; created when it does not exist', SERVE_DEFAULTS.db)
    .option(...ALLOW_LOCAL_OPTION)
    .addOption(new Option('--log-level <level>', 'least severe log level written').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default(SERVE_DEFAULTS.logLevel))
    .action(runServe);
}

async function runServe(options: ServeCommandOptions): Promise<void> {
  const logger = serveLogger(options.logLevel);
  let server: RunningServer;
  try {
    server = await startServer({ ...options, allowLocal: allowLocalFrom(options.allowLocal, process.env), logger });
  } catch (err) {
    process.exitCode = reportStartFailure(err, options);
    return;
  }
  logger.info({ url: server.url, ui: `${server.url}/`, db: options.db }, 'flowhook serve listening');

  stopOnSignal((signal) => {
    logger.info({ signal }, 'stopping');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stopping failed');
        process.exit(1);
      },
    );
  });
}

/** JSON lines, or on a terminal one readable line per entry: `12:00:01.123 INFO  message key=value …`. */
function serveLogger(level: Level): Logger {
  if (!process.stdout.isTTY) return pino({ level });
  const readable: DestinationStream = {
    write(line: string) {
      const { time, level: number, msg, pid: _pid, hostname: _hostname, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const label = (pino.levels.labels[Number(number)] ?? String(number)).toUpperCase().padEnd(5);
      const clock = new Date(Number(time)).toISOString().slice(11, 23);
      const extra = Object.entries(fields).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
      process.stdout.write(`${clock} ${label} ${String(msg)}${extra.length > 0 ? `  ${extra.join(' ')}` : ''}\n`);
    },
  };
  return pino({ level }, readable);
}
