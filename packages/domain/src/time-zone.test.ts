import { describe, expect, it } from 'vitest';
import { parseInstant, toDayNumber, wallDayNumberOf } from './local-date.js';
import {
  dayClock,
  isItemDate,
  isTimeZone,
  localDateOf,
  localDateOfItemDate,
  startOfLocalDate,
} from './time-zone.js';

describe('time zones', () => {
  it('knows IANA names and rejects others', () => {
    expect(isTimeZone('Asia/Vladivostok')).toBe(true);
    expect(isTimeZone('Europe/Kaliningrad')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(3)).toBe(false);
  });

  it('reads instants with Z and with offsets', () => {
    const t = Date.UTC(2026, 10, 15, 14, 30);
    expect(parseInstant('2026-11-15T14:30:00Z')).toBe(t);
    expect(parseInstant('2026-11-15T14:30Z')).toBe(t);
    expect(parseInstant('2026-11-16T00:30:00+10:00')).toBe(t);
    expect(parseInstant('2026-11-16T00:30:00+1000')).toBe(t);
    expect(parseInstant('2026-11-16 00:30:00+10')).toBe(t);
    expect(parseInstant('2026-11-15T14:30:00.250Z')).toBe(t + 250);
    expect(parseInstant('2026-11-15T14:30:00.123456Z')).toBe(t + 123);
    expect(parseInstant('2026-11-15T11:30:00-03:00')).toBe(t);
  });

  it('reads a lowercase t before the time, as ISO 8601 and RFC 3339 allow', () => {
    expect(parseInstant('2026-11-15t14:30:00z')).toBe(Date.UTC(2026, 10, 15, 14, 30));
    expect(wallDayNumberOf('2026-11-20t23:30')).toBe(toDayNumber('2026-11-20'));
    expect(isItemDate('2026-11-16t00:30:00+10:00')).toBe(true);
  });

  it('does not take a date, a wall-clock time or nonsense for an instant', () => {
    expect(parseInstant('2026-11-15')).toBeNaN();
    expect(parseInstant('2026-11-15T14:30')).toBeNaN();
    expect(parseInstant('2026-11-15T24:00Z')).toBeNaN();
    expect(parseInstant('2026-11-15T14:30:00+25:00')).toBeNaN();
    expect(parseInstant('2026-11-15T14:30:00ZZ')).toBeNaN();
    expect(parseInstant('2026-11-31T14:30:00Z')).toBeNaN();
  });

  it('reads local dates and wall-clock times as local days', () => {
    expect(wallDayNumberOf('2026-11-20')).toBe(toDayNumber('2026-11-20'));
    expect(wallDayNumberOf('2026-11-20T23:59:59')).toBe(toDayNumber('2026-11-20'));
    expect(wallDayNumberOf('2026-11-20T23:59:59Z')).toBeNaN();
    expect(isItemDate('2026-11-15T14:30:00Z')).toBe(true);
    expect(isItemDate('2026-11-15')).toBe(true);
    expect(isItemDate('15.11.2026')).toBe(false);
    expect(isItemDate('')).toBe(false);
  });

  it('places 13:30Z on Sunday and 14:30Z on Monday in Vladivostok (UTC+10)', () => {
    expect(localDateOfItemDate('2026-11-15T13:30:00Z', 'Asia/Vladivostok')).toBe('2026-11-15');
    expect(localDateOfItemDate('2026-11-15T14:30:00Z', 'Asia/Vladivostok')).toBe('2026-11-16');
    expect(localDateOfItemDate('2026-11-15T14:30', 'Asia/Vladivostok')).toBe('2026-11-15');
  });

  it('starts a Kaliningrad (UTC+2) day at 22:00Z and a Kamchatka (UTC+12) day at 12:00Z the day before', () => {
    expect(new Date(startOfLocalDate('2026-11-16', 'Europe/Kaliningrad')).toISOString()).toBe('2026-11-15T22:00:00.000Z');
    expect(new Date(startOfLocalDate('2026-11-16', 'Asia/Kamchatka')).toISOString()).toBe('2026-11-15T12:00:00.000Z');
  });

  it('places instants a millisecond either side of local midnight on different days', () => {
    for (const [zone, midnight] of [
      ['Europe/Kaliningrad', Date.UTC(2026, 10, 15, 22)],
      ['Asia/Kamchatka', Date.UTC(2026, 10, 15, 12)],
    ] as const) {
      const clock = dayClock(zone, toDayNumber('2026-11-09'), toDayNumber('2026-11-22'));
      expect(clock.dayIndexOf(midnight - 1)).toBe(6);
      expect(clock.dayIndexOf(midnight)).toBe(7);
      expect(localDateOf(midnight - 1, zone)).toBe('2026-11-15');
      expect(localDateOf(midnight, zone)).toBe('2026-11-16');
    }
  });

  it('says -1 for instants outside the span', () => {
    const clock = dayClock('Asia/Vladivostok', toDayNumber('2026-11-09'), toDayNumber('2026-11-22'));
    expect(clock.dayIndexOf(Date.UTC(2026, 10, 8, 13, 59))).toBe(-1);
    expect(clock.dayIndexOf(Date.UTC(2026, 10, 8, 14))).toBe(0);
    expect(clock.dayIndexOf(Date.UTC(2026, 10, 22, 13, 59))).toBe(13);
    expect(clock.dayIndexOf(Date.UTC(2026, 10, 22, 14))).toBe(-1);
  });

  it('follows daylight saving time where a zone still has it', () => {
    // Berlin: 29 March 2026 has 23 hours, 25 October 2026 has 25.
    const clock = dayClock('Europe/Berlin', toDayNumber('2026-03-28'), toDayNumber('2026-10-26'));
    expect((clock.starts[2] as number) - (clock.starts[1] as number)).toBe(23 * 3_600_000);
    const october25 = toDayNumber('2026-10-25') - toDayNumber('2026-03-28');
    expect((clock.starts[october25 + 1] as number) - (clock.starts[october25] as number)).toBe(25 * 3_600_000);
    expect(clock.dayIndexOf(Date.parse('2026-10-25T22:59:59Z'))).toBe(october25);
    expect(clock.dayIndexOf(Date.parse('2026-10-25T23:00:00Z'))).toBe(october25 + 1);
  });

  it('follows Russia’s 2014 change of zone offsets', () => {
    // Moscow was UTC+4 until 26 October 2014, then UTC+3.
    expect(new Date(startOfLocalDate('2014-10-25', 'Europe/Moscow')).toISOString()).toBe('2014-10-24T20:00:00.000Z');
    expect(new Date(startOfLocalDate('2014-10-27', 'Europe/Moscow')).toISOString()).toBe('2014-10-26T21:00:00.000Z');
  });

  it('starts a day at the jump when the clocks skip midnight', () => {
    // America/Santiago springs forward from 00:00 to 01:00 on 6 September 2026.
    expect(new Date(startOfLocalDate('2026-09-06', 'America/Santiago')).toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });
});
