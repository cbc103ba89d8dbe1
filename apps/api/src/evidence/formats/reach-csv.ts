import { MAX_REACH, type Reach, type ReachRow } from '@ritm/domain/evidence-source';
import { cellText, columnLetter, invalidUtf8Of, normaliseWords, readDateText, type InvalidUtf8Cell } from '@ritm/domain/exchange';
import { isWebUrl } from '@ritm/domain/web-url';
import type { UploadReading } from '../adapter.js';
import { csvText, detectDelimiter, parseCsvCells, type CsvText } from '../../services/spreadsheet.js';
import { SourceError } from '../source-error.js';

// Reach statistics uploaded as CSV (what VK's and Telegram's statistics, or a person, export):
// a header row in Russian or English, then one row per post, named by its link or by its day,
// with its views, likes, reposts and comments. UTF-8 or Windows-1251 (as the plan import reads
// CSV: services/spreadsheet.ts), `;`, tab or `,`.

/** The most rows a statistics file may have: years of daily posts, far below what would strain a read. */
export const REACH_CSV_MAX_ROWS = 50_000;
/** How far down a header may be (an export may start with a title line or two). */
const HEADER_SEARCH_ROWS = 10;

type Column = 'day' | 'url' | keyof Reach;
/** A cell as split: its text, or what could be read of it where its bytes were not UTF-8. */
type RawCell = string | InvalidUtf8Cell;

/** The words of a heading that name each column (forms included: «Количество просмотров»). */
const HEADINGS: Record<Column, readonly string[]> = {
  day: ['дата', 'день', 'date', 'day'],
  url: ['ссылка', 'адрес', 'link', 'url', 'address'],
  views: ['просмотры', 'просмотров', 'охват', 'views', 'view', 'reach'],
  likes: ['лайки', 'лайков', 'нравится', 'реакции', 'реакций', 'likes', 'like', 'reactions'],
  reposts: ['репосты', 'репостов', 'пересылки', 'поделились', 'reposts', 'shares', 'share', 'forwards'],
  comments: ['комментарии', 'комментариев', 'comments'],
};
const COLUMNS = Object.keys(HEADINGS) as Column[];
const FIGURES = ['views', 'likes', 'reposts', 'comments'] as const satisfies readonly (keyof Reach)[];
/** A totals row at the end of an export: no post of its own. */
const TOTALS = new Set(['итого', 'всего', 'total', 'totals']);

/** The column a heading names, if any. */
function columnOfHeading(heading: string): Column | undefined {
  const words = normaliseWords(heading).split(' ');
  return COLUMNS.find((column) => HEADINGS[column].some((word) => words.includes(word)));
}

/** Where each column is in a header row (the first column of a kind wins), or undefined when the row is no header. */
function headerOf(record: readonly RawCell[]): Partial<Record<Column, number>> | undefined {
  const at: Partial<Record<Column, number>> = {};
  record.forEach((cell, index) => {
    // Only text names a column: a heading that is not UTF-8 is refused (`unreadableHeading`).
    const column = typeof cell === 'string' ? columnOfHeading(cell) : undefined;
    if (column !== undefined && at[column] === undefined) at[column] = index;
  });
  const names = at.day !== undefined || at.url !== undefined;
  return names && FIGURES.some((figure) => at[figure] !== undefined) ? at : undefined;
}

/**
 * Reads a statistics CSV into reach rows. A cell that cannot be read stops the whole file with
 * `bad_row` (its 1-based row and the column's heading as written; `reason: 'encoding'` when its
 * bytes are not UTF-8), so nothing is written half-way; a file without a header naming a date or
 * link and a figure is `wrong_kind`, and one whose headings are not all UTF-8 is `encoding`.
 */
export function readReachCsv(body: Uint8Array): UploadReading {
  const csv = statisticsText(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  if (csv === undefined) throw new SourceError('wrong_kind', { found: 'not_csv' });
  const delimiter = detectDelimiter(csv.text);
  if (delimiter === undefined) throw new SourceError('wrong_kind', { found: 'no_header' });
  let records: RawCell[][];
  try {
    records = parseCsvCells(csv, delimiter, REACH_CSV_MAX_ROWS, (text) => text);
  } catch (error) {
    // csv-parse says on which line it gave up (a quote never closed runs to the end of the file).
    const line = (error as { lines?: unknown }).lines;
    throw new SourceError('malformed', { reason: 'syntax', ...(typeof line === 'number' && { line }) });
  }
  if (records.length > REACH_CSV_MAX_ROWS) throw new SourceError('too_large', { maxRows: REACH_CSV_MAX_ROWS });
  const headerIndex = records.slice(0, HEADER_SEARCH_ROWS).findIndex((record) => headerOf(record) !== undefined);
  // A heading whose bytes are not UTF-8 names no column, and which one it was no one can tell (a
  // second «Охват» may stand in for a lost «Просмотры»): the file is refused naming it rather
  // than read without it.
  const unreadable = unreadableHeading(records.slice(0, HEADER_SEARCH_ROWS), headerIndex);
  if (unreadable !== undefined) throw unreadable;
  if (headerIndex < 0) throw new SourceError('wrong_kind', { found: 'no_header' });
  const header = records[headerIndex]!.map(cellText);
  const at = headerOf(header)!;
  const rows: ReachRow[] = [];
  for (let index = headerIndex + 1; index < records.length; index++) {
    const record = records[index]!;
    const first = record.map(cellText).find((text) => text !== '');
    if (first === undefined || TOTALS.has(normaliseWords(first))) continue;
    const row = index + 1;
    const cell = (column: Column): Cell => {
      const i = at[column];
      if (i === undefined) return undefined;
      const value = record[i] ?? '';
      // A cell the reader reads whose bytes are not UTF-8 would be read with U+FFFD in it; the
      // columns it does not read may hold anything.
      const damaged = invalidUtf8Of(value);
      if (damaged !== undefined) throw new SourceError('bad_row', { row, column: header[i]!, reason: 'encoding', value: damaged.trim() });
      return { value: cellText(value), bad: () => new SourceError('bad_row', { row, column: header[i]! }) };
    };
    const url = readUrl(cell('url'));
    const day = readDay(cell('day'));
    if (url === null && day === null) throw (cell('url') ?? cell('day'))!.bad();
    rows.push({ row, url, day, reach: { views: readCount(cell('views')), likes: readCount(cell('likes')), reposts: readCount(cell('reposts')), comments: readCount(cell('comments')) } });
  }
  return { kind: 'reach', rows };
}

/**
 * The error naming a heading whose bytes are not UTF-8 (`encoding`, `reason: 'heading'`): its
 * 1-based row, its column's letter (its words cannot name it) and what could be read of it. Where
 * a header was found, only its row counts (a title line above it is read by no one); where none
 * was, the first row that names a column beside such a cell: that cell is likely the heading
 * whose loss left the row short of a header, which says more than «no header».
 */
function unreadableHeading(records: readonly (readonly RawCell[])[], headerIndex: number): SourceError | undefined {
  const rows = headerIndex >= 0 ? [headerIndex] : records.map((_, index) => index).filter((index) => records[index]!.some((cell) => typeof cell === 'string' && columnOfHeading(cell) !== undefined));
  for (const index of rows) {
    const column = records[index]!.findIndex((cell) => invalidUtf8Of(cell) !== undefined);
    if (column >= 0) return new SourceError('encoding', { reason: 'heading', row: index + 1, column: columnLetter(column), value: cellText(records[index]![column]) });
  }
  return undefined;
}

/** Read as other CSV uploads are (UTF-16 too, Excel's «Текст Юникод»); text with a NUL in it is no statistics file. */
function statisticsText(file: Buffer): CsvText | undefined {
  const csv = csvText(file);
  return csv?.nulLine === undefined ? csv : undefined;
}

type Cell = { value: string; bad: () => SourceError } | undefined;

function readUrl(cell: Cell): string | null {
  if (cell === undefined || cell.value === '') return null;
  if (!isWebUrl(cell.value)) throw cell.bad();
  return cell.value;
}

/** `2026-11-25` or `25.11.2026`, a time after it (`25.11.2026 10:00`, `2026-11-25T10:00:00`) ignored. */
const DAY = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4})(?:[ T]\S.*)?$/;

function readDay(cell: Cell): string | null {
  if (cell === undefined || cell.value === '') return null;
  const match = DAY.exec(cell.value);
  // Slashed dates are left out on purpose: 03/04/2026 is March in an English file and April in a Russian one.
  const date = match ? readDateText(match[1]!, 0) : undefined;
  if (date === undefined) throw cell.bad();
  return date.date;
}

/** Thousands separated as people and spreadsheets write them: spaces (also no-break and thin) or, in English, commas. */
function readCount(cell: Cell): number | null {
  if (cell === undefined) return null;
  const value = cell.value.replace(/[\s\u00a0\u2009\u202f]/g, '');
  if (value === '' || value === '-' || value === '—') return null;
  const digits = /^\d{1,3}(,\d{3})+$/.test(value) ? value.replaceAll(',', '') : value;
  if (!/^\d{1,15}$/.test(digits) || Number(digits) > MAX_REACH) throw cell.bad();
  return Number(digits);
}
