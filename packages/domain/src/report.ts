/**
 * The shape of the reports (issue 12): the compliance report's lines, totals and share series,
 * and the union's annual review of information work (Sudprof concept, section X). Pure: the API
 * judges (services/compliance.ts), these functions lay the judgement out, and the XLSX and PDF
 * writers only draw what they get. Totals and series are folded one organisation at a time, so
 * a report of thousands of organisations never holds all their lines at once.
 */
import type { ComplianceRow, ComplianceStatus } from './compliance.js';
import type { Exemption } from './exemption.js';
import type { DateRange, LocalDate } from './local-date.js';
import { toDayNumber } from './local-date.js';
import { KNOWN_FIGURES } from './organisation.js';
import { periodOf, periodsOverlapping, type PeriodKind } from './period.js';
import { emptyStatusCounts, type StatusCounts } from './rollup.js';

/**
 * The longest period a report covers: a year (a leap year's 366 days). A quarter is the usual
 * ministry report, a year the union's review; a longer range is refused (400, naming `query.to`).
 */
export const MAX_REPORT_RANGE_DAYS = 366;

/** Rows the share of norms met is taken over: every judged row (exempt and not-bound rows are left out). */
const UNJUDGED: ReadonlySet<ComplianceStatus> = new Set(['exempt', 'not_applicable']);

/** A norm waived or adjusted where it binds an organisation (issue 11), as a report prints it. */
export interface ReportAdjustment {
  norm: string;
  /** The norm's title as it is in force there, if it has one. */
  title: string | null;
  /** Where it was made (this organisation or one above). */
  orgName: string;
  /** Who made it; null once their account is deleted. */
  by: string | null;
  /** When, as an instant. */
  at: string;
  reason: string;
  waived: boolean;
}

/** An organisation of the report and where it sits below the report's root. */
export interface ReportOrganisation {
  id: string;
  name: string;
  /** 0 for the root, 1 for its children… */
  level: number;
}

/** One line of the compliance report: one judged row of one organisation. */
export interface ReportLine {
  org: ReportOrganisation;
  norm: string;
  /** The norm's title where it is in force, else null (the key is shown). */
  normTitle: string | null;
  /** The channel's name for a per-channel row, else null. */
  channel: string | null;
  periodStart: LocalDate | null;
  periodEnd: LocalDate | null;
  status: ComplianceStatus;
  required: number;
  actual: number;
  /** How many of `actual` are confirmed by a link or an attachment; null where not counted. */
  confirmed: number | null;
  planned: number;
  /** Planned items dated before today that did not happen. */
  overdue: number;
  /** Reasons of the exemptions that reach into the row's period (joined by «; »), else null. */
  exemption: string | null;
  /** The adjustment of the norm in force here, if any. */
  adjustment: ReportAdjustment | null;
}

/** What one organisation's part of the report is made from. */
export interface ReportInput {
  org: ReportOrganisation;
  rows: readonly ComplianceRow[];
  exemptions: readonly Exemption[];
  adjustments: readonly ReportAdjustment[];
  /** Norm key → title, where the norm has one. */
  normTitles: ReadonlyMap<string, string>;
  /** Channel id → name. */
  channelNames: ReadonlyMap<string, string>;
}

/**
 * Whether an exemption reaches into a row: same norm, its channel (or none), and days in common
 * with the row's period (presence and quantity rows have no period: any exemption of the norm).
 */
function touches(exemption: Exemption, row: ComplianceRow): boolean {
  if (exemption.norm !== row.norm) return false;
  if (exemption.channel !== undefined && exemption.channel !== row.channel) return false;
  if (row.periodStart === null || row.periodEnd === null) return true;
  return exemption.from <= row.periodEnd && exemption.to >= row.periodStart;
}

/**
 * An organisation's lines: each judged row with its norm's title, the channel's name, the
 * reasons of the exemptions in its period and the adjustment of its norm, in the judge's order.
 *
 * @example reportLines({ org, rows: [row], exemptions: [], adjustments: [], normTitles: new Map(), channelNames: new Map() })[0].status // 'met'
 */
export function reportLines(input: ReportInput): ReportLine[] {
  const adjustmentOf = new Map(input.adjustments.map((a) => [a.norm, a]));
  return input.rows.map((row) => {
    const reasons = [...new Set(input.exemptions.filter((e) => touches(e, row)).map((e) => e.reason))];
    return {
      org: input.org,
      norm: row.norm,
      normTitle: input.normTitles.get(row.norm) ?? null,
      channel: row.channel === null ? null : (input.channelNames.get(row.channel) ?? row.channel),
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      status: row.status,
      required: row.required,
      actual: row.actual,
      confirmed: row.confirmed ?? null,
      planned: row.planned,
      overdue: row.overdue,
      exemption: reasons.length > 0 ? reasons.join('; ') : null,
      adjustment: adjustmentOf.get(row.norm) ?? null,
    };
  });
}

/** The report's totals: organisations, rows by status, the share met, overdue items. */
export interface ReportTotals {
  organisations: number;
  counts: StatusCounts;
  /** Rows judged: every row but exempt and not-bound ones. */
  judged: number;
  met: number;
  /** met / judged; null when nothing is judged. */
  metShare: number | null;
  /** Overdue planned items, summed over rows (an item late for two norms counts twice). */
  overdue: number;
  /** Rows an exemption reaches into. */
  exempted: number;
  /** Organisations with a waived or adjusted norm. */
  adjusted: number;
}

export function emptyReportTotals(): ReportTotals {
  return { organisations: 0, counts: emptyStatusCounts(), judged: 0, met: 0, metShare: null, overdue: 0, exempted: 0, adjusted: 0 };
}

/**
 * The totals with one more organisation's lines folded in (a new object; `totals` is left as it was).
 *
 * @example addToTotals(emptyReportTotals(), lines, 0).organisations // 1
 */
export function addToTotals(totals: ReportTotals, lines: readonly ReportLine[], adjustments: number): ReportTotals {
  const counts = { ...totals.counts };
  let { judged, met, overdue, exempted } = totals;
  for (const line of lines) {
    counts[line.status]++;
    if (!UNJUDGED.has(line.status)) judged++;
    if (line.status === 'met') met++;
    overdue += line.overdue;
    if (line.exemption !== null) exempted++;
  }
  return {
    organisations: totals.organisations + 1,
    counts,
    judged,
    met,
    metShare: judged === 0 ? null : met / judged,
    overdue,
    exempted,
    adjusted: totals.adjusted + (adjustments > 0 ? 1 : 0),
  };
}

/** One bar of the chart: a week or a month, the rows whose period ends in it, and the share met. */
export interface SharePoint {
  start: LocalDate;
  end: LocalDate;
  judged: number;
  met: number;
  /** met / judged; null when no row of the bucket is judged. */
  share: number | null;
}

/**
 * The chart's step for a range: weeks for up to a quarter (at most 14 bars), months beyond
 * (at most 13 for a year), so that the chart stays readable on one A4 page.
 *
 * @example seriesStep({ from: '2026-10-01', to: '2026-12-31' }) // 'week'
 */
export function seriesStep(range: DateRange): Extract<PeriodKind, 'week' | 'month'> {
  return toDayNumber(range.to) - toDayNumber(range.from) + 1 <= 92 ? 'week' : 'month';
}

/** The chart's data: its step and one point for each week or month of the range. */
export interface ShareSeries {
  step: Extract<PeriodKind, 'week' | 'month'>;
  points: SharePoint[];
}

/** The empty series of a range: one point for each week or month it touches. */
export function emptyShareSeries(range: DateRange, step = seriesStep(range)): ShareSeries {
  return { step, points: periodsOverlapping(range, step).map((p) => ({ start: p.start, end: p.end, judged: 0, met: 0, share: null })) };
}

/**
 * The series with lines folded in, in place (it is the report's accumulator): each judged
 * periodic row counts in the week or month its period ends in, if that lies in the series; rows
 * without a period (presence, quantity) are in the totals, not the chart.
 */
export function addToSeries(series: ShareSeries, lines: readonly ReportLine[]): void {
  const first = series.points[0];
  if (first === undefined) return;
  const origin = toDayNumber(first.start);
  for (const line of lines) {
    if (line.periodEnd === null || UNJUDGED.has(line.status)) continue;
    const start = periodOf(line.periodEnd, series.step).start;
    // Weeks are seven days apart; months are found by their start (at most 13 to look through).
    const index = series.step === 'week' ? (toDayNumber(start) - origin) / 7 : series.points.findIndex((p) => p.start === start);
    const point = series.points[index];
    if (point === undefined) continue;
    point.judged++;
    if (line.status === 'met') point.met++;
    point.share = point.met / point.judged;
  }
}

/** The annual review's figures of one organisation (Sudprof concept, section X). */
export interface AnnualReviewInput {
  org: ReportOrganisation & { kind: string; members: number | null; figures: Readonly<Record<string, number>> };
  /** People with a role for information work at the organisation (editors and directors); null when roles are not kept. */
  informationWorkers: number | null;
  /** Items published or held in the year, and the sums of their reactions (null sums: no item has the figure). */
  publications: { count: number; views: number | null; likes: number | null; reposts: number | null; comments: number | null };
  /** Active channels by type. */
  channels: readonly { type: string; name: string }[];
  /** The organisation's compliance rows over the year. */
  rows: readonly ComplianceRow[];
}

/** One line of the annual review. Null: Ritm holds no figure («нет данных»). */
export interface AnnualReviewLine {
  org: ReportOrganisation;
  kind: string;
  members: number | null;
  informationWorkers: number | null;
  /** Share of the budget for information work, percent (figure `info_budget_percent`). */
  budgetPercent: number | null;
  /** Whether the budget share reaches the concept's 5%; null without the figure. */
  budgetMeets5: boolean | null;
  publications: number;
  views: number | null;
  likes: number | null;
  reposts: number | null;
  comments: number | null;
  /** Reactions (likes, reposts, comments) summed; null when none is known. */
  engagement: number | null;
  channels: number;
  /** Channel types, each with its count («vk ×2, telegram»). */
  channelTypes: string;
  /** Channels' audience: not kept by Ritm, always null. */
  audience: null;
  /** Copies of «Солидарность» subscribed (figure `solidarnost_copies`). */
  solidarnostCopies: number | null;
  /** Copies the concept asks for: one per 100 members, at least one; null without the membership. */
  solidarnostRequired: number | null;
  /** Share of judged rows met over the year. */
  normsKeptShare: number | null;
  normsJudged: number;
  normsMet: number;
}

/**
 * Copies of «Солидарность» the concept asks for (VII.3): one per hundred members, at least one.
 *
 * @example solidarnostRequired(250) // 3
 * @example solidarnostRequired(40) // 1
 */
export function solidarnostRequired(members: number): number {
  return Math.max(1, Math.ceil(members / 100));
}

const sumOrNull = (...values: (number | null)[]): number | null =>
  values.every((v) => v === null) ? null : values.reduce<number>((sum, v) => sum + (v ?? 0), 0);

/**
 * The annual review's line of one organisation.
 *
 * @example annualReviewLine(input).normsKeptShare // 0.75
 */
export function annualReviewLine(input: AnnualReviewInput): AnnualReviewLine {
  const { org, publications } = input;
  const budget = org.figures[KNOWN_FIGURES.infoBudgetPercent] ?? null;
  const copies = org.figures[KNOWN_FIGURES.solidarnostCopies] ?? null;
  let judged = 0;
  let met = 0;
  for (const row of input.rows) {
    if (UNJUDGED.has(row.status)) continue;
    judged++;
    if (row.status === 'met') met++;
  }
  const types = new Map<string, number>();
  for (const channel of input.channels) types.set(channel.type, (types.get(channel.type) ?? 0) + 1);
  return {
    org: { id: org.id, name: org.name, level: org.level },
    kind: org.kind,
    members: org.members,
    informationWorkers: input.informationWorkers,
    budgetPercent: budget,
    budgetMeets5: budget === null ? null : budget >= 5,
    publications: publications.count,
    views: publications.views,
    likes: publications.likes,
    reposts: publications.reposts,
    comments: publications.comments,
    engagement: sumOrNull(publications.likes, publications.reposts, publications.comments),
    channels: input.channels.length,
    channelTypes: [...types].map(([type, n]) => (n > 1 ? `${type} ×${n}` : type)).join(', '),
    audience: null,
    solidarnostCopies: copies,
    solidarnostRequired: org.members === null ? null : solidarnostRequired(org.members),
    normsKeptShare: judged === 0 ? null : met / judged,
    normsJudged: judged,
    normsMet: met,
  };
}

/** The year as a range of dates: 1 January to 31 December. */
export function yearRange(year: number): DateRange {
  return { from: `${String(year).padStart(4, '0')}-01-01`, to: `${String(year).padStart(4, '0')}-12-31` };
}
