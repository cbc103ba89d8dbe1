import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { request, type RequestOptions } from '../../../api/client.js';
import type { ItemCreate } from '../../../api/types.js';
import { channel, planItem, weeklyPostsNorm } from '../../../test/fixtures.js';
import { useProductionCalendarStore } from '../../../stores/production-calendar.js';
import { calendarOf } from './calendar-test-setup.js';
import { gapDrafts, gapSeries, useFillGap } from './use-fill-gap.js';
import { useNormStatuses } from './use-norm-statuses.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const week = { start: '2026-11-23', end: '2026-11-29' };
const vk = channel();
const site = channel({ id: 'site', type: 'website', name: 'Сайт' });

function fillerOf() {
  const stores = calendarOf({ items: [planItem({ id: 'a', at: '2026-11-23', localDay: '2026-11-23', channelIds: ['vk'], status: 'published' })], norms: [weeklyPostsNorm()], channels: [site, vk] });
  const statuses = useNormStatuses({ view: ref('week'), period: ref(week), today: ref('2026-11-25') });
  return { ...stores, statuses, filler: useFillGap(statuses) };
}

describe('filling a gap', () => {
  beforeEach(() => {
    requestMock.mockReset().mockImplementation(async (path: string, options?: RequestOptions) => {
      if (path.endsWith('/items/bulk')) return { items: (options?.body as { items: unknown[] }).items.map((_, i) => ({ id: `new${i}`, version: 1 })) };
      if (path.endsWith('/items')) return { items: [] };
      return null;
    });
  });

  it('creates the suggested drafts in one transaction, on the row’s channel, and reloads the items', async () => {
    const { statuses, filler, calendar } = fillerOf();
    const row = statuses.rows.value[0]!;
    const done = filler.fillGap(row);
    expect(filler.filling.value).toBe(row.key);
    await done;
    expect(filler.filling.value).toBeNull();
    const bulk = requestMock.mock.calls.find(([path]) => path === '/orgs/org/items/bulk');
    expect(bulk?.[1]?.method).toBe('POST');
    const items = (bulk?.[1]?.body as { items: ItemCreate[] }).items;
    // Three posts a week, one published: two more close the gap, on days still ahead.
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item).toMatchObject({ kind: 'post', status: 'planned', title: 'Черновик: Посты в соцсетях', channelIds: ['vk'], audienceIds: [], keyMessageIds: [] });
      expect(item.at >= '2026-11-25' && item.at <= '2026-11-29').toBe(true);
    }
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/items', { query: calendar.span });
  });

  it("keeps the drafts off the organisation's holidays (issue 16)", async () => {
    const { statuses, filler } = fillerOf();
    // Two posts are missing over 25–29 November; the 26th and 27th are declared holidays here.
    useProductionCalendarStore().years = new Map([
      [
        'org|2026',
        ['2026-11-26', '2026-11-27'].map((day, i) => ({ id: `h${i}`, orgId: null, orgName: null, day, kind: 'holiday' as const, name: 'Праздник', source: '', shipped: false, version: 1, updatedAt: '2026-01-01T00:00:00.000Z' })),
      ],
    ]);
    await filler.fillGap(statuses.rows.value[0]!);
    const bulk = requestMock.mock.calls.find(([path]) => path === '/orgs/org/items/bulk');
    const dates = (bulk?.[1]?.body as { items: ItemCreate[] }).items.map((i) => i.at);
    expect(dates).toHaveLength(2);
    expect(dates.filter((d) => d === '2026-11-26' || d === '2026-11-27')).toEqual([]);
  });

  it('does nothing for a row the browser did not judge', async () => {
    const { filler, statuses } = fillerOf();
    await filler.fillGap({ ...statuses.rows.value[0]!, key: 'other|vk|2026-11-23' });
    expect(requestMock).not.toHaveBeenCalled();
  });

  it('frees the row when the server refuses the drafts', async () => {
    requestMock.mockRejectedValue(new Error('offline'));
    const { filler, statuses } = fillerOf();
    await filler.fillGap(statuses.rows.value[0]!);
    expect(filler.filling.value).toBeNull();
  });
});

describe('the drafts of a gap', () => {
  const norm = weeklyPostsNorm().norm;

  it('take the norm’s first kind and, for a row of no channel, the first active channel the norm counts', () => {
    const drafts = gapDrafts({ channel: null }, ['2026-11-26'], { ...norm, kinds: ['video', 'post'] }, [site, channel({ id: 'old', active: false }), vk], 'Черновик');
    expect(drafts).toEqual([{ kind: 'video', title: 'Черновик', status: 'planned', at: '2026-11-26', channelIds: ['vk'], audienceIds: [], keyMessageIds: [] }]);
  });

  it('are posts on no channel when the norm names neither kinds nor a fitting channel', () => {
    const [draft] = gapDrafts({ channel: null }, ['2026-11-26'], { id: 'presence', type: 'presence' }, [], 'Черновик');
    expect(draft).toMatchObject({ kind: 'post', channelIds: [] });
  });
});

describe('filling a gap as a series (issue 15)', () => {
  beforeEach(() => {
    requestMock.mockReset().mockImplementation(async (path: string, options?: RequestOptions) => {
      if (path === '/orgs/org/items' && options?.method === 'POST') return { id: 'new', version: 1, seriesId: 's1', occurrences: 13 };
      if (path === '/orgs/org/items') return { items: [] };
      return null;
    });
  });

  it('offers the norm’s rhythm from today on, open or until the period ends', () => {
    const row = { periodStart: '2026-11-23', periodEnd: '2026-11-29' };
    const norm = weeklyPostsNorm().norm;
    expect(gapSeries(row, norm, '2026-11-25', 'open')).toMatchObject({ start: '2026-11-25', rule: { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR' }, rhythm: { min: 3, per: 'week' }, words: 'Каждую неделю по понедельникам, средам и пятницам' });
    expect(gapSeries(row, { ...norm, min: 2 }, '2026-11-25', 'period')?.rule.rrule).toBe('FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261129');
    // A period still ahead starts the series at its first day.
    expect(gapSeries({ periodStart: '2026-12-01', periodEnd: '2026-12-31' }, { ...norm, per: 'month', min: 1 }, '2026-11-25', 'open')?.start).toBe('2026-12-01');
  });

  it('offers nothing for a norm without a rhythm, or one a series cannot keep', () => {
    const row = { periodStart: '2026-11-23', periodEnd: '2026-11-29' };
    expect(gapSeries(row, { id: 'presence', type: 'presence' }, '2026-11-25', 'open')).toBeNull();
    expect(gapSeries(row, { ...weeklyPostsNorm().norm, per: 'day', min: 3 }, '2026-11-25', 'open')).toBeNull();
    expect(gapSeries(row, undefined, '2026-11-25', 'open')).toBeNull();
  });

  it('posts one item with the rule, on the row’s channel, and reloads the items', async () => {
    const { statuses, filler, calendar } = fillerOf();
    const row = statuses.rows.value[0]!;
    filler.offerSeries(row);
    expect(filler.seriesPlan.value?.words).toBe('Каждую неделю по понедельникам, средам и пятницам');
    filler.seriesEnd.value = 'period';
    await filler.createSeries();
    const post = requestMock.mock.calls.find(([path, o]) => path === '/orgs/org/items' && o?.method === 'POST');
    expect(post?.[1]?.body).toEqual({
      kind: 'post',
      title: 'Черновик: Посты в соцсетях',
      status: 'planned',
      at: '2026-11-25',
      channelIds: ['vk'],
      audienceIds: [],
      keyMessageIds: [],
      recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20261129',
      skipNonWorkingDays: false,
    });
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/items', { query: calendar.span });
    expect(filler.seriesRow.value).toBeNull();
    expect(filler.filling.value).toBeNull();
  });

  it('keeps the dialog open when the server refuses the series', async () => {
    requestMock.mockRejectedValue(new Error('offline'));
    const { statuses, filler } = fillerOf();
    filler.offerSeries(statuses.rows.value[0]!);
    await filler.createSeries();
    expect(filler.seriesRow.value).not.toBeNull();
    expect(filler.filling.value).toBeNull();
  });
});
