import { describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { calendarLocation, calendarQuery, readCalendarQuery, useCalendarUrl } from './use-calendar-url.js';

async function calendarAt(address: string) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/calendar', name: 'calendar', component: { render: () => null } }] });
  await router.push(address);
  return { router, url: useCalendarUrl(router, ref('2026-11-25')) };
}

describe('the calendar address', () => {
  it('reads a month around a date with a highlighted week', () => {
    expect(readCalendarQuery({ view: 'month', date: '2026-11-03', highlight: '2026-11-02..2026-11-08' })).toEqual({
      view: 'month',
      date: '2026-11-03',
      highlight: { start: '2026-11-02', end: '2026-11-08' },
    });
  });

  it('falls back to this week for an unknown view, an impossible date or half a highlight', () => {
    expect(readCalendarQuery({ view: 'year', date: '2026-02-30', highlight: '2026-11-02..' })).toEqual({ view: 'week', date: null, highlight: null });
    expect(readCalendarQuery({})).toEqual({ view: 'week', date: null, highlight: null });
  });

  it('leaves the defaults out, so that this week is a bare /calendar', () => {
    expect(calendarQuery({ view: 'week', date: null, highlight: null })).toEqual({ view: undefined, date: undefined, highlight: undefined });
  });

  it('round-trips every state through the query', () => {
    const states = [
      { view: 'quarter', date: '2026-10-01', highlight: { start: '2026-10-01', end: '2026-12-31' } },
      { view: 'month', date: '2026-11-03', highlight: null },
      { view: 'week', date: null, highlight: null },
    ] as const;
    for (const state of states) {
      const query = Object.fromEntries(Object.entries(calendarQuery(state)).filter(([, v]) => v !== undefined)) as Record<string, string>;
      expect(readCalendarQuery(query)).toEqual(state);
    }
  });

  it('drills down from the dashboard to the smallest view holding the failing period', () => {
    expect(calendarLocation('org', { start: '2026-11-16', end: '2026-11-22' })).toEqual({
      name: 'calendar',
      query: { org: 'org', view: undefined, date: '2026-11-16', highlight: '2026-11-16..2026-11-22' },
    });
    expect(calendarLocation('org', { start: '2026-11-01', end: '2026-11-30' })).toMatchObject({ query: { view: 'month', date: '2026-11-01' } });
    expect(calendarLocation('org', { start: '2026-10-01', end: '2026-12-31' })).toMatchObject({ query: { view: 'quarter' } });
    expect(calendarLocation('org', { start: null, end: null })).toEqual({ name: 'calendar', query: { org: 'org' } });
  });
});

describe('useCalendarUrl', () => {
  it('shows this week when the address names nothing', async () => {
    const { url } = await calendarAt('/calendar');
    expect(url.view.value).toBe('week');
    expect(url.anchor.value).toBe('2026-11-25');
    expect(url.period.value).toEqual({ start: '2026-11-23', end: '2026-11-29' });
  });

  it('steps a month at a time and keeps the organisation and the highlight in the address', async () => {
    const { router, url } = await calendarAt('/calendar?org=o1&view=month&date=2026-11-03&highlight=2026-11-02..2026-11-08');
    await url.step(1);
    expect(router.currentRoute.value.query).toEqual({ org: 'o1', view: 'month', date: '2026-12-01', highlight: '2026-11-02..2026-11-08' });
    await url.step(-1);
    await url.step(-1);
    expect(url.period.value).toEqual({ start: '2026-10-01', end: '2026-10-31' });
  });

  it('goes back to today without the highlight, and replaces the history entry', async () => {
    const { router, url } = await calendarAt('/calendar?org=o1&date=2026-01-14&highlight=2026-01-12..2026-01-18');
    const push = vi.spyOn(router, 'push');
    await url.showToday();
    expect(router.currentRoute.value.query).toEqual({ org: 'o1' });
    expect(url.anchor.value).toBe('2026-11-25');
    // Paging through periods must not fill the browser's history.
    expect(push).not.toHaveBeenCalled();
  });

  it('opens the week of a day from the month, and a month from the quarter', async () => {
    const { router, url } = await calendarAt('/calendar?view=quarter&date=2026-10-01');
    await url.showMonth('2026-11-01');
    expect(router.currentRoute.value.query).toEqual({ view: 'month', date: '2026-11-01' });
    await url.showWeekOf('2026-11-18');
    expect(router.currentRoute.value.query).toEqual({ date: '2026-11-18' });
    expect(url.period.value).toEqual({ start: '2026-11-16', end: '2026-11-22' });
  });

  it('adds a new item on the anchor when it is shown, else on the first day shown', async () => {
    const { url } = await calendarAt('/calendar?view=month&date=2026-11-18');
    expect(url.defaultDay.value).toBe('2026-11-18');
    await url.step(1);
    expect(url.defaultDay.value).toBe('2026-12-01');
  });
});
