import type { Kysely, Transaction } from 'kysely';
import type { ItemCreate, ItemPatch } from '@ritm/contracts/items';
import type { ImportError, ImportPreview, ImportRow } from '@ritm/contracts/imports';
import {
  columnLabel,
  headingKey,
  indexNames,
  localDayOf,
  normaliseWords,
  planActions,
  problemsOf,
  readWorkbook,
  reportedProblems,
  type ImportAction,
  type ImportedItem,
  type ImportMapping,
  type ImportProblem,
  type Sheet,
} from '@ritm/domain/exchange';
import { checkDoneNotInFuture } from '@ritm/domain/evidence';
import { localDateOf } from '@ritm/domain/time-zone';
import type { DB } from '../db/schema.js';
import { HttpError } from '../http/errors.js';
import { issueMessage, render, type Language, type MessageKey } from '../http/messages.js';
import { recordAudit } from '../repositories/audit.js';
import { findItemsByIds } from '../repositories/items.js';
import { findImportMapping, itemsOnDays, readImportCatalogues, saveImportMapping } from '../repositories/imports.js';
import { createItems, patchItem } from './items.js';
import { loadOrgContext } from './org-context.js';


/**
 * A mapping with its keys as the dictionary compares them, so that «Бюджет:» and «бюджет» are
 * one heading and «Лонгрид» and «лонгрид» one format.
 */
export function normaliseMapping(mapping: ImportMapping): ImportMapping {
  return {
    columns: Object.fromEntries(Object.entries(mapping.columns).map(([heading, field]) => [headingKey(heading), field])),
    formats: Object.fromEntries(Object.entries(mapping.formats).map(([word, kind]) => [normaliseWords(word), kind])),
  };
}

export interface ImportRequest {
  orgId: string;
  /** Who imports; null from the command line without `--as` (the audit then names no one). */
  userId: string | null;
  sheets: readonly Sheet[];
  dryRun: boolean;
  /** Given with the request: used over the remembered mapping, and remembered when written. */
  mapping?: ImportMapping;
  lang: Language;
  /** Now, for the year of dates written without one. */
  now: number;
}

export interface ImportOutcome {
  /** False: the file has problems and nothing was written (422). */
  ok: boolean;
  preview: ImportPreview;
}

// `satisfies`: an issue code the domain adds without its message here is a type error, not a 500.
const problemMessage = (problem: Pick<ImportProblem, 'code' | 'params'>, lang: Language): string =>
  render({ key: `import.${problem.code}` as const satisfies MessageKey, params: problem.params }, lang);

/**
 * Reads the sheets against the organisation, previews each row, and (not a dry run, no problem)
 * writes every item in the caller's transaction, all or none: new rows created, changed rows
 * updated (only the fields the file has), the rest left alone. One audit entry with the counts.
 */
export async function runImport(db: Kysely<DB>, request: ImportRequest): Promise<ImportOutcome> {
  try {
    return await importInTransaction(db, request);
  } catch (error) {
    // A row the item rules refused while writing: the transaction is rolled back, nothing written.
    if (error instanceof RowsRefused) return { ok: false, preview: error.preview };
    throw error;
  }
}

/** Thrown from inside the transaction to roll it back, with the preview naming the refused rows. */
class RowsRefused extends Error {
  constructor(readonly preview: ImportPreview) {
    super('rows refused');
  }
}

async function importInTransaction(db: Kysely<DB>, request: ImportRequest): Promise<ImportOutcome> {
  return db.transaction().execute(async (trx) => {
    const org = await loadOrgContext(trx, request.orgId, { lock: !request.dryRun });
    const [catalogues, remembered] = await Promise.all([readImportCatalogues(trx, org), findImportMapping(trx, org.id)]);
    const given = request.mapping === undefined ? undefined : normaliseMapping(request.mapping);
    const stored = normaliseMapping(remembered);
    const mapping: ImportMapping = given === undefined ? stored : { columns: { ...stored.columns, ...given.columns }, formats: { ...stored.formats, ...given.formats } };
    const read = readWorkbook(request.sheets, mapping, {
      timeZone: org.timeZone,
      year: Number(localDateOf(request.now, org.timeZone).slice(0, 4)),
      channels: indexNames(catalogues.channels),
      channelTypes: new Map(catalogues.channels.map((c) => [c.id, c.type])),
      audiences: indexNames(catalogues.audiences),
      keyMessages: indexNames(catalogues.keyMessages),
      people: indexNames(catalogues.people),
    });

    const items = read.rows.flatMap((r) => (r.item === undefined ? [] : [r.item]));
    const days = items.map((item) => localDayOf(item, org.timeZone)).sort();
    const existing = days.length === 0 ? [] : await itemsOnDays(trx, org.id, days[0]!, days[days.length - 1]!);
    const actions = planActions(items, existing, org.timeZone);

    const found: Array<ImportProblem | ImportError> = [...problemsOf(read)];
    found.push(...doneInFuture(read, org.timeZone, request));
    if (read.noHeadings) {
      found.unshift({ sheet: request.sheets[0]?.name ?? '', row: 0, column: '', code: 'no_headings', message: render({ key: 'import.no_headings' }, request.lang) });
    }
    // Only the problems the answer lists are put into words; the rest are counted.
    const { shown, leftOut } = reportedProblems(found, read.problemsLeftOut);
    const errors: ImportError[] = shown.map((p) => ('message' in p ? p : { ...p, message: problemMessage(p, request.lang) }));
    const rows: ImportRow[] = [];
    let next = 0;
    for (const r of read.rows) {
      if (r.item === undefined) rows.push({ sheet: r.sheet, row: r.row, action: 'error' });
      else rows.push(previewRow(r.sheet, r.row, r.item, actions[next++]!));
    }
    const count = (action: ImportAction['action']) => actions.filter((a) => a.action === action).length;
    const preview: ImportPreview = {
      dryRun: request.dryRun,
      created: count('create'),
      updated: count('update'),
      unchanged: count('unchanged'),
      sheets: read.sheets.map((s) => ({ name: s.name, columns: s.columns.map((c) => ({ column: c.letter, heading: c.heading, field: c.field ?? null })) })),
      unmapped: read.unmapped,
      formats: formatsOf(items, problemsOf(read)),
      rows,
      errors,
      ...(leftOut > 0 && { errorsLeftOut: leftOut }),
    };
    if (errors.length > 0) {
      preview.error = { code: 'import_invalid', message: render({ key: 'importInvalid' }, request.lang) };
      return { ok: false, preview };
    }
    if (request.dryRun) return { ok: true, preview };

    const sources = read.rows.flatMap((r) => (r.item === undefined ? [] : [{ sheet: r.sheet, row: r.row }]));
    const refused = await writeItems(trx, org, items, actions, request.userId, sources, request.lang, new Date(request.now));
    if (refused.length > 0) {
      const listed = reportedProblems(refused);
      preview.errors = listed.shown;
      if (listed.leftOut > 0) preview.errorsLeftOut = listed.leftOut;
      preview.error = { code: 'import_invalid', message: render({ key: 'importInvalid' }, request.lang) };
      throw new RowsRefused(preview);
    }
    if (given !== undefined) await saveImportMapping(trx, org.id, mapping, request.userId);
    await recordAudit(trx, {
      orgId: org.id,
      userId: request.userId,
      entity: 'import',
      entityId: org.id,
      action: 'import',
      after: { created: preview.created, updated: preview.updated, unchanged: preview.unchanged, rows: read.rows.length, sheets: preview.sheets.map((s) => s.name) },
    });
    return { ok: true, preview };
  });
}

/**
 * Rows marked published or held on a day still to come: the items' own rule (domain
 * `checkDoneNotInFuture`), shown in the preview rather than only when the rows are written.
 */
function doneInFuture(read: ReturnType<typeof readWorkbook>, timeZone: string, request: Pick<ImportRequest, 'now' | 'lang'>): ImportError[] {
  return read.rows.flatMap((r) => {
    if (r.item === undefined) return [];
    const found = checkDoneNotInFuture({ status: r.item.status ?? 'planned', at: r.item.at }, { timeZone, now: request.now });
    const sheet = read.sheets.find((s) => s.name === r.sheet);
    const column = sheet?.columns.find((c) => c.field === 'status');
    return found.map((issue) => ({
      sheet: r.sheet,
      row: r.row,
      column: column ? columnLabel(column) : '',
      field: 'status' as const,
      code: 'item_invalid' as const,
      message: render({ key: 'import.item_invalid', params: { field: 'status', problem: issueMessage(issue) } }, request.lang),
    }));
  });
}

function previewRow(sheet: string, row: number, item: ImportedItem, action: ImportAction): ImportRow {
  if (action.action === 'create') return { sheet, row, action: 'create', item };
  if (action.action === 'unchanged') return { sheet, row, action: 'unchanged', itemId: action.id, item };
  return { sheet, row, action: 'update', itemId: action.id, changed: action.changed, item };
}

/** The file's format words and their kinds; an unknown word's kind is null, for the mapping screen. */
function formatsOf(items: readonly ImportedItem[], problems: readonly ImportProblem[]): ImportPreview['formats'] {
  const found = new Map<string, string | null>();
  for (const item of items) if (item.format) found.set(item.format, item.kind);
  for (const p of problems) if (p.code === 'unknown_format') found.set(String(p.params.value), null);
  return [...found].map(([format, kind]) => ({ format, kind }));
}

/**
 * Writes the items; a row the items' own rules refuse (they are checked again as items are
 * written, by the same service as the item routes) comes back as a problem naming its row.
 */
async function writeItems(
  trx: Transaction<DB>,
  org: Awaited<ReturnType<typeof loadOrgContext>>,
  items: readonly ImportedItem[],
  actions: readonly ImportAction[],
  userId: string | null,
  sources: ReadonlyArray<{ sheet: string; row: number }>,
  lang: Language,
  now: Date,
): Promise<ImportError[]> {
  const refused = (source: { sheet: string; row: number }, error: unknown, prefix: string): ImportError[] => {
    if (!(error instanceof HttpError) || error.statusCode !== 400) throw error;
    return (error.details ?? [{ path: prefix, message: error.msg }]).map((detail) => ({
      ...source,
      column: '',
      code: 'item_invalid' as const,
      message: render({ key: 'import.item_invalid', params: { field: detail.path.slice(prefix.length).replace(/^\./, '') || '—', problem: detail.message } }, lang),
    }));
  };
  const created = actions.flatMap((a, i) => (a.action === 'create' ? [i] : []));
  // All at once: the items' repository splits the rows as the parameter limit asks, and every refused row is named.
  if (created.length > 0) {
    try {
      await createItems(trx, org, created.map((i) => items[i]! as ItemCreate), { userId, paths: created.map((i) => `items[${i}]`), now });
    } catch (error) {
      if (!(error instanceof HttpError) || error.statusCode !== 400) throw error;
      return (error.details ?? []).flatMap((detail) => {
        const index = Number(/^items\[(\d+)\]/.exec(detail.path)?.[1] ?? -1);
        return sources[index] === undefined ? [] : refused(sources[index], new HttpError(400, error.code, error.msg, [detail]), `items[${index}]`);
      });
    }
  }
  const updates = actions.flatMap((a, i) => (a.action === 'update' ? [{ id: a.id, changed: a.changed, index: i }] : []));
  const befores = new Map((await findItemsByIds(trx, updates.map((u) => u.id))).map((item) => [item.id, item]));
  const problems: ImportError[] = [];
  for (const { id, changed, index } of updates) {
    const before = befores.get(id)!;
    const item = items[index]!;
    const patch = Object.fromEntries(changed.map((key) => [key, item[key]])) as Omit<ItemPatch, 'version'>;
    try {
      await patchItem(trx, org, before, patch, before.version, { userId, now });
    } catch (error) {
      problems.push(...refused(sources[index]!, error, 'body'));
    }
  }
  return problems;
}
