import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestListener } from 'node:http';
import { createApiApp } from '../../src/api/app.js';
import type { AccessOptions } from '../../src/api/access.js';
import { DeliveryEngine, type EngineOptions } from '../../src/engine/engine.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

/** The API token of every harness. */
export const API_TOKEN = 'test-api-token-0123456789abcdef';

export interface ApiHarness {
  engine: DeliveryEngine;
  /** The API as a script holding the token sees it: a request without an Authorization header gets the token's. */
  app: RequestListener;
  /** The API itself, for the tests of its access checks. */
  bare: RequestListener;
  close(): Promise<void>;
}

/**
 * An engine on a fresh database file, allowed to send to the mock, and its API app. Not `started`, the
 * engine takes events but sends nothing, so deliveries stay pending.
 */
export async function startApi(
  options: Partial<EngineOptions> = {},
  { started = true, access = {} }: { started?: boolean; access?: Partial<AccessOptions> } = {},
): Promise<ApiHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'flowhook-api-'));
  const engine = new DeliveryEngine({
    store: openSqliteStore(join(dir, 'flowhook.db')),
    allowLocal: true,
    retryScheduleSec: [0.01],
    pollIntervalMs: 20,
    shutdownGraceMs: 100,
    random: () => 0.5,
    ...options,
  });
  if (started) await engine.start();
  const bare = createApiApp({ engine, access: { tokens: [API_TOKEN], ...access } });
  return {
    engine,
    app: (req, res) => {
      req.headers.authorization ??= `Bearer ${API_TOKEN}`;
      bare(req, res);
    },
    bare,
    async close() {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
