import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

type Headers = Record<string, string>;
interface ProposalBody {
  id: string;
  fromOrgId: string;
  fromOrgName: string;
  toOrgId: string;
  toOrgName: string;
  itemId: string | null;
  title: string;
  text: string;
  url: string | null;
  status: string;
  reason: string | null;
  acceptedItemId: string | null;
  createdBy: { id: string; name: string } | null;
  answeredBy: { id: string; name: string } | null;
  answeredAt: string | null;
  version: number;
}

// News proposed upwards (issue 15): a primary organisation proposes its news to the territorial
// committee above it, which accepts it into its own plan (an ordinary item) or declines it with a
// reason the proposer reads. Answered once; nobody outside the two organisations sees it.
describe.each(testDatabases())('news proposed upwards, on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let central: string;
  let territorial: string;
  let primary: string;
  let sibling: string;
  let editorP: Headers;
  let viewerP: Headers;
  let editorT: Headers;
  let directorT: Headers;
  let editorS: Headers;
  let centralAdmin: Headers;
  let primaryItem: string;
  let territorialVk: string;
  let primaryVk: string;

  const call = (method: 'GET' | 'POST', orgId: string, url: string, headers: Headers, payload?: object) =>
    ctx.app.inject({ method, url: `/api/orgs/${orgId}${url}`, headers, ...(payload ? { payload } : {}) });
  async function propose(body: object): Promise<ProposalBody> {
    const created = await call('POST', primary, '/proposals', editorP, body);
    expect(created.statusCode, created.body).toBe(201);
    return created.json();
  }
  const kindsOf = async (headers: Headers) =>
    ((await ctx.app.inject({ method: 'GET', url: '/api/notifications', headers })).json().items as Array<{ kind: string; title: string; body: string; link: string }>);

  beforeAll(async () => {
    central = (await createOrg(ctx.database, { kind: 'union_central', name: 'ЦК профсоюза' })).id;
    territorial = (await createOrg(ctx.database, { kind: 'union_territorial', name: 'Теркомитет', parentId: central, timezone: 'Asia/Yekaterinburg' })).id;
    primary = (await createOrg(ctx.database, { kind: 'union_primary', name: 'ППО завода', parentId: territorial })).id;
    sibling = (await createOrg(ctx.database, { kind: 'union_primary', name: 'ППО больницы', parentId: territorial })).id;
    const people: Array<[string, string, 'editor' | 'viewer' | 'director' | 'admin']> = [
      ['editor@p.test', primary, 'editor'],
      ['viewer@p.test', primary, 'viewer'],
      ['editor@t.test', territorial, 'editor'],
      ['director@t.test', territorial, 'director'],
      ['editor@s.test', sibling, 'editor'],
      ['admin@c.test', central, 'admin'],
    ];
    const sessions: Headers[] = [];
    for (const [email, orgId, role] of people) {
      const user = await createUser(ctx.database, email, { name: email.split('@')[0]! });
      await addMember(ctx.database, user.id, orgId, role);
      sessions.push(await login(ctx.app, email));
    }
    [editorP, viewerP, editorT, directorT, editorS, centralAdmin] = sessions as [Headers, Headers, Headers, Headers, Headers, Headers];
    territorialVk = (await call('POST', territorial, '/channels', editorT, { type: 'vk', name: 'ВКонтакте теркома' })).json().id;
    primaryVk = (await call('POST', primary, '/channels', editorP, { type: 'vk', name: 'ВКонтакте ППО' })).json().id;
    const item = await call('POST', primary, '/items', editorP, {
      kind: 'public_event',
      title: 'Субботник в цехе №3',
      at: '2026-11-20',
      newsHook: 'Триста человек за один день',
      notes: 'Фотографии у председателя',
      status: 'held',
      url: 'https://vk.com/wall-1_20',
    });
    expect(item.statusCode, item.body).toBe(201);
    primaryItem = item.json().id;
  });

  it('proposes an item to the parent by default, taking its title, text and link', async () => {
    const proposal = await propose({ itemId: primaryItem });
    expect(proposal).toMatchObject({
      fromOrgId: primary,
      fromOrgName: 'ППО завода',
      toOrgId: territorial,
      toOrgName: 'Теркомитет',
      itemId: primaryItem,
      title: 'Субботник в цехе №3',
      text: 'Триста человек за один день\n\nФотографии у председателя',
      url: 'https://vk.com/wall-1_20',
      status: 'proposed',
      reason: null,
      acceptedItemId: null,
      answeredAt: null,
      version: 1,
    });
    expect(proposal.createdBy?.name).toBe('editor');
    // Given fields win over the item's.
    expect(await propose({ itemId: primaryItem, title: 'Субботник', text: 'Коротко' })).toMatchObject({ title: 'Субботник', text: 'Коротко' });
  });

  it('proposes to any organisation above, and refuses one that is not, naming the field', async () => {
    expect(await propose({ toOrgId: central, title: 'Новость для ЦК', text: '' })).toMatchObject({ toOrgId: central, toOrgName: 'ЦК профсоюза' });
    for (const toOrgId of [sibling, primary, crypto.randomUUID()]) {
      const refused = await call('POST', primary, '/proposals', editorP, { toOrgId, title: 'Не туда' });
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().error.details.map((d: { path: string }) => d.path)).toEqual(['body.toOrgId']);
    }
    const fromRoot = await call('POST', central, '/proposals', centralAdmin, { title: 'Выше некуда' });
    expect(fromRoot.statusCode).toBe(400);
    expect(fromRoot.json().error.details[0]).toMatchObject({ path: 'body.toOrgId', message: 'у этой организации нет вышестоящей' });
  });

  it("refuses another organisation's item and a proposal with no title, and lets no viewer propose", async () => {
    const siblingItem = (await call('POST', sibling, '/items', editorS, { kind: 'post', title: 'Чужая новость', at: '2026-11-21' })).json().id;
    const foreign = await call('POST', primary, '/proposals', editorP, { itemId: siblingItem });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details.map((d: { path: string }) => d.path)).toEqual(['body.itemId', 'body.title']);
    const untitled = await call('POST', primary, '/proposals', editorP, { text: 'Без заголовка' });
    expect(untitled.json().error.details.map((d: { path: string }) => d.path)).toEqual(['body.title']);
    expect((await call('POST', primary, '/proposals', viewerP, { title: 'Зритель' })).statusCode).toBe(403);
  });

  it("tells the asked organisation's editors and director, not the proposer nor the organisation above", async () => {
    const proposal = await propose({ title: 'Победа на конкурсе', text: 'Первое место' });
    for (const headers of [editorT, directorT]) {
      const told = (await kindsOf(headers)).find((n) => n.link.includes(proposal.id));
      expect(told).toMatchObject({ kind: 'proposal_received', title: 'Предложена новость «Победа на конкурсе» — Теркомитет', body: 'Предлагает ППО завода: editor' });
      expect(told!.link).toBe(`/proposals?org=${territorial}&direction=incoming&proposal=${proposal.id}`);
    }
    expect((await kindsOf(editorP)).some((n) => n.kind === 'proposal_received')).toBe(false);
    expect((await kindsOf(centralAdmin)).some((n) => n.link.includes(proposal.id))).toBe(false);
  });

  it('lists outgoing at the proposer and incoming at the one asked, by status; shows one only to the two', async () => {
    const proposal = await propose({ title: 'Список', text: '' });
    const outgoing = (await call('GET', primary, '/proposals', viewerP)).json().proposals as ProposalBody[];
    expect(outgoing.map((p) => p.id)).toContain(proposal.id);
    expect(outgoing.every((p) => p.fromOrgId === primary)).toBe(true);
    const incoming = (await call('GET', territorial, '/proposals?direction=incoming&status=proposed', directorT)).json().proposals as ProposalBody[];
    expect(incoming.map((p) => p.id)).toContain(proposal.id);
    expect(incoming.every((p) => p.toOrgId === territorial && p.status === 'proposed')).toBe(true);
    expect((await call('GET', territorial, '/proposals?direction=incoming&status=declined', directorT)).json().proposals.map((p: ProposalBody) => p.id)).not.toContain(
      proposal.id,
    );
    expect((await call('GET', territorial, `/proposals/${proposal.id}`, editorT)).json().id).toBe(proposal.id);
    expect((await call('GET', primary, `/proposals/${proposal.id}`, viewerP)).json().id).toBe(proposal.id);
    // A sibling sees nothing of it, under its own id or the proposer's.
    expect((await call('GET', sibling, `/proposals/${proposal.id}`, editorS)).statusCode).toBe(404);
    expect((await call('GET', primary, `/proposals/${proposal.id}`, editorS)).statusCode).toBe(404);
    expect((await call('GET', sibling, '/proposals?direction=incoming', editorS)).json().proposals).toEqual([]);
  });

  it("accepts a proposal into the asked organisation's plan as an ordinary item, once, and tells the proposer", async () => {
    const proposal = await propose({ itemId: primaryItem });
    const stale = await call('POST', territorial, `/proposals/${proposal.id}/accept`, editorT, { version: 7, at: '2026-12-03' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', currentVersion: 1 });
    expect((await call('POST', territorial, `/proposals/${proposal.id}/accept`, editorT, { at: '2026-12-03' })).statusCode).toBe(428);
    // Accepting it from the proposer's side is no answer (the territorial editor may edit below, but it was not asked there).
    expect((await call('POST', primary, `/proposals/${proposal.id}/accept`, editorT, { version: 1, at: '2026-12-03' })).statusCode).toBe(404);
    expect((await call('POST', territorial, `/proposals/${proposal.id}/accept`, viewerP, { version: 1, at: '2026-12-03' })).statusCode).toBe(404);

    const accepted = await call('POST', territorial, `/proposals/${proposal.id}/accept`, editorT, {
      version: 1,
      at: '2026-12-03T10:00:00+05:00',
      kind: 'post',
      title: 'ППО завода: субботник',
      channelIds: [territorialVk],
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const answered = accepted.json() as ProposalBody;
    expect(answered).toMatchObject({ status: 'accepted', version: 2, reason: null, answeredBy: { name: 'editor' } });
    expect(answered.acceptedItemId).not.toBeNull();
    const item = (await call('GET', territorial, `/items/${answered.acceptedItemId}`, directorT)).json();
    expect(item).toMatchObject({
      orgId: territorial,
      kind: 'post',
      title: 'ППО завода: субботник',
      status: 'planned',
      localDay: '2026-12-03',
      channelIds: [territorialVk],
      notes: 'Триста человек за один день\n\nФотографии у председателя\n\nhttps://vk.com/wall-1_20',
    });
    const listed = (await call('GET', territorial, '/items?from=2026-12-01&to=2026-12-31', directorT)).json().items.map((i: { id: string }) => i.id);
    expect(listed).toContain(answered.acceptedItemId);

    for (const [action, body] of [
      ['accept', { version: 2, at: '2026-12-04' }],
      ['decline', { version: 2, reason: 'Передумали' }],
    ] as const) {
      const again = await call('POST', territorial, `/proposals/${proposal.id}/${action}`, editorT, body);
      expect(again.statusCode, action).toBe(409);
      expect(again.json().error.code).toBe('proposal_answered');
    }
    const told = (await kindsOf(editorP)).find((n) => n.kind === 'proposal_answered' && n.link.includes(proposal.id));
    expect(told).toMatchObject({ title: 'Предложение «Субботник в цехе №3» принято — ППО завода', body: 'Теркомитет: в плане на 3 декабря. Принял(а): editor' });
  });

  it('writes nothing when the accepted item is not valid there, naming the field', async () => {
    const proposal = await propose({ title: 'Не на тот канал', text: '' });
    const refused = await call('POST', territorial, `/proposals/${proposal.id}/accept`, editorT, { version: 1, at: '2026-12-05', channelIds: [primaryVk] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.map((d: { path: string }) => d.path)).toEqual(['body.channelIds[0]']);
    expect((await call('GET', territorial, `/proposals/${proposal.id}`, editorT)).json()).toMatchObject({ status: 'proposed', version: 1, acceptedItemId: null });
  });

  it('declines with a reason the proposer reads, in the list and in a notification', async () => {
    const proposal = await propose({ title: 'Новость о столовой', text: 'Новое меню' });
    expect((await call('POST', territorial, `/proposals/${proposal.id}/decline`, editorT, { version: 1, reason: '   ' })).statusCode).toBe(400);
    expect((await call('POST', territorial, `/proposals/${proposal.id}/decline`, viewerP, { version: 1, reason: 'Нет' })).statusCode).toBe(404);
    const declined = await call('POST', territorial, `/proposals/${proposal.id}/decline`, editorT, {
      version: 1,
      reason: ' Не для внешних СМИ ',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', reason: 'Не для внешних СМИ', acceptedItemId: null, version: 2 });
    const mine = (await call('GET', primary, '/proposals?status=declined', editorP)).json().proposals as ProposalBody[];
    expect(mine.find((p) => p.id === proposal.id)).toMatchObject({ reason: 'Не для внешних СМИ', toOrgName: 'Теркомитет' });
    const told = (await kindsOf(editorP)).find((n) => n.kind === 'proposal_answered' && n.link.includes(proposal.id));
    expect(told).toMatchObject({ title: 'Предложение «Новость о столовой» отклонено — ППО завода', body: 'Теркомитет: отклонил(а) editor; причина: Не для внешних СМИ' });
    expect(told!.link).toBe(`/proposals?org=${primary}&direction=outgoing&proposal=${proposal.id}`);
  });

  it('answers one of two racing answers and refuses the other', async () => {
    const proposal = await propose({ title: 'Гонка', text: '' });
    const answers = await Promise.all([
      call('POST', territorial, `/proposals/${proposal.id}/accept`, editorT, { version: 1, at: '2026-12-07' }),
      call('POST', territorial, `/proposals/${proposal.id}/decline`, editorT, { version: 1, reason: 'Нет' }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const items = (await call('GET', territorial, '/items?from=2026-12-07&to=2026-12-07', editorT)).json().items as Array<{ title: string }>;
    expect(items.filter((i) => i.title === 'Гонка').length).toBe(answers.some((a) => a.statusCode === 200 && a.json().status === 'accepted') ? 1 : 0);
  });
});
