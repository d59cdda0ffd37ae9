import { describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../../mock-okta/execution.js';
import { Journal } from '../../mock-okta/journal.js';

/** Captures a request with the id `id`, `padding` bytes of header and `body`, recorded as answered by `alias` with `status`. */
function record(journal: Journal, id: string, alias = 'abc', status: number | null = 200, { body = '', padding = 0 } = {}): ExecutionRecord {
  const bytes = Buffer.from(body);
  const made = journal.capture({
    executionId: id,
    alias,
    method: 'POST',
    path: `/api/flo/${alias}/invoke`,
    query: '',
    headers: padding === 0 ? {} : { 'x-pad': 'p'.repeat(padding) },
    bodyChunks: [bytes],
    keptBytes: bytes.length,
    bodyBytes: bytes.length,
    receivedAtMs: 0,
  });
  made.alias = alias;
  made.status = status;
  journal.changed(made);
  return made;
}

/** What a record of `record()` with a one-character id and `padding` bytes of header counts against maxBytes. */
function costOf(padding: number, body = ''): number {
  return record(new Journal(), 'x', 'abc', 200, { padding, body }).bytes;
}

const ids = (records: ExecutionRecord[]): string[] => records.map((r) => r.executionId);

describe('Journal', () => {
  it('keeps records oldest first and drops the oldest beyond its limit, counting them', () => {
    const journal = new Journal({ limit: 3 });
    for (const id of ['1', '2', '3', '4', '5']) record(journal, id);
    expect(ids(journal.records())).toEqual(['3', '4', '5']);
    expect(journal.dropped).toBe(2);
  });

  it('drops the oldest records while the next one would take it past maxBytes, counting them', () => {
    const journal = new Journal({ limit: 100, maxBytes: 3 * costOf(1_000) });
    for (const id of ['1', '2', '3']) record(journal, id, 'abc', 200, { padding: 1_000 });
    expect(journal.bytes).toBe(3 * costOf(1_000));
    record(journal, '4', 'abc', 200, { padding: 1_500 });
    expect(ids(journal.records())).toEqual(['3', '4']);
    expect(journal.dropped).toBe(2);
    expect(journal.bytes).toBe(costOf(1_000) + costOf(1_500));
  });

  it('counts what it keeps of a body against maxBytes, and no more than bodyBytes of it', () => {
    expect(costOf(0, 'x'.repeat(10)) - costOf(0)).toBe(10);
    const journal = new Journal({ limit: 100, bodyBytes: 4 });
    const cut = journal.capture({
      executionId: 'x',
      alias: 'abc',
      method: 'POST',
      path: '/api/flo/abc/invoke',
      query: '',
      headers: {},
      bodyChunks: [Buffer.from('x'.repeat(10))],
      keptBytes: 4,
      bodyBytes: 10,
      receivedAtMs: 0,
    });
    expect(cut.bytes - costOf(0)).toBe(4);
    expect(cut).toMatchObject({ bodyBytes: 10, truncated: true });
  });

  it('keeps the newest record even when it alone is larger than maxBytes', () => {
    const journal = new Journal({ limit: 10, maxBytes: 100 });
    record(journal, '1');
    record(journal, '2', 'abc', 200, { padding: 10_000 });
    expect(ids(journal.records())).toEqual(['2']);
  });

  it('reuses the record of a dropped execution for the next one, under a new serial', () => {
    const journal = new Journal({ limit: 1 });
    const first = record(journal, '1', 'abc', 200, { body: '{"n":1}' });
    const serial = first.serial;
    expect(first.view()).toMatchObject({ executionId: '1', bodyKind: 'json', body: { n: 1 }, bodyBytes: 7, truncated: false });
    const second = record(journal, '2', 'def', 201);
    expect(second).toBe(first);
    expect(first.holds(serial)).toBe(false);
    expect(second.holds(second.serial)).toBe(true);
    expect(second.view()).toMatchObject({ executionId: '2', alias: 'def', status: 201, bodyKind: 'empty', outcome: 'pending' });
  });

  it('lets go of what a dropped record kept: until it is reused, reading it throws ERR_INVALID_STATE', () => {
    const journal = new Journal({ limit: 5 });
    const first = record(journal, '1');
    journal.clear();
    expect(first.kept).toBe(false);
    expect(() => first.view()).toThrow(expect.objectContaining({ code: 'ERR_INVALID_STATE' }));
  });

  it('writes records into the same few slabs while it drops as many as it keeps', () => {
    const journal = new Journal({ limit: 50 });
    const body = 'b'.repeat(100_000);
    const views = [];
    for (let i = 0; i < 1_000; i += 1) {
      record(journal, String(i), 'abc', 200, { body });
      if (i % 97 === 0) views.push(journal.records().map((r) => r.view().body));
    }
    expect(views.flat().every((kept) => kept === body)).toBe(true);
    expect(ids(journal.records())).toEqual(Array.from({ length: 50 }, (_, i) => String(950 + i)));
  });

  it('filters by alias and status, and keeps only the most recent matches when asked for the last few', () => {
    const journal = new Journal({ limit: 10 });
    record(journal, '1', 'a', 200);
    record(journal, '2', 'b', 200);
    record(journal, '3', 'a', 500);
    record(journal, '4', 'a', 200);
    expect(ids(journal.records({ alias: 'a' }))).toEqual(['1', '3', '4']);
    expect(ids(journal.records({ alias: 'a', status: 200 }))).toEqual(['1', '4']);
    expect(ids(journal.records({ alias: 'a' }, 2))).toEqual(['3', '4']);
  });

  it('empties itself and restarts the dropped count', () => {
    const journal = new Journal({ limit: 1 });
    record(journal, '1');
    record(journal, '2');
    journal.clear();
    expect(journal.records()).toEqual([]);
    expect(journal.dropped).toBe(0);
    expect(journal.bytes).toBe(0);
    record(journal, '3');
    expect(ids(journal.records())).toEqual(['3']);
  });

  it('answers a wait at once when enough matching records exist', async () => {
    const journal = new Journal({ limit: 5 });
    record(journal, '1');
    const result = await journal.wait({ alias: 'abc' }, 1, 10_000);
    expect(result.met).toBe(true);
    expect(ids(result.records)).toEqual(['1']);
  });

  it('answers a wait as soon as the count is reached, including records whose status arrives later', async () => {
    const journal = new Journal({ limit: 5 });
    const waiting = journal.wait({ status: 201 }, 2, 10_000);
    const first = record(journal, '1', 'abc', null);
    record(journal, '2', 'abc', 201);
    first.status = 201;
    journal.changed(first);
    const result = await waiting;
    expect(result.met).toBe(true);
    expect(ids(result.records)).toEqual(['1', '2']);
  });

  it('gives up when the time runs out, with what did match', async () => {
    const journal = new Journal({ limit: 5 });
    record(journal, '1', 'abc');
    record(journal, '2', 'other');
    const result = await journal.wait({ alias: 'abc' }, 2, 20);
    expect(result.met).toBe(false);
    expect(ids(result.records)).toEqual(['1']);
  });

  it('ends open waits, unmet, when asked to', async () => {
    const journal = new Journal({ limit: 5 });
    const waiting = journal.wait({}, 1, 60_000);
    journal.endWaits();
    expect(await waiting).toEqual({ met: false, records: [] });
  });
});
