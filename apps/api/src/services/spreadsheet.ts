import { isUtf8 } from 'node:buffer';
import ExcelJS from 'exceljs';
import { parse, type Options as CsvOptions } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { isFormulaErrorText, unguardFormula } from '@ritm/domain/csv-formula';
import { csvCharset, nulLine, tooWideSheet, utf16Of, type CellValue, type CsvCharset, type InvalidUtf8Cell, type Sheet } from '@ritm/domain/exchange';
import { HttpError } from '../http/errors.js';
import { message, type PlainKey } from '../http/messages.js';

// Reading an uploaded spreadsheet into sheets of cell values, refusing what is not one before a
// library spends memory on it. XLSX through exceljs (merged cells, cached formula results, real
// date cells), CSV through csv-parse after finding its encoding and separator.

/** How much an upload may unpack to and how many rows it may have. */
export interface SpreadsheetLimits {
  /** The sum of the zip's declared uncompressed sizes (a zip bomb declares gigabytes). */
  maxUnpackedBytes: number;
  maxRows: number;
}

export const DEFAULT_LIMITS: SpreadsheetLimits = { maxUnpackedBytes: 100 * 1_048_576, maxRows: 50_000 };

const refuse = (status: 413 | 415, code: string, key: PlainKey) => new HttpError(status, code, message(key));
const tooManyRows = (max: number) => new HttpError(413, 'import_too_many_rows', message('importTooManyRows', { max }));

/** Refuses a sheet with a value beyond the columns a sheet may have (the domain's `MAX_SHEET_COLUMNS`). */
function checkWidth(sheet: string, width: number): void {
  const wide = tooWideSheet(sheet, width);
  if (wide !== undefined) throw new HttpError(413, 'import_too_many_columns', message('importTooManyColumns', { ...wide }));
}

/** The signature of an OLE compound file: an old .xls, or an XLSX encrypted with a password (Office wraps those in OLE). */
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Reads an upload as sheets, whatever its declared type: what the bytes are decides. */
export async function readSpreadsheet(file: Buffer, limits: SpreadsheetLimits = DEFAULT_LIMITS): Promise<Sheet[]> {
  if (file.length === 0) throw refuse(415, 'not_a_spreadsheet', 'importNotSpreadsheet');
  if (file.subarray(0, 8).equals(OLE)) throw refuse(415, 'import_encrypted_or_xls', 'importEncryptedOrXls');
  if (file.subarray(0, 4).equals(ZIP)) return readXlsx(file, limits);
  return [readCsv(file, limits)];
}

// ---- XLSX ----------------------------------------------------------------------------------

interface ZipSummary {
  names: string[];
  unpackedBytes: number;
}

/**
 * The entries a zip declares in its central directory and their uncompressed sizes, read without
 * unpacking anything. Undefined when there is no readable directory (not a zip after all).
 */
export function zipSummary(file: Buffer): ZipSummary | undefined {
  // The end-of-central-directory record: 22 bytes plus a comment of at most 65,535.
  const from = Math.max(0, file.length - 22 - 65_535);
  let eocd = -1;
  for (let i = file.length - 22; i >= from; i--) {
    if (file.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const entries = file.readUInt16LE(eocd + 10);
  let at = file.readUInt32LE(eocd + 16);
  const names: string[] = [];
  let unpackedBytes = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > file.length || file.readUInt32LE(at) !== 0x02014b50) return undefined;
    const size = file.readUInt32LE(at + 24);
    // 0xFFFFFFFF: the real size is in a ZIP64 field, i.e. 4 GB or more: far past any limit.
    unpackedBytes += size === 0xffffffff ? Number.MAX_SAFE_INTEGER / 2 : size;
    const nameLength = file.readUInt16LE(at + 28);
    const extra = file.readUInt16LE(at + 30);
    const comment = file.readUInt16LE(at + 32);
    names.push(file.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
  }
  return { names, unpackedBytes };
}

async function readXlsx(file: Buffer, limits: SpreadsheetLimits): Promise<Sheet[]> {
  const zip = zipSummary(file);
  if (zip === undefined || !zip.names.includes('xl/workbook.xml')) throw refuse(415, 'not_a_spreadsheet', 'importNotSpreadsheet');
  if (zip.unpackedBytes > limits.maxUnpackedBytes) {
    throw new HttpError(413, 'import_unpacks_too_large', message('importUnpacksTooLarge', { max: Math.round(limits.maxUnpackedBytes / 1_048_576) }));
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw refuse(415, 'not_a_spreadsheet', 'importNotSpreadsheet');
  }
  const sheets: Sheet[] = [];
  let total = 0;
  for (const worksheet of workbook.worksheets) {
    // The rows that hold values count, not the sheet's dimension: one stray cell at XFD1048576
    // made a sheet of a million rows (found by a probe). Rows keep their numbers, the empty ones
    // between left as holes.
    total += worksheet.actualRowCount;
    if (total > limits.maxRows) throw tooManyRows(limits.maxRows);
    const rows: CellValue[][] = [];
    const read: Array<{ number: number; cells: CellValue[] }> = [];
    let width = 0;
    worksheet.eachRow((row, number) => {
      const cells: CellValue[] = [];
      // A merged cell answers its top-left cell's value (exceljs does so for every cell of the range).
      row.eachCell((cell, column) => {
        cells[column - 1] = cellValue(cell.value);
      });
      width = Math.max(width, lastValue(cells));
      read.push({ number, cells });
    });
    // Columns counted up to the last one holding a value: a stray far cell is named by its column.
    checkWidth(worksheet.name, width);
    for (const { number, cells } of read) rows[number - 1] = Array.from({ length: lastValue(cells) }, (_, c) => cells[c] ?? null);
    sheets.push({ name: worksheet.name, rows });
  }
  return sheets;
}

/** The 1-based position of a row's last cell holding a value (0 when none does). */
function lastValue(cells: readonly CellValue[]): number {
  for (let c = cells.length - 1; c >= 0; c--) if (cells[c] !== null && cells[c] !== undefined && cells[c] !== '') return c + 1;
  return 0;
}

/** An exceljs cell value as the importer reads cells: formulas give their cached result (or its error), rich text its text. */
function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('result' in value) {
    const result = value.result;
    if (typeof result === 'object' && result !== null && 'error' in result) return { error: String(result.error) };
    return result === undefined || (typeof result === 'object' && !(result instanceof Date)) ? null : result;
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) {
    // The text is what the cell shows (a channel's name, «ссылка»); the link column reads the address.
    const text = typeof value.text === 'string' ? value.text : (value.text as { richText?: Array<{ text: string }> }).richText?.map((p) => p.text).join('') ?? '';
    return { text, hyperlink: value.hyperlink };
  }
  // A formula's error, kept without its formula (`#REF!`): the row names it (`formula_error`).
  if ('error' in value) return { error: String(value.error) };
  return null;
}

// ---- CSV -----------------------------------------------------------------------------------

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A CSV's bytes past a byte-order mark, their encoding, and whether UTF-8 bytes are not all UTF-8. */
interface CsvBytes {
  bytes: Buffer;
  charset: CsvCharset;
  damaged: boolean;
}

/**
 * A CSV's bytes and their encoding by the domain's rule (`csvCharset`: UTF-8 unless most of what
 * is not ASCII fails as UTF-8, then Windows-1251, Excel's «CSV (разделители — запятые)» on a
 * Russian Windows), or UTF-16 after its byte-order mark (Excel's «Текст Юникод»).
 */
function csvBytes(file: Buffer): CsvBytes {
  const utf16 = utf16Of(file);
  if (utf16 !== undefined) return { bytes: file.subarray(2), charset: utf16, damaged: false };
  const bytes = file.subarray(0, 3).equals(UTF8_BOM) ? file.subarray(3) : file;
  // Valid UTF-8 is what nearly every file is: Node's own check says so without the domain's
  // count of every sequence, which only a file that fails it needs.
  if (isUtf8(bytes)) return { bytes, charset: 'utf-8', damaged: false };
  const charset = csvCharset(file);
  return { bytes, charset, damaged: charset === 'utf-8' };
}

const ICONV: Readonly<Record<Exclude<CsvCharset, 'utf-8'>, string>> = { 'windows-1251': 'win1251', 'utf-16le': 'utf16le', 'utf-16be': 'utf16be' };
const decode = ({ bytes, charset }: CsvBytes): string => (charset === 'utf-8' ? bytes.toString('utf8') : iconv.decode(bytes, ICONV[charset]));

/** A CSV's text, and the bytes of a UTF-8 file that are not all UTF-8 (its cells are told apart by them). */
export interface CsvText {
  text: string;
  damaged?: Buffer;
  /** The line of a NUL in text that is otherwise text (the domain's `nulLine`): no CSV holds one. */
  nulLine?: number;
}

/**
 * The text of a CSV (see {@link csvBytes}); bytes of a UTF-8 file that are not UTF-8 read as
 * U+FFFD, and the file's bytes are kept for {@link parseCsvCells} to name the cells they are in.
 * Undefined when it is no text: NUL among other control characters (a binary file). Text with a
 * NUL alone in it is given with the NUL's line, for the reader to name.
 */
export function csvText(file: Buffer): CsvText | undefined {
  const found = csvBytes(file);
  const text = decode(found);
  if (text.includes('\u0000')) {
    const line = nulLine(text);
    return line === undefined ? undefined : { text, nulLine: line };
  }
  return found.damaged ? { text, damaged: found.bytes } : { text };
}

/**
 * A CSV's rows of cells (at most `maxRows` + 1), each read by `cell`, but a cell whose own bytes are not UTF-8 (in a
 * damaged UTF-8 file) is what could be read of it, marked for the reader to name
 * (`InvalidUtf8Cell`). Both CSV readers (plans, reach statistics) split cells so, for one rule.
 */
export function parseCsvCells<T>(csv: CsvText, delimiter: string, maxRows: number, cell: (text: string) => T): (T | InvalidUtf8Cell)[][] {
  // Read alike by both: empty lines kept (row numbers are the file's, as a person counts them),
  // rows of any length, quotes taken as they come, and one row past the limit, so that a file too
  // long is told apart from one exactly at it.
  const options = { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, to: maxRows + 1 } satisfies Omit<CsvOptions, 'cast'>;
  // A damaged file is split byte by byte (read as Latin-1, one character a byte: the separators,
  // quotes and line ends are ASCII, which no byte of a UTF-8 letter is), so that each cell's own
  // bytes say whether it is the one to name.
  const rows = csv.damaged === undefined ? parse(csv.text, { ...options, cast: (text) => cell(text) }) : parse(csv.damaged.toString('latin1'), { ...options, cast: (raw) => bytesCell(raw, cell) });
  return rows as unknown as (T | InvalidUtf8Cell)[][];
}

/** A cell of a damaged UTF-8 file given as its bytes (one character a byte): its text, or what could be read of it. */
function bytesCell<T>(raw: string, cell: (text: string) => T): T | InvalidUtf8Cell {
  // Bytes below 0x80 are ASCII, the same text in every reading.
  if (!/[\x80-\xff]/.test(raw)) return cell(raw);
  const bytes = Buffer.from(raw, 'latin1');
  return isUtf8(bytes) ? cell(bytes.toString('utf8')) : { invalidUtf8: bytes.toString('utf8') };
}

/**
 * The separator of a CSV: of `;`, tab and `,`, the one found the same number of times (at least
 * once) on most of the first lines; `;` wins ties, as Russian Excel writes it. Undefined when
 * no line has any: one column of text is no table.
 */
export function detectDelimiter(text: string): string | undefined {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 20);
  let best: { delimiter: string; score: number } | undefined;
  for (const delimiter of [';', '\t', ',']) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter)).filter((n) => n > 0);
    if (counts.length === 0) continue;
    const mode = [...new Set(counts)].map((n) => counts.filter((m) => m === n).length).reduce((a, b) => Math.max(a, b), 0);
    if (best === undefined || mode > best.score) best = { delimiter, score: mode };
  }
  return best?.delimiter;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let quoted = false;
  let n = 0;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) n++;
  }
  return n;
}

const csvCell = (text: string): CellValue => (isFormulaErrorText(text) ? { error: text.trim() } : unguardFormula(text));

function readCsv(file: Buffer, limits: SpreadsheetLimits): Sheet {
  const csv = csvText(file);
  const delimiter = csv === undefined ? undefined : detectDelimiter(csv.text);
  if (csv === undefined || delimiter === undefined) throw refuse(415, 'not_a_spreadsheet', 'importNotSpreadsheet');
  // A table but for a NUL (a PDF's header before its zero bytes has no separator: not one).
  if (csv.nulLine !== undefined) throw new HttpError(415, 'import_nul_byte', message('importNulByte', { line: csv.nulLine }));
  let rows: CellValue[][];
  try {
    // A cell written with the export's formula guard ('=…) reads as it was before; a formula's
    // error saved as text (#REF!) is that error, as in the workbook it was saved from.
    rows = parseCsvCells(csv, delimiter, limits.maxRows, csvCell);
  } catch {
    throw refuse(415, 'not_a_spreadsheet', 'importNotSpreadsheet');
  }
  if (rows.length > limits.maxRows) throw tooManyRows(limits.maxRows);
  checkWidth('CSV', Math.max(0, ...rows.map((cells) => lastValue(cells))));
  return { name: 'CSV', rows };
}
