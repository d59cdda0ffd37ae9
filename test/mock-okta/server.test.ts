import { afterEach, describe, expect, it } from 'vitest';
import { MockOktaServer, startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';
import type { SecurityCheck } from '../../mock-okta/security.js';

let mock: RunningMockOkta | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('MockOktaServer', () => {
  it('refuses a bad option with a TypeError naming it', () => {
    expect(() => new MockOktaServer({ journalLimit: 0 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE', message: '"options.journalLimit" must be an integer from 1 to 10000000, got 0' }),
    );
    expect(() => new MockOktaServer({ port: 70_000 })).toThrow(TypeError);
  });

  it('refuses bad starting flows with FLOWHOOK_MOCK_FLOW_INVALID', () => {
    expect(() => new MockOktaServer({ flows: [{ alias: 'a', security: 'clientToken' }] })).toThrow(
      expect.objectContaining({
        code: 'FLOWHOOK_MOCK_FLOW_INVALID',
        message: 'the flows were not loaded: "$.flows[0].clientToken" is required when "security" is "clientToken"',
      }),
    );
  });

  it('keeps its starting flows apart from the caller\'s objects', async () => {
    const flows = [{ alias: 'a', security: 'public' as const, active: true }];
    mock = await startMockOkta({ flows });
    flows[0]!.active = false;
    await mock.reset();
    expect((await mock.getFlow('a')).active).toBe(true);
  });

  it('keeps only journalLimit executions and reports how many it dropped', async () => {
    mock = await startMockOkta({ journalLimit: 2, flows: [{ alias: 'a', security: 'public', rateLimitPerSecond: 0 }] });
    for (let i = 1; i <= 5; i += 1) await fetch(`${mock.invokeUrl('a')}?n=${i}`);
    const body = (await (await fetch(`${mock.url}/__admin/executions`)).json()) as { executions: { query: { n: string } }[]; dropped: number };
    expect(body.executions.map((e) => e.query.n)).toEqual(['4', '5']);
    expect(body.dropped).toBe(3);
  });

  it('takes a security check by level, synchronous or not, in place of the built-in one', async () => {
    const bearerIsOpenSesame: SecurityCheck = async (_flow, presented) => {
      const valid = presented.authorization === 'Bearer open-sesame';
      return {
        auth: { level: 'oauth2', via: presented.authorization === undefined ? null : 'bearer', valid },
        ...(valid ? {} : { refusal: { status: 401, errorCode: 'E0000011', errorSummary: 'Invalid token provided', reason: 'refused: bad bearer' } }),
      };
    };
    mock = await startMockOkta({ securityChecks: { oauth2: bearerIsOpenSesame }, flows: [{ alias: 'o', security: 'oauth2' }] });
    expect((await fetch(mock.invokeUrl('o'), { headers: { authorization: 'Bearer open-sesame' } })).status).toBe(200);
    expect((await fetch(mock.invokeUrl('o'), { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await mock.executions()).map((e) => [e.auth.valid, e.explanation])).toEqual([
      [true, 'response 1 of 1: answers 200 with a JSON body'],
      [false, 'refused: bad bearer'],
    ]);
  });

  it('answers 500 E0000009 when a security check fails, and says why in the record', async () => {
    const broken: SecurityCheck = () => Promise.reject(new Error('key store offline'));
    mock = await startMockOkta({ securityChecks: { public: broken }, flows: [{ alias: 'p', security: 'public' }] });
    const response = await fetch(mock.invokeUrl('p'));
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ errorCode: 'E0000009', errorSummary: 'Internal Server Error' });
    expect((await mock.executions())[0]?.explanation).toBe('the "public" security check of flow "p" failed: key store offline');
  });

  it('closes promptly with answers still pending, recording them as closed', async () => {
    mock = await startMockOkta({ flows: [{ alias: 'slow', security: 'public', responses: [{ delayMs: 30_000 }] }] });
    const pending = fetch(mock.invokeUrl('slow')).catch((err: unknown) => err);
    const { server } = mock;
    await mock.waitFor({ alias: 'slow' });
    await mock.close();
    mock = undefined;
    expect(await pending).toBeInstanceOf(TypeError);
    expect(server.journal.records()[0]).toMatchObject({ outcome: 'closed', explanation: 'the mock stopped before answering' });
  });
});
