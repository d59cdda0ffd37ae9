import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';

let mock: RunningMockOkta;

beforeAll(async () => {
  mock = await startMockOkta({ flows: [{ alias: 'open', security: 'public', rateLimitPerSecond: 0 }] });
});
afterAll(() => mock.close());

const SECRETS = ['k-secret-1', 'c-secret-2', 'q-secret-3', 's-secret-4', 't-secret-5'];

describe('the journal over a socket', () => {
  it('shows credential-named headers and query parameters as [REDACTED] in the executions and in the wait answer', async () => {
    const waiting = mock.waitFor({ alias: 'open' });
    const response = await fetch(`${mock.invokeUrl('open')}?api_key=${SECRETS[2]}&sig=${SECRETS[3]}&page=2`, {
      method: 'POST',
      headers: { 'x-api-key': SECRETS[0] as string, cookie: `session=${SECRETS[1]}`, 'X-Auth-Token': SECRETS[4] as string, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    const [waited] = await waiting;
    const [listed] = await mock.executions({ alias: 'open' });
    for (const execution of [waited, listed]) {
      expect(execution?.query).toEqual({ api_key: '[REDACTED]', sig: '[REDACTED]', page: '2' });
      expect(execution?.headers).toMatchObject({ 'x-api-key': '[REDACTED]', cookie: '[REDACTED]', 'x-auth-token': '[REDACTED]', 'content-type': 'application/json' });
      const text = JSON.stringify(execution);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
  });
});
