import { beforeAll, describe, expect, it } from 'vitest';
import { useOtherApp, useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

type Headers = Record<string, string>;
interface Listed {
  id: string;
  kind: string;
  orgId: string | null;
  title: string;
  body: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}
interface List {
  items: Listed[];
  unreadCount: number;
  nextBefore: string | null;
}

// Who is told what (issue 14), through the API: plan submissions reach the nearest approvers, a
// return reaches the author and the last submitter with the comment, an item reaches the person
// made responsible, nobody hears of their own doing, and the bell lists, pages and marks read.
describe.each(testDatabases())('notifications on $name', ({ open }) => {
  const ctx = useTestApp(open);
  const withSmtp = useOtherApp(ctx, { smtpUrl: 'smtp://127.0.0.1:2525', mailFrom: 'ritm@example.org', publicUrl: 'https://ritm.example.org' });
  const ids: Record<string, string> = {};
  const as: Record<string, Headers> = {};
  let region: string;
  let centre: string;
  let lonely: string;

  const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers: Headers = {}) =>
    ctx.app.inject({ method, url: `/api${url}`, headers: { ...as[who]!, ...headers }, ...(payload ? { payload } : {}) });
  const bell = async (who: string, query = '', lang = 'ru'): Promise<List> => {
    const answer = await call(who, 'GET', `/notifications${query}`, undefined, { 'accept-language': lang });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json();
  };
  const kinds = async (who: string) => (await bell(who)).items.map((n) => n.kind);
  async function newPlan(orgId: string, who: string, periodStart: string, title: string): Promise<string> {
    const created = await call(who, 'POST', `/orgs/${orgId}/plans`, { period: 'week', periodStart, title });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id;
  }
  async function move(orgId: string, planId: string, who: string, status: string, comment?: string): Promise<void> {
    const { version } = (await call(who, 'GET', `/orgs/${orgId}/plans/${planId}`)).json();
    const answer = await call(who, 'POST', `/orgs/${orgId}/plans/${planId}/status`, { status, version, ...(comment ? { comment } : {}) });
    expect(answer.statusCode, answer.body).toBe(200);
  }

  beforeAll(async () => {
    region = (await createOrg(ctx.database, { name: 'Управление занятости области' })).id;
    centre = (await createOrg(ctx.database, { name: 'ЦЗН Ленинского района', parentId: region })).id;
    lonely = (await createOrg(ctx.database, { name: 'ЦЗН без директора', parentId: region })).id;
    const people: Array<[string, string, string]> = [
      ['regional', region, 'director'],
      ['director', centre, 'director'],
      ['editor', centre, 'editor'],
      ['colleague', centre, 'editor'],
      ['viewer', centre, 'viewer'],
      ['lonelyEditor', lonely, 'editor'],
      ['leaver', centre, 'editor'],
    ];
    for (const [who, orgId, role] of people) {
      const user = await createUser(ctx.database, `${who}@notify.test`, { name: `${who[0]!.toUpperCase()}${who.slice(1)}` });
      ids[who] = user.id;
      await addMember(ctx.database, user.id, orgId, role as 'viewer');
      as[who] = await login(ctx.app, `${who}@notify.test`);
    }
  });

  it("asks the plan's own director to approve it, not the region's, and never the submitter", async () => {
    const plan = await newPlan(centre, 'editor', '2026-11-23', 'Неделя 23–29 ноября');
    await move(centre, plan, 'editor', 'submitted');
    const [asked] = (await bell('director')).items;
    expect(asked).toMatchObject({ kind: 'plan_submitted', orgId: centre, link: `/plans/${plan}?org=${centre}`, readAt: null });
    expect(asked!.title).toBe('План «Неделя 23–29 ноября» ждёт утверждения — ЦЗН Ленинского района');
    expect(asked!.body).toBe('Отправил(а) на утверждение: Editor');
    expect(await kinds('regional')).toEqual([]);
    expect(await kinds('editor')).toEqual([]);
    expect(await kinds('viewer')).toEqual([]);
  });

  it('asks the region when the organisation has no director of its own', async () => {
    const plan = await newPlan(lonely, 'lonelyEditor', '2026-11-23', 'Ноябрь');
    await move(lonely, plan, 'lonelyEditor', 'submitted');
    expect((await bell('regional')).items.map((n) => [n.kind, n.orgId])).toEqual([['plan_submitted', lonely]]);
  });

  it('tells the author and the last submitter of a return, with the comment, in their language; not the director', async () => {
    const plan = await newPlan(centre, 'editor', '2026-11-30', 'Ноябрь 2026');
    await move(centre, plan, 'colleague', 'submitted');
    await move(centre, plan, 'director', 'draft', 'Добавьте ярмарку вакансий');
    for (const who of ['editor', 'colleague']) {
      const [returned] = (await bell(who)).items;
      expect(returned).toMatchObject({ kind: 'plan_returned', title: 'План «Ноябрь 2026» возвращён — ЦЗН Ленинского района', link: `/plans/${plan}?org=${centre}` });
      expect(returned!.body).toBe('Вернул(а) на доработку Director: Добавьте ярмарку вакансий');
    }
    const [english] = (await bell('editor', '', 'en')).items;
    expect(english!.title).toBe('Plan “Ноябрь 2026” returned — ЦЗН Ленинского района');
    expect(english!.body).toBe('Returned by Director: Добавьте ярмарку вакансий');
    expect((await kinds('director')).filter((k) => k !== 'plan_submitted')).toEqual([]);
  });

  it('tells of an approval once, and nobody deactivated or who left the organisation', async () => {
    const plan = await newPlan(centre, 'leaver', '2026-12-07', 'Декабрь');
    await move(centre, plan, 'colleague', 'submitted');
    await ctx.database.db.deleteFrom('memberships').where('user_id', '=', ids.leaver!).execute();
    const before = (await bell('colleague')).items.length;
    await move(centre, plan, 'director', 'approved');
    const approved = (await bell('colleague')).items.filter((n) => n.kind === 'plan_approved');
    expect(approved).toHaveLength(1);
    expect(approved[0]!.title).toBe('План «Декабрь» утверждён — ЦЗН Ленинского района');
    expect((await bell('colleague')).items.length).toBe(before + 1);
    const leaverRows = await ctx.database.db.selectFrom('notifications').select('kind').where('user_id', '=', ids.leaver!).execute();
    expect(leaverRows).toEqual([]);

    // Deactivated: the colleague submits again, the director returns it; the colleague is not told.
    const second = await newPlan(centre, 'editor', '2026-12-14', 'Декабрь, вторая');
    await move(centre, second, 'colleague', 'submitted');
    await ctx.database.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', ids.colleague!).execute();
    await move(centre, second, 'director', 'draft', 'Нет');
    const told = await ctx.database.db.selectFrom('notifications').select('user_id').where('kind', '=', 'plan_returned').where('subject', 'like', `plan:${second}:%`).execute();
    expect(told.map((row) => row.user_id)).toEqual([ids.editor]);
    await ctx.database.db.updateTable('users').set({ disabled_at: null }).where('id', '=', ids.colleague!).execute();
  });

  it('tells the person made responsible for an item, once per change, and not who assigned themselves', async () => {
    const created = await call('editor', 'POST', `/orgs/${centre}/items`, { kind: 'post', title: 'Ярмарка вакансий', at: '2026-11-26', responsibleId: ids.colleague });
    expect(created.statusCode, created.body).toBe(201);
    const item = created.json() as { id: string; version: number };
    const [assigned] = (await bell('colleague')).items;
    expect(assigned).toMatchObject({
      kind: 'item_assigned',
      title: 'Вы ответственный за «Ярмарка вакансий» — ЦЗН Ленинского района',
      body: 'Дата: 26 ноября. Назначил(а): Editor',
      link: `/calendar?org=${centre}&date=2026-11-26`,
    });
    const notifiedBefore = await ctx.database.db.selectFrom('notifications').select('id').where('kind', '=', 'item_assigned').execute();
    // A change that leaves the person as they were tells nobody; the colleague taking it back to themselves neither.
    const renamed = await call('editor', 'PATCH', `/orgs/${centre}/items/${item.id}`, { title: 'Ярмарка вакансий 2026', version: item.version });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const self = await call('colleague', 'PATCH', `/orgs/${centre}/items/${item.id}`, { responsibleId: ids.colleague, version: renamed.json().version });
    expect(self.statusCode, self.body).toBe(200);
    const mine = await call('editor', 'POST', `/orgs/${centre}/items`, { kind: 'post', title: 'Своё', at: '2026-11-27', responsibleId: ids.editor });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(await ctx.database.db.selectFrom('notifications').select('id').where('kind', '=', 'item_assigned').execute()).toHaveLength(notifiedBefore.length);
    // Handed to the director: the director is told.
    const handed = await call('editor', 'PATCH', `/orgs/${centre}/items/${item.id}`, { responsibleId: ids.director, version: self.json().version });
    expect(handed.statusCode, handed.body).toBe(200);
    expect((await bell('director')).items[0]).toMatchObject({ kind: 'item_assigned', title: 'Вы ответственный за «Ярмарка вакансий 2026» — ЦЗН Ленинского района' });
  });

  it('tells the people an import makes responsible, new rows and changed ones alike', async () => {
    const csv = (lines: string[]) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\n'), 'utf8')]);
    const upload = (lines: string[]) =>
      ctx.app.inject({ method: 'POST', url: `/api/orgs/${centre}/imports?dryRun=false`, headers: { ...as.editor!, 'content-type': 'text/csv' }, payload: csv(lines) });
    const first = await upload(['Дата;Тема;Формат;Ответственный', '09.12.2026;Из файла;пост;Viewer']);
    expect(first.statusCode, first.body).toBe(200);
    expect((await bell('viewer')).items[0]).toMatchObject({ kind: 'item_assigned', title: 'Вы ответственный за «Из файла» — ЦЗН Ленинского района' });
    const again = await upload(['Дата;Тема;Формат;Ответственный', '09.12.2026;Из файла;пост;Colleague']);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, updated: 1 });
    expect((await bell('colleague')).items[0]).toMatchObject({ kind: 'item_assigned', title: 'Вы ответственный за «Из файла» — ЦЗН Ленинского района' });
    expect((await bell('editor')).items.filter((n) => n.title.includes('Из файла'))).toEqual([]);
  });

  it('pages newest first, counts the unread, marks one and all read, and keeps each person to their own', async () => {
    for (let day = 1; day <= 4; day++) {
      const created = await call('colleague', 'POST', `/orgs/${centre}/items`, { kind: 'post', title: `Пост ${day}`, at: `2026-12-0${day}`, responsibleId: ids.editor });
      expect(created.statusCode, created.body).toBe(201);
    }
    const all = await bell('editor');
    const first = await bell('editor', '?limit=2');
    expect(first.items.map((n) => n.id)).toEqual(all.items.slice(0, 2).map((n) => n.id));
    expect(first.items[0]!.title).toContain('Пост 4');
    expect(first.nextBefore).toBe(first.items[1]!.id);
    const second = await bell('editor', `?limit=2&before=${first.nextBefore}`);
    expect(second.items.map((n) => n.id)).toEqual(all.items.slice(2, 4).map((n) => n.id));
    expect(first.unreadCount).toBe(all.items.length);

    const read = await call('editor', 'POST', `/notifications/${first.items[0]!.id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({ unreadCount: all.items.length - 1 });
    expect((await bell('editor', '?unread=true')).items.map((n) => n.id)).not.toContain(first.items[0]!.id);
    expect((await bell('editor')).items[0]!.readAt).not.toBeNull();

    // Somebody else's notification does not exist for the caller, to read or to page from.
    const foreign = await call('director', 'POST', `/notifications/${first.items[1]!.id}/read`);
    expect(foreign.statusCode).toBe(404);
    expect((await bell('director', `?before=${first.items[1]!.id}`)).items).toEqual([]);
    expect((await bell('editor')).unreadCount).toBe(all.items.length - 1);

    const cleared = await call('editor', 'POST', '/notifications/read-all');
    expect(cleared.json()).toEqual({ unreadCount: 0 });
    expect((await bell('editor', '?unread=true')).items).toEqual([]);
  });

  it("keeps each person's e-mail choices, with the organisation's zone and whether this server mails at all", async () => {
    const initial = await call('editor', 'GET', '/me/notification-settings');
    expect(initial.statusCode, initial.body).toBe(200);
    expect(initial.json()).toMatchObject({ emailConfigured: false, email: 'editor@notify.test', organisationTimeZone: 'Europe/Moscow' });
    expect(initial.json().preferences.email.plan_returned).toBe('immediately');

    const chosen = { ...initial.json().preferences, email: { ...initial.json().preferences.email, plan_returned: 'daily', norm_at_risk: 'off' } };
    chosen.digest = { enabled: false, weekday: 5, hour: 16, timeZone: 'Asia/Kamchatka' };
    const saved = await call('editor', 'PUT', '/me/notification-settings', chosen);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().preferences).toEqual(chosen);
    expect((await call('editor', 'GET', '/me/notification-settings')).json().preferences).toEqual(chosen);
    expect((await call('colleague', 'GET', '/me/notification-settings')).json().preferences.digest.weekday).toBe(1);

    const badZone = await call('editor', 'PUT', '/me/notification-settings', { ...chosen, digest: { ...chosen.digest, timeZone: 'Mars/Olympus' } }, { 'accept-language': 'en' });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().error.details).toEqual([{ path: 'body.digest.timeZone', message: "unknown time zone 'Mars/Olympus'" }]);
    const badKind = await call('editor', 'PUT', '/me/notification-settings', { ...chosen, email: { ...chosen.email, plan_returned: 'hourly' } });
    expect(badKind.statusCode).toBe(400);

    const mailing = await withSmtp.app.inject({ method: 'GET', url: '/api/me/notification-settings', headers: as.editor! });
    expect(mailing.json().emailConfigured).toBe(true);
  });
});
