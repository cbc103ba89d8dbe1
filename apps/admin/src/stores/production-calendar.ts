import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { LocalDate } from '@ritm/domain/local-date';
import { workingCalendarOf } from '@ritm/domain/production-calendar';
import type { WorkingCalendar } from '@ritm/domain/working-days';
import { productionCalendarApi, type ProductionDay } from '../api/production-calendar.js';

/** The years a range touches. */
export function yearsOf(from: LocalDate, to: LocalDate): number[] {
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  return years;
}

/**
 * Organisations' effective production calendars (issue 16), a year at a time as the server
 * merges them (federal, then above, then the organisation's own): the calendar shades their
 * holidays and its gap suggestions keep off them.
 */
export const useProductionCalendarStore = defineStore('production-calendar', () => {
  /** `${orgId}|${year}` → that year's effective days. */
  const years = shallowRef(new Map<string, ProductionDay[]>());

  /**
   * Loads the years of a range not loaded yet. A year the server cannot give now stays unloaded
   * (the calendar still works without its shading) and is asked for again next time: kept as an
   * empty year, one network error would let gap drafts land on holidays until the next sign-in.
   */
  async function load(orgId: string, from: LocalDate, to: LocalDate): Promise<void> {
    const missing = yearsOf(from, to).filter((y) => !years.value.has(`${orgId}|${y}`));
    if (missing.length === 0) return;
    const answers = await Promise.all(missing.map((y) => productionCalendarApi.year(orgId, y).then((c) => c.days, () => null)));
    const next = new Map(years.value);
    missing.forEach((y, i) => {
      const days = answers[i];
      if (days) next.set(`${orgId}|${y}`, days);
    });
    years.value = next;
  }

  /** The organisation's special days by date, of the years loaded. */
  function daysOf(orgId: string | null): Map<LocalDate, ProductionDay> {
    const byDay = new Map<LocalDate, ProductionDay>();
    if (orgId === null) return byDay;
    for (const [key, days] of years.value) if (key.startsWith(`${orgId}|`)) for (const d of days) byDay.set(d.day, d);
    return byDay;
  }

  /** The {@link WorkingCalendar} the domain's suggestions take. */
  function workingCalendar(orgId: string | null): WorkingCalendar {
    return workingCalendarOf(daysOf(orgId).values());
  }

  /** Forgets what was loaded (after an edit of a calendar, or on logout). */
  function reset(): void {
    years.value = new Map();
  }

  return { years, load, daysOf, workingCalendar, reset };
});
