import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

type Headers = Record<string, string>;
interface PlanBody {
  id: string;
  status: string;
  version: number;
  itemCount: number;
  approverName: string | null;
  approvedAt: string | null;
  returnComment: string | null;
  returnedBy: { id: string; name: string } | null;
  returnedAt: string | null;
  items: Array<{ id: string; title: string; status: string; localDay: string }>;
  approval: { approverName: string; approvedAt: string; items: Array<{ id: string; title: string; at: string }>; names: Record<string, string> } | null;
}

// Plans as signed documents (issue 11): a plan holds every item of its period, an approval keeps a
// snapshot, any later change to the period's items marks the plan changed since approval, a
// return's comment stays on the plan, and copying never duplicates what is on the calendar.
describe.each(testDatabases())('plans a director signs, on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let editor: Headers;
  let director: Headers;
  let orgId: string;
  let vk: string;
  let tg: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) =>
    ctx.app.inject({ method, url: `/api/orgs/${orgId}${url}`, headers, ...(payload ? { payload } : {}) });
  const plan = async (id: string): Promise<PlanBody> => (await call('GET', `/plans/${id}`, editor)).json();
  async function newPlan(period: 'week' | 'month' | 'quarter', periodStart: string): Promise<string> {
    const created = await call('POST', '/plans', editor, { period, periodStart, title: `План ${periodStart}` });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id;
  }
  async function newItem(body: object): Promise<{ id: string; version: number }> {
    const created = await call('POST', '/items', editor, { kind: 'post', channelIds: [vk], ...body });
    expect(created.statusCode, created.body).toBe(201);
    return created.json();
  }
  async function approve(id: string): Promise<PlanBody> {
    const answer = await call('POST', `/plans/${id}/status`, director, { status: 'approved', version: (await plan(id)).version });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json();
  }

  beforeAll(async () => {
    orgId = (await createOrg(ctx.database, { kind: 'employment_center', name: 'ЦЗН', timezone: 'Asia/Yekaterinburg' })).id;
    const e = await createUser(ctx.database, 'editor@signed.test', { name: 'Ирина Редактор' });
    const d = await createUser(ctx.database, 'director@signed.test', { name: 'Пётр Директоров' });
    await addMember(ctx.database, e.id, orgId, 'editor');
    await addMember(ctx.database, d.id, orgId, 'director');
    editor = await login(ctx.app, 'editor@signed.test');
    director = await login(ctx.app, 'director@signed.test');
    vk = (await call('POST', '/channels', editor, { type: 'vk', name: 'ВКонтакте' })).json().id;
    tg = (await call('POST', '/channels', editor, { type: 'telegram', name: 'Телеграм' })).json().id;
  });

  it('shows in a month plan every item of the month: its weeks’ plans and unplanned ones, cancelled struck out but not counted', async () => {
    const week = await newPlan('week', '2027-01-04');
    const month = await newPlan('month', '2027-01-01');
    const quarter = await newPlan('quarter', '2027-01-01');
    await newItem({ title: 'В недельном плане', at: '2027-01-05', planId: week });
    await newItem({ title: 'Без плана', at: '2027-01-20' });
    await newItem({ title: 'Отменён', at: '2027-01-21', status: 'cancelled' });
    await newItem({ title: 'Февраль', at: '2027-02-02', planId: quarter });
    const content = await plan(month);
    expect(content.items.map((i) => [i.title, i.status])).toEqual([
      ['В недельном плане', 'planned'],
      ['Без плана', 'planned'],
      ['Отменён', 'cancelled'],
    ]);
    expect(content.itemCount).toBe(2);
    expect((await plan(week)).itemCount).toBe(1);
    expect((await plan(quarter)).itemCount).toBe(3);
    const listed = (await call('GET', '/plans', editor)).json().plans as PlanBody[];
    expect(listed.find((p) => p.id === month)?.itemCount).toBe(2);
  });

  it('records what was approved, by whom (named at the time) and when, and keeps every approval', async () => {
    const id = await newPlan('week', '2027-03-01');
    const item = await newItem({ title: 'Вакансии недели', at: '2027-03-02T10:00:00+05:00', channelIds: [vk, tg] });
    const approved = await approve(id);
    expect(approved).toMatchObject({ status: 'approved', approverName: 'Пётр Директоров' });
    const signed = await plan(id);
    expect(signed.approval).toMatchObject({ approverName: 'Пётр Директоров', approvedAt: approved.approvedAt ?? '' });
    expect(signed.approval?.items).toEqual([expect.objectContaining({ id: item.id, title: 'Вакансии недели', at: '2027-03-02T05:00:00.000Z', channelIds: [vk, tg].sort() })]);
    expect(signed.approval?.names).toMatchObject({ [vk]: 'ВКонтакте', [tg]: 'Телеграм' });

    await call('POST', `/plans/${id}/status`, director, { status: 'draft', version: signed.version });
    await approve(id);
    const history = (await call('GET', `/plans/${id}/approvals`, editor)).json().approvals as unknown[];
    expect(history).toHaveLength(2);
  });

  it('moves an approved plan to "changed since approval" on every kind of item write in its period, with an audit entry', async () => {
    const id = await newPlan('week', '2027-04-05');
    const other = await newItem({ title: 'Следующая неделя', at: '2027-04-13' });
    const inside = await newItem({ title: 'Пост', at: '2027-04-06' });
    const writes: Array<[string, () => Promise<unknown>]> = [
      ['create', () => newItem({ title: 'Новый', at: '2027-04-07' })],
      ['bulk', () => call('POST', '/items/bulk', editor, { items: [{ kind: 'post', title: 'Пакет', at: '2027-04-08' }] })],
      ['edit', async () => call('PATCH', `/items/${inside.id}`, editor, { title: 'Пост (правка)', version: await versionOf(inside.id) })],
      ['cancel', async () => call('PATCH', `/items/${inside.id}`, editor, { status: 'cancelled', version: await versionOf(inside.id) })],
      ['move out', async () => call('PATCH', `/items/${inside.id}`, editor, { at: '2027-04-20', version: await versionOf(inside.id) })],
      ['move in', async () => call('PATCH', `/items/${other.id}`, editor, { at: '2027-04-09', version: await versionOf(other.id) })],
      ['delete', async () => call('DELETE', `/items/${other.id}?version=${await versionOf(other.id)}`, editor)],
    ];
    for (const [what, write] of writes) {
      const approved = await approve(id);
      await write();
      const now = await plan(id);
      expect(now.status, what).toBe('changed');
      expect(now.version, what).toBe(approved.version + 1);
      expect((await call('GET', '/plans', editor)).json().plans.find((p: PlanBody) => p.id === id).status, what).toBe('changed');
    }
    const audit = (await call('GET', '/audit?entity=media_plan', director)).json().entries as Array<{ entityId: string; action: string }>;
    expect(audit.filter((e) => e.entityId === id && e.action === 'content_changed')).toHaveLength(writes.length);
  });

  it('moves an approved plan to changed when a new time zone puts one of its items on another day', async () => {
    await createUser(ctx.database, 'root@signed.test', { isAdmin: true });
    const root = await login(ctx.app, 'root@signed.test');
    const id = await newPlan('week', '2027-11-01');
    // 23:30 on Sunday in Yekaterinburg is Monday in Vladivostok: the item leaves this week.
    await newItem({ title: 'Поздний пост', at: '2027-11-07T23:30:00+05:00' });
    await approve(id);
    const org = (await call('GET', '', root)).json();
    const moved = await call('PATCH', '', root, { timezone: 'Asia/Vladivostok', version: org.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await plan(id)).status).toBe('changed');
    expect((await call('GET', `/plans/${id}/changes`, director)).json().removed.map((i: { title: string }) => i.title)).toEqual(['Поздний пост']);
  });

  async function versionOf(itemId: string): Promise<number> {
    return (await call('GET', `/items/${itemId}`, editor)).json().version;
  }

  it('stays approved when an item elsewhere changes, when an item of it is published, or when a write is refused', async () => {
    const id = await newPlan('week', '2027-05-03');
    const inside = await newItem({ title: 'Пост', at: '2027-05-04' });
    await approve(id);
    await newItem({ title: 'Другая неделя', at: '2027-05-12' });
    // An item's notes and evidence are not the plan's content.
    expect((await call('PATCH', `/items/${inside.id}`, editor, { notes: 'Согласовано с пресс-службой', version: await versionOf(inside.id) })).statusCode).toBe(200);
    const refused = await call('POST', '/items', editor, { kind: 'post', title: 'Плохой', at: '2027-05-05', channelIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(refused.statusCode).toBe(400);
    expect((await plan(id)).status).toBe('approved');
  });

  it('never lets an approval racing item writes sign a plan that lacks them: each is in the snapshot or the plan is changed', async () => {
    for (const [n, periodStart] of [[1, '2027-10-04'], [2, '2027-10-11'], [3, '2027-10-18']] as const) {
      const id = await newPlan('week', periodStart);
      const { version } = await plan(id);
      const [approved, ...created] = await Promise.all([
        call('POST', `/plans/${id}/status`, director, { status: 'approved', version }),
        ...Array.from({ length: 4 * n }, (_, i) => call('POST', '/items', editor, { kind: 'post', title: `Гонка ${i}`, at: periodStart })),
      ]);
      expect(approved!.statusCode, approved!.body).toBe(200);
      const ids = created.map((answer) => {
        expect(answer.statusCode, answer.body).toBe(201);
        return answer.json().id as string;
      });
      const now = await plan(id);
      const signed = new Set(now.approval!.items.map((i) => i.id));
      const missing = ids.filter((itemId) => !signed.has(itemId));
      expect(now.status).toBe(missing.length === 0 ? 'approved' : 'changed');
    }
  });

  it('shows the director what changed since approval: added, removed and changed items, field by field', async () => {
    const id = await newPlan('week', '2027-06-07');
    const kept = await newItem({ title: 'Остаётся', at: '2027-06-08' });
    const edited = await newItem({ title: 'Старое название', at: '2027-06-09' });
    const removed = await newItem({ title: 'Будет удалён', at: '2027-06-10' });
    await approve(id);
    expect((await call('GET', `/plans/${id}/changes`, director)).json()).toMatchObject({ added: [], removed: [], changed: [] });
    await call('PATCH', `/items/${edited.id}`, editor, { title: 'Новое название', at: '2027-06-11', channelIds: [vk, tg], version: edited.version });
    await call('DELETE', `/items/${removed.id}?version=${removed.version}`, editor);
    const added = await newItem({ title: 'Добавлен', at: '2027-06-12' });
    const changes = (await call('GET', `/plans/${id}/changes`, director)).json();
    expect(changes.approval).toMatchObject({ approverName: 'Пётр Директоров' });
    expect(changes.added.map((i: { id: string }) => i.id)).toEqual([added.id]);
    expect(changes.removed.map((i: { id: string }) => i.id)).toEqual([removed.id]);
    expect(changes.changed).toEqual([
      expect.objectContaining({
        id: edited.id,
        fields: [
          { field: 'localDay', before: '2027-06-09', after: '2027-06-11' },
          { field: 'at', before: '2027-06-09', after: '2027-06-11' },
          { field: 'title', before: 'Старое название', after: 'Новое название' },
          { field: 'channelIds', before: [vk], after: [vk, tg].sort() },
        ],
      }),
    ]);
    expect(changes.names[tg]).toBe('Телеграм');
    expect(changes.changed.map((c: { id: string }) => c.id)).not.toContain(kept.id);

    const again = await approve(id);
    expect(again.status).toBe('approved');
    expect((await call('GET', `/plans/${id}/changes`, director)).json()).toMatchObject({ added: [], removed: [], changed: [] });
  });

  it('answers a never-approved plan with no comparison, and bad ids with a 400 naming the field', async () => {
    const id = await newPlan('week', '2027-07-05');
    expect((await call('GET', `/plans/${id}/changes`, editor)).json()).toEqual({ approval: null, added: [], removed: [], changed: [], names: {} });
    const bad = await call('GET', '/plans/not-a-uuid/changes', { ...editor, 'accept-language': 'en' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('params.planId');
    expect((await call('GET', '/plans/00000000-0000-4000-8000-000000000000/changes', editor)).statusCode).toBe(404);
  });

  it("keeps a returned plan's comment, who and when, for the editor on the plan and in the list, until it is submitted again", async () => {
    const id = await newPlan('week', '2027-08-02');
    const submitted = await call('POST', `/plans/${id}/status`, editor, { status: 'submitted', version: (await plan(id)).version });
    const returned = await call('POST', `/plans/${id}/status`, director, { status: 'draft', comment: '  Добавьте ярмарку вакансий  ', version: submitted.json().version });
    expect(returned.json()).toMatchObject({ status: 'draft', returnComment: 'Добавьте ярмарку вакансий', returnedBy: { name: 'Пётр Директоров' } });
    const seen = await plan(id);
    expect(seen).toMatchObject({ returnComment: 'Добавьте ярмарку вакансий', returnedBy: { name: 'Пётр Директоров' }, returnedAt: expect.any(String) });
    const listed = (await call('GET', '/plans', editor)).json().plans.find((p: PlanBody) => p.id === id);
    expect(listed.returnComment).toBe('Добавьте ярмарку вакансий');
    const again = await call('POST', `/plans/${id}/status`, editor, { status: 'submitted', version: seen.version });
    expect(again.json()).toMatchObject({ status: 'submitted', returnComment: null, returnedBy: null, returnedAt: null });
  });

  it('copies a plan without duplicating what is already on the calendar, into the next plan when it exists', async () => {
    const id = await newPlan('week', '2027-09-06');
    await newItem({ title: 'День открытых дверей', at: '2027-09-07', channelIds: [vk, tg] });
    await newItem({ title: 'Вакансии недели', at: '2027-09-08' });
    await newItem({ title: 'Отменённый', at: '2027-09-09', status: 'cancelled' });
    // Already on next week's calendar, written differently.
    await newItem({ title: 'день  открытых ДВЕРЕЙ', at: '2027-09-14', channelIds: [tg, vk] });
    const copied = await call('POST', `/plans/${id}/copy`, editor, {});
    expect(copied.statusCode, copied.body).toBe(201);
    expect(copied.json()).toMatchObject({ periodStart: '2027-09-13', itemCount: 1, skipped: 1, created: true });
    const next = await plan(copied.json().id);
    expect(next.items.map((i) => [i.title, i.localDay])).toEqual([
      ['день  открытых ДВЕРЕЙ', '2027-09-14'],
      ['Вакансии недели', '2027-09-15'],
    ]);

    // Again: next week's plan exists and is approved; nothing new to copy, nothing changes.
    await approve(next.id);
    const twice = await call('POST', `/plans/${id}/copy`, editor, {});
    expect(twice.json()).toMatchObject({ id: next.id, itemCount: 0, skipped: 2, created: false });
    expect((await plan(next.id)).status).toBe('approved');
    // A new item of this week is copied into the approved plan, which is then changed since approval.
    await newItem({ title: 'Новое', at: '2027-09-10' });
    const third = await call('POST', `/plans/${id}/copy`, editor, {});
    expect(third.json()).toMatchObject({ id: next.id, itemCount: 1, skipped: 2, created: false });
    expect((await plan(next.id)).status).toBe('changed');

    const archived = await call('POST', `/plans/${next.id}/status`, director, { status: 'archived', version: (await plan(next.id)).version });
    expect(archived.statusCode).toBe(200);
    const refused = await call('POST', `/plans/${id}/copy`, { ...editor, 'accept-language': 'en' }, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/archived/);
    const refusedRu = await call('POST', `/plans/${id}/copy`, editor, {});
    expect(refusedRu.json().error.message).toMatch(/в архиве/);
  });
});
