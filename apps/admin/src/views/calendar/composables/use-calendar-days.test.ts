import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { planItem } from '../../../test/fixtures.js';
import { groupByDay, monthsOf, useCalendarDays } from './use-calendar-days.js';

describe('the days of the calendar grid', () => {
  it('puts each item on its local day, all-day items first, then by time', () => {
    const late = planItem({ id: 'late', at: '2026-11-24T15:00:00.000Z', localDay: '2026-11-24' });
    const early = planItem({ id: 'early', at: '2026-11-24T06:00:00.000Z', localDay: '2026-11-24' });
    const allDay = planItem({ id: 'all-day', at: '2026-11-24', localDay: '2026-11-24' });
    // 23:30 UTC is the next morning in Moscow: a day the server did not name is placed in the zone.
    const night = planItem({ id: 'night', at: '2026-11-24T23:30:00.000Z', localDay: '' });
    const days = groupByDay([late, early, allDay, night], 'Europe/Moscow');
    expect(days.get('2026-11-24')?.map((i) => i.id)).toEqual(['all-day', 'early', 'late']);
    expect(days.get('2026-11-25')?.map((i) => i.id)).toEqual(['night']);
  });

  it('splits a quarter into its three months, each with whole Monday-to-Sunday weeks', () => {
    const months = monthsOf({ start: '2026-10-01', end: '2026-12-31' });
    expect(months.map((m) => [m.start, m.end])).toEqual([
      ['2026-10-01', '2026-10-31'],
      ['2026-11-01', '2026-11-30'],
      ['2026-12-01', '2026-12-31'],
    ]);
    expect(months[1]?.weeks[0]?.[0]).toBe('2026-10-26');
    expect(months[1]?.weeks.at(-1)?.[6]).toBe('2026-12-06');
  });

  it('counts only the items of the period shown, not of the wider span loaded for the norms', () => {
    const items = ref([planItem({ id: 'a', localDay: '2026-11-22', at: '2026-11-22' }), planItem({ id: 'b', localDay: '2026-11-23', at: '2026-11-23' })]);
    const days = useCalendarDays({ items, timeZone: ref('Europe/Moscow'), view: ref('week'), period: ref({ start: '2026-11-23', end: '2026-11-29' }) });
    expect(days.visibleCount.value).toBe(1);
    expect(days.weeks.value).toHaveLength(1);
    expect(days.months.value).toEqual([]);
  });
});
