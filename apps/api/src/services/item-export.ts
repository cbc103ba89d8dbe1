import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Kysely } from 'kysely';
import {
  DEFAULT_FORMAT_KINDS,
  indexNames,
  kindOfFormat,
  MEDIA_PLAN_COLUMNS,
  nameKey,
  STATUS_WORDS,
  statusOfWord,
  type ExistingItem,
  type ImportField,
  type NameIndex,
} from '@ritm/domain/exchange';
import { ITEM_KINDS, type ItemKind, type ItemStatus } from '@ritm/domain/item';
import { addDays } from '@ritm/domain/local-date';
import { offsetMinutes } from '@ritm/domain/time-zone';
import { guardFormula } from '@ritm/domain/csv-formula';
import type { DB } from '../db/schema.js';
import { wallClock, xlsxWriter, type XlsxColumn, type XlsxFormat } from '../exchange/xlsx.js';
import { findImportMapping, itemsOnDays, readImportCatalogues, type NamedEntry } from '../repositories/imports.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { normaliseMapping } from './imports.js';

// The organisation's items as the media plan offices keep: the importer's own columns and words,
// so that a file exported and imported again changes nothing. Items are read a week at a time,
// with the query the import compares against, and written as they come: memory stays flat.

/** Days read per query: a busy organisation's week is about a thousand items. */
const WINDOW_DAYS = 7;

/** What every row is written against: the organisation's names and words. */
export interface ExportContext {
  timeZone: string;
  names: { channels: NameLookup; audiences: NameLookup; keyMessages: NameLookup; people: NameLookup };
  /** Kind → the format word the importer reads back as that kind (the code when there is none). */
  kindWords: ReadonlyMap<string, string>;
}

type NameLookup = ReadonlyMap<string, string>;

/**
 * Each entry's name as a cell names it so the importer finds it again: its first name, or (when
 * another entry answers to it, e.g. two people of one name) a name only it answers to (an e-mail).
 */
function nameLookup(entries: readonly NamedEntry[]): NameLookup {
  const index: NameIndex = indexNames(entries);
  return new Map(entries.map((entry) => [entry.id, entry.names.find((name) => index.get(nameKey(name))?.length === 1) ?? entry.names[0] ?? '']));
}

/** Reads what rows are written against, in one short transaction (the file is written after it). */
export async function loadExportContext(db: Kysely<DB>, org: OrganisationContext): Promise<ExportContext> {
  return db.transaction().execute(async (trx) => {
    const [catalogues, mapping] = await Promise.all([readImportCatalogues(trx, org), findImportMapping(trx, org.id)]);
    const formats = normaliseMapping(mapping).formats;
    const kindWords = new Map(ITEM_KINDS.map((kind) => [kind, kindWord(kind, formats)] as const));
    return {
      timeZone: org.timeZone,
      names: {
        channels: nameLookup(catalogues.channels),
        audiences: nameLookup(catalogues.audiences),
        keyMessages: nameLookup(catalogues.keyMessages),
        people: nameLookup(catalogues.people),
      },
      kindWords,
    };
  });
}

/**
 * The word written for a kind: the first default format word that reads back as it, the
 * organisation's own words considered; the kind's code when none does (the importer takes codes).
 *
 * @example kindWord('press_release') // 'пресс релиз'
 */
export function kindWord(kind: string, formats: Readonly<Record<string, ItemKind>> = {}): string {
  for (const [word, meant] of Object.entries(DEFAULT_FORMAT_KINDS)) if (meant === kind && kindOfFormat(word, formats) === kind) return word;
  return kind;
}

/** The word written for a status: the first of the importer's words that reads back as it for the kind. */
export function statusWord(status: ItemStatus, kind: ItemKind): string {
  for (const [word, meant] of Object.entries(STATUS_WORDS)) {
    if ((meant === status || (meant === 'done' && (status === 'published' || status === 'held'))) && statusOfWord(word, kind) === status) return word;
  }
  return status;
}

/** A cell of the export: text, a count, or a wall-clock date (with its time when it has one). */
export type ExportCell = string | number | { date: string; time?: string } | null;

const FIELDS: readonly ImportField[] = MEDIA_PLAN_COLUMNS.map((column) => column.field);

/** The wall clock of an instant in a zone: its local date and `HH:MM`. */
export function wallClockOf(instant: string, timeZone: string): { date: string; time: string } {
  const ms = Date.parse(instant);
  const local = new Date(ms + offsetMinutes(timeZone, ms) * 60_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/** One item as the row of the file, in {@link MEDIA_PLAN_COLUMNS}' order. */
export function exportRow(item: ExistingItem, number: number, context: ExportContext): ExportCell[] {
  const timed = item.at.length > 10;
  const at = timed ? wallClockOf(item.at, context.timeZone) : { date: item.at };
  const names = (ids: readonly string[], lookup: NameLookup) => ids.map((id) => lookup.get(id) ?? '').filter((name) => name !== '').join('; ');
  const published = item.publishedAt === null ? null : wallClockOf(item.publishedAt, context.timeZone);
  const cells: Record<ImportField, ExportCell> = {
    number,
    at: { date: at.date },
    time: timed ? (at as { time: string }).time : null,
    title: item.title,
    newsHook: item.newsHook,
    format: item.format,
    kind: context.kindWords.get(item.kind) ?? item.kind,
    channels: names(item.channelIds, context.names.channels),
    audiences: names(item.audienceIds, context.names.audiences),
    keyMessages: names(item.keyMessageIds, context.names.keyMessages),
    responsible: item.responsibleId === null ? null : (context.names.people.get(item.responsibleId) ?? null),
    status: statusWord(item.status, item.kind as ItemKind),
    publishedAt: published,
    url: item.url,
    views: item.views,
    likes: item.likes,
    reposts: item.reposts,
    comments: item.comments,
    notes: item.notes,
  };
  return FIELDS.map((field) => cells[field]);
}

/** The organisation's items on local days `from … to`, a window at a time, in day and time order. */
async function* itemsOf(db: Kysely<DB>, orgId: string, from: string, to: string): AsyncGenerator<ExistingItem[]> {
  for (let start = from; start <= to; start = addDays(start, WINDOW_DAYS)) {
    const end = addDays(start, WINDOW_DAYS - 1) < to ? addDays(start, WINDOW_DAYS - 1) : to;
    const items = await itemsOnDays(db, orgId, start, end);
    // A date item before the timed ones of its day; then by time and title, as the calendar lists them.
    const sortKey = (item: ExistingItem) => `${item.localDay}|${item.at.length > 10 ? item.at : ''}|${item.title}|${item.id}`;
    yield items.map((item) => [sortKey(item), item] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
  }
}

/** Waits until a stream wants more, so a slow reader slows the export instead of filling memory. */
function drained(out: Writable): Promise<void> {
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      out.off('error', fail);
      resolve();
    };
    const fail = (error: Error) => {
      out.off('drain', done);
      reject(error);
    };
    out.once('drain', done);
    out.once('error', fail);
  });
}

const COLUMN_FORMAT: Partial<Record<ImportField, XlsxFormat>> = { number: 'integer', at: 'date', publishedAt: 'dateTime', views: 'integer', likes: 'integer', reposts: 'integer', comments: 'integer' };
const COLUMN_WIDTH: Partial<Record<ImportField, number>> = { number: 6, at: 12, time: 8, title: 48, newsHook: 36, format: 18, kind: 16, channels: 24, audiences: 24, keyMessages: 30, responsible: 22, status: 16, publishedAt: 17, url: 36, notes: 40 };

/** The export's columns: the dictionary's headings (Russian), widths and formats. */
export const EXPORT_COLUMNS: readonly XlsxColumn[] = MEDIA_PLAN_COLUMNS.map((column) => ({
  heading: column.heading,
  width: COLUMN_WIDTH[column.field] ?? 12,
  format: COLUMN_FORMAT[column.field] ?? 'text',
}));

export interface ItemExport {
  orgId: string;
  from: string;
  to: string;
  context: ExportContext;
  sheetName: string;
}

/** Writes the items as XLSX onto `out` (real date cells, frozen headings), then ends it. */
export async function writeItemsXlsx(db: Kysely<DB>, request: ItemExport, out: Writable): Promise<void> {
  const writer = xlsxWriter(out);
  const sheet = writer.addSheet(request.sheetName, EXPORT_COLUMNS);
  let number = 0;
  for await (const items of itemsOf(db, request.orgId, request.from, request.to)) {
    for (const item of items) {
      sheet.addRow(exportRow(item, ++number, request.context).map((cell) => (cell !== null && typeof cell === 'object' ? wallClock(cell.date, cell.time) : cell)));
    }
    await drained(out);
  }
  await sheet.commit();
  await writer.commit();
}

/** A date as Russian spreadsheets write it: 25.11.2026, with ` 10:30` when timed. */
function russianDate(cell: { date: string; time?: string }): string {
  const [y, m, d] = cell.date.split('-');
  return `${d}.${m}.${y}${cell.time === undefined ? '' : ` ${cell.time}`}`;
}

/**
 * Writes the items as CSV onto `out`, then ends it: UTF-8 with a BOM and `;` between cells, as
 * Excel in a Russian locale opens it; quotes as RFC 4180 has them; formulas guarded.
 */
export async function writeItemsCsv(db: Kysely<DB>, request: ItemExport, out: Writable): Promise<void> {
  const csv = stringify({ delimiter: ';', bom: true, record_delimiter: 'windows', quoted_match: /^\s|\s$/ });
  csv.pipe(out);
  const finished = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('close', resolve);
    out.once('error', reject);
    csv.once('error', reject);
  });
  csv.write(EXPORT_COLUMNS.map((column) => column.heading));
  let number = 0;
  for await (const items of itemsOf(db, request.orgId, request.from, request.to)) {
    for (const item of items) {
      csv.write(
        exportRow(item, ++number, request.context).map((cell) =>
          cell === null ? '' : typeof cell === 'number' ? String(cell) : typeof cell === 'string' ? guardFormula(cell) : russianDate(cell),
        ),
      );
    }
    await drained(csv);
  }
  csv.end();
  await finished;
}
