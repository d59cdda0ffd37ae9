import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import { DeliveryEngine } from '../../src/engine/engine.js';
import { FlowhookError } from '../../src/errors.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

describe('DeliveryEngine with allowNet', () => {
  let dir: string;
  let mock: RunningMockOkta;
  let engine: DeliveryEngine | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-allow-net-'));
    mock = await startMockOkta({ port: 0, flows: [{ alias: 'local', security: 'public', rateLimitPerSecond: 0, responses: [{ body: { status: 'ok' } }] }] });
  });

  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startEngine(allowNet: readonly string[]): Promise<DeliveryEngine> {
    engine = new DeliveryEngine({ store: openSqliteStore(join(dir, 'flowhook.db')), allowNet, pollIntervalMs: 20, shutdownGraceMs: 100 });
    await engine.start();
    return engine;
  }

  it('takes and tests a webhook on a network it lists', async () => {
    const running = await startEngine(['127.0.0.0/8', '::1/128']);
    const webhook = await running.webhooks.create({ name: 'local', url: mock.invokeUrl('local'), triggers: ['RequestCreated'] });
    const record = await running.testWebhook(webhook.stored.id, 'RequestCreated');
    expect(record.verdict).toBe('successful');
  });

  it('refuses a webhook on a network it does not list, saying so', async () => {
    const running = await startEngine(['10.0.0.0/8']);
    const refused = await running.webhooks.create({ name: 'local', url: mock.invokeUrl('local'), triggers: ['RequestCreated'] }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(FlowhookError);
    expect((refused as FlowhookError).details?.map((problem) => problem.message)).toContainEqual(
      'points at the local address 127.0.0.1; it is outside the networks allowed by --allow-net (10.0.0.0/8); add its network to --allow-net or FLOWHOOK_ALLOW_NET',
    );
    expect(await mock.executions()).toEqual([]);
  });
});
