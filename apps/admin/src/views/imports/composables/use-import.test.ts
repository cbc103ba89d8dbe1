import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { importsApi, uploadImport, uploadType, type ImportPreview } from '../../../api/imports.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { centre } from '../../calendar/composables/calendar-test-setup.js';
import { cellKey, fieldLabel, MAPPABLE_FIELDS, problemIndex, problemsOffRows, useImport } from './use-import.js';

vi.mock('../../../api/imports.js', async (actual) => ({
  ...(await actual<object>()),
  uploadImport: vi.fn(),
  importsApi: { mapping: vi.fn(), saveMapping: vi.fn() },
}));
const uploadMock = vi.mocked(uploadImport);

const preview = (overrides: Partial<ImportPreview> = {}): ImportPreview => ({
  dryRun: true,
  created: 1,
  updated: 0,
  unchanged: 0,
  sheets: [],
  unmapped: [],
  formats: [],
  rows: [{ sheet: 'CSV', row: 2, action: 'create', item: { kind: 'post', title: 'Пост', at: '2026-12-01' } }],
  errors: [],
  ...overrides,
});
const problem = { sheet: 'CSV', row: 3, column: 'A (Дата)', field: 'at' as const, code: 'not_a_date' as const, message: '«32.12» — не дата' };

describe('the import screen', () => {
  beforeEach(() => {
    createTestingPinia({ stubActions: false, createSpy: vi.fn });
    const orgs = useOrgsStore();
    orgs.list = [centre];
    orgs.currentId = 'org';
    uploadMock.mockReset();
  });

  it('is offered only where the server grants item.edit', () => {
    expect(useImport().canImport.value).toBe(true);
    useOrgsStore().list = [{ ...centre, role: 'viewer', roles: ['viewer'], capabilities: ['org.read'] }];
    expect(useImport().canImport.value).toBe(false);
  });

  it('previews a chosen file at once and lets it be imported only without problems', async () => {
    uploadMock.mockResolvedValueOnce({ ok: false, preview: preview({ errors: [problem] }) });
    const screen = useImport();
    await screen.choose(new File(['x'], 'plan.csv'), 'ru');
    expect(uploadMock).toHaveBeenLastCalledWith('org', expect.any(File), expect.objectContaining({ dryRun: true, locale: 'ru' }));
    expect(screen.canConfirm.value).toBe(false);
    expect(screen.problems.value.cells.get(cellKey('CSV', 3, 'at'))).toEqual(['«32.12» — не дата']);
    expect(screen.problems.value.rows.get(cellKey('CSV', 3))).toEqual(['A (Дата): «32.12» — не дата']);

    uploadMock.mockResolvedValueOnce({ ok: true, preview: preview() });
    await screen.mapColumn('Что', 'title', 'ru');
    expect(uploadMock).toHaveBeenLastCalledWith('org', expect.any(File), expect.objectContaining({ dryRun: true, mapping: { columns: { Что: 'title' }, formats: {} } }));
    expect(screen.canConfirm.value).toBe(true);

    uploadMock.mockResolvedValueOnce({ ok: true, preview: preview({ dryRun: false }) });
    await screen.confirm('ru');
    expect(uploadMock).toHaveBeenLastCalledWith('org', expect.any(File), expect.objectContaining({ dryRun: false }));
    expect(screen.done.value).toBe(true);
    expect(screen.canConfirm.value).toBe(false);
  });

  it('sends format words mapped to kinds, and reports progress while uploading', async () => {
    uploadMock.mockImplementation(async (_org, _file, options) => {
      options.onProgress?.(0.5);
      expect(screen.progress.value).toBe(0.5);
      return { ok: true, preview: preview() };
    });
    const screen = useImport();
    await screen.choose(new File(['x'], 'plan.xlsx'), 'en');
    await screen.mapFormat('лонгрид', 'publication', 'en');
    expect(uploadMock).toHaveBeenLastCalledWith('org', expect.any(File), expect.objectContaining({ mapping: { columns: {}, formats: { лонгрид: 'publication' } } }));
    expect(screen.progress.value).toBeNull();
  });

  it('keeps a refusal (not a spreadsheet, too large) as the error to show', async () => {
    const refusal = new Error('415');
    uploadMock.mockRejectedValueOnce(refusal);
    const screen = useImport();
    await screen.choose(new File(['x'], 'notes.txt'), 'ru');
    expect(screen.error.value).toBe(refusal);
    expect(screen.preview.value).toBeNull();
  });

  it('starts from the remembered format words', async () => {
    vi.mocked(importsApi.mapping).mockResolvedValueOnce({ columns: {}, formats: { лонгрид: 'publication' } });
    const screen = useImport();
    await screen.loadMapping();
    expect(screen.formats.value).toEqual({ лонгрид: 'publication' });
  });

  it('sends one spelling of a word or heading: the one chosen last replaces the remembered one', async () => {
    vi.mocked(importsApi.mapping).mockResolvedValueOnce({ columns: {}, formats: { лонгрид: 'publication', видео: 'video' } });
    uploadMock.mockResolvedValue({ ok: true, preview: preview() });
    const screen = useImport();
    await screen.loadMapping();
    await screen.choose(new File(['x'], 'plan.xlsx'), 'ru');
    // The file spells it «Лонгрид»; the server keeps words as compared («лонгрид»).
    await screen.mapFormat('Лонгрид', 'article', 'ru');
    await screen.mapColumn('Бюджет:', null, 'ru');
    await screen.mapColumn('бюджет', 'notes', 'ru');
    expect(uploadMock).toHaveBeenLastCalledWith(
      'org',
      expect.any(File),
      expect.objectContaining({ mapping: { columns: { бюджет: 'notes' }, formats: { видео: 'video', Лонгрид: 'article' } } }),
    );
  });
});

describe('import helpers', () => {
  it('name fields by the column dictionary in the UI language', () => {
    expect(fieldLabel('channels', 'ru')).toBe('Канал');
    expect(fieldLabel('channels', 'en')).toBe('Channel');
    expect(MAPPABLE_FIELDS).not.toContain('number');
  });

  it('send a CSV as text/csv and anything else as XLSX, never as a form type', () => {
    expect(uploadType('план.CSV')).toBe('text/csv');
    expect(uploadType('plan.xlsx')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(uploadType('')).not.toBe('text/plain');
  });

  it('list apart the problems on no previewed row: the file’s own and a heading’s', () => {
    const heading = { sheet: 'CSV', row: 1, column: 'C (Бюдж\uFFFDт)', code: 'encoding' as const, message: 'в ячейке байты не в кодировке UTF-8' };
    const noHeadings = { sheet: 'CSV', row: 0, column: '', code: 'no_headings' as const, message: 'Не найдена строка заголовков' };
    expect(problemsOffRows(preview({ errors: [noHeadings, heading, { ...problem, row: 2 }] }))).toEqual([noHeadings, heading]);
  });

  it('index a problem of a whole row without a cell', () => {
    const index = problemIndex([{ sheet: 'S', row: 4, column: '', code: 'duplicate_row', message: 'повторяет строку 2' }]);
    expect(index.rows.get(cellKey('S', 4))).toEqual(['повторяет строку 2']);
    expect(index.cells.size).toBe(0);
  });
});
