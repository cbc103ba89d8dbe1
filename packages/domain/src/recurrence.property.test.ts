import fc from 'fast-check';
import rrulePackage from 'rrule';
import { describe, expect, it } from 'vitest';
import { addDays, DAY_MS, fromDayNumber, isoWeekday, toDayNumber } from './local-date.js';
import { firstOccurrenceDay, missingOccurrenceDays, occurrenceDays, parseRecurrence, splitRule } from './recurrence.js';

const { RRule } = rrulePackage;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const ORIGIN = toDayNumber('2026-01-01');

// Rules of the kinds a planner writes: daily, weekly on some days, monthly on a day or an Nth
// weekday, every N; ended by a count, a date or not at all.
const ruleArb = fc
  .record({
    freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY'),
    interval: fc.integer({ min: 1, max: 3 }),
    days: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 5 }),
    monthDay: fc.option(fc.integer({ min: 1, max: 31 })),
    nth: fc.integer({ min: 1, max: 4 }),
    end: fc.oneof(fc.record({ count: fc.integer({ min: 1, max: 40 }) }), fc.record({ until: fc.integer({ min: 0, max: 500 }) }), fc.constant(null)),
  })
  .map(({ freq, interval, days, monthDay, nth, end }) => {
    const parts = [`FREQ=${freq}`, `INTERVAL=${interval}`];
    if (freq === 'WEEKLY') parts.push(`BYDAY=${days.join(',')}`);
    if (freq === 'MONTHLY') parts.push(monthDay === null ? `BYDAY=${nth}${days[0]}` : `BYMONTHDAY=${monthDay}`);
    if (end !== null) parts.push('count' in end ? `COUNT=${end.count}` : `UNTIL=${fromDayNumber(ORIGIN + end.until).replace(/-/g, '')}`);
    const parsed = parseRecurrence(parts.join(';'));
    if (!parsed.ok) throw new Error(`generated a bad rule ${parts.join(';')}`);
    return parsed.rule;
  });
const startArb = fc.integer({ min: 0, max: 120 }).map((d) => fromDayNumber(ORIGIN + d));
const SPAN = 700;

/** The oracle: rrule's own `all()` from the rule with DTSTART, bounded. */
function allDays(rule: string, start: string): string[] {
  const end = Date.parse(`${addDays(start, SPAN)}T00:00:00Z`);
  return new RRule({ ...RRule.parseString(rule), dtstart: new Date(`${start}T00:00:00Z`) })
    .all((date) => date.getTime() <= end)
    .filter((date) => date.getTime() <= end)
    .map((date) => fromDayNumber(Math.floor(date.getTime() / DAY_MS)));
}

describe('recurrence properties', () => {
  it('expanding in pieces, then counting, equals counting the rule', () => {
    fc.assert(
      fc.property(ruleArb, startArb, fc.uniqueArray(fc.integer({ min: 1, max: SPAN - 1 }), { maxLength: 6 }), (rule, start, cuts) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), SPAN];
        const pieces = bounds.slice(1).map((b, i) => occurrenceDays(rule, start, { from: addDays(start, bounds[i]! + (i === 0 ? 0 : 1)), to: addDays(start, b) }));
        expect(pieces.flat()).toEqual(allDays(rule, start));
      }),
      { numRuns: 150 },
    );
  });

  it('a weekly rule gives exactly its weekdays, every Nth week (a reference without rrule)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 }), fc.integer({ min: 1, max: 3 }), startArb, (days, interval, start) => {
        const rule = parseRecurrence(`FREQ=WEEKLY;INTERVAL=${interval};BYDAY=${days.join(',')}`);
        if (!rule.ok) throw new Error('bad rule');
        const wanted = new Set(days.map((d) => WEEKDAYS.indexOf(d) + 1));
        const mondayOfStart = toDayNumber(start) - (isoWeekday(start) - 1);
        const reference: string[] = [];
        for (let d = toDayNumber(start); d <= toDayNumber(start) + 200; d++) {
          const week = Math.floor((d - mondayOfStart) / 7);
          if (week % interval === 0 && wanted.has(isoWeekday(fromDayNumber(d)))) reference.push(fromDayNumber(d));
        }
        expect(occurrenceDays(rule.rule, start, { from: start, to: addDays(start, 200) })).toEqual(reference);
      }),
      { numRuns: 100 },
    );
  });

  it('moving or deleting one occurrence changes only that occurrence', () => {
    fc.assert(
      fc.property(ruleArb, startArb, fc.nat(), fc.integer({ min: -30, max: 30 }), fc.boolean(), (rule, start, pick, shift, deleted) => {
        const range = { from: start, to: addDays(start, 400) };
        const days = occurrenceDays(rule, start, range);
        fc.pre(days.length > 0);
        const chosen = days[pick % days.length]!;
        // An occurrence is (its day on the rule, the day it lies on); a moved one keeps its day on the rule.
        const before = days.map((seriesDay) => ({ seriesDay, day: seriesDay }));
        const after = deleted ? before.filter((o) => o.seriesDay !== chosen) : before.map((o) => (o.seriesDay === chosen ? { ...o, day: addDays(o.day, shift) } : o));
        const exdates = deleted ? [chosen] : [];
        // Extending again makes nothing: the deleted one is an exception, the moved one exists.
        expect(missingOccurrenceDays(rule, start, range, exdates, after.map((o) => o.seriesDay))).toEqual([]);
        // Every other occurrence is as it was.
        const others = (list: typeof before) => list.filter((o) => o.seriesDay !== chosen);
        expect(others(after)).toEqual(others(before));
        expect(occurrenceDays(rule, start, range, exdates)).toEqual(days.filter((d) => !deleted || d !== chosen));
      }),
      { numRuns: 150 },
    );
  });

  it('the two halves of a split give together the days of the rule', () => {
    fc.assert(
      fc.property(ruleArb, startArb, fc.integer({ min: 0, max: 500 }), (rule, start, offset) => {
        const days = allDays(rule, start);
        fc.pre(days.length > 0);
        const from = days.find((d) => d >= addDays(start, offset)) ?? days[days.length - 1]!;
        const { before, after } = splitRule(rule, start, from);
        const range = { from: start, to: addDays(start, SPAN) };
        const first = before === null ? [] : occurrenceDays(before, start, range);
        const second = after === null ? [] : occurrenceDays(after, from, { from, to: range.to });
        expect(first.every((d) => d < from)).toBe(true);
        expect([...first, ...second]).toEqual(days);
      }),
      { numRuns: 150 },
    );
  });

  it('a split from ANY day (before the first, between two, after the last) gives exactly the days of the rule', () => {
    fc.assert(
      fc.property(ruleArb, startArb, fc.integer({ min: -30, max: SPAN - 100 }), (rule, start, offset) => {
        const days = allDays(rule, start);
        const from = addDays(start, offset);
        const { before, after } = splitRule(rule, start, from);
        const range = { from: start, to: addDays(start, SPAN) };
        const first = before === null ? [] : occurrenceDays(before, start, range);
        // The later half starts where the service anchors it: the first day of the rule from `from`.
        const anchorDay = days.find((d) => d >= from);
        const second = after === null || anchorDay === undefined ? [] : occurrenceDays(after, anchorDay, { from: anchorDay, to: range.to });
        // A COUNT rule with no day left from `from` (all its days, not only those within SPAN: its
        // last may lie beyond the window, and then the later half keeps it) has no later half.
        if (RRule.parseString(rule).count != null) {
          const every = new RRule({ ...RRule.parseString(rule), dtstart: new Date(`${start}T00:00:00Z`) }).all();
          const last = every.length === 0 ? undefined : fromDayNumber(Math.floor(every[every.length - 1]!.getTime() / DAY_MS));
          if (last !== undefined && last < from) expect(after).toBeNull();
          else if (last !== undefined) expect(after).not.toBeNull();
        }
        expect([...first, ...second]).toEqual(days);
      }),
      // Found by a CI run: the rule's last day (2028-01-31) lies beyond the window the oracle lists.
      { numRuns: 150, examples: [['FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=31;COUNT=9', '2026-01-01', 577]] },
    );
  });

  it('a series started on its first occurrence gives the same days (DTSTART made an occurrence)', () => {
    fc.assert(
      fc.property(ruleArb, startArb, (rule, start) => {
        const first = firstOccurrenceDay(rule, start);
        fc.pre(first !== undefined);
        expect(occurrenceDays(rule, first!, { from: first!, to: addDays(start, SPAN) })).toEqual(allDays(rule, start));
      }),
      { numRuns: 150 },
    );
  });
});
