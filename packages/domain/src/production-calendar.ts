/**
 * Russia's production calendar (производственный календарь): the public holidays of the Labour
 * Code (art. 112), the days off the Government moves each year by decree, and the pre-holiday
 * days shortened by an hour (art. 95), shipped for the years around today. A deployment stores
 * these entries (and a region's own holidays) and turns them into the {@link WorkingCalendar}
 * the rest of the domain takes.
 */
import { isoWeekday, toDayNumber } from './local-date.js';
import type { DateRange, LocalDate } from './local-date.js';
import { workingDays, type WorkingCalendar } from './working-days.js';

/**
 * What an entry says of its day:
 * - `holiday`: a non-working day that would otherwise be working or is a public holiday itself
 *   (1–8 January, 23 February, …, and the days off moved there by decree or by art. 112 part 2);
 * - `working_weekend`: a Saturday or Sunday worked instead of a moved day off;
 * - `short_day`: a working day one hour shorter because a public holiday follows (art. 95).
 */
export const PRODUCTION_DAY_KINDS = ['holiday', 'working_weekend', 'short_day'] as const;

/** What an entry says of its day (see {@link PRODUCTION_DAY_KINDS}). */
export type ProductionDayKind = (typeof PRODUCTION_DAY_KINDS)[number];

/** One day of the production calendar with the reason it is special. */
export interface ProductionDay {
  day: LocalDate;
  kind: ProductionDayKind;
  /** In Russian, as the official calendar names it («День защитника Отечества»). */
  name: string;
  /** The statute or decree that makes it so, with its number and date. */
  source: string;
}

/** One shipped year: its entries and the decree that moved its days off (null: not yet issued). */
export interface ProductionYear {
  year: number;
  decree: string | null;
  days: readonly ProductionDay[];
}

/** The statutes the shipped entries cite. */
export const LABOUR_CODE_HOLIDAYS = 'Трудовой кодекс РФ, ст. 112 ч. 1';
export const LABOUR_CODE_MOVED = 'Трудовой кодекс РФ, ст. 112 ч. 2 (выходной, совпавший с праздником, переносится на следующий рабочий день)';
export const LABOUR_CODE_SHORT = 'Трудовой кодекс РФ, ст. 95 ч. 1 (предпраздничный день короче на час)';

// Art. 112 part 1: the non-working public holidays, month-day and name.
const PUBLIC_HOLIDAYS: ReadonlyArray<readonly [string, string]> = [
  ['01-01', 'Новогодние каникулы'],
  ['01-02', 'Новогодние каникулы'],
  ['01-03', 'Новогодние каникулы'],
  ['01-04', 'Новогодние каникулы'],
  ['01-05', 'Новогодние каникулы'],
  ['01-06', 'Новогодние каникулы'],
  ['01-07', 'Рождество Христово'],
  ['01-08', 'Новогодние каникулы'],
  ['02-23', 'День защитника Отечества'],
  ['03-08', 'Международный женский день'],
  ['05-01', 'Праздник Весны и Труда'],
  ['05-09', 'День Победы'],
  ['06-12', 'День России'],
  ['11-04', 'День народного единства'],
];

const SHORT_DAY = 'Предпраздничный день (на час короче)';

function holidaysOf(year: number): ProductionDay[] {
  return PUBLIC_HOLIDAYS.map(([monthDay, name]) => ({ day: `${year}-${monthDay}`, kind: 'holiday', name, source: LABOUR_CODE_HOLIDAYS }));
}

const ddmm = (day: LocalDate): string => `${day.slice(8, 10)}.${day.slice(5, 7)}`;

/** A day off moved by decree (or by art. 112 part 2) from `from` to `to`, and the weekend worked for it when `from` is one. */
function moved(from: LocalDate, to: LocalDate, source: string, working = false): ProductionDay[] {
  const off: ProductionDay = { day: to, kind: 'holiday', name: `Выходной день (перенесён с ${ddmm(from)})`, source };
  return working ? [{ day: from, kind: 'working_weekend', name: `Рабочий день (выходной перенесён на ${ddmm(to)})`, source }, off] : [off];
}

const short = (...days: LocalDate[]): ProductionDay[] => days.map((day) => ({ day, kind: 'short_day', name: SHORT_DAY, source: LABOUR_CODE_SHORT }));

const DECREE_2024 = 'Постановление Правительства РФ от 10.08.2023 № 2240';
const DECREE_2025 = 'Постановление Правительства РФ от 04.10.2024 № 1335';
const DECREE_2026 = 'Постановление Правительства РФ от 24.09.2025 № 1466';

const byDay = (a: ProductionDay, b: ProductionDay) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0);

// One entry a day: a worked Saturday before a holiday is both worked and shortened, so it is
// kept as the short day (a short day on a weekend is a worked one: see workingCalendarOf).
function yearOf(days: ProductionDay[]): ProductionDay[] {
  const one = new Map<LocalDate, ProductionDay>();
  for (const entry of days) {
    const before = one.get(entry.day);
    const both = before?.kind === 'working_weekend' && entry.kind === 'short_day';
    one.set(entry.day, both ? { ...entry, name: `${before.name}; ${entry.name.toLowerCase()}`, source: `${before.source}; ${entry.source}` } : entry);
  }
  return [...one.values()].sort(byDay);
}

/**
 * The shipped calendar, 2024–2027. Working days for a five-day week: 248 in 2024, 247 in 2025,
 * 247 in 2026 (the official calendars); 2027 holds the statutory days only (its decree is not
 * issued yet): an administrator adds the moved days once it is.
 */
export const PRODUCTION_CALENDAR: readonly ProductionYear[] = [
  {
    year: 2024,
    decree: DECREE_2024,
    days: yearOf([
      ...holidaysOf(2024),
      ...moved('2024-01-06', '2024-05-10', DECREE_2024),
      ...moved('2024-01-07', '2024-12-31', DECREE_2024),
      ...moved('2024-04-27', '2024-04-29', DECREE_2024, true),
      ...moved('2024-11-02', '2024-04-30', DECREE_2024, true),
      ...moved('2024-12-28', '2024-12-30', DECREE_2024, true),
      ...short('2024-02-22', '2024-03-07', '2024-05-08', '2024-06-11', '2024-11-02'),
    ]),
  },
  {
    year: 2025,
    decree: DECREE_2025,
    days: yearOf([
      ...holidaysOf(2025),
      ...moved('2025-01-04', '2025-05-02', DECREE_2025),
      ...moved('2025-01-05', '2025-12-31', DECREE_2025),
      ...moved('2025-02-23', '2025-05-08', DECREE_2025),
      ...moved('2025-03-08', '2025-06-13', DECREE_2025),
      ...moved('2025-11-01', '2025-11-03', DECREE_2025, true),
      ...short('2025-03-07', '2025-04-30', '2025-06-11', '2025-11-01'),
    ]),
  },
  {
    year: 2026,
    decree: DECREE_2026,
    days: yearOf([
      ...holidaysOf(2026),
      ...moved('2026-01-03', '2026-01-09', DECREE_2026),
      ...moved('2026-01-04', '2026-12-31', DECREE_2026),
      ...moved('2026-03-08', '2026-03-09', LABOUR_CODE_MOVED),
      ...moved('2026-05-09', '2026-05-11', LABOUR_CODE_MOVED),
      ...short('2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03'),
    ]),
  },
  {
    year: 2027,
    decree: null,
    days: yearOf([
      ...holidaysOf(2027),
      ...moved('2027-05-01', '2027-05-03', LABOUR_CODE_MOVED),
      ...moved('2027-05-09', '2027-05-10', LABOUR_CODE_MOVED),
      ...moved('2027-06-12', '2027-06-14', LABOUR_CODE_MOVED),
      ...short('2027-02-22', '2027-04-30', '2027-06-11', '2027-11-03', '2027-12-31'),
    ]),
  },
];

/**
 * The shipped entries of a year, or undefined for a year not shipped.
 *
 * @example shippedProductionYear(2026)?.decree // 'Постановление Правительства РФ от 24.09.2025 № 1466'
 */
export function shippedProductionYear(year: number): ProductionYear | undefined {
  return PRODUCTION_CALENDAR.find((y) => y.year === year);
}

/**
 * The {@link WorkingCalendar} of stored entries: `holiday` days rest, `working_weekend` days
 * work; a `short_day` is a working day (only shorter), so one on a Saturday or Sunday is a
 * worked weekend.
 *
 * @example workingCalendarOf([{ day: '2026-02-23', kind: 'holiday' }]) // { holidays: ['2026-02-23'], workingWeekends: [] }
 */
export function workingCalendarOf(entries: Iterable<Pick<ProductionDay, 'day' | 'kind'>>): Required<WorkingCalendar> & { holidays: LocalDate[]; workingWeekends: LocalDate[] } {
  const holidays: LocalDate[] = [];
  const workingWeekends: LocalDate[] = [];
  for (const { day, kind } of entries) {
    if (kind === 'holiday') holidays.push(day);
    else if (kind === 'working_weekend' || isoWeekday(day) > 5) workingWeekends.push(day);
  }
  return { holidays, workingWeekends };
}

/** An entry with where it was set: null for the federal calendar, else the organisation's depth (the root is 0). */
export interface ScopedProductionDay extends ProductionDay {
  depth: number | null;
}

/**
 * The effective entries of an organisation: the federal calendar, then the entries of the
 * organisations above it and its own; for a day set in several places the one set nearest the
 * organisation wins (a region may declare its own holiday, or work a federal bridge day).
 * Sorted by day.
 *
 * @example effectiveProductionDays([{ day: '2026-09-21', kind: 'holiday', name: 'День региона', source: 'Закон области', depth: 0 }])[0]?.name // 'День региона'
 */
export function effectiveProductionDays<T extends ScopedProductionDay>(entries: readonly T[]): T[] {
  const rank = (entry: T) => (entry.depth === null ? -1 : entry.depth);
  const chosen = new Map<LocalDate, T>();
  for (const entry of entries) {
    const before = chosen.get(entry.day);
    if (before === undefined || rank(entry) > rank(before)) chosen.set(entry.day, entry);
  }
  return [...chosen.values()].sort(byDay);
}

/**
 * Working days in a range under a calendar (short days count as working days).
 *
 * @example countWorkingDays({ from: '2026-01-01', to: '2026-12-31' }, workingCalendarOf(shippedProductionYear(2026)!.days)) // 247
 */
export function countWorkingDays(range: DateRange, calendar: WorkingCalendar): number {
  const days = workingDays(calendar);
  let count = 0;
  for (let day = toDayNumber(range.from), last = toDayNumber(range.to); day <= last; day++) if (days.isWorkingDay(day)) count++;
  return count;
}

/**
 * Why an entry cannot stand as given, or null: a `working_weekend` must fall on a Saturday or
 * Sunday (a short day may fall on one: it is then a worked, shortened weekend).
 *
 * @example productionDayProblem({ day: '2026-02-24', kind: 'working_weekend' }) // 'not_a_weekend'
 */
export function productionDayProblem(entry: Pick<ProductionDay, 'day' | 'kind'>): 'not_a_weekend' | null {
  if (entry.kind === 'working_weekend' && isoWeekday(entry.day) <= 5) return 'not_a_weekend';
  return null;
}

/**
 * Whether a year's calendar may still be changed on `today` (a date in Moscow, where the
 * federal calendar is kept): the current and future years; past years have been judged and
 * signed by it, so they are read-only.
 *
 * @example isProductionYearEditable(2025, '2026-11-26') // false
 * @example isProductionYearEditable(2026, '2026-11-26') // true
 */
export function isProductionYearEditable(year: number, today: LocalDate): boolean {
  return year >= Number(today.slice(0, 4));
}

/** The time zone the federal calendar's "current year" is read in. */
export const PRODUCTION_CALENDAR_TIME_ZONE = 'Europe/Moscow';
