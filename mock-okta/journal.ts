/**
 * The bounded journal of executions: a ring buffer that drops the oldest record when full and counts
 * what it dropped, so a long demo or a load test cannot exhaust memory. Waits are answered as soon as
 * enough matching records exist; when nobody waits, recording costs one array store.
 */
import type { ExecutionFilter, ExecutionRecord } from './execution.js';

/** Executions kept unless configured otherwise. */
export const DEFAULT_JOURNAL_LIMIT = 10_000;

export interface WaitResult {
  /** Whether `count` matching executions arrived before the time ran out. */
  readonly met: boolean;
  /** Every matching execution, oldest first. */
  readonly records: ExecutionRecord[];
}

interface Wait {
  readonly filter: ExecutionFilter;
  readonly count: number;
  readonly seen: Set<ExecutionRecord>;
  finish(met: boolean): void;
}

export class Journal {
  readonly limit: number;
  readonly #slots: (ExecutionRecord | undefined)[];
  #oldest = 0;
  #size = 0;
  #dropped = 0;
  readonly #waits = new Set<Wait>();

  constructor(limit: number = DEFAULT_JOURNAL_LIMIT) {
    this.limit = limit;
    this.#slots = new Array<ExecutionRecord | undefined>(limit);
  }

  /** Executions dropped to stay within the limit since the journal was last emptied. */
  get dropped(): number {
    return this.#dropped;
  }

  add(record: ExecutionRecord): void {
    if (this.#size === this.limit) {
      this.#slots[this.#oldest] = record;
      this.#oldest = (this.#oldest + 1) % this.limit;
      this.#dropped += 1;
    } else {
      this.#slots[(this.#oldest + this.#size) % this.limit] = record;
      this.#size += 1;
    }
    this.changed(record);
  }

  /** Tells waits that a record was answered (its status is now known). */
  changed(record: ExecutionRecord): void {
    if (this.#waits.size === 0) return;
    for (const wait of this.#waits) {
      if (wait.seen.has(record) || !record.matches(wait.filter)) continue;
      wait.seen.add(record);
      if (wait.seen.size >= wait.count) wait.finish(true);
    }
  }

  /** Matching records, oldest first; with `last`, only the most recent `last` of them. */
  records(filter: ExecutionFilter = {}, last?: number): ExecutionRecord[] {
    const found: ExecutionRecord[] = [];
    for (let i = 0; i < this.#size; i += 1) {
      const record = this.#slots[(this.#oldest + i) % this.limit];
      if (record?.matches(filter)) found.push(record);
    }
    return last === undefined ? found : found.slice(-last);
  }

  clear(): void {
    this.#slots.fill(undefined);
    this.#oldest = 0;
    this.#size = 0;
    this.#dropped = 0;
    for (const wait of this.#waits) wait.seen.clear();
  }

  /** Resolves once `count` records match `filter` (counting those already kept), or after `timeoutMs`. */
  wait(filter: ExecutionFilter, count: number, timeoutMs: number): Promise<WaitResult> {
    const existing = this.records(filter);
    if (existing.length >= count) return Promise.resolve({ met: true, records: existing });
    return new Promise((resolve) => {
      const wait: Wait = {
        filter,
        count,
        seen: new Set(existing),
        finish: (met) => {
          clearTimeout(timer);
          this.#waits.delete(wait);
          resolve({ met, records: this.records(filter) });
        },
      };
      const timer = setTimeout(() => wait.finish(false), timeoutMs);
      this.#waits.add(wait);
    });
  }

  /** Ends every wait now, as if its time had run out (the server is closing). */
  endWaits(): void {
    for (const wait of this.#waits) wait.finish(false);
  }
}
