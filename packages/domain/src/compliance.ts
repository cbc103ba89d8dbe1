/**
 * What the evaluator says about each norm: rows with counts and a status.
 */
import type { LocalDate } from './local-date.js';
import type { PeriodTiming } from './period.js';

export const COMPLIANCE_STATUSES = ['met', 'missed', 'on_track', 'at_risk', 'planned', 'gap', 'exempt', 'not_applicable'] as const;

/**
 * - `met`: done items reach the norm;
 * - `missed`: a past period (or a presence or quantity norm) fell short;
 * - `on_track` / `at_risk`: the current period will / will not reach it with what is planned;
 * - `planned` / `gap`: the same for a future period;
 * - `exempt`: an exemption covers the whole period;
 * - `not_applicable`: the organisation is not bound (presence and quantity rows).
 */
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

/**
 * One judgement: a frequency norm in one period (for one channel when the
 * norm is per channel), or a presence or quantity norm (no period, no channel).
 */
export interface ComplianceRow {
  norm: string;
  /** The channel id for a per-channel norm, otherwise null. */
  channel: string | null;
  /** First and last local day of the period; null for presence and quantity norms. */
  periodStart: LocalDate | null;
  periodEnd: LocalDate | null;
  required: number;
  /** Items published or held in the period (presence: groups present; quantity: the figure). */
  actual: number;
  /**
   * How many of `actual` are confirmed (by a URL or an attachment, see evidence.ts): present on
   * frequency rows when the counted items said whether they are, absent otherwise (so `ritm
   * check` prints what it printed before evidence existed).
   */
  confirmed?: number;
  /** Items planned or in progress in the period and dated today or later. */
  planned: number;
  /** Items planned or in progress in the period but dated before today: they do not count. */
  overdue: number;
  status: ComplianceStatus;
}

/**
 * What a judge (the evaluator's `judgeInto`) hands each row to: its fields, in the order of a
 * {@link ComplianceRow}, so that a summary need not make an object of each row.
 */
export interface RowSink {
  row(
    norm: string,
    channel: string | null,
    periodStart: LocalDate | null,
    periodEnd: LocalDate | null,
    required: number,
    actual: number,
    confirmed: number | undefined,
    planned: number,
    overdue: number,
    status: ComplianceStatus,
  ): void;
}

/**
 * A planned item whose date has passed, listed once for each row it would
 * have counted in: one entry per (item, norm, channel), `channel` null for an
 * across-channel norm.
 */
export interface OverdueEntry {
  item: string;
  norm: string;
  channel: string | null;
  /** The item's `at`, as given. */
  at: string;
}

/** A row as `ritm check` and the API publish it: every key but `overdue`, in this order (`confirmed` only when counted). */
export type ContractRow = Omit<ComplianceRow, 'overdue'>;

/**
 * A row with exactly the contract's keys, in the contract's order (norm,
 * channel, periodStart, periodEnd, required, actual, planned, status).
 *
 * @example JSON.stringify(contractRow(row)) // '{"norm":"posts","channel":"vk","periodStart":"2026-11-09",…,"status":"met"}'
 */
export function contractRow(row: ComplianceRow): ContractRow {
  return {
    norm: row.norm,
    channel: row.channel,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    required: row.required,
    actual: row.actual,
    ...(row.confirmed !== undefined && { confirmed: row.confirmed }),
    planned: row.planned,
    status: row.status,
  };
}

/**
 * The status of a frequency row from its counts and where its period lies
 * relative to today.
 *
 * @example frequencyStatus({ required: 2, actual: 1, planned: 1 }, 'current') // 'on_track'
 * @example frequencyStatus({ required: 2, actual: 1, planned: 0 }, 'past') // 'missed'
 * @example frequencyStatus({ required: 2, actual: 0, planned: 1 }, 'future') // 'gap'
 */
export function frequencyStatus(counts: { required: number; actual: number; planned: number }, timing: PeriodTiming): ComplianceStatus {
  if (counts.actual >= counts.required) return 'met';
  const reachable = counts.actual + counts.planned >= counts.required;
  switch (timing) {
    case 'past':
      return 'missed';
    case 'current':
      return reachable ? 'on_track' : 'at_risk';
    case 'future':
      return reachable ? 'planned' : 'gap';
  }
}

/**
 * How bad a status is, for sorting a director's view (0 is worst); `exempt`
 * and `not_applicable` come last because they ask nothing.
 *
 * @example statusSeverity('missed') < statusSeverity('at_risk') // true
 */
export function statusSeverity(status: ComplianceStatus): number {
  return SEVERITY[status];
}

const SEVERITY: Record<ComplianceStatus, number> = {
  missed: 0,
  at_risk: 1,
  gap: 2,
  on_track: 3,
  planned: 4,
  met: 5,
  exempt: 6,
  not_applicable: 7,
};

/**
 * Whether a status fails `ritm check --strict`: a past shortfall or a current
 * period that will not make it.
 *
 * @example isFailing('at_risk') // true
 * @example isFailing('gap') // false
 */
export function isFailing(status: ComplianceStatus): boolean {
  return status === 'missed' || status === 'at_risk';
}
