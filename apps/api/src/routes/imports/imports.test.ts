import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';
import { itWithOffice } from '../../../test/office.js';
import { bomTabCsv, realisticXlsx, windows1251Csv, XLSX_TYPE, zipOf } from '../../../test/media-plan-files.js';

const SOFFICE = 'soffice';

describe.each(testDatabases())('import of media plans on $name', ({ open }) => {
  const ctx = useTestApp(open, { importMaxBytes: 1_048_576 });
  let editor: Record<string, string>;
  let viewer: Record<string, string>;
  let orgId: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    const org = await createOrg(ctx.database, { timezone: 'Europe/Moscow' });
    orgId = org.id;
    const e = await createUser(ctx.database, 'anna@import.test', { name: 'Анна Иванова' });
    const v = await createUser(ctx.database, 'viewer@import.test');
    await addMember(ctx.database, e.id, orgId, 'editor');
    await addMember(ctx.database, v.id, orgId, 'viewer');
    editor = await login(ctx.app, 'anna@import.test');
    viewer = await login(ctx.app, 'viewer@import.test');
    const make = async (what: string, payload: object) =>
      (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/${what}`, headers: editor, payload })).json().id as string;
    ids = {
      anna: e.id,
      vk: await make('channels', { type: 'vk', name: 'ВКонтакте', url: 'https://vk.com/czn' }),
      tg: await make('channels', { type: 'telegram', name: 'Telegram', url: 'https://t.me/czn' }),
      site: await make('channels', { type: 'website', name: 'Сайт', url: 'https://czn.ru' }),
      young: await make('audiences', { name: 'Молодёжь' }),
      graduates: await make('audiences', { name: 'Выпускники' }),
    };
    // «ВК» as people write it: a second name would be a second channel, so the plan uses the full one below.
  });

  const upload = (file: Buffer, options: { type?: string; dryRun?: boolean; mapping?: object; headers?: Record<string, string>; lang?: string } = {}) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/orgs/${orgId}/imports?dryRun=${options.dryRun ?? true}${options.mapping ? `&mapping=${encodeURIComponent(JSON.stringify(options.mapping))}` : ''}`,
      headers: { ...(options.headers ?? editor), 'content-type': options.type ?? XLSX_TYPE, 'accept-language': options.lang ?? 'en' },
      payload: file,
    });
  const itemsBetween = async (from: string, to: string) =>
    (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?from=${from}&to=${to}`, headers: { ...editor, 'cache-control': 'no-cache' } })).json().items as Array<Record<string, unknown>>;

  it('previews a realistic XLSX (title row, headings on row 3, merged cells, formulas, serial and Russian dates, a totals row) without writing', async () => {
    const response = await upload(await realisticXlsx());
    // «ВК» is not in the catalogue: the preview names each such cell and writes nothing.
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.error.code).toBe('import_invalid');
    expect(body.errors.map((e: { row: number; column: string; code: string }) => `${e.row} ${e.column} ${e.code}`)).toEqual([
      '7 F (СМИ / площадка) unknown_channel',
      '9 F (СМИ / площадка) unknown_channel',
      '10 F (СМИ / площадка) unknown_channel',
    ]);
    expect(body.errors[0].message).toBe('no channel "ВК" in the organisation\'s catalogue');
    expect(await itemsBetween('2026-11-01', '2026-12-31')).toEqual([]);
  });

  it('imports it once the names are the catalogue’s, and a second import changes nothing', async () => {
    const mapping = { columns: {}, formats: { 'ярмарка вакансий': 'public_event' } };
    await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels`, headers: editor, payload: { type: 'vk', name: 'ВК', url: 'https://vk.com/czn2' } });
    const preview = await upload(await realisticXlsx(), { mapping });
    expect(preview.statusCode, preview.body).toBe(200);
    const body = preview.json();
    expect(body).toMatchObject({ dryRun: true, created: 6, updated: 0, unchanged: 0, errors: [], unmapped: [] });
    expect(body.rows.map((r: { row: number; action: string }) => `${r.row}:${r.action}`)).toEqual(['4:create', '5:create', '6:create', '7:create', '9:create', '10:create']);
    expect(body.rows[0].item).toMatchObject({ kind: 'post', title: 'Ярмарка вакансий в ЦЗН', at: '2026-11-25', views: 1200, newsHook: 'Ярмарка вакансий', channelIds: [ids.vk, ids.tg], audienceIds: [ids.young], responsibleId: ids.anna });
    expect(body.rows[1].item).toMatchObject({ kind: 'press_release', at: '2026-11-26', responsibleId: ids.anna, audienceIds: [ids.young] });
    expect(body.rows[2].item).toMatchObject({ kind: 'public_event', at: '2026-11-27', title: 'Встреча с выпускниками колледжа' });
    expect(body.rows[3].item).toMatchObject({ kind: 'video', at: '2026-11-28T07:30:00.000Z', views: 2400, audienceIds: [ids.young, ids.graduates] });
    // The merged «Мероприятие» belongs to both rows.
    expect(body.rows[5].item).toMatchObject({ newsHook: 'День открытых дверей', at: '2026-12-01' });
    expect(body.formats).toContainEqual({ format: 'Ярмарка вакансий', kind: 'public_event' });

    const written = await upload(await realisticXlsx(), { mapping, dryRun: false });
    expect(written.statusCode, written.body).toBe(200);
    expect(written.json()).toMatchObject({ dryRun: false, created: 6, updated: 0, unchanged: 0 });
    const items = await itemsBetween('2026-11-01', '2026-12-31');
    expect(items).toHaveLength(6);
    expect(items.map((i) => i.localDay)).toEqual(['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-30', '2026-12-01']);

    // The mapping is remembered: the same file imports again without it, and changes nothing.
    const again = await upload(await realisticXlsx(), { dryRun: false });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    expect(await itemsBetween('2026-11-01', '2026-12-31')).toEqual(items);
    const mappingNow = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/imports/mapping`, headers: editor });
    expect(mappingNow.json()).toEqual({ columns: {}, formats: { 'ярмарка вакансий': 'public_event' } });

    const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'after']).where('entity', '=', 'import').execute();
    expect(audit.map((a) => a.after)).toEqual([
      expect.objectContaining({ created: 6, updated: 0, unchanged: 0, rows: 6 }),
      expect.objectContaining({ created: 0, updated: 0, unchanged: 6 }),
    ]);
  });

  it('reads a Windows-1251 CSV with «;», updates changed rows only, and names a new format for mapping', async () => {
    const lines = ['Дата;Тема;Формат;Канал;Статус;Ссылка;Бюджет', '25.11.2026;Ярмарка вакансий в ЦЗН;пост;ВКонтакте, Telegram;опубликовано;https://vk.com/wall-1_1;0'];
    const response = await upload(windows1251Csv(lines), { type: 'text/csv', dryRun: false });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(response.json().rows[0]).toMatchObject({ action: 'update', changed: ['status', 'format', 'url'] });
    expect(response.json().unmapped).toEqual([{ sheet: 'CSV', column: 'G', heading: 'Бюджет', suggestions: [] }]);
    const [item] = await itemsBetween('2026-11-25', '2026-11-25');
    // The responsible, the audiences and the reach the file does not have stay as they were.
    expect(item).toMatchObject({ status: 'published', url: 'https://vk.com/wall-1_1', responsibleId: ids.anna, audienceIds: [ids.young], views: 1200 });
  });

  it('reads a UTF-8 CSV with a BOM and tabs, and a column mapped by the caller', async () => {
    const lines = ['Когда\tЧто\tЖанр', '03.12.2026\tЛонгрид о коллективном договоре\tлонгрид'];
    const unmapped = await upload(bomTabCsv(lines), { type: 'text/csv' });
    expect(unmapped.statusCode).toBe(422);
    expect(unmapped.json().unmapped).toEqual([{ sheet: 'CSV', column: 'B', heading: 'Что', suggestions: [] }]);
    // «Жанр» is a spelling of «Формат»; «лонгрид» is no known format yet.
    expect(unmapped.json().errors.map((e: { code: string }) => e.code)).toEqual(['title_missing', 'unknown_format']);
    const mapped = await upload(bomTabCsv(lines), { type: 'text/csv', mapping: { columns: { Что: 'title' }, formats: { Лонгрид: 'publication' } } });
    expect(mapped.statusCode, mapped.body).toBe(200);
    expect(mapped.json().rows[0].item).toEqual({ at: '2026-12-03', title: 'Лонгрид о коллективном договоре', format: 'лонгрид', kind: 'publication' });
  });

  itWithOffice('reads an XLSX LibreOffice made from a CSV', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-import-'));
    try {
      fs.writeFileSync(path.join(dir, 'plan.csv'), 'Дата,Тема,Формат,Канал\n2026-12-05,Совещание по занятости,совещание,\n2026-12-06,Пост о вакансиях,пост,Telegram\n');
      execFileSync(SOFFICE, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--infilter=CSV:44,34,76', '--convert-to', 'xlsx', '--outdir', dir, path.join(dir, 'plan.csv')], { stdio: 'ignore', timeout: 120_000 });
      const response = await upload(fs.readFileSync(path.join(dir, 'plan.xlsx')));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().rows.map((r: { item: object }) => r.item)).toEqual([
        { at: '2026-12-05', title: 'Совещание по занятости', format: 'совещание', kind: 'meeting', channelIds: [] },
        { at: '2026-12-06', title: 'Пост о вакансиях', format: 'пост', kind: 'post', channelIds: [ids.tg] },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  itWithOffice('names a cell whose formula failed in a workbook LibreOffice saved, by its error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-import-'));
    try {
      // A flat OpenDocument sheet with formulas and no cached results: LibreOffice works them out.
      const cell = (text: string) => `<table:table-cell office:value-type="string"><text:p>${text}</text:p></table:table-cell>`;
      const formula = (f: string) => `<table:table-cell table:formula="of:${f}"/>`;
      const row = (...cells: string[]) => `<table:table-row>${cells.join('')}</table:table-row>`;
      fs.writeFileSync(
        path.join(dir, 'plan.fods'),
        `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet><table:table table:name="План">
${row(cell('Дата'), cell('Тема'), cell('Формат'), cell('Охват'))}
${row(cell('2026-12-05'), cell('Пост о вакансиях'), cell('пост'), formula('=1/0'))}
${row(cell('2026-12-06'), formula('=VLOOKUP(&quot;нет&quot;;[.B1:.B2];1;0)'), cell('пост'), cell('12'))}
</table:table></office:spreadsheet></office:body></office:document>`,
      );
      execFileSync(SOFFICE, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'xlsx', '--outdir', dir, path.join(dir, 'plan.fods')], { stdio: 'ignore', timeout: 120_000 });
      const response = await upload(fs.readFileSync(path.join(dir, 'plan.xlsx')), { lang: 'ru' });
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().errors).toEqual([
        { sheet: 'План', row: 2, column: 'D (Охват)', field: 'views', code: 'formula_error', message: 'в ячейке ошибка формулы #DIV/0!: исправьте её в файле' },
        { sheet: 'План', row: 3, column: 'B (Тема)', field: 'title', code: 'formula_error', message: 'в ячейке ошибка формулы #N/A: исправьте её в файле' },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it('reads an error an XLSX keeps in a cell, with or without its formula', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Лист1');
    sheet.addRow(['Дата', 'Тема', 'Формат']);
    sheet.addRow(['05.12.2026', { formula: 'Лист2!A1', result: { error: '#REF!' } }, 'пост']);
    sheet.addRow([{ error: '#NAME?' }, 'Пост', 'пост']);
    const response = await upload(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().errors.map((e: { row: number; column: string; message: string }) => `${e.row} ${e.column} ${e.message}`)).toEqual([
      '2 B (Тема) the cell shows the formula error #REF!: fix it in the file',
      '3 A (Дата) the cell shows the formula error #NAME?: fix it in the file',
    ]);
  });

  it('reads a formula error a sheet saved as CSV as that error, and a guarded one as text', async () => {
    const csv = Buffer.from('Дата;Тема;Формат\n#REF!;Пост о ярмарке;пост\n05.12.2026;\'#N/A;пост\n');
    const response = await upload(csv, { type: 'text/csv' });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().errors.map((e: { row: number; code: string }) => `${e.row} ${e.code}`)).toEqual(['2 formula_error']);
    expect(response.json().rows.find((r: { row: number }) => r.row === 3).item).toMatchObject({ title: '#N/A' });
  });

  it('names a heading whose formula failed, in a workbook and in a CSV, and writes nothing', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Лист1');
    sheet.addRow(['Дата', 'Тема', { formula: 'Шаблон!C1', result: { error: '#REF!' } }, 'Формат']);
    sheet.addRow(['07.12.2026', 'Пост о субботнике', 'ВКонтакте', 'пост']);
    const xlsx = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), { dryRun: false, lang: 'ru' });
    expect(xlsx.statusCode, xlsx.body).toBe(422);
    expect(xlsx.json().errors).toEqual([{ sheet: 'Лист1', row: 1, column: 'C (#REF!)', code: 'formula_error', message: 'в ячейке ошибка формулы #REF!: исправьте её в файле' }]);
    // Not offered for mapping: no mapping could name it.
    expect(xlsx.json().unmapped).toEqual([]);
    expect(xlsx.json().sheets[0].columns).toContainEqual({ column: 'C', heading: '#REF!', field: null });
    expect(await itemsBetween('2026-12-07', '2026-12-07')).toEqual([]);

    const csv = await upload(Buffer.from('Дата;Тема;#N/A;Формат\n07.12.2026;Пост о субботнике;;пост\n'), { type: 'text/csv' });
    expect(csv.statusCode, csv.body).toBe(422);
    expect(csv.json().errors).toEqual([{ sheet: 'CSV', row: 1, column: 'C (#N/A)', code: 'formula_error', message: 'the cell shows the formula error #N/A: fix it in the file' }]);
  });

  it('reads a UTF-8 CSV with a few bytes that are not UTF-8 as UTF-8, names each such cell, headings too, and writes nothing', async () => {
    // «Примечание» cut inside its «я», and «ярмарке» missing half of its «а».
    const file = Buffer.concat([
      Buffer.from('Дата;Тема;Формат;Примечани'),
      Buffer.from([0xd1]),
      Buffer.from('\r\n08.12.2026;Пост о ярм'),
      Buffer.from([0xd0]),
      Buffer.from('рке;пост;\r\n09.12.2026;Итоги ярмарки;пост;Всё в порядке\r\n'),
    ]);
    const response = await upload(file, { type: 'text/csv', dryRun: false });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().errors).toEqual([
      { sheet: 'CSV', row: 1, column: 'D (Примечани\uFFFD)', code: 'encoding', message: 'the cell holds bytes that are not valid UTF-8 (shown as "�": "Примечани\uFFFD"): save the file again as UTF-8' },
      { sheet: 'CSV', row: 2, column: 'B (Тема)', field: 'title', code: 'encoding', message: 'the cell holds bytes that are not valid UTF-8 (shown as "�": "Пост о ярм\uFFFDрке"): save the file again as UTF-8' },
    ]);
    // The rest of the file reads as the UTF-8 it is.
    expect(response.json().rows).toEqual([
      { sheet: 'CSV', row: 2, action: 'error' },
      { sheet: 'CSV', row: 3, action: 'create', item: { at: '2026-12-09', title: 'Итоги ярмарки', format: 'пост', kind: 'post' } },
    ]);
    expect(response.json().unmapped).toEqual([]);
    expect(await itemsBetween('2026-12-08', '2026-12-09')).toEqual([]);
    const ru = await upload(file, { type: 'text/csv', lang: 'ru' });
    expect(ru.json().errors[1].message).toBe('в ячейке байты не в кодировке UTF-8 (на их месте «�»: «Пост о ярм\uFFFDрке»): сохраните файл заново в UTF-8');
  });

  it('still reads a Windows-1251 CSV with a few Cyrillic letters as Windows-1251, and ASCII as it is', async () => {
    const few = await upload(windows1251Csv(['Date;Title;Format', '10.12.2026;Пост;post']), { type: 'text/csv' });
    expect(few.statusCode, few.body).toBe(200);
    expect(few.json().rows[0].item).toEqual({ at: '2026-12-10', title: 'Пост', format: 'post', kind: 'post' });
    // Capitals before «»» are valid UTF-8 pairs in Windows-1251 (Р» is «л»): still too few to count.
    const capitals = await upload(windows1251Csv(['Date;Title;Format', '10.12.2026;«ЦЗН» и «ВК»;post']), { type: 'text/csv' });
    expect(capitals.json().rows[0].item).toMatchObject({ title: '«ЦЗН» и «ВК»' });
    const ascii = await upload(Buffer.from('Date;Title;Format\n10.12.2026;Job fair;post\n'), { type: 'text/csv' });
    expect(ascii.json().rows[0].item).toMatchObject({ title: 'Job fair' });
  });

  it('writes nothing when any row has a problem (422), in the caller’s language', async () => {
    const lines = ['Дата;Тема;Формат', '10.12.2026;Хороший пост;пост', '31.02.2026;Плохая дата;пост'];
    const response = await upload(windows1251Csv(lines), { type: 'text/csv', dryRun: false, lang: 'ru' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([{ sheet: 'CSV', row: 3, column: 'A (Дата)', field: 'at', code: 'not_a_date', message: '«31.02.2026» — не дата (например 25.11.2026 или 25 ноября)' }]);
    expect(response.json().error.message).toBe('В файле есть ошибки; ничего не импортировано');
    expect(await itemsBetween('2026-12-10', '2026-12-10')).toEqual([]);
  });

  it('shows a row marked published on a day still to come in the preview, naming its status cell', async () => {
    const lines = ['Дата;Тема;Формат;Статус', '20.11.2026;Пост о ярмарке;пост;опубликовано', '01.12.2099;Пост из будущего;пост;опубликовано'];
    const response = await upload(windows1251Csv(lines), { type: 'text/csv', dryRun: true, lang: 'en' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ sheet: 'CSV', row: 3, column: 'D (Статус)', field: 'status', code: 'item_invalid', message: expect.stringContaining('cannot be published or held yet') }),
    ]);
  });

  it.each([
    ['a text file', Buffer.from('Просто заметки о планах\nбез всякой таблицы\n'), 'text/plain', 415, 'not_a_spreadsheet'],
    ['a PDF', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100)]), 'application/pdf', 415, 'not_a_spreadsheet'],
    ['an encrypted XLSX or an old .xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), XLSX_TYPE, 415, 'import_encrypted_or_xls'],
    ['a zip that is no workbook', zipOf([{ name: 'word/document.xml', data: Buffer.from('<w/>') }]), XLSX_TYPE, 415, 'not_a_spreadsheet'],
    // Found by a probe: nothing sent was «not a spreadsheet».
    ['an empty file', Buffer.alloc(0), XLSX_TYPE, 400, 'validation'],
  ])('refuses %s clearly', async (_what, file, type, status, code) => {
    const response = await upload(file, { type: type === 'text/plain' ? 'application/octet-stream' : type });
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
  });

  it('refuses a zip bomb by the sizes it declares, before unpacking it', async () => {
    const bomb = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(101 * 1_048_576, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(1_048_576);
    const response = await upload(bomb);
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toEqual({ code: 'import_unpacks_too_large', message: 'The file unpacks to more than 100 MB; that is no media plan' });
  });

  it('refuses a file over the limit (RITM_IMPORT_MAX_MB) and one with too many rows', async () => {
    const big = await upload(Buffer.alloc(1_048_577, 0x41), { type: 'text/csv' });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toEqual({ code: 'too_large', message: 'The file is larger than 1 MB' });
    const rows = ['Дата;Тема;Формат', ...Array.from({ length: 50_001 }, () => '1;2;3')].join('\n');
    const many = await upload(Buffer.from(rows), { type: 'text/csv' });
    expect(many.statusCode).toBe(413);
    expect(many.json().error.code).toBe('import_too_many_rows');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Много').addRows([['Дата', 'Тема', 'Формат'], ...Array.from({ length: 50_001 }, () => [1, 2, 3])]);
    const manyXlsx = await upload(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(manyXlsx.statusCode).toBe(413);
    expect(manyXlsx.json().error).toEqual({ code: 'import_too_many_rows', message: 'The file has more than 50000 rows; split it' });
  });

  it('quotes a long value merged over many rows cut, its heading too, in a modest answer', async () => {
    // Found by a probe: 32,000 characters merged over 2,000 rows made an answer of 64 MB.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Лист1');
    const heading = `Канал ${'размещения '.repeat(50)}`;
    sheet.addRow(['Дата', 'Тема', 'Формат', heading]);
    for (let i = 0; i < 400; i++) sheet.addRow(['10.12.2026', `Пост ${i}`, 'пост', i === 0 ? 'Ж'.repeat(5000) : null]);
    sheet.mergeCells('D2:D401');
    const response = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), { lang: 'ru' });
    expect(response.statusCode).toBe(422);
    expect(response.body.length).toBeLessThan(400_000);
    const errors = response.json().errors as Array<{ column: string; code: string; message: string }>;
    expect(errors).toHaveLength(400);
    expect(errors[0]).toMatchObject({ code: 'unknown_channel', column: `D (${heading.trim().slice(0, 200)}…)`, message: `канала «${'Ж'.repeat(200)}…» нет в справочнике организации` });
  });

  it('lists the first 1,000 problems and counts the rest', async () => {
    const lines = ['Дата;Тема;Формат', ...Array.from({ length: 1200 }, (_, i) => `31.02.2026;Пост ${i};пост`)];
    const response = await upload(Buffer.from(lines.join('\n')), { type: 'text/csv' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toHaveLength(1000);
    expect(response.json().errorsLeftOut).toBe(200);
    const few = await upload(Buffer.from('Дата;Тема;Формат\n31.02.2026;Пост;пост\n'), { type: 'text/csv' });
    expect(few.json()).not.toHaveProperty('errorsLeftOut');
  });

  it('names the product’s range for a date outside it, in the caller’s language', async () => {
    const csv = Buffer.from('Дата;Тема;Формат\n01.01.9999;Пост из будущего;пост\n');
    const en = await upload(csv, { type: 'text/csv' });
    expect(en.statusCode).toBe(422);
    expect(en.json().errors).toEqual([
      { sheet: 'CSV', row: 2, column: 'A (Дата)', field: 'at', code: 'outside_product_range', message: '"01.01.9999" is a date outside the range the product works in, 2000-01-01 … 2100-12-31' },
    ]);
    const ru = await upload(csv, { type: 'text/csv', lang: 'ru' });
    expect(ru.json().errors[0].message).toBe('«01.01.9999» — дата вне диапазона, с которым работает Ритм: 2000-01-01 … 2100-12-31');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Лист1').addRows([
      ['Дата', 'Тема', 'Формат'],
      [new Date(Date.UTC(1899, 11, 31)), 'Пост из прошлого', 'пост'],
      [new Date(Date.UTC(9999, 0, 1)), 'Пост из будущего', 'пост'],
    ]);
    const xlsx = await upload(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(xlsx.json().errors.map((e: { code: string }) => e.code)).toEqual(['outside_product_range', 'outside_product_range']);
  });

  it('reads Excel’s «Текст Юникод» (UTF-16), and names the line of a NUL byte', async () => {
    const text = 'Дата\tТема\tФормат\r\n11.12.2026\tПост о ярмарке\tпост\r\n';
    const utf16 = await upload(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), { type: 'text/csv' });
    expect(utf16.statusCode, utf16.body).toBe(200);
    expect(utf16.json().rows[0].item).toEqual({ at: '2026-12-11', title: 'Пост о ярмарке', format: 'пост', kind: 'post' });
    const nul = Buffer.concat([Buffer.from('Дата;Тема;Формат\n11.12.2026;Пост'), Buffer.from([0]), Buffer.from(';пост\n')]);
    const en = await upload(nul, { type: 'text/csv' });
    expect(en.statusCode).toBe(415);
    expect(en.json().error).toEqual({ code: 'import_nul_byte', message: expect.stringMatching(/^Line 2 of the file holds a NUL \(zero\) byte/) });
    expect((await upload(nul, { type: 'text/csv', lang: 'ru' })).json().error.message).toMatch(/^В строке 2 файла есть нулевой байт \(NUL\)/);
  });

  it('refuses a sheet too wide by its name, a stray far cell included, and offers nothing for a paragraph of a heading', async () => {
    const wide = await upload(Buffer.from(`Дата;Тема;Формат;${Array.from({ length: 600 }, (_, i) => `Столбец ${i}`).join(';')}\n`), { type: 'text/csv', lang: 'ru' });
    expect(wide.statusCode).toBe(413);
    expect(wide.json().error).toEqual({ code: 'import_too_many_columns', message: 'На листе «CSV» заполнены столбцы до WE, а лист может иметь не больше 500 столбцов; удалите лишние столбцы или случайные значения справа' });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Ноябрь');
    sheet.addRows([['Дата', 'Тема', 'Формат'], ['11.12.2026', 'Пост', 'пост']]);
    sheet.getCell('XFD1048576').value = 'x';
    const stray = await upload(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(stray.statusCode).toBe(413);
    expect(stray.json().error).toEqual({ code: 'import_too_many_columns', message: 'Sheet "Ноябрь" has values as far as column XFD; a sheet may have at most 500 columns: delete the extra columns or the stray values on the right' });
    const started = performance.now();
    const long = await upload(Buffer.from(`Дата;Тема;Формат;${'Ж'.repeat(50_000)}\n11.12.2026;Пост;пост;\n`), { type: 'text/csv' });
    expect(long.statusCode, long.body).toBe(200);
    expect(long.json().unmapped).toEqual([{ sheet: 'CSV', column: 'D', heading: 'Ж'.repeat(50_000), suggestions: [] }]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('answers a sheet without headings with 422, naming it', async () => {
    const response = await upload(Buffer.from('Бюджет;Сумма\n1;2\n'), { type: 'text/csv' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ code: 'no_headings', sheet: 'CSV' })]);
  });

  it('keeps the cross-site defence: a cookie upload from another origin or as a form type is refused', async () => {
    const csv = Buffer.from('Дата;Тема;Формат\n10.12.2026;Пост;пост\n');
    const crossSite = await upload(csv, { type: 'text/csv', headers: { ...editor, origin: 'https://evil.example', host: 'ritm.example' } });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error.code).toBe('cross_origin');
    const form = await upload(csv, { type: 'text/plain' });
    expect(form.statusCode).toBe(415);
    const sameSite = await upload(csv, { type: 'text/csv', headers: { ...editor, origin: 'https://ritm.example', host: 'ritm.example' } });
    expect(sameSite.statusCode, sameSite.body).toBe(200);
  });

  it('lets only those who may edit items import or change the mapping', async () => {
    const csv = Buffer.from('Дата;Тема;Формат\n10.12.2026;Пост;пост\n');
    expect((await upload(csv, { type: 'text/csv', headers: viewer })).statusCode).toBe(403);
    const put = await ctx.app.inject({ method: 'PUT', url: `/api/orgs/${orgId}/imports/mapping`, headers: viewer, payload: { columns: {}, formats: {} } });
    expect(put.statusCode).toBe(403);
    const bad = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/imports?mapping=${encodeURIComponent('{"columns":{"x":"budget"},"formats":{}}')}`, headers: { ...editor, 'content-type': 'text/csv' }, payload: csv });
    expect(bad.statusCode).toBe(400);
  });

  it('names what is wrong inside a mapping, and where it was sent', async () => {
    const csv = Buffer.from('Дата;Тема;Формат\n10.12.2026;Пост;пост\n');
    const post = (mapping: string, lang = 'ru') =>
      ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/imports?mapping=${encodeURIComponent(mapping)}`, headers: { ...editor, 'content-type': 'text/csv', 'accept-language': lang }, payload: csv });
    const broken = await post('{"columns":', 'en');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.details).toEqual([{ path: 'querystring.mapping', message: 'is not valid JSON' }]);
    const field = await post('{"columns":{"Бюджет":"budget"},"formats":{}}', 'en');
    expect(field.statusCode).toBe(400);
    expect(field.json().error.details).toEqual([{ path: 'querystring.mapping.columns.Бюджет', message: expect.stringMatching(/^must be one of: number, at, /) }]);
    const missing = await post('{"columns":{}}', 'en');
    expect(missing.json().error.details).toEqual([{ path: 'querystring.mapping.formats', message: 'is required' }]);
    const clash = await post('{"columns":{"Бюджет:":null,"бюджет":"notes","—":"notes"},"formats":{}}');
    expect(clash.statusCode).toBe(400);
    expect(clash.json().error.details).toEqual([
      { path: 'querystring.mapping.columns.бюджет', message: 'то же, что «Бюджет:», но сопоставлено иначе: укажите одно' },
      { path: 'querystring.mapping.columns.—', message: 'заголовок без единого слова: с ним не совпадёт ни один столбец' },
    ]);
    // Nothing was remembered from a refused mapping.
    const remembered = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/imports/mapping`, headers: editor });
    expect(Object.keys(remembered.json().columns)).not.toContain('бюджет');
    const put = await ctx.app.inject({ method: 'PUT', url: `/api/orgs/${orgId}/imports/mapping`, headers: { ...editor, 'accept-language': 'en' }, payload: { columns: {}, formats: { 'Лонгрид': 'article', 'лонгрид!': 'post' } } });
    expect(put.statusCode).toBe(400);
    expect(put.json().error.details).toEqual([{ path: 'body.formats.лонгрид!', message: 'is the same as «Лонгрид» but mapped differently: give one' }]);
    // Keys are checked as text too (found by a probe: NUL was a 500, a longer key was stored).
    const odd = await ctx.app.inject({
      method: 'PUT',
      url: `/api/orgs/${orgId}/imports/mapping`,
      headers: { ...editor, 'accept-language': 'en', 'content-type': 'application/json' },
      payload: '{"columns":{"Что\\u0000":"title","x":null},"formats":{"\\ud800":"post"}}',
    });
    expect(odd.statusCode, odd.body).toBe(400);
    expect(odd.json().error.details.map((d: { path: string }) => d.path)).toEqual(['body.columns.Что\u0000', 'body.formats.\ud800']);
    const long = await post(JSON.stringify({ columns: { ['Б'.repeat(201)]: 'notes' }, formats: {} }), 'en');
    expect(long.json().error.details).toEqual([{ path: `querystring.mapping.columns.${'Б'.repeat(201)}`, message: 'must not have more than 200 characters' }]);
    const signs = await post(JSON.stringify({ columns: {}, formats: { '...': 'post' } }), 'en');
    expect(signs.json().error.details).toEqual([{ path: 'querystring.mapping.formats....', message: 'has no letters or digits, only signs: no format would match it' }]);
    // A key that could reach an object's prototype, refused in the query as in the body (found by a probe).
    const proto = '{"columns":{"__proto__":"title"},"formats":{}}';
    const protoBody = await ctx.app.inject({ method: 'PUT', url: `/api/orgs/${orgId}/imports/mapping`, headers: { ...editor, 'accept-language': 'en', 'content-type': 'application/json' }, payload: proto });
    expect(protoBody.json().error.details).toEqual([{ path: 'body.columns.__proto__', message: 'the key "__proto__" is refused: such a name could change the server\'s objects; rename it' }]);
    for (const [lang, words] of [
      ['en', 'the key "__proto__" is refused: such a name could change the server\'s objects; rename it'],
      ['ru', 'поле «__proto__» не принимается: такое имя могло бы изменить объекты сервера; переименуйте его'],
    ] as const) {
      const protoQuery = await post(proto, lang);
      expect(protoQuery.statusCode, protoQuery.body).toBe(400);
      expect(protoQuery.json().error.details).toEqual([{ path: 'querystring.mapping.columns.__proto__', message: words }]);
    }
    const same = await ctx.app.inject({ method: 'PUT', url: `/api/orgs/${orgId}/imports/mapping`, headers: editor, payload: { columns: { 'Охват': 'views', 'охват:': 'views' }, formats: {} } });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json().columns).toEqual({ охват: 'views' });
  });
});
