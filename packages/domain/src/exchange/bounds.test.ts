import { describe, expect, it } from 'vitest';
import { fieldOfHeading, SUGGESTED_HEADING_MAX, suggestFields } from './columns.js';
import { readDate, readDateText } from './dates.js';
import { indexNames } from './names.js';
import { columnLabel, MAX_ROW_PROBLEMS, QUOTED_MAX, quoteCell, readRow, type RowContext } from './row.js';
import { MAX_SHEET_COLUMNS, tooWideSheet, type SheetColumn } from './sheet.js';
import { MAX_REPORTED_PROBLEMS, problemsOf, readWorkbook, reportedProblems } from './workbook.js';

// What a file may make the importer do, and how much it may make it say: found by a probe that
// held the server for 24 seconds with one heading and made a 64 MB answer from a 45 KB file.

const context: RowContext = {
  timeZone: 'Europe/Moscow',
  year: 2026,
  channels: indexNames([{ id: 'vk', names: ['ВКонтакте'] }]),
  channelTypes: new Map([['vk', 'vk']]),
  audiences: indexNames([]),
  keyMessages: indexNames([]),
  people: indexNames([]),
};
const none = { columns: {}, formats: {} };
const columns: SheetColumn[] = [
  { index: 0, letter: 'A', heading: 'Дата', field: 'at' },
  { index: 1, letter: 'B', heading: 'Тема', field: 'title' },
  { index: 2, letter: 'C', heading: 'Формат', field: 'format' },
  { index: 3, letter: 'D', heading: 'Канал', field: 'channels' },
];

describe('the bounds of a heading', () => {
  it('offers no fields for a heading longer than any spelling could be, and does so at once', () => {
    const started = performance.now();
    expect(suggestFields('Д'.repeat(200_000))).toEqual([]);
    expect(suggestFields(`${'ответственный '.repeat(10_000)}`)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
    expect(suggestFields('Б'.repeat(SUGGESTED_HEADING_MAX + 1))).toEqual([]);
  });

  it('still offers fields for a heading with a note after it, and for a misspelt one', () => {
    expect(suggestFields('Ответственный сотрудник отдела по связям с общественностью (ФИО полностью)')[0]).toBe('responsible');
    expect(suggestFields('Фармат')).toContain('format');
  });

  it('places a heading of thousands of words by its first words only, at once', () => {
    const started = performance.now();
    expect(fieldOfHeading(`Дата ${'а '.repeat(100_000)}`)).toBe('at');
    expect(fieldOfHeading('а '.repeat(100_000))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('names a sheet wider than the columns allowed, by its farthest column', () => {
    expect(MAX_SHEET_COLUMNS).toBe(500);
    expect(tooWideSheet('Лист1', 500)).toBeUndefined();
    expect(tooWideSheet('Лист1', 501)).toEqual({ sheet: 'Лист1', column: 'SG', max: 500 });
    expect(tooWideSheet('Лист1', 16_384)).toEqual({ sheet: 'Лист1', column: 'XFD', max: 500 });
  });
});

describe('what a problem quotes', () => {
  it('cuts a cell or a heading to 200 characters with «…», by code points', () => {
    expect(quoteCell('Ярмарка')).toBe('Ярмарка');
    expect(quoteCell('я'.repeat(QUOTED_MAX))).toBe('я'.repeat(200));
    expect(quoteCell('я'.repeat(32_000))).toBe(`${'я'.repeat(200)}…`);
    expect(quoteCell('😀'.repeat(150))).toBe('😀'.repeat(150));
    expect(quoteCell('😀'.repeat(300))).toBe(`${'😀'.repeat(200)}…`);
    expect(columnLabel({ letter: 'D', heading: 'К'.repeat(1000) })).toBe(`D (${'К'.repeat(200)}…)`);
  });

  it('quotes a value merged over many rows cut in every row, its heading too', () => {
    const channel = 'Канал '.repeat(200);
    const heading = ['Дата', 'Тема', 'Формат', `Канал ${'размещения '.repeat(100)}`];
    const rows = [heading, ...Array.from({ length: 300 }, (_, i) => ['01.12.2026', `Пост ${i}`, 'пост', channel])];
    const read = readWorkbook([{ name: 'Лист1', rows }], none, context);
    expect(read.problems).toHaveLength(300);
    for (const problem of read.problems) {
      expect(problem.code).toBe('unknown_channel');
      expect(String(problem.params.value).length).toBeLessThanOrEqual(QUOTED_MAX + 1);
      expect(problem.column.length).toBeLessThanOrEqual(QUOTED_MAX + 5);
    }
    expect(JSON.stringify(read.problems).length).toBeLessThan(300 * 700);
  });

  it('gives every row of a merged cell of names the same ids and problems, each its own copy', () => {
    // As readWorkbook reads a file: one memo of matched cells for all its rows.
    const known = { ...context, channels: new Map([['вк', ['vk-1']], ['сайт', ['site-1']]]), matched: new Map() };
    const cell = `ВК; сайт; ${'Нет такого; '.repeat(3)}`;
    const first = readRow({ sheet: 'Лист1', row: 2, cells: ['01.12.2026', 'Пост 1', 'пост', cell] }, columns, known);
    const second = readRow({ sheet: 'Лист1', row: 3, cells: ['01.12.2026', 'Пост 2', 'пост', cell] }, columns, known);
    expect(second.problems.map((p) => [p.code, p.params.value])).toEqual(first.problems.map((p) => [p.code, p.params.value]));
    expect(first.problems.map((p) => p.row)).toEqual([2]);
    expect(second.problems.map((p) => p.row)).toEqual([3]);
    const clean = `ВК; сайт`;
    const a = readRow({ sheet: 'Лист1', row: 4, cells: ['01.12.2026', 'Пост 3', 'пост', clean] }, columns, known);
    const b = readRow({ sheet: 'Лист1', row: 5, cells: ['01.12.2026', 'Пост 4', 'пост', clean] }, columns, known);
    expect(a.item?.channelIds).toEqual(['vk-1', 'site-1']);
    a.item!.channelIds!.push('changed');
    expect(b.item?.channelIds).toEqual(['vk-1', 'site-1']);
  });

  it('lists at most 50 problems of a row, counting the rest', () => {
    const names = Array.from({ length: 120 }, (_, i) => `Нет такого ${i}`).join(', ');
    const result = readRow({ sheet: 'Лист1', row: 2, cells: ['01.12.2026', 'Пост', 'пост', names] }, columns, context);
    expect(result.problems).toHaveLength(MAX_ROW_PROBLEMS);
    expect(result.problemsLeftOut).toBe(70);
    expect(result.item).toBeUndefined();
    const read = readWorkbook([{ name: 'Лист1', rows: [['Дата', 'Тема', 'Формат', 'Канал'], ['01.12.2026', 'Пост', 'пост', names]] }], none, context);
    expect(read.problemsLeftOut).toBe(70);
  });

  it('reports the first 1,000 problems and counts the rest', () => {
    const problems = Array.from({ length: 1500 }, (_, i) => i);
    expect(reportedProblems(problems, 7)).toEqual({ shown: problems.slice(0, MAX_REPORTED_PROBLEMS), leftOut: 507 });
    expect(reportedProblems([1, 2])).toEqual({ shown: [1, 2], leftOut: 0 });
  });
});

describe('a date outside the product’s range', () => {
  it('is a date read only when asked for any year', () => {
    expect(readDateText('01.01.9999', 2026)).toBeUndefined();
    expect(readDateText('01.01.9999', 2026, { anyYear: true })).toEqual({ date: '9999-01-01', yearGiven: true });
    expect(readDateText('31.02.9999', 2026, { anyYear: true })).toBeUndefined();
    expect(readDate(new Date(Date.UTC(1899, 11, 31)), 2026, { anyYear: true })?.date).toBe('1899-12-31');
    expect(readDate(2_958_465, 2026, { anyYear: true })?.date).toBe('9999-12-31');
    expect(readDate(1e9, 2026, { anyYear: true })).toBeUndefined();
  });

  it.each([
    ['01.01.9999', '01.01.9999'],
    ['1999-12-31', '1999-12-31'],
    [new Date(Date.UTC(1899, 11, 31)), '1899-12-31T00:00:00.000Z'],
    [new Date(Date.UTC(9999, 0, 1)), '9999-01-01T00:00:00.000Z'],
  ])('names the range for %s, not «not a date»', (cell, shown) => {
    const date = readRow({ sheet: 'Лист1', row: 2, cells: [cell, 'Пост', 'пост', ''] }, columns, context);
    expect(date.problems).toEqual([{ sheet: 'Лист1', row: 2, column: 'A (Дата)', field: 'at', code: 'outside_product_range', params: { value: shown, from: '2000-01-01', to: '2100-12-31' } }]);
  });

  it('still calls a day that is none no date', () => {
    const [problem] = problemsOf(readWorkbook([{ name: 'CSV', rows: [['Дата', 'Тема', 'Формат'], ['31.02.2026', 'Пост', 'пост']] }], none, context));
    expect(problem).toMatchObject({ code: 'not_a_date', params: { value: '31.02.2026' } });
  });

  it('names the range for a publication date too', () => {
    const cols: SheetColumn[] = [...columns.slice(0, 3), { index: 3, letter: 'D', heading: 'Опубликовано', field: 'publishedAt' }];
    const result = readRow({ sheet: 'Лист1', row: 2, cells: ['01.12.2026', 'Пост', 'пост', '01.01.1900'] }, cols, context);
    expect(result.problems).toMatchObject([{ code: 'outside_product_range', field: 'publishedAt', params: { value: '01.01.1900' } }]);
  });
});
