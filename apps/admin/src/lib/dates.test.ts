import { describe, expect, it } from 'vitest';
import { formatDate, itemDay, itemTime, periodTitle, stepAnchor, wallTimeToInstant, weeksCovering } from './dates.js';

describe('dates on the organisation’s calendar', () => {
  it('reads an instant’s wall-clock time in the organisation’s zone', () => {
    expect(itemTime('2026-11-15T13:30:00Z', 'Asia/Vladivostok')).toBe('23:30');
    expect(itemDay('2026-11-15T14:30:00Z', 'Asia/Vladivostok')).toBe('2026-11-16');
    expect(itemTime('2026-11-20', 'Europe/Moscow')).toBe('');
  });

  it('sends a time of day as an instant with the zone’s offset', () => {
    expect(Date.parse(wallTimeToInstant('2026-11-20', '10:00', 'Europe/Moscow'))).toBe(Date.parse('2026-11-20T07:00:00Z'));
  });

  it('starts weeks on Monday and names periods in Russian', () => {
    const weeks = weeksCovering('2026-11-01', '2026-11-30');
    expect(weeks[0]?.[0]).toBe('2026-10-26');
    expect(weeks.at(-1)?.[6]).toBe('2026-12-06');
    expect(periodTitle('week', '2026-11-16', '2026-11-22', 'ru')).toBe('16–22 ноября 2026');
    expect(periodTitle('month', '2026-11-01', '2026-11-30', 'ru')).toBe('Ноябрь 2026');
    expect(periodTitle('quarter', '2026-10-01', '2026-12-31', 'ru')).toBe('IV квартал 2026');
    expect(formatDate('2026-11-22', 'EEEE, d MMMM', 'ru')).toBe('воскресенье, 22 ноября');
  });

  it('steps to the previous and next period', () => {
    expect(stepAnchor('month', '2026-11-18', 1)).toBe('2026-12-01');
    expect(stepAnchor('week', '2026-11-18', -1)).toBe('2026-11-09');
    expect(stepAnchor('quarter', '2026-11-18', -1)).toBe('2026-07-01');
  });
});
