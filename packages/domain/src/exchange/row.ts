/**
 * A row of a media plan as an item to write, or the problems that keep it from being one, each
 * named by sheet, row and column and a code the API and the admin translate.
 */
import { isBlank } from '../words.js';
import { isProductInstant, PRODUCT_RANGE } from '../product-range.js';
import { isVocabularyCode } from '../vocabulary-code.js';
import { isWebUrl } from '../web-url.js';
import type { ItemKind, ItemStatus } from '../item.js';
import { allowedChannelTypes } from '../plan-ops.js';
import type { ImportField } from './columns.js';
import { formulaErrorOf, instantOfWallClock, invalidUtf8Of, isLinkCell, readDate, type CellDate, type CellValue } from './dates.js';
import { matchName, splitNames, type NameIndex } from './names.js';
import { cellText, columnLetter, type SheetColumn } from './sheet.js';
import { normaliseWords } from './text.js';
import { kindOfFormat, statusOfWord } from './vocabulary.js';

/** Every problem a row can have. */
export const IMPORT_ISSUE_CODES = [
  'title_missing',
  'date_missing',
  'not_a_date',
  'not_a_time',
  'kind_missing',
  'unknown_format',
  'unknown_status',
  'unknown_channel',
  'unknown_audience',
  'unknown_key_message',
  'unknown_person',
  'ambiguous_name',
  'not_a_count',
  'not_a_url',
  'too_long',
  'duplicate_row',
  'kind_cannot_go_on_channel',
  'outside_product_range',
  'formula_error',
  'encoding',
] as const;

export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number];

/**
 * How much of a cell's text, or of a heading, a problem quotes: enough to find the cell by, and
 * no more. A problem names its column in every row, and one value merged over 2,000 rows was
 * quoted whole in each of them: a file of 45 KB made an answer of 64 MB (found by a probe).
 */
export const QUOTED_MAX = 200;

/**
 * A cell's text or a heading as a problem quotes it: at most {@link QUOTED_MAX} characters, cut
 * with «…», by code points (a cut through a surrogate pair would be no text to send).
 *
 * @example quoteCell('Ярмарка') // 'Ярмарка'
 * @example quoteCell('я'.repeat(32_000)).length // 201
 */
export function quoteCell(text: string): string {
  if (text.length <= QUOTED_MAX) return text;
  const points = [...text.slice(0, 2 * QUOTED_MAX + 1)];
  return points.length <= QUOTED_MAX ? points.join('') : `${points.slice(0, QUOTED_MAX).join('')}…`;
}

/**
 * A column as a problem names it: its letter and its heading (quoted as {@link quoteCell} does),
 * or the letter alone where it has no heading.
 *
 * @example columnLabel({ letter: 'C', heading: 'Дата выхода' }) // 'C (Дата выхода)'
 */
export const columnLabel = (column: Pick<SheetColumn, 'letter' | 'heading'>): string => (column.heading === '' ? column.letter : `${column.letter} (${quoteCell(column.heading)})`);

/**
 * The most problems one row is said to have: a row has 19 fields, each with a problem or two; a
 * cell of thousands of names, each unknown, would be thousands more. Those left out are counted ({@link RowResult.problemsLeftOut}).
 */
export const MAX_ROW_PROBLEMS = 50;

/** A problem of one cell (or of the row, with the column of its title). */
export interface ImportProblem {
  sheet: string;
  /** 1-based row number as the spreadsheet shows it. */
  row: number;
  /** The column's letter and heading as written: «C (Дата выхода)». */
  column: string;
  field?: ImportField;
  code: ImportIssueCode;
  /**
   * Values the message names: `value` the cell's text (cut, {@link quoteCell}), `max` a limit,
   * `from`/`to` the product's range, `kind`/`channel`/`allowed` for a kind that cannot go there.
   */
  params: Readonly<Record<string, string | number>>;
}

/** The fields of an item a row sets: only those the file has columns for (others stay as they are on update). */
export interface ImportedItem {
  kind: ItemKind;
  title: string;
  at: string;
  status?: ItemStatus;
  newsHook?: string;
  format?: string;
  channelIds?: string[];
  audienceIds?: string[];
  keyMessageIds?: string[];
  responsibleId?: string | null;
  publishedAt?: string | null;
  url?: string | null;
  views?: number | null;
  likes?: number | null;
  reposts?: number | null;
  comments?: number | null;
  notes?: string;
}

/** What rows are read against. */
export interface RowContext {
  timeZone: string;
  /** The year of dates written without one (see `yearOfFile`). */
  year: number;
  channels: NameIndex;
  /** Each channel's type, to check that a kind can go on it. */
  channelTypes: ReadonlyMap<string, string>;
  audiences: NameIndex;
  keyMessages: NameIndex;
  people: NameIndex;
  /** The organisation's format words → kinds, before the defaults. */
  formatKinds?: Readonly<Record<string, ItemKind>>;
  /**
   * Cells of names already matched in this file, by field and text (see `matchAll`):
   * given by whoever reads the file's rows, and let go with it.
   */
  matched?: Map<string, MatchedCell>;
}

/** One row of a sheet: where it is and its cells by column position. */
export interface SheetRow {
  sheet: string;
  row: number;
  cells: readonly CellValue[];
}

/** A row read: its item (when it has no problem) and its problems. */
export interface RowResult {
  sheet: string;
  row: number;
  item?: ImportedItem;
  problems: ImportProblem[];
  /** Problems beyond {@link MAX_ROW_PROBLEMS}, not listed. */
  problemsLeftOut?: number;
}

const MAX = { title: 500, newsHook: 2000, format: 300, notes: 10_000, url: 2000 } as const;
const MAX_COUNT = 2_000_000_000;

/**
 * Reads one row into an item. Title: the «Тема» cell, else the news hook («Мероприятие») — a plan
 * often has only one of them. Kind: the «Вид» cell, else the «Формат» cell through the format
 * words. Status: planned when the cell is empty. A date with a time (in the cell or in a «Время»
 * column) is an instant in the organisation's zone; without one it is the local date.
 *
 * @example readRow({ sheet: 'Лист1', row: 4, cells: ['25.11.2026', 'Ярмарка вакансий', 'ярмарка вакансий'] }, columns, context)
 */
export function readRow(row: SheetRow, columns: readonly SheetColumn[], context: RowContext): RowResult {
  const problems: ImportProblem[] = [];
  const byField = new Map<ImportField, SheetColumn>();
  for (const column of columns) if (column.field !== undefined && !byField.has(column.field)) byField.set(column.field, column);
  const raw = (field: ImportField): CellValue => {
    const column = byField.get(field);
    return column === undefined ? undefined : row.cells[column.index];
  };
  const text = (field: ImportField): string => cellText(raw(field));
  const has = (field: ImportField) => byField.has(field);
  // A cell whose formula failed is named once, as such: not also as a missing or unreadable value.
  const failed = new Set<ImportField>();
  let leftOut = 0;
  const report = (field: ImportField, code: ImportIssueCode, params: Record<string, string | number> = {}) => {
    if (failed.has(field)) return;
    if (problems.length >= MAX_ROW_PROBLEMS) {
      leftOut++;
      return;
    }
    const column = byField.get(field) ?? byField.get('title') ?? byField.get('newsHook') ?? byField.get('at');
    problems.push({
      sheet: row.sheet,
      row: row.row,
      column: column === undefined ? '' : columnLabel(column),
      ...(column !== undefined && { field: column.field === field ? field : column.field }),
      code,
      params: quoteParams(params),
    });
  };
  for (const column of byField.values()) {
    const error = formulaErrorOf(row.cells[column.index]);
    // «№» only numbers the plan's rows: nothing of it is imported, so its formula is no one's problem.
    if (error === undefined || column.field === undefined || column.field === 'number') continue;
    report(column.field, 'formula_error', { value: error });
    failed.add(column.field);
  }
  // Every cell whose bytes were not UTF-8 is named, «№» and columns left unmapped too: the file was
  // taken for UTF-8 by most of its bytes, and these cells are the ones that say otherwise.
  problems.push(...encodingProblems(row, columns));
  for (const column of byField.values()) if (column.field !== undefined && invalidUtf8Of(row.cells[column.index]) !== undefined) failed.add(column.field);
  const limited = (field: 'title' | 'newsHook' | 'format' | 'notes', value: string): string => {
    if (value.length > MAX[field]) report(field, 'too_long', { max: MAX[field] });
    return value;
  };

  const newsHook = has('newsHook') ? limited('newsHook', text('newsHook')) : undefined;
  // Spaces alone, zero-width ones too, are no title (the API's rule for a title typed by hand).
  const written = (value: string | undefined) => (value === undefined || isBlank(value) ? '' : value);
  const titleText = written(text('title')) || written(newsHook);
  if (titleText === '') report(has('title') ? 'title' : 'newsHook', 'title_missing');
  if (titleText.length > MAX.title) report(written(text('title')) ? 'title' : 'newsHook', 'too_long', { max: MAX.title });
  const title = titleText;

  const at = readAt(raw('at'), raw('time'), has('at') ? text('at') : '', context, report);

  const format = has('format') ? limited('format', text('format')) : undefined;
  const kindCell = text('kind');
  let kind: ItemKind | undefined;
  if (kindCell !== '') {
    // The export writes kind codes here, an organisation's own kinds (`hackathon`) included.
    kind = kindOfFormat(kindCell, context.formatKinds) ?? (isVocabularyCode(kindCell) ? kindCell : undefined);
    if (kind === undefined) report('kind', 'unknown_format', { value: kindCell });
  } else if (format) {
    kind = kindOfFormat(format, context.formatKinds);
    if (kind === undefined) report('format', 'unknown_format', { value: format });
  } else report(has('format') || !has('kind') ? 'format' : 'kind', 'kind_missing');

  const item: Partial<ImportedItem> = {};
  if (has('status')) {
    const word = text('status');
    if (word === '') item.status = 'planned';
    else if (kind !== undefined) {
      const status = statusOfWord(word, kind);
      if (status === undefined) report('status', 'unknown_status', { value: word });
      else item.status = status;
    }
  }
  if (newsHook !== undefined) item.newsHook = newsHook;
  if (format !== undefined) item.format = format;
  if (has('channels')) {
    item.channelIds = matchAll(text('channels'), context.channels, 'channels', 'unknown_channel', report, context.matched);
    if (kind !== undefined) {
      const allowed = allowedChannelTypes(kind);
      for (const id of item.channelIds) {
        const type = context.channelTypes.get(id);
        if (allowed !== undefined && type !== undefined && !allowed.includes(type)) {
          report('channels', 'kind_cannot_go_on_channel', { kind, channelType: type, allowed: allowed.join(', ') });
        }
      }
    }
  }
  if (has('audiences')) item.audienceIds = matchAll(text('audiences'), context.audiences, 'audiences', 'unknown_audience', report, context.matched);
  if (has('keyMessages')) item.keyMessageIds = matchAll(text('keyMessages'), context.keyMessages, 'keyMessages', 'unknown_key_message', report, context.matched);
  if (has('responsible')) {
    const name = text('responsible');
    item.responsibleId = name === '' ? null : (matchOne(name, context.people, 'responsible', 'unknown_person', report) ?? null);
  }
  if (has('publishedAt')) {
    const cell = raw('publishedAt');
    if (cellText(cell) === '') item.publishedAt = null;
    else {
      const found = readDate(cell, context.year);
      if (found === undefined) reportNotADate('publishedAt', cell, cellText(cell), context, report);
      else {
        const instant = instantOfWallClock(found.date, found.minutes ?? 0, context.timeZone);
        if (isProductInstant(instant)) item.publishedAt = instant;
        else report('publishedAt', 'outside_product_range', rangeParams(cellText(cell)));
      }
    }
  }
  if (has('url')) {
    // «ссылка» shown with the address behind it: the address is the link.
    const cell = raw('url');
    const url = isLinkCell(cell) && !isWebUrl(cell.text.trim()) ? cell.hyperlink.trim() : text('url');
    if (url === '') item.url = null;
    else if (url.length > MAX.url || !isWebUrl(url)) report('url', 'not_a_url', { value: url });
    else item.url = url;
  }
  for (const field of ['views', 'likes', 'reposts', 'comments'] as const) {
    if (!has(field)) continue;
    const cell = raw(field);
    if (cellText(cell) === '') item[field] = null;
    else {
      const count = readCount(cell);
      if (count === undefined) report(field, 'not_a_count', { value: cellText(cell) });
      else item[field] = count;
    }
  }
  if (has('notes')) item.notes = limited('notes', text('notes'));

  const counted = leftOut > 0 ? { problemsLeftOut: leftOut } : {};
  if (problems.length > 0 || kind === undefined || at === undefined) return { sheet: row.sheet, row: row.row, problems, ...counted };
  return { sheet: row.sheet, row: row.row, item: { ...item, kind, title, at }, problems };
}

type Report = (field: ImportField, code: ImportIssueCode, params?: Record<string, string | number>) => void;

/** A problem's values with each text cut as {@link quoteCell} does. */
const quoteParams = (params: Readonly<Record<string, string | number>>): Record<string, string | number> =>
  Object.fromEntries(Object.entries(params).map(([key, value]) => [key, typeof value === 'string' ? quoteCell(value) : value]));

/** What `outside_product_range` names: the cell's text and the product's range. */
const rangeParams = (value: string) => ({ value, from: PRODUCT_RANGE.from, to: PRODUCT_RANGE.to });

/**
 * A cell that is no date in the product's range: a real day outside it (01.01.9999, a date cell
 * of 1899) is `outside_product_range`, naming the range; anything else `not_a_date`.
 */
function reportNotADate(field: 'at' | 'publishedAt', cell: CellValue, shown: string, context: Pick<RowContext, 'year'>, report: Report): void {
  if (readDate(cell, context.year, { anyYear: true }) === undefined) report(field, 'not_a_date', { value: shown });
  else report(field, 'outside_product_range', rangeParams(shown));
}

/**
 * Each cell of a row whose bytes were not all valid UTF-8 (`encoding`), quoting what could be read
 * of it (U+FFFD where the bytes were) and named by its column: the letter and heading, or the
 * letter alone where the column has no heading (a title above the headings).
 *
 * @example encodingProblems({ sheet: 'CSV', row: 1, cells: ['Дата', { invalidUtf8: 'Те\uFFFDа' }] }, [])[0]?.column // 'B'
 */
export function encodingProblems(row: SheetRow, columns: readonly SheetColumn[]): ImportProblem[] {
  return row.cells.flatMap((value, index) => {
    const text = invalidUtf8Of(value);
    if (text === undefined) return [];
    const column = columns.find((c) => c.index === index);
    return [
      {
        sheet: row.sheet,
        row: row.row,
        column: column === undefined ? columnLetter(index) : columnLabel(column),
        ...(column?.field !== undefined && { field: column.field }),
        code: 'encoding' as const,
        params: { value: quoteCell(text.trim()) },
      },
    ];
  });
}

function readAt(value: CellValue, time: CellValue, shown: string, context: RowContext, report: Report): string | undefined {
  if (shown === '') {
    report('at', 'date_missing');
    return undefined;
  }
  const found: CellDate | undefined = readDate(value, context.year);
  if (found === undefined) {
    reportNotADate('at', value, shown, context, report);
    return undefined;
  }
  let minutes = found.minutes;
  if (cellText(time) !== '') {
    const t = readTime(time);
    if (t === undefined) {
      report('time', 'not_a_time', { value: cellText(time) });
      return undefined;
    }
    minutes = t;
  }
  if (minutes === undefined) return found.date;
  const instant = instantOfWallClock(found.date, minutes, context.timeZone);
  // A date a few hours inside the range can be an instant outside it (the database refuses those).
  if (!isProductInstant(instant)) {
    report('at', 'outside_product_range', rangeParams(shown));
    return undefined;
  }
  return instant;
}

/**
 * A time of day in minutes: `10:30`, `10.30`, a fraction of a day (0.4375), or a time cell
 * (exceljs: a Date on 1899-12-30 holding the wall clock as UTC).
 *
 * @example readTime('10:30') // 630
 */
export function readTime(value: CellValue): number | undefined {
  if (value instanceof Date) return value.getUTCHours() * 60 + value.getUTCMinutes();
  if (typeof value === 'number') return value >= 0 && value < 1 ? Math.round(value * 1440) % 1440 : undefined;
  const m = /^(\d{1,2})[:.](\d{2})(?::\d{2})?$/.exec(cellText(value));
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * A count as people type it: `1200`, `1 200`, `1 200` (a no-break space), `1200.0`.
 *
 * @example readCount('12 500') // 12500
 */
export function readCount(value: CellValue): number | undefined {
  const n = typeof value === 'number' ? value : /^\d[\d\s\u00a0\u202f]*$/.test(cellText(value)) ? Number(cellText(value).replace(/[\s\u00a0\u202f]/g, '')) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= MAX_COUNT ? n : undefined;
}

function matchOne(name: string, index: NameIndex, field: ImportField, code: ImportIssueCode, report: Report): string | undefined {
  const found = matchName(index, name);
  if ('id' in found) return found.id;
  if ('ambiguous' in found) report(field, 'ambiguous_name', { value: found.ambiguous });
  else report(field, code, { value: found.missing });
  return undefined;
}

/** A cell of names as matched once: its ids and the problems it reported. */
export interface MatchedCell {
  ids: string[];
  problems: Parameters<Report>[];
}

/**
 * The ids and problems of a cell of names, matched once per file (`cells`, the context's
 * `matched`) by field and text: a merged cell repeats one text over every row it spans, and a
 * long one split and matched again for each of 50,000 rows took minutes. Matched once, its ids
 * and problems are given again to each row.
 */
function matchAll(cell: string, index: NameIndex, field: ImportField, code: ImportIssueCode, report: Report, cells: Map<string, MatchedCell> = new Map()): string[] {
  const key = `${field}\u0000${cell}`;
  let matched = cells.get(key);
  if (matched === undefined) {
    const found: MatchedCell = { ids: [], problems: [] };
    const record: Report = (...problem) => found.problems.push(problem);
    for (const name of splitNames(cell, index)) {
      const id = matchOne(name, index, field, code, record);
      if (id !== undefined && !found.ids.includes(id)) found.ids.push(id);
    }
    cells.set(key, (matched = found));
  }
  for (const problem of matched.problems) report(...problem);
  return [...matched.ids];
}

/**
 * The natural key of an item: its local day, its title as words (case, «ё», quotes and
 * punctuation aside) and its kind. Importing a file again finds each row's item by it.
 *
 * @example naturalKey('2026-11-25', 'Ярмарка  вакансий!', 'public_event') // '2026-11-25|ярмарка вакансий|public_event'
 */
export function naturalKey(localDay: string, title: string, kind: ItemKind): string {
  return `${localDay}|${normaliseWords(title)}|${kind}`;
}
