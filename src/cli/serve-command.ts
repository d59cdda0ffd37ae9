/**
 * `flowhook serve`: the durable delivery engine and its management API, on one SQLite file or as one of
 * several workers on a PostgreSQL database (`--db postgres://…`, or FLOWHOOK_DATABASE_URL), until SIGTERM
 * or SIGINT; then it stops taking work, lets the sends under way finish (or hands them back to the
 * database for the next start) and closes the database. Logs are pino JSON lines, readable on a TTY;
 * they never carry a secret. The start-up entry gives the web UI's address (`ui`). A database or port
 * that cannot be used exits with status 2. The key that seals the database's secrets is FLOWHOOK_SECRET_KEY
 * or the key file; `--rotate-secret-key` seals them under a new key (FLOWHOOK_NEW_SECRET_KEY when the key
 * comes from the environment) and exits.
 */
import type { Level, Logger } from 'pino';
import { FlowhookError } from '../errors.js';
import { startServer, type RunningServer } from '../serve.js';
import { describeDatabaseUrl, isPostgresUrl } from '../store/database-url.js';
import { rotateSecretKey } from '../store/key-rotation.js';
import type { SecretKeyOptions } from '../store/secret-key.js';
import { localTargetsFrom } from './allow-local.js';
import { cliLogger } from './log-destination.js';
import { reportStartFailure, stopOnSignal } from './long-running.js';
import { loginLines, serveAccessFrom, type ServeAccessFlags } from './serve-access.js';

export interface ServeCommandOptions extends ServeAccessFlags {
  port: number;
  host: string;
  db: string;
  allowLocal?: boolean;
  /** `--allow-net`: comma-separated networks. */
  allowNet?: string;
  secretKeyFile?: string;
  rotateSecretKey?: boolean;
  leaseSeconds?: number;
  logLevel: Level;
}

export async function runServe(options: ServeCommandOptions): Promise<void> {
  const logger = cliLogger(options.logLevel);
  // An empty variable counts as unset.
  const keys: SecretKeyOptions = { secretKey: process.env.FLOWHOOK_SECRET_KEY || undefined, secretKeyFile: options.secretKeyFile };
  const db = isPostgresUrl(options.db) ? describeDatabaseUrl(options.db) : options.db;
  if (options.rotateSecretKey) {
    process.exitCode = isPostgresUrl(options.db)
      ? reportStartFailure(
          new FlowhookError('FLOWHOOK_OPTION_INVALID', '--rotate-secret-key works on an SQLite file, not yet on a PostgreSQL database', {
            hint: 'Create the webhooks again under the new key, or rotate on an SQLite copy.',
          }),
          options,
        )
      : await rotate(options, keys, logger);
    return;
  }
  let server: RunningServer;
  try {
    const { allowLocal = false, allowNet } = localTargetsFrom(options, process.env);
    const lease = options.leaseSeconds === undefined ? {} : { leaseMs: options.leaseSeconds * 1000 };
    server = await startServer({ ...options, ...keys, ...serveAccessFrom(options, process.env), ...lease, allowLocal, allowNet, logger });
  } catch (err) {
    process.exitCode = reportStartFailure(err, options);
    return;
  }
  logger.info({ url: server.url, ui: `${server.url}/`, db }, 'flowhook serve listening');
  process.stderr.write(`${loginLines(server).join('\n')}\n`);

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

/** Seals the database's secrets under a new key, logs the key ids (never a key), and answers the exit code. */
async function rotate(options: ServeCommandOptions, keys: SecretKeyOptions, logger: Logger): Promise<number> {
  try {
    const rotation = await rotateSecretKey(options.db, { ...keys, newSecretKey: process.env.FLOWHOOK_NEW_SECRET_KEY || undefined });
    logger.info({ db: options.db, ...rotation }, 'secret key rotated');
    return 0;
  } catch (err) {
    return reportStartFailure(err, options);
  }
}
