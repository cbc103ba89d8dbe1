import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ReachRow } from '@ritm/domain/evidence-source';
import type { UploadAdapter } from '../adapter.js';
import { damagedUtf8, evidenceFixture, sourceErrorOf } from '../../../test/evidence-server.js';
import { readReachCsv, REACH_CSV_MAX_ROWS } from './reach-csv.js';

const rowsOf = (body: Uint8Array | string): ReachRow[] => {
  const reading = readReachCsv(typeof body === 'string' ? Buffer.from(body) : body);
  if (reading.kind !== 'reach') throw new Error('not reach');
  return reading.rows;
};

const errorOf = (body: Uint8Array | string) => sourceErrorOf(() => rowsOf(body));

const RU_ROWS: ReachRow[] = [
  { row: 4, url: 'https://vk.com/wall-12345678_1203', day: '2026-11-24', reach: { views: 1870, likes: 31, reposts: 5, comments: 2 } },
  { row: 5, url: 'https://vk.com/wall-12345678_1202', day: '2026-11-23', reach: { views: 640, likes: 9, reposts: 1, comments: 0 } },
  { row: 6, url: null, day: '2026-11-22', reach: { views: 1702, likes: 14, reposts: 0, comments: 1 } },
  { row: 7, url: 'https://vk.com/wall-12345678_1199', day: '2026-11-20', reach: { views: 1105, likes: 20, reposts: 3, comments: 6 } },
];

describe('readReachCsv', () => {
  it('is an upload adapter', () => {
    const adapter: UploadAdapter = readReachCsv;
    expect(adapter(evidenceFixture('csv/reach-en.csv'), { id: 's', type: 'stats_csv', url: null, target: null, token: null, state: {} }).kind).toBe('reach');
  });

  it('reads a Russian export: a title line above the header, `;`, spaced thousands, a totals row left out', () => {
    expect(rowsOf(evidenceFixture('csv/reach-ru.csv'))).toEqual(RU_ROWS);
  });

  it('reads the same file saved in Windows-1251', () => {
    expect(rowsOf(evidenceFixture('csv/reach-ru-1251.csv'))).toEqual(RU_ROWS);
  });

  it('reads an English export: `,`, comma thousands in quotes, ISO dates with a time, blanks and dashes as no figure', () => {
    expect(rowsOf(evidenceFixture('csv/reach-en.csv'))).toEqual([
      { row: 2, url: 'https://t.me/czn_ekb/412', day: '2026-11-24', reach: { views: 2310, likes: 45, reposts: 12, comments: null } },
      { row: 3, url: 'https://t.me/czn_ekb/413', day: '2026-11-24', reach: { views: 980, likes: 17, reposts: 3, comments: null } },
      { row: 4, url: null, day: '2026-11-25', reach: { views: 1004, likes: 8, reposts: null, comments: null } },
    ]);
  });

  it('reads headings in other words and forms, and columns it does not know are left alone', () => {
    const text = 'Ссылка;Охват;Количество комментариев;Автор\nhttps://vk.com/wall-1_2;10;1;Иванова\n';
    expect(rowsOf(text)).toEqual([{ row: 2, url: 'https://vk.com/wall-1_2', day: null, reach: { views: 10, likes: null, reposts: null, comments: 1 } }]);
    expect(rowsOf('date\tviews\n2026-01-05\t7\n')).toEqual([{ row: 2, url: null, day: '2026-01-05', reach: { views: 7, likes: null, reposts: null, comments: null } }]);
  });

  it.each([
    ['Дата;Просмотры\n01.12.2026;12\n02.12.2026;много\n', { row: 3, column: 'Просмотры' }],
    ['Дата;Просмотры\n31.02.2026;12\n', { row: 2, column: 'Дата' }],
    ['Дата;Просмотры\n12/01/2026;12\n', { row: 2, column: 'Дата' }],
    ['Дата;Ссылка;Просмотры\n01.12.2026;vk.com/wall-1_2;12\n', { row: 2, column: 'Ссылка' }],
    ['Дата;Ссылка;Просмотры\n;;12\n', { row: 2, column: 'Ссылка' }],
    ['Date,Views\n2026-12-01,-5\n', { row: 2, column: 'Views' }],
    ['Date,Likes\n2026-12-01,1.5\n', { row: 2, column: 'Likes' }],
    // More than the database keeps (and any page ever had): not believed, not a 500.
    ['Date,Views\n2026-12-01,3000000000\n', { row: 2, column: 'Views' }],
  ])('a cell that cannot be read stops the file with its row and column: %j', (text, params) => {
    const error = errorOf(text);
    expect(error.code).toBe('bad_row');
    expect(error.params).toEqual(params);
  });

  // Cyrillic around the damaged bytes keeps the file UTF-8.
  const damaged = (...lines: string[]) => damagedUtf8(`${lines.join('\n')}\n`);

  it.each([
    // The lost heading would leave the figures read without their views, or with «Охват» instead.
    [['Статистика сообщества', 'Дата;Просм\xffтры;Нравится', '24.11.2026;1870;31'], { row: 2, column: 'B', value: 'Просм\uFFFDтры' }],
    [['Дата;Охват;Просм\xffтры', '24.11.2026;1870;1900'], { row: 1, column: 'C', value: 'Просм\uFFFDтры' }],
    // Without it there is no header at all: the damaged heading is why, not a file of another kind.
    [['Дата;Просм\xffтры', '24.11.2026;1870'], { row: 1, column: 'B', value: 'Просм\uFFFDтры' }],
    // Which column it was, no one can tell: a heading the reader would not know is refused too.
    [['Дата;Просмотры;Авт\xffр', '24.11.2026;1870;Иванова'], { row: 1, column: 'C', value: 'Авт\uFFFDр' }],
  ])('refuses a file whose heading is not UTF-8, naming its row and column: %j', (lines, params) => {
    const error = errorOf(damaged(...lines));
    expect([error.code, error.params]).toEqual(['encoding', { reason: 'heading', ...params }]);
  });

  it.each([
    [['Дата;Ссылка;Просмотры', '24.11.2026;https://vk.com/wall-1_2\xff;1870'], { row: 2, column: 'Ссылка', value: 'https://vk.com/wall-1_2\uFFFD' }],
    [['Дата;Просмотры', '24.11.2026;1870', '25.11.2026\xff;1870'], { row: 3, column: 'Дата', value: '25.11.2026\uFFFD' }],
    [['Дата;Просмотры;Нравится', '24.11.2026;1870;3\xff1'], { row: 2, column: 'Нравится', value: '3\uFFFD1' }],
  ])('refuses a file whose cell in a column it reads is not UTF-8, naming its row and column: %j', (lines, params) => {
    const error = errorOf(damaged(...lines));
    expect([error.code, error.params]).toEqual(['bad_row', { reason: 'encoding', ...params }]);
  });

  it('reads a file whose bytes that are not UTF-8 lie where it reads nothing: a title line, a column it does not know', () => {
    const rows = rowsOf(damaged('Статистика «Ц\xffН»', 'Дата;Просмотры;Автор', '24.11.2026;1 870;Иван\xffва'));
    expect(rows).toEqual([{ row: 3, url: null, day: '2026-11-24', reach: { views: 1870, likes: null, reposts: null, comments: null } }]);
  });

  it('refuses a file that is no statistics as the wrong kind', () => {
    const atom = '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Новости</title></feed>\n';
    for (const text of [atom, 'Дата;Название;Канал\n01.12.2026;Ярмарка;ВК\n', '', 'views\n12\n']) {
      const error = errorOf(text);
      expect([error.code, error.params]).toEqual(['wrong_kind', { found: 'no_header' }]);
    }
    expect(errorOf(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1])).params).toEqual({ found: 'not_csv' });
  });

  it('says where a file stops being CSV', () => {
    expect(errorOf('Date;Views\n2026-01-01;"12\n2026-01-02;3\n').params).toEqual({ reason: 'syntax', line: 3 });
  });

  it('refuses a file of more rows than a statistics export has', () => {
    const text = `Date;Views\n${'2026-12-01;1\n'.repeat(REACH_CSV_MAX_ROWS)}`;
    expect(errorOf(text).params).toEqual({ maxRows: REACH_CSV_MAX_ROWS });
  });

  it('reads Excel’s «Текст Юникод» (UTF-16 with a byte-order mark, tabs)', () => {
    const text = 'Дата\tПросмотры\tНравится\r\n24.11.2026\t1 870\t31\r\n';
    const expected = [{ row: 2, url: null, day: '2026-11-24', reach: { views: 1870, likes: 31, reposts: null, comments: null } }];
    expect(rowsOf(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]))).toEqual(expected);
    expect(rowsOf(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16be')]))).toEqual(expected);
  });

  it('refuses a Telegram export uploaded as statistics', () => {
    expect(errorOf(evidenceFixture('telegram/export-channel.json')).code).toBe('wrong_kind');
  });

  it('reads a file with headings only as no rows', () => {
    expect(rowsOf(iconv.encode('Дата;Просмотры\r\n', 'win1251'))).toEqual([]);
  });
});
