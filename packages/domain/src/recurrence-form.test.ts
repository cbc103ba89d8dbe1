import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, datePartsOf, fromDayNumber, isoWeekday, toDayNumber } from './local-date.js';
import type { IsoWeekday, LocalDate } from './local-date.js';
import { periodOf } from './period.js';
import type { PeriodKind } from './period.js';
import {
  RECURRENCE_PATTERNS,
  firstOnPattern,
  gapRecurrence,
  readRecurrenceRule,
  recurrenceFormFor,
  recurrenceProblems,
  toRecurrenceRule,
  weekdayOrdinal,
  type RecurrenceForm,
} from './recurrence-form.js';

const tuesday = '2026-11-24';
const form = (change: Partial<RecurrenceForm>): RecurrenceForm => ({ ...recurrenceFormFor(tuesday), ...change });
const rrule = (change: Partial<RecurrenceForm>) => toRecurrenceRule(form(change))?.rrule;

describe('the form as it opens', () => {
  it('does not repeat and is ready to repeat on the day’s weekday, day of month and weekday of month', () => {
    expect(recurrenceFormFor(tuesday)).toEqual({ pattern: 'none', interval: 1, weekdays: [2], monthDay: 24, ordinals: [4], weekday: 2, ends: 'never', until: null, count: null });
  });

  it('calls a fifth weekday the last one, which every month has', () => {
    expect(weekdayOrdinal('2026-12-29')).toBe(-1);
    expect(weekdayOrdinal('2026-12-01')).toBe(1);
    expect(weekdayOrdinal('2026-12-28')).toBe(4);
  });
});

describe('writing the rule', () => {
  it('writes nothing for an item that does not repeat', () => {
    expect(toRecurrenceRule(form({}))).toBeUndefined();
  });

  it('writes each pattern as RFC 5545 spells it', () => {
    expect(rrule({ pattern: 'weekly', weekdays: [4, 2], ends: 'count', count: 8 })).toBe('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8');
    expect(rrule({ pattern: 'weekly', interval: 2, weekdays: [1] })).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO');
    expect(rrule({ pattern: 'monthlyDay', monthDay: 5, ends: 'until', until: '2027-06-30' })).toBe('FREQ=MONTHLY;BYMONTHDAY=5;UNTIL=20270630');
    expect(rrule({ pattern: 'monthlyDay', monthDay: -1 })).toBe('FREQ=MONTHLY;BYMONTHDAY=-1');
    expect(rrule({ pattern: 'monthlyWeekday', weekday: 1, ordinals: [1] })).toBe('FREQ=MONTHLY;BYDAY=1MO');
    expect(rrule({ pattern: 'monthlyWeekday', weekday: 5, ordinals: [-1, 2] })).toBe('FREQ=MONTHLY;BYDAY=2FR,-1FR');
    expect(rrule({ pattern: 'daily', interval: 3 })).toBe('FREQ=DAILY;INTERVAL=3');
  });

  it('writes every working day as Monday to Friday without the production calendar’s holidays', () => {
    expect(toRecurrenceRule(form({ pattern: 'workdays', weekdays: [6] }))).toEqual({ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', skipNonWorkingDays: true });
  });
});

describe('reading the rule back', () => {
  it('reads what it writes', () => {
    const read = readRecurrenceRule('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8', false, tuesday);
    expect(read).toEqual({ ok: true, form: form({ pattern: 'weekly', weekdays: [2, 4], ends: 'count', count: 8 }) });
  });

  it('reads the same rule spelt otherwise', () => {
    const read = readRecurrenceRule('rrule:until=20270630T205959Z;byday=1mo;freq=monthly;interval=1;wkst=MO', false, tuesday);
    expect(read).toEqual({ ok: true, form: form({ pattern: 'monthlyWeekday', weekday: 1, ordinals: [1], ends: 'until', until: '2027-06-30' }) });
  });

  it('tells working days from a weekly rule on the same days by the holidays option', () => {
    const rule = 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
    expect(readRecurrenceRule(rule, true, tuesday)).toMatchObject({ ok: true, form: { pattern: 'workdays' } });
    expect(readRecurrenceRule(rule, false, tuesday)).toMatchObject({ ok: true, form: { pattern: 'weekly', weekdays: [1, 2, 3, 4, 5] } });
  });

  it('calls a rule the form cannot show unsupported, and one that is no rule malformed', () => {
    for (const rule of ['FREQ=YEARLY', 'FREQ=WEEKLY;BYDAY=TU;BYHOUR=9', 'FREQ=MONTHLY;BYDAY=1MO,1TU', 'FREQ=MONTHLY;BYDAY=5MO', 'FREQ=WEEKLY;BYDAY=TU;WKST=SU', 'FREQ=DAILY;BYDAY=MO']) {
      expect(readRecurrenceRule(rule, false, tuesday), rule).toEqual({ ok: false, reason: 'unsupported' });
    }
    expect(readRecurrenceRule('FREQ=WEEKLY;BYDAY=TU', true, tuesday)).toEqual({ ok: false, reason: 'unsupported' });
    for (const rule of ['FREQ', 'FREQ=DAILY;FREQ=WEEKLY', 'FREQ=DAILY;UNTIL=2027', 'FREQ=DAILY;COUNT=2;UNTIL=20270101']) {
      expect(readRecurrenceRule(rule, false, tuesday), rule).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  const forms = fc.record({
    pattern: fc.constantFrom(...RECURRENCE_PATTERNS.filter((p) => p !== 'none')),
    interval: fc.integer({ min: 1, max: 99 }),
    weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }).map((d) => d.sort((a, b) => a - b) as IsoWeekday[]),
    monthDay: fc.constantFrom(-1, ...Array.from({ length: 31 }, (_, i) => i + 1)),
    ordinals: fc.uniqueArray(fc.constantFrom(1, 2, 3, 4, -1), { minLength: 1, maxLength: 5 }).map((o) => o.sort((a, b) => (a < 0 ? 5 : a) - (b < 0 ? 5 : b))),
    weekday: fc.integer({ min: 1, max: 7 }).map((d) => d as IsoWeekday),
    ends: fc.constantFrom('never' as const, 'until' as const, 'count' as const),
    until: fc.integer({ min: 0, max: 2000 }).map((n) => addDays(tuesday, n)),
    count: fc.integer({ min: 1, max: 999 }),
  });

  it('gives back every form it writes, as far as the rule says (property)', () => {
    fc.assert(
      fc.property(forms, (f) => {
        const written: RecurrenceForm = { ...f, until: f.ends === 'until' ? f.until : null, count: f.ends === 'count' ? f.count : null };
        const rule = toRecurrenceRule(written);
        if (!rule) return false;
        const read = readRecurrenceRule(rule.rrule, rule.skipNonWorkingDays, tuesday);
        if (!read.ok) return false;
        // The rule keeps the fields its pattern uses; the rest open as for the start.
        const rewritten = toRecurrenceRule(read.form);
        expect(rewritten).toEqual(rule);
        return true;
      }),
    );
  });
});

describe('what is wrong with a form', () => {
  it('needs a weekday for a weekly rule, an end date not before the start, a count and an interval in range', () => {
    expect(recurrenceProblems(form({ pattern: 'weekly', weekdays: [] }), tuesday)).toEqual([{ field: 'weekdays', code: 'no_weekdays' }]);
    expect(recurrenceProblems(form({ pattern: 'daily', ends: 'until', until: '2026-11-23' }), tuesday)).toEqual([{ field: 'until', code: 'until_before_start' }]);
    expect(recurrenceProblems(form({ pattern: 'daily', ends: 'until', until: null }), tuesday)).toEqual([{ field: 'until', code: 'until_missing' }]);
    expect(recurrenceProblems(form({ pattern: 'daily', ends: 'count', count: 0 }), tuesday)).toEqual([{ field: 'count', code: 'bad_count' }]);
    expect(recurrenceProblems(form({ pattern: 'weekly', interval: 100 }), tuesday)).toEqual([{ field: 'interval', code: 'bad_interval' }]);
  });

  it('finds nothing wrong with a form that does not repeat, whatever its hidden fields hold', () => {
    expect(recurrenceProblems(form({ weekdays: [], count: 0, ends: 'count' }), tuesday)).toEqual([]);
    expect(recurrenceProblems(form({ pattern: 'weekly', ends: 'until', until: tuesday }), tuesday)).toEqual([]);
  });
});

describe('the first day on a pattern', () => {
  it('is the day itself when it fits, else the next that does', () => {
    expect(firstOnPattern(form({ pattern: 'weekly', weekdays: [2, 4] }), tuesday)).toBe(tuesday);
    expect(firstOnPattern(form({ pattern: 'weekly', weekdays: [4] }), tuesday)).toBe('2026-11-26');
    expect(firstOnPattern(form({ pattern: 'monthlyWeekday', weekday: 2, ordinals: [1] }), tuesday)).toBe('2026-12-01');
    expect(firstOnPattern(form({ pattern: 'monthlyWeekday', weekday: 1, ordinals: [-1] }), tuesday)).toBe('2026-11-30');
    expect(firstOnPattern(form({ pattern: 'monthlyDay', monthDay: 31 }), tuesday)).toBe('2026-12-31');
    expect(firstOnPattern(form({ pattern: 'monthlyDay', monthDay: -1 }), tuesday)).toBe('2026-11-30');
    expect(firstOnPattern(form({ pattern: 'workdays' }), '2026-11-28')).toBe('2026-11-30');
  });
});

/**
 * A reference expansion of the forms `gapRecurrence` makes (no COUNT): the days on the pattern
 * whose week or month is a whole number of intervals from the start's. Simple on purpose: it is
 * the oracle the derived rules are checked against.
 */
function expand(f: RecurrenceForm, start: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  const monthIndex = (d: LocalDate) => {
    const { year, month } = datePartsOf(toDayNumber(d));
    return year * 12 + month;
  };
  const weekIndex = (d: LocalDate) => Math.floor((toDayNumber(d) - isoWeekday(d) + 1 - toDayNumber('2026-11-23')) / 7);
  for (let n = toDayNumber(start); n <= toDayNumber(to); n++) {
    const day = fromDayNumber(n);
    if (f.ends === 'until' && f.until && day > f.until) break;
    if (firstOnPattern(f, day) !== day) continue;
    const steps = f.pattern === 'weekly' ? weekIndex(day) - weekIndex(start) : f.pattern === 'monthlyWeekday' || f.pattern === 'monthlyDay' ? monthIndex(day) - monthIndex(start) : n - toDayNumber(start);
    if (steps % f.interval === 0) days.push(day);
  }
  return days;
}

describe('a series for a norm’s rhythm (fill the gap)', () => {
  it('keeps two posts a week on Tuesdays and Thursdays, open or until a day', () => {
    expect(gapRecurrence({ per: 'week', min: 2 }, '2026-11-25')).toMatchObject({ start: '2026-11-26', rule: { rrule: 'FREQ=WEEKLY;BYDAY=TU,TH', skipNonWorkingDays: false } });
    expect(gapRecurrence({ per: 'week', min: 2 }, '2026-11-25', '2026-12-31')?.rule.rrule).toBe('FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261231');
  });

  it('keeps a monthly, quarterly and yearly rhythm on Tuesdays of the month', () => {
    expect(gapRecurrence({ per: 'month', min: 1 }, tuesday)).toMatchObject({ start: '2026-12-01', rule: { rrule: 'FREQ=MONTHLY;BYDAY=1TU' } });
    expect(gapRecurrence({ per: 'month', min: 2 }, tuesday)?.rule.rrule).toBe('FREQ=MONTHLY;BYDAY=1TU,3TU');
    expect(gapRecurrence({ per: 'quarter', min: 1 }, tuesday)?.rule.rrule).toBe('FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU');
    expect(gapRecurrence({ per: 'year', min: 4 }, tuesday)?.rule.rrule).toBe('FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU');
    expect(gapRecurrence({ per: 'month', min: 8 }, tuesday)?.rule.rrule).toBe('FREQ=WEEKLY;BYDAY=TU,TH');
    expect(gapRecurrence({ per: 'day', min: 1 }, tuesday)?.rule.rrule).toBe('FREQ=DAILY');
  });

  it('offers no series for a rhythm a daily rule cannot keep, or an end before its first day', () => {
    expect(gapRecurrence({ per: 'day', min: 2 }, tuesday)).toBeUndefined();
    expect(gapRecurrence({ per: 'week', min: 8 }, tuesday)).toBeUndefined();
    expect(gapRecurrence({ per: 'month', min: 29 }, tuesday)).toBeUndefined();
    expect(gapRecurrence({ per: 'month', min: 1 }, tuesday, '2026-11-30')).toBeUndefined();
  });

  it('gives every whole period after its start at least the norm’s minimum (property)', () => {
    const pers: PeriodKind[] = ['day', 'week', 'month', 'quarter', 'year'];
    const limit: Record<PeriodKind, number> = { day: 1, week: 7, month: 28, quarter: 84, year: 336 };
    fc.assert(
      fc.property(
        fc.constantFrom(...pers).chain((per) => fc.tuple(fc.constant(per), fc.integer({ min: 1, max: limit[per] }))),
        fc.integer({ min: 0, max: 730 }),
        ([per, min], offset) => {
          const from = addDays('2026-01-01', offset);
          const derived = gapRecurrence({ per, min }, from);
          if (!derived) return false;
          const to = addDays(from, per === 'year' ? 1200 : 400);
          const days = expand(derived.form, derived.start, to);
          expect(days[0]).toBe(derived.start);
          // Whole periods between the one holding the start and the one holding the end.
          const first = periodOf(addDays(periodOf(derived.start, per).end, 1), per);
          for (let period = first; period.end < to; period = periodOf(addDays(period.end, 1), per)) {
            const inside = days.filter((d) => d >= period.start && d <= period.end).length;
            expect(inside, `${per} ${min} from ${from}: ${period.start}`).toBeGreaterThanOrEqual(min);
          }
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });
});
