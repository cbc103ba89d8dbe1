import { computed, ref, shallowRef } from 'vue';
import { headingKey, IMPORT_FIELDS, MEDIA_PLAN_COLUMNS, type ImportField } from '@ritm/domain/exchange';
import { ITEM_KINDS } from '@ritm/domain/item';
import { importsApi, uploadImport, type ImportMapping, type ImportPreview } from '../../../api/imports.js';
import { useOrgsStore } from '../../../stores/orgs.js';

/** Where a problem is: its sheet, row and the field of its column ('' for the whole row). */
export const cellKey = (sheet: string, row: number, field = ''): string => `${sheet}\u0000${row}\u0000${field}`;

/**
 * The preview's problems by cell and by row, so the table marks each cell a problem names.
 *
 * @example problemIndex([{ sheet: 'S', row: 3, field: 'at', message: 'не дата' }]).cells.get(cellKey('S', 3, 'at')) // ['не дата']
 */
export function problemIndex(errors: ImportPreview['errors']): { cells: Map<string, string[]>; rows: Map<string, string[]> } {
  const cells = new Map<string, string[]>();
  const rows = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, text: string) => map.set(key, [...(map.get(key) ?? []), text]);
  for (const e of errors) {
    add(rows, cellKey(e.sheet, e.row), `${e.column ? `${e.column}: ` : ''}${e.message}`);
    if (e.field) add(cells, cellKey(e.sheet, e.row, e.field), e.message);
  }
  return { cells, rows };
}

/**
 * The problems on no row the preview lists: the file's own (no headings, row 0) and those of cells
 * that are no item's — a heading, a title above the headings, a totals row.
 *
 * @example problemsOffRows({ rows: [], errors: [{ sheet: 'S', row: 1, column: 'C (Бюдж\uFFFDт)', code: 'encoding', message: '…' }] }).length // 1
 */
export function problemsOffRows(preview: Pick<ImportPreview, 'rows' | 'errors'>): ImportPreview['errors'] {
  const listed = new Set(preview.rows.map((r) => cellKey(r.sheet, r.row)));
  return preview.errors.filter((e) => !listed.has(cellKey(e.sheet, e.row)));
}

/** A field's name in the UI language: the column dictionary's own heading (Russian) or its English one. */
export function fieldLabel(field: ImportField, locale: string): string {
  const column = MEDIA_PLAN_COLUMNS.find((c) => c.field === field)!;
  return locale === 'en' ? column.headingEn : column.heading;
}

/** The fields a column may be mapped to (the row number is not imported, so it is no choice). */
export const MAPPABLE_FIELDS: readonly ImportField[] = IMPORT_FIELDS.filter((f) => f !== 'number');
export const KINDS = ITEM_KINDS;

/**
 * The import screen: pick a file, preview it (the server reads it and says what it would do),
 * place the columns and formats it could not, preview again, and import. The mapping the user
 * chose travels with each upload; the server remembers it when the import is written.
 */
/**
 * A mapping without the other spellings of a key (the remembered «лонгрид» when the file says
 * «Лонгрид»): the server compares keys as words and refuses two spellings mapped apart.
 */
function withoutSpellingsOf<T>(mapping: Record<string, T>, key: string): Record<string, T> {
  const words = headingKey(key);
  return Object.fromEntries(Object.entries(mapping).filter(([other]) => headingKey(other) !== words));
}

export function useImport() {
  const orgs = useOrgsStore();
  const orgId = computed(() => orgs.currentId as string);
  const canImport = computed(() => orgs.can('item.edit'));
  const file = shallowRef<File | null>(null);
  const progress = ref<number | null>(null);
  const busy = ref(false);
  const preview = shallowRef<ImportPreview | null>(null);
  const ok = ref(false);
  const error = shallowRef<unknown>(null);
  const done = ref(false);
  const columns = ref<Record<string, ImportField | null>>({});
  const formats = ref<Record<string, string>>({});

  const problems = computed(() => problemIndex(preview.value?.errors ?? []));
  const canConfirm = computed(() => preview.value !== null && ok.value && !busy.value && !done.value);
  const mapping = (): ImportMapping | undefined =>
    Object.keys(columns.value).length + Object.keys(formats.value).length === 0 ? undefined : { columns: { ...columns.value }, formats: { ...formats.value } };

  async function send(dryRun: boolean, locale: string): Promise<void> {
    if (!file.value) return;
    busy.value = true;
    error.value = null;
    progress.value = 0;
    try {
      const m = mapping();
      const result = await uploadImport(orgId.value, file.value, {
        dryRun,
        locale,
        ...(m && { mapping: m }),
        onProgress: (share) => {
          progress.value = share;
        },
      });
      preview.value = result.preview;
      ok.value = result.ok;
      done.value = result.ok && !dryRun;
    } catch (caught) {
      error.value = caught;
      preview.value = null;
      ok.value = false;
    } finally {
      busy.value = false;
      progress.value = null;
    }
  }

  /** A new file: previewed at once, with the mapping chosen so far. */
  async function choose(picked: File, locale: string): Promise<void> {
    file.value = picked;
    done.value = false;
    await send(true, locale);
  }

  /** Places a column (null: leave it out) and previews again. */
  async function mapColumn(heading: string, field: ImportField | null, locale: string): Promise<void> {
    columns.value = { ...withoutSpellingsOf(columns.value, heading), [heading]: field };
    await send(true, locale);
  }

  /** Gives a format word a kind and previews again. */
  async function mapFormat(format: string, kind: string, locale: string): Promise<void> {
    formats.value = { ...withoutSpellingsOf(formats.value, format), [format]: kind };
    await send(true, locale);
  }

  /** Imports the file for real: all rows or none. */
  async function confirm(locale: string): Promise<void> {
    if (canConfirm.value) await send(false, locale);
  }

  /** Starts with the organisation's remembered mapping, so the selects show it. */
  async function loadMapping(): Promise<void> {
    try {
      const remembered = await importsApi.mapping(orgId.value);
      formats.value = { ...remembered.formats, ...formats.value };
    } catch (caught) {
      error.value = caught;
    }
  }

  function reset(): void {
    file.value = null;
    preview.value = null;
    ok.value = false;
    done.value = false;
    error.value = null;
  }

  return { orgId, canImport, file, progress, busy, preview, ok, error, done, columns, formats, problems, canConfirm, choose, mapColumn, mapFormat, confirm, loadMapping, reset };
}
