import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';
import { openWithLibreOffice, pdfText, itWithOffice } from '../../../test/office.js';

// The reports as people open them: the XLSX through LibreOffice (its first sheet, the norms, as
// Calc reads it), the PDF through pdftotext. Judged on 20 November 2026 (a Friday).
describe.each(testDatabases())('compliance report and annual review on $name', ({ open }) => {
  let clock = new Date('2026-10-01T09:00:00Z');
  const ctx = useTestApp(open, { now: () => clock });
  let director: Record<string, string>;
  let editor: Record<string, string>;
  let stranger: Record<string, string>;
  let regionId: string;
  let plantId: string;
  let otherId: string;

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: object) =>
    ctx.app.inject({ method, url: `/api${url}`, headers, ...(payload && { payload }) });

  beforeAll(async () => {
    regionId = (await createOrg(ctx.database, { kind: 'union_territorial', name: 'Областная организация профсоюза', members: 12_000 })).id;
    plantId = (await createOrg(ctx.database, { kind: 'union_primary', parentId: regionId, name: 'Профком завода «Прогресс»', members: 640 })).id;
    otherId = (await createOrg(ctx.database, { kind: 'union_territorial', name: 'Другая организация' })).id;
    const d = await createUser(ctx.database, 'director@reports.test', { name: 'Пётр Директоров' });
    const e = await createUser(ctx.database, 'editor@reports.test', { name: 'Ева Редакторова' });
    const s = await createUser(ctx.database, 'stranger@reports.test');
    const r = await createUser(ctx.database, 'region-editor@reports.test');
    await addMember(ctx.database, r.id, regionId, 'editor');
    const regionEditor = await login(ctx.app, 'region-editor@reports.test');
    await addMember(ctx.database, d.id, regionId, 'director');
    await addMember(ctx.database, e.id, plantId, 'editor');
    await addMember(ctx.database, s.id, otherId, 'director');
    director = await login(ctx.app, 'director@reports.test');
    editor = await login(ctx.app, 'editor@reports.test');
    stranger = await login(ctx.app, 'stranger@reports.test');
    await ctx.database.db.updateTable('organisations').set({ figures: JSON.stringify({ info_budget_percent: 3.5, solidarnost_copies: 4 }) as never }).where('id', '=', plantId).execute();

    expect((await call('POST', `/orgs/${regionId}/norms`, regionEditor, { id: 'posts', min: 2, per: 'week', kinds: ['post'], title: 'Посты два раза в неделю' })).statusCode).toBe(201);
    expect((await call('POST', `/orgs/${regionId}/norms`, regionEditor, { id: 'events', min: 1, per: 'month', kinds: ['public_event'], title: 'Мероприятие в месяц' })).statusCode).toBe(201);
    const vk = (await call('POST', `/orgs/${plantId}/channels`, editor, { type: 'vk', name: 'Группа ВК профкома' })).json().id;

    clock = new Date('2026-11-20T09:00:00Z');
    const post = (at: string, extra: object = {}) => call('POST', `/orgs/${plantId}/items`, editor, { kind: 'post', title: `Пост ${at}`, at, channelIds: [vk], ...extra });
    for (const at of ['2026-11-02', '2026-11-04']) {
      expect((await post(at, { status: 'published', url: `https://vk.com/wall-1_${at}`, views: 500, likes: 20, reposts: 3, comments: 2 })).statusCode).toBe(201);
    }
    expect((await post('2026-11-11', { status: 'published', views: 100 })).statusCode).toBe(201);
    expect((await post('2026-11-18', { title: 'Пост о коллективном договоре' })).statusCode).toBe(201);
    const exemption = await call('POST', `/orgs/${plantId}/exemptions`, director, { normKey: 'posts', from: '2026-11-09', to: '2026-11-15', reason: 'Ремонт помещения профкома' });
    expect(exemption.statusCode).toBe(201);
    const events = (await call('GET', `/orgs/${plantId}/norms`, director)).json().norms.find((n: { key: string }) => n.key === 'events');
    const waived = await call('POST', `/orgs/${plantId}/norms/events/adjust`, director, { enabled: false, reason: 'Мероприятия перенесены на весну', version: events.version });
    expect(waived.statusCode).toBe(200);
  });

  const report = (orgId: string, query: string, headers = director) => call('GET', `/orgs/${orgId}/reports/compliance?${query}`, headers);

  itWithOffice('writes the compliance report as an XLSX that LibreOffice opens with Russian headings, statuses, numbers, exemptions and waivers', async () => {
    const response = await report(regionId, 'from=2026-11-01&to=2026-11-30&format=xlsx');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toBe('attachment; filename="compliance-2026-11-01-2026-11-30.xlsx"');
    const rows = await openWithLibreOffice(response.rawPayload, 'xlsx');
    expect(rows[0]![0]).toBe('Отчёт о соблюдении нормативов информирования');
    expect(rows[1]![0]).toBe('Организация: Областная организация профсоюза (и подчинённые)');
    expect(rows[2]![0]).toBe('Период: 01.11.2026 — 30.11.2026');
    const heading = rows.findIndex((r) => r[0] === 'Организация');
    expect(rows[heading]).toEqual(['Организация', 'Норматив', 'Канал', 'Начало периода', 'Конец периода', 'Статус', 'Факт', 'Подтверждено', 'Требуется', 'Запланировано', 'Просрочено', 'Освобождение (причина)', 'Отмена / послабление']);
    const plant = rows.slice(heading + 1).filter((r) => r[0] === 'Профком завода «Прогресс»');
    const week = (start: string) => plant.find((r) => r[3] === start)!;
    // 2–8 November: two posts published, both with a link.
    expect(week('02.11.2026').slice(1, 11)).toEqual(['Посты два раза в неделю (posts)', '', '02.11.2026', '08.11.2026', 'выполнено', '2', '2', '2', '0', '0']);
    expect(week('26.10.2026')[5]).toBe('не выполнено');
    // 9–15 November: exempt, with the reason.
    expect(week('09.11.2026')[5]).toBe('освобождено');
    expect(week('09.11.2026')[11]).toBe('Ремонт помещения профкома');
    // 16–22 November (this week): one post planned for the 18th, now overdue.
    expect(week('16.11.2026').slice(5, 11)).toEqual(['под угрозой', '0', '0', '2', '0', '1']);
    // The waived monthly norm has one line at the plant, saying who waived it and why; the region still judges it.
    expect(plant.filter((r) => r[1] === 'Мероприятие в месяц (events)')).toEqual([
      ['Профком завода «Прогресс»', 'Мероприятие в месяц (events)', '', '', '', 'отменён', '', '', '', '', '', '', 'отменён в «Профком завода «Прогресс»» (Пётр Директоров, 20.11.2026 09:00 UTC): Мероприятия перенесены на весну'],
    ]);
    expect(rows.some((r) => r[0] === 'Областная организация профсоюза' && r[1] === 'Мероприятие в месяц (events)' && r[5] === 'под угрозой')).toBe(true);
  });

  it('writes the waivers and the totals with the share series on their own sheets', async () => {
    const response = await report(regionId, 'from=2026-11-01&to=2026-11-30&format=xlsx');
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Нормативы', 'Материалы', 'Разосланные материалы', 'Отмены и послабления', 'Итоги']);
    const waivers = book.getWorksheet('Отмены и послабления')!;
    // exceljs counts cells from 1: index 0 of `values` is a hole.
    expect((waivers.getRow(2).values as unknown[]).slice(1)).toEqual(['Профком завода «Прогресс»', 'events', 'да', 'Профком завода «Прогресс»', 'Пётр Директоров', new Date('2026-11-20T09:00:00Z'), 'Мероприятия перенесены на весну']);
    const items = book.getWorksheet('Материалы')!;
    const titles = items.getSheetValues().slice(2).map((r) => (r as unknown[])[3]);
    // Done items with evidence and overdue ones: the post of the 11th has neither link nor file.
    expect(titles).toEqual(['Пост 2026-11-02', 'Пост 2026-11-04', 'Пост о коллективном договоре']);
    expect((items.getRow(2).values as unknown[])[7]).toBe('https://vk.com/wall-1_2026-11-02');
    expect((items.getRow(4).values as unknown[])[6]).toBe('да');
    const totals = book.getWorksheet('Итоги')!;
    const byLabel = new Map(totals.getSheetValues().flatMap((r) => (Array.isArray(r) ? [[r[1], r.slice(2)] as const] : [])));
    expect(byLabel.get('Организаций')).toEqual([2]);
    expect(byLabel.get('Просроченных материалов')).toEqual([1]);
    expect(byLabel.get('Организаций с отменёнными или ослабленными нормативами')).toEqual([1]);
    expect(byLabel.get('Доля выполненных нормативов по неделям')).toBeDefined();
    // The week of 2–8 November: the region's and the plant's posts rows (the region has no items).
    expect(byLabel.get('02.11.2026 — 08.11.2026')).toEqual([2, 1, 0.5]);
  });

  itWithOffice('writes the compliance report as a PDF with the organisations in Cyrillic, the totals and the chart', async () => {
    const response = await report(regionId, 'from=2026-11-01&to=2026-11-30&format=pdf');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    // Table cells wrap: compare with the spaces and line breaks made one space.
    const text = (await pdfText(response.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('Отчёт о соблюдении нормативов информирования');
    expect(text).toContain('Профком завода «Прогресс»');
    expect(text).toContain('Областная организация профсоюза');
    expect(text).toContain('Доля выполненных нормативов по неделям');
    expect(text).toContain('Организаций 2');
    expect(text).toContain('Ремонт помещения профкома');
    expect(text).toContain('Мероприятия перенесены на весну');
    expect(text).toContain('Пост о коллективном договоре');
  });

  itWithOffice('answers in English when asked', async () => {
    const text = await pdfText((await call('GET', `/orgs/${plantId}/reports/compliance?from=2026-11-01&to=2026-11-30&format=pdf`, { ...director, 'accept-language': 'en' })).rawPayload);
    expect(text).toContain('Compliance with the publishing norms');
    expect(text).toContain('exempt');
    const byLang = await pdfText((await call('GET', `/orgs/${plantId}/reports/compliance?from=2026-11-01&to=2026-11-30&format=pdf&lang=en`, director)).rawPayload);
    expect(byLang).toContain('Period: 2026-11-01 to 2026-11-30');
  });

  it('refuses a bad range or format naming the field, and hides other organisations', async () => {
    const reversed = await report(regionId, 'from=2026-11-30&to=2026-11-01&format=xlsx');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.details[0].path).toBe('querystring.to');
    const long = await report(regionId, 'from=2026-01-01&to=2027-01-31&format=xlsx');
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details[0].path).toBe('querystring.to');
    const format = await report(regionId, 'from=2026-11-01&to=2026-11-30&format=docx');
    expect(format.statusCode).toBe(400);
    expect(format.json().error.details[0].path).toBe('querystring.format');
    const year = await call('GET', `/orgs/${regionId}/reports/annual-review?year=1999&format=xlsx`, director);
    expect(year.statusCode).toBe(400);
    expect(year.json().error.details[0].path).toBe('querystring.year');
    expect((await report(regionId, 'from=2026-11-01&to=2026-11-30&format=xlsx', stranger)).statusCode).toBe(404);
    expect((await call('GET', `/orgs/${regionId}/reports/annual-review?year=2026&format=pdf`, stranger)).statusCode).toBe(404);
  });

  itWithOffice('writes the annual review with the indicators Ritm holds and «нет данных» for the rest', async () => {
    const response = await call('GET', `/orgs/${regionId}/reports/annual-review?year=2026&format=xlsx`, director);
    expect(response.statusCode).toBe(200);
    const rows = await openWithLibreOffice(response.rawPayload, 'xlsx');
    expect(rows[0]![0]).toBe('Ежегодный обзор информационной работы за 2026 год');
    const heading = rows.findIndex((r) => r[0] === 'Организация');
    expect(rows[heading]!.slice(0, 6)).toEqual(['Организация', 'Вид организации', 'Членов профсоюза', 'Информационная структура или работник (чел.)', 'Доля бюджета на информационную работу, %', 'Не менее 5%']);
    const plant = rows.find((r) => r[0] === 'Профком завода «Прогресс»')!;
    expect(plant.slice(1, 18)).toEqual(['первичная профсоюзная организация', '640', '1', '3.5', 'нет', '3', '1100', '40', '6', '4', '50', '1', 'vk', 'нет данных', '4', '7', plant[17]]);
    const region = rows.find((r) => r[0] === 'Областная организация профсоюза')!;
    expect(region[3]).toBe('2');
    expect(region[4]).toBe('нет данных');
    expect(region[15]).toBe('нет данных');
    expect(region[16]).toBe('120');

    const pdf = await pdfText((await call('GET', `/orgs/${regionId}/reports/annual-review?year=2026&format=pdf`, director)).rawPayload);
    expect(pdf).toContain('Ежегодный обзор информационной работы за 2026 год');
    expect(pdf).toContain('Профком завода «Прогресс»');
    expect(pdf).toContain('Экземпляров «Солидарности»');
    expect(pdf).toContain('нет данных');
  });
});
