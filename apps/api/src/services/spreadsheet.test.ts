import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/errors.js';
import { render, type Language } from '../http/messages.js';
import { readSpreadsheet } from './spreadsheet.js';

// What a file is and how far it reaches, decided before the importer reads its rows: found by a
// probe (a heading row of 50,000 columns, one stray cell at XFD1048576, a NUL, UTF-16 text).

const xlsx = async (fill: (sheet: ExcelJS.Worksheet) => void) => {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet('План'));
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

/** The refusal a file gets: its status, code and message in a language. */
async function refusal(file: Buffer, lang: Language = 'en'): Promise<{ status: number; code: string; message: string }> {
  try {
    await readSpreadsheet(file);
  } catch (error) {
    if (error instanceof HttpError) return { status: error.statusCode, code: error.code, message: render(error.msg, lang) };
    throw error;
  }
  throw new Error('read without refusal');
}

describe('reading an upload', () => {
  it('refuses a CSV with more columns than a sheet may have, naming the sheet and the limit', async () => {
    const file = Buffer.from(`Дата;Тема;Формат;${Array.from({ length: 600 }, (_, i) => `Столбец ${i}`).join(';')}\n01.12.2026;Пост;пост\n`);
    const started = performance.now();
    expect(await refusal(file)).toEqual({
      status: 413,
      code: 'import_too_many_columns',
      message: 'Sheet "CSV" has values as far as column WE; a sheet may have at most 500 columns: delete the extra columns or the stray values on the right',
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await refusal(file, 'ru')).message).toBe('На листе «CSV» заполнены столбцы до WE, а лист может иметь не больше 500 столбцов; удалите лишние столбцы или случайные значения справа');
    // Empty cells past the last value are no columns.
    const trailing = Buffer.from(`Дата;Тема;Формат${';'.repeat(600)}\n01.12.2026;Пост;пост\n`);
    expect((await readSpreadsheet(trailing))[0]!.rows[0]).toHaveLength(603);
  });

  it('refuses a workbook sheet with more columns than allowed, by name', async () => {
    const file = await xlsx((sheet) => {
      sheet.addRow(['Дата', 'Тема', 'Формат']);
      sheet.getCell(1, 501).value = 'Лишний';
    });
    expect(await refusal(file)).toMatchObject({ status: 413, code: 'import_too_many_columns', message: expect.stringContaining('Sheet "План" has values as far as column SG; a sheet may have at most 500') });
  });

  it('names a stray cell far off to the right rather than counting the sheet’s dimension as rows', async () => {
    const file = await xlsx((sheet) => {
      sheet.addRow(['Дата', 'Тема', 'Формат']);
      sheet.addRow(['01.12.2026', 'Пост', 'пост']);
      sheet.getCell('XFD1048576').value = 'x';
    });
    expect(await refusal(file)).toMatchObject({ status: 413, code: 'import_too_many_columns', message: expect.stringContaining('column XFD') });
  });

  it('reads a stray cell far down as the one row it is', async () => {
    const file = await xlsx((sheet) => {
      sheet.addRow(['Дата', 'Тема', 'Формат']);
      sheet.addRow(['01.12.2026', 'Пост', 'пост']);
      sheet.getCell('A1048576').value = 'x';
    });
    const [sheet] = await readSpreadsheet(file);
    expect(sheet!.rows).toHaveLength(1_048_576);
    expect(sheet!.rows.filter(() => true)).toEqual([['Дата', 'Тема', 'Формат'], ['01.12.2026', 'Пост', 'пост'], ['x']]);
  });

  it('reads Excel’s «Текст Юникод» (UTF-16 with its byte-order mark, tabs)', async () => {
    const text = 'Дата\tТема\tФормат\r\n01.12.2026\tПост о ярмарке\tпост\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16be')]);
    for (const file of [le, be]) {
      expect((await readSpreadsheet(file))[0]!.rows.slice(0, 2)).toEqual([
        ['Дата', 'Тема', 'Формат'],
        ['01.12.2026', 'Пост о ярмарке', 'пост'],
      ]);
    }
  });

  it('names the line of a NUL byte in a CSV, and still calls a binary file no spreadsheet', async () => {
    const file = Buffer.concat([Buffer.from('Дата;Тема;Формат\n01.12.2026;Пост'), Buffer.from([0]), Buffer.from(';пост\n')]);
    expect(await refusal(file)).toEqual({
      status: 415,
      code: 'import_nul_byte',
      message: 'Line 2 of the file holds a NUL (zero) byte, which CSV text never has: the file is damaged or joined with another; remove the byte or save the sheet again',
    });
    expect((await refusal(file, 'ru')).message).toBe(
      'В строке 2 файла есть нулевой байт (NUL), которого не бывает в тексте CSV: файл повреждён или склеен с другим; удалите этот байт или сохраните таблицу заново',
    );
    const late = Buffer.concat([Buffer.from(`Дата;Тема;Формат\n${'01.12.2026;Пост;пост\n'.repeat(1000)}`), Buffer.from([0])]);
    expect(await refusal(late)).toMatchObject({ code: 'import_nul_byte', message: expect.stringContaining('Line 1002 ') });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100)]);
    expect(await refusal(pdf)).toMatchObject({ status: 415, code: 'not_a_spreadsheet' });
    const binary = Buffer.from([0x01, 0x00, 0x3b, 0x02, 0x0a, 0x3b, 0x00]);
    expect(await refusal(binary)).toMatchObject({ status: 415, code: 'not_a_spreadsheet' });
  });
});
