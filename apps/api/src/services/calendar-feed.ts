import { createHash } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency, default as ical } from 'ical-generator';
import { ITEM_KINDS, ITEM_STATUSES, type ItemStatus } from '@ritm/domain/item';
import type { DateRange } from '@ritm/domain/local-date';
import { occurrenceAt, occurrenceDays } from '@ritm/domain/recurrence';
import { offsetMinutes } from '@ritm/domain/time-zone';
import { vtimezone } from '@ritm/domain/vtimezone';
import { message, render, type Language, type Message } from '../http/messages.js';
import type { FeedItem, FeedOrganisation } from '../repositories/calendar-feeds.js';
import type { SeriesRecord } from '../repositories/series.js';

/** A timed item is an instant; calendars need a length to draw it, and an hour reads as "around then". */
const TIMED_EVENT_MS = 60 * 60 * 1000;

/** How often clients are asked to fetch again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 60 * 60;

export interface FeedDocument {
  /** The feed's own name, or '' for a name made of the organisations'. */
  name: string;
  lang: Language;
  /** The host in every UID (`<item id>@<host>`): stable as long as the public address is. */
  host: string;
  /** The admin's address, for each item's link back to Ritm. */
  adminUrl: string;
  window: DateRange;
  /** The organisations the owner may read now, in tree order. */
  organisations: readonly FeedOrganisation[];
  items: readonly FeedItem[];
  /** The series of the items that are occurrences (issue 15): each is written as one event with its rule. */
  series?: readonly FeedSeries[];
}

/** What the feed needs of a series: its rule, start and exception dates, and how far its occurrences exist. */
export type FeedSeries = Pick<SeriesRecord, 'id' | 'orgId' | 'rrule' | 'startsAt' | 'startDay' | 'exdates' | 'lastDay' | 'materialisedUntil'>;

const kindLabels = new Set<string>(ITEM_KINDS);
const statusLabels = new Set<string>(ITEM_STATUSES);

/**
 * The feed as an iCalendar file. Timed items carry their organisation's zone as TZID with a
 * VTIMEZONE generated for the window (Outlook resolves a TZID only through one; Google and Yandex
 * accept it too), so a 10:00 press conference in Vladivostok stays 10:00 Vladivostok time in every
 * client. Date items are all-day events (`DTSTART;VALUE=DATE`). The text is a function of the data
 * alone (DTSTAMP is the item's last change, not the clock), so equal content has an equal ETag.
 */
export function renderFeed(doc: FeedDocument): string {
  const t = (msg: Message) => render(msg, doc.lang);
  const orgs = new Map(doc.organisations.map((org) => [org.id, org]));
  const names = doc.organisations.map((org) => org.name);
  const ownName =
    doc.name !== '' ? doc.name : names.length === 0 ? undefined : names.length === 1 ? names[0]! : t(message('feed.andMore', { first: names[0]!, count: names.length - 1 }));
  const calendarName = ownName === undefined ? t(message('feed.defaultName')) : t(message('feed.calendarName', { name: ownName }));
  // The window's ends as instants, a day wider on each side for any zone.
  const windowStart = Date.parse(`${doc.window.from}T00:00Z`) - 86_400_000;
  const windowEnd = Date.parse(`${doc.window.to}T00:00Z`) + 2 * 86_400_000;

  const calendar = ical({
    prodId: { company: 'Ritm', product: 'Calendar feed', language: doc.lang.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    // ical-generator writes these two as given: escaped here like every other text (RFC 5545 §3.3.11).
    name: escapeText(calendarName),
    description: escapeText(t(message('feed.description', { from: doc.window.from, to: doc.window.to }))),
    ttl: REFRESH_SECONDS,
    // No calendar-wide zone: with one ical-generator writes DTSTAMP, CREATED and LAST-MODIFIED
    // as floating local times, where RFC 5545 wants UTC. The generator alone writes a VTIMEZONE
    // for each zone the events name. (No X-WR-TIMEZONE either: it would come after the events,
    // and every timed event names its zone.)
    timezone: { name: null, generator: (zone: string) => vtimezone(zone, windowStart, windowEnd) },
  });

  /** An item's event: its own, or (with `occurrence`) one instance of its series' event. */
  const writeItem = (item: FeedItem, occurrence?: { uid: string; recurrenceId: { date: string } | { instant: number } }) => {
    const org = orgs.get(item.orgId);
    if (org === undefined) return;
    calendar.createEvent({
      id: occurrence?.uid ?? `${item.id}@${doc.host}`,
      ...eventFields(item, org),
      ...(occurrence && {
        recurrenceId: 'instant' in occurrence.recurrenceId ? new TZDate(occurrence.recurrenceId.instant, org.timeZone) : dayIn(occurrence.recurrenceId.date, org.timeZone, 0),
      }),
    });
  };

  const eventFields = (item: FeedItem, org: FeedOrganisation) => {
    const adminLink = `${doc.adminUrl}/calendar?org=${org.id}&date=${item.localDay}&highlight=${item.localDay}..${item.localDay}`;
    const kind = kindLabels.has(item.kind) ? t(message(`feed.kind.${item.kind}` as `feed.kind.${(typeof ITEM_KINDS)[number]}`)) : item.kind;
    const status = statusLabels.has(item.status) ? t(message(`feed.status.${item.status}`)) : item.status;
    const description = [
      `${kind} · ${status}`,
      t(message('feed.organisation', { name: org.name })),
      ...(item.channelNames.length > 0 ? [t(message('feed.channels', { names: item.channelNames.join(', ') }))] : []),
      ...(item.url ? [t(message('feed.link', { url: item.url }))] : []),
      t(message('feed.openInRitm', { url: adminLink })),
    ].join('\n');
    const timing =
      item.atDate !== null
        ? {
            allDay: true,
            start: dayIn(item.atDate, org.timeZone, 0),
            end: dayIn(item.atDate, org.timeZone, 1),
          }
        : {
            start: new TZDate(item.atInstant!.getTime(), org.timeZone),
            end: new TZDate(item.atInstant!.getTime() + TIMED_EVENT_MS, org.timeZone),
          };
    return {
      // An item's version starts at 1 and rises with every change: SEQUENCE starts at 0.
      sequence: item.version - 1,
      stamp: item.updatedAt,
      created: item.createdAt,
      lastModified: item.updatedAt,
      timezone: org.timeZone,
      ...timing,
      summary: item.title,
      description,
      categories: [{ name: kind }],
      status: eventStatus(item.status),
      // A publication plan informs; it should not mark its readers busy.
      transparency: ICalEventTransparency.TRANSPARENT,
      url: item.url ?? adminLink,
    };
  };

  const inSeries = new Map<string, FeedItem[]>();
  for (const item of doc.items) {
    const series = item.seriesId == null ? undefined : doc.series?.find((s) => s.id === item.seriesId);
    if (series === undefined || orgs.get(item.orgId) === undefined) writeItem(item);
    else inSeries.set(series.id, [...(inSeries.get(series.id) ?? []), item]);
  }
  for (const series of doc.series ?? []) {
    const occurrences = inSeries.get(series.id);
    if (occurrences === undefined) continue;
    const org = orgs.get(series.orgId)!;
    const plan = seriesEvents(series, occurrences, doc.window, org.timeZone);
    if (plan === undefined) {
      for (const item of occurrences) writeItem(item);
      continue;
    }
    const uid = `${series.id}@${doc.host}`;
    calendar.createEvent({ id: uid, ...eventFields(plan.master, org), repeating: plan.repeating });
    for (const { item, day } of plan.overrides) {
      const startsAt = occurrenceAt(series.startsAt, day, org.timeZone);
      writeItem(item, { uid, recurrenceId: startsAt.length === 10 ? { date: day } : { instant: Date.parse(startsAt) } });
    }
    for (const item of plan.alone) writeItem(item);
  }
  return allDayRecurrenceIds(calendar.toString());
}

/**
 * ical-generator writes every RECURRENCE-ID as a date-time; an all-day instance must be named by
 * its date, as its DTSTART is (RFC 5545 §3.8.4.4), or clients do not match it to its day.
 */
function allDayRecurrenceIds(text: string): string {
  return text
    .split('BEGIN:VEVENT')
    .map((block) => (block.includes('\r\nDTSTART;VALUE=DATE:') ? block.replace(/\r\nRECURRENCE-ID;TZID=[^:\r\n]+:(\d{8})T000000\r\n/, '\r\nRECURRENCE-ID;VALUE=DATE:$1\r\n') : block))
    .join('BEGIN:VEVENT');
}

/** Whether two occurrences read the same in a calendar (then one rule stands for both). */
const sameEvent = (a: FeedItem, b: FeedItem) =>
  a.title === b.title && a.kind === b.kind && a.status === b.status && a.url === b.url && a.channelNames.join('\n') === b.channelNames.join('\n');

/**
 * A series in the feed (RFC 5545 §3.8.5): one event whose rule gives exactly the occurrence days
 * the feed holds — bounded to the window and to the occurrences that exist, EXDATE for every day
 * the feed has no occurrence on (deleted alone, non-working, left out by the feed's statuses or
 * channels) — with each occurrence that reads differently (moved, changed, done) as an instance of
 * its own (RECURRENCE-ID), and occurrences no longer on the rule as events of their own. Undefined
 * when no occurrence can stand for the rule, or the bounded rule would not give the same days (then
 * every occurrence is written alone: a calendar shows the same).
 */
export function seriesEvents(series: FeedSeries, occurrences: readonly FeedItem[], window: DateRange, timeZone: string) {
  const ends = [window.to, ...(series.lastDay === null ? [] : [series.lastDay]), ...(series.materialisedUntil === null ? [] : [series.materialisedUntil])].sort();
  const from = series.startDay > window.from ? series.startDay : window.from;
  // Every day of the rule, exceptions included: the bounded rule must give these, EXDATE takes the rest out.
  const days = occurrenceDays(series.rrule, series.startDay, { from, to: ends[0]! });
  const byDay = new Map(occurrences.filter((item) => item.seriesDay != null).map((item) => [item.seriesDay!, item]));
  const onRule = (item: FeedItem, day: string) => !item.seriesDetached && item.localDay === day && itemAt(item) === occurrenceAt(series.startsAt, day, timeZone);
  const master = days.map((day) => byDay.get(day)).find((item) => item !== undefined && onRule(item, item.seriesDay!));
  if (master === undefined || days.length === 0) return undefined;
  const rule = `${series.rrule.split(';').filter((part) => !/^(COUNT|UNTIL)=/.test(part)).join(';')};UNTIL=${untilOf(series.startsAt, days.at(-1)!, timeZone)}`;
  if (occurrenceDays(rule, days[0]!, window).join() !== days.join()) return undefined;
  const dayList = new Set(days);
  const overrides: Array<{ item: FeedItem; day: string }> = [];
  const exdates: string[] = [];
  for (const day of days) {
    const item = byDay.get(day);
    if (item === undefined) exdates.push(day);
    else if (!(onRule(item, day) && sameEvent(item, master))) overrides.push({ item, day });
  }
  const alone = occurrences.filter((item) => item.seriesDay == null || !dayList.has(item.seriesDay));
  const exdateLine =
    exdates.length === 0
      ? []
      : series.startsAt.length === 10
        ? [`EXDATE;VALUE=DATE:${exdates.map((day) => day.replace(/-/g, '')).join(',')}`]
        : [`EXDATE;TZID=${timeZone}:${exdates.map((day) => wallTime(occurrenceAt(series.startsAt, day, timeZone), timeZone)).join(',')}`];
  // The master event is the rule's first day: its own item, or the first occurrence's with that day's start.
  const first = byDay.get(days[0]!);
  const masterItem =
    first !== undefined && first === master
      ? master
      : { ...master, ...startOf(occurrenceAt(series.startsAt, days[0]!, timeZone)), localDay: days[0]! };
  return { master: masterItem, repeating: [`RRULE:${rule}`, ...exdateLine].join('\n'), overrides, alone };
}

const itemAt = (item: FeedItem) => item.atDate ?? item.atInstant!.toISOString();
const startOf = (at: string) => (at.length === 10 ? { atDate: at, atInstant: null } : { atDate: null, atInstant: new Date(at) });

/** UNTIL as RFC 5545 wants it: a date for an all-day series, the last start in UTC for a timed one. */
function untilOf(startsAt: string, lastDay: string, timeZone: string): string {
  if (startsAt.length === 10) return lastDay.replace(/-/g, '');
  return occurrenceAt(startsAt, lastDay, timeZone).replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** An instant as the wall-clock `YYYYMMDDTHHMMSS` of a zone (EXDATE with TZID). */
function wallTime(at: string, timeZone: string): string {
  const instant = Date.parse(at);
  return new Date(instant + offsetMinutes(timeZone, instant) * 60_000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, '');
}

function eventStatus(status: ItemStatus): ICalEventStatus {
  if (status === 'cancelled') return ICalEventStatus.CANCELLED;
  return status === 'published' || status === 'held' ? ICalEventStatus.CONFIRMED : ICalEventStatus.TENTATIVE;
}

/** Midnight of a local date (plus `days`) in a zone: ical-generator writes its date in that zone. */
function dayIn(date: string, timeZone: string, days: number): TZDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(year, month - 1, day + days, timeZone);
}

/**
 * Raised whenever renderFeed writes something differently for the same data, so that clients
 * holding the old file are sent the new one.
 */
const FEED_FORMAT = 2;

/**
 * The feed's ETag, from what the file is made of rather than the file: rendering is pure, so
 * equal inputs give equal bytes, and a poll with a current ETag is answered 304 without
 * rendering (ical-generator folds lines at about a microsecond a character: a full feed costs
 * a second of CPU, a fingerprint a few milliseconds).
 */
export function feedEtag(doc: FeedDocument): string {
  return `"${createHash('sha256').update(JSON.stringify([FEED_FORMAT, doc])).digest('base64url').slice(0, 32)}"`;
}

/** TEXT as RFC 5545 §3.3.11 escapes it: backslash, semicolon, comma, and newlines as `\n`. */
function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}
