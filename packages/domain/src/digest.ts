/**
 * The weekly digest (issue 14): when each person's comes (their weekday and hour in their zone),
 * which ISO week it belongs to, and what it says — for an editor, the norms of their organisation
 * at risk now and short next period, overdue items, items given to them this week and plans
 * returned to it; for a director, the subtree at a glance. Pure: the API reads the inputs and
 * renders the result.
 */
import type { ComplianceRow } from './compliance.js';
import { addDays, datePartsOf, dayNumberFromParts, fromDayNumber, HOUR_MS, isoWeekdayOfDay, MINUTE_MS, toDayNumber } from './local-date.js';
import type { DateRange, IsoWeekday, LocalDate } from './local-date.js';
import { nextPeriod, periodOf } from './period.js';
import { isTimeZone, localDateOf, offsetMinutes } from './time-zone.js';

/** A digest whose slot passed longer ago than this (the server was down) is not sent late. */
export const DIGEST_LATE_HOURS = 24;

/**
 * The ISO 8601 week of a local date, as `digest_runs.week` stores it: the year is that of the
 * week's Thursday, so 2027-01-01 (a Friday) is in 2026-W53.
 *
 * @example isoWeekKey('2026-11-23') // '2026-W48'
 * @example isoWeekKey('2027-01-01') // '2026-W53'
 */
export function isoWeekKey(date: LocalDate): string {
  const day = toDayNumber(date);
  const thursday = day - isoWeekdayOfDay(day) + 4;
  const { year } = datePartsOf(thursday);
  const week = Math.floor((thursday - dayNumberFromParts(year, 1, 1)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The Monday and Sunday of an ISO week key (see {@link isoWeekKey}).
 *
 * @example isoWeekDays('2026-W53') // { from: '2026-12-28', to: '2027-01-03' }
 */
export function isoWeekDays(week: string): DateRange {
  const year = Number(week.slice(0, 4));
  const jan4 = dayNumberFromParts(year, 1, 4);
  const monday = jan4 - isoWeekdayOfDay(jan4) + 1 + (Number(week.slice(6)) - 1) * 7;
  return { from: fromDayNumber(monday), to: fromDayNumber(monday + 6) };
}

/**
 * The instant a local date's hour begins in a zone. An hour the clocks skip (spring forward)
 * begins when they jump, so a digest set for it still comes that day; an hour that happens twice
 * (fall back) is its first.
 *
 * @example new Date(instantOfLocalHour('2026-11-23', 9, 'Asia/Kamchatka')).toISOString() // '2026-11-22T21:00:00.000Z'
 */
export function instantOfLocalHour(date: LocalDate, hour: number, timeZone: string): number {
  const wall = toDayNumber(date) * 86_400_000 + hour * HOUR_MS;
  const wallOf = (instant: number) => instant + offsetMinutes(timeZone, instant) * MINUTE_MS;
  // The offsets a day either side: a zone changes at most once within two days.
  const candidates = [wall - offsetMinutes(timeZone, wall - 86_400_000) * MINUTE_MS, wall - offsetMinutes(timeZone, wall + 86_400_000) * MINUTE_MS];
  const exact = candidates.filter((instant) => wallOf(instant) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // In a gap: the first minute whose wall reading is at or after the hour (the jump itself).
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (wallOf(mid) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** When a person's digest comes: a weekday and an hour in a zone. */
export interface DigestSchedule {
  weekday: IsoWeekday;
  /** 0…23, local. */
  hour: number;
  timeZone: string;
}

/** A week's digest slot. */
export interface DigestSlot {
  /** The ISO week of the slot's day in the person's zone (`2026-W48`). */
  week: string;
  /** The slot's local day. */
  day: LocalDate;
  /** The instant it comes at. */
  at: number;
}

/**
 * The latest digest slot at or before `now`: this week's when it has come, else last week's.
 *
 * @example latestDigestSlot({ weekday: 1, hour: 9, timeZone: 'Europe/Kaliningrad' }, Date.parse('2026-11-23T07:00:00Z'))
 * // { week: '2026-W48', day: '2026-11-23', at: Date.parse('2026-11-23T07:00:00Z') }
 */
export function latestDigestSlot(schedule: DigestSchedule, now: number): DigestSlot {
  const today = toDayNumber(localDateOf(now, schedule.timeZone));
  const monday = today - isoWeekdayOfDay(today) + 1;
  for (const weekStart of [monday, monday - 7]) {
    const day = fromDayNumber(weekStart + schedule.weekday - 1);
    const at = instantOfLocalHour(day, schedule.hour, schedule.timeZone);
    if (at <= now) return { week: isoWeekKey(day), day, at };
  }
  // Unreachable: last week's slot is always past; kept for the type checker.
  const day = fromDayNumber(monday - 7 + schedule.weekday - 1);
  return { week: isoWeekKey(day), day, at: instantOfLocalHour(day, schedule.hour, schedule.timeZone) };
}

/**
 * The digest due at `now`, if any: the latest slot, unless it passed more than
 * {@link DIGEST_LATE_HOURS} ago (a digest missed while the server was down is caught up the same
 * day, never a day late). Whether it was already sent is the caller's (`digest_runs`).
 *
 * @example dueDigest({ weekday: 1, hour: 9, timeZone: 'Asia/Kamchatka' }, Date.parse('2026-11-22T21:05:00Z'))?.week // '2026-W48'
 * @example dueDigest({ weekday: 1, hour: 9, timeZone: 'Asia/Kamchatka' }, Date.parse('2026-11-22T20:55:00Z')) // undefined (Sunday's last hour there)
 */
export function dueDigest(schedule: DigestSchedule, now: number): DigestSlot | undefined {
  const slot = latestDigestSlot(schedule, now);
  return now - slot.at < DIGEST_LATE_HOURS * HOUR_MS ? slot : undefined;
}

/** An organisation where a person holds a role, for {@link recipientZone}. */
export interface RoleOrganisation {
  name: string;
  /** Materialised path (`/root/child/`): fewer segments, higher in the tree. */
  path: string;
  timeZone: string;
}

/**
 * The zone a person's digest keeps time in: the one they chose, else that of the organisation of
 * their topmost role (the shallowest; among equals the first by name); undefined without roles.
 *
 * @example recipientZone(null, [{ name: 'ЦЗН', path: '/r/c/', timeZone: 'Asia/Kamchatka' }, { name: 'Минтруд', path: '/r/', timeZone: 'Europe/Moscow' }]) // 'Europe/Moscow'
 */
export function recipientZone(chosen: string | null, roles: readonly RoleOrganisation[]): string | undefined {
  if (chosen !== null && isTimeZone(chosen)) return chosen;
  const depth = (path: string) => path.split('/').filter((part) => part !== '').length;
  const top = [...roles].sort((a, b) => depth(a.path) - depth(b.path) || a.name.localeCompare(b.name, 'ru') || a.path.localeCompare(b.path))[0];
  return top?.timeZone;
}

/**
 * The days a digest looks at, from an organisation's today: last week (its missed norms), this
 * week (items given to the person), and the span to judge — from last week's Monday to the end of
 * the month and quarter after today's, so that every norm's current and next period is judged
 * whole (a yearly norm's next period is not: it is months away).
 *
 * @example digestDays('2026-11-25').judged // { from: '2026-11-16', to: '2027-03-31' }
 */
export function digestDays(today: LocalDate): { lastWeek: DateRange; thisWeek: DateRange; judged: DateRange } {
  const week = periodOf(today, 'week');
  const lastWeek = { from: addDays(week.start, -7), to: addDays(week.start, -1) };
  const to = nextPeriod(periodOf(today, 'quarter')).end;
  return { lastWeek, thisWeek: { from: week.start, to: week.end }, judged: { from: lastWeek.from, to } };
}

const rowKey = (row: ComplianceRow) => `${row.norm}|${row.channel ?? ''}`;

/**
 * An editor's norm rows: those at risk in their current period, and the gaps of the period right
 * after it (per norm and channel), in the rows' order.
 *
 * @example editorRows(rows, '2026-11-25') // { atRisk: [the week's at_risk rows…], gapsNext: [next week's, next month's gap rows…] }
 */
export function editorRows(rows: readonly ComplianceRow[], today: LocalDate): { atRisk: ComplianceRow[]; gapsNext: ComplianceRow[] } {
  const nextStart = new Map<string, LocalDate>();
  for (const row of rows) {
    if (row.periodStart === null || row.periodEnd === null) continue;
    if (row.periodStart <= today && today <= row.periodEnd) nextStart.set(rowKey(row), addDays(row.periodEnd, 1));
  }
  const atRisk = rows.filter((row) => row.status === 'at_risk');
  const gapsNext = rows.filter((row) => row.status === 'gap' && row.periodStart !== null && nextStart.get(rowKey(row)) === row.periodStart);
  return { atRisk, gapsNext };
}

/** One organisation of a director's subtree, judged over {@link digestDays}' span. */
export interface JudgedForDigest {
  orgId: string;
  orgName: string;
  rows: readonly ComplianceRow[];
}

export interface DirectorTally {
  /** Organisations in the subtree (archives left out by the caller). */
  organisations: number;
  /** Organisations with a norm at risk now or missed last week, worst first (most at risk, then most missed, then by name). */
  troubled: { orgId: string; orgName: string; atRisk: number; missedLastWeek: number }[];
  /** Norms at risk now, by how many organisations (most first, then by key). */
  normsAtRisk: { norm: string; organisations: number }[];
  /** Rows at risk now, over the subtree. */
  atRisk: number;
  /** Rows whose period ended last week short. */
  missedLastWeek: number;
}

/**
 * A director's subtree at a glance: who is at risk now and who missed a norm in a period that
 * ended last week.
 *
 * @example directorTally([{ orgId: 'c1', orgName: 'ЦЗН 1', rows }], { from: '2026-11-16', to: '2026-11-22' }).troubled[0] // { orgId: 'c1', atRisk: 1, missedLastWeek: 2, … }
 */
export function directorTally(orgs: readonly JudgedForDigest[], lastWeek: DateRange): DirectorTally {
  const troubled: DirectorTally['troubled'] = [];
  const byNorm = new Map<string, Set<string>>();
  let atRisk = 0;
  let missedLastWeek = 0;
  for (const { orgId, orgName, rows } of orgs) {
    let risky = 0;
    let missed = 0;
    for (const row of rows) {
      if (row.status === 'at_risk') {
        risky++;
        let orgsOfNorm = byNorm.get(row.norm);
        if (orgsOfNorm === undefined) byNorm.set(row.norm, (orgsOfNorm = new Set()));
        orgsOfNorm.add(orgId);
      } else if (row.status === 'missed' && row.periodEnd !== null && lastWeek.from <= row.periodEnd && row.periodEnd <= lastWeek.to) missed++;
    }
    atRisk += risky;
    missedLastWeek += missed;
    if (risky > 0 || missed > 0) troubled.push({ orgId, orgName, atRisk: risky, missedLastWeek: missed });
  }
  troubled.sort((a, b) => b.atRisk - a.atRisk || b.missedLastWeek - a.missedLastWeek || a.orgName.localeCompare(b.orgName, 'ru'));
  const normsAtRisk = [...byNorm].map(([norm, ids]) => ({ norm, organisations: ids.size }));
  normsAtRisk.sort((a, b) => b.organisations - a.organisations || a.norm.localeCompare(b.norm));
  return { organisations: orgs.length, troubled, normsAtRisk, atRisk, missedLastWeek };
}

/** A norm row as the digest names it. */
export interface DigestNormRow {
  norm: string;
  title: string | null;
  channel: string | null;
  channelName: string | null;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  required: number;
  actual: number;
  planned: number;
}

export interface DigestItem {
  id: string;
  title: string;
  day: LocalDate;
}

export interface DigestPlan {
  id: string;
  orgId: string;
  orgName: string;
  title: string;
  /** A returned plan's comment and who returned it. */
  comment?: string;
  by?: string;
}

export interface DigestAdjustment {
  norm: string;
  title: string | null;
  orgId: string;
  orgName: string;
  waived: boolean;
  reason: string;
  /** When it was made (an instant). */
  at: string;
}

/** What an editor is told about one organisation where they edit. */
export interface EditorSection {
  orgId: string;
  orgName: string;
  /** The organisation's materialised path (an organisation inside a directed subtree is counted once). */
  path: string;
  /** The organisation's today and this week, in its zone. */
  today: LocalDate;
  atRisk: DigestNormRow[];
  gapsNext: DigestNormRow[];
  overdue: DigestItem[];
  assigned: DigestItem[];
  returned: DigestPlan[];
}

/** What a director is told about the subtree of one organisation where they approve. */
export interface DirectorSection extends DirectorTally {
  orgId: string;
  orgName: string;
  path: string;
  today: LocalDate;
  /** Norm titles of {@link DirectorTally.normsAtRisk}, where a norm has one. */
  normTitles: Record<string, string>;
  awaiting: DigestPlan[];
  adjustments: DigestAdjustment[];
}

/** One person's digest for one week. */
export interface Digest {
  week: string;
  editor: EditorSection[];
  director: DirectorSection[];
  /** Norm rows at risk over every section (the bell's one line). */
  atRisk: number;
  /** Overdue items over every editor section. */
  overdue: number;
  /** Nothing asks for attention: the digest says all is on track (it is still sent). */
  quiet: boolean;
}

/**
 * A person's digest from their sections: totals for the bell, and whether all is on track.
 * A director section counts its subtree's rows at risk; an organisation the person edits inside a
 * subtree they direct is counted once (the director section's count includes it).
 *
 * @example composeDigest('2026-W48', [], []).quiet // true
 */
export function composeDigest(week: string, editor: readonly EditorSection[], director: readonly DirectorSection[]): Digest {
  const directed = (path: string) => director.some((section) => path.startsWith(section.path));
  const editorAtRisk = editor.filter((section) => !directed(section.path)).reduce((sum, section) => sum + section.atRisk.length, 0);
  const atRisk = editorAtRisk + director.reduce((sum, section) => sum + section.atRisk, 0);
  const overdue = editor.reduce((sum, section) => sum + section.overdue.length, 0);
  const quiet =
    atRisk === 0 &&
    overdue === 0 &&
    editor.every((s) => s.gapsNext.length === 0 && s.assigned.length === 0 && s.returned.length === 0) &&
    director.every((s) => s.missedLastWeek === 0 && s.awaiting.length === 0 && s.troubled.length === 0);
  return { week, editor: [...editor], director: [...director], atRisk, overdue, quiet };
}
