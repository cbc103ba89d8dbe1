import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

// Media plans as offices keep them, made the way their tools make them, for the import's tests
// and its benchmark.

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A realistic plan: a title merged over the columns and a blank line, headings on row 3, a date
 * cell, an Excel serial number, «26 ноября» (no year), a date with a time, an event merged over
 * two rows, a reach computed by a formula, a hyperlink, and a totals row «Итого».
 */
export async function realisticXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Ноябрь');
  sheet.addRow(['Медиаплан ЦЗН на ноябрь 2026 года']);
  sheet.mergeCells('A1:I1');
  sheet.addRow([]);
  sheet.addRow(['№', 'Дата выхода', 'Мероприятие', 'Тема', 'Формат', 'СМИ / площадка', 'Целевая аудитория', 'Ответственный', 'Охват']);
  sheet.addRow([1, new Date(Date.UTC(2026, 10, 25)), 'Ярмарка вакансий', 'Ярмарка вакансий в ЦЗН', 'Пост', 'ВКонтакте, Telegram', 'Молодёжь', 'Анна Иванова', { formula: '1000+200', result: 1200 }]);
  sheet.addRow([2, 46352, '', 'Итоги ярмарки', 'Пресс-релиз', 'Сайт', 'молодежь', 'anna@import.test', 300]);
  sheet.addRow([3, '27 ноября', 'Встреча с выпускниками', 'Встреча с выпускниками колледжа', 'Ярмарка вакансий', '', '', '', null]);
  sheet.addRow([4, '28.11.26 10:30', '', 'Видео о профессиях', 'видео', 'ВК', 'Молодёжь; Выпускники', '', { formula: 'I4*2', result: 2400 }]);
  sheet.addRow([]);
  // «Мероприятие» merged over two rows: both rows belong to it.
  sheet.addRow([5, '2026-11-30', 'День открытых дверей', 'Анонс дня открытых дверей', 'пост', 'ВК', '', '', '']);
  sheet.addRow([6, '2026-12-01', '', 'Фотоотчёт дня открытых дверей', 'пост', { text: 'ВК', hyperlink: 'https://vk.com' }, '', '', '']);
  sheet.mergeCells('C9:C10');
  sheet.addRow(['Итого', '', '', '', '', '', '', '', { formula: 'SUM(I4:I10)', result: 3900 }]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A CSV as Russian Excel saves it: Windows-1251, `;`, CRLF. */
export function windows1251Csv(lines: readonly string[]): Buffer {
  return iconv.encode(lines.join('\r\n'), 'win1251');
}

/** A UTF-8 CSV with a BOM, separated by tabs (as copied from a sheet). */
export function bomTabCsv(lines: readonly string[]): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\n'), 'utf8')]);
}

/**
 * A zip of the given entries (deflated), built by hand so that a test can make one that unpacks
 * to far more than it weighs.
 */
export function zipOf(entries: ReadonlyArray<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const packed = deflateRawSync(data, { level: 9 });
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A plan of `rows` posts on the days from 2025-01-01 (all past, so «опубликовано» may stand), spread over the channels given, as CSV text. */
export function largePlanCsv(rows: number, channels: readonly string[]): string {
  const lines = ['Дата;Тема;Формат;Канал;Статус;Охват'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2025, 0, 1 + (i % 360)));
    const date = `${String(day.getUTCDate()).padStart(2, '0')}.${String(day.getUTCMonth() + 1).padStart(2, '0')}.${day.getUTCFullYear()}`;
    lines.push(`${date};Публикация № ${i + 1};пост;${channels[i % channels.length]};${i % 3 === 0 ? 'опубликовано' : 'запланировано'};${i * 10}`);
  }
  return lines.join('\n');
}
