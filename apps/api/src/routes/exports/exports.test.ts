import ExcelJS from 'exceljs';
import { MEDIA_PLAN_COLUMNS } from '@ritm/domain/exchange';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';
import { openWithLibreOffice, pdfText, itWithOffice } from '../../../test/office.js';

type Headers = Record<string, string>;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADINGS = MEDIA_PLAN_COLUMNS.map((column) => column.heading);

// Export (issue 12): the items as the media plan file the importer reads — so export → import
// changes nothing — and a plan's signed form, opened with LibreOffice and poppler as people would.
describe.each(testDatabases())('export of items and plans on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let editor: Headers;
  let viewer: Headers;
  let director: Headers;
  let orgId: string;
  const call = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object) =>
    ctx.app.inject({ method, url: `/api/orgs/${orgId}${url}`, headers, ...(payload ? { payload } : {}) });
  const exported = (query: string, headers: Headers = editor) => call('GET', `/items/export?${query}`, headers);
  const upload = (file: Buffer, type: string, dryRun: boolean) =>
    ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/imports?dryRun=${dryRun}`, headers: { ...editor, 'content-type': type, 'accept-language': 'en' }, payload: file });
  const itemCount = async () =>
    ((await call('GET', '/items?from=2026-11-01&to=2026-11-30', { ...editor, 'cache-control': 'no-cache' })).json().items as unknown[]).length;

  beforeAll(async () => {
    orgId = (await createOrg(ctx.database, { kind: 'employment_center', name: 'ЦЗН «Берёзка»', timezone: 'Europe/Moscow' })).id;
    const e = await createUser(ctx.database, 'anna@export.test', { name: 'Анна Ёлкина' });
    const v = await createUser(ctx.database, 'viewer@export.test');
    const d = await createUser(ctx.database, 'director@export.test', { name: 'Пётр Директоров' });
    await addMember(ctx.database, e.id, orgId, 'editor');
    await addMember(ctx.database, v.id, orgId, 'viewer');
    await addMember(ctx.database, d.id, orgId, 'director');
    editor = await login(ctx.app, 'anna@export.test');
    viewer = await login(ctx.app, 'viewer@export.test');
    director = await login(ctx.app, 'director@export.test');
    const make = async (what: string, payload: object) => {
      const answer = await call('POST', `/${what}`, editor, payload);
      expect(answer.statusCode, answer.body).toBe(201);
      return answer.json().id as string;
    };
    const vk = await make('channels', { type: 'vk', name: 'ВКонтакте' });
    const tg = await make('channels', { type: 'telegram', name: 'Telegram' });
    const paper = await make('channels', { type: 'newspaper', name: 'Газета «Труд, мир»' });
    const young = await make('audiences', { name: 'Молодёжь' });
    const seekers = await make('audiences', { name: 'Ищущие работу' });
    const message = await make('key-messages', { text: 'Работа есть, и она рядом' });
    const item = (body: object) => make('items', body);
    await item({ kind: 'post', title: 'Ярмарка вакансий, «ёлка»; итоги', at: '2026-11-02', channelIds: [vk, tg], audienceIds: [young, seekers], keyMessageIds: [message], responsibleId: e.id, notes: 'Строка 1\nстрока 2 "в кавычках"' });
    await item({ kind: 'press_release', title: 'Пресс-релиз о ярмарке', at: '2026-11-10T07:30:00.000Z', status: 'in_progress', newsHook: '=СУММ(A1:A2)', notes: '-минус', format: 'Пресс-релиз' });
    await item({ kind: 'public_event', title: 'Встреча с выпускниками', at: '2026-11-05', status: 'held', url: 'https://czn.ru/news/1', views: 300 });
    await item({ kind: 'post', title: '@все: опрос', at: '2026-11-06T09:15:00.000Z', status: 'published', channelIds: [vk], url: 'https://vk.com/wall-1_2', views: 1200, likes: 15, reposts: 3, comments: 0, publishedAt: '2026-11-06T10:00:00.000Z' });
    // Midnight in Moscow: a timed item whose date cell alone would read as a date item.
    await item({ kind: 'post', title: 'Отменённый анонс', at: '2026-11-12T21:00:00.000Z', status: 'cancelled', channelIds: [tg] });
    await item({ kind: 'publication', title: 'Статья в газете', at: '2026-11-20', status: 'planned', channelIds: [paper], responsibleId: e.id });
  });

  it('writes the importer’s columns with real dates, a frozen heading and a file name', async () => {
    const answer = await exported('from=2026-11-01&to=2026-11-30&format=xlsx');
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.headers['content-type']).toBe(XLSX_TYPE);
    expect(answer.headers['content-disposition']).toMatch(/^attachment; filename=".*2026-11-01.*\.xlsx"; filename\*=UTF-8''%D0%9C%D0%B5%D0%B4/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.rawPayload as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADINGS);
    expect(sheet.rowCount).toBe(7);
    const row = (n: number) => Object.fromEntries(HEADINGS.map((h, i) => [h, sheet.getRow(n).getCell(i + 1).value]));
    expect(row(2)).toMatchObject({ '№': 1, Дата: new Date('2026-11-02T00:00:00Z'), Вид: 'пост', Канал: expect.stringMatching(/^(ВКонтакте; Telegram|Telegram; ВКонтакте)$/), Статус: 'запланировано', Ответственный: 'Анна Ёлкина' });
    expect(row(5)).toMatchObject({ Дата: new Date('2026-11-10T00:00:00Z'), Время: '10:30', Инфоповод: '=СУММ(A1:A2)', Статус: 'в работе', Формат: 'Пресс-релиз' });
    expect(row(4)).toMatchObject({ Время: '12:15', Статус: 'опубликовано', Опубликовано: new Date('2026-11-06T13:00:00Z'), Охват: 1200 });
    expect(row(3)).toMatchObject({ Статус: 'проведено', Вид: expect.any(String) });
  });

  it('writes CSV with a BOM, semicolons, RFC 4180 quotes and guarded formulas', async () => {
    const answer = await exported('from=2026-11-01&to=2026-11-30&format=csv');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toMatch(/\.csv"; filename\*=UTF-8''.*\.csv$/);
    const text = answer.rawPayload.toString('utf8');
    expect(text.startsWith('\ufeff№;Дата;Время;Тема;')).toBe(true);
    expect(text).toContain('"Ярмарка вакансий, «ёлка»; итоги"');
    expect(text).toContain('"Строка 1\nстрока 2 ""в кавычках"""');
    expect(text).toContain(";'=СУММ(A1:A2);");
    expect(text).toContain(";'-минус\r\n");
    expect(text).toContain(";'@все: опрос;");
    expect(text).toContain('10.11.2026;10:30;');
  });

  it.each([
    ['xlsx', XLSX_TYPE],
    ['csv', 'text/csv'],
  ])('exported as %s and imported again, changes nothing (preview and write)', async (format, type) => {
    const file = (await exported(`from=2026-11-01&to=2026-11-30&format=${format}`)).rawPayload;
    const before = await itemCount();
    for (const dryRun of [true, false]) {
      const answer = await upload(file, type, dryRun);
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.json()).toMatchObject({ dryRun, created: 0, updated: 0, unchanged: 6, errors: [] });
    }
    expect(await itemCount()).toBe(before);
  });

  itWithOffice('opens in LibreOffice Calc: headings, dates and values, XLSX and CSV alike', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const rows = await openWithLibreOffice((await exported(`from=2026-11-01&to=2026-11-30&format=${format}`)).rawPayload, format);
      expect(rows[0], format).toEqual(HEADINGS);
      const at = (heading: string, row: number) => rows[row]![HEADINGS.indexOf(heading)];
      expect(at('Дата', 1), format).toBe('02.11.2026');
      expect(at('Тема', 1), format).toBe('Ярмарка вакансий, «ёлка»; итоги');
      expect(at('Примечание', 1), format).toBe('Строка 1\nстрока 2 "в кавычках"');
      // Calc reads a CSV's 12:15 as a time and writes it in its own locale's way (12:15:00 PM).
      expect(at('Время', 3), format).toMatch(/^12:15/);
      expect(at('Охват', 3), format).toBe('1200');
      expect(rows, format).toHaveLength(7);
    }
  }, 180_000);

  it('refuses a bad format or range, and lets a viewer export', async () => {
    const bad = await exported('from=2026-11-01&to=2026-11-30&format=xls');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain('querystring.format');
    const reversed = await exported('from=2026-11-30&to=2026-11-01&format=csv');
    expect(reversed.statusCode).toBe(400);
    expect((await exported('from=2026-11-01&to=2026-11-30&format=csv', viewer)).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/export?from=2026-11-01&to=2026-11-30&format=csv` })).statusCode).toBe(401);
  });

  itWithOffice('prints a plan not approved as «ПРОЕКТ», an approved one as signed, and a changed one as «ПРОЕКТ» again', async () => {
    const created = await call('POST', '/plans', editor, { period: 'month', periodStart: '2026-11-01', title: 'Медиаплан на ноябрь' });
    expect(created.statusCode, created.body).toBe(201);
    const planId = created.json().id as string;
    const pdf = async () => {
      const answer = await call('GET', `/plans/${planId}/export?format=pdf`, viewer);
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.headers['content-type']).toBe('application/pdf');
      return pdfText(answer.rawPayload);
    };
    const draft = await pdf();
    expect(draft.replace(/\s/g, '')).toContain('ПРОЕКТ');
    expect(draft).toContain('Медиаплан на ноябрь');
    expect(draft).toContain('Статья в газете');
    expect(draft).not.toContain('УТВЕРЖДАЮ');

    const version = (await call('GET', `/plans/${planId}`, editor)).json().version;
    const approved = await call('POST', `/plans/${planId}/status`, director, { status: 'approved', version });
    expect(approved.statusCode, approved.body).toBe(200);
    const signed = await pdf();
    expect(signed).toContain('УТВЕРЖДАЮ');
    expect(signed).toContain('Пётр Директоров');
    expect(signed).toMatch(/Дата утверждения: \d\d\.\d\d\.2026/);
    expect(signed.replace(/\s/g, '')).not.toContain('ПРОЕКТ');
    expect(signed).toContain('ЦЗН «Берёзка»');

    const xlsx = await call('GET', `/plans/${planId}/export?format=xlsx`, viewer);
    expect(xlsx.statusCode).toBe(200);
    const rows = await openWithLibreOffice(xlsx.rawPayload, 'xlsx');
    expect(rows[0]![0]).toBe('УТВЕРЖДАЮ');
    expect(rows[1]![0]).toBe('Пётр Директоров');
    expect(rows.some((r) => r.includes('Статья в газете'))).toBe(true);
    expect(rows.some((r) => r.includes('20.11.2026'))).toBe(true);

    // A change after approval: the approved snapshot no longer holds; the current content prints as a draft.
    await call('POST', '/items', editor, { kind: 'post', title: 'Новый пост после утверждения', at: '2026-11-25' });
    const changed = await pdf();
    expect(changed.replace(/\s/g, '')).toContain('ПРОЕКТ');
    expect(changed.replace(/\s+/g, ' ')).toContain('Новый пост после утверждения');
    expect(changed).not.toContain('УТВЕРЖДАЮ');
    const changedXlsx = await openWithLibreOffice((await call('GET', `/plans/${planId}/export?format=xlsx`, viewer)).rawPayload, 'xlsx');
    expect(changedXlsx[0]![0]).toBe('ПРОЕКТ');
  }, 180_000);

  it('answers 404 for a plan of another organisation and 400 for a bad plan format', async () => {
    expect((await call('GET', '/plans/00000000-0000-4000-8000-000000000000/export?format=pdf', editor)).statusCode).toBe(404);
    const created = await call('POST', '/plans', editor, { period: 'week', periodStart: '2026-11-02', title: 'Неделя' });
    const bad = await call('GET', `/plans/${created.json().id}/export?format=docx`, editor);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain('querystring.format');
  });
});
