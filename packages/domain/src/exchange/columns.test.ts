import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldOfHeading, headingKey, IMPORT_FIELDS, isSkippedHeading, MEDIA_PLAN_COLUMNS, suggestFields } from './columns.js';

describe('the media plan columns', () => {
  it('name every field once, in the export order, with headings that read back as their field', () => {
    expect(MEDIA_PLAN_COLUMNS.map((c) => c.field)).toEqual([...IMPORT_FIELDS]);
    for (const column of MEDIA_PLAN_COLUMNS) {
      expect(fieldOfHeading(column.heading)).toBe(column.field);
      expect(fieldOfHeading(column.headingEn)).toBe(column.field);
      for (const alias of column.aliases) expect(fieldOfHeading(alias), alias).toBe(column.field);
    }
  });

  it('give each spelling to one field only', () => {
    const seen = new Map<string, string>();
    for (const column of MEDIA_PLAN_COLUMNS) {
      for (const spelling of [column.heading, column.headingEn, ...column.aliases]) {
        const key = headingKey(spelling);
        expect(seen.get(key) ?? column.field, spelling).toBe(column.field);
        seen.set(key, column.field);
      }
    }
  });

  it.each([
    ['№', 'number'],
    ['Дата выхода', 'at'],
    ['  ДАТА  ВЫХОДА: ', 'at'],
    ['Мероприятие', 'newsHook'],
    ['Инфоповод', 'newsHook'],
    ['Тема', 'title'],
    ['Формат', 'format'],
    ['Площадка', 'channels'],
    ['СМИ / площадка', 'channels'],
    ['СМИ/площадка', 'channels'],
    ['«Целевая аудитория»', 'audiences'],
    ['Ключевое сообщение', 'keyMessages'],
    ['Ответственный', 'responsible'],
    ['Статус', 'status'],
    ['Ссылка', 'url'],
    ['Охват', 'views'],
    ['Примечание', 'notes'],
    ['Отметки "нравится"', 'likes'],
    ['Target audience', 'audiences'],
    ['KEY MESSAGE', 'keyMessages'],
    ['Дата (план)', 'at'],
    ['Канал размещения (VK, TG)', 'channels'],
    ['Ответственный (ФИО)', 'responsible'],
  ] as const)('read «%s» as %s', (heading, field) => {
    expect(fieldOfHeading(heading)).toBe(field);
  });

  it('leave a heading they do not know for mapping', () => {
    expect(fieldOfHeading('Бюджет')).toBeUndefined();
    expect(fieldOfHeading('')).toBeUndefined();
  });

  it("follow an organisation's mapping before the dictionary, null skipping a column", () => {
    expect(fieldOfHeading('Бюджет', { бюджет: 'notes' })).toBe('notes');
    expect(fieldOfHeading('Площадка', { площадка: null })).toBeUndefined();
    expect(isSkippedHeading('Площадка', { площадка: null })).toBe(true);
  });

  it('suggest the fields a heading probably means', () => {
    expect(suggestFields('Подразделение ответственное')[0]).toBe('responsible');
    expect(suggestFields('Аудитори')).toContain('audiences');
    expect(suggestFields('Бюджет')).toEqual([]);
  });

  it('recognise a heading whatever its case, ё or quotes (property)', () => {
    const spellings = MEDIA_PLAN_COLUMNS.flatMap((c) => [c.heading, ...c.aliases].map((h) => [h, c.field] as const));
    fc.assert(
      fc.property(fc.constantFrom(...spellings), fc.boolean(), fc.constantFrom('', ' ', '  ', ':'), fc.boolean(), ([heading, field], upper, tail, quoted) => {
        let written = upper ? heading.toUpperCase() : heading;
        if (quoted) written = `«${written}»`;
        expect(fieldOfHeading(` ${written}${tail}`)).toBe(field);
      }),
    );
  });
});
