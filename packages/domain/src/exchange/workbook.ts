/**
 * A whole workbook (or CSV, one sheet) as an import plan: the sheets' layouts, the columns left
 * for mapping, every row read, and each item's action against what the organisation has.
 */
import type { ItemKind } from '../item.js';
import { localDateOfItemDate } from '../time-zone.js';
import { headingKey as headingKeyOf, suggestFields, type ImportField } from './columns.js';
import { formulaErrorOf, readDate, yearOfFile, type CellValue } from './dates.js';
import { columnLabel, encodingProblems, naturalKey, readRow, type ImportedItem, type ImportProblem, type RowContext, type RowResult } from './row.js';
import { findLayout, isBlankRow, isTotalsRow, isUnreadableHeading, type SheetColumn, type SheetLayout } from './sheet.js';

/** A sheet's cells, row by row, as the reader of the file gives them (merged cells already filled). */
export interface Sheet {
  name: string;
  rows: ReadonlyArray<readonly CellValue[]>;
}

/** What an organisation told the importer: headings → fields (null: skip it), and format words → kinds. */
export interface ImportMapping {
  columns: Readonly<Record<string, ImportField | null>>;
  formats: Readonly<Record<string, ItemKind>>;
}

/** A key of a mapping the importer could not use as given (see {@link mappingProblems}). */
export interface MappingProblem {
  part: 'columns' | 'formats';
  /** The key as it was sent. */
  key: string;
  /** `blank`: no words once signs and spaces are set aside; `clash`: the same heading or word as `other`, mapped elsewhere. */
  code: 'blank' | 'clash';
  other?: string;
}

/**
 * The keys of a mapping that would be lost in comparing them as the dictionary does ({@link
 * headingKey}): one of signs alone matches no heading, and two spellings of one heading (or one
 * format word) given different fields would keep whichever came last. The same mapping given twice
 * is no problem.
 */
export function mappingProblems(mapping: ImportMapping): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const part of ['columns', 'formats'] as const) {
    const seen = new Map<string, { key: string; value: unknown }>();
    for (const [key, value] of Object.entries(mapping[part])) {
      const compared = headingKeyOf(key);
      const before = seen.get(compared);
      if (compared === '') problems.push({ part, key, code: 'blank' });
      else if (before === undefined) seen.set(compared, { key, value });
      else if (before.value !== value) problems.push({ part, key, code: 'clash', other: before.key });
    }
  }
  return problems;
}

/** A column no field was found for, offered for mapping. */
export interface UnmappedColumn {
  sheet: string;
  column: string;
  heading: string;
  suggestions: ImportField[];
}

/** The read workbook before it meets the database. */
export interface ReadWorkbook {
  /** The sheets that hold a media plan, with their columns. */
  sheets: Array<{ name: string; columns: SheetColumn[] }>;
  unmapped: UnmappedColumn[];
  rows: RowResult[];
  /**
   * Every problem, in sheet and row order: the rows' own, and those of cells the rows do not hold
   * (a heading that could not be read, a cell above the headings whose bytes were not UTF-8).
   */
  problems: ImportProblem[];
  /** Problems the rows had beyond `MAX_ROW_PROBLEMS` each, counted and not listed. */
  problemsLeftOut: number;
  /** Problems of the file as a whole (no sheet with headings: the code `no_headings`). */
  noHeadings: boolean;
}

/**
 * The problems of a sheet's cells that no row read names: each heading whose formula failed
 * (`formula_error`, as in a row), and each cell whose bytes were not UTF-8 above the headings, on
 * them, in a totals row, or anywhere in a sheet without headings. A heading whose formula failed
 * stops the import as a cell of a row would: which field the column holds was in that heading, so
 * the import could not tell a column it needs (whose values it would leave out) from one it may
 * leave, and no mapping can name it.
 */
function unreadProblems(sheet: Sheet, layout: SheetLayout | undefined, read: ReadonlySet<number>): ImportProblem[] {
  const problems: ImportProblem[] = [];
  sheet.rows.forEach((cells, r) => {
    if (read.has(r)) return;
    const columns = layout !== undefined && r >= layout.headingRow ? layout.columns : [];
    if (r === layout?.headingRow) {
      for (const column of columns) {
        const error = formulaErrorOf(cells[column.index]);
        if (error !== undefined) problems.push({ sheet: sheet.name, row: r + 1, column: columnLabel(column), code: 'formula_error', params: { value: error } });
      }
    }
    problems.push(...encodingProblems({ sheet: sheet.name, row: r + 1, cells }, columns));
  });
  return problems;
}

/**
 * Reads every sheet that has a heading row in its first rows; rows after it that are blank or a
 * totals row are skipped. Dates without a year take the year most of the file's dates give, else
 * `context.year`.
 */
export function readWorkbook(sheets: readonly Sheet[], mapping: ImportMapping, context: Omit<RowContext, 'formatKinds'>): ReadWorkbook {
  const layouts = sheets.map((sheet) => ({ sheet, layout: findLayout(sheet.rows, mapping.columns) }));
  const found = layouts.flatMap(({ sheet, layout }) => (layout === undefined ? [] : [{ sheet, layout }]));
  const years: number[] = [];
  for (const { sheet, layout } of found) {
    const at = layout.columns.find((c) => c.field === 'at');
    if (at === undefined) continue;
    for (let r = layout.headingRow + 1; r < sheet.rows.length; r++) {
      const date = readDate(sheet.rows[r]?.[at.index], context.year);
      if (date?.yearGiven) years.push(Number(date.date.slice(0, 4)));
    }
  }
  // Cells of names matched once for the whole file (a merged cell repeats its text on every row).
  const rowContext: RowContext = { ...context, year: yearOfFile(years, context.year), formatKinds: mapping.formats, matched: new Map() };
  const unmapped: UnmappedColumn[] = [];
  const rows: RowResult[] = [];
  const unread: ImportProblem[] = [];
  for (const { sheet, layout } of layouts) {
    const read = new Set<number>();
    if (layout !== undefined) {
      const headings = sheet.rows[layout.headingRow] ?? [];
      for (const column of layout.columns) {
        const key = headingKeyOf(column.heading);
        // A heading of signs alone («—», «*») can be given no field: no mapping key could name it;
        // nor one that could not be read (named as a problem instead).
        if (column.field === undefined && key !== '' && !isUnreadableHeading(headings[column.index]) && !Object.hasOwn(mapping.columns, key)) {
          unmapped.push({ sheet: sheet.name, column: column.letter, heading: column.heading, suggestions: suggestFields(column.heading) });
        }
      }
      for (let r = layout.headingRow + 1; r < sheet.rows.length; r++) {
        const cells = sheet.rows[r] ?? [];
        if (isBlankRow(cells) || isTotalsRow(cells)) continue;
        rows.push(readRow({ sheet: sheet.name, row: r + 1, cells }, layout.columns, rowContext));
        read.add(r);
      }
    }
    unread.push(...unreadProblems(sheet, layout, read));
  }
  markDuplicates(rows, context.timeZone);
  return {
    sheets: found.map(({ sheet, layout }) => ({ name: sheet.name, columns: layout.columns })),
    unmapped,
    rows,
    problems: inOrder(sheets, [...unread, ...rows.flatMap((r) => r.problems)]),
    problemsLeftOut: rows.reduce((sum, r) => sum + (r.problemsLeftOut ?? 0), 0),
    noHeadings: found.length === 0,
  };
}

/**
 * The most problems an import's answer lists. A file of 50,000 rows may have a problem in every
 * cell; no one reads past the first screens of them, and each is a few hundred bytes of answer.
 * A thousand shows what is wrong and where, the rest are counted.
 */
export const MAX_REPORTED_PROBLEMS = 1000;

/**
 * The problems an answer lists (the first {@link MAX_REPORTED_PROBLEMS}) and how many it leaves
 * out: those beyond them, and `leftOut` already left out before (a row's beyond its own limit).
 *
 * @example reportedProblems(Array(1500).fill(p), 7).leftOut // 507
 */
export function reportedProblems<T>(problems: readonly T[], leftOut = 0): { shown: T[]; leftOut: number } {
  return { shown: problems.slice(0, MAX_REPORTED_PROBLEMS), leftOut: leftOut + Math.max(0, problems.length - MAX_REPORTED_PROBLEMS) };
}

/** Problems in the order of the sheets, then of their rows (a sort keeps the order within a row). */
function inOrder(sheets: readonly Sheet[], problems: ImportProblem[]): ImportProblem[] {
  const sheetIndex = new Map<string, number>();
  sheets.forEach((sheet, i) => {
    if (!sheetIndex.has(sheet.name)) sheetIndex.set(sheet.name, i);
  });
  return problems.sort((a, b) => sheetIndex.get(a.sheet)! - sheetIndex.get(b.sheet)! || a.row - b.row);
}

/** The local day of an item's `at` in the organisation's zone. */
export const localDayOf = (item: Pick<ImportedItem, 'at'>, timeZone: string): string => localDateOfItemDate(item.at, timeZone)!;

/** A second row with the same natural key as an earlier one is a problem: which would win? */
function markDuplicates(rows: RowResult[], timeZone: string): void {
  const first = new Map<string, RowResult>();
  for (const result of rows) {
    if (result.item === undefined) continue;
    const key = naturalKey(localDayOf(result.item, timeZone), result.item.title, result.item.kind);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, result);
    else {
      result.problems.push({ sheet: result.sheet, row: result.row, column: '', code: 'duplicate_row', params: { sheet: earlier.sheet, row: earlier.row } });
      delete result.item;
    }
  }
}

/** An item the organisation has, as the import compares it (the API's `Item` fits). */
export interface ExistingItem extends Required<Omit<ImportedItem, 'status'>> {
  id: string;
  status: NonNullable<ImportedItem['status']>;
  localDay: string;
}

/** What happens to a row's item. */
export type ImportAction = { action: 'create' } | { action: 'update'; id: string; changed: Array<keyof ImportedItem> } | { action: 'unchanged'; id: string };

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/**
 * The fields of an imported item that differ from the existing one; a field the file has no
 * column for is not compared (it stays as it is).
 *
 * @example changedFields({ kind: 'post', title: 'A', at: '2026-11-25', url: 'https://x.ru' }, existing) // ['url'] when only the link is new
 */
export function changedFields(imported: ImportedItem, existing: ExistingItem): Array<keyof ImportedItem> {
  const changed: Array<keyof ImportedItem> = [];
  for (const key of Object.keys(imported) as Array<keyof ImportedItem>) {
    const mine = imported[key];
    const theirs = existing[key];
    const same = Array.isArray(mine) && Array.isArray(theirs) ? sameList(mine, theirs) : mine === theirs;
    if (!same) changed.push(key);
  }
  return changed;
}

/**
 * Each read item's action against the organisation's items on the same days: found by
 * {@link naturalKey} → updated when a field differs, unchanged otherwise; not found → created.
 */
export function planActions(items: readonly ImportedItem[], existing: readonly ExistingItem[], timeZone: string): ImportAction[] {
  const byKey = new Map<string, ExistingItem>();
  for (const item of existing) {
    const key = naturalKey(item.localDay, item.title, item.kind);
    if (!byKey.has(key)) byKey.set(key, item);
  }
  return items.map((item) => {
    const found = byKey.get(naturalKey(localDayOf(item, timeZone), item.title, item.kind));
    if (found === undefined) return { action: 'create' };
    const changed = changedFields(item, found);
    return changed.length === 0 ? { action: 'unchanged', id: found.id } : { action: 'update', id: found.id, changed };
  });
}

/** Every problem of a read workbook, in sheet and row order. */
export const problemsOf = (read: ReadWorkbook): ImportProblem[] => read.problems;
