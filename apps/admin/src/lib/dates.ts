import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { enUS, ru } from 'date-fns/locale';
import { addDays, isoWeekday, parseInstant, toDayNumber } from '@ritm/domain/local-date';
import type { PlanPeriod } from '@ritm/domain/media-plan';
import { periodOf, type PeriodKind } from '@ritm/domain/period';
import { localDateOf, localDateOfItemDate, offsetMinutes } from '@ritm/domain/time-zone';

/** The calendar shows the periods a media plan is made for, so a plan opens in its own view. */
export type CalendarView = PlanPeriod;

/** Today on the organisation's wall calendar. */
export function todayIn(timeZone: string, now: number = Date.now()): string {
  return localDateOf(now, timeZone);
}

function localeOf(locale: string) {
  return locale === 'en' ? enUS : ru;
}

/** A local date as a Date at noon UTC, so that formatting never slips a day. */
function noon(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

const formatted = new Map<string, string>();

/**
 * Formats a local date ('2026-11-22') with a date-fns pattern in the UI
 * language. Results are remembered: a month grid asks for the same few dozen
 * labels on every render.
 */
export function formatDate(date: string, pattern: string, locale: string): string {
  const key = `${date}|${pattern}|${locale}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = Number.isNaN(toDayNumber(date)) ? date : format(new TZDate(noon(date).getTime(), 'UTC'), pattern, { locale: localeOf(locale) });
    if (formatted.size > 5000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** Russian short date: 22.11.2026. */
export function shortDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/**
 * The instant of a wall-clock time on a local date in a zone, written with the
 * zone's offset ('2026-11-20T10:00:00.000+03:00').
 */
export function wallTimeToInstant(date: string, time: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new TZDate(y, m - 1, d, hh, mm, timeZone).toISOString();
}

/** The local date an item falls on in the organisation's zone. */
export function itemDay(at: string, timeZone: string): string {
  return localDateOfItemDate(at, timeZone) ?? at.slice(0, 10);
}

/** The wall-clock time of an item ('10:00'), or '' for an all-day item. */
export function itemTime(at: string, timeZone: string): string {
  if (at.length <= 10) return '';
  const instant = parseInstant(at);
  if (!Number.isNaN(instant)) {
    // Arithmetic on the zone's offset, not a formatter per item: a month shows hundreds of items.
    const local = instant + offsetMinutes(timeZone, instant) * 60_000;
    const minutes = Math.floor(local / 60_000) % 1440;
    const m = (minutes + 1440) % 1440;
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  }
  return at.slice(11, 16);
}

/** Formats an instant in the organisation's zone. */
export function formatInstant(at: string, timeZone: string, locale: string): string {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return at;
  return format(new TZDate(t, timeZone), 'd MMM yyyy, HH:mm', { locale: localeOf(locale) });
}

/** The visible period of a view around a date. */
export function viewPeriod(view: CalendarView, anchor: string): { start: string; end: string } {
  const p = periodOf(anchor, view as PeriodKind);
  return { start: p.start, end: p.end };
}

/** Whole Monday-to-Sunday weeks covering a period (rows of a month grid). */
export function weeksCovering(start: string, end: string): string[][] {
  const first = addDays(start, 1 - isoWeekday(start));
  const weeks: string[][] = [];
  for (let monday = first; monday <= end; monday = addDays(monday, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(monday, i)));
  }
  return weeks;
}

/** The anchor of the previous or next period of a view. */
export function stepAnchor(view: CalendarView, anchor: string, direction: -1 | 1): string {
  const p = viewPeriod(view, anchor);
  return direction === 1 ? addDays(p.end, 1) : viewPeriod(view, addDays(p.start, -1)).start;
}

/** Title of a period: «16–22 ноября 2026», «Ноябрь 2026», «IV квартал 2026». */
export function periodTitle(view: CalendarView | PeriodKind, start: string, end: string, locale: string): string {
  switch (view) {
    case 'day':
      return formatDate(start, 'd MMMM yyyy', locale);
    case 'week':
      return start.slice(0, 7) === end.slice(0, 7)
        ? `${formatDate(start, 'd', locale)}–${formatDate(end, 'd MMMM yyyy', locale)}`
        : `${formatDate(start, 'd MMMM', locale)} – ${formatDate(end, 'd MMMM yyyy', locale)}`;
    case 'month':
      return capitalise(formatDate(start, 'LLLL yyyy', locale));
    case 'quarter': {
      const q = Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1;
      return locale === 'en' ? `Q${q} ${start.slice(0, 4)}` : `${['I', 'II', 'III', 'IV'][q - 1]} квартал ${start.slice(0, 4)}`;
    }
    case 'year':
      return start.slice(0, 4);
  }
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
