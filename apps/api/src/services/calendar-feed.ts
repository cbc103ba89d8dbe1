import { createHash } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency, default as ical } from 'ical-generator';
import { ITEM_KINDS, ITEM_STATUSES, type ItemStatus } from '@ritm/domain/item';
import type { DateRange } from '@ritm/domain/local-date';
import { vtimezone } from '@ritm/domain/vtimezone';
import { message, render, type Language, type Message } from '../http/messages.js';
import type { FeedItem, FeedOrganisation } from '../repositories/calendar-feeds.js';

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
}

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

  for (const item of doc.items) {
    const org = orgs.get(item.orgId);
    if (org === undefined) continue;
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
    calendar.createEvent({
      id: `${item.id}@${doc.host}`,
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
    });
  }
  return calendar.toString();
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
const FEED_FORMAT = 1;

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
