/**
 * Dates as people type them in a media plan, and as spreadsheets store them.
 */
import { daysInMonth, fromDayNumber, dayNumberFromParts, MINUTE_MS, DAY_MS } from '../local-date.js';
import { isProductDate } from '../product-range.js';
import { offsetMinutes } from '../time-zone.js';

/** A date read from a cell: its local day, the wall-clock time if one was given, and whether the year was. */
export interface CellDate {
  /** 'YYYY-MM-DD'. */
  date: string;
  /** Minutes after local midnight, when the cell gave a time. */
  minutes?: number;
  /** False for «25 ноября»: the year came from the import (see {@link readDateText}). */
  yearGiven: boolean;
}

/** Russian month names in the genitive («25 ноября»), the nominative and short forms, and English ones. */
const MONTHS: ReadonlyArray<readonly string[]> = [
  ['январ', 'jan'],
  ['феврал', 'feb'],
  ['март', 'mar'],
  ['апрел', 'apr'],
  ['ма', 'may'],
  ['июн', 'jun'],
  ['июл', 'jul'],
  ['август', 'aug'],
  ['сентябр', 'sep'],
  ['октябр', 'oct'],
  ['ноябр', 'nov'],
  ['декабр', 'dec'],
];

function monthOfName(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  // «мая», «май», «мае»: the stem «ма» alone would also take «март», so May is matched whole.
  if (w === 'май' || w === 'мая' || w === 'мае' || w === 'may') return 5;
  for (let i = 0; i < MONTHS.length; i++) {
    if (i === 4) continue;
    const [ru, en] = MONTHS[i]!;
    if (w.startsWith(ru!) || (w.length >= 3 && w.startsWith(en!)) || (w.length >= 3 && ru!.startsWith(w))) return i + 1;
  }
  return undefined;
}

/**
 * How a reader of dates treats a real day outside the product's range: refused (the default:
 * nothing outside it is stored), or read (`anyYear`), to tell «01.01.9999» — a date, out of
 * range — from «31.02.2026», which is none. Years of four digits only: a serial or an instant
 * that far off is no date anyone typed.
 */
export interface DateReading {
  anyYear?: boolean;
}

const inReach = (date: string, reading: DateReading): boolean => (reading.anyYear === true ? /^\d{4}-/.test(date) : isProductDate(date));

const TIME = /(?:[T\s,]+|\s+в\s+)(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*$/i;

function dateOf(year: number, month: number, day: number, reading: DateReading): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const date = fromDayNumber(dayNumberFromParts(year, month, day));
  return inReach(date, reading) ? date : undefined;
}

/** A two-digit year is this century's: «25.11.26» is 2026. */
const fullYear = (text: string): number => (text.length === 2 ? 2000 + Number(text) : Number(text));

/**
 * Reads a date typed as text: `25.11.2026`, `25.11.26`, `25/11/2026`, `2026-11-25`, «25 ноября»,
 * «25 ноября 2026 г.», `25 Nov 2026`, each optionally followed by a time (`10:00`, `10.00`,
 * «в 10:00»). Without a year the date takes `year`: the importer passes the year most of the
 * file's other dates give, else the current year in the organisation's zone. Undefined when the
 * text is no date (or no real day: 31.02.2026), or a day outside the product's range unless
 * `reading.anyYear`.
 *
 * @example readDateText('01.01.9999', 2026) // undefined
 * @example readDateText('01.01.9999', 2026, { anyYear: true }) // { date: '9999-01-01', yearGiven: true }
 * @example readDateText('25.11.26', 2026) // { date: '2026-11-25', yearGiven: true }
 * @example readDateText('25 ноября в 10:30', 2027) // { date: '2027-11-25', minutes: 630, yearGiven: false }
 */
export function readDateText(text: string, year: number, reading: DateReading = {}): CellDate | undefined {
  let rest = text.trim().replace(/\s+/g, ' ');
  let minutes: number | undefined;
  const time = TIME.exec(rest);
  if (time) {
    const h = Number(time[1]);
    const m = Number(time[2]);
    if (h > 23 || m > 59) return undefined;
    minutes = h * 60 + m;
    rest = rest.slice(0, time.index).trim();
  }
  const withTime = (found: { date: string | undefined; yearGiven: boolean }): CellDate | undefined =>
    found.date === undefined ? undefined : { date: found.date, yearGiven: found.yearGiven, ...(minutes !== undefined && { minutes }) };
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(rest);
  if (m) return withTime({ date: dateOf(Number(m[1]), Number(m[2]), Number(m[3]), reading), yearGiven: true });
  m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:\s*г\.?)?$/.exec(rest);
  if (m) return withTime({ date: dateOf(fullYear(m[3]!), Number(m[2]), Number(m[1]), reading), yearGiven: true });
  m = /^(\d{1,2})\.(\d{1,2})\.?$/.exec(rest);
  if (m) return withTime({ date: dateOf(year, Number(m[2]), Number(m[1]), reading), yearGiven: false });
  m = /^(\d{1,2})\s+([\p{L}.]+)(?:\s+(\d{4})(?:\s*(?:г|года?)\.?)?)?$/u.exec(rest);
  if (m) {
    const month = monthOfName(m[2]!);
    if (month === undefined) return undefined;
    return withTime({ date: dateOf(m[3] ? Number(m[3]) : year, month, Number(m[1]), reading), yearGiven: m[3] !== undefined });
  }
  return undefined;
}

/** Day 0 of Excel's 1900 date system as a Unix day (1899-12-30: Excel counts a 29 February 1900 that never was). */
const EXCEL_EPOCH_DAY = -25_569;

/**
 * Reads an Excel serial date (days since 1899-12-30, the fraction the time of day). Undefined
 * outside the product's range unless `reading.anyYear`.
 *
 * @example readExcelSerial(46351) // { date: '2026-11-25', yearGiven: true }
 * @example readExcelSerial(46351.4375) // { date: '2026-11-25', minutes: 630, yearGiven: true }
 */
export function readExcelSerial(serial: number, reading: DateReading = {}): CellDate | undefined {
  if (!Number.isFinite(serial) || serial <= 0) return undefined;
  const day = Math.floor(serial);
  const minutes = Math.round((serial - day) * 24 * 60);
  const date = fromDayNumber(day + EXCEL_EPOCH_DAY + Math.floor(minutes / 1440));
  if (!inReach(date, reading)) return undefined;
  const rest = minutes % 1440;
  return { date, yearGiven: true, ...(minutes > 0 && { minutes: rest }) };
}

/**
 * Reads a date cell as spreadsheet libraries give it: a JavaScript Date holding the cell's wall
 * clock as if it were UTC (exceljs does so), a time of 00:00 meaning none. Undefined outside the
 * product's range unless `reading.anyYear`.
 *
 * @example readWallClockDate(new Date(Date.UTC(2026, 10, 25, 10, 30))) // { date: '2026-11-25', minutes: 630, yearGiven: true }
 */
export function readWallClockDate(value: Date, reading: DateReading = {}): CellDate | undefined {
  const ms = value.getTime();
  if (Number.isNaN(ms)) return undefined;
  const day = Math.floor(ms / DAY_MS);
  const date = fromDayNumber(day);
  if (!inReach(date, reading)) return undefined;
  const minutes = Math.round((ms - day * DAY_MS) / MINUTE_MS);
  return { date, yearGiven: true, ...(minutes > 0 && { minutes }) };
}

/** A cell showing text with an address behind it (a spreadsheet hyperlink). */
export interface LinkCell {
  text: string;
  hyperlink: string;
}

/** A cell whose formula failed: what the spreadsheet shows in it (`#REF!`, `#N/A`, …). */
export interface ErrorCell {
  error: string;
}

/**
 * A CSV cell read as UTF-8 whose bytes were not all valid UTF-8 (a letter cut in two, text pasted
 * from a Windows-1251 file): its text with U+FFFD where those bytes were. The row names it
 * (`encoding`).
 */
export interface InvalidUtf8Cell {
  invalidUtf8: string;
}

/** A cell's value as the importer sees it: text, a number, a date, a link, a formula's error, text that was not all UTF-8, or nothing. */
export type CellValue = string | number | boolean | Date | LinkCell | ErrorCell | InvalidUtf8Cell | null | undefined;

export const isLinkCell = (value: CellValue): value is LinkCell => typeof value === 'object' && value !== null && 'hyperlink' in value;

/**
 * The formula error a cell shows (`#REF!`), or undefined. A CSV's text is read as one by its
 * reader (`isFormulaErrorText`), not here: in a workbook «#N/A» typed as text is text.
 *
 * @example formulaErrorOf({ error: '#REF!' }) // '#REF!'
 * @example formulaErrorOf('#N/A') // undefined
 */
export function formulaErrorOf(value: CellValue): string | undefined {
  return typeof value === 'object' && value !== null && 'error' in value ? value.error : undefined;
}

/**
 * The text of a cell whose bytes were not all valid UTF-8, or undefined.
 *
 * @example invalidUtf8Of({ invalidUtf8: 'Пост о ярм\uFFFDрке' }) // 'Пост о ярм\uFFFDрке'
 * @example invalidUtf8Of('Пост о ярмарке') // undefined
 */
export function invalidUtf8Of(value: CellValue): string | undefined {
  return typeof value === 'object' && value !== null && 'invalidUtf8' in value ? value.invalidUtf8 : undefined;
}

/**
 * Any cell as a date: a date cell, a serial number, or text (see {@link readDateText}); a day
 * outside the product's range only with `reading.anyYear`.
 *
 * @example readDate('2026-11-25', 2026) // { date: '2026-11-25', yearGiven: true }
 */
export function readDate(value: CellValue, year: number, reading: DateReading = {}): CellDate | undefined {
  if (value instanceof Date) return readWallClockDate(value, reading);
  if (typeof value === 'number') return readExcelSerial(value, reading);
  if (typeof value === 'string' || isLinkCell(value)) {
    const trimmed = (typeof value === 'string' ? value : value.text).trim();
    // A serial number written as text (a CSV saved from a sheet whose dates lost their format).
    if (/^\d{5}(\.\d+)?$/.test(trimmed)) return readExcelSerial(Number(trimmed), reading);
    return readDateText(trimmed, year, reading);
  }
  return undefined;
}

/**
 * The instant a wall-clock time on a local date is in a zone; in a gap of a clock change, the
 * instant the clock shows that time after moving on.
 *
 * @example instantOfWallClock('2026-11-25', 630, 'Europe/Moscow') // '2026-11-25T07:30:00.000Z'
 */
export function instantOfWallClock(date: string, minutes: number, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minutes * MINUTE_MS;
  const first = wall - offsetMinutes(timeZone, wall) * MINUTE_MS;
  const instant = wall - offsetMinutes(timeZone, first) * MINUTE_MS;
  return new Date(instant).toISOString();
}

/**
 * The year a file's dates without a year take: the year most of its dated cells give (the
 * earliest on a tie), else `fallback` (the current year in the organisation's zone).
 *
 * @example yearOfFile([2026, 2026, 2027], 2025) // 2026
 */
export function yearOfFile(yearsGiven: readonly number[], fallback: number): number {
  const counts = new Map<number, number>();
  for (const y of yearsGiven) counts.set(y, (counts.get(y) ?? 0) + 1);
  let best = fallback;
  let most = 0;
  for (const [y, n] of counts) if (n > most || (n === most && y < best)) [best, most] = [y, n];
  return best;
}
