import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../repositories/calendar-feeds.js';
import { feedEtag, renderFeed, type FeedDocument } from './calendar-feed.js';

const item = (over: Partial<FeedItem> = {}): FeedItem => ({
  id: '00000000-0000-4000-8000-000000000001',
  orgId: 'berlin',
  kind: 'post',
  title: 'Пост',
  status: 'planned',
  atDate: null,
  atInstant: new Date('2026-12-01T07:00:00Z'),
  localDay: '2026-12-01',
  url: null,
  version: 1,
  createdAt: new Date('2026-11-20T10:00:00Z'),
  updatedAt: new Date('2026-11-21T10:00:00Z'),
  channelNames: [],
  ...over,
});

const doc = (over: Partial<FeedDocument> = {}): FeedDocument => ({
  name: '',
  lang: 'en',
  host: 'ritm.example.org',
  adminUrl: 'https://ritm.example.org',
  window: { from: '2026-09-01', to: '2027-12-01' },
  organisations: [
    { id: 'berlin', name: 'Centre; Berlin, "Mitte"', timeZone: 'Europe/Berlin' },
    { id: 'kamchatka', name: 'Centre Kamchatka', timeZone: 'Asia/Kamchatka' },
  ],
  items: [item(), item({ id: '00000000-0000-4000-8000-000000000002', orgId: 'kamchatka', title: 'Own kind', kind: 'radio_show' })],
  ...over,
});

describe('renderFeed', () => {
  it('writes each zone its events name once, the stamps in UTC, and escapes the calendar name', () => {
    const body = renderFeed(doc());
    const calendar = new ICAL.Component(ICAL.parse(body));
    expect(calendar.getAllSubcomponents('vtimezone').map((tz) => tz.getFirstPropertyValue('tzid'))).toEqual(['Europe/Berlin', 'Asia/Kamchatka']);
    const [first] = calendar.getAllSubcomponents('vevent');
    for (const name of ['dtstamp', 'created', 'last-modified']) expect(first!.getFirstProperty(name)!.toICALString()).toMatch(/T\d{6}Z$/);
    expect(body).toContain('X-WR-CALNAME:Ritm: Centre\\; Berlin\\, "Mitte" and 1 more');
    expect(body).not.toContain('X-WR-TIMEZONE');
  });

  it('labels a kind of the organisation’s own by its code and an English owner in English', () => {
    const body = renderFeed(doc()).replace(/\r\n /g, '');
    expect(body).toContain('CATEGORIES:radio_show');
    expect(body).toContain('DESCRIPTION:radio_show · planned\\nOrganisation: Centre Kamchatka');
  });

  it('writes the same bytes for the same data, and says so with the same ETag', () => {
    expect(renderFeed(doc())).toBe(renderFeed(doc()));
    expect(feedEtag(doc())).toBe(feedEtag(doc()));
    expect(feedEtag(doc({ items: [item({ version: 2 })] }))).not.toBe(feedEtag(doc({ items: [item()] })));
    expect(feedEtag(doc({ organisations: [{ id: 'berlin', name: 'Renamed', timeZone: 'Europe/Berlin' }] }))).not.toBe(feedEtag(doc()));
  });

  it('names the calendar after a single organisation, or says it is empty', () => {
    expect(renderFeed(doc({ organisations: [], items: [] }))).toContain('X-WR-CALNAME:Ritm calendar\r\n');
    expect(renderFeed(doc({ lang: 'ru', organisations: [{ id: 'b', name: 'ЦЗН', timeZone: 'Europe/Moscow' }], items: [] }))).toContain('X-WR-CALNAME:Ритм: ЦЗН');
  });
});
