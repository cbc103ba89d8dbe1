import { computed, type Ref } from 'vue';
import { periodOf } from '@ritm/domain/period';
import type { PlanItem } from '../../../api/types.js';
import { type CalendarView, itemDay, stepAnchor, weeksCovering } from '../../../lib/dates.js';
import type { DateSpan } from './use-calendar-url.js';

/** Items by their local day, each day in time order (all-day items, dated by day only, first). */
export function groupByDay(items: readonly PlanItem[], timeZone: string): Map<string, PlanItem[]> {
  const map = new Map<string, PlanItem[]>();
  for (const item of items) {
    // The server gives each item's local day; computing it from an instant is the slow path.
    const day = item.localDay || itemDay(item.at, timeZone);
    const list = map.get(day);
    if (list) list.push(item);
    else map.set(day, [item]);
  }
  for (const list of map.values()) list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return map;
}

/** The three months of a quarter, each with the weeks of its grid. */
export function monthsOf(quarter: DateSpan): { start: string; end: string; weeks: string[][] }[] {
  const out: { start: string; end: string; weeks: string[][] }[] = [];
  let start = quarter.start;
  for (let i = 0; i < 3; i++) {
    const m = periodOf(start, 'month');
    out.push({ start: m.start, end: m.end, weeks: weeksCovering(m.start, m.end) });
    start = stepAnchor('month', m.end, 1);
  }
  return out;
}

/** What the grid lays out: the items of each day, the week rows, the quarter's months. */
export function useCalendarDays(options: { items: Ref<readonly PlanItem[]>; timeZone: Ref<string>; view: Ref<CalendarView>; period: Ref<DateSpan> }) {
  const itemsByDay = computed(() => groupByDay(options.items.value, options.timeZone.value));
  /** How many items the period shows (the loaded span is wider: whole norm periods). */
  const visibleCount = computed(() => {
    let n = 0;
    const { start, end } = options.period.value;
    for (const [day, list] of itemsByDay.value) if (day >= start && day <= end) n += list.length;
    return n;
  });
  const weeks = computed(() => weeksCovering(options.period.value.start, options.period.value.end));
  const months = computed(() => (options.view.value === 'quarter' ? monthsOf(options.period.value) : []));
  return { itemsByDay, visibleCount, weeks, months };
}
