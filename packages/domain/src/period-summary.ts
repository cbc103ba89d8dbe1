/**
 * An organisation's rows summarised by the columns of a director's heatmap
 * (weeks or months): for each column, the rows whose period overlaps it, as
 * a summary asked for just that column would count them, with its profile
 * rows left out (see profile.ts: they are shown beside the organisation).
 */
import type { ComplianceRow, ComplianceStatus } from './compliance.js';
import { COMPLIANCE_STATUSES, statusSeverity } from './compliance.js';
import type { LocalDate } from './local-date.js';
import type { PeriodKind } from './period.js';
import { isProfileRow } from './profile.js';
import type { StatusCounts } from './rollup.js';
import { emptyStatusCounts, isJudgedStatus } from './rollup.js';

/** The columns a director's view is laid out in: weeks or months. */
export const SUMMARY_GRANULARITIES = ['week', 'month'] as const satisfies readonly PeriodKind[];
export type SummaryGranularity = (typeof SUMMARY_GRANULARITIES)[number];

/** A norm (on a channel, for a per-channel norm) that falls short in a column, with its worst status there. */
export interface Shortfall {
  norm: string;
  channel: string | null;
  /** `missed`, `at_risk` or `gap`: a past shortfall, a current one, or a future period short of plan. */
  status: ComplianceStatus;
}

/** One column of one organisation. */
export interface PeriodSummary {
  counts: StatusCounts;
  /** The worst status among the column's rows; null when it has none. */
  worst: ComplianceStatus | null;
  /** The norms short in the column, worst first, then in the order of the rows. */
  shortfalls: Shortfall[];
}

const GAP = statusSeverity('gap');

/**
 * Each column's summary of the rows whose period overlaps it (a monthly row
 * counts in every week it overlaps, as it does in a summary asked for that
 * week). `columns`: in order, not overlapping (as `periodsOverlapping` gives
 * them). Profile rows are left out.
 *
 * @example
 * summariseByPeriod([{ norm: 'posts', channel: 'vk', periodStart: '2026-11-16', periodEnd: '2026-11-22', status: 'missed', … }],
 *   [{ start: '2026-11-09', end: '2026-11-15' }, { start: '2026-11-16', end: '2026-11-22' }])
 * // [{ counts: {…0}, worst: null, shortfalls: [] }, { counts: { missed: 1, … }, worst: 'missed', shortfalls: [{ norm: 'posts', channel: 'vk', status: 'missed' }] }]
 */
export function summariseByPeriod(rows: Iterable<ComplianceRow>, columns: readonly { start: LocalDate; end: LocalDate }[]): PeriodSummary[] {
  const summaries = columns.map((): PeriodSummary => ({ counts: emptyStatusCounts(), worst: null, shortfalls: [] }));
  for (const row of rows) {
    if (isProfileRow(row)) continue;
    // The first column ending on or after the row's start, by bisection.
    let low = 0;
    let high = columns.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((columns[mid] as { end: LocalDate }).end < (row.periodStart as LocalDate)) low = mid + 1;
      else high = mid;
    }
    for (let at = low; at < columns.length && (columns[at] as { start: LocalDate }).start <= (row.periodEnd as LocalDate); at++) {
      add(summaries[at] as PeriodSummary, row);
    }
  }
  for (const summary of summaries) summary.shortfalls.sort((a, b) => statusSeverity(a.status) - statusSeverity(b.status));
  return summaries;
}

function add(summary: PeriodSummary, row: ComplianceRow): void {
  summary.counts[row.status]++;
  const severity = statusSeverity(row.status);
  if (summary.worst === null || severity < statusSeverity(summary.worst)) summary.worst = row.status;
  if (severity > GAP) return;
  // A norm short twice in one column (a month's row in a week across two months) is named once, at its worst.
  const same = summary.shortfalls.find((s) => s.norm === row.norm && s.channel === row.channel);
  if (same === undefined) summary.shortfalls.push({ norm: row.norm, channel: row.channel, status: row.status });
  else if (severity < statusSeverity(same.status)) same.status = row.status;
}

/**
 * The share of judged rows that are met (`met` over all but `exempt` and
 * `not_applicable`): the trend of a director's view. Null when nothing is judged.
 *
 * @example metShare({ met: 3, missed: 1, on_track: 0, at_risk: 0, planned: 0, gap: 0, exempt: 2, not_applicable: 0 }) // 0.75
 */
export function metShare(counts: StatusCounts): number | null {
  const judged = COMPLIANCE_STATUSES.reduce((sum, status) => (isJudgedStatus(status) ? sum + counts[status] : sum), 0);
  return judged === 0 ? null : counts.met / judged;
}
