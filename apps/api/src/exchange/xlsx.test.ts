import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openWithLibreOffice, itWithOffice } from '../../test/office.js';
import { sheetName, wallClock, xlsxWriter } from './xlsx.js';

async function sample(): Promise<Buffer> {
  const out = new PassThrough();
  const file = buffer(out);
  const writer = xlsxWriter(out);
  const sheet = writer.addSheet('Медиаплан: ноябрь', [
    { heading: 'Дата', width: 16, format: 'date' },
    { heading: 'Тема', width: 40 },
    { heading: 'Охват', width: 10, format: 'integer' },
  ], { titleRows: ['Медиаплан ГКУ «Центр занятости»'] });
  sheet.addRow([wallClock('2026-11-25'), 'Ярмарка вакансий, «ёлка»; итоги', 1200]);
  sheet.addRow([{ value: wallClock('2026-11-26', '10:30'), format: 'dateTime' }, 'Строка 1\nстрока 2', null]);
  sheet.addRow(['', 'Итого', 1200], { bold: true });
  await sheet.commit();
  await writer.commit();
  return file;
}

describe('xlsx writer', () => {
  it('writes real date cells, a frozen bold heading under the title and column widths', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await sample()) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Медиаплан  ноябрь');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.getRow(2).getCell(1).value).toBe('Дата');
    expect(sheet.getRow(2).font?.bold).toBe(true);
    expect(sheet.getColumn(2).width).toBe(40);
    expect(sheet.getRow(3).getCell(1).value).toEqual(new Date('2026-11-25T00:00:00Z'));
    expect(sheet.getRow(3).getCell(1).numFmt).toBe('dd.mm.yyyy');
    expect(sheet.getRow(4).getCell(1).numFmt).toBe('dd.mm.yyyy hh:mm');
    expect(sheet.getRow(4).getCell(3).value).toBeNull();
  });

  itWithOffice('opens in LibreOffice Calc with its Cyrillic text, dates and numbers', async () => {
    const rows = await openWithLibreOffice(await sample(), 'xlsx');
    expect(rows[0]![0]).toBe('Медиаплан ГКУ «Центр занятости»');
    expect(rows[1]).toEqual(['Дата', 'Тема', 'Охват']);
    expect(rows[2]).toEqual(['25.11.2026', 'Ярмарка вакансий, «ёлка»; итоги', '1200']);
    expect(rows[3]).toEqual(['26.11.2026 10:30', 'Строка 1\nстрока 2', '']);
    expect(rows[4]).toEqual(['', 'Итого', '1200']);
  }, 120_000);

  it('keeps sheet names as Excel allows them', () => {
    expect(sheetName('a/b?c*d[e]f:g\\h')).toBe('a b c d e f g h');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
    expect(sheetName(' ')).toBe('Sheet');
  });
});
