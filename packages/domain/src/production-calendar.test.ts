import { describe, expect, it } from 'vitest';
import { daysInMonth, isoWeekday } from './local-date.js';
import {
  countWorkingDays,
  effectiveProductionDays,
  isProductionYearEditable,
  PRODUCTION_CALENDAR,
  productionDayProblem,
  shippedProductionYear,
  workingCalendarOf,
} from './production-calendar.js';
import { isWorkingDay } from './working-days.js';

const calendarOf = (year: number) => workingCalendarOf(shippedProductionYear(year)!.days);
const perMonth = (year: number) =>
  Array.from({ length: 12 }, (_, m) => {
    const month = String(m + 1).padStart(2, '0');
    return countWorkingDays({ from: `${year}-${month}-01`, to: `${year}-${month}-${daysInMonth(year, m + 1)}` }, calendarOf(year));
  });
const shortDays = (year: number) => shippedProductionYear(year)!.days.filter((d) => d.kind === 'short_day').length;

describe('the shipped production calendar', () => {
  // The official calendars (Mintrud / Consultant) for a five-day week: working days per month, and
  // hours at 40 a week = 8 × working days − short days.
  it('gives 2026 the official 247 working days, month by month (decree No. 1466 of 24.09.2025), and 1972 hours', () => {
    expect(perMonth(2026)).toEqual([15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22]);
    expect(countWorkingDays({ from: '2026-01-01', to: '2026-12-31' }, calendarOf(2026))).toBe(247);
    expect(247 * 8 - shortDays(2026)).toBe(1972);
  });

  it('gives 2025 the official 247 working days and 1972 hours (decree No. 1335 of 04.10.2024)', () => {
    expect(perMonth(2025)).toEqual([17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22]);
    expect(247 * 8 - shortDays(2025)).toBe(1972);
  });

  it('gives 2024 the official 248 working days and 1979 hours (decree No. 2240 of 10.08.2023)', () => {
    expect(perMonth(2024)).toEqual([17, 20, 20, 21, 20, 19, 23, 22, 21, 23, 21, 21]);
    expect(perMonth(2024).reduce((a, b) => a + b)).toBe(248);
    expect(248 * 8 - shortDays(2024)).toBe(1979);
  });

  it('ships 2027 with the statutory days only, saying no decree is known', () => {
    const y2027 = shippedProductionYear(2027)!;
    expect(y2027.decree).toBeNull();
    expect(y2027.days.every((d) => d.source.startsWith('Трудовой кодекс'))).toBe(true);
    expect(perMonth(2027).reduce((a, b) => a + b)).toBe(249);
  });

  it('names the 2026 holidays and moved days as the decree does', () => {
    const y2026 = shippedProductionYear(2026)!.days;
    expect(y2026.find((d) => d.day === '2026-02-23')).toEqual({ day: '2026-02-23', kind: 'holiday', name: 'День защитника Отечества', source: 'Трудовой кодекс РФ, ст. 112 ч. 1' });
    expect(y2026.find((d) => d.day === '2026-01-09')?.source).toBe('Постановление Правительства РФ от 24.09.2025 № 1466');
    expect(y2026.find((d) => d.day === '2026-12-31')?.name).toBe('Выходной день (перенесён с 04.01)');
    expect(y2026.find((d) => d.day === '2026-03-09')?.kind).toBe('holiday');
    expect(isWorkingDay('2026-02-23', calendarOf(2026))).toBe(false);
    expect(isWorkingDay('2026-02-24', calendarOf(2026))).toBe(true);
  });

  it('has one entry a day, every day inside its year, every working weekend on a weekend, every public holiday cited', () => {
    for (const { year, days } of PRODUCTION_CALENDAR) {
      expect(new Set(days.map((d) => d.day)).size).toBe(days.length);
      expect(days.every((d) => d.day.startsWith(`${year}-`) && d.name.length > 0 && d.source.length > 0)).toBe(true);
      expect(days.filter((d) => productionDayProblem(d) !== null)).toEqual([]);
      expect(days.filter((d) => d.kind === 'holiday').length).toBeGreaterThanOrEqual(14);
      expect([...days].sort((a, b) => a.day.localeCompare(b.day))).toEqual(days);
    }
  });

  it('keeps a worked Saturday before a holiday as one short day that is worked', () => {
    const nov2 = shippedProductionYear(2024)!.days.find((d) => d.day === '2024-11-02')!;
    expect(nov2.kind).toBe('short_day');
    expect(isoWeekday(nov2.day)).toBe(6);
    expect(isWorkingDay('2024-11-02', calendarOf(2024))).toBe(true);
  });
});

describe('workingCalendarOf', () => {
  it('rests on holidays and works working weekends and short days', () => {
    expect(
      workingCalendarOf([
        { day: '2026-02-23', kind: 'holiday' },
        { day: '2024-04-27', kind: 'working_weekend' },
        { day: '2026-04-30', kind: 'short_day' },
      ]),
    ).toEqual({ holidays: ['2026-02-23'], workingWeekends: ['2024-04-27'] });
  });
});

describe('effectiveProductionDays', () => {
  it('takes the entry set nearest the organisation for a day set in several places', () => {
    const federal = { day: '2026-05-11', kind: 'holiday' as const, name: 'Выходной', source: 'ТК', depth: null };
    const region = { day: '2026-05-11', kind: 'working_weekend' as const, name: 'Регион', source: 'Закон', depth: 1 };
    const own = { day: '2026-09-21', kind: 'holiday' as const, name: 'День города', source: 'Решение', depth: 2 };
    expect(effectiveProductionDays([own, region, federal])).toEqual([region, own]);
    expect(effectiveProductionDays([federal])).toEqual([federal]);
  });
});

describe('productionDayProblem and isProductionYearEditable', () => {
  it('refuses a working weekend on a weekday', () => {
    expect(productionDayProblem({ day: '2026-02-24', kind: 'working_weekend' })).toBe('not_a_weekend');
    expect(productionDayProblem({ day: '2026-02-28', kind: 'working_weekend' })).toBeNull();
    expect(productionDayProblem({ day: '2026-02-24', kind: 'holiday' })).toBeNull();
  });

  it('lets the current and future years change, never a past one', () => {
    expect(isProductionYearEditable(2025, '2026-01-01')).toBe(false);
    expect(isProductionYearEditable(2026, '2026-01-01')).toBe(true);
    expect(isProductionYearEditable(2027, '2026-12-31')).toBe(true);
  });
});
