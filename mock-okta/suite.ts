/**
 * `useMockOkta()`: one mock per test file (or per `describe`), started before its tests, reset before
 * each test, closed after the last, for vitest, jest and node:test alike. It imports no test runner:
 * it is given the runner's hooks, or finds the global ones that jest and vitest (with `globals: true`)
 * install.
 */
import { MockOktaServer, RunningMockOkta, type MockOktaOptions } from './server.js';

/** How a runner registers a hook; vitest's, jest's and node:test's hook functions all fit. */
export type SuiteHook = (fn: () => Promise<void>) => unknown;

/** A runner's hooks, under vitest's and jest's names or under node:test's. */
export type SuiteHooks =
  | { readonly beforeAll: SuiteHook; readonly beforeEach: SuiteHook; readonly afterAll: SuiteHook }
  | { readonly before: SuiteHook; readonly beforeEach: SuiteHook; readonly after: SuiteHook };

/** What `useMockOkta()` returns: its members can be read once the suite's first hook has started the mock. */
export interface MockOktaSuite {
  /** The admin client of the running mock (flows, executions, `waitFor`, `reset`), over HTTP. */
  readonly client: RunningMockOkta;
  /** The mock itself, in this process: its journal and flow registry. */
  readonly server: MockOktaServer;
  /** The mock's base URL, such as `http://127.0.0.1:41234`. */
  readonly url: string;
  /** `/api/flo/{alias}/invoke` on the mock. */
  invokeUrl(alias: string): string;
}

/**
 * Runs a mock Okta Workflows server for the tests of a file, or of the `describe` block it is called
 * in: started once before the first test (on a free port unless `options.port` says otherwise), reset
 * before each test (the flows and OAuth clients it started with, an empty journal), closed after the
 * last. Call it while the tests are being declared, and read the members of what it returns inside
 * tests and hooks; before the mock has started, or after it has closed, they throw ERR_INVALID_STATE.
 * The options are checked at once: a bad flow throws FLOWHOOK_MOCK_FLOW_INVALID from this call.
 *
 * Pass the runner's hooks (vitest, or any runner), with vitest's names:
 * ```ts
 * import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
 * import { useMockOkta } from 'flowhook/mock-okta';
 *
 * const okta = useMockOkta({ beforeAll, beforeEach, afterAll }, {
 *   flows: [{ alias: 'grants', security: 'clientToken', clientToken: 't0ken' }],
 * });
 *
 * it('captures the call', async () => {
 *   await fetch(`${okta.invokeUrl('grants')}?clientToken=t0ken`, { method: 'POST', body: '{}' });
 *   const [execution] = await okta.client.waitFor({ alias: 'grants' });
 *   expect(execution?.status).toBe(200);
 * });
 * ```
 *
 * or node:test's names:
 * ```ts
 * import { after, before, beforeEach, it } from 'node:test';
 * import assert from 'node:assert/strict';
 * import { useMockOkta } from 'flowhook/mock-okta';
 *
 * const okta = useMockOkta({ before, beforeEach, after }, { flows: [{ alias: 'grants', security: 'public' }] });
 *
 * it('captures the call', async () => {
 *   await fetch(okta.invokeUrl('grants'));
 *   assert.equal((await okta.client.executions()).length, 1);
 * });
 * ```
 *
 * With jest, or vitest with `globals: true`, leave the hooks out: the global `beforeAll`, `beforeEach`
 * and `afterAll` are used.
 * ```ts
 * import { useMockOkta } from 'flowhook/mock-okta';
 *
 * const okta = useMockOkta({ flows: [{ alias: 'grants', security: 'public' }] });
 *
 * test('captures the call', async () => {
 *   await fetch(okta.invokeUrl('grants'));
 *   expect(await okta.client.executions()).toHaveLength(1);
 * });
 * ```
 *
 * @throws TypeError (ERR_INVALID_ARG_VALUE) when a hook is missing, or when no hooks are given and
 *   there are no global ones.
 */
export function useMockOkta(options?: MockOktaOptions): MockOktaSuite;
export function useMockOkta(hooks: SuiteHooks, options?: MockOktaOptions): MockOktaSuite;
export function useMockOkta(first?: SuiteHooks | MockOktaOptions, second?: MockOktaOptions): MockOktaSuite {
  const given = first !== undefined && HOOK_NAMES.some((name) => name in first) ? (first as SuiteHooks) : undefined;
  const hooks = given === undefined ? globalHooks() : checkedHooks(given);
  const options = (given === undefined ? (first as MockOktaOptions | undefined) : second) ?? {};
  const suite = new MockOktaSuiteRun(new MockOktaServer({ ...options, port: options.port ?? 0 }));
  hooks.start(() => suite.start());
  hooks.beforeEach(() => suite.reset());
  hooks.end(() => suite.close());
  return suite;
}

class MockOktaSuiteRun implements MockOktaSuite {
  readonly #server: MockOktaServer;
  #client: RunningMockOkta | undefined;
  #closed = false;

  constructor(server: MockOktaServer) {
    this.#server = server;
  }

  get client(): RunningMockOkta {
    return this.#running('client');
  }

  get server(): MockOktaServer {
    return this.#running('server').server;
  }

  get url(): string {
    return this.#running('url').url;
  }

  invokeUrl(alias: string): string {
    return this.#running('invokeUrl()').invokeUrl(alias);
  }

  async start(): Promise<void> {
    await this.#server.listen();
    this.#client = new RunningMockOkta(this.#server);
  }

  async reset(): Promise<void> {
    // A failed start is reported by the runner already; each test need not report it again.
    this.#client?.server.reset();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#client = undefined;
    await this.#server.close();
  }

  #running(member: string): RunningMockOkta {
    if (this.#client !== undefined) return this.#client;
    const message = this.#closed
      ? `useMockOkta(): "${member}" was read after the mock closed; it closes after the suite's last test (afterAll, or after in node:test)`
      : `useMockOkta(): "${member}" was read before the mock started; read it inside a test or a hook that runs after beforeAll (before in node:test), not while the tests are being declared`;
    throw Object.assign(new Error(message), { code: 'ERR_INVALID_STATE' });
  }
}

/** The hooks by what they do, whichever runner named them. */
interface RunnerHooks {
  readonly start: SuiteHook;
  readonly beforeEach: SuiteHook;
  readonly end: SuiteHook;
}

const HOOK_NAMES = ['beforeAll', 'before', 'beforeEach', 'afterAll', 'after'] as const;

const HOOKS_EXAMPLE =
  'pass them as useMockOkta({ beforeAll, beforeEach, afterAll }, options) with vitest or jest, or useMockOkta({ before, beforeEach, after }, options) with node:test';

function checkedHooks(hooks: SuiteHooks): RunnerHooks {
  const named = hooks as Partial<Record<(typeof HOOK_NAMES)[number], unknown>>;
  const start = named.beforeAll ?? named.before;
  const end = named.afterAll ?? named.after;
  const missing = [
    ...(typeof start === 'function' ? [] : ['"beforeAll" (or "before")']),
    ...(typeof named.beforeEach === 'function' ? [] : ['"beforeEach"']),
    ...(typeof end === 'function' ? [] : ['"afterAll" (or "after")']),
  ];
  if (missing.length > 0) {
    throw Object.assign(new TypeError(`"hooks" must have the functions ${missing.join(', ')}; ${HOOKS_EXAMPLE}`), {
      code: 'ERR_INVALID_ARG_VALUE',
    });
  }
  return { start: start as SuiteHook, beforeEach: named.beforeEach as SuiteHook, end: end as SuiteHook };
}

function globalHooks(): RunnerHooks {
  const scope = globalThis as Partial<Record<'beforeAll' | 'beforeEach' | 'afterAll', unknown>>;
  const { beforeAll, beforeEach, afterAll } = scope;
  if (typeof beforeAll !== 'function' || typeof beforeEach !== 'function' || typeof afterAll !== 'function') {
    throw Object.assign(
      new TypeError(
        `useMockOkta() was given no test hooks and found no global "beforeAll", "beforeEach" and "afterAll"; ${HOOKS_EXAMPLE} (vitest has global ones only with "globals: true")`,
      ),
      { code: 'ERR_INVALID_ARG_VALUE' },
    );
  }
  return { start: beforeAll as SuiteHook, beforeEach: beforeEach as SuiteHook, end: afterAll as SuiteHook };
}
