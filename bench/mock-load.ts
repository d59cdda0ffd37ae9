/**
 * What the mock's benchmarks share: the request they send (`POST /api/flo/abc/invoke?clientToken=t`
 * with a JSON body of a given size), starting a server script as its own process pinned to core 0, and
 * autocannon as another process pinned to core 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCore } from './support.js';

export const PATH = '/api/flo/abc/invoke?clientToken=t';

const root = fileURLToPath(new URL('..', import.meta.url));
const autocannon = join(root, 'node_modules/autocannon/autocannon.js');

export interface Measured {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** The processes a benchmark started and the file of the body it sends; `stop()` ends and removes them. */
export class LoadRun {
  readonly bodyFile: string;
  readonly #work: string;
  readonly #children = new Set<ChildProcess>();

  /** Writes a JSON body of exactly `bodyBytes` bytes (at least 200), the same shape as the peer benchmark's. */
  constructor(bodyBytes: number) {
    this.#work = mkdtempSync(join(tmpdir(), 'flowhook-bench-'));
    this.bodyFile = join(this.#work, 'body.json');
    const body = {
      flowId: 'abc',
      event: 'invoke',
      user: { id: '00u1abcd', email: 'someone@example.com' },
      items: Array.from({ length: 8 }, (_, i) => ({ id: i, name: `item-${i}`, qty: i * 3, ok: i % 2 === 0 })),
      pad: '',
    };
    body.pad = 'x'.repeat(Math.max(0, bodyBytes - JSON.stringify(body).length));
    writeFileSync(this.bodyFile, JSON.stringify(body));
  }

  /** Starts `node --import tsx <script> PORT` on core 0; resolves once the invoke path answers 200 (one probe). */
  async startServer(name: string, script: string): Promise<{ child: ChildProcess; url: string }> {
    const port = await freePort();
    const [command, args] = onCore(0, [process.execPath, '--import', 'tsx', script, String(port)]);
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    this.#track(child);
    const url = `http://127.0.0.1:${port}${PATH}`;
    const body = readFileSync(this.bodyFile);
    for (let waited = 0; waited < 30_000; waited += 100) {
      try {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (response.status === 200) return { child, url };
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${name} did not answer 200 on ${url} within 30 s`);
  }

  /** autocannon on core 1 for a number of seconds or of requests. */
  load(url: string, connections: number, limit: { seconds: number } | { amount: number }): Promise<Measured> {
    const run = 'seconds' in limit ? ['-d', String(limit.seconds)] : ['-a', String(limit.amount)];
    const [command, args] = onCore(1, [
      process.execPath, autocannon, '-c', String(connections), ...run, '-m', 'POST',
      '-H', 'content-type=application/json', '-i', this.bodyFile, '-j', url,
    ]);
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      this.#track(child);
      let out = '';
      let err = '';
      child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err.slice(-500)}`));
        const result = JSON.parse(out) as {
          requests: { mean: number };
          latency: { p50: number; p99: number };
          non2xx: number;
          errors: number;
        };
        resolve({ rps: result.requests.mean, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors });
      });
    });
  }

  /** Kills whatever is still running and removes the body file. */
  stop(): void {
    for (const child of this.#children) child.kill('SIGKILL');
    rmSync(this.#work, { recursive: true, force: true });
  }

  #track(child: ChildProcess): void {
    this.#children.add(child);
    child.on('exit', () => this.#children.delete(child));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
