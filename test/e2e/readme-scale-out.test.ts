/**
 * The README's "Scale out" script, run as an operator would run it: its two `serve` workers on one
 * PostgreSQL database, with the key and token files its comments say to make. Changed only where a
 * machine running it here must differ: the database URL (a throwaway server's), `npx flowhook` (this
 * checkout's sources), the ports (free ones) and `--allow-local` (the mock is on loopback).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';
import { sampleEvent } from '../../src/core/samples.js';
import { FLOWHOOK_ARGS } from '../cli/flowhook-command.js';
import { describePostgres } from '../support/postgres-cluster.js';
import { readmeFiles } from '../support/readme.js';

const SCRIPT = readmeFiles().get('scale-out.sh');

function replaced(text: string, from: string | RegExp, to: string): string {
  const result = text.replace(from, to);
  if (result === text) throw new Error(`the README's scale-out.sh no longer holds ${String(from)}`);
  return result;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describePostgres('README: Scale out', (cluster) => {
  let dir: string | undefined;
  let script: ChildProcess | undefined;
  let mock: RunningMockOkta | undefined;

  afterEach(async () => {
    if (script?.pid !== undefined && script.exitCode === null) {
      const exited = new Promise((resolve) => script?.once('exit', resolve));
      // The script's process group: bash and both workers, which stop on SIGTERM.
      process.kill(-script.pid, 'SIGTERM');
      await exited;
    }
    await mock?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs two workers on one database that share webhooks and deliver what either is given', { timeout: 90_000 }, async () => {
    expect(SCRIPT, 'README.md has a block "file=scale-out.sh"').toBeDefined();
    dir = mkdtempSync(join(tmpdir(), 'flowhook-scale-out-'));
    const token = randomBytes(32).toString('base64');
    writeFileSync(join(dir, 'secret-key'), `${randomBytes(32).toString('base64')}\n`);
    writeFileSync(join(dir, 'api-token'), `${token}\n`);
    const ports = [await freePort(), await freePort()];
    let text = replaced(SCRIPT as string, 'postgres://flowhook@db.internal:5432/flowhook', await cluster().createDatabase());
    text = replaced(text, /npx flowhook serve/g, `${[process.execPath, ...FLOWHOOK_ARGS].map((arg) => `'${arg}'`).join(' ')} serve --allow-local`);
    text = replaced(text, '--port 8080', `--port ${ports[0]}`);
    text = replaced(text, '--port 8081', `--port ${ports[1]}`);
    writeFileSync(join(dir, 'scale-out.sh'), text);

    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('FLOWHOOK_')));
    script = spawn('bash', ['scale-out.sh'], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: clean });
    let stderr = '';
    script.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const urls = await new Promise<string[]>((resolve, reject) => {
      const found: string[] = [];
      createInterface({ input: script?.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'flowhook serve listening' && entry.url) found.push(entry.url);
        if (found.length === 2) resolve(found);
      });
      script?.once('exit', (code) => reject(new Error(`the script exited with ${code}: ${stderr}`)));
    });
    expect(urls.sort()).toEqual(ports.map((port) => `http://127.0.0.1:${port}`).sort());

    mock = await startMockOkta({ flows: [{ alias: 'scale-out', security: 'public' }] });
    const call = async (base: string, path: string, body: unknown): Promise<Response> =>
      fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = await call(urls[0] as string, '/api/webhooks', { name: 'scale-out', url: mock.invokeUrl('scale-out'), triggers: ['RequestApproved'] });
    expect(created.status).toBe(201);
    const accepted = await call(urls[1] as string, '/api/events', sampleEvent('RequestApproved'));
    expect(accepted.status).toBe(202);
    const { deliveries } = (await accepted.json()) as { deliveries: Array<{ id: string }> };
    expect(deliveries).toHaveLength(1);
    const [execution] = await mock.waitFor({ alias: 'scale-out', timeoutMs: 30_000 });
    expect(execution?.headers['webhook-id']).toBe(deliveries[0]?.id);
  });
});
