import { afterEach, describe, expect, it } from 'vitest';
import type { SettledExecution } from '../../mock-okta/settled-execution.js';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';

let mock: RunningMockOkta | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('onExecution', () => {
  it('tells the listener once per invocation when it is settled, answered, refused or closed, with what the journal shows', async () => {
    const settled: SettledExecution[] = [];
    mock = await startMockOkta({
      flows: [
        { alias: 'guarded', security: 'clientToken', clientToken: 'tok-settled', rateLimitPerSecond: 0 },
        { alias: 'gone', security: 'public', responses: [{ fault: 'reset' }] },
      ],
      onExecution: (execution) => settled.push(execution),
    });
    await fetch(`${mock.url}/api/flo/tok-settled`, { method: 'POST', body: '{}' });
    await fetch(mock.invokeUrl('guarded'), { method: 'POST' });
    await expect(fetch(mock.invokeUrl('gone'), { method: 'POST' })).rejects.toThrow();
    await mock.waitFor({ count: 3 });
    const journal = await mock.executions();
    expect(settled.map(({ durationMs, ...rest }) => {
      expect(durationMs).toBeGreaterThanOrEqual(0);
      return rest;
    })).toEqual(
      journal.map((execution) => ({
        executionId: execution.executionId,
        receivedAt: execution.receivedAt,
        alias: execution.alias,
        method: execution.method,
        path: execution.path,
        outcome: execution.outcome,
        status: execution.status,
        auth: execution.auth,
      })),
    );
    expect(settled.map((execution) => [execution.path, execution.status, execution.outcome])).toEqual([
      ['/api/flo/[REDACTED]', 200, 'answered'],
      ['/api/flo/guarded/invoke', 401, 'refused'],
      ['/api/flo/gone/invoke', null, 'closed'],
    ]);
    expect(JSON.stringify(settled)).not.toContain('tok-settled');
  });

  it("says whether the input met the flow's contract, when the flow has one", async () => {
    const settled: SettledExecution[] = [];
    mock = await startMockOkta({
      flows: [
        { alias: 'reads-name', security: 'public', rateLimitPerSecond: 0, contract: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } } } },
        { alias: 'plain', security: 'public', rateLimitPerSecond: 0 },
      ],
      onExecution: (execution) => settled.push(execution),
    });
    const post = (alias: string, body: unknown) => fetch(mock?.invokeUrl(alias) ?? '', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('reads-name', { name: 'Ada' });
    await post('reads-name', { name: '' });
    await post('plain', {});
    expect(settled.map((execution) => execution.contract)).toEqual([{ ok: true }, { ok: false }, undefined]);
  });
});

