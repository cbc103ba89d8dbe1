/**
 * Placing instants on an organisation's local calendar.
 *
 * Russia spans UTC+2 (Europe/Kaliningrad) to UTC+12 (Asia/Kamchatka), so the
 * same instant can be Sunday in one organisation and Monday in another. The
 * evaluator never formats a date per item: it builds a {@link DayClock} once
 * per range (the instant of every local midnight) and places each instant with
 * an arithmetic guess checked against that table.
 */
import { tzOffset } from '@date-fns/tz';
import { DAY_MS, fromDayNumber, HOUR_MS, MINUTE_MS, NOT_A_DATE, readItemDate, toDayNumber, WALL_DATE } from './local-date.js';
import type { DayNumber, LocalDate } from './local-date.js';

const scratch = new Float64Array(1);

/**
 * Whether the runtime knows an IANA time zone name.
 *
 * @example isTimeZone('Asia/Vladivostok') // true
 * @example isTimeZone('Mars/Olympus') // false
 */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value === '') return false;
  // Building a formatter costs more than a whole small evaluation: a caller checking many, the
  // same few zones again and again, keeps the answers (see EvaluateOptions.checked).
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    return false;
  }
  return true;
}

/**
 * Whether a value is an item date: a local date, a local date-time without
 * offset, or an instant with an offset.
 *
 * @example isItemDate('2026-11-15T14:30:00Z') // true
 * @example isItemDate('15.11.2026') // false
 */
export function isItemDate(value: unknown): value is string {
  return typeof value === 'string' && readItemDate(value, scratch) !== NOT_A_DATE;
}

/**
 * UTC offset of a zone at an instant, in minutes east of UTC.
 *
 * @example offsetMinutes('Asia/Vladivostok', Date.UTC(2026, 10, 15)) // 600
 */
export function offsetMinutes(timeZone: string, instant: number): number {
  return tzOffset(timeZone, new Date(instant));
}

/**
 * The instants of every local midnight over a span of local days, so that an
 * instant is placed on its local day without formatting a date.
 */
export interface DayClock {
  readonly timeZone: string;
  /** First local day of the span. */
  readonly firstDay: DayNumber;
  /** Number of days in the span. */
  readonly days: number;
  /** `starts[i]` is the instant local day `firstDay + i` begins; `starts[days]` ends the span. */
  readonly starts: Float64Array;
  /**
   * Index (0 … days-1) of the local day holding an instant, or -1 when it is
   * outside the span.
   */
  dayIndexOf(instant: number): number;
}

interface OffsetTimeline {
  /** changes[i] is the instant offsets[i + 1] takes effect. */
  changes: number[];
  offsets: number[];
}

// The offset is sampled weekly and every change is located to the minute; a
// zone that changes twice within one week (none in Russia) would be missed.
function offsetTimeline(timeZone: string, from: number, to: number): OffsetTimeline {
  const step = 7 * DAY_MS;
  const offsets = [offsetMinutes(timeZone, from)];
  const changes: number[] = [];
  let previous = from;
  for (let t = from + step; previous < to; t += step) {
    const at = Math.min(t, to);
    const offset = offsetMinutes(timeZone, at);
    if (offset !== offsets[offsets.length - 1]) {
      let lo = previous;
      let hi = at;
      while (hi - lo > MINUTE_MS) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
        if (offsetMinutes(timeZone, mid) === offset) hi = mid;
        else lo = mid;
      }
      changes.push(hi);
      offsets.push(offset);
    }
    previous = at;
  }
  return { changes, offsets };
}

function segmentAt(timeline: OffsetTimeline, instant: number): number {
  let lo = 0;
  let hi = timeline.changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((timeline.changes[mid] as number) <= instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The first instant whose wall-clock reading is at or after `wall` (local midnight);
// in a gap (clocks jump over midnight) that is the moment of the jump.
function firstInstantOfWall(timeline: OffsetTimeline, wall: number): number {
  const { changes, offsets } = timeline;
  const first = segmentAt(timeline, wall - 26 * HOUR_MS);
  for (let i = first; i < offsets.length; i++) {
    const start = i === 0 ? -Infinity : (changes[i - 1] as number);
    const end = i === changes.length ? Infinity : (changes[i] as number);
    const t = wall - (offsets[i] as number) * MINUTE_MS;
    if (t >= start && t < end) return t;
    if (t < start) return start;
    if (start > wall + 26 * HOUR_MS) break;
  }
  return wall - (offsets[offsets.length - 1] as number) * MINUTE_MS;
}

/**
 * Builds the {@link DayClock} of a zone over local days `firstDay … lastDay`:
 * built once per evaluation, it places every instant of its items with table
 * look-ups.
 *
 * @example
 * const clock = dayClock('Asia/Vladivostok', toDayNumber('2026-11-09'), toDayNumber('2026-11-22'));
 * clock.dayIndexOf(Date.parse('2026-11-15T13:30:00Z')) // 6 (Sunday 15th, 23:30 local)
 * clock.dayIndexOf(Date.parse('2026-11-15T14:30:00Z')) // 7 (Monday 16th, 00:30 local)
 */
export function dayClock(timeZone: string, firstDay: DayNumber, lastDay: DayNumber): DayClock {
  const days = lastDay - firstDay + 1;
  const timeline = offsetTimeline(timeZone, (firstDay - 1) * DAY_MS, (lastDay + 2) * DAY_MS);
  const starts = new Float64Array(days + 1);
  for (let i = 0; i <= days; i++) starts[i] = firstInstantOfWall(timeline, (firstDay + i) * DAY_MS);
  const firstOffset = (timeline.offsets[0] as number) * MINUTE_MS;
  const clock: DayClock = {
    timeZone,
    firstDay,
    days,
    starts,
    dayIndexOf(instant: number): number {
      if (!(instant >= (starts[0] as number) && instant < (starts[days] as number))) return -1;
      let i = Math.floor((instant + firstOffset) / DAY_MS) - firstDay;
      if (i < 0) i = 0;
      else if (i >= days) i = days - 1;
      while (instant < (starts[i] as number)) i--;
      while (instant >= (starts[i + 1] as number)) i++;
      return i;
    },
  };
  return clock;
}

/**
 * The local date of an instant in a zone.
 *
 * @example localDateOf(Date.parse('2026-11-15T14:30:00Z'), 'Asia/Vladivostok') // '2026-11-16'
 */
export function localDateOf(instant: number, timeZone: string): LocalDate {
  const wall = instant + offsetMinutes(timeZone, instant) * MINUTE_MS;
  return fromDayNumber(Math.floor(wall / DAY_MS));
}

/**
 * The instant a local date begins in a zone (its local midnight).
 *
 * @example new Date(startOfLocalDate('2026-11-16', 'Asia/Vladivostok')).toISOString() // '2026-11-15T14:00:00.000Z'
 */
export function startOfLocalDate(date: LocalDate, timeZone: string): number {
  const day = toDayNumber(date);
  return dayClock(timeZone, day, day).starts[0] as number;
}

/**
 * The local date an item's `at` falls on: the date itself for a local date or
 * local date-time, the organisation's local date for an instant; undefined
 * when `at` is not a date.
 *
 * @example localDateOfItemDate('2026-11-15T13:30:00Z', 'Asia/Vladivostok') // '2026-11-15'
 */
export function localDateOfItemDate(at: string, timeZone: string): LocalDate | undefined {
  const found = readItemDate(at, scratch);
  if (found === NOT_A_DATE) return undefined;
  const value = scratch[0] as number;
  return found === WALL_DATE ? fromDayNumber(value) : localDateOf(value, timeZone);
}
