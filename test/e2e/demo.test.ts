import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutionList } from '../../mock-okta/types.js';
import type { DeliveryDetailJson, DeliveryListJson, IngestResultJson } from '../../src/types.js';
import { eventually } from '../support/eventually.js';

const DEMO = new URL('../../src/demo.ts', import.meta.url).pathname;

interface DemoOutput {
  /** The connector's base URL. */
  connector: string;
  /** The URL printed for the connector: its login URL. */
  loginUrl: string;
  token: string;
  mock: string;
  eventFile: string;
  curl: string;
  /** Everything it printed. */
  printed: string;
}

/** Starts `npm start`'s script on free ports and reads where it says to look once it is ready. */
function startDemo(): { child: ChildProcess; ready: Promise<DemoOutput> } {
  const child = spawn(process.execPath, ['--import', 'tsx', DEMO], {
    env: { ...process.env, PORT: '0', MOCK_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<DemoOutput>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('Press Ctrl-C to stop.')) return;
      const loginUrl = /Connector \(.*\):\s+(\S+)\n/.exec(out)?.[1];
      const mock = /Mock Okta Workflows \(.*\):\s+(\S+?)\/\n/.exec(out)?.[1];
      const curl = /^ {2}(curl -X POST \S+\/api\/events .*)$/m.exec(out)?.[1];
      const eventFile = /-d @(\S+)/.exec(out)?.[1];
      const token = loginUrl === undefined ? undefined : new URL(loginUrl).searchParams.get('token');
      if (loginUrl && token && mock && eventFile && curl) resolve({ connector: new URL(loginUrl).origin, loginUrl, token, mock, eventFile, curl, printed: out });
      else reject(new Error(`the demo printed something else:\n${out}`));
    });
    child.once('exit', (code) => reject(new Error(`the demo exited with ${code} before it was ready`)));
  });
  return { child, ready };
}

async function json<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as T };
}

/** A call to the connector's API with the token the demo printed. */
function withToken(token: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } };
}

describe('npm start (the demo)', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    child?.kill('SIGKILL');
  });

  it('prints a login URL that opens the connector logged in and which retry schedule is not the default, delivers one event of each trigger, takes the event it tells you to send, and cleans up on Ctrl-C', { timeout: 60_000 }, async () => {
    const demo = startDemo();
    child = demo.child;
    const { connector, loginUrl, token, mock, eventFile, curl, printed } = await demo.ready;
    expect(printed).toContain(
      "request-failed's webhook retries after 2 s and 4 s: its own retry_schedule_sec, short for the demo.\n" +
        'Without one, a webhook retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (the default).\n',
    );

    expect(loginUrl).toBe(`${connector}/login?token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const login = await fetch(loginUrl, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/');
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^flowhook_session_\d+=/);
    expect((await fetch(`${connector}/api/webhooks`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${connector}/api/webhooks`)).status).toBe(401);
    expect(curl).toBe(`curl -X POST ${connector}/api/events -H 'authorization: Bearer ${token}' -H 'content-type: application/json' -d @${eventFile}`);

    const delivered = await eventually(
      () => json<DeliveryListJson>(`${connector}/api/deliveries?status=delivered&limit=50`, withToken(token)),
      ({ body }) => body.deliveries.length === 6,
      30_000,
    );
    const failing = delivered.body.deliveries.find((delivery) => delivery.webhook === 'Okta request-failed');
    const detail = await json<DeliveryDetailJson>(`${connector}/api/deliveries/${failing?.id}`, withToken(token));
    expect(detail.body.attempts.map((attempt) => attempt.httpStatus)).toEqual([503, 503, 200]);

    const sent = await json<IngestResultJson>(
      `${connector}/api/events`,
      withToken(token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: readFileSync(eventFile, 'utf8') }),
    );
    expect(sent.status).toBe(202);
    expect(sent.body.deliveries).toEqual([expect.objectContaining({ webhook: 'Okta request-approved' })]);
    await eventually(
      () => json<ExecutionList>(`${mock}/__admin/executions?alias=request-approved`),
      ({ body }) => body.executions.length === 2,
    );

    const exited = new Promise((resolve) => demo.child.once('exit', resolve));
    demo.child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(dirname(eventFile))).toBe(false);
  });
});
