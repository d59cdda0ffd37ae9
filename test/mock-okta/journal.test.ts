import { describe, expect, it } from 'vitest';
import { ExecutionRecord } from '../../mock-okta/execution.js';
import { Journal } from '../../mock-okta/journal.js';

function record(id: string, alias = 'abc', status: number | null = 200): ExecutionRecord {
  const made = new ExecutionRecord({
    executionId: id,
    method: 'POST',
    path: `/api/flo/${alias}/invoke`,
    query: undefined,
    headers: {},
    bodyText: '',
    receivedAtMs: 0,
  });
  made.alias = alias;
  made.status = status;
  return made;
}

const ids = (records: ExecutionRecord[]): string[] => records.map((r) => r.executionId);

describe('Journal', () => {
  it('keeps records oldest first and drops the oldest beyond its limit, counting them', () => {
    const journal = new Journal(3);
    for (const id of ['1', '2', '3', '4', '5']) journal.add(record(id));
    expect(ids(journal.records())).toEqual(['3', '4', '5']);
    expect(journal.dropped).toBe(2);
  });

  it('filters by alias and status, and keeps only the most recent matches when asked for the last few', () => {
    const journal = new Journal(10);
    journal.add(record('1', 'a', 200));
    journal.add(record('2', 'b', 200));
    journal.add(record('3', 'a', 500));
    journal.add(record('4', 'a', 200));
    expect(ids(journal.records({ alias: 'a' }))).toEqual(['1', '3', '4']);
    expect(ids(journal.records({ alias: 'a', status: 200 }))).toEqual(['1', '4']);
    expect(ids(journal.records({ alias: 'a' }, 2))).toEqual(['3', '4']);
  });

  it('empties itself and restarts the dropped count', () => {
    const journal = new Journal(1);
    journal.add(record('1'));
    journal.add(record('2'));
    journal.clear();
    expect(journal.records()).toEqual([]);
    expect(journal.dropped).toBe(0);
    journal.add(record('3'));
    expect(ids(journal.records())).toEqual(['3']);
  });

  it('answers a wait at once when enough matching records exist', async () => {
    const journal = new Journal(5);
    journal.add(record('1'));
    const result = await journal.wait({ alias: 'abc' }, 1, 10_000);
    expect(result.met).toBe(true);
    expect(ids(result.records)).toEqual(['1']);
  });

  it('answers a wait as soon as the count is reached, including records whose status arrives later', async () => {
    const journal = new Journal(5);
    const waiting = journal.wait({ status: 201 }, 2, 10_000);
    const first = record('1', 'abc', null);
    journal.add(first);
    journal.add(record('2', 'abc', 201));
    first.status = 201;
    journal.changed(first);
    const result = await waiting;
    expect(result.met).toBe(true);
    expect(ids(result.records)).toEqual(['1', '2']);
  });

  it('gives up when the time runs out, with what did match', async () => {
    const journal = new Journal(5);
    journal.add(record('1', 'abc'));
    journal.add(record('2', 'other'));
    const result = await journal.wait({ alias: 'abc' }, 2, 20);
    expect(result.met).toBe(false);
    expect(ids(result.records)).toEqual(['1']);
  });

  it('ends open waits, unmet, when asked to', async () => {
    const journal = new Journal(5);
    const waiting = journal.wait({}, 1, 60_000);
    journal.endWaits();
    expect(await waiting).toEqual({ met: false, records: [] });
  });
});
