import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantOfWallClock, readDate, readDateText, readExcelSerial, readWallClockDate, yearOfFile } from './dates.js';
import { indexNames, matchName, splitNames } from './names.js';
import { readCount, readTime } from './row.js';
import { nameKey } from './text.js';
import { DEFAULT_FORMAT_KINDS, kindOfFormat, statusOfWord } from './vocabulary.js';
import { ITEM_KINDS } from '../item.js';

describe('dates as people type them', () => {
  it.each([
    ['25.11.2026', '2026-11-25'],
    ['25.11.26', '2026-11-25'],
    ['2026-11-25', '2026-11-25'],
    ['25/11/2026', '2026-11-25'],
    ['1.2.2027', '2027-02-01'],
    ['25 ноября 2026 г.', '2026-11-25'],
    ['3 мая 2027', '2027-05-03'],
    ['3 марта 2027', '2027-03-03'],
    ['25 Nov 2026', '2026-11-25'],
  ])('%s is %s', (text, date) => {
    expect(readDateText(text, 2030)).toEqual({ date, yearGiven: true });
  });

  it('take the given year for «25 ноября» and say so', () => {
    expect(readDateText('25 ноября', 2027)).toEqual({ date: '2027-11-25', yearGiven: false });
    expect(readDateText('25.11', 2027)).toEqual({ date: '2027-11-25', yearGiven: false });
  });

  it('read a time after the date', () => {
    expect(readDateText('25.11.2026 10:30', 2026)).toEqual({ date: '2026-11-25', minutes: 630, yearGiven: true });
    expect(readDateText('25 ноября в 9.05', 2026)).toEqual({ date: '2026-11-25', minutes: 545, yearGiven: false });
    expect(readDateText('2026-11-25T18:00', 2026)).toEqual({ date: '2026-11-25', minutes: 1080, yearGiven: true });
  });

  it.each(['31.02.2026', 'завтра', '25 брюмера', '25.13.2026', '25.11.2026 25:00', '', '1999-12-31'])('refuse %j', (text) => {
    expect(readDateText(text, 2026)).toBeUndefined();
  });

  it('read Excel serial numbers and date cells, with or without a time', () => {
    expect(readExcelSerial(46351)).toEqual({ date: '2026-11-25', yearGiven: true });
    expect(readExcelSerial(46351.4375)).toEqual({ date: '2026-11-25', minutes: 630, yearGiven: true });
    expect(readDate(46351, 2000)).toEqual({ date: '2026-11-25', yearGiven: true });
    expect(readDate('46351', 2000)).toEqual({ date: '2026-11-25', yearGiven: true });
    expect(readWallClockDate(new Date(Date.UTC(2026, 10, 25, 10, 30)))).toEqual({ date: '2026-11-25', minutes: 630, yearGiven: true });
    expect(readDate(new Date(Date.UTC(2026, 10, 25)), 2000)).toEqual({ date: '2026-11-25', yearGiven: true });
    expect(readExcelSerial(-3)).toBeUndefined();
  });

  it('place a wall-clock time in the organisation’s zone', () => {
    expect(instantOfWallClock('2026-11-25', 630, 'Europe/Moscow')).toBe('2026-11-25T07:30:00.000Z');
    expect(instantOfWallClock('2026-11-25', 630, 'Asia/Vladivostok')).toBe('2026-11-25T00:30:00.000Z');
  });

  it('give dates without a year the year most of the file gives', () => {
    expect(yearOfFile([2026, 2026, 2027], 2025)).toBe(2026);
    expect(yearOfFile([], 2025)).toBe(2025);
  });

  it('read back every date written as dd.mm.yyyy, dd.mm.yy, ISO or a serial (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split('-');
        expect(readDateText(`${day}.${m}.${y}`, 2026)?.date).toBe(iso);
        expect(readDateText(`${day}.${m}.${y!.slice(2)}`, 2026)?.date).toBe(iso);
        expect(readDateText(iso, 2026)?.date).toBe(iso);
        const serial = Math.floor(d.getTime() / 86_400_000) + 25_569;
        expect(readExcelSerial(serial)?.date).toBe(iso);
      }),
    );
  });
});

describe('names in cells', () => {
  const index = indexNames([
    { id: 'vk', names: ['ВКонтакте'] },
    { id: 'tg', names: ['Telegram'] },
    { id: 'site', names: ['Сайт профсоюза'] },
    { id: 'km', names: ['Профсоюз защищает, помогает'] },
    { id: 'a', names: ['Молодёжь'] },
    { id: 'b', names: ['молодежь'] },
  ]);

  it('match ignoring case, ё/е, quotes and spaces', () => {
    expect(matchName(index, ' вконтакте ')).toEqual({ id: 'vk' });
    expect(matchName(index, '«Сайт  профсоюза»')).toEqual({ id: 'site' });
    expect(matchName(index, 'Одноклассники')).toEqual({ missing: 'Одноклассники' });
    expect(matchName(index, 'Молодежь')).toEqual({ ambiguous: 'Молодежь' });
  });

  it('split a cell on commas, semicolons and new lines, keeping a known name with a comma whole', () => {
    expect(splitNames('ВКонтакте, Telegram; сайт профсоюза', index)).toEqual(['ВКонтакте', 'Telegram', 'сайт профсоюза']);
    expect(splitNames('ВКонтакте\nTelegram\n\nвконтакте', index)).toEqual(['ВКонтакте', 'Telegram']);
    expect(splitNames('Профсоюз защищает, помогает', index)).toEqual(['Профсоюз защищает, помогает']);
    expect(splitNames('Профсоюз защищает, помогает; Telegram', index)).toEqual(['Профсоюз защищает, помогает', 'Telegram']);
    expect(splitNames(' ', index)).toEqual([]);
  });

  it('treat spellings that differ in case, ё and spaces as one name (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), (name) => {
        const variant = ` ${name.toUpperCase().replaceAll('Е', 'Ё')} `;
        expect(nameKey(variant)).toBe(nameKey(name.toLowerCase().replaceAll('ё', 'е')));
      }),
    );
  });
});

describe('formats and statuses', () => {
  it.each([
    ['пост', 'post'],
    ['Пост ВКонтакте', 'post'],
    ['Пресс-релиз', 'press_release'],
    ['видео', 'video'],
    ['Буклет', 'print_material'],
    ['Ярмарка вакансий', 'public_event'],
    ['press_release', 'press_release'],
    ['Заседание комиссии', 'commission_meeting'],
  ])('«%s» is %s', (format, kind) => {
    expect(kindOfFormat(format)).toBe(kind);
  });

  it("follow the organisation's words first, as typed", () => {
    expect(kindOfFormat('Лонгрид')).toBeUndefined();
    expect(kindOfFormat('Лонгрид', { Лонгрид: 'publication' })).toBe('publication');
    expect(kindOfFormat('пост', { пост: 'video' })).toBe('video');
  });

  it('map every default word to a known kind', () => {
    for (const kind of Object.values(DEFAULT_FORMAT_KINDS)) expect(ITEM_KINDS).toContain(kind);
  });

  it('read status words, done as published or held by kind', () => {
    expect(statusOfWord('Опубликовано', 'post')).toBe('published');
    expect(statusOfWord('проведено', 'public_event')).toBe('held');
    expect(statusOfWord('выполнено', 'meeting')).toBe('held');
    expect(statusOfWord('выполнено', 'video')).toBe('published');
    expect(statusOfWord('Запланировано', 'post')).toBe('planned');
    expect(statusOfWord('отменено', 'post')).toBe('cancelled');
    expect(statusOfWord('в работе', 'post')).toBe('in_progress');
    expect(statusOfWord('cancelled', 'post')).toBe('cancelled');
    expect(statusOfWord('может быть', 'post')).toBeUndefined();
  });

  it('read times and counts as typed', () => {
    expect(readTime('10:30')).toBe(630);
    expect(readTime(0.4375)).toBe(630);
    expect(readTime(new Date(Date.UTC(1899, 11, 30, 9, 15)))).toBe(555);
    expect(readTime('25:00')).toBeUndefined();
    expect(readCount('12 500')).toBe(12500);
    expect(readCount('1\u00a0200')).toBe(1200);
    expect(readCount(42)).toBe(42);
    expect(readCount('-3')).toBeUndefined();
    expect(readCount(1.5)).toBeUndefined();
  });
});
