import { describe, expect, it } from 'vitest';
import { toDayNumber } from './local-date.js';
import { isWorkingDay, workingDays } from './working-days.js';

describe('working days', () => {
  it('works Monday to Friday', () => {
    expect(isWorkingDay('2026-11-20')).toBe(true);
    expect(isWorkingDay('2026-11-21')).toBe(false);
    expect(isWorkingDay('2026-11-22')).toBe(false);
  });

  it('rests on the holidays it is given and works the weekends it is given', () => {
    const calendar = { holidays: ['2026-11-04'], workingWeekends: ['2026-11-01'] };
    expect(isWorkingDay('2026-11-04', calendar)).toBe(false);
    expect(isWorkingDay('2026-11-01', calendar)).toBe(true);
    expect(workingDays(calendar).isWorkingDay(toDayNumber('2026-11-05'))).toBe(true);
  });
});
