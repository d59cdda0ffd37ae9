import { afterEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';

let mock: RunningMockOkta | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const open = { alias: 'open', security: 'public' as const, rateLimitPerSecond: 0 };

async function post(url: string, body: string, contentType = 'application/json'): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  await response.arrayBuffer();
  return response.status;
}

describe('the journal, bounded in bytes', () => {
  it('keeps the first 256 KiB of a longer body as text, marked truncated, and answers the caller as usual', async () => {
    mock = await startMockOkta({ flows: [open] });
    const body = JSON.stringify({ pad: 'é'.repeat(200_000) });
    expect(await post(mock.invokeUrl('open'), body)).toBe(200);
    const [execution] = await mock.executions();
    expect(execution).toMatchObject({ bodyKind: 'text', bodyBytes: Buffer.byteLength(body), truncated: true, status: 200 });
    const kept = execution?.body as string;
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(262_144);
    expect(Buffer.byteLength(kept)).toBeGreaterThan(262_140);
    expect(body.startsWith(kept)).toBe(true);
  });

  it('cuts bodies at journalBodyBytes when configured', async () => {
    mock = await startMockOkta({ flows: [open], journalBodyBytes: 4 });
    await post(mock.invokeUrl('open'), '{"a":1}');
    await post(mock.invokeUrl('open'), '[1]');
    expect((await mock.executions()).map((e) => [e.bodyKind, e.body, e.bodyBytes, e.truncated])).toEqual([
      ['text', '{"a"', 7, true],
      ['json', [1], 3, false],
    ]);
  });

  it('drops the oldest executions to stay within journalMaxBytes, and counts them as dropped', async () => {
    mock = await startMockOkta({ flows: [open], journalMaxBytes: 100_000 });
    for (let n = 1; n <= 12; n += 1) await post(`${mock.invokeUrl('open')}?n=${n}`, 'x'.repeat(20_000), 'text/plain');
    const listing = (await (await fetch(`${mock.url}/__admin/executions`)).json()) as { executions: { query: { n: string } }[]; dropped: number };
    expect(listing.executions.map((e) => e.query.n)).toEqual(['9', '10', '11', '12']);
    expect(listing.dropped).toBe(8);
    expect(mock.server.journal.bytes).toBeLessThanOrEqual(100_000);
  });

  it('keeps the start of a body refused as too large, marked truncated', async () => {
    mock = await startMockOkta({ flows: [open], maxBodyBytes: 1_000, journalBodyBytes: 10 });
    expect(await post(mock.invokeUrl('open'), 'y'.repeat(5_000), 'text/plain')).toBe(413);
    const [execution] = await mock.executions();
    expect(execution).toMatchObject({ status: 413, bodyKind: 'text', body: 'yyyyyyyyyy', truncated: true });
    expect(execution?.bodyBytes).toBeGreaterThan(1_000);
  });
});

describe('records of dropped executions', () => {
  it('are reused for new ones, and an answer that comes after its record was dropped leaves the new one alone', async () => {
    mock = await startMockOkta({
      journalLimit: 1,
      flows: [open, { alias: 'slow', security: 'public', rateLimitPerSecond: 0, responses: [{ status: 503, delayMs: 300 }] }],
    });
    const slow = fetch(mock.invokeUrl('slow'));
    await mock.waitFor({ alias: 'slow' });
    expect(await post(`${mock.invokeUrl('open')}?n=1`, '{"n":1}')).toBe(200);
    expect((await slow).status).toBe(503);
    const listing = (await (await fetch(`${mock.url}/__admin/executions`)).json()) as { executions: object[]; dropped: number };
    expect(listing.dropped).toBe(1);
    expect(listing.executions).toEqual([
      expect.objectContaining({ alias: 'open', status: 200, query: { n: '1' }, body: { n: 1 }, responseIndex: 0, fault: null }),
    ]);
  });
});

describe('a body that cannot be shown as parsed JSON', () => {
  it('keeps a 100,000-deep JSON body as text, and the listing and the wait endpoint still answer 200', async () => {
    mock = await startMockOkta({ flows: [open] });
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(await post(mock.invokeUrl('open'), deep)).toBe(200);
    const listing = await fetch(`${mock.url}/__admin/executions`);
    expect(listing.status).toBe(200);
    const { executions } = (await listing.json()) as { executions: { bodyKind: string; body: unknown; truncated: boolean }[] };
    expect(executions[0]).toMatchObject({ bodyKind: 'text', body: deep, truncated: false });
    const wait = await fetch(`${mock.url}/__admin/executions/wait?alias=open&count=1&timeoutMs=0`);
    expect(wait.status).toBe(200);
    expect(((await wait.json()) as { executions: unknown[] }).executions).toHaveLength(1);
  });
});

describe('errors of the admin API', () => {
  it('answers a malformed path with a JSON error body, never an HTML page or a stack trace', async () => {
    mock = await startMockOkta({ flows: [open] });
    const response = await fetch(`${mock.url}/__admin/flows/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'FLOWHOOK_BAD_REQUEST' });
    expect(text).not.toMatch(/<html|\bat .+:\d+:\d+/i);
  });
});
