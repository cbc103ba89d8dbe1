import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { reactive } from 'vue';
import { request, type RequestOptions } from '../../../api/client.js';
import type { PlanItem } from '../../../api/types.js';
import { i18n } from '../../../i18n.js';
import { planItem, series } from '../../../test/fixtures.js';
import { calendarOf } from '../../../views/calendar/composables/calendar-test-setup.js';
import type { ItemSave } from './use-item-form.js';
import { useRecurrenceForm, type RecurrenceFormContext } from './use-recurrence-form.js';
import { scopesFor, seriesDayOf, splitChanges, useSeriesSave } from './use-series-save.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const occurrence = planItem({ id: 'o3', seriesId: 's1', seriesDay: '2026-12-01', at: '2026-12-01', localDay: '2026-12-01', title: 'Пост ВКонтакте', version: 2 });

function drawerOf(item: PlanItem | null) {
  const stores = calendarOf({ items: [occurrence] });
  const context = reactive<RecurrenceFormContext>({ show: true, item, day: item?.localDay ?? '2026-11-24', timeZone: 'Europe/Moscow' });
  const recurrence = useRecurrenceForm(context);
  const save = vi.fn(async () => {}) as unknown as ItemSave & ReturnType<typeof vi.fn>;
  const remove = vi.fn(async () => {});
  const close = vi.fn();
  const series = useSeriesSave({ context, recurrence, save, remove, close });
  return { ...stores, recurrence, series, save, remove, close };
}

const call = (method: string, path: string) => requestMock.mock.calls.find(([p, o]) => p === path && (o?.method ?? 'GET') === method);

describe('a change to an occurrence, in two', () => {
  it('gives the series its shared fields and the item its own facts', () => {
    expect(splitChanges({ title: 'Новое', channelIds: ['vk'], at: '2026-12-02', status: 'published', url: 'https://vk.com/wall-1_2', planId: null })).toEqual({
      series: { title: 'Новое', channelIds: ['vk'], at: '2026-12-02' },
      item: { status: 'published', url: 'https://vk.com/wall-1_2', planId: null },
    });
  });

  it('offers the answers that make sense', () => {
    expect(scopesFor({ ruleChanged: false, dayChanged: false })).toEqual(['this', 'following', 'all']);
    expect(scopesFor({ ruleChanged: false, dayChanged: true })).toEqual(['this', 'following']);
    expect(scopesFor({ ruleChanged: true, dayChanged: false })).toEqual(['following', 'all']);
    expect(scopesFor({ ruleChanged: true, dayChanged: true })).toEqual(['following']);
  });

  it('starts "this and following" at the occurrence’s day on the rule, which a moved one keeps', () => {
    expect(seriesDayOf(occurrence, 'Europe/Moscow')).toBe('2026-12-01');
    expect(seriesDayOf({ ...occurrence, at: '2026-12-02', localDay: '2026-12-02' }, 'Europe/Moscow')).toBe('2026-12-01');
  });
});

describe('saving in the drawer with series', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'ru';
    requestMock.mockReset().mockImplementation(async (path: string, options?: RequestOptions) => {
      if (path === '/orgs/org/items' && options?.method === 'POST') return { id: 'o1', version: 1, seriesId: 's1', occurrences: 8 };
      if (path === '/orgs/org/items') return { items: [{ ...occurrence, version: 3 }] };
      if (path === '/orgs/org/series/s1' && !options?.method) return series();
      if (path === '/orgs/org/series/s1' && options?.method === 'PATCH') return { series: series({ version: 4 }), split: null };
      if (path === '/orgs/org/items/o3' && options?.method === 'PATCH') return { ...occurrence, ...(options.body as object), version: 4 };
      return undefined;
    });
  });

  it('creates a new item with a rule as a series and reloads what the view shows', async () => {
    const { recurrence, series: s, save, close } = drawerOf(null);
    recurrence.form.pattern = 'weekly';
    recurrence.toggleWeekday(4);
    recurrence.form.ends = 'count';
    recurrence.form.count = 8;
    await s.save({ title: 'Пост ВКонтакте', kind: 'post', at: '2026-11-24', channelIds: ['vk'] }, null);
    expect(call('POST', '/orgs/org/items')?.[1]?.body).toEqual({ title: 'Пост ВКонтакте', kind: 'post', at: '2026-11-24', channelIds: ['vk'], recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8', skipNonWorkingDays: false });
    expect(call('GET', '/orgs/org/items')).toBeDefined();
    expect(save).not.toHaveBeenCalled();
    expect(close).toHaveBeenCalled();
  });

  it('saves a new item without a rule the usual way, and one with a bad rule not at all', async () => {
    const { recurrence, series: s, save } = drawerOf(null);
    await s.save({ title: 'Один', kind: 'post', at: '2026-11-24' }, null);
    expect(save).toHaveBeenCalledWith({ title: 'Один', kind: 'post', at: '2026-11-24' }, null);
    recurrence.form.pattern = 'weekly';
    recurrence.toggleWeekday(2);
    save.mockClear();
    await s.save({ title: 'Один', kind: 'post', at: '2026-11-24' }, null);
    expect(save).not.toHaveBeenCalled();
    expect(requestMock.mock.calls.filter(([, o]) => o?.method === 'POST')).toEqual([]);
    expect(recurrence.problems.value.weekdays).toBeTruthy();
  });

  it('asks nothing when only the occurrence’s own facts change', async () => {
    const { series: s, save } = drawerOf(occurrence);
    await s.save({ status: 'cancelled' }, occurrence);
    expect(s.question.value).toBeNull();
    expect(save).toHaveBeenCalledWith({ status: 'cancelled' }, occurrence);
  });

  it('saves «Только это» on the item, and asks again each time', async () => {
    const { series: s, save } = drawerOf(occurrence);
    const done = s.save({ title: 'Другой' }, occurrence);
    expect(s.question.value).toMatchObject({ action: 'save', title: 'Пост ВКонтакте', day: '2026-12-01', scopes: ['this', 'following', 'all'] });
    s.question.value?.answer('this');
    await done;
    expect(save).toHaveBeenCalledWith({ title: 'Другой' }, occurrence);
    expect(s.question.value).toBeNull();
  });

  it('changes «Это и следующие» through the series from the occurrence’s day, then its own facts on its new version', async () => {
    const { series: s, save, close, calendar } = drawerOf(occurrence);
    await flushPromises();
    const done = s.save({ title: 'Пост ВК: итоги', status: 'published' }, occurrence);
    s.question.value?.answer('following');
    await done;
    expect(call('PATCH', '/orgs/org/series/s1')?.[1]?.body).toEqual({ title: 'Пост ВК: итоги', version: 3, from: '2026-12-01' });
    const own = call('PATCH', '/orgs/org/items/o3');
    expect(own?.[1]).toMatchObject({ body: { status: 'published' }, version: 3 });
    expect(save).not.toHaveBeenCalled();
    expect(close).toHaveBeenCalled();
    expect(calendar.items[0]?.version).toBe(4);
  });

  it('changes «Все» through the series without a day, with a new rule when one was set', async () => {
    const { recurrence, series: s } = drawerOf(occurrence);
    await flushPromises();
    recurrence.changingRule.value = true;
    recurrence.form.count = 10;
    const done = s.save({}, occurrence);
    expect(s.question.value?.scopes).toEqual(['following', 'all']);
    s.question.value?.answer('all');
    await done;
    expect(call('PATCH', '/orgs/org/series/s1')?.[1]?.body).toEqual({ version: 3, rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10', skipNonWorkingDays: false });
  });

  it('keeps the drawer as it was when the question is cancelled', async () => {
    const { series: s, save, close } = drawerOf(occurrence);
    const done = s.save({ title: 'Другой' }, occurrence);
    s.question.value?.answer(null);
    await done;
    expect(save).not.toHaveBeenCalled();
    expect(close).not.toHaveBeenCalled();
    expect(requestMock.mock.calls.filter(([, o]) => o?.method)).toEqual([]);
  });
});

describe('deleting in the drawer with series', () => {
  beforeEach(() => {
    requestMock.mockReset().mockImplementation(async (path: string, options?: RequestOptions) => {
      if (path === '/orgs/org/items') return { items: [] };
      if (path === '/orgs/org/series/s1' && !options?.method) return series();
      return undefined;
    });
  });

  it('deletes a single item at once, and an occurrence as the user answers', async () => {
    const single = planItem();
    const { series: s, remove } = drawerOf(single);
    await s.remove(single);
    expect(remove).toHaveBeenCalledWith(single);

    const d = drawerOf(occurrence);
    await flushPromises();
    let done = d.series.remove(occurrence);
    d.series.question.value?.answer('this');
    await done;
    expect(d.remove).toHaveBeenCalledWith(occurrence);

    done = d.series.remove(occurrence);
    d.series.question.value?.answer('following');
    await done;
    expect(call('DELETE', '/orgs/org/series/s1')?.[1]).toMatchObject({ method: 'DELETE', query: { version: 3, from: '2026-12-01' } });

    requestMock.mockClear();
    done = d.series.remove(occurrence);
    d.series.question.value?.answer('all');
    await done;
    expect(call('DELETE', '/orgs/org/series/s1')?.[1]).toMatchObject({ query: { version: 3, from: undefined } });
    expect(d.close).toHaveBeenCalledTimes(2);
    expect(d.calendar.items).toEqual([]);
  });
});
