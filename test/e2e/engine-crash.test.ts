/**
 * Crash safety of `flowhook serve`: killed with SIGKILL while deliveries are in flight, then restarted on
 * the same database, it must have every accepted event delivered (by `webhook-id`) at least once, and
 * leave nothing pending.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import { sampleEvent } from '../../src/core/samples.js';
import type { DeliveryListJson } from '../../src/types.js';
import { FLOWHOOK_ARGS } from '../cli/flowhook-command.js';

const EVENTS = 2_000;
/** The management API's token, given to both processes through FLOWHOOK_API_TOKENS. */
const API_TOKEN = 'crash-test-api-token-0123456789';

interface Served {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Starts `flowhook serve` as a child process (node itself, so its PID is the server's) and waits for its URL. */
async function serve(db: string): Promise<Served> {
  const child = spawn(process.execPath, [...FLOWHOOK_ARGS, 'serve', '--port', '0', '--db', db, '--allow-local'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FLOWHOOK_API_TOKENS: API_TOKEN },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'flowhook serve listening' && entry.url) resolve(entry.url);
    });
    void exited.then((code) => reject(new Error(`flowhook serve exited with ${code} before listening: ${stderr}`)));
  });
  return { child, url, exited };
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Every delivery with `status`, following `before` from page to page. */
async function deliveriesWith(url: string, status: string): Promise<string[]> {
  const ids: string[] = [];
  for (let before: string | undefined; ; ) {
    const page = await call<DeliveryListJson>(`${url}/api/deliveries?status=${status}&limit=1000${before ? `&before=${before}` : ''}`);
    ids.push(...page.deliveries.map((delivery) => delivery.id));
    if (page.deliveries.length < 1000) return ids;
    before = page.deliveries.at(-1)?.id;
  }
}

describe('flowhook serve killed with SIGKILL', () => {
  let dir: string;
  let mock: RunningMockOkta;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-crash-'));
    mock = await startMockOkta({ port: 0, journalLimit: 20_000 });
    // Slow enough that many deliveries are still queued or in flight when the process is killed.
    await mock.flow('crash', { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 200, delayMs: 40 }] });
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every accepted event at least once after a restart, and leaves nothing pending', { timeout: 180_000 }, async () => {
    const db = join(dir, 'flowhook.db');
    const first = await serve(db);
    children.push(first.child);
    await call(`${first.url}/api/webhooks`, { method: 'POST', body: JSON.stringify({ name: 'crash', url: mock.invokeUrl('crash'), triggers: ['RequestCreated'] }) });

    const accepted: string[] = [];
    const body = JSON.stringify(sampleEvent('RequestCreated'));
    for (let sent = 0; sent < EVENTS; sent += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, EVENTS - sent) }, () => call<{ deliveries: Array<{ id: string }> }>(`${first.url}/api/events`, { method: 'POST', body })),
      );
      for (const result of batch) accepted.push(...result.deliveries.map((delivery) => delivery.id));
    }
    expect(accepted).toHaveLength(EVENTS);

    expect((await deliveriesWith(first.url, 'in_flight')).length).toBeGreaterThan(0);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const beforeRestart = new Set((await mock.executions({ alias: 'crash' })).map((execution) => String(execution.headers['webhook-id'])));
    expect(beforeRestart.size).toBeLessThan(EVENTS);

    const second = await serve(db);
    children.push(second.child);
    const deadline = Date.now() + 120_000;
    let received = new Set<string>();
    while (Date.now() < deadline) {
      received = new Set((await mock.executions({ alias: 'crash' })).map((execution) => String(execution.headers['webhook-id'])));
      if (accepted.every((id) => received.has(id))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(accepted.filter((id) => !received.has(id))).toEqual([]);

    let pending: string[] = [];
    let inFlight: string[] = [];
    while (Date.now() < deadline) {
      pending = await deliveriesWith(second.url, 'pending');
      inFlight = await deliveriesWith(second.url, 'in_flight');
      if (pending.length === 0 && inFlight.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect({ pending, inFlight }).toEqual({ pending: [], inFlight: [] });
    expect(new Set(await deliveriesWith(second.url, 'delivered'))).toEqual(new Set(accepted));

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
