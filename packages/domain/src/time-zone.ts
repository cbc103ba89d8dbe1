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
import { dayNumberAt, readDigits, fromDayNumber, toDayNumber } from './local-date.js';
import type { DayNumber, LocalDate } from './local-date.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Whether the runtime knows an IANA time zone name.
 *
 * @example isTimeZone('Asia/Vladivostok') // true
 * @example isTimeZone('Mars/Olympus') // false
 */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * Epoch milliseconds of an instant written with a UTC offset
 * ('2026-11-15T14:30:00Z', '…+10:00', '…+1000', '…+10'; 'T' or a space between
 * date and time), or NaN when `s` is not such an instant. A date-time without
 * an offset is not an instant (see {@link wallDayNumberOf}).
 *
 * @example parseInstant('2026-11-15T14:30:00Z') // Date.UTC(2026, 10, 15, 14, 30)
 */
export function parseInstant(s: string): number {
  const wall = parseWallClock(s);
  if (wall === undefined || wall.offsetAt < 0) return NaN;
  const offset = parseOffset(s, wall.offsetAt);
  return Number.isNaN(offset) ? NaN : wall.ms - offset * MINUTE_MS;
}

/**
 * Day number of a local date ('2026-11-20') or of a date-time without an
 * offset ('2026-11-20T23:30', read as wall-clock time in the organisation's
 * zone); NaN for anything else, including instants with an offset.
 *
 * @example wallDayNumberOf('2026-11-20T23:30') === wallDayNumberOf('2026-11-20') // true
 */
export function wallDayNumberOf(s: string): DayNumber {
  if (s.length === 10) return dayNumberAt(s);
  const wall = parseWallClock(s);
  return wall === undefined || wall.offsetAt >= 0 ? NaN : dayNumberAt(s);
}

interface WallClock {
  /** The wall-clock reading as if it were UTC. */
  ms: number;
  /** Index where the offset starts, or -1 when there is none. */
  offsetAt: number;
}

// 'YYYY-MM-DD' 'T'|' ' 'HH:MM' [':SS' ['.' fraction]] then maybe an offset.
function parseWallClock(s: string): WallClock | undefined {
  const day = dayNumberAt(s);
  const sep = s.charCodeAt(10);
  if (Number.isNaN(day) || (sep !== 84 && sep !== 32) || s.charCodeAt(13) !== 58) return undefined;
  const hour = readDigits(s, 11, 2);
  const minute = readDigits(s, 14, 2);
  let i = 16;
  let second = 0;
  let millis = 0;
  if (s.charCodeAt(i) === 58) {
    second = readDigits(s, i + 1, 2);
    i += 3;
    if (s.charCodeAt(i) === 46) {
      let digits = 0;
      let fraction = 0;
      for (i++; i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++, digits++) {
        if (digits < 3) fraction = fraction * 10 + (s.charCodeAt(i) - 48);
      }
      if (digits === 0) return undefined;
      millis = fraction * 10 ** Math.max(0, 3 - digits);
    }
  }
  if (!(hour <= 23) || !(minute <= 59) || !(second <= 59)) return undefined;
  const ms = day * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * 1000 + millis;
  return { ms, offsetAt: i === s.length ? -1 : i };
}

// 'Z' | ±HH | ±HHMM | ±HH:MM, to the end of the string; minutes east of UTC.
function parseOffset(s: string, at: number): number {
  const c = s.charCodeAt(at);
  if ((c === 90 || c === 122) && at + 1 === s.length) return 0;
  if (c !== 43 && c !== 45) return NaN;
  const rest = s.length - at - 1;
  const hours = readDigits(s, at + 1, 2);
  let minutes = 0;
  if (rest === 4) minutes = readDigits(s, at + 3, 2);
  else if (rest === 5 && s.charCodeAt(at + 3) === 58) minutes = readDigits(s, at + 4, 2);
  else if (rest !== 2) return NaN;
  if (!(hours <= 18) || !(minutes <= 59)) return NaN;
  return (c === 45 ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Whether a value is an item date: a local date, a local date-time without
 * offset, or an instant with an offset.
 *
 * @example isItemDate('2026-11-15T14:30:00Z') // true
 * @example isItemDate('15.11.2026') // false
 */
export function isItemDate(value: unknown): value is string {
  return typeof value === 'string' && (!Number.isNaN(wallDayNumberOf(value)) || !Number.isNaN(parseInstant(value)));
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

const clockCache = new Map<string, DayClock>();
const CLOCK_CACHE_SIZE = 64;

/**
 * Builds (or reuses) the {@link DayClock} of a zone over local days
 * `firstDay … lastDay`. Clocks are memoised by zone and span, so evaluating
 * thousands of organisations in a handful of zones builds a handful of clocks.
 *
 * @example
 * const clock = dayClock('Asia/Vladivostok', toDayNumber('2026-11-09'), toDayNumber('2026-11-22'));
 * clock.dayIndexOf(Date.parse('2026-11-15T13:30:00Z')) // 6 (Sunday 15th, 23:30 local)
 * clock.dayIndexOf(Date.parse('2026-11-15T14:30:00Z')) // 7 (Monday 16th, 00:30 local)
 */
export function dayClock(timeZone: string, firstDay: DayNumber, lastDay: DayNumber): DayClock {
  const key = `${timeZone}|${firstDay}|${lastDay}`;
  const cached = clockCache.get(key);
  if (cached !== undefined) return cached;
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
  if (clockCache.size >= CLOCK_CACHE_SIZE) {
    const oldest = clockCache.keys().next().value;
    if (oldest !== undefined) clockCache.delete(oldest);
  }
  clockCache.set(key, clock);
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
  const day = wallDayNumberOf(at);
  if (!Number.isNaN(day)) return fromDayNumber(day);
  const instant = parseInstant(at);
  return Number.isNaN(instant) ? undefined : localDateOf(instant, timeZone);
}
