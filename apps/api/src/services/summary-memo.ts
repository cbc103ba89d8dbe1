import type { ComplianceSummary } from '@ritm/contracts/compliance';
import type { OrganisationContribution } from '@ritm/domain/rollup';
import { StampedMemo } from './stamped-memo.js';

/**
 * Summaries, and organisations' contributions to them, kept under the stamps of what they were
 * judged from (the organisations' norms, channels, exemptions and attributes, and the
 * revisions of their items). A director's dashboard asks the same question again and again
 * while only a few organisations change: those are judged anew, the rest are reused.
 */
export interface SummaryMemos {
  /** One organisation's contribution (a few hundred bytes: counts and three worst rows). */
  organisations: StampedMemo<OrganisationContribution>;
  /** Whole subtrees' summaries, sized by their organisations (about 2 KB each with the JSON sent). */
  subtrees: StampedMemo<ComplianceSummary>;
}

const memos = new WeakMap<object, SummaryMemos>();

/** The memos of one database (a process may talk to several, as tests do). */
export function summaryMemosOf(database: object): SummaryMemos {
  let memo = memos.get(database);
  if (memo === undefined) {
    memo = { organisations: new StampedMemo(50_000), subtrees: new StampedMemo(20_000, (summary) => summary.organisations.length) };
    memos.set(database, memo);
  }
  return memo;
}
