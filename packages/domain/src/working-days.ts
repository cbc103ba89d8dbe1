/**
 * Working days on the Russian calendar: Monday to Friday, less the holidays,
 * plus the Saturdays the government moves work to. The production calendar
 * changes every year by decree, so it is passed in, never hard-coded.
 */
import { isoWeekdayOfDay, toDayNumber } from './local-date.js';
import type { DayNumber, LocalDate } from './local-date.js';

/** The year's production calendar, as far as the caller knows it. */
export interface WorkingCalendar {
  /** Non-working days that would otherwise be working (1–8 January, 23 February, transferred days…). */
  holidays?: Iterable<LocalDate>;
  /** Weekend days declared working (a Saturday worked in exchange for a bridge day). */
  workingWeekends?: Iterable<LocalDate>;
}

/** A calendar ready for many questions. */
export interface WorkingDays {
  isWorkingDay(day: DayNumber): boolean;
}

/**
 * Prepares a calendar for many questions about day numbers.
 *
 * @example workingDays({ holidays: ['2026-11-04'] }).isWorkingDay(toDayNumber('2026-11-04')) // false
 */
export function workingDays(calendar: WorkingCalendar = {}): WorkingDays {
  const holidays = new Set([...(calendar.holidays ?? [])].map(toDayNumber));
  const working = new Set([...(calendar.workingWeekends ?? [])].map(toDayNumber));
  return {
    isWorkingDay(day) {
      if (holidays.has(day)) return false;
      return isoWeekdayOfDay(day) <= 5 || working.has(day);
    },
  };
}

/**
 * Whether a date is a working day.
 *
 * @example isWorkingDay('2026-11-21') // false (a Saturday)
 * @example isWorkingDay('2026-11-04', { holidays: ['2026-11-04'] }) // false (Unity Day)
 */
export function isWorkingDay(date: LocalDate, calendar: WorkingCalendar = {}): boolean {
  return workingDays(calendar).isWorkingDay(toDayNumber(date));
}
