/**
 * The roll-up: rows of many organisations summarised by organisation, by norm
 * and by status, for a director's view (a federation over its primaries, a
 * ministry over its employment centres).
 */
import type { ComplianceRow, ComplianceStatus, RowSink } from './compliance.js';
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
  /** The {@link RollUpOptions.worstRows} worst rows, see {@link worstRows}; empty unless asked for. */
  worstRows: ComplianceRow[];
}

export interface RollUpOptions {
  /** How many of each organisation's worst rows to keep (none by default). */
  worstRows?: number;
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
  // A literal, not built from COMPLIANCE_STATUSES: made for every organisation and norm of a summary. The test checks it has every status.
  return { met: 0, missed: 0, on_track: 0, at_risk: 0, planned: 0, gap: 0, exempt: 0, not_applicable: 0 };
}

const HEALTHY: ReadonlySet<ComplianceStatus> = new Set(['met', 'on_track', 'planned']);
const UNJUDGED: ReadonlySet<ComplianceStatus> = new Set(['exempt', 'not_applicable']);

/**
 * Whether a row of this status asks something of the organisation (all but
 * `exempt` and `not_applicable`): the rows a health share is taken over.
 *
 * @example isJudgedStatus('exempt') // false
 */
export function isJudgedStatus(status: ComplianceStatus): boolean {
  return !UNJUDGED.has(status);
}

const WORST_SEVERITY = statusSeverity('gap');

// Worse first: by severity, then the latest period first; null periods last.
function worseFirst(a: ComplianceRow, b: ComplianceRow): number {
  return worseThan(statusSeverity(a.status), a.periodStart, b);
}

/**
 * The `count` worst failing or open rows (`gap` or worse): by severity, then
 * the latest period first, rows of the same rank in input order.
 *
 * @example worstRows([{ status: 'met', … }, { status: 'gap', periodStart: '2026-11-02', … }, { status: 'missed', periodStart: '2026-10-05', … }], 2)
 * // [the missed row, the gap row]
 */
export function worstRows(rows: Iterable<ComplianceRow>, count: number): ComplianceRow[] {
  const kept: ComplianceRow[] = [];
  if (count <= 0) return kept;
  for (const row of rows) {
    if (statusSeverity(row.status) > WORST_SEVERITY) continue;
    // Insert after every row not worse than it (input order among equals), keep `count`.
    let at = kept.length;
    while (at > 0 && worseFirst(row, kept[at - 1]!) < 0) at--;
    if (at >= count) continue;
    kept.splice(at, 0, row);
    if (kept.length > count) kept.pop();
  }
  return kept;
}

/**
 * One organisation's part of a roll-up: its summary and its rows counted by
 * norm. A caller may keep it while the organisation's rows cannot have changed
 * and hand it to {@link combineRollUp} again, instead of judging the rows anew.
 */
export interface OrganisationContribution {
  summary: OrganisationSummary;
  /** In order of first appearance among the organisation's rows. */
  norms: readonly { norm: string; counts: StatusCounts; failing: boolean }[];
}

/**
 * Summarises one organisation's rows for {@link combineRollUp}.
 *
 * @example summariseOrganisation({ org: 'czn-1', rows: evaluate(input, options).results }, { worstRows: 3 }).summary.worst // 'missed'
 */
export function summariseOrganisation({ org, rows }: OrganisationRows, options: RollUpOptions = {}): OrganisationContribution {
  const builder = new ContributionBuilder(org, options);
  for (const row of rows) builder.row(row.norm, row.channel, row.periodStart, row.periodEnd, row.required, row.actual, row.confirmed, row.planned, row.overdue, row.status);
  return builder.contribution();
}

/**
 * An organisation's {@link OrganisationContribution} made row by row, from a row's fields rather
 * than a row: a judge can hand it every row of a summary without making an object of each, and
 * it makes one only of a row that goes among the worst ({@link worstRows}'s rule, applied as the
 * rows come). {@link summariseOrganisation} is this builder given each row in order.
 */
export class ContributionBuilder implements RowSink {
  private readonly counts = emptyStatusCounts();
  private readonly norms = new Map<string, { norm: string; counts: StatusCounts; failing: boolean }>();
  // A judge gives a norm's rows one after another: its entry is looked up once for them.
  private current: { norm: string; counts: StatusCounts; failing: boolean } | undefined;
  private readonly kept: ComplianceRow[] = [];
  private readonly keep: number;
  private overdue = 0;
  private worst: ComplianceStatus | null = null;
  private judged = 0;
  private healthy = 0;

  constructor(
    private readonly org: string,
    options: RollUpOptions = {},
  ) {
    this.keep = options.worstRows ?? 0;
  }

  /** One row, in the order the rows are judged (`confirmed` absent: not counted). */
  row(
    norm: string,
    channel: string | null,
    periodStart: string | null,
    periodEnd: string | null,
    required: number,
    actual: number,
    confirmed: number | undefined,
    planned: number,
    overdue: number,
    status: ComplianceStatus,
  ): void {
    if (isJudgedStatus(status)) this.judged++;
    if (HEALTHY.has(status)) this.healthy++;
    this.counts[status]++;
    this.overdue += overdue;
    const severity = statusSeverity(status);
    if (this.worst === null || severity < statusSeverity(this.worst)) this.worst = status;
    let byNorm = this.current?.norm === norm ? this.current : this.norms.get(norm);
    if (byNorm === undefined) {
      byNorm = { norm, counts: emptyStatusCounts(), failing: false };
      this.norms.set(norm, byNorm);
    }
    this.current = byNorm;
    byNorm.counts[status]++;
    if (status === 'missed' || status === 'at_risk') byNorm.failing = true;
    if (severity > WORST_SEVERITY || this.keep <= 0) return;
    // Insert after every kept row not better than it (input order among equals), as worstRows does.
    const kept = this.kept;
    let at = kept.length;
    while (at > 0 && worseThan(severity, periodStart, kept[at - 1]!) < 0) at--;
    if (at >= this.keep) return;
    const row: ComplianceRow = { norm, channel, periodStart, periodEnd, required, actual, ...(confirmed !== undefined && { confirmed }), planned, overdue, status };
    kept.splice(at, 0, row);
    if (kept.length > this.keep) kept.pop();
  }

  contribution(): OrganisationContribution {
    const { org, counts, judged, healthy, worst, overdue } = this;
    return {
      summary: { org, counts, judged, healthy, healthShare: judged === 0 ? null : healthy / judged, worst, overdue, worstRows: this.kept },
      norms: [...this.norms.values()],
    };
  }
}

// Worse first, of a row given by its severity and period against a row: by severity, then the
// latest period first. Periods are ISO dates, whose order is their characters' (no locale's
// collation: `localeCompare` goes through ICU for each of a summary's thousands of failing rows).
function worseThan(severity: number, periodStart: string | null, b: ComplianceRow): number {
  const theirs = b.periodStart ?? '';
  const mine = periodStart ?? '';
  return severity - statusSeverity(b.status) || (theirs < mine ? -1 : theirs > mine ? 1 : 0);
}

/**
 * Summarises many organisations' rows by organisation, norm and status. The
 * organisations may come one at a time (a generator): only their summaries
 * and worst rows are kept.
 *
 * @example
 * rollUp([{ org: 'czn-1', rows: evaluate(a, options).results }, { org: 'czn-2', rows: evaluate(b, options).results }])
 * // { organisations: [{ org: 'czn-2', worst: 'missed', healthShare: 0.5, … }, …], norms: [...], totals: { met: 3, … } }
 */
export function rollUp(byOrganisation: Iterable<OrganisationRows>, options: RollUpOptions = {}): RollUp {
  function* contributions() {
    for (const organisation of byOrganisation) yield summariseOrganisation(organisation, options);
  }
  return combineRollUp(contributions());
}

/**
 * The roll-up of organisations' contributions, as {@link rollUp} gives it for
 * their rows: `combineRollUp(orgs.map((o) => summariseOrganisation(o)))` equals
 * `rollUp(orgs)`.
 *
 * @example combineRollUp([summariseOrganisation(a), summariseOrganisation(b)]).totals.met // 3
 */
export function combineRollUp(contributions: Iterable<OrganisationContribution>): RollUp {
  const totals = emptyStatusCounts();
  const norms = new Map<string, NormSummary>();
  const organisations: OrganisationSummary[] = [];
  for (const { summary, norms: normsOf } of contributions) {
    for (const status of COMPLIANCE_STATUSES) totals[status] += summary.counts[status];
    for (const part of normsOf) {
      let norm = norms.get(part.norm);
      if (norm === undefined) {
        norm = { norm: part.norm, counts: emptyStatusCounts(), organisations: 0, failing: 0 };
        norms.set(part.norm, norm);
      }
      for (const status of COMPLIANCE_STATUSES) norm.counts[status] += part.counts[status];
      norm.organisations++;
      if (part.failing) norm.failing++;
    }
    organisations.push(summary);
  }
  organisations.sort(
    (a, b) =>
      (a.worst === null ? 99 : statusSeverity(a.worst)) - (b.worst === null ? 99 : statusSeverity(b.worst)) ||
      (a.healthShare ?? 2) - (b.healthShare ?? 2) ||
      (a.org < b.org ? -1 : a.org > b.org ? 1 : 0),
  );
  return { organisations, norms: [...norms.values()], totals };
}
