import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

// Writing XLSX files that open cleanly in Excel and LibreOffice: Russian headings in a bold,
// frozen first row, column widths, real date cells (numbers with a date format, so sorting and
// filters work), streamed row by row so a year of items never sits in memory. Shared by the
// items' and plans' export and the reports.

/** How a column's cells are shown. */
export type XlsxFormat = 'text' | 'date' | 'dateTime' | 'integer' | 'percent';

/** A column of a sheet: its heading, its width in characters and how its cells are shown. */
export interface XlsxColumn {
  heading: string;
  width: number;
  format?: XlsxFormat;
}

/** A cell value: text, a number, a wall-clock date (see {@link wallClock}), or nothing. */
export type XlsxValue = string | number | Date | null | undefined;

/** A cell whose format differs from its column's (a timed item in a date column). */
export interface XlsxCell {
  value: XlsxValue;
  format: XlsxFormat;
}

/** Excel's own number formats; the reader's locale shows them its way (dd.mm.yyyy in Russian). */
const NUM_FMT: Record<XlsxFormat, string | undefined> = {
  text: '@',
  date: 'dd.mm.yyyy',
  dateTime: 'dd.mm.yyyy hh:mm',
  integer: '0',
  percent: '0.0%',
};

/**
 * A spreadsheet date carries no zone: it is the wall clock the reader should see. exceljs writes
 * a `Date` by its UTC fields, so a local date or time becomes a `Date` whose UTC fields are it.
 *
 * @example wallClock('2026-11-25') // 2026-11-25T00:00:00Z, shown as 25.11.2026
 * @example wallClock('2026-11-25', '10:30') // shown as 25.11.2026 10:30
 */
export function wallClock(date: string, time?: string): Date {
  return new Date(`${date}T${time ?? '00:00'}:00Z`);
}

/** A sheet being written: rows go out as they are added. */
export interface XlsxSheet {
  /** Adds one row (bold: a totals line); a value's format is its column's unless given as an {@link XlsxCell}. */
  addRow(values: readonly (XlsxValue | XlsxCell)[], options?: { bold?: boolean }): void;
  /** Draws data bars in a range of cells (`D7:D20`): exceljs writes no charts, so a report's series is shown this way. */
  dataBars(ref: string): void;
  /** Finishes the sheet (its rows are flushed). */
  commit(): Promise<void>;
}

export interface XlsxWriter {
  /**
   * Starts a sheet; its heading row is bold and frozen (with `titleRows` rows above it: a
   * document's title lines, in bold).
   */
  addSheet(name: string, columns: readonly XlsxColumn[], options?: { titleRows?: readonly string[] }): XlsxSheet;
  /** Finishes the file; the stream then ends. */
  commit(): Promise<void>;
}

/** Excel refuses sheet names over 31 characters or with any of `\ / ? * [ ] :`. */
export function sheetName(name: string): string {
  const clean = name.replace(/[\\/?*[\]:]/g, ' ').trim();
  return (clean === '' ? 'Sheet' : clean).slice(0, 31);
}

/**
 * An XLSX writer onto a stream: rows are committed as they are added, so memory stays flat
 * whatever the number of rows. Shared strings are off (they would be kept until the end).
 */
export function xlsxWriter(stream: Writable, meta: { creator?: string } = {}): XlsxWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = meta.creator ?? 'Ritm';
  workbook.created = new Date();
  return {
    addSheet(name, columns, options = {}) {
      const titleRows = options.titleRows ?? [];
      const worksheet = workbook.addWorksheet(sheetName(name), {
        views: [{ state: 'frozen', ySplit: titleRows.length + 1 }],
      });
      worksheet.columns = columns.map((column) => ({ width: column.width }));
      for (const text of titleRows) {
        const row = worksheet.addRow([text]);
        row.font = { bold: true };
        row.commit();
      }
      const heading = worksheet.addRow(columns.map((column) => column.heading));
      heading.font = { bold: true };
      heading.alignment = { vertical: 'middle', wrapText: true };
      heading.commit();
      return {
        addRow(values, rowOptions = {}) {
          const row = worksheet.addRow([]);
          if (rowOptions.bold === true) row.font = { bold: true };
          values.forEach((given, index) => {
            const isCell = given !== null && typeof given === 'object' && !(given instanceof Date);
            const value = isCell ? given.value : given;
            if (value === undefined || value === null || value === '') return;
            const cell = row.getCell(index + 1);
            cell.value = value;
            const format = isCell ? given.format : (columns[index]?.format ?? 'text');
            // Text keeps Excel's general format: '@' would stop a reader's edits from being dates or numbers.
            if (format !== 'text') cell.numFmt = NUM_FMT[format]!;
            if (typeof value === 'string' && value.includes('\n')) cell.alignment = { wrapText: true, vertical: 'top' };
          });
          row.commit();
        },
        dataBars(ref) {
          worksheet.addConditionalFormatting({
            ref,
            rules: [{ type: 'dataBar', priority: 1, minLength: 0, maxLength: 100, gradient: false, border: false, cfvo: [{ type: 'num', value: 0 }, { type: 'num', value: 1 }], color: { argb: 'FF2E7D32' } } as never],
          });
        },
        async commit() {
          await worksheet.commit();
        },
      };
    },
    async commit() {
      await workbook.commit();
    },
  };
}
