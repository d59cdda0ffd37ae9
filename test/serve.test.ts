import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainHttpWarning, startServer } from '../src/serve.js';

describe('plainHttpWarning()', () => {
  it('says nothing on a loopback address', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) expect(plainHttpWarning(host)).toBeUndefined();
  });

  it('names the address and that traffic is plain http beyond loopback', () => {
    expect(plainHttpWarning('0.0.0.0')).toBe(
      'listening on every interface (0.0.0.0), beyond this machine, over plain http: the API token, the session cookie and webhook configs cross the network unencrypted; put a TLS proxy in front, or listen on 127.0.0.1',
    );
    expect(plainHttpWarning('192.168.1.5')).toMatch(/^listening on 192\.168\.1\.5, beyond this machine, over plain http: /);
  });
});

describe('startServer()', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-serve-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates an API token on first start, keeps it 0600 beside the database, and gives the login URL with it', async () => {
    const db = join(dir, 'flowhook.db');
    const server = await startServer({ port: 0, host: '127.0.0.1', db, allowLocal: false, logger: pino({ level: 'silent' }) });
    try {
      expect(server.apiTokenFile).toBe(`${db}.api-token`);
      expect(statSync(`${db}.api-token`).mode & 0o777).toBe(0o600);
      const token = new URL(server.loginUrl ?? '').searchParams.get('token') ?? '';
      expect(server.loginUrl).toBe(`${server.url}/login?token=${token}`);
      expect((await fetch(`${server.url}/api/webhooks`)).status).toBe(401);
      expect((await fetch(`${server.url}/api/webhooks`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('takes the tokens given and prints none of them', async () => {
    const server = await startServer({ port: 0, host: '127.0.0.1', db: ':memory:', allowLocal: false, apiTokens: ['given-token-0123456789'] });
    try {
      expect(server.loginUrl).toBeUndefined();
      expect(server.apiTokenFile).toBeUndefined();
      expect((await fetch(`${server.url}/api/webhooks`, { headers: { authorization: 'Bearer given-token-0123456789' } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('answers to the name it listens on and the names allowed, and to no other', async () => {
    const server = await startServer({ port: 0, host: 'localhost', db: ':memory:', allowLocal: false, allowedHosts: ['flowhook.example.com'] });
    try {
      const { port } = new URL(server.url);
      expect(server.url).toBe(`http://localhost:${port}`);
      expect(server.loginUrl).toMatch(new RegExp(`^http://localhost:${port}/login\\?token=`));
      expect(await statusWithHost(server.url, `localhost:${port}`)).toBe(200);
      expect(await statusWithHost(server.url, 'flowhook.example.com')).toBe(200);
      expect(await statusWithHost(server.url, 'attacker.example')).toBe(421);
    } finally {
      await server.close();
    }
  });
});

/** GET /healthz of the server at `base` (on loopback) with the Host header `host`. */
function statusWithHost(base: string, host: string): Promise<number | undefined> {
  const url = new URL('/healthz', base);
  return new Promise((resolve, reject) => {
    get({ hostname: url.hostname, port: url.port, path: url.pathname, headers: { host }, setHost: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
}
