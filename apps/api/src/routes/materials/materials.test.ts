import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

// A JPEG's signature and some bytes (the type is told by content).
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.alloc(200, 7)]);

describe.each(testDatabases())('materials down the tree on $name', ({ open }) => {
  // The clock the API reads: moved forward to see a placement become overdue.
  let clock = new Date('2026-12-02T09:00:00Z');
  const ctx = useTestApp(open, { now: () => clock });
  const org: Record<string, string> = {};
  const as: Record<string, Record<string, string>> = {};
  const users: Record<string, string> = {};
  let vkP1: string;
  let standP1: string;

  beforeAll(async () => {
    const { database } = ctx;
    org.central = (await createOrg(database, { kind: 'union_central', name: 'ЦК профсоюза' })).id;
    org.terr = (await createOrg(database, { kind: 'union_territorial', name: 'Территориальная', parentId: org.central })).id;
    org.p1 = (await createOrg(database, { kind: 'union_primary', name: 'Первичка 1', parentId: org.terr, timezone: 'Asia/Vladivostok' })).id;
    org.p2 = (await createOrg(database, { kind: 'union_primary', name: 'Первичка 2', parentId: org.terr })).id;
    org.p3 = (await createOrg(database, { kind: 'union_primary', name: 'Первичка 3', parentId: org.central })).id;
    org.archived = (await createOrg(database, { kind: 'union_primary', name: 'В архиве', parentId: org.central })).id;
    org.outside = (await createOrg(database, { kind: 'union_primary', name: 'Чужая' })).id;
    await database.db.updateTable('organisations').set({ archived_at: new Date('2026-11-01T00:00:00Z') }).where('id', '=', org.archived).execute();
    const people = [
      ['central', 'central', 'editor'],
      ['terrViewer', 'terr', 'viewer'],
      ['terr', 'terr', 'editor'],
      ['p1', 'p1', 'editor'],
      ['p2', 'p2', 'editor'],
      ['p3', 'p3', 'editor'],
      ['p1Viewer', 'p1', 'viewer'],
      ['outside', 'outside', 'admin'],
    ] as const;
    for (const [who, where, role] of people) {
      users[who] = (await createUser(database, `${who}@materials.test`)).id;
      await addMember(database, users[who]!, org[where]!, role);
      as[who] = await login(ctx.app, `${who}@materials.test`);
    }
    const channel = async (who: string, where: string, payload: object) =>
      (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${org[where]}/channels`, headers: as[who], payload })).json().id as string;
    vkP1 = await channel('p1', 'p1', { type: 'vk', name: 'ВК первички' });
    standP1 = await channel('p1', 'p1', { type: 'info_stand', name: 'Стенд' });
    // p2's VK page is closed: no task goes on an inactive channel.
    const vkP2 = await channel('p2', 'p2', { type: 'vk', name: 'Старая страница' });
    await ctx.database.db.updateTable('channels').set({ active: false }).where('id', '=', vkP2).execute();
  });

  const send = (payload: object, who = 'central', where = 'central') =>
    ctx.app.inject({ method: 'POST', url: `/api/orgs/${org[where]}/materials`, headers: as[who], payload });
  const detail = (id: string, who: string, where: string) => ctx.app.inject({ method: 'GET', url: `/api/orgs/${org[where]}/materials/${id}`, headers: as[who] });
  const act = (id: string, action: string, who: string, payload: object, where = who) =>
    ctx.app.inject({ method: 'POST', url: `/api/orgs/${org[where]}/materials/${id}/${action}`, headers: as[who], payload });
  const task = async (materialId: string, where: string) => {
    const items = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${org[where]}/items?from=2026-11-01&to=2026-12-31`, headers: as[where], query: {} });
    return (items.json().items as Array<Record<string, unknown>>).find((i) => i.materialId === materialId)!;
  };
  const campaign = { title: 'Колдоговор-2027', text: 'Текст о колдоговоре', deadline: '2026-12-10', placeOn: '2026-12-05', channelTypes: ['vk'] };
  let materialId: string;

  it('refuses targets that are not below the sender or archived, naming each by index, and writes nothing', async () => {
    const response = await send({ ...campaign, targetOrgIds: [org.p1, org.p2, org.outside, org.archived] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: 'body.targetOrgIds[2]', message: 'организация не входит в структуру ниже отправителя' },
      { path: 'body.targetOrgIds[3]', message: 'организация в архиве' },
    ]);
    const english = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${org.central}/materials`, headers: { ...as.central, 'accept-language': 'en' }, payload: { ...campaign, placeOn: '2026-12-11', targetOrgIds: [org.p1] } });
    expect(english.json().error.details).toEqual([{ path: 'body.placeOn', message: 'the day to place it is after the deadline (2026-12-10)' }]);
    expect((await send({ ...campaign, targetOrgIds: [org.p1], targetSubtree: true })).statusCode).toBe(400);
    expect(await ctx.database.db.selectFrom('materials').select('id').execute()).toEqual([]);
    expect(await ctx.database.db.selectFrom('items').select('id').where('material_id', 'is not', null).execute()).toEqual([]);
  });

  it('refuses a sender without item.edit and a target editor sending upwards', async () => {
    expect((await send({ ...campaign, targetOrgIds: [org.p1] }, 'terrViewer', 'terr')).statusCode).toBe(403);
    expect((await send({ ...campaign, targetOrgIds: [org.central] }, 'p1', 'p1')).json().error.details[0].path).toBe('body.targetOrgIds[0]');
  });

  it('puts a planned task on each target calendar, on its channels of the suggested types, and tells its editors', async () => {
    const response = await send({ ...campaign, targetOrgIds: [org.p1, org.p2, org.p3] });
    expect(response.statusCode, response.body).toBe(201);
    const material = response.json();
    materialId = material.id;
    expect(material).toMatchObject({ orgId: org.central, orgName: 'ЦК профсоюза', kind: 'post', placeOn: '2026-12-05', deadline: '2026-12-10', channelTypes: ['vk'], target: { orgIds: [org.p1, org.p2, org.p3] } });
    expect(material.tally).toEqual({ pending: 3, placed: 0, overdue: 0, declined: 0, total: 3 });
    expect(await task(materialId, 'p1')).toMatchObject({ kind: 'post', title: 'Колдоговор-2027', notes: 'Текст о колдоговоре', at: '2026-12-05', status: 'planned', channelIds: [vkP1], planId: null });
    expect(await task(materialId, 'p2')).toMatchObject({ channelIds: [] });
    const bell = await ctx.app.inject({ method: 'GET', url: '/api/notifications', headers: as.p1 });
    expect(bell.json().items[0]).toMatchObject({ kind: 'material_received', title: 'Материал для размещения: «Колдоговор-2027» — Первичка 1' });
    const senderBell = await ctx.app.inject({ method: 'GET', url: '/api/notifications', headers: as.central });
    expect(senderBell.json().items).toEqual([]);
  });

  it('shows every placement to the sender, and to a target only its own and those below it', async () => {
    const all = (await detail(materialId, 'central', 'central')).json();
    expect(all.placements.map((p: { orgName: string }) => p.orgName)).toEqual(['Первичка 1', 'Первичка 2', 'Первичка 3']);
    const own = (await detail(materialId, 'p1', 'p1')).json();
    expect(own.placements.map((p: { orgId: string }) => p.orgId)).toEqual([org.p1]);
    expect(own.tally.total).toBe(1);
    // The named targets are told only as far as the viewer may read them.
    expect(own.target).toEqual({ orgIds: [org.p1] });
    const above = (await detail(materialId, 'terrViewer', 'terr')).json();
    expect(above.placements.map((p: { orgId: string }) => p.orgId).sort()).toEqual([org.p1, org.p2].sort());
    expect(JSON.stringify(above)).not.toContain('Первичка 3');
    expect((await detail(materialId, 'outside', 'outside')).statusCode).toBe(404);
    expect((await detail(materialId, 'p1', 'p2')).statusCode).toBe(404);
    const received = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${org.p1}/received-materials`, headers: as.p1Viewer })).json().received;
    expect(received).toHaveLength(1);
    expect(received[0].placement).toMatchObject({ orgId: org.p1, status: 'pending', localDay: '2026-12-05', url: null, adapted: false });
    expect(received[0].material.tally.total).toBe(1);
  });

  it('places with a URL through the items code: published today, placed', async () => {
    const bare = await act(materialId, 'place', 'p1', {});
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.code).toBe('placement_needs_evidence');
    expect((await act(materialId, 'place', 'p1Viewer', { url: 'https://vk.com/wall-1_1' }, 'p1')).statusCode).toBe(403);
    // A sibling cannot answer for another target: it has no placement of its own to answer here.
    expect((await act(materialId, 'place', 'p2', { url: 'https://vk.com/wall-1_1' }, 'p1')).statusCode).toBe(404);
    const placed = await act(materialId, 'place', 'p1', { url: 'https://vk.com/wall-1_1' });
    expect(placed.statusCode, placed.body).toBe(200);
    expect(placed.json().placement).toMatchObject({ status: 'placed', url: 'https://vk.com/wall-1_1', answeredAt: '2026-12-02T09:00:00.000Z' });
    // Today in Vladivostok: the task was planned for the 5th, placed on the 2nd.
    expect(await task(materialId, 'p1')).toMatchObject({ status: 'published', at: '2026-12-02', url: 'https://vk.com/wall-1_1' });
  });

  it('declines with a reason: the task is cancelled, the author told; a second answer is refused', async () => {
    const declined = await act(materialId, 'decline', 'p2', { reason: 'Нет стенда в этом месяце' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json().placement).toMatchObject({ status: 'declined', declineReason: 'Нет стенда в этом месяце' });
    expect(await task(materialId, 'p2')).toMatchObject({ status: 'cancelled' });
    const bell = await ctx.app.inject({ method: 'GET', url: '/api/notifications', headers: as.central });
    expect(bell.json().items[0]).toMatchObject({ kind: 'placement_declined', title: 'Первичка 2: отказ от размещения «Колдоговор-2027» — ЦК профсоюза', body: 'Причина: Нет стенда в этом месяце' });
    expect((await act(materialId, 'decline', 'p2', { reason: 'Ещё раз' })).statusCode).toBe(409);
    expect((await act(materialId, 'place', 'p2', { url: 'https://vk.com/x' })).statusCode).toBe(409);
    expect((await act(materialId, 'decline', 'p1', { reason: 'Передумали' })).json().error.code).toBe('placement_placed');
  });

  it('adapts the text; deleting a task directly is refused; past the deadline it is overdue in the sender tally', async () => {
    const adapted = await act(materialId, 'adapt', 'p3', { title: 'Наш колдоговор', text: 'Своими словами' });
    expect(adapted.statusCode, adapted.body).toBe(200);
    expect(adapted.json().placement).toMatchObject({ status: 'pending', adapted: true, answeredAt: null });
    const item = await task(materialId, 'p3');
    expect(item).toMatchObject({ title: 'Наш колдоговор', notes: 'Своими словами' });
    const removal = await ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${org.p3}/items/${item.id}?version=${item.version}`, headers: as.p3 });
    expect(removal.statusCode).toBe(409);
    expect(removal.json().error.code).toBe('placement_task');
    clock = new Date('2026-12-11T09:00:00Z');
    const all = (await detail(materialId, 'central', 'central')).json();
    expect(all.tally).toEqual({ pending: 0, placed: 1, overdue: 1, declined: 1, total: 3 });
    const sent = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${org.central}/materials?open=true`, headers: as.central })).json().materials;
    expect(sent.map((m: { id: string }) => m.id)).toEqual([materialId]);
    clock = new Date('2026-12-02T09:00:00Z');
  });

  it('lists the materials sent in the period with their tallies in the compliance report (XLSX sheet and PDF section)', async () => {
    clock = new Date('2026-12-11T09:00:00Z');
    const xlsx = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${org.central}/reports/compliance?from=2026-12-01&to=2026-12-31&format=xlsx`, headers: as.central });
    expect(xlsx.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as never);
    const sheet = book.getWorksheet('Разосланные материалы')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Отправитель', 'Материал', 'Отправлен', 'Срок', 'Получателей', 'Размещено', 'Ожидается', 'Просрочено', 'Отклонено', 'Доля размещённых']);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['ЦК профсоюза', 'Колдоговор-2027', new Date('2026-12-02T09:00:00Z'), new Date('2026-12-10T00:00:00Z'), 3, 1, 0, 1, 1, 1 / 3]);
    const november = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${org.central}/reports/compliance?from=2026-11-01&to=2026-11-30&format=xlsx`, headers: as.central });
    const empty = new ExcelJS.Workbook();
    await empty.xlsx.load(november.rawPayload as never);
    expect(empty.getWorksheet('Разосланные материалы')!.rowCount).toBe(1);
    const pdf = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${org.central}/reports/compliance?from=2026-12-01&to=2026-12-31&format=pdf`, headers: as.central });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    clock = new Date('2026-12-02T09:00:00Z');
  });

  it('lists what organisations below sent, for a reader above them', async () => {
    clock = new Date('2026-12-02T10:00:00Z');
    const everyone = await send({ title: 'Всем первичкам', text: 'Текст', deadline: '2026-12-20', targetSubtree: true, targetKinds: ['union_primary'] });
    // The archived primary is left out of a subtree target.
    expect(everyone.json().tally.total).toBe(3);
    clock = new Date('2026-12-02T11:00:00Z');
    const fromTerr = await send({ title: 'Областная новость', text: 'Текст', deadline: '2026-12-20', targetSubtree: true }, 'terr', 'terr');
    expect(fromTerr.statusCode, fromTerr.body).toBe(201);
    expect(fromTerr.json().tally.total).toBe(2);
    const list = async (where: string, who: string, query: string) =>
      (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${org[where]}/materials?${query}`, headers: as[who] })).json().materials.map((m: { title: string }) => m.title);
    expect(await list('central', 'central', 'direction=below')).toEqual(['Областная новость']);
    expect(await list('terr', 'terrViewer', 'direction=sent')).toEqual(['Областная новость']);
    expect(await list('terr', 'terrViewer', 'direction=below')).toEqual([]);
    expect(await list('central', 'central', 'direction=sent')).toEqual(['Всем первичкам', 'Колдоговор-2027']);
    const received = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${org.p1}/received-materials`, headers: as.p1 })).json().received;
    expect(received.map((r: { material: { title: string } }) => r.material.title)).toEqual(['Областная новость', 'Всем первичкам', 'Колдоговор-2027']);
    clock = new Date('2026-12-02T09:00:00Z');
  });

  it('keeps files with a material for whoever may see it, within the sender quota', async () => {
    const sent = (await send({ ...campaign, title: 'С плакатом', targetOrgIds: [org.p1] })).json();
    const upload = (who: string, where: string, name = 'плакат.jpg', body: Buffer = JPEG) =>
      ctx.app.inject({ method: 'POST', url: `/api/orgs/${org[where]}/materials/${sent.id}/attachments?name=${encodeURIComponent(name)}`, headers: { ...as[who], 'content-type': 'image/jpeg' }, payload: body });
    expect((await upload('p1', 'p1')).statusCode).toBe(404);
    expect((await upload('central', 'central', 'текст.jpg', Buffer.from('not an image'))).statusCode).toBe(415);
    // Kept by its own name, not the path it came from; a folder names no file (as an item's attachments).
    expect((await upload('central', 'central', 'папка/')).statusCode).toBe(400);
    const other = (await send({ ...campaign, title: 'С путём', targetOrgIds: [org.p1] })).json();
    const pathed = await ctx.app.inject({
      method: 'POST',
      url: `/api/orgs/${org.central}/materials/${other.id}/attachments?name=${encodeURIComponent('../../etc/плакат-0.jpg')}`,
      headers: { ...as.central, 'content-type': 'image/jpeg' },
      payload: JPEG,
    });
    expect(pathed.json().name).toBe('плакат-0.jpg');
    const poster = await upload('central', 'central');
    expect(poster.statusCode, poster.body).toBe(201);
    expect(poster.json()).toMatchObject({ name: 'плакат.jpg', contentType: 'image/jpeg', size: JPEG.length });
    const received = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${org.p1}/received-materials`, headers: as.p1 })).json().received;
    expect(received.find((r: { material: { id: string } }) => r.material.id === sent.id).material.attachments).toEqual([poster.json()]);
    const download = (who: string, where: string) => ctx.app.inject({ method: 'GET', url: `/api/orgs/${org[where]}/materials/${sent.id}/attachments/${poster.json().id}`, headers: as[who] });
    const file = await download('p1', 'p1');
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(JPEG)).toBe(true);
    expect((await download('p2', 'p2')).statusCode).toBe(404);
    expect((await download('outside', 'outside')).statusCode).toBe(404);
  });

  it('places with a photo attached to the task and no URL', async () => {
    const sent = (await send({ ...campaign, title: 'Плакат', channelTypes: ['info_stand'], kind: 'stand_update', targetOrgIds: [org.p1] })).json();
    const item = await task(sent.id, 'p1');
    expect(item.channelIds).toEqual([standP1]);
    const photo = await ctx.app.inject({
      method: 'POST',
      url: `/api/orgs/${org.p1}/items/${item.id}/attachments?name=stand.jpg`,
      headers: { ...as.p1, 'content-type': 'image/jpeg' },
      payload: JPEG,
    });
    expect(photo.statusCode).toBe(201);
    const placed = await act(sent.id, 'place', 'p1', {});
    expect(placed.statusCode, placed.body).toBe(200);
    expect(placed.json().placement).toMatchObject({ status: 'placed', attachmentCount: 1, url: null });
  });

  it('marks an approved plan of the day changed, and withdrawing cancels open tasks but keeps placed ones', async () => {
    const plan = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${org.p2}/plans`, headers: as.p2, payload: { period: 'month', periodStart: '2026-12-01', title: 'Декабрь' } })).json();
    await ctx.database.db.updateTable('media_plans').set({ status: 'approved' }).where('id', '=', plan.id).execute();
    const sent = (await send({ ...campaign, title: 'Отзываемый', targetOrgIds: [org.p1, org.p2] })).json();
    const status = await ctx.database.db.selectFrom('media_plans').select('status').where('id', '=', plan.id).executeTakeFirstOrThrow();
    expect(status.status).toBe('changed');
    expect((await act(sent.id, 'place', 'p1', { url: 'https://vk.com/wall-1_2' })).statusCode).toBe(200);
    const placedTask = await task(sent.id, 'p1');
    const openTask = await task(sent.id, 'p2');
    const stale = await ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${org.central}/materials/${sent.id}?version=7`, headers: as.central });
    expect(stale.statusCode).toBe(409);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${org.p1}/materials/${sent.id}?version=1`, headers: as.p1 })).statusCode).toBe(404);
    const withdrawn = await ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${org.central}/materials/${sent.id}?version=1`, headers: as.central });
    expect(withdrawn.statusCode, withdrawn.body).toBe(204);
    expect((await detail(sent.id, 'central', 'central')).statusCode).toBe(404);
    const items = await ctx.database.db.selectFrom('items').select(['id', 'status', 'material_id']).where('id', 'in', [placedTask.id as string, openTask.id as string]).execute();
    expect(Object.fromEntries(items.map((i) => [i.id, [i.status, i.material_id]]))).toEqual({ [placedTask.id as string]: ['published', null], [openTask.id as string]: ['cancelled', null] });
  });
});
