/**
 * `flowhook serve` workers on one PostgreSQL database, as child processes, for the end-to-end tests of
 * several workers: each is node itself running the CLI (so its pid is the server's and SIGKILL reaches
 * it), started on a database URL with the secret key and API token every worker shares, on port 0 and
 * loopback, with `--allow-local` for the mock. Its JSON log lines are kept, and give its URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { FLOWHOOK_ARGS } from '../cli/flowhook-command.js';

/** The key that seals the database's secrets, the same for every worker (32 bytes, base64). */
export const WORKER_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

/** The management API's token, given to every worker through FLOWHOOK_API_TOKENS. */
export const WORKER_API_TOKEN = 'postgres-workers-api-token-0123456789';

export interface WorkerOptions {
  /** The `postgres://` URL the workers share. */
  databaseUrl: string;
  /** `--lease-seconds`; the engine's default (300) when absent. */
  leaseSeconds?: number;
  /** `--log-level`; `info` when absent. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** More `serve` arguments. */
  args?: readonly string[];
  /** More environment variables, over this process's environment without its FLOWHOOK_ variables. */
  env?: Readonly<Record<string, string>>;
  /** How long it may take to listen before it is killed and the start fails, in ms; default 60,000. */
  startTimeoutMs?: number;
}

export interface Worker {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The management API's base URL, from its 'flowhook serve listening' line. */
  readonly url: string;
  /** Resolves once the process has exited: with its exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its JSON log lines so far (stdout). */
  readonly log: ReadonlyArray<Record<string, unknown>>;
  /** Its stderr so far. */
  stderr(): string;
}

/** Workers still running when the test process exits (a crashed run) are killed with it rather than left behind. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** An answer of the management API outside 2xx. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Starts one worker and resolves once it listens; rejects with its stderr when it exits (or is too slow) first. */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('FLOWHOOK_')));
  const args = [
    ...FLOWHOOK_ARGS,
    'serve',
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--db',
    options.databaseUrl,
    '--allow-local',
    '--log-level',
    options.logLevel ?? 'info',
    ...(options.leaseSeconds === undefined ? [] : ['--lease-seconds', String(options.leaseSeconds)]),
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...clean, FLOWHOOK_SECRET_KEY: WORKER_SECRET_KEY, FLOWHOOK_API_TOKENS: WORKER_API_TOKEN, ...options.env },
  });
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const log: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`flowhook serve did not listen within ${options.startTimeoutMs ?? 60_000} ms: ${stderr}`));
    }, options.startTimeoutMs ?? 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        entry = { msg: line };
      }
      log.push(entry);
      if (entry.msg === 'flowhook serve listening' && typeof entry.url === 'string') {
        clearTimeout(timer);
        resolve(entry.url);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`flowhook serve exited (${code ?? signal}) before listening: ${stderr}`));
    });
  });
  return { child, pid: child.pid as number, url, exited, log, stderr: () => stderr };
}

/** Starts `count` workers on one database at once. */
export function startWorkers(count: number, options: WorkerOptions): Promise<Worker[]> {
  return Promise.all(Array.from({ length: count }, () => startWorker(options)));
}

/** Whether the process is still running. */
export function isRunning(worker: Worker): boolean {
  return worker.child.exitCode === null && worker.child.signalCode === null;
}

/**
 * Stops a worker as an operator does (SIGTERM: it finishes or hands back its sends and exits), and
 * resolves with its exit code; SIGKILL after `timeoutMs` (default 20,000), then the code is null.
 */
export async function stopWorker(worker: Worker, timeoutMs = 20_000): Promise<number | null> {
  if (isRunning(worker)) worker.child.kill('SIGTERM');
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), timeoutMs);
  const { code } = await worker.exited;
  clearTimeout(timer);
  return code;
}

/** Kills a worker with SIGKILL (no shutdown: its leases stay until they run out) and resolves once it is gone. */
export async function killWorker(worker: Worker): Promise<void> {
  if (isRunning(worker)) worker.child.kill('SIGKILL');
  await worker.exited;
}

/**
 * Calls the worker's management API with the shared token; resolves with the JSON answer (undefined for
 * an empty one) and throws an ApiError for a status outside 2xx.
 */
export async function api<T = unknown>(worker: Worker, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${worker.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${WORKER_API_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) throw new ApiError(response.status, parsed, `${method} ${path} at ${worker.url} answered ${response.status}: ${text.slice(0, 500)}`);
  return parsed as T;
}

/** The worker's Prometheus metrics (`/metrics`), keyed by name with labels as written: `flowhook_attempts_total{outcome="delivered"}`. */
export async function metrics(worker: Worker): Promise<Map<string, number>> {
  const response = await fetch(`${worker.url}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics at ${worker.url} answered ${response.status}`);
  const values = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^(\S+) (\S+)$/.exec(line);
    if (match && !line.startsWith('#')) values.set(match[1] as string, Number(match[2]));
  }
  return values;
}

/** Attempts the worker has made and written so far, whatever they led to. */
export async function attemptsMade(worker: Worker): Promise<number> {
  const values = await metrics(worker);
  return ['delivered', 'retry', 'failed'].reduce((sum, outcome) => sum + (values.get(`flowhook_attempts_total{outcome="${outcome}"}`) ?? 0), 0);
}
