import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useMockOkta, type SuiteHook } from '../../mock-okta/index.js';

const flows = [{ alias: 'grants', security: 'public' as const, rateLimitPerSecond: 0 }];

/** Hooks that only record what they were given, for running a suite's lifecycle by hand. */
function recordedHooks<const N extends string>(...names: N[]): Record<N, SuiteHook> & { run(name: N): Promise<void> } {
  const registered = new Map<string, () => Promise<void>>();
  const hooks = Object.fromEntries(names.map((name) => [name, (fn: () => Promise<void>) => void registered.set(name, fn)]));
  return Object.assign(hooks as Record<N, SuiteHook>, {
    run: (name: N) => (registered.get(name) as () => Promise<void>)(),
  });
}

describe('useMockOkta() with vitest\'s hooks', () => {
  const okta = useMockOkta({ beforeAll, beforeEach, afterAll }, { flows });
  let readEarly: unknown;
  try {
    void okta.client;
  } catch (err) {
    readEarly = err;
  }
  const urls: string[] = [];

  it('refuses to hand out the mock while the tests are being declared', () => {
    expect(readEarly).toMatchObject({
      code: 'ERR_INVALID_STATE',
      message:
        'useMockOkta(): "client" was read before the mock started; read it inside a test or a hook that runs after beforeAll (before in node:test), not while the tests are being declared',
    });
  });

  it('gives a running mock, its admin client and its URLs inside a test', async () => {
    urls.push(okta.url);
    expect(okta.invokeUrl('grants')).toBe(`${okta.url}/api/flo/grants/invoke`);
    expect((await fetch(okta.invokeUrl('grants'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' })).status).toBe(200);
    const [execution] = await okta.client.waitFor({ alias: 'grants' });
    expect(execution?.body).toEqual({ n: 1 });
    expect(okta.server.journal.records()).toHaveLength(1);
    await okta.client.flow('extra', { security: 'public' });
  });

  it('resets the mock before each test: the flows it started with, an empty journal, on the same port', async () => {
    urls.push(okta.url);
    expect(urls[1]).toBe(urls[0]);
    expect(await okta.client.executions()).toEqual([]);
    expect((await okta.client.flows()).map((flow) => flow.alias)).toEqual(['grants']);
  });
});

describe('useMockOkta() lifecycle', () => {
  it('starts the mock in beforeAll, resets it in beforeEach and closes it in afterAll', async () => {
    const hooks = recordedHooks('beforeAll', 'beforeEach', 'afterAll');
    const okta = useMockOkta(hooks, { flows });
    await hooks.run('beforeAll');
    const url = okta.url;
    await fetch(okta.invokeUrl('grants'));
    expect(okta.server.journal.records()).toHaveLength(1);
    await hooks.run('beforeEach');
    expect(okta.server.journal.records()).toHaveLength(0);
    await hooks.run('afterAll');
    expect(() => okta.url).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_STATE',
        message: 'useMockOkta(): "url" was read after the mock closed; it closes after the suite\'s last test (afterAll, or after in node:test)',
      }),
    );
    await expect(fetch(url)).rejects.toThrow();
  });

  it('takes node:test\'s hook names', async () => {
    const hooks = recordedHooks('before', 'beforeEach', 'after');
    const okta = useMockOkta(hooks, { flows });
    await hooks.run('before');
    expect((await okta.client.flows()).map((flow) => flow.alias)).toEqual(['grants']);
    await hooks.run('after');
  });

  it('uses the global beforeAll, beforeEach and afterAll when given no hooks (jest, vitest with globals)', async () => {
    const hooks = recordedHooks('beforeAll', 'beforeEach', 'afterAll');
    const scope = globalThis as Record<string, unknown>;
    Object.assign(scope, { beforeAll: hooks.beforeAll, beforeEach: hooks.beforeEach, afterAll: hooks.afterAll });
    try {
      const okta = useMockOkta({ flows });
      await hooks.run('beforeAll');
      expect((await okta.client.flows()).map((flow) => flow.alias)).toEqual(['grants']);
      await hooks.run('afterAll');
    } finally {
      delete scope.beforeAll;
      delete scope.beforeEach;
      delete scope.afterAll;
    }
  });

  it('says how to pass the hooks when there are none, or some are missing', () => {
    expect(() => useMockOkta({ flows })).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARG_VALUE',
        message:
          'useMockOkta() was given no test hooks and found no global "beforeAll", "beforeEach" and "afterAll"; pass them as useMockOkta({ beforeAll, beforeEach, afterAll }, options) with vitest or jest, or useMockOkta({ before, beforeEach, after }, options) with node:test (vitest has global ones only with "globals: true")',
      }),
    );
    const { before, after } = recordedHooks('before', 'after');
    expect(() => useMockOkta({ before, after } as never)).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARG_VALUE',
        message:
          '"hooks" must have the functions "beforeEach"; pass them as useMockOkta({ beforeAll, beforeEach, afterAll }, options) with vitest or jest, or useMockOkta({ before, beforeEach, after }, options) with node:test',
      }),
    );
  });

  it('checks the options at once, before any hook runs', () => {
    const hooks = recordedHooks('beforeAll', 'beforeEach', 'afterAll');
    expect(() => useMockOkta(hooks, { flows: [{ alias: 'a', security: 'clientToken' }] })).toThrow(
      expect.objectContaining({ code: 'FLOWHOOK_MOCK_FLOW_INVALID' }),
    );
  });
});

describe('useMockOkta() under node:test', () => {
  it('runs a node:test file whose tests use the mock, reset between them', async () => {
    const fixture = fileURLToPath(new URL('fixtures/suite-helper.node-test.ts', import.meta.url));
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', '--test', '--test-reporter', 'tap', fixture], (err, stdout, stderr) => {
        resolve({ code: err === null ? 0 : ((err as { code?: number }).code ?? null), output: `${stdout}${stderr}` });
      });
    });
    expect(output).toMatch(/^# pass 2$/m);
    expect(output).toMatch(/^# fail 0$/m);
    expect(code).toBe(0);
  });
});
