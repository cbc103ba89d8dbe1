/**
 * Values kept between requests, each under the stamp of what it was made from, read from the
 * database by the caller each time: a value is given back only under the very stamp it was kept
 * with, so several API processes over one database never serve each other's stale results.
 * Least recently used values go first once their sizes (`sizeOf`, one each by default) pass
 * `capacity`; a value larger than the whole capacity is not kept.
 */
export class StampedMemo<T> {
  readonly #entries = new Map<string, { stamp: string; value: T; size: number }>();
  #size = 0;
  /** Values given back, and asked for in vain, since the memo was made. */
  hits = 0;
  misses = 0;

  constructor(
    readonly capacity: number,
    private readonly sizeOf: (value: T) => number = () => 1,
  ) {}

  /** The value kept under `key`, if it was made from the same `stamp`. */
  get(key: string, stamp: string): T | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.stamp !== stamp) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, stamp: string, value: T): void {
    this.#drop(key);
    const size = this.sizeOf(value);
    if (size > this.capacity) return;
    this.#entries.set(key, { stamp, value, size });
    this.#size += size;
    for (const oldest of this.#entries.keys()) {
      if (this.#size <= this.capacity) break;
      this.#drop(oldest);
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#size = 0;
  }

  /** The sizes of the values kept. */
  get size(): number {
    return this.#size;
  }

  #drop(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#size -= entry.size;
  }
}
