// Dates as feeds write them. RSS asks for RFC 822 (`Thu, 19 Nov 2026 07:30:00 +0000`) and sites
// bend it: a zone without its sign's colon or with one (`+0300`, `+03:00`), `MSK`, the obsolete
// American zone names, two-digit years, no seconds, no weekday, and Russian CMSs print month and
// weekday names in Russian (`Чт, 19 ноя 2026 10:30:00 +0300`). Atom and JSON Feed use RFC 3339.
// `Date.parse` is not used: it reads a zone-less date-time as the server's local time.

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  янв: 1, фев: 2, мар: 3, апр: 4, мая: 5, май: 5, июн: 6, июл: 7, авг: 8, сен: 9, окт: 10, ноя: 11, дек: 12,
};

/** Zone names RFC 822 allows (and `MSK`, which Russian sites use), in minutes east of UTC. */
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  MSK: 180, MSD: 240,
};

/** An instant from its UTC parts and zone, or null when a part is out of range (30 February). */
function instant(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number, offsetMinutes: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  // A leap second (`:60`) is read as the second before it.
  const local = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis);
  if (new Date(local).getUTCDate() !== day) return null;
  const value = new Date(local - offsetMinutes * 60_000);
  if (Number.isNaN(value.getTime()) || year < 1970 || year > 2200) return null;
  return value.toISOString();
}

/** Minutes east of UTC of a written zone, or undefined when it is unknown. */
function zoneOffset(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === '') return 0;
  const named = ZONES[zone.toUpperCase()];
  if (named !== undefined) return named;
  const numeric = /^(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(zone);
  if (!numeric) return /^[A-IK-Z]$/i.test(zone) ? 0 : undefined; // military letters: RFC 2822 says read them as -0000
  const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
  return numeric[1] === '-' ? -minutes : minutes;
}

const RFC822 = /^(?:[^\s,\d]+,?\s*)?(\d{1,2})[\s-]+([^\s\d.-]+)\.?[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([A-Za-z]+(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{1,2}(?::?\d{2})?)?$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*([Zz]|[+-]\d{2}:?\d{2})?$/;

/**
 * A feed's date (RFC 822 with the usual deviations, or RFC 3339) as an ISO instant in UTC, or null
 * when it cannot be read. A date without a zone is read as UTC.
 * @example parseFeedDate('Thu, 19 Nov 2026 10:30:00 +0300') // '2026-11-19T07:30:00.000Z'
 * @example parseFeedDate('2026-11-19T10:30:00+03:00') // '2026-11-19T07:30:00.000Z'
 */
export function parseFeedDate(text: string | null | undefined): string | null {
  const value = (text ?? '').trim().replace(/\s+/g, ' ');
  if (value === '' || value.length > 80) return null;
  const iso = RFC3339.exec(value);
  if (iso) {
    const offset = zoneOffset(iso[8]);
    if (offset === undefined) return null;
    const millis = Number(`0.${iso[7] ?? '0'}`) * 1000;
    return instant(Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4] ?? 0), Number(iso[5] ?? 0), Number(iso[6] ?? 0), Math.floor(millis), offset);
  }
  const rfc = RFC822.exec(value);
  if (!rfc) return null;
  const month = MONTHS[(rfc[2] ?? '').toLowerCase().slice(0, 3)] ?? MONTHS[(rfc[2] ?? '').toLowerCase()];
  const offset = zoneOffset(rfc[7]);
  if (month === undefined || offset === undefined) return null;
  let year = Number(rfc[3]);
  // Two-digit years (RFC 822): 00–49 are 20xx, 50–99 are 19xx (RFC 2822 §4.3).
  if ((rfc[3] ?? '').length === 2) year += year < 50 ? 2000 : 1900;
  return instant(year, month, Number(rfc[1]), Number(rfc[4]), Number(rfc[5]), Number(rfc[6] ?? 0), 0, offset);
}
