/**
 * The bounded journal of executions: a ring buffer that drops the oldest record when it holds `limit`
 * records or when the next one would take it past `maxBytes`, and counts what it dropped, so a long
 * demo or a load test cannot exhaust memory. What each record captured lives in the journal's slabs, at
 * most `bodyBytes` of each body, and the record objects of dropped executions are reused for new ones:
 * once full, the journal allocates nothing per invocation that outlives it, and its memory stays flat.
 * Waits are answered as soon as enough matching records exist; when nobody waits, recording costs one
 * array store.
 */
import { ExecutionRecord, type ArrivedRequest, type ExecutionFilter } from './execution.js';
import { SlabStore } from './slab-store.js';

/** Executions kept unless configured otherwise. */
export const DEFAULT_JOURNAL_LIMIT = 10_000;
/** Bytes the journal keeps unless configured otherwise: bodies, paths, queries, headers and a fixed cost per execution. */
export const DEFAULT_JOURNAL_MAX_BYTES = 67_108_864; // 64 MiB
/** Bytes of one body the journal keeps unless configured otherwise; a longer body is kept cut and marked truncated. */
export const DEFAULT_JOURNAL_BODY_BYTES = 262_144; // 256 KiB

/** Room in a slab for a request's head (id, path, query, headers) beside its body: node:http's default header limit, 16 KiB, and more. */
const HEAD_BYTES = 65_536;

export interface JournalLimits {
  /** Executions kept. */
  readonly limit: number;
  /** Bytes kept, over all executions. */
  readonly maxBytes: number;
  /** Bytes kept of one body. */
  readonly bodyBytes: number;
}

export interface WaitResult {
  /** Whether `count` matching executions arrived before the time ran out. */
  readonly met: boolean;
  /** Every matching execution, oldest first. */
  readonly records: ExecutionRecord[];
}

interface Wait {
  readonly filter: ExecutionFilter;
  readonly count: number;
  /** Serials of the matching records seen. */
  readonly seen: Set<number>;
  finish(met: boolean): void;
}

export class Journal {
  readonly limit: number;
  readonly maxBytes: number;
  readonly bodyBytes: number;
  /** Where records keep what they captured; a record's bytes are released when it is dropped. */
  readonly #slabs: SlabStore;
  readonly #slots: (ExecutionRecord | undefined)[];
  /** Dropped records, to be reused. */
  readonly #spare: ExecutionRecord[] = [];
  /** Captures made so far: the serial of the latest. */
  #serial = 0;
  #oldest = 0;
  #size = 0;
  #bytes = 0;
  #dropped = 0;
  readonly #waits = new Set<Wait>();

  constructor(limits: Partial<JournalLimits> = {}) {
    this.limit = limits.limit ?? DEFAULT_JOURNAL_LIMIT;
    this.maxBytes = limits.maxBytes ?? DEFAULT_JOURNAL_MAX_BYTES;
    this.bodyBytes = limits.bodyBytes ?? DEFAULT_JOURNAL_BODY_BYTES;
    this.#slabs = new SlabStore(this.bodyBytes + HEAD_BYTES);
    this.#slots = new Array<ExecutionRecord | undefined>(this.limit);
  }

  /** Executions dropped to stay within the limits since the journal was last emptied. */
  get dropped(): number {
    return this.#dropped;
  }

  /** What the kept executions count against `maxBytes`. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Makes the record of `request` and keeps it, dropping the oldest records first while either limit
   * would be passed; the newest is always kept.
   */
  capture(request: ArrivedRequest): ExecutionRecord {
    if (this.#size === this.limit) this.#dropOldest();
    this.#serial += 1;
    const spare = this.#spare.pop();
    let record: ExecutionRecord;
    if (spare === undefined) {
      record = new ExecutionRecord(request, this.#slabs, this.#serial);
    } else {
      spare.reuse(request, this.#slabs, this.#serial);
      record = spare;
    }
    while (this.#size > 0 && this.#bytes + record.bytes > this.maxBytes) this.#dropOldest();
    this.#slots[(this.#oldest + this.#size) % this.limit] = record;
    this.#size += 1;
    this.#bytes += record.bytes;
    this.changed(record);
    return record;
  }

  #dropOldest(): void {
    const record = this.#slots[this.#oldest] as ExecutionRecord;
    this.#slots[this.#oldest] = undefined;
    this.#oldest = (this.#oldest + 1) % this.limit;
    this.#size -= 1;
    this.#bytes -= record.bytes;
    this.#dropped += 1;
    record.release(this.#slabs);
    this.#spare.push(record);
  }

  /** Tells waits that a record was answered (its status is now known). */
  changed(record: ExecutionRecord): void {
    if (this.#waits.size === 0 || !record.kept) return;
    for (const wait of this.#waits) {
      if (wait.seen.has(record.serial) || !record.matches(wait.filter)) continue;
      wait.seen.add(record.serial);
      if (wait.seen.size >= wait.count) wait.finish(true);
    }
  }

  /**
   * Matching records, oldest first; with `last`, only the most recent `last` of them. They are the
   * journal's own: once dropped, a record is reused for a later execution (its `serial` changes), so
   * read what is needed, such as `view()`, before more invocations arrive.
   */
  records(filter: ExecutionFilter = {}, last?: number): ExecutionRecord[] {
    const found: ExecutionRecord[] = [];
    for (let i = 0; i < this.#size; i += 1) {
      const record = this.#slots[(this.#oldest + i) % this.limit];
      if (record?.matches(filter)) found.push(record);
    }
    return last === undefined ? found : found.slice(-last);
  }

  clear(): void {
    while (this.#size > 0) this.#dropOldest();
    this.#oldest = 0;
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
        seen: new Set(existing.map((record) => record.serial)),
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
