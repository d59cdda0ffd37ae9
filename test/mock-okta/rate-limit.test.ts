import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PerSecondLimit } from '../../mock-okta/rate-limit.js';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';

describe('PerSecondLimit', () => {
  it('allows perSecond invocations in one epoch second, then refuses with Remaining 0 and the next second as Reset', () => {
    const limit = new PerSecondLimit(2);
    const at = 1_700_000_000_250;
    expect(limit.take(at)).toEqual({
      allowed: true,
      headers: { 'X-Rate-Limit-Limit': '2', 'X-Rate-Limit-Remaining': '1', 'X-Rate-Limit-Reset': '1700000001' },
    });
    expect(limit.take(at + 100).headers['X-Rate-Limit-Remaining']).toBe('0');
    expect(limit.take(at + 700)).toEqual({
      allowed: false,
      headers: { 'X-Rate-Limit-Limit': '2', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': '1700000001' },
    });
  });

  it('starts a fresh budget when the second changes', () => {
    const limit = new PerSecondLimit(1);
    expect(limit.take(5_999).allowed).toBe(true);
    expect(limit.take(5_999).allowed).toBe(false);
    expect(limit.take(6_000)).toEqual({
      allowed: true,
      headers: { 'X-Rate-Limit-Limit': '1', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': '7' },
    });
  });
});

describe('invoke rate limit', () => {
  let mock: RunningMockOkta;
  beforeEach(async () => {
    mock = await startMockOkta({
      flows: [
        { alias: 'limited', security: 'public', rateLimitPerSecond: 3 },
        { alias: 'default', security: 'public' },
        { alias: 'unlimited', security: 'public', rateLimitPerSecond: 0 },
      ],
    });
  });
  afterEach(() => mock.close());

  it('answers 429 with Okta\'s E0000047 object and X-Rate-Limit headers once a flow has had its invocations this second', async () => {
    // Start at the top of a second so that all five calls fall into the same window.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    const responses = [];
    for (let i = 0; i < 5; i += 1) responses.push(await fetch(mock.invokeUrl('limited'), { method: 'POST' }));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 429, 429]);
    expect(responses.map((response) => response.headers.get('x-rate-limit-remaining'))).toEqual(['2', '1', '0', '0', '0']);
    const refused = responses[3] as Response;
    const [execution] = await mock.executions({ alias: 'limited', status: 429, limit: 1 });
    const second = Math.floor(Date.parse(execution?.receivedAt ?? '') / 1000);
    expect(refused.headers.get('x-rate-limit-limit')).toBe('3');
    expect(refused.headers.get('x-rate-limit-reset')).toBe(String(second + 1));
    expect(await refused.json()).toEqual({
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
      errorLink: 'E0000047',
      errorId: expect.stringMatching(/^oae[\w-]{22}$/),
      errorCauses: [],
    });
    expect(execution).toMatchObject({
      outcome: 'refused',
      responseIndex: null,
      explanation: 'refused: flow "limited" already had 3 invocations this second ("rateLimitPerSecond": 3)',
    });
  });

  it('allows 10 invocations per second by default, as Okta does', async () => {
    const response = await fetch(mock.invokeUrl('default'));
    expect(response.headers.get('x-rate-limit-limit')).toBe('10');
    expect((await mock.getFlow('default')).rateLimitPerSecond).toBe(10);
  });

  it('sends no rate-limit headers and never refuses when the limit is 0', async () => {
    const statuses = [];
    for (let i = 0; i < 15; i += 1) {
      const response = await fetch(mock.invokeUrl('unlimited'));
      expect(response.headers.has('x-rate-limit-limit')).toBe(false);
      statuses.push(response.status);
    }
    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});
