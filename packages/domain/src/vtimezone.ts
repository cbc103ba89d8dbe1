/**
 * Time zone definitions for calendar files (RFC 5545 §3.6.5).
 *
 * A timed event written as `DTSTART;TZID=Europe/Moscow:20261125T100000` keeps the organisation's
 * wall-clock time in every client, but Outlook resolves a TZID only through a VTIMEZONE in the same
 * file, and Google and Yandex prefer it too. The runtime's zone data (Intl) is the one source: the
 * offsets in force over the window are read from it and each change becomes one observance with its
 * own DTSTART and no recurrence rule, which every conforming parser reads.
 */
import { DAY_MS, MINUTE_MS } from './local-date.js';
import { offsetMinutes } from './time-zone.js';

/** One offset change inside a window: the instant it happens and the offsets before and after. */
export interface OffsetChange {
  at: number;
  from: number;
  to: number;
}

/**
 * The offset changes of a zone between two instants, found by stepping a day at a time (no zone
 * changes its offset twice within a day) and narrowing each change to the minute.
 *
 * @example offsetChanges('Europe/Berlin', Date.parse('2026-01-01T00:00Z'), Date.parse('2027-01-01T00:00Z'))
 * // [{ at: Date.parse('2026-03-29T01:00Z'), from: 60, to: 120 }, { at: Date.parse('2026-10-25T01:00Z'), from: 120, to: 60 }]
 */
export function offsetChanges(timeZone: string, from: number, to: number): OffsetChange[] {
  const changes: OffsetChange[] = [];
  let before = from;
  let offsetBefore = offsetMinutes(timeZone, before);
  while (before < to) {
    const after = Math.min(before + DAY_MS, to);
    const offsetAfter = offsetMinutes(timeZone, after);
    if (offsetAfter !== offsetBefore) {
      // The change lies in (lo, hi]: halve down to the minute.
      let lo = before;
      let hi = after;
      while (hi - lo > MINUTE_MS) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
        if (offsetMinutes(timeZone, mid) === offsetBefore) lo = mid;
        else hi = mid;
      }
      changes.push({ at: hi, from: offsetBefore, to: offsetAfter });
    }
    before = after;
    offsetBefore = offsetAfter;
  }
  return changes;
}

/**
 * The VTIMEZONE component for a zone, exact over the window `from`…`to` (instants in ms): the
 * offset at `from` as the first observance, then each change in the window. Lines end in CRLF.
 *
 * @example vtimezone('Europe/Moscow', Date.parse('2026-08-01T00:00Z'), Date.parse('2027-12-01T00:00Z'))
 * // 'BEGIN:VTIMEZONE\r\nTZID:Europe/Moscow\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n
 * //  TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n'
 */
export function vtimezone(timeZone: string, from: number, to: number): string {
  const first = offsetMinutes(timeZone, from);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  // The offset in force at the window's start stands for everything before it: no event of the
  // file lies earlier, so its history does not matter.
  lines.push(...observance('STANDARD', '19700101T000000', first, first));
  for (const change of offsetChanges(timeZone, from, to)) {
    // DTSTART is the wall-clock time under the offset being left (RFC 5545 §3.6.5).
    lines.push(...observance(change.to > change.from ? 'DAYLIGHT' : 'STANDARD', wallTime(change.at + change.from * MINUTE_MS), change.from, change.to));
  }
  lines.push('END:VTIMEZONE');
  return lines.map((line) => `${line}\r\n`).join('');
}

function observance(type: 'STANDARD' | 'DAYLIGHT', start: string, from: number, to: number): string[] {
  return [`BEGIN:${type}`, `DTSTART:${start}`, `TZOFFSETFROM:${utcOffset(from)}`, `TZOFFSETTO:${utcOffset(to)}`, `END:${type}`];
}

/**
 * An offset in minutes as RFC 5545 writes it.
 *
 * @example utcOffset(180) // '+0300'
 * @example utcOffset(-210) // '-0330'
 */
export function utcOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** A shifted instant's UTC fields as a floating DATE-TIME: `20261025T030000`. */
function wallTime(shifted: number): string {
  return new Date(shifted).toISOString().replace(/[-:]/g, '').slice(0, 15);
}
