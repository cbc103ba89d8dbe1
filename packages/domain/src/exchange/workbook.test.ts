import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexNames } from './names.js';
import { naturalKey, type RowContext } from './row.js';
import { columnLetter, findLayout, isTotalsRow } from './sheet.js';
import { changedFields, mappingProblems, planActions, problemsOf, readWorkbook, type ExistingItem, type ImportMapping } from './workbook.js';

const context: Omit<RowContext, 'formatKinds'> = {
  timeZone: 'Europe/Moscow',
  year: 2025,
  channels: indexNames([
    { id: 'vk', names: ['ВКонтакте', 'ВК'] },
    { id: 'tg', names: ['Telegram'] },
    { id: 'stand', names: ['Стенд'] },
  ]),
  channelTypes: new Map([
    ['vk', 'vk'],
    ['tg', 'telegram'],
    ['stand', 'info_stand'],
  ]),
  audiences: indexNames([{ id: 'young', names: ['Молодёжь'] }]),
  keyMessages: indexNames([{ id: 'km', names: ['Профсоюз рядом'] }]),
  people: indexNames([{ id: 'anna', names: ['Анна Иванова', 'anna@example.org'] }]),
};
const none: ImportMapping = { columns: {}, formats: {} };

const plan = [
  ['Медиаплан первичной профсоюзной организации на ноябрь'],
  [],
  ['№', 'Дата выхода', 'Мероприятие', 'Тема', 'Формат', 'СМИ / площадка', 'Целевая аудитория', 'Ответственный', 'Статус', 'Бюджет'],
  [1, '25.11.2026', 'Ярмарка вакансий', '', 'ярмарка вакансий', '', 'молодежь', 'анна иванова', 'проведено', 100],
  [2, '26 ноября', '', 'Итоги ярмарки', 'Пост', 'ВК, Telegram', '', 'anna@example.org', 'Запланировано', ''],
  [],
  [3, '27.11.26 10:00', '', 'Видео с ярмарки', 'видео', 'вк', 'Молодёжь; Пенсионеры', '', 'вышло', ''],
  ['Итого', '', '', '', '', '', '', '', '', 100],
];

describe('a workbook read', () => {
  it('finds the headings below a title, skips blank and totals rows, and reads every row', () => {
    const read = readWorkbook([{ name: 'Ноябрь', rows: plan }], none, context);
    expect(read.noHeadings).toBe(false);
    expect(read.rows.map((r) => r.row)).toEqual([4, 5, 7]);
    expect(read.rows[0]!.item).toEqual({
      kind: 'public_event',
      title: 'Ярмарка вакансий',
      at: '2026-11-25',
      newsHook: 'Ярмарка вакансий',
      format: 'ярмарка вакансий',
      status: 'held',
      channelIds: [],
      audienceIds: ['young'],
      responsibleId: 'anna',
    });
    // «26 ноября» takes the year the file's other dates give, not the fallback 2025.
    expect(read.rows[1]!.item).toMatchObject({ at: '2026-11-26', channelIds: ['vk', 'tg'], status: 'planned', kind: 'post', newsHook: '' });
    expect(read.unmapped).toEqual([{ sheet: 'Ноябрь', column: 'J', heading: 'Бюджет', suggestions: [] }]);
  });

  it('names each problem by sheet, row and column', () => {
    const read = readWorkbook([{ name: 'Ноябрь', rows: plan }], none, context);
    expect(problemsOf(read)).toEqual([{ sheet: 'Ноябрь', row: 7, column: 'G (Целевая аудитория)', field: 'audiences', code: 'unknown_audience', params: { value: 'Пенсионеры' } }]);
    expect(read.rows[2]!.item).toBeUndefined();
  });

  it('places a date with a time as an instant in the organisation’s zone', () => {
    const fixed = plan.map((row) => row.map((c) => (c === 'Молодёжь; Пенсионеры' ? 'Молодёжь' : c)));
    const read = readWorkbook([{ name: 'Ноябрь', rows: fixed }], none, context);
    expect(read.rows[2]!.item).toMatchObject({ at: '2026-11-27T07:00:00.000Z', kind: 'video', status: 'published' });
  });

  it('reports what cannot be an item', () => {
    const rows = [
      ['Дата', 'Тема', 'Формат', 'Канал', 'Ссылка', 'Охват', 'Статус'],
      ['31.02.2026', 'Пост', 'пост', '', '', '', ''],
      ['', '', 'пост', '', '', '', ''],
      ['01.12.2026', 'Стенд', 'обновление стенда', 'ВКонтакте', 'не ссылка', 'много', 'может быть'],
      ['02.12.2026', 'Что-то', 'лонгрид', 'Одноклассники', '', '', ''],
      // A title of a zero-width space alone is no title (the API refuses it typed by hand too).
      ['03.12.2026', '\u200b', 'пост', '', '', '', ''],
    ];
    const codes = problemsOf(readWorkbook([{ name: 'S', rows }], none, context)).map((p) => `${p.row}:${p.code}`);
    expect(codes).toEqual(['2:not_a_date', '3:title_missing', '3:date_missing', '4:unknown_status', '4:kind_cannot_go_on_channel', '4:not_a_url', '4:not_a_count', '5:unknown_format', '5:unknown_channel', '6:title_missing']);
  });

  it("follows the organisation's mapping of columns and formats", () => {
    const rows = [
      ['Когда', 'Что', 'Жанр'],
      ['01.12.2026', 'Лонгрид о колдоговоре', 'Лонгрид'],
    ];
    const unmapped = readWorkbook([{ name: 'S', rows }], none, context);
    expect(unmapped.unmapped.map((u) => u.heading)).toEqual(['Что']);
    const mapped = readWorkbook([{ name: 'S', rows }], { columns: { что: 'title' }, formats: { лонгрид: 'publication' } }, context);
    expect(mapped.unmapped).toEqual([]);
    expect(mapped.rows[0]!.item).toEqual({ at: '2026-12-01', title: 'Лонгрид о колдоговоре', format: 'Лонгрид', kind: 'publication' });
  });

  it('offers no heading of signs alone for mapping: no key could name it', () => {
    const rows = [
      ['Дата', 'Тема', 'Формат', '—', 'Бюджет'],
      ['01.12.2026', 'Пост', 'пост', 'x', '100'],
    ];
    expect(readWorkbook([{ name: 'S', rows }], none, context).unmapped.map((u) => u.heading)).toEqual(['Бюджет']);
  });

  it('refuses a second row with the same day, title and kind', () => {
    const rows = [
      ['Дата', 'Тема', 'Формат'],
      ['01.12.2026', 'Пост', 'пост'],
      ['2026-12-01', ' пост! ', 'Пост'],
    ];
    expect(problemsOf(readWorkbook([{ name: 'S', rows }], none, context))).toEqual([{ sheet: 'S', row: 3, column: '', code: 'duplicate_row', params: { sheet: 'S', row: 2 } }]);
  });

  it('refuses a time that puts the item outside the product’s range of instants', () => {
    const rows = [
      ['Дата', 'Тема', 'Формат', 'Опубликовано'],
      ['01.01.2000 10:00', 'Слишком рано', 'пост', ''],
      ['01.01.2000', 'Дата без времени подходит', 'пост', '01.01.2000'],
    ];
    const read = readWorkbook([{ name: 'S', rows }], none, context);
    expect(problemsOf(read).map((p) => `${p.row}:${p.field}:${p.code}`)).toEqual(['2:at:outside_product_range', '3:publishedAt:outside_product_range']);
  });

  it("takes a kind column's codes as they are, an organisation's own kinds included", () => {
    const rows = [
      ['Дата', 'Тема', 'Формат', 'Вид'],
      ['01.12.2026', 'Хакатон', 'Хакатон профсоюзной молодёжи', 'hackathon'],
      ['02.12.2026', 'Релиз', '', 'press_release'],
      ['03.12.2026', 'Что-то', '', 'Что-то странное'],
    ];
    const read = readWorkbook([{ name: 'S', rows }], none, context);
    expect(read.rows.map((r) => r.item?.kind ?? r.problems[0]?.code)).toEqual(['hackathon', 'press_release', 'unknown_format']);
  });

  it('reads a link cell as its text, and its address in the link column', () => {
    const rows = [
      ['Дата', 'Тема', 'Формат', 'Канал', 'Ссылка'],
      ['01.12.2026', 'Пост', 'пост', { text: 'ВК', hyperlink: 'https://vk.com/czn' }, { text: 'ссылка', hyperlink: 'https://vk.com/wall-1_2' }],
    ];
    expect(readWorkbook([{ name: 'S', rows }], none, context).rows[0]!.item).toMatchObject({ channelIds: ['vk'], url: 'https://vk.com/wall-1_2' });
  });

  it("names a cell whose formula failed by its error, once, and skips a row of nothing else", () => {
    const rows = [
      ['Дата', 'Тема', 'Формат', 'Охват'],
      [{ error: '#REF!' }, 'Пост', 'пост', ''],
      ['01.12.2026', { error: '#N/A' }, 'пост', { error: '#DIV/0!' }],
      // A template's unfilled row: formulas with nothing to look up yet.
      [{ error: '#N/A' }, { error: '#N/A' }, '', ''],
      ['02.12.2026', 'Пост о #REF!', 'пост', { error: 'Err:502' }],
      // Typed as text in a workbook, «#N/A» is a title.
      ['03.12.2026', '#N/A', 'пост', ''],
    ];
    // A «№» column numbers rows and is not imported: its formula's error stops nothing.
    const numbered = [['№', 'Дата', 'Тема', 'Формат'], [{ error: '#REF!' }, '04.12.2026', 'Пост', 'пост']];
    expect(problemsOf(readWorkbook([{ name: 'N', rows: numbered }], none, context))).toEqual([]);
    const read = readWorkbook([{ name: 'S', rows }], none, context);
    expect(problemsOf(read)).toEqual([
      { sheet: 'S', row: 2, column: 'A (Дата)', field: 'at', code: 'formula_error', params: { value: '#REF!' } },
      { sheet: 'S', row: 3, column: 'B (Тема)', field: 'title', code: 'formula_error', params: { value: '#N/A' } },
      { sheet: 'S', row: 3, column: 'D (Охват)', field: 'views', code: 'formula_error', params: { value: '#DIV/0!' } },
      { sheet: 'S', row: 5, column: 'D (Охват)', field: 'views', code: 'formula_error', params: { value: 'Err:502' } },
    ]);
    expect(read.rows.map((r) => r.row)).toEqual([2, 3, 5, 6]);
    expect(read.rows[3]!.item).toMatchObject({ title: '#N/A' });
  });

  it('names a heading whose formula failed at the heading row, and offers it for no mapping', () => {
    const rows = [
      // A formula's error in the title above names no field: the heading row stays the same, and
      // nothing reads the title.
      [{ error: '#REF!' }, 'Медиаплан на декабрь'],
      ['Дата', 'Тема', { error: '#REF!' }, 'Формат', { error: '#N/A' }],
      ['01.12.2026', 'Пост о ярмарке', 'что-то', 'пост', ''],
    ];
    const read = readWorkbook([{ name: 'S', rows }], none, context);
    expect(findLayout(rows)?.headingRow).toBe(1);
    expect(read.sheets[0]!.columns.map((c) => `${c.letter} ${c.heading} ${c.field ?? '-'}`)).toEqual(['A Дата at', 'B Тема title', 'C #REF! -', 'D Формат format', 'E #N/A -']);
    expect(read.unmapped).toEqual([]);
    expect(problemsOf(read)).toEqual([
      { sheet: 'S', row: 2, column: 'C (#REF!)', code: 'formula_error', params: { value: '#REF!' } },
      { sheet: 'S', row: 2, column: 'E (#N/A)', code: 'formula_error', params: { value: '#N/A' } },
    ]);
    expect(read.rows[0]!.item).toMatchObject({ title: 'Пост о ярмарке', kind: 'post' });
  });

  it('names every cell whose bytes were not UTF-8, wherever it is, once, and reads nothing from it', () => {
    const bad = (text: string) => ({ invalidUtf8: text });
    const rows = [
      [bad('Медиапл\uFFFDн')],
      ['Дата', 'Тема', 'Формат', bad('Бюдж\uFFFDт')],
      [bad('2\uFFFD.11.2026'), 'Пост', 'пост', ''],
      ['26.11.2026', 'Пост о ярмарке', 'пост', bad('1\uFFFD0')],
      // Such a cell alone is no blank row; in a totals row, it is named though the row is not read.
      ['', '', '', bad('\uFFFD')],
      ['Итого', '', '', bad('1\uFFFD0')],
    ];
    const read = readWorkbook([{ name: 'CSV', rows }], none, context);
    expect(read.unmapped).toEqual([]);
    expect(read.rows.map((r) => r.row)).toEqual([3, 4, 5]);
    expect(problemsOf(read).map((p) => `${p.row} ${p.column} ${p.field ?? '-'} ${p.code} ${p.params.value ?? ''}`)).toEqual([
      '1 A - encoding Медиапл\uFFFDн',
      '2 D (Бюдж\uFFFDт) - encoding Бюдж\uFFFDт',
      // Named as what it is, not also as no date.
      '3 A (Дата) at encoding 2\uFFFD.11.2026',
      '4 D (Бюдж\uFFFDт) - encoding 1\uFFFD0',
      '5 D (Бюдж\uFFFDт) - encoding \uFFFD',
      '5 B (Тема) title title_missing ',
      '5 A (Дата) at date_missing ',
      '5 C (Формат) format kind_missing ',
      '6 D (Бюдж\uFFFDт) - encoding 1\uFFFD0',
    ]);
    expect(read.rows.every((r) => r.item === undefined)).toBe(true);
    // A sheet whose headings could not be read holds no media plan, and says which cells were not UTF-8.
    const unreadable = readWorkbook([{ name: 'CSV', rows: [[bad('Д\uFFFDта'), bad('Т\uFFFDма'), 'Формат'], ['01.12.2026', 'Пост', 'пост']] }], none, context);
    expect(unreadable.noHeadings).toBe(true);
    expect(problemsOf(unreadable)).toEqual([
      { sheet: 'CSV', row: 1, column: 'A', code: 'encoding', params: { value: 'Д\uFFFDта' } },
      { sheet: 'CSV', row: 1, column: 'B', code: 'encoding', params: { value: 'Т\uFFFDма' } },
    ]);
  });

  it('quotes at most 200 characters of a cell that was not UTF-8, a letter past the BMP kept whole', () => {
    const long = `${'я'.repeat(199)}😀\uFFFD${'я'.repeat(50)}`;
    const [problem] = problemsOf(readWorkbook([{ name: 'CSV', rows: [['Дата', 'Тема', 'Формат', 'Примечание'], ['01.12.2026', 'Пост', 'пост', { invalidUtf8: long }]] }], none, context));
    expect(problem!.params.value).toBe(`${'я'.repeat(199)}😀…`);
  });

  it('finds no media plan in a sheet without a date or title heading', () => {
    expect(readWorkbook([{ name: 'S', rows: [['Бюджет', 'Сумма'], [1, 2]] }], none, context).noHeadings).toBe(true);
    expect(findLayout([['Медиаплан'], ['Дата']])).toBeUndefined();
  });

  it('knows totals rows and column letters', () => {
    expect(isTotalsRow(['', 'ИТОГО:', 5])).toBe(true);
    expect(isTotalsRow(['Итоговое собрание', '01.12.2026'])).toBe(false);
    expect(columnLetter(25)).toBe('Z');
    expect(columnLetter(26)).toBe('AA');
  });
});

describe('actions against what the organisation has', () => {
  const existing: ExistingItem = {
    id: 'i1',
    localDay: '2026-12-01',
    kind: 'post',
    title: 'Итоги ярмарки',
    at: '2026-12-01',
    status: 'planned',
    newsHook: '',
    format: 'пост',
    channelIds: ['tg', 'vk'],
    audienceIds: [],
    keyMessageIds: [],
    responsibleId: null,
    publishedAt: null,
    url: null,
    views: null,
    likes: null,
    reposts: null,
    comments: null,
    notes: '',
  };

  it('finds an item by day, title and kind: unchanged, updated, or created', () => {
    const same = { kind: 'post', title: 'Итоги ярмарки', at: '2026-12-01', channelIds: ['vk', 'tg'] };
    const changed = { ...same, url: 'https://vk.com/wall-1_2' };
    const respelled = { ...same, title: 'итоги  ярмарки' };
    const other = { ...same, kind: 'video' };
    expect(planActions([same, changed, respelled, other], [existing], 'Europe/Moscow')).toEqual([
      { action: 'unchanged', id: 'i1' },
      { action: 'update', id: 'i1', changed: ['url'] },
      { action: 'update', id: 'i1', changed: ['title'] },
      { action: 'create' },
    ]);
  });

  it('compares only the fields the file has (property: an item read back from itself is unchanged)', () => {
    const keys = ['status', 'newsHook', 'format', 'channelIds', 'url', 'views', 'notes'] as const;
    fc.assert(
      fc.property(fc.subarray([...keys]), (chosen) => {
        const imported = Object.fromEntries([['kind', 'post'], ['title', 'Итоги ярмарки'], ['at', '2026-12-01'], ...chosen.map((k) => [k, existing[k]])]);
        expect(changedFields(imported as never, existing)).toEqual([]);
        expect(naturalKey(existing.localDay, existing.title.toUpperCase(), 'post')).toBe(naturalKey('2026-12-01', 'итоги ярмарки', 'post'));
      }),
    );
  });
});

describe('a mapping sent by the user', () => {
  it('names keys of signs alone and two spellings of one heading mapped apart', () => {
    const mapping: ImportMapping = {
      columns: { 'Бюджет:': null, ' — ': 'notes', 'бюджет': 'notes', 'Охват': 'views', 'ОХВАТ!': 'views' },
      formats: { 'Лонгрид': 'article', '«лонгрид»': 'post', '...': 'post' },
    };
    expect(mappingProblems(mapping)).toEqual([
      { part: 'columns', key: ' — ', code: 'blank' },
      { part: 'columns', key: 'бюджет', code: 'clash', other: 'Бюджет:' },
      { part: 'formats', key: '«лонгрид»', code: 'clash', other: 'Лонгрид' },
      { part: 'formats', key: '...', code: 'blank' },
    ]);
  });

  it('finds nothing in a mapping whose keys all compare apart', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[а-я]{1,8}$/), { maxLength: 12 }), (words) => {
        const columns = Object.fromEntries(words.map((w, i) => [w, i % 2 ? 'notes' : null] as const));
        expect(mappingProblems({ columns, formats: {} })).toEqual([]);
      }),
    );
  });
});
