import { describe, expect, it } from 'vitest';
import { cronMatches, CronError, nextCronRun, parseCron } from './cron.js';

describe('cron', () => {
  it('matches every minute with * * * * *', () => {
    expect(cronMatches(parseCron('* * * * *'), new Date('2026-11-26T10:07:30Z'))).toBe(true);
  });

  it('reads steps, ranges and lists', () => {
    const cron = parseCron('*/15 9-17 * * 1-5');
    expect([...cron.minutes]).toEqual([0, 15, 30, 45]);
    expect(cronMatches(cron, new Date('2026-11-26T09:30:00Z'))).toBe(true); // Thursday
    expect(cronMatches(cron, new Date('2026-11-26T09:31:00Z'))).toBe(false);
    expect(cronMatches(cron, new Date('2026-11-28T09:30:00Z'))).toBe(false); // Saturday
    expect([...parseCron('0 0 1,15 * *').days]).toEqual([1, 15]);
  });

  it('takes 7 for Sunday, as 0', () => {
    expect(cronMatches(parseCron('0 0 * * 7'), new Date('2026-11-29T00:00:00Z'))).toBe(true);
  });

  it('matches either restricted day field, as cron does', () => {
    const cron = parseCron('0 0 1 * 1'); // the 1st, or any Monday
    expect(cronMatches(cron, new Date('2026-11-30T00:00:00Z'))).toBe(true); // a Monday
    expect(cronMatches(cron, new Date('2026-12-01T00:00:00Z'))).toBe(true); // the 1st, a Tuesday
    expect(cronMatches(cron, new Date('2026-12-02T00:00:00Z'))).toBe(false);
  });

  it('names what it cannot read', () => {
    expect(() => parseCron('* * * *')).toThrow(CronError);
    expect(() => parseCron('60 * * * *')).toThrow(/minute "60"/);
    expect(() => parseCron('@hourly * * * *')).toThrow(/cannot read the minute/);
  });

  it('finds the next run after a minute, in UTC', () => {
    expect(nextCronRun(parseCron('*/15 * * * *'), new Date('2026-11-26T10:15:00Z'))).toEqual(new Date('2026-11-26T10:30:00Z'));
    expect(nextCronRun(parseCron('0 9 * * 1'), new Date('2026-11-26T10:00:00Z'))).toEqual(new Date('2026-11-30T09:00:00Z'));
    expect(nextCronRun(parseCron('0 0 1 1 *'), new Date('2026-11-26T10:00:00Z'))).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(nextCronRun(parseCron('0 0 30 2 *'), new Date('2026-11-26T10:00:00Z'))).toBeNull();
  });
});
