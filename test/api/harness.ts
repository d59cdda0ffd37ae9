import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestListener } from 'node:http';
import { createApiApp } from '../../src/api/app.js';
import { DeliveryEngine, type EngineOptions } from '../../src/engine/engine.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

export interface ApiHarness {
  engine: DeliveryEngine;
  app: RequestListener;
  close(): Promise<void>;
}

/**
 * An engine on a fresh database file, allowed to send to the mock, and its API app. Not `started`, the
 * engine takes events but sends nothing, so deliveries stay pending.
 */
export async function startApi(options: Partial<EngineOptions> = {}, { started = true } = {}): Promise<ApiHarness> {
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
  return {
    engine,
    app: createApiApp({ engine }),
    async close() {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
