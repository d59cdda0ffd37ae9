/**
 * What the benchmarks share: pinning processes to cores, starting and stopping them, and reading their CPU
 * time and memory from /proc. Each benchmark runs what it measures and what it measures against in separate
 * processes, on separate cores when there are two, so that neither caps the other.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Whether processes can be pinned to cores: `taskset` exists and there are at least two cores. */
export const pinned: boolean = availableParallelism() >= 2 && hasTaskset();

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const root = fileURLToPath(new URL('..', import.meta.url));

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
}

/** `command` run on `core` when pinning is possible: the file and arguments for spawn(). */
export function onCore(core: number, command: readonly string[]): [string, string[]] {
  const full = pinned ? ['taskset', '-c', String(core), ...command] : [...command];
  return [full[0] as string, full.slice(1)];
}

/** Moves this process (all its threads) to `core` when pinning is possible. */
export function pinSelf(core: number): void {
  if (pinned) execFileSync('taskset', ['-a', '-cp', String(core), String(process.pid)], { stdio: 'ignore' });
}

/**
 * Starts `command` on `core` in the repository's root and resolves once it prints a `ready URL` line (as
 * runSink() does), with the process and that URL; rejects if the process exits first. `name` says which
 * process in that error.
 */
export function spawnUntilReady(core: number, command: readonly string[], name: string): Promise<{ child: ChildProcess; url: string }> {
  const [file, args] = onCore(core, command);
  const child = spawn(file, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /^ready (\S+)/m.exec(out);
      if (ready?.[1] !== undefined) resolve({ child, url: ready[1] });
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** A process's /proc/<pid>/stat from its third field on (state, ppid, ...), or undefined once it has ended. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds a process has used so far (user + system), from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  if (fields === undefined) throw new Error(`no process ${pid} in /proc`);
  // utime and stime are the 14th and 15th fields; the fields start at the 3rd.
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/**
 * CPU seconds a PostgreSQL server has used so far: its postmaster's own (utime, stime), what it reaped of
 * its ended children (cutime, cstime), and its live children's (backends, WAL writer, autovacuum ...).
 */
export function postgresCpuSeconds(postmaster: number): number {
  const main = statFields(postmaster) ?? [];
  let ticks = Number(main[11]) + Number(main[12]) + Number(main[13]) + Number(main[14]);
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const fields = statFields(pid);
    if (fields?.[1] === String(postmaster)) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / clockTicks;
}

/** CPU µs this process has used since `since` (from process.cpuUsage()), user and system. */
export function cpuUs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/** A process's resident memory in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

/** What the sink answers: the same JSON as the mock's flow, so the same validator passes. */
const SINK_ANSWER = Buffer.from('{"ok":true}');

/**
 * A target far faster than any sender measured against it: a bare node:http server that reads each
 * body and answers 200 `{"ok":true}` on any path, keeping connections alive. Prints `ready ORIGIN`.
 */
export function runSink(): void {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': SINK_ANSWER.length });
      res.end(SINK_ANSWER);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    console.log(`ready http://127.0.0.1:${port}`);
  });
}
