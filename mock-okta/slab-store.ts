/**
 * Where the journal keeps what it captured of each request (its id, path, query, headers and body):
 * bytes written into large slabs outside the JS heap, handed out in arrival order and reused once
 * every record in them is dropped. The journal drops the oldest record first, so slabs empty in the
 * order they filled, and a full journal cycles through the same few slabs: memory stays flat, and the
 * garbage collector neither copies nor scans what a record keeps.
 */

/** Bytes per slab unless one record may need more. */
export const DEFAULT_SLAB_BYTES = 1_048_576; // 1 MiB
/** Emptied slabs kept for reuse; any more are left to the garbage collector. */
const SPARE_SLABS = 2;

/** A block of bytes that records are written into one after another. */
export class Slab {
  readonly bytes: Buffer;
  /** Records written here and not yet released. */
  live = 0;
  /** The next free byte. */
  used = 0;

  constructor(size: number) {
    this.bytes = Buffer.allocUnsafeSlow(size);
  }
}

export class SlabStore {
  readonly slabBytes: number;
  #current: Slab | undefined;
  readonly #spare: Slab[] = [];

  /** `largestRecord`: the most bytes one record is expected to take; a slab holds at least one. */
  constructor(largestRecord: number) {
    this.slabBytes = Math.max(DEFAULT_SLAB_BYTES, largestRecord);
  }

  /**
   * A slab with `length` free bytes from `used` on. Write there, then `commit()` what was written. A
   * record larger than a slab gets a slab of its own.
   */
  reserve(length: number): Slab {
    if (length > this.slabBytes) return new Slab(length);
    const current = this.#current;
    if (current !== undefined && current.used + length <= this.slabBytes) return current;
    if (current !== undefined && current.live === 0) {
      current.used = 0;
      return current;
    }
    const next = this.#spare.pop() ?? new Slab(this.slabBytes);
    this.#current = next;
    return next;
  }

  /** Counts a record of `length` bytes written at `slab.used`. */
  commit(slab: Slab, length: number): void {
    slab.used += length;
    slab.live += 1;
  }

  /** Gives a record's bytes back; once per committed record, when the journal drops it. */
  release(slab: Slab): void {
    slab.live -= 1;
    if (slab.live > 0) return;
    slab.used = 0;
    if (slab !== this.#current && slab.bytes.length === this.slabBytes && this.#spare.length < SPARE_SLABS) this.#spare.push(slab);
  }
}
