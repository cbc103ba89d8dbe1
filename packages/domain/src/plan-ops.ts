/**
 * Operations on a media plan (Mintrud rec. p.70: a plan is made for a week, a
 * month or a quarter and corrected as needed): copy a plan to the next period,
 * expand a recurring item, and check an item against its plan and channels.
 */
import type { Channel, KnownChannelType } from './channel.js';
import { CHANNEL_TYPE_INFO, CHANNEL_TYPES } from './channel.js';
import type { ItemKind, KnownItemKind, PlanItem } from './item.js';
import { isEventKind } from './item.js';
import {
  DAY_MS,
  datePartsOf,
  dayNumberFromParts,
  daysInMonth,
  fromDayNumber,
  isoWeekdayOfDay,
  MINUTE_MS,
  parseInstant,
  toDayNumber,
  wallDayNumberOf,
} from './local-date.js';
import type { DateRange, DayNumber, IsoWeekday, LocalDate } from './local-date.js';
import type { Period } from './period.js';
import { nextPeriod } from './period.js';
import { localDateOfItemDate, offsetMinutes } from './time-zone.js';
import type { Issue } from './read-json.js';
import { childPath, issue } from './read-json.js';

/**
 * An item's `at` moved by whole local days, keeping its form and its local
 * time of day: a date stays a date, a wall-clock time keeps its time, an
 * instant keeps its local time in the zone (written in UTC).
 *
 * @example shiftItemDate('2026-11-20', 7, 'Asia/Vladivostok') // '2026-11-27'
 * @example shiftItemDate('2026-11-15T23:30:00+10:00', 1, 'Asia/Vladivostok') // '2026-11-16T13:30:00.000Z'
 */
export function shiftItemDate(at: string, days: number, timeZone: string): string {
  const wall = wallDayNumberOf(at);
  if (!Number.isNaN(wall)) return fromDayNumber(wall + days) + at.slice(10);
  const instant = parseInstant(at);
  if (Number.isNaN(instant)) return at;
  const target = instant + offsetMinutes(timeZone, instant) * MINUTE_MS + days * DAY_MS;
  const guess = target - offsetMinutes(timeZone, target) * MINUTE_MS;
  return new Date(target - offsetMinutes(timeZone, guess) * MINUTE_MS).toISOString();
}

/**
 * Where a date of one period goes in another, keeping its weekday: the same
 * weekday in the same week of the period (the 2nd Tuesday of November becomes
 * the 2nd Tuesday of December), or the last such weekday when the new period
 * is shorter. Days of `day` periods map to the new day.
 *
 * @example sameWeekdayIn('2026-11-10', { per: 'month', start: '2026-11-01', end: '2026-11-30' }, { per: 'month', start: '2026-12-01', end: '2026-12-31' }) // '2026-12-08'
 */
export function sameWeekdayIn(date: LocalDate, from: Period, to: Period): LocalDate {
  const day = toDayNumber(date);
  const start = toDayNumber(to.start);
  if (from.per === 'day') return to.start;
  const week = Math.floor((day - toDayNumber(from.start)) / 7);
  const firstSame = start + ((isoWeekdayOfDay(day) - isoWeekdayOfDay(start) + 7) % 7);
  let target = firstSame + 7 * week;
  while (target > toDayNumber(to.end)) target -= 7;
  return fromDayNumber(target);
}

export interface PlanCopyOptions {
  timeZone: string;
  /** The id of a copy; `${item.id}@${its new local date}` by default. */
  newId?: (item: PlanItem, at: string) => string;
}

/**
 * Copies the items of a period into the next period of the same kind,
 * keeping weekdays (see {@link sameWeekdayIn}) and times of day. Cancelled
 * items are left behind; copies are `planned`.
 *
 * @example
 * copyPlanToNextPeriod(items, { per: 'week', start: '2026-11-16', end: '2026-11-22' }, { timeZone: 'Asia/Vladivostok' })
 * // a post on Tuesday 17th becomes a planned post on Tuesday 24th
 */
export function copyPlanToNextPeriod(items: readonly PlanItem[], period: Period, options: PlanCopyOptions): PlanItem[] {
  const next = nextPeriod(period);
  const copies: PlanItem[] = [];
  for (const item of items) {
    const date = localDateOfItemDate(item.at, options.timeZone);
    if (item.status === 'cancelled' || date === undefined || date < period.start || date > period.end) continue;
    const at = shiftItemDate(item.at, toDayNumber(sameWeekdayIn(date, period, next)) - toDayNumber(date), options.timeZone);
    copies.push({ ...item, id: options.newId?.(item, at) ?? `${item.id}@${sameWeekdayIn(date, period, next)}`, status: 'planned', at });
  }
  return copies;
}

/** How an item repeats, counted from the item's own date. */
export interface Recurrence {
  freq: 'daily' | 'weekly' | 'monthly';
  /** Every `interval` days, weeks or months; 1 by default. */
  interval?: number;
  /** For weekly: the weekdays (1 Monday … 7 Sunday); the item's own weekday by default. */
  weekdays?: readonly IsoWeekday[];
  /** Last date an occurrence may fall on. */
  until?: LocalDate;
  /** How many occurrences at most, the first included. */
  count?: number;
}

/** Occurrences are capped so that a rule without an end cannot run away. */
const MAX_OCCURRENCES = 1_000;

function occurrenceDays(first: DayNumber, rule: Recurrence, last: DayNumber): DayNumber[] {
  const interval = Math.max(1, Math.floor(rule.interval ?? 1));
  const limit = Math.min(rule.count ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  const days: DayNumber[] = [];
  const push = (day: DayNumber): boolean => {
    if (day > last || days.length >= limit) return false;
    if (day >= first) days.push(day);
    return true;
  };
  if (rule.freq === 'daily') {
    for (let day = first; push(day); day += interval);
  } else if (rule.freq === 'weekly') {
    const weekdays = [...new Set(rule.weekdays ?? [isoWeekdayOfDay(first)])].sort((a, b) => a - b);
    const monday = first - isoWeekdayOfDay(first) + 1;
    for (let week = monday; week <= last && days.length < limit; week += 7 * interval) {
      for (const weekday of weekdays) if (!push(week + weekday - 1)) break;
    }
  } else {
    const { year, month, day } = datePartsOf(first);
    for (let m = 0; ; m += interval) {
      const y = year + Math.floor((month - 1 + m) / 12);
      const mo = ((month - 1 + m) % 12) + 1;
      // The 31st of a shorter month is its last day.
      if (!push(dayNumberFromParts(y, mo, Math.min(day, daysInMonth(y, mo))))) break;
    }
  }
  return days;
}

export interface ExpandOptions {
  timeZone: string;
  /** The id of an occurrence; `${item.id}@${its local date}` by default. */
  newId?: (item: PlanItem, at: string) => string;
}

/**
 * The occurrences of a recurring item that fall within a range, each a plan
 * item of its own with the item's time of day.
 *
 * @example
 * expandRecurring({ id: 'stand', kind: 'stand_update', channels: ['hall'], status: 'planned', at: '2026-11-02' },
 *   { freq: 'weekly', weekdays: [1, 4] }, { from: '2026-11-01', to: '2026-11-08' }, { timeZone: 'Europe/Moscow' }).map((i) => i.at)
 * // ['2026-11-02', '2026-11-05']
 */
export function expandRecurring(item: PlanItem, recurrence: Recurrence, range: DateRange, options: ExpandOptions): PlanItem[] {
  const date = localDateOfItemDate(item.at, options.timeZone);
  if (date === undefined) return [];
  const first = toDayNumber(date);
  const last = Math.min(toDayNumber(range.to), recurrence.until === undefined ? Infinity : toDayNumber(recurrence.until));
  return occurrenceDays(first, recurrence, last)
    .filter((day) => day >= toDayNumber(range.from))
    .map((day) => {
      const at = shiftItemDate(item.at, day - first, options.timeZone);
      return { ...item, id: options.newId?.(item, at) ?? `${item.id}@${fromDayNumber(day)}`, at };
    });
}

const ONLINE = CHANNEL_TYPES.filter((type) => CHANNEL_TYPE_INFO[type].online);

/**
 * The channel types an item kind can go on, where the kind limits them (a
 * stand update is paper on a stand, a post is online); kinds not listed can
 * go anywhere.
 */
const KIND_CHANNEL_TYPES: Partial<Record<KnownItemKind, readonly KnownChannelType[]>> = {
  stand_update: ['info_stand', 'info_zone'],
  print_material: ['print', 'info_stand', 'info_zone', 'mass_media', 'in_person', 'other'],
  newsletter: ['email', 'chat', 'telegram', 'max', 'sms', 'other'],
  post: ['vk', 'ok', 'telegram', 'max', 'dzen', 'website', 'portal', 'chat', 'other'],
  video: [...ONLINE, 'tv', 'info_zone', 'mass_media', 'other'],
  audio: [...ONLINE, 'radio', 'mass_media', 'other'],
};

/**
 * The channel types a kind may go on, or undefined for any. Kinds are an
 * open vocabulary: an organisation's own kind named `constructor` is not
 * looked up on the object prototype.
 *
 * @example allowedChannelTypes('stand_update') // ['info_stand', 'info_zone']
 * @example allowedChannelTypes('constructor') // undefined
 */
export function allowedChannelTypes(kind: ItemKind): readonly string[] | undefined {
  return Object.hasOwn(KIND_CHANNEL_TYPES, kind) ? (KIND_CHANNEL_TYPES as Partial<Record<string, readonly string[]>>)[kind] : undefined;
}

export interface PlanItemContext {
  channels: readonly Channel[];
  timeZone: string;
  /** The plan's period: the item must fall within it. */
  period?: { start: LocalDate; end: LocalDate };
  /** JSON path of the item, to prefix issues with (e.g. 'items[3]'). */
  path?: string;
}

/**
 * Checks an item against its plan: its date within the plan's period, its
 * channels the organisation's and fit for its kind (no `stand_update` on
 * `vk`), and `held` for events, `published` for the rest.
 *
 * @example
 * validatePlanItem({ id: 's', kind: 'stand_update', channels: ['vk'], status: 'planned', at: '2026-11-20' },
 *   { channels: [{ id: 'vk', type: 'vk' }], timeZone: 'Europe/Moscow' })
 * // [{ path: 'channels[0]', code: 'kind_cannot_go_on_channel', params: { kind: 'stand_update', channel: 'vk', channelType: 'vk', allowed: ['info_stand', 'info_zone'] },
 * //   message: 'a stand_update cannot go on vk (only info_stand, info_zone)' }]
 */
export function validatePlanItem(item: PlanItem, context: PlanItemContext): Issue[] {
  const issues: Issue[] = [];
  const at = (key: string | number, base = context.path ?? ''): string => childPath(base, key);
  const date = localDateOfItemDate(item.at, context.timeZone);
  if (date === undefined) issues.push(issue(at('at'), 'not_a_date'));
  else if (context.period !== undefined && (date < context.period.start || date > context.period.end)) {
    issues.push(issue(at('at'), 'outside_plan_period', { start: context.period.start, end: context.period.end }));
  }
  const allowed = allowedChannelTypes(item.kind);
  item.channels.forEach((id, i) => {
    const channel = context.channels.find((c) => c.id === id);
    const path = at(i, at('channels'));
    if (channel === undefined) issues.push(issue(path, 'unknown_channel', { channel: id }));
    else if (allowed !== undefined && !allowed.includes(channel.type)) {
      issues.push(issue(path, 'kind_cannot_go_on_channel', { kind: item.kind, channel: id, channelType: channel.type, allowed }));
    }
  });
  if (item.status === 'held' && !isEventKind(item.kind)) issues.push(issue(at('status'), 'kind_not_held', { kind: item.kind }));
  if (item.status === 'published' && isEventKind(item.kind)) issues.push(issue(at('status'), 'kind_not_published', { kind: item.kind }));
  return issues;
}
