/**
 * When a person's waiting notifications of one kind may be mailed (issue 14). Whatever comes is
 * in the bell at once; the mail follows the person's choice for the kind: `immediately` — at once,
 * but at most one mail per kind in {@link MAIL_PACE_MINUTES} (what comes meanwhile waits for the
 * window to end and goes in one mail); `daily` — gathered into one mail at the person's digest
 * hour, local; `off` — never (the notifications are marked as not to be mailed).
 */
import { addDays, HOUR_MS, MINUTE_MS } from './local-date.js';
import type { LocalDate } from './local-date.js';
import { MAIL_ATTEMPTS, MAIL_PACE_MINUTES, type EmailDelivery } from './notifications.js';
import { localDateOf, offsetMinutes } from './time-zone.js';

/**
 * A notification still unmailed this many hours after it came is not mailed at all (marked
 * skipped): a mail about long-past events helps nobody, and the bell still has it. It also keeps
 * turning SMTP on later from mailing everything since Ritm was installed. A daily gathering comes
 * every 24 hours, so it is within this bound.
 */
export const MAIL_STALE_HOURS = 24;

/** The most notifications one mail lists; the rest are counted («…и ещё 5») and are in the bell. */
export const MAIL_LIST_LIMIT = 10;

export type MailTiming = { action: 'mail' } | { action: 'skip' } | { action: 'wait'; until: Date };

export interface MailPacingInput {
  delivery: EmailDelivery;
  /** When the oldest notification still waiting for a mail was made. */
  oldestWaitingAt: Date;
  /** When the last mail of this kind to this person was written (null: never). */
  lastMailAt: Date | null;
  /** The hour (0…23) of the daily gathering, in `timeZone`: the person's digest hour. */
  dailyHour: number;
  timeZone: string;
  now: Date;
}

/**
 * Whether to mail the waiting notifications now, skip them (not mailed at all), or wait until an
 * instant.
 *
 * @example mailTiming({ delivery: 'immediately', lastMailAt: null, … }) // { action: 'mail' }
 * @example mailTiming({ delivery: 'immediately', lastMailAt: now − 20 min, … }) // { action: 'wait', until: now + 40 min }
 * @example mailTiming({ delivery: 'daily', dailyHour: 9, timeZone: 'Asia/Kamchatka', now: 08:30 local, … }) // wait until 09:00 local
 */
export function mailTiming(input: MailPacingInput, paceMinutes = MAIL_PACE_MINUTES): MailTiming {
  const now = input.now.getTime();
  switch (input.delivery) {
    case 'off':
      return { action: 'skip' };
    case 'immediately': {
      if (input.lastMailAt === null) return { action: 'mail' };
      const windowEnds = input.lastMailAt.getTime() + paceMinutes * MINUTE_MS;
      return windowEnds <= now ? { action: 'mail' } : { action: 'wait', until: new Date(windowEnds) };
    }
    case 'daily': {
      // The first gathering at or after the oldest waiting notification: a server that was down at
      // the hour catches up as soon as it runs, and nothing waits past one gathering.
      const due = nextLocalHour(input.oldestWaitingAt.getTime(), input.dailyHour, input.timeZone);
      return due <= now ? { action: 'mail' } : { action: 'wait', until: new Date(due) };
    }
  }
}

/**
 * The first instant at or after `from` when a zone's clocks show `hour`:00.
 *
 * @example new Date(nextLocalHour(Date.parse('2026-11-23T20:00:00Z'), 9, 'Asia/Kamchatka')).toISOString() // '2026-11-23T21:00:00.000Z'
 */
export function nextLocalHour(from: number, hour: number, timeZone: string): number {
  const today = localDateOf(from, timeZone);
  const slot = localHourInstant(today, hour, timeZone);
  return slot >= from ? slot : localHourInstant(addDays(today, 1), hour, timeZone);
}

/** The instant a zone's clocks show `hour`:00 on a local date (the later one when a clock change repeats it). */
export function localHourInstant(date: LocalDate, hour: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + hour * HOUR_MS;
  // The offset at the guess, then at the instant it gives: right on either side of a clock change.
  const guess = wall - offsetMinutes(timeZone, wall) * MINUTE_MS;
  return wall - offsetMinutes(timeZone, guess) * MINUTE_MS;
}

/**
 * The waits before a mail's 2nd, 3rd… try: growing, so a server down for hours is not hammered
 * and a mail is tried for over four hours before it is reported as failed.
 */
export const MAIL_RETRY_MINUTES = [1, 5, 15, 60, 180] as const;

/**
 * When to try a mail again after its `triesMade`-th try failed at `failedAt`; null once
 * `attempts` tries are spent (the mail is then kept as failed, with the server's answer).
 *
 * @example mailRetryAt(1, at) // at + 1 min
 * @example mailRetryAt(6, at) // null
 */
export function mailRetryAt(triesMade: number, failedAt: Date, attempts = MAIL_ATTEMPTS): Date | null {
  if (triesMade >= attempts) return null;
  const minutes = MAIL_RETRY_MINUTES[Math.min(triesMade, MAIL_RETRY_MINUTES.length) - 1] ?? MAIL_RETRY_MINUTES[0];
  return new Date(failedAt.getTime() + minutes * MINUTE_MS);
}
