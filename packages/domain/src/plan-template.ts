/**
 * Plan templates (issue 15): a week, month or quarter of a media plan saved as entries placed
 * relative to the period, to be laid onto another period of the same or another organisation.
 *
 * An entry keeps what makes an item reusable and nothing that ties it to one organisation: its
 * channels as channel types and names (mapped onto the target's channels of the same type, the same
 * name first), its audiences and key messages by name, and its time of day. Applying never
 * duplicates an item already on that day with the same title and the same channel.
 */
import { instantOfWallClock } from './exchange/dates.js';
import { nameKey } from './exchange/text.js';
import {
  datePartsOf,
  dayNumberFromParts,
  daysInMonth,
  fromDayNumber,
  isoWeekday,
  isoWeekdayOfDay,
  MINUTE_MS,
  DAY_MS,
  toDayNumber,
  type LocalDate,
} from './local-date.js';
import { periodOf, type Period } from './period.js';
import { offsetMinutes } from './time-zone.js';

/** The periods a template spans. */
export const TEMPLATE_SPANS = ['week', 'month', 'quarter'] as const;
export type TemplateSpan = (typeof TEMPLATE_SPANS)[number];

/** How a month's (or a quarter month's) entry is placed when captured: by its date, or as the Nth weekday. */
export const MONTH_PLACINGS = ['day', 'weekday'] as const;
export type MonthPlacing = (typeof MONTH_PLACINGS)[number];

/** Most entries one template holds: a busy quarter of a regional authority fits. */
export const TEMPLATE_ENTRIES_MAX = 500;

/** Why an entry was not created on apply. */
export const TEMPLATE_SKIP_REASONS = ['duplicate', 'no_channel'] as const;
export type TemplateSkipReason = (typeof TEMPLATE_SKIP_REASONS)[number];

/**
 * Where an entry falls in its period:
 * - a week: `{weekday}` (ISO, 1 Monday … 7 Sunday);
 * - a month: `{day}` (1 … 31, clamped to a shorter month) or `{weekday, nth}` (nth 1 … 4, or -1 for the last);
 * - a quarter: `{month}` (1 … 3 of the quarter) with either of the month's forms.
 */
export interface TemplatePlace {
  month?: number;
  day?: number;
  weekday?: number;
  nth?: number;
}

/** A channel as a template names it: the target's channel of this type, this name first. */
export interface TemplateChannel {
  type: string;
  name: string;
}

/** One item of a template. */
export interface TemplateEntry {
  place: TemplatePlace;
  /** Wall-clock time `HH:MM` in the organisation's zone for a timed item; null for an item dated by its day. */
  time: string | null;
  kind: string;
  title: string;
  newsHook: string;
  format: string;
  channels: TemplateChannel[];
  /** Audience names. */
  audiences: string[];
  /** Key messages by their text. */
  keyMessages: string[];
}

/** An item as a template reads it from the source period (ids resolved through {@link CaptureCatalogues}). */
export interface CaptureItem {
  localDay: LocalDate;
  at: string;
  kind: string;
  title: string;
  newsHook: string;
  format: string;
  status: string;
  channelIds: readonly string[];
  audienceIds: readonly string[];
  keyMessageIds: readonly string[];
}

/** The source organisation's catalogues, by id. */
export interface CaptureCatalogues {
  timeZone: string;
  channels: ReadonlyMap<string, TemplateChannel>;
  audiences: ReadonlyMap<string, string>;
  keyMessages: ReadonlyMap<string, string>;
}

/** A wall-clock time of day `HH:MM`, 00:00 … 23:59. */
export const TEMPLATE_TIME_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';
const TIME = new RegExp(TEMPLATE_TIME_PATTERN);

const isInt = (value: unknown, min: number, max: number): boolean => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/**
 * The period of a span that holds a date: a template is saved from, and applied to, a whole
 * week (Monday to Sunday), calendar month or calendar quarter.
 *
 * @example templatePeriod('2026-11-18', 'month') // { per: 'month', start: '2026-11-01', end: '2026-11-30' }
 */
export function templatePeriod(date: LocalDate, span: TemplateSpan): Period {
  return periodOf(date, span);
}

/**
 * Whether a place fits a span (see {@link TemplatePlace}).
 *
 * @example isTemplatePlace({ weekday: 2 }, 'week') // true
 * @example isTemplatePlace({ month: 2, weekday: 1, nth: -1 }, 'quarter') // true
 * @example isTemplatePlace({ day: 31 }, 'week') // false
 */
export function isTemplatePlace(place: TemplatePlace, span: TemplateSpan): boolean {
  const keys = Object.keys(place).filter((key) => place[key as keyof TemplatePlace] !== undefined);
  const has = (...wanted: string[]) => keys.length === wanted.length && wanted.every((key) => keys.includes(key));
  const inMonth = (extra: string[]) =>
    (has(...extra, 'day') && isInt(place.day, 1, 31)) ||
    (has(...extra, 'weekday', 'nth') && isInt(place.weekday, 1, 7) && (isInt(place.nth, 1, 4) || place.nth === -1));
  switch (span) {
    case 'week':
      return has('weekday') && isInt(place.weekday, 1, 7);
    case 'month':
      return inMonth([]);
    case 'quarter':
      return isInt(place.month, 1, 3) && inMonth(['month']);
  }
}

/** Whether a time of day is `HH:MM` (or null, for an entry dated by its day). */
export function isTemplateTime(time: string | null): boolean {
  return time === null || TIME.test(time);
}

/**
 * Where a day lies in the period of a span that holds it.
 *
 * @example placeOfDay('2026-11-19', 'week') // { weekday: 4 }
 * @example placeOfDay('2026-11-30', 'month', 'weekday') // { weekday: 1, nth: -1 }
 * @example placeOfDay('2026-11-05', 'quarter') // { month: 2, day: 5 }
 */
export function placeOfDay(day: LocalDate, span: TemplateSpan, placing: MonthPlacing = 'day'): TemplatePlace {
  if (span === 'week') return { weekday: isoWeekday(day) };
  const { year, month, day: date } = datePartsOf(toDayNumber(day));
  const inMonth: TemplatePlace =
    placing === 'day'
      ? { day: date }
      : // The fifth of a weekday is the month's last one: a month with no fifth still has a last.
        { weekday: isoWeekday(day), nth: date + 7 > daysInMonth(year, month) ? -1 : Math.ceil(date / 7) };
  return span === 'month' ? inMonth : { month: ((month - 1) % 3) + 1, ...inMonth };
}

/**
 * The day a place falls on in a period starting `start` (the first day of a week, month or
 * quarter); a day of month past the month's end is its last day.
 *
 * @example dayOfPlace({ weekday: 3 }, 'week', '2026-11-16') // '2026-11-18'
 * @example dayOfPlace({ day: 31 }, 'month', '2027-02-01') // '2027-02-28'
 * @example dayOfPlace({ month: 3, weekday: 1, nth: 1 }, 'quarter', '2026-10-01') // '2026-12-07'
 */
export function dayOfPlace(place: TemplatePlace, span: TemplateSpan, start: LocalDate): LocalDate {
  const first = toDayNumber(start);
  if (span === 'week') return fromDayNumber(first + (place.weekday ?? 1) - 1);
  const parts = datePartsOf(first);
  const months = parts.month - 1 + (span === 'quarter' ? (place.month ?? 1) - 1 : 0);
  const year = parts.year + Math.floor(months / 12);
  const month = (months % 12) + 1;
  const length = daysInMonth(year, month);
  if (place.day !== undefined) return fromDayNumber(dayNumberFromParts(year, month, Math.min(place.day, length)));
  const firstOfMonth = dayNumberFromParts(year, month, 1);
  const firstWeekday = firstOfMonth + ((((place.weekday ?? 1) - isoWeekdayOfDay(firstOfMonth)) % 7) + 7) % 7;
  const nth = place.nth ?? 1;
  const lastDay = firstOfMonth + length - 1;
  return fromDayNumber(nth === -1 ? firstWeekday + 7 * Math.floor((lastDay - firstWeekday) / 7) : firstWeekday + 7 * (nth - 1));
}

function wallTimeOf(at: string, timeZone: string): string | null {
  if (at.length === 10) return null;
  const instant = Date.parse(at);
  const minutes = Math.floor((((instant + offsetMinutes(timeZone, instant) * MINUTE_MS) % DAY_MS) + DAY_MS) % DAY_MS / MINUTE_MS);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * A template's entries from the items of a period: every item on a day of the period but the
 * cancelled, in the order given, each placed relative to the period (see {@link placeOfDay});
 * channels, audiences and key messages by name (ids the catalogues do not know are left out).
 * More than {@link TEMPLATE_ENTRIES_MAX} entries is the caller's to refuse: nothing is cut silently.
 *
 * @example captureTemplate([{ localDay: '2026-11-17', at: '2026-11-17', kind: 'post', title: 'Вакансии недели', … }], 'week', '2026-11-16', catalogues)
 *   // [{ place: { weekday: 2 }, time: null, kind: 'post', title: 'Вакансии недели', … }]
 */
export function captureTemplate(
  items: readonly CaptureItem[],
  span: TemplateSpan,
  from: LocalDate,
  catalogues: CaptureCatalogues,
  placing: MonthPlacing = 'day',
): TemplateEntry[] {
  const period = templatePeriod(from, span);
  const names = <T>(ids: readonly string[], map: ReadonlyMap<string, T>): T[] => ids.flatMap((id) => (map.has(id) ? [map.get(id) as T] : []));
  return items
    .filter((item) => item.status !== 'cancelled' && item.localDay >= period.start && item.localDay <= period.end)
    .map((item) => ({
      place: placeOfDay(item.localDay, span, placing),
      time: wallTimeOf(item.at, catalogues.timeZone),
      kind: item.kind,
      title: item.title,
      newsHook: item.newsHook,
      format: item.format,
      channels: names(item.channelIds, catalogues.channels).map(({ type, name }) => ({ type, name })),
      audiences: names(item.audienceIds, catalogues.audiences),
      keyMessages: names(item.keyMessageIds, catalogues.keyMessages),
    }));
}

/** What applying needs to know of the target organisation. */
export interface ApplyTarget {
  timeZone: string;
  /** Its channels; only active ones are mapped onto. */
  channels: ReadonlyArray<{ id: string; type: string; name: string; active: boolean }>;
  /** Audiences and key messages it may use (its own and those from above). */
  audiences: ReadonlyArray<{ id: string; name: string }>;
  keyMessages: ReadonlyArray<{ id: string; text: string }>;
  /** Its items on the days of the period (cancelled ones too: applying again must not bring back what was cancelled). */
  existing: ReadonlyArray<TemplateItemKey>;
}

/** What makes two items the same for a template: the day, the title (see {@link templateTitleKey}) and a channel. */
export interface TemplateItemKey {
  localDay: LocalDate;
  title: string;
  channelIds: readonly string[];
}

/** An entry laid onto a day of the target period, as the fields of a new item. */
export interface PlannedEntry {
  /** The entry's index in the template. */
  index: number;
  day: LocalDate;
  item: {
    kind: string;
    title: string;
    at: string;
    newsHook: string;
    format: string;
    channelIds: string[];
    audienceIds: string[];
    keyMessageIds: string[];
  };
}

export interface SkippedEntry {
  index: number;
  title: string;
  day: LocalDate;
  why: TemplateSkipReason;
}

/**
 * A title as the no-duplicate rule compares it: case, «ё/е», quotes and spaces do not count
 * (the catalogues' `nameKey`, one rule for names and titles).
 *
 * @example templateTitleKey('  Ёлка  профкома ') === templateTitleKey('елка профкома') // true
 */
export function templateTitleKey(title: string): string {
  return nameKey(title);
}

/**
 * Whether an item is already there: the same day, the same title, and a channel in common (two
 * items on no channel share "no channel").
 *
 * @example isTemplateDuplicate({ localDay: '2026-12-01', title: 'Пост', channelIds: ['vk'] }, { localDay: '2026-12-01', title: 'пост', channelIds: ['vk', 'tg'] }) // true
 */
export function isTemplateDuplicate(a: TemplateItemKey, b: TemplateItemKey): boolean {
  if (a.localDay !== b.localDay || templateTitleKey(a.title) !== templateTitleKey(b.title)) return false;
  if (a.channelIds.length === 0 || b.channelIds.length === 0) return a.channelIds.length === b.channelIds.length;
  return a.channelIds.some((id) => b.channelIds.includes(id));
}

/**
 * The target's channel for a template's channel: an active one of the same type, the one of the
 * same name (case, «ё», quotes and spaces aside) first, else the first of that type.
 */
function mapChannel(channel: TemplateChannel, channels: ApplyTarget['channels']): string | undefined {
  const ofType = channels.filter((c) => c.active && c.type === channel.type);
  const key = nameKey(channel.name);
  return (ofType.find((c) => nameKey(c.name) === key) ?? ofType[0])?.id;
}

function mapNames<T extends { id: string }>(names: readonly string[], entries: readonly T[], nameOf: (entry: T) => string): string[] {
  const byKey = new Map<string, string>();
  // The first of a name wins: an organisation's own entry is listed before one from above.
  for (const entry of entries) if (!byKey.has(nameKey(nameOf(entry)))) byKey.set(nameKey(nameOf(entry)), entry.id);
  return [...new Set(names.flatMap((name) => byKey.get(nameKey(name)) ?? []))];
}

/**
 * Lays a template onto the period of `span` that holds `from` in the target organisation: each
 * entry on its day, timed entries at their wall-clock time in the target's zone, channels mapped
 * by type and name (a channel without a match is left out; an entry none of whose channels has a
 * match is skipped as `no_channel`), audiences and key messages by name (unknown ones left out).
 * An entry is skipped as `duplicate` when an item is already on that day with the same title and
 * a channel in common ({@link isTemplateDuplicate}) — one there before, or one this application
 * creates — so applying the same template twice creates nothing the second time.
 *
 * @example applyTemplate(entries, 'week', '2026-11-23', target) // { create: [{ index: 0, day: '2026-11-24', item: {…} }], skipped: [] }
 */
export function applyTemplate(
  entries: readonly TemplateEntry[],
  span: TemplateSpan,
  from: LocalDate,
  target: ApplyTarget,
): { period: Period; create: PlannedEntry[]; skipped: SkippedEntry[] } {
  const period = templatePeriod(from, span);
  const seen: TemplateItemKey[] = [...target.existing];
  const create: PlannedEntry[] = [];
  const skipped: SkippedEntry[] = [];
  entries.forEach((entry, index) => {
    const day = dayOfPlace(entry.place, span, period.start);
    const channelIds = [...new Set(entry.channels.flatMap((channel) => mapChannel(channel, target.channels) ?? []))];
    if (entry.channels.length > 0 && channelIds.length === 0) {
      skipped.push({ index, title: entry.title, day, why: 'no_channel' });
      return;
    }
    const key = { localDay: day, title: entry.title, channelIds };
    if (seen.some((item) => isTemplateDuplicate(item, key))) {
      skipped.push({ index, title: entry.title, day, why: 'duplicate' });
      return;
    }
    seen.push(key);
    const [hours, minutes] = (entry.time ?? '00:00').split(':').map(Number) as [number, number];
    create.push({
      index,
      day,
      item: {
        kind: entry.kind,
        title: entry.title,
        at: entry.time === null ? day : instantOfWallClock(day, hours * 60 + minutes, target.timeZone),
        newsHook: entry.newsHook,
        format: entry.format,
        channelIds,
        audienceIds: mapNames(entry.audiences, target.audiences, (a) => a.name),
        keyMessageIds: mapNames(entry.keyMessages, target.keyMessages, (k) => k.text),
      },
    });
  });
  return { period, create, skipped };
}


/**
 * Whether an organisation sees a template (and may apply it): its own, or one an organisation
 * above it shares down. Paths are materialised ('/root/…/id/'): the owner's is a prefix of every
 * path below it. The template list's query (`listTemplates` in the API's
 * repositories/plan-templates.ts) is this rule's mirror in SQL; the templates' API test checks the
 * two agree.
 *
 * @example templateVisibleAt({ orgId: 'r', orgPath: '/r/', shareDown: true }, { id: 'c', path: '/r/c/' }) // true
 * @example templateVisibleAt({ orgId: 'r', orgPath: '/r/', shareDown: false }, { id: 'c', path: '/r/c/' }) // false
 */
export function templateVisibleAt(template: { orgId: string; orgPath: string; shareDown: boolean }, org: { id: string; path: string }): boolean {
  return template.orgId === org.id || (template.shareDown && org.path.startsWith(template.orgPath));
}
