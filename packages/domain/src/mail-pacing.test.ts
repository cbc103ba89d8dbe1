import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localHourInstant, MAIL_RETRY_MINUTES, mailRetryAt, mailTiming, nextLocalHour, type MailPacingInput } from './mail-pacing.js';
import { MAIL_ATTEMPTS } from './notifications.js';

const at = (iso: string) => new Date(iso);
const base: MailPacingInput = {
  delivery: 'immediately',
  oldestWaitingAt: at('2026-11-23T10:00:00Z'),
  lastMailAt: null,
  dailyHour: 9,
  timeZone: 'Europe/Moscow',
  now: at('2026-11-23T10:05:00Z'),
};

describe('mailTiming', () => {
  it('mails at once what nobody was mailed about within the hour', () => {
    expect(mailTiming(base)).toEqual({ action: 'mail' });
    expect(mailTiming({ ...base, lastMailAt: at('2026-11-23T09:05:00Z') })).toEqual({ action: 'mail' });
  });

  it('holds what comes within an hour of the last mail of the kind until the hour is over', () => {
    expect(mailTiming({ ...base, lastMailAt: at('2026-11-23T09:45:00Z') })).toEqual({ action: 'wait', until: at('2026-11-23T10:45:00Z') });
    expect(mailTiming({ ...base, lastMailAt: at('2026-11-23T09:45:00Z'), now: at('2026-11-23T10:45:00Z') })).toEqual({ action: 'mail' });
  });

  it('never mails a kind the person turned off', () => {
    expect(mailTiming({ ...base, delivery: 'off' })).toEqual({ action: 'skip' });
  });

  it('gathers a daily kind until the digest hour, local', () => {
    // 13:00 in Moscow, the hour is 09:00: tomorrow's gathering.
    const daily = { ...base, delivery: 'daily' as const };
    expect(mailTiming(daily)).toEqual({ action: 'wait', until: at('2026-11-24T06:00:00Z') });
    expect(mailTiming({ ...daily, now: at('2026-11-24T06:00:00Z') })).toEqual({ action: 'mail' });
    // A notification from before today's hour goes at the hour, not the day after.
    expect(mailTiming({ ...daily, oldestWaitingAt: at('2026-11-23T05:00:00Z'), now: at('2026-11-23T05:59:00Z') })).toEqual({ action: 'wait', until: at('2026-11-23T06:00:00Z') });
  });

  it('catches up a gathering the server was down for as soon as it runs', () => {
    const daily = { ...base, delivery: 'daily' as const, oldestWaitingAt: at('2026-11-22T12:00:00Z') };
    expect(mailTiming({ ...daily, now: at('2026-11-23T11:30:00Z') })).toEqual({ action: 'mail' });
  });

  it('reads the hour in the zone: Kamchatka and Kaliningrad', () => {
    const daily = { ...base, delivery: 'daily' as const, oldestWaitingAt: at('2026-11-22T12:00:00Z'), now: at('2026-11-22T12:00:00Z') };
    // 09:00 in Petropavlovsk-Kamchatsky (UTC+12) is 21:00 UTC the day before.
    expect(mailTiming({ ...daily, timeZone: 'Asia/Kamchatka' })).toEqual({ action: 'wait', until: at('2026-11-22T21:00:00Z') });
    // 09:00 in Kaliningrad (UTC+2).
    expect(mailTiming({ ...daily, timeZone: 'Europe/Kaliningrad' })).toEqual({ action: 'wait', until: at('2026-11-23T07:00:00Z') });
  });
});

describe('localHourInstant', () => {
  it('keeps the wall clock across a clock change (Berlin, the last Sunday of October)', () => {
    expect(new Date(localHourInstant('2026-10-24', 9, 'Europe/Berlin')).toISOString()).toBe('2026-10-24T07:00:00.000Z');
    expect(new Date(localHourInstant('2026-10-25', 9, 'Europe/Berlin')).toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('is never before its start and at most a day after', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom('Europe/Kaliningrad', 'Europe/Moscow', 'Asia/Kamchatka', 'Europe/Berlin', 'America/New_York'),
        (from, hour, zone) => {
          const next = nextLocalHour(from, hour, zone);
          return next >= from && next - from <= 25 * 3_600_000;
        },
      ),
    );
  });
});

describe('mailRetryAt', () => {
  it('tries a refused mail again after 1, 5, 15, 60 and 180 minutes, then gives up', () => {
    const failedAt = at('2026-11-23T10:00:00Z');
    const waits = [1, 2, 3, 4, 5].map((tries) => (mailRetryAt(tries, failedAt)!.getTime() - failedAt.getTime()) / 60_000);
    expect(waits).toEqual([1, 5, 15, 60, 180]);
    expect(mailRetryAt(MAIL_ATTEMPTS, failedAt)).toBeNull();
    expect(MAIL_RETRY_MINUTES.length).toBe(MAIL_ATTEMPTS - 1);
  });

  it('waits the longest wait once the list is spent, when more tries are allowed', () => {
    expect(mailRetryAt(8, at('2026-11-23T10:00:00Z'), 10)).toEqual(at('2026-11-23T13:00:00Z'));
  });
});
