import { describe, expect, it } from 'vitest';
import {
  firstOccurrenceDay,
  isOccurrenceDay,
  lastOccurrenceDay,
  missingOccurrenceDays,
  occurrenceAt,
  occurrenceDays,
  parseRecurrence,
  seriesHorizon,
  seriesStartDay,
  splitRule,
} from './recurrence.js';

describe('parseRecurrence', () => {
  it('writes a rule in one normal form', () => {
    expect(parseRecurrence('RRULE:byday=TU,TH;FREQ=WEEKLY;COUNT=8')).toEqual({ ok: true, rule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8' });
    expect(parseRecurrence('FREQ=MONTHLY;INTERVAL=1;BYDAY=+1MO')).toEqual({ ok: true, rule: 'FREQ=MONTHLY;BYDAY=1MO' });
    expect(parseRecurrence('FREQ=WEEKLY;UNTIL=20270630T235959Z;INTERVAL=2')).toEqual({ ok: true, rule: 'FREQ=WEEKLY;INTERVAL=2;UNTIL=20270630' });
    expect(parseRecurrence('FREQ=MONTHLY;BYMONTHDAY=-1')).toEqual({ ok: true, rule: 'FREQ=MONTHLY;BYMONTHDAY=-1' });
  });

  it('refuses what is finer than a day, a start inside the rule, and both ends', () => {
    expect(parseRecurrence('FREQ=HOURLY')).toMatchObject({ ok: false, problem: 'too_fine' });
    expect(parseRecurrence('FREQ=DAILY;BYHOUR=10')).toMatchObject({ ok: false, problem: 'too_fine', part: 'BYHOUR' });
    expect(parseRecurrence('FREQ=DAILY;DTSTART=20260101')).toMatchObject({ ok: false, problem: 'has_start' });
    expect(parseRecurrence('FREQ=DAILY;COUNT=3;UNTIL=20270101')).toMatchObject({ ok: false, problem: 'count_and_until' });
    expect(parseRecurrence('FREQ=DAILY;COUNT=99999')).toMatchObject({ ok: false, problem: 'too_many' });
  });

  it('refuses what rrule.js would read leniently', () => {
    expect(parseRecurrence('FREQ=FOO')).toMatchObject({ ok: false, problem: 'syntax', part: 'FREQ' });
    expect(parseRecurrence('FREQ=WEEKLY;BYDAY=XX')).toMatchObject({ ok: false, problem: 'syntax', part: 'BYDAY' });
    expect(parseRecurrence('FREQ=WEEKLY;BYDAY=TU;BYDAY=TH')).toMatchObject({ ok: false, problem: 'syntax' });
    expect(parseRecurrence('FREQ=WEEKLY;COLOR=RED')).toMatchObject({ ok: false, problem: 'unknown_part', part: 'COLOR' });
    expect(parseRecurrence('FREQ=WEEKLY;UNTIL=20270231')).toMatchObject({ ok: false, problem: 'syntax', part: 'UNTIL' });
    expect(parseRecurrence('BYDAY=MO')).toMatchObject({ ok: false, problem: 'syntax', part: 'FREQ' });
    expect(parseRecurrence('FREQ=MONTHLY;BYMONTHDAY=32')).toMatchObject({ ok: false, problem: 'syntax' });
    expect(parseRecurrence('FREQ=WEEKLY;')).toMatchObject({ ok: false, problem: 'syntax' });
  });
});

describe('expanding a rule', () => {
  it('gives Tuesdays and Thursdays, eight of them', () => {
    const days = occurrenceDays('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8', '2026-12-01', { from: '2026-11-01', to: '2027-12-31' });
    expect(days).toEqual(['2026-12-01', '2026-12-03', '2026-12-08', '2026-12-10', '2026-12-15', '2026-12-17', '2026-12-22', '2026-12-24']);
    expect(lastOccurrenceDay('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8', '2026-12-01')).toBe('2026-12-24');
  });

  it('gives the first Monday of each month, from the first one on or after the start', () => {
    expect(firstOccurrenceDay('FREQ=MONTHLY;BYDAY=1MO', '2026-12-08')).toBe('2027-01-04');
    expect(occurrenceDays('FREQ=MONTHLY;BYDAY=1MO', '2026-12-08', { from: '2026-12-01', to: '2027-03-31' })).toEqual(['2027-01-04', '2027-02-01', '2027-03-01']);
  });

  it('leaves out exception dates, and says a rule without end has no last day', () => {
    expect(occurrenceDays('FREQ=DAILY', '2026-12-30', { from: '2026-12-30', to: '2027-01-02' }, ['2027-01-01'])).toEqual(['2026-12-30', '2026-12-31', '2027-01-02']);
    expect(lastOccurrenceDay('FREQ=DAILY', '2026-12-30')).toBeNull();
    expect(lastOccurrenceDay('FREQ=DAILY;UNTIL=20261231', '2026-12-30')).toBe('2026-12-31');
  });

  it('knows a rule that gives no day', () => {
    expect(firstOccurrenceDay('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', '2026-01-01')).toBeUndefined();
    expect(lastOccurrenceDay('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2', '2026-01-01')).toBeUndefined();
    expect(lastOccurrenceDay('FREQ=DAILY;UNTIL=20260101', '2026-12-01')).toBeUndefined();
  });

  it('answers whether a day is on the rule', () => {
    expect(isOccurrenceDay('FREQ=WEEKLY;BYDAY=TU', '2026-12-01', '2026-12-08')).toBe(true);
    expect(isOccurrenceDay('FREQ=WEEKLY;BYDAY=TU', '2026-12-01', '2026-12-09')).toBe(false);
  });

  it('makes only the days still missing', () => {
    const range = { from: '2026-12-01', to: '2026-12-31' };
    expect(missingOccurrenceDays('FREQ=DAILY;COUNT=3', '2026-12-01', range, ['2026-12-02'], ['2026-12-01'])).toEqual(['2026-12-03']);
  });
});

describe('the horizon', () => {
  it('is the end of the next quarter', () => {
    expect(seriesHorizon('2026-11-26')).toBe('2027-03-31');
    expect(seriesHorizon('2027-01-01')).toBe('2027-06-30');
  });
});

describe('splitRule', () => {
  it('ends the first part the day before and gives the second the count left', () => {
    expect(splitRule('FREQ=WEEKLY;BYDAY=TU;COUNT=4', '2026-12-01', '2026-12-15')).toEqual({ before: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20261214', after: 'FREQ=WEEKLY;BYDAY=TU;COUNT=2' });
    expect(splitRule('FREQ=WEEKLY;BYDAY=TU;UNTIL=20270101', '2026-12-01', '2026-12-15')).toEqual({ before: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20261214', after: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270101' });
  });

  it('leaves no first part when nothing comes before', () => {
    expect(splitRule('FREQ=WEEKLY;BYDAY=TU', '2026-12-01', '2026-12-01').before).toBeNull();
  });
});

describe('occurrenceAt', () => {
  it('keeps a date series on dates', () => {
    expect(occurrenceAt('2026-12-01', '2026-12-08', 'Europe/Moscow')).toBe('2026-12-08');
  });

  it('keeps the wall-clock time in the zone', () => {
    expect(occurrenceAt('2026-12-01T10:00:00+03:00', '2026-12-08', 'Europe/Moscow')).toBe('2026-12-08T07:00:00.000Z');
    // Berlin leaves summer time on 25 October 2026: 10:00 stays 10:00.
    expect(occurrenceAt('2026-10-20T10:00:00+02:00', '2026-10-27', 'Europe/Berlin')).toBe('2026-10-27T09:00:00.000Z');
    // The day of the change itself.
    expect(occurrenceAt('2026-10-20T10:00:00+02:00', '2026-10-25', 'Europe/Berlin')).toBe('2026-10-25T09:00:00.000Z');
    expect(occurrenceAt('2026-03-24T09:30:00-04:00', '2026-03-03', 'America/New_York')).toBe('2026-03-03T14:30:00.000Z');
  });

  it('starts a series on its local day', () => {
    expect(seriesStartDay('2026-12-01T23:30:00Z', 'Asia/Vladivostok')).toBe('2026-12-02');
  });
});

describe('rules that give no day, bounded (issue 15 review)', () => {
  it('refuses BY parts no month allows, at once', () => {
    const started = Date.now();
    expect(parseRecurrence('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30')).toMatchObject({ ok: false, problem: 'empty' });
    expect(parseRecurrence('FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31')).toMatchObject({ ok: false, problem: 'empty' });
    expect(parseRecurrence('FREQ=DAILY;BYYEARDAY=366;BYMONTH=1')).toMatchObject({ ok: false, problem: 'empty' });
    expect(parseRecurrence('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29')).toMatchObject({ ok: true });
    expect(parseRecurrence('FREQ=MONTHLY;BYMONTHDAY=-31;BYMONTH=1,2')).toMatchObject({ ok: true });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('answers quickly that a rule gives no day from its start', () => {
    const started = Date.now();
    expect(firstOccurrenceDay('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', '2026-12-01')).toBeUndefined();
    expect(firstOccurrenceDay('FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31', '2026-12-01')).toBeUndefined();
    // Every 7th day from a Monday is never a Tuesday.
    expect(firstOccurrenceDay('FREQ=DAILY;INTERVAL=7;BYDAY=TU', '2026-11-30')).toBeUndefined();
    expect(lastOccurrenceDay('FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31;COUNT=2', '2026-12-01')).toBeUndefined();
    expect(occurrenceDays('FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31', '2026-12-01', { from: '2026-12-01', to: '2027-12-31' })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a zero ordinal before a weekday', () => {
    expect(parseRecurrence('FREQ=MONTHLY;BYDAY=0MO')).toMatchObject({ ok: false, problem: 'syntax', part: 'BYDAY' });
    expect(parseRecurrence('FREQ=MONTHLY;BYDAY=00MO')).toMatchObject({ ok: false, problem: 'syntax', part: 'BYDAY' });
    expect(parseRecurrence('FREQ=MONTHLY;BYDAY=-0MO')).toMatchObject({ ok: false, problem: 'syntax', part: 'BYDAY' });
    expect(parseRecurrence('FREQ=YEARLY;BYDAY=54MO')).toMatchObject({ ok: false, problem: 'syntax', part: 'BYDAY' });
    expect(parseRecurrence('FREQ=MONTHLY;BYDAY=-1FR,2MO,TU')).toEqual({ ok: true, rule: 'FREQ=MONTHLY;BYDAY=-1FR,2MO,TU' });
  });

  it('splits from after the last day without widening the rule', () => {
    expect(splitRule('FREQ=WEEKLY;COUNT=3', '2026-12-01', '2027-06-01')).toEqual({ before: 'FREQ=WEEKLY;COUNT=3', after: null });
    expect(splitRule('FREQ=WEEKLY;UNTIL=20270101', '2026-12-01', '2027-06-01')).toEqual({ before: 'FREQ=WEEKLY;UNTIL=20270101', after: null });
  });
});
