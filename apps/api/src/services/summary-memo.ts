import type { ComplianceSummary } from '@ritm/contracts/compliance';
import type { OrganisationContribution } from '@ritm/domain/rollup';

/**
 * Summaries, or organisations' contributions to them, kept between requests, each under the
 * stamp of what it was judged from (the organisations' norms, channels, exemptions and
 * attributes, and the fingerprints of their items). A director's dashboard asks the same
 * question again and again while only a few organisations change: those are judged anew, the
 * rest are reused. Nothing here is trusted without its stamp, which the caller reads from the
 * database each time, so several API processes over one database never serve each other's
 * stale results.
 *
 * Least recently used entries go first beyond `capacity`.
 */
export class SummaryMemo<T> {
  readonly #entries = new Map<string, { stamp: string; value: T }>();

  /** Contributions reused, and asked for in vain, since the memo was made. */
  hits = 0;
  misses = 0;

  constructor(readonly capacity: number) {}

  /** The value kept under `key`, if it was judged from the same `stamp`. */
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
    this.#entries.delete(key);
    this.#entries.set(key, { stamp, value });
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}

export interface SummaryMemos {
  /** One organisation's contribution (a few hundred bytes: counts and three worst rows). */
  organisations: SummaryMemo<OrganisationContribution>;
  /** A whole subtree's summary (about 1 KB an organisation). */
  subtrees: SummaryMemo<ComplianceSummary>;
}

const memos = new WeakMap<object, SummaryMemos>();

/** The memos of one database (a process may talk to several, as tests do). */
export function summaryMemosOf(database: object): SummaryMemos {
  let memo = memos.get(database);
  if (memo === undefined) {
    memo = { organisations: new SummaryMemo(50_000), subtrees: new SummaryMemo(16) };
    memos.set(database, memo);
  }
  return memo;
}
