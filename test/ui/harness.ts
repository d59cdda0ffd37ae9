/**
 * What the browser tests run against: the mock Okta Workflows server, `flowhook serve`'s engine and API
 * (allowed to send to the mock) on real sockets, and Debian's Chromium driven by playwright-core.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import { createApiApp } from '../../src/api/app.js';
import { DeliveryEngine } from '../../src/engine/engine.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

/** Where the tests leave their screenshots (git-ignored). */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-output', 'ui');

/** The mock's flow the tests deliver to, and its client token: a secret that must never show in a UI. */
export const FLOW_ALIAS = 'access-requests';
export const CLIENT_TOKEN = 'ct-4f9a1c7e2b8d4e6fa0c3b5d7e9f1a2b4';

/** The API token of `flowhook serve` in these tests. */
export const API_TOKEN = 'ui-test-api-token-6f1d3e8c2a57';

/** A name that Chromium resolves to 127.0.0.1, as a page's name rebound by DNS would (see launchChromium). */
export const REBOUND_HOST = 'rebound.attacker.example';

export interface Stack {
  mock: RunningMockOkta;
  /** The base URL of `flowhook serve`'s API and UI. */
  connectorUrl: string;
  /** The login URL, as `flowhook serve` prints it. */
  loginUrl: string;
  /** A call to the API with the token, as a script makes it. */
  api(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** The mock with one client-token flow answering `{ "ok": true }`, and a started engine with its API. */
export async function startStack(): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'flowhook-ui-'));
  const mock = await startMockOkta({
    flows: [{ alias: FLOW_ALIAS, security: 'clientToken', clientToken: CLIENT_TOKEN, rateLimitPerSecond: 0, responses: [{ body: { ok: true } }] }],
  });
  const engine = new DeliveryEngine({
    store: openSqliteStore(join(dir, 'flowhook.db')),
    allowLocal: true,
    retryScheduleSec: [0.05],
    pollIntervalMs: 50,
    shutdownGraceMs: 100,
  });
  await engine.start();
  const server = createServer(createApiApp({ engine, access: { tokens: [API_TOKEN] } }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const connectorUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    mock,
    connectorUrl,
    loginUrl: `${connectorUrl}/login?token=${API_TOKEN}`,
    api: (path, init = {}) => fetch(`${connectorUrl}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${API_TOKEN}` } }),
    async close() {
      await closeServer(server);
      await engine.stop();
      await mock.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Debian's Chromium (`apt-get install -y chromium`), or the browser at CHROMIUM_PATH. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Opens the login URL in `page`, as a person does with the one `flowhook serve` prints, and checks that
 * the browser lands on the UI with the token gone from the address bar.
 */
export async function logIn(page: Page, stack: Stack): Promise<void> {
  await page.goto(stack.loginUrl);
  expect(page.url()).toBe(`${stack.connectorUrl}/`);
}

/**
 * Chromium headless, with no sandbox (CI runs as root) and none of its background network traffic.
 * REBOUND_HOST resolves to 127.0.0.1 inside the browser only, so a test can play DNS rebinding with
 * no packet leaving loopback.
 */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the browser tests need Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP ${REBOUND_HOST} 127.0.0.1`,
    ],
  });
}

/** A fresh page that records the page's uncaught errors, which every test expects to stay empty. */
export async function openPage(browser: Browser): Promise<{ page: Page; pageErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { page, pageErrors };
}

/** A screenshot under test-output/ui/: the whole page, or what the window shows (a side panel). */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage });
}

/** Polls `read` until the assertion that follows holds; the bound is a liveness limit, not a speed check. */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 10_000, interval: 50 });
}
