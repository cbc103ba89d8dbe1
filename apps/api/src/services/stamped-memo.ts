/**
 * Bytes an API process may keep between requests, shared by every memo made on it: one
 * least-recently-used order over all their values, so a flood of one kind of value (a
 * director trying 20,000 summary ranges) pushes out the oldest values of any kind, and the
 * process never holds more than `capacity` bytes of them whatever the mix.
 */
export class CacheBudget {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  #memos = 0;

  /** @param capacity bytes, as the memos measure their values (see {@link StampedMemo}). */
  constructor(readonly capacity: number) {}

  /** The bytes of the values kept, by every memo of this budget. */
  get bytes(): number {
    return this.#bytes;
  }

  /** @internal a prefix no other memo of this budget uses, so that keys never meet. */
  nextPrefix(): string {
    return `${this.#memos++}\u0000`;
  }

  /** @internal */
  read(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    // Used now: to the end of the order, last to go.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  /** @internal */
  write(key: string, entry: Entry): void {
    this.drop(key);
    if (entry.size > this.capacity) return;
    this.#entries.set(key, entry);
    this.#bytes += entry.size;
    entry.owner.bytes += entry.size;
    for (const oldest of this.#entries.keys()) {
      if (this.#bytes <= this.capacity) break;
      this.drop(oldest);
    }
  }

  /** @internal */
  drop(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.size;
    entry.owner.bytes -= entry.size;
  }

  /** @internal the keys of one memo's values. */
  keysOf(owner: StampedMemo<unknown>): string[] {
    return [...this.#entries].filter(([, entry]) => entry.owner === owner).map(([key]) => key);
  }
}

interface Entry {
  stamp: string;
  value: unknown;
  size: number;
  owner: StampedMemo<unknown>;
}

/**
 * Values kept between requests, each under the stamp of what it was made from, read from the
 * database by the caller each time: a value is given back only under the very stamp it was kept
 * with, so several API processes over one database never serve each other's stale results.
 *
 * A value's size is `sizeOf(value)` (bytes: a body's length, or the length of a value's JSON,
 * cheap and close enough) plus the lengths of its key and stamp, which it keeps too (a subtree's
 * stamp names thousands of revisions). It takes from the {@link CacheBudget} given, or from a
 * budget of its own when given a number of bytes; a value larger than the whole budget is not kept.
 */
export class StampedMemo<T> {
  readonly #budget: CacheBudget;
  readonly #prefix: string;
  /** Values given back, and asked for in vain, since the memo was made. */
  hits = 0;
  misses = 0;
  /** The bytes of this memo's values. */
  bytes = 0;

  constructor(
    budget: CacheBudget | number,
    private readonly sizeOf: (value: T) => number,
  ) {
    this.#budget = typeof budget === 'number' ? new CacheBudget(budget) : budget;
    this.#prefix = this.#budget.nextPrefix();
  }

  /** The value kept under `key`, if it was made from the same `stamp`. */
  get(key: string, stamp: string): T | undefined {
    const entry = this.#budget.read(this.#prefix + key);
    if (entry === undefined || entry.stamp !== stamp) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return entry.value as T;
  }

  set(key: string, stamp: string, value: T): void {
    const size = this.sizeOf(value) + key.length + stamp.length;
    this.#budget.write(this.#prefix + key, { stamp, value, size, owner: this as StampedMemo<unknown> });
  }

  clear(): void {
    for (const key of this.#budget.keysOf(this as StampedMemo<unknown>)) this.#budget.drop(key);
  }
}

/** The size {@link StampedMemo} counts for a value made of JSON: the length of its text. */
export const jsonLength = (value: unknown): number => JSON.stringify(value).length;
