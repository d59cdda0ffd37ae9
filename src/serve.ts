/**
 * The delivery engine and its management API on one SQLite file, listening on a port: what
 * `flowhook serve` runs and what the demo starts in-process.
 */
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { createApiApp } from './api/app.js';
import { DeliveryEngine } from './engine/engine.js';
import { openSqliteStore } from './store/sqlite.js';

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** The SQLite database file; created when it does not exist. */
  db: string;
  allowLocal: boolean;
  /** The key that seals the database's secrets (FLOWHOOK_SECRET_KEY); instead of `secretKeyFile`. */
  secretKey?: string;
  /** The key file; by default `<db>.key`, created on first start. */
  secretKeyFile?: string;
  logger?: Logger;
}

export interface RunningServer {
  /** The base URL of the management API and the web UI. */
  readonly url: string;
  readonly engine: DeliveryEngine;
  /** Stops taking work, lets sends under way finish or hands them back, and closes the database. */
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const engine = new DeliveryEngine({
    store: openSqliteStore(options.db, { secretKey: options.secretKey, secretKeyFile: options.secretKeyFile }),
    allowLocal: options.allowLocal,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  let server: Server;
  try {
    await engine.start();
    server = createServer(createApiApp({ engine, ...(options.logger === undefined ? {} : { logger: options.logger }) }));
    await listen(server, options.port, options.host);
  } catch (err) {
    await engine.stop();
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    engine,
    async close() {
      server.close();
      server.closeIdleConnections();
      await engine.stop();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
