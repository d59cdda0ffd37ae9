import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RESPONSE_BODY_LIMIT, SendError, createSenderAgent, send } from '../../src/http/send.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
let port: number;
let handler: (req: IncomingMessage, res: ServerResponse) => void;
const received: Received[] = [];
let connections = 0;
let agent: Agent;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      handler(req, res);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  agent = createSenderAgent({ allowLocal: true });
});

afterEach(() => {
  received.length = 0;
});

afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function sendError(promise: Promise<unknown>): Promise<SendError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SendError) return err;
    throw err;
  }
  throw new Error('send resolved');
}

describe('send', () => {
  it('sends the method, headers and body, and returns status, headers and body as they came', async () => {
    handler = (_req, res) => {
      res.writeHead(202, { 'content-type': 'application/json', 'x-rate-limit-remaining': '9', 'set-cookie': ['a=1', 'b=2'] });
      res.end('{"status":"ok"}');
    };
    const response = await send(
      { method: 'POST', url: `${base}/api/flo/abc/invoke?x=1`, headers: { 'content-type': 'application/json', 'webhook-id': 'dlv_1' }, body: '{"a":1}', timeoutMs: 5000 },
      { dispatcher: agent },
    );
    expect(received).toEqual([
      expect.objectContaining({ method: 'POST', url: '/api/flo/abc/invoke?x=1', body: '{"a":1}' }),
    ]);
    expect(received[0]?.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'dlv_1', 'content-length': '7' });
    expect(response.status).toBe(202);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json', 'x-rate-limit-remaining': '9', 'set-cookie': 'a=1, b=2' });
    expect(response.body).toBe('{"status":"ok"}');
    expect(response.bodyTruncated).toBe(false);
    expect(response.headersMs).toBeGreaterThanOrEqual(0);
    expect(response.totalMs).toBeGreaterThanOrEqual(response.headersMs);
  });

  it('returns an error status like any other response, without judging it', async () => {
    handler = (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('flow failed');
    };
    const response = await send({ method: 'POST', url: `${base}/x`, headers: {}, body: '{}', timeoutMs: 5000 }, { dispatcher: agent });
    expect([response.status, response.body]).toEqual([500, 'flow failed']);
  });

  it('keeps the first 64 KiB of a larger body and flags it as cut', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.end('a'.repeat(RESPONSE_BODY_LIMIT + 10_000));
    };
    const response = await send({ method: 'POST', url: `${base}/big`, headers: {}, body: '{}', timeoutMs: 5000 }, { dispatcher: agent });
    expect(response.body).toBe('a'.repeat(RESPONSE_BODY_LIMIT));
    expect(response.bodyTruncated).toBe(true);
  });

  it('does not flag a body of exactly 64 KiB', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.end('b'.repeat(RESPONSE_BODY_LIMIT));
    };
    const response = await send({ method: 'POST', url: `${base}/exact`, headers: {}, body: '{}', timeoutMs: 5000 }, { dispatcher: agent });
    expect([response.body.length, response.bodyTruncated]).toEqual([RESPONSE_BODY_LIMIT, false]);
  });

  it('drops a character that the limit cuts in half instead of mangling it', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.end(`${'c'.repeat(RESPONSE_BODY_LIMIT - 1)}é and more`);
    };
    const response = await send({ method: 'POST', url: `${base}/utf8`, headers: {}, body: '{}', timeoutMs: 5000 }, { dispatcher: agent });
    expect(response.body).toBe('c'.repeat(RESPONSE_BODY_LIMIT - 1));
  });

  it('reuses a kept-alive connection for the next request to the same origin', async () => {
    handler = (_req, res) => res.end('{}');
    const pool = createSenderAgent({ allowLocal: true });
    try {
      const before = connections;
      await send({ method: 'POST', url: `${base}/1`, headers: {}, body: '{}', timeoutMs: 5000 }, { dispatcher: pool });
      // undici hands the connection back to the pool just after the body has ended.
      await new Promise((resolve) => setImmediate(resolve));
      await send({ method: 'POST', url: `${base}/2`, headers: {}, body: '{}', timeoutMs: 5000 }, { dispatcher: pool });
      expect(connections - before).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('times out when no response headers arrive in time', async () => {
    handler = () => undefined;
    const error = await sendError(send({ method: 'POST', url: `${base}/slow`, headers: {}, body: '{}', timeoutMs: 200 }, { dispatcher: agent }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`no complete response from 127.0.0.1:${port} within 0.2 s`);
    expect(error.hint).toBe(
      'raise "timeout_in_sec" (at most 60, where Okta closes the connection), or make the flow answer sooner (a Close card responds at once)',
    );
  });

  it('times out when the body does not finish in time, since the timeout covers the body too', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":');
    };
    const error = await sendError(send({ method: 'POST', url: `${base}/dribble`, headers: {}, body: '{}', timeoutMs: 300 }, { dispatcher: agent }));
    expect(error.kind).toBe('timeout');
  });

  it('reports a refused connection with the host and the error code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await sendError(
      send({ method: 'POST', url: `http://127.0.0.1:${closedPort}/x`, headers: {}, body: '{}', timeoutMs: 5000 }, { dispatcher: agent }),
    );
    expect([error.kind, error.message]).toEqual(['connection', `connection refused by 127.0.0.1:${closedPort} (ECONNREFUSED)`]);
  });

  it('reports a connection the target closes without answering', async () => {
    handler = (req) => req.socket.destroy();
    const error = await sendError(send({ method: 'POST', url: `${base}/reset`, headers: {}, body: '{}', timeoutMs: 5000 }, { dispatcher: agent }));
    expect(error.kind).toBe('connection');
    expect(error.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port} closed the connection before a complete response \\((UND_ERR_SOCKET|ECONNRESET)\\)$`));
  });

  it('refuses a literal local address unless local targets are allowed, without connecting', async () => {
    handler = (_req, res) => res.end('{}');
    const error = await sendError(send({ method: 'POST', url: `${base}/x`, headers: {}, body: '{}', timeoutMs: 5000 }));
    expect([error.kind, error.message]).toEqual(['refused_url', 'refused to connect to the local address 127.0.0.1']);
    expect(error.hint).toBe('local targets are refused unless allowed: pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET');
    expect(received).toEqual([]);
  });

  it('refuses a host name that resolves to a local address, at connect time', async () => {
    handler = (_req, res) => res.end('{}');
    const strict = createSenderAgent({ allowLocal: false });
    try {
      const error = await sendError(
        send({ method: 'POST', url: `http://localhost:${port}/x`, headers: {}, body: '{}', timeoutMs: 5000 }, { dispatcher: strict }),
      );
      expect(error.kind).toBe('refused_url');
      expect(error.message).toMatch(/^refused to connect to localhost, which resolves to the local address (127\.0\.0\.1|::1)$/);
      expect(received).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('connects only to the networks --allow-net lists', async () => {
    handler = (_req, res) => res.end('{"ok":true}');
    const loopbackOnly = createSenderAgent({ allowNet: ['127.0.0.0/8'] });
    try {
      const response = await send({ method: 'POST', url: `http://localhost:${port}/x`, headers: {}, body: '{}', timeoutMs: 5000 }, { dispatcher: loopbackOnly });
      expect(response.body).toBe('{"ok":true}');
    } finally {
      await loopbackOnly.close();
    }
  });

  it('refuses loopback, literal or resolved, when --allow-net lists other networks, saying which', async () => {
    handler = (_req, res) => res.end('{}');
    const hint = 'it is outside the networks allowed by --allow-net (10.0.0.0/8); add its network to --allow-net or FLOWHOOK_ALLOW_NET';
    const literal = await sendError(send({ method: 'POST', url: `${base}/x`, headers: {}, body: '{}', timeoutMs: 5000 }, { allowNet: ['10.0.0.0/8'] }));
    expect([literal.kind, literal.message, literal.hint]).toEqual(['refused_url', 'refused to connect to the local address 127.0.0.1', hint]);
    const privateOnly = createSenderAgent({ allowNet: ['10.0.0.0/8'] });
    try {
      const resolved = await sendError(
        send({ method: 'POST', url: `http://localhost:${port}/x`, headers: {}, body: '{}', timeoutMs: 5000 }, { dispatcher: privateOnly }),
      );
      expect(resolved.kind).toBe('refused_url');
      expect(resolved.message).toMatch(/^refused to connect to localhost, which resolves to the local address (127\.0\.0\.1|::1)$/);
      expect(resolved.hint).toBe(hint);
    } finally {
      await privateOnly.close();
    }
    expect(received).toEqual([]);
  });

  it('connects to a local host name when local targets are allowed', async () => {
    handler = (_req, res) => res.end('{"ok":true}');
    const response = await send({ method: 'POST', url: `http://127.0.0.1:${port}/x`, headers: {}, body: '{}', timeoutMs: 5000 }, { allowLocal: true });
    expect(response.body).toBe('{"ok":true}');
  });
});
