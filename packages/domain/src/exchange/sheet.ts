/**
 * A sheet as people lay out a media plan: a title and a blank line or two, then a heading row,
 * then rows, perhaps a totals row. Finds the headings and the rows that are items.
 */
import { fieldOfHeading, type ImportField } from './columns.js';
import { formulaErrorOf, invalidUtf8Of, isLinkCell, type CellValue } from './dates.js';
import { normaliseWords } from './text.js';

/** How far down a sheet the heading row may be. */
export const HEADING_SEARCH_ROWS = 10;

/**
 * The most columns a sheet may have (up to its last cell that holds a value): the export writes
 * 19, and a plan kept by hand with notes, budgets and checks beside them has a few dozen. 500 is
 * far above any plan and still cheap to read; a heading row of 50,000 columns took 10 seconds
 * and a 5.6 MB answer (found by a probe), and a sheet is refused before that.
 */
export const MAX_SHEET_COLUMNS = 500;

/** A sheet wider than {@link MAX_SHEET_COLUMNS}: its name, and the column of its farthest value. */
export interface TooWideSheet {
  sheet: string;
  /** The letter of the farthest column that holds a value: «XFD». */
  column: string;
  max: number;
}

/**
 * Whether a sheet holds a value beyond {@link MAX_SHEET_COLUMNS}, and where: `width` is the
 * 1-based number of its farthest column that holds a value (empty cells after it do not count).
 *
 * @example tooWideSheet('Лист1', 16_384) // { sheet: 'Лист1', column: 'XFD', max: 500 }
 * @example tooWideSheet('Лист1', 19) // undefined
 */
export function tooWideSheet(sheet: string, width: number): TooWideSheet | undefined {
  return width > MAX_SHEET_COLUMNS ? { sheet, column: columnLetter(width - 1), max: MAX_SHEET_COLUMNS } : undefined;
}

/** A column of a sheet: where it is, its heading as written, and the field it holds (if any). */
export interface SheetColumn {
  /** 0-based position in the row. */
  index: number;
  /** Spreadsheet letter: A, B, …, AA. */
  letter: string;
  heading: string;
  field?: ImportField;
}

/** The heading row of a sheet and its columns. */
export interface SheetLayout {
  /** 0-based index of the heading row among the sheet's rows. */
  headingRow: number;
  columns: SheetColumn[];
}

/**
 * A column's letter as spreadsheets name it.
 *
 * @example columnLetter(0) // 'A'
 * @example columnLetter(27) // 'AB'
 */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * What a cell shows, as text: a link's text, a date in ISO form. A formula's error is no text: a
 * row of them alone (a template's unfilled rows) is blank, and a row that has more names the
 * error (`readRow`). Text that was not all UTF-8 is what could be read of it (U+FFFD for the
 * rest): a row of it is no blank row, and the row names it.
 */
export const cellText = (value: CellValue): string => {
  if (value === null || value === undefined || formulaErrorOf(value) !== undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (isLinkCell(value)) return value.text.trim();
  return (invalidUtf8Of(value) ?? String(value)).trim();
};

/**
 * The heading row among the first {@link HEADING_SEARCH_ROWS} rows: the one that names the most
 * fields, at least two of them and a date or a title/news hook among them (a title row «Медиаплан
 * на ноябрь» names none). Undefined when no row qualifies: the sheet holds no media plan. Only
 * text names a field: a heading whose formula failed (its heading is the error it shows, `#REF!`)
 * or whose bytes were not UTF-8 is kept as a column of no field, for the import to name it
 * ({@link isUnreadableHeading}).
 *
 * @example findLayout([['Медиаплан'], [], ['№', 'Дата', 'Тема']])?.headingRow // 2
 */
export function findLayout(rows: readonly (readonly CellValue[])[], mapping: Readonly<Record<string, ImportField | null>> = {}): SheetLayout | undefined {
  let best: SheetLayout | undefined;
  let bestCount = 1;
  rows.slice(0, HEADING_SEARCH_ROWS).forEach((row, headingRow) => {
    const columns = row.map((value, index) => {
      const heading = formulaErrorOf(value) ?? cellText(value);
      const field = typeof value === 'string' ? fieldOfHeading(heading, mapping) : undefined;
      return { index, letter: columnLetter(index), heading, ...(field !== undefined && { field }) };
    });
    const fields = columns.flatMap((c) => (c.field === undefined ? [] : [c.field]));
    const anchored = fields.includes('at') || fields.includes('title') || fields.includes('newsHook');
    if (anchored && new Set(fields).size > bestCount) {
      best = { headingRow, columns: columns.filter((c) => c.heading !== '') };
      bestCount = new Set(fields).size;
    }
  });
  return best;
}

/**
 * Whether a heading cell could not be read: its formula failed, or its bytes were not UTF-8. No
 * one can tell which field such a column holds, nor map it (the mapping names headings by their
 * words).
 *
 * @example isUnreadableHeading({ error: '#REF!' }) // true
 */
export const isUnreadableHeading = (value: CellValue): boolean => formulaErrorOf(value) !== undefined || invalidUtf8Of(value) !== undefined;

/** Whether a row holds nothing. */
export const isBlankRow = (cells: readonly CellValue[]): boolean => cells.every((c) => cellText(c) === '');

// `\b` knows only Latin letters: the word's end is a space or the end of the cell.
const TOTALS = /^(итого|всего|итог|total|totals|sum|сумма)(?=\s|$)/;

/**
 * Whether a row is a totals row: one of its first three cells says «Итого», «Всего» or «Total».
 *
 * @example isTotalsRow(['Итого:', '', 12]) // true
 */
export function isTotalsRow(cells: readonly CellValue[]): boolean {
  return cells.slice(0, 3).some((c) => typeof c === 'string' && TOTALS.test(normaliseWords(c)));
}
