/**
 * The roll-up: rows of many organisations summarised by organisation, by norm
 * and by status, for a director's view (a federation over its primaries, a
 * ministry over its employment centres).
 */
import type { ComplianceRow, ComplianceStatus } from './compliance.js';
import { COMPLIANCE_STATUSES, statusSeverity } from './compliance.js';

/** One organisation's rows. */
export interface OrganisationRows {
  org: string;
  rows: readonly ComplianceRow[];
}

export type StatusCounts = Record<ComplianceStatus, number>;

export interface OrganisationSummary {
  org: string;
  counts: StatusCounts;
  /** Rows that ask something: all but `exempt` and `not_applicable`. */
  judged: number;
  /** Judged rows in good standing (`met`, `on_track`, `planned`). */
  healthy: number;
  /** healthy / judged; null when nothing is judged. */
  healthShare: number | null;
  /** The worst status among the rows; null when there are none. */
  worst: ComplianceStatus | null;
  /** Overdue items over all rows. */
  overdue: number;
}

export interface NormSummary {
  norm: string;
  counts: StatusCounts;
  /** Organisations with at least one row of the norm. */
  organisations: number;
  /** Organisations with a `missed` or `at_risk` row of the norm. */
  failing: number;
}

export interface RollUp {
  /** Worst first: by worst status, then health share, then id. */
  organisations: OrganisationSummary[];
  /** In order of first appearance. */
  norms: NormSummary[];
  totals: StatusCounts;
}

/**
 * Zero for every status.
 *
 * @example emptyStatusCounts().met // 0
 */
export function emptyStatusCounts(): StatusCounts {
  return Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

const HEALTHY: ReadonlySet<ComplianceStatus> = new Set(['met', 'on_track', 'planned']);
const UNJUDGED: ReadonlySet<ComplianceStatus> = new Set(['exempt', 'not_applicable']);

/**
 * Summarises many organisations' rows by organisation, norm and status.
 *
 * @example
 * rollUp([{ org: 'czn-1', rows: evaluate(a, options).results }, { org: 'czn-2', rows: evaluate(b, options).results }])
 * // { organisations: [{ org: 'czn-2', worst: 'missed', healthShare: 0.5, … }, …], norms: [...], totals: { met: 3, … } }
 */
export function rollUp(byOrganisation: readonly OrganisationRows[]): RollUp {
  const totals = emptyStatusCounts();
  const norms = new Map<string, NormSummary & { seen: Set<string>; failed: Set<string> }>();
  const organisations = byOrganisation.map(({ org, rows }): OrganisationSummary => {
    const counts = emptyStatusCounts();
    let overdue = 0;
    let worst: ComplianceStatus | null = null;
    for (const row of rows) {
      counts[row.status]++;
      totals[row.status]++;
      overdue += row.overdue;
      if (worst === null || statusSeverity(row.status) < statusSeverity(worst)) worst = row.status;
      let norm = norms.get(row.norm);
      if (norm === undefined) {
        norm = { norm: row.norm, counts: emptyStatusCounts(), organisations: 0, failing: 0, seen: new Set(), failed: new Set() };
        norms.set(row.norm, norm);
      }
      norm.counts[row.status]++;
      norm.seen.add(org);
      if (row.status === 'missed' || row.status === 'at_risk') norm.failed.add(org);
    }
    const judged = rows.filter((r) => !UNJUDGED.has(r.status)).length;
    const healthy = rows.filter((r) => HEALTHY.has(r.status)).length;
    return { org, counts, judged, healthy, healthShare: judged === 0 ? null : healthy / judged, worst, overdue };
  });
  organisations.sort(
    (a, b) =>
      (a.worst === null ? 99 : statusSeverity(a.worst)) - (b.worst === null ? 99 : statusSeverity(b.worst)) ||
      (a.healthShare ?? 2) - (b.healthShare ?? 2) ||
      (a.org < b.org ? -1 : a.org > b.org ? 1 : 0),
  );
  return {
    organisations,
    norms: [...norms.values()].map(({ seen, failed, ...summary }) => ({ ...summary, organisations: seen.size, failing: failed.size })),
    totals,
  };
}
