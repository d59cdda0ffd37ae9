/**
 * A throwaway PostgreSQL server for the tests and benchmarks that need a real one: initdb into a fresh
 * temporary folder, the server on a free loopback port with its socket and log in that folder, and the
 * folder removed when it stops. Debian's server binaries are used as installed (`apt-get install
 * postgresql`); nothing of the system's own clusters is touched. The server refuses to run as root, so
 * when this process is root it runs as the `postgres` user.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';

const INSTALL_ROOT = '/usr/lib/postgresql';
const START_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 5;

/** The user and group the server's processes run as, when not this process's own. */
type Account = { uid: number; gid: number };

export interface PostgresClusterOptions {
  /** Keep the server's durable defaults (benchmarks). By default fsync, synchronous commit and full-page writes are off. */
  durable?: boolean;
  /**
   * How the server process is launched, given its command line: for example pinned to a core with
   * `(command) => onCore(0, command)` from bench/support.ts. The launcher must exec the command, not fork it.
   */
  launch?: (command: readonly string[]) => [string, string[]];
}

export interface PostgresCluster {
  /** The `postgres` database as its superuser, over TCP: `postgres://postgres@127.0.0.1:PORT/postgres`. */
  url: string;
  port: number;
  /** The server's main process (postmaster); its backends are its children. */
  pid: number;
  /** The temporary folder holding the data directory, the unix socket and `postgres.log`. */
  dir: string;
  /** Creates a fresh, empty database (named `name`, or a unique name) and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server at once and removes its folder; safe to call more than once. */
  stop(): Promise<void>;
}

/** Why a cluster cannot start on this machine (no server binaries, or root without a `postgres` user), or undefined. */
export function postgresUnavailableReason(): string | undefined {
  if (!serverBinDir()) return `PostgreSQL server binaries not found in ${INSTALL_ROOT}/<version>/bin: apt-get install postgresql`;
  try {
    serverAccount();
  } catch {
    return 'running as root and there is no "postgres" user to run the server as (it refuses to run as root): apt-get install postgresql creates one';
  }
  return undefined;
}

/** Starts a throwaway server; see the module comment. Throws with the server's log tail when it cannot start. */
export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const missing = postgresUnavailableReason();
  if (missing) throw new Error(missing);
  const bin = serverBinDir() as string;
  const account = serverAccount();
  const dir = mkdtempSync(join(tmpdir(), 'flowhook-pg-'));
  try {
    if (account) chownSync(dir, account.uid, account.gid);
    const data = join(dir, 'data');
    await runTool(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], account);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const server = await startServer(bin, dir, port, options, account).catch((error: unknown) => {
        if (attempt < PORT_ATTEMPTS && /could not bind|already in use/i.test(String(error))) return undefined;
        throw error;
      });
      if (server) return cluster(server, dir, port);
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Declares a `describe` block whose tests share one cluster, started before them and stopped after;
 * `body` receives a getter for it, to call inside tests and hooks. Where no cluster can start, the block
 * is skipped with the reason in its name, unless `CI=true`: then its tests fail with that reason.
 */
export function describePostgres(name: string, body: (cluster: () => PostgresCluster) => void, options?: PostgresClusterOptions): void {
  const missing = postgresUnavailableReason();
  if (missing && process.env.CI !== 'true') {
    describe.skip(`${name} (skipped: ${missing})`, () => body(() => { throw new Error(missing); }));
    return;
  }
  describe(name, () => {
    let started: PostgresCluster | undefined;
    beforeAll(async () => {
      if (missing) throw new Error(`${missing} (CI=true, so PostgreSQL tests fail instead of skipping)`);
      started = await startPostgresCluster(options);
    }, 60_000);
    afterAll(() => started?.stop(), 60_000);
    body(() => {
      if (!started) throw new Error('the PostgreSQL cluster is not started yet: call cluster() inside a test or hook');
      return started;
    });
  });
}

/** The bin folder of the highest PostgreSQL version installed, or undefined. */
function serverBinDir(): string | undefined {
  const versions = existsSync(INSTALL_ROOT) ? readdirSync(INSTALL_ROOT) : [];
  return versions
    .filter((version) => /^\d+(\.\d+)?$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(INSTALL_ROOT, version, 'bin'))
    .find((bin) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'postgres')));
}

/** The `postgres` user's ids when this process is root, else undefined (the server runs as this process's user). */
function serverAccount(): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Runs a command to completion; rejects with its output when it fails. */
async function runTool(file: string, args: string[], account: Account | undefined): Promise<void> {
  const child = spawn(file, args, { ...account, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`${file} failed (exit ${code}):\n${output.trim().split('\n').slice(-20).join('\n')}`);
}

/** A port the OS says is free now; the server may still lose it to another process, so callers retry. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Spawns the server and resolves once postmaster.pid says it is ready; rejects with the log tail if it exits first. */
async function startServer(bin: string, dir: string, port: number, options: PostgresClusterOptions, account: Account | undefined): Promise<ChildProcess> {
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    port,
    unix_socket_directories: dir,
    max_connections: 200,
    // A test's data is thrown away with its folder, so nothing needs to survive a crash.
    ...(options.durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
  };
  const command = [join(bin, 'postgres'), '-D', join(dir, 'data'), ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])];
  const [file, args] = options.launch ? options.launch(command) : [command[0] as string, command.slice(1)];
  const logFile = join(dir, 'postgres.log');
  const log = openSync(logFile, 'a');
  const child = spawn(file, args, { ...account, stdio: ['ignore', log, log] });
  closeSync(log);
  const failure = (what: string) => new Error(`PostgreSQL ${what}; ${logFile} ends:\n${logTail(logFile)}`);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited while starting (${code ?? signal})`));
  child.once('error', (error) => (exited = `could not be launched: ${error.message}`));
  const deadline = Date.now() + START_TIMEOUT_MS;
  // pg_ctl waits the same way: the 8th line of postmaster.pid reads "ready" once connections are accepted.
  while (readFileSafe(join(dir, 'data', 'postmaster.pid')).split('\n')[7]?.trim() !== 'ready') {
    if (exited) throw failure(exited);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw failure(`did not get ready in ${START_TIMEOUT_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return child;
}

function cluster(child: ChildProcess, dir: string, port: number): PostgresCluster {
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  // Best effort for a test process that exits without stop(): an immediate shutdown, then the folder.
  const stopAtExit = () => {
    child.kill('SIGQUIT');
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  process.on('exit', stopAtExit);
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    pid: child.pid as number,
    dir,
    async createDatabase(name = `flowhook_${randomBytes(6).toString('hex')}`) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new TypeError(`"name" must be a lowercase SQL identifier, got ${JSON.stringify(name)}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop() {
      stopped ??= (async () => {
        process.off('exit', stopAtExit);
        if (child.exitCode === null && child.signalCode === null) {
          const exited = once(child, 'exit');
          // Immediate shutdown: no checkpoint, since the data is removed next.
          child.kill('SIGQUIT');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      })();
      return stopped;
    },
  };
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function logTail(file: string): string {
  return readFileSafe(file).trim().split('\n').slice(-20).join('\n') || '(empty)';
}
