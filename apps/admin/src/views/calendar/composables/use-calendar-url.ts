import { computed, type Ref } from 'vue';
import type { LocationQuery, LocationQueryRaw, RouteLocationRaw, Router } from 'vue-router';
import { isLocalDate } from '@ritm/domain/local-date';
import { PLAN_PERIODS } from '@ritm/domain/media-plan';
import { calendarViewOfSpan } from '@ritm/domain/notification-links';
import { type CalendarView, stepAnchor, viewPeriod } from '../../../lib/dates.js';

// The calendar keeps what it shows in its address (`?view=month&date=2026-11-03&highlight=…`),
// so a link from the dashboard, a reload or the back button shows the same period.

/** The calendar's views; the week is the default and is left out of the address. */
export const CALENDAR_VIEWS: readonly CalendarView[] = PLAN_PERIODS;

export interface DateSpan {
  start: string;
  end: string;
}

/** What the address says; `date` null means "today". */
export interface CalendarUrlState {
  view: CalendarView;
  date: string | null;
  highlight: DateSpan | null;
}

/** Reads the calendar's query; anything unknown or malformed falls back to the default. */
export function readCalendarQuery(query: LocationQuery): CalendarUrlState {
  const { view, date, highlight } = query;
  const [start, end] = typeof highlight === 'string' ? highlight.split('..') : [];
  return {
    view: CALENDAR_VIEWS.includes(view as CalendarView) ? (view as CalendarView) : 'week',
    date: isLocalDate(date) ? date : null,
    highlight: isLocalDate(start) && isLocalDate(end) ? { start, end } : null,
  };
}

/** The query for a state: the defaults (week, today, nothing highlighted) are left out. */
export function calendarQuery(state: Partial<CalendarUrlState>): LocationQueryRaw {
  return {
    view: state.view && state.view !== 'week' ? state.view : undefined,
    date: state.date ?? undefined,
    highlight: state.highlight ? `${state.highlight.start}..${state.highlight.end}` : undefined,
  };
}

/**
 * The calendar of an organisation on a failing period, highlighted (the dashboard's drill
 * down): the smallest view that holds the period (the domain's rule, which notification links
 * follow too).
 */
export function calendarLocation(orgId: string, span: { start: string | null; end: string | null }): RouteLocationRaw {
  const { start, end } = span;
  if (!start || !end) return { name: 'calendar', query: { org: orgId } };
  const view: CalendarView = calendarViewOfSpan(start, end);
  return { name: 'calendar', query: { org: orgId, ...calendarQuery({ view, date: start, highlight: { start, end } }) } };
}

/** The calendar's address as reactive state, and the ways to change it (each replaces the entry). */
export function useCalendarUrl(router: Router, today: Ref<string>) {
  const state = computed(() => readCalendarQuery(router.currentRoute.value.query));
  const view = computed(() => state.value.view);
  const anchor = computed(() => state.value.date ?? today.value);
  const highlight = computed(() => state.value.highlight);
  const period = computed(() => viewPeriod(view.value, anchor.value));

  /** Changes some of the state, keeping the rest of the query (e.g. `org`). */
  function go(next: Partial<CalendarUrlState>): Promise<unknown> {
    const current = router.currentRoute.value.query;
    const merged = { ...state.value, ...next };
    return router.replace({ query: { ...current, ...calendarQuery(merged) } });
  }

  return {
    view,
    anchor,
    highlight,
    period,
    go,
    step: (direction: -1 | 1) => go({ date: stepAnchor(view.value, anchor.value, direction) }),
    /** Back to today's period; the highlight was about another one. */
    showToday: () => go({ date: null, highlight: null }),
    showView: (next: CalendarView) => go({ view: next }),
    /** A day's "more" and a month's title open that period. */
    showWeekOf: (date: string) => go({ view: 'week', date }),
    showMonth: (start: string) => go({ view: 'month', date: start }),
    /** Where "add" puts a new item: the anchor when it is shown, else the period's first day. */
    defaultDay: computed(() => (anchor.value >= period.value.start && anchor.value <= period.value.end ? anchor.value : period.value.start)),
  };
}
