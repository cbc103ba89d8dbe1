import { beforeAll, describe, expect, it } from 'vitest';
import { templateVisibleAt } from '@ritm/domain/plan-template';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

describe.each(testDatabases())('plan templates on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let region: string;
  let primary: string;
  let telegramOnly: string;
  let stranger: string;
  let regionEditor: Record<string, string>;
  let primaryEditor: Record<string, string>;
  let primaryViewer: Record<string, string>;
  let primaryVk: string;
  let youthAudience: string;
  let templateId: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    ctx.app.inject({ method, url: `/api${url}`, headers, ...(payload && { payload }) });
  const channel = async (orgId: string, type: string, name: string) => (await call('POST', `/orgs/${orgId}/channels`, regionEditor, { type, name })).json().id as string;
  const items = async (orgId: string, from: string, to: string) => (await call('GET', `/orgs/${orgId}/items?from=${from}&to=${to}`, regionEditor)).json().items;

  beforeAll(async () => {
    region = (await createOrg(ctx.database, { kind: 'union_territorial', name: 'Теркомитет' })).id;
    primary = (await createOrg(ctx.database, { kind: 'union_primary', parentId: region, timezone: 'Asia/Vladivostok', name: 'ППО завода' })).id;
    telegramOnly = (await createOrg(ctx.database, { kind: 'union_primary', parentId: region, name: 'ППО школы' })).id;
    stranger = (await createOrg(ctx.database, { kind: 'union_territorial', name: 'Чужой теркомитет' })).id;
    const users = {
      regionEditor: await createUser(ctx.database, 'region@templates.test'),
      primaryEditor: await createUser(ctx.database, 'primary@templates.test'),
      primaryViewer: await createUser(ctx.database, 'viewer@templates.test'),
    };
    await addMember(ctx.database, users.regionEditor.id, region, 'editor');
    await addMember(ctx.database, users.primaryEditor.id, primary, 'editor');
    await addMember(ctx.database, users.primaryViewer.id, primary, 'viewer');
    regionEditor = await login(ctx.app, 'region@templates.test');
    primaryEditor = await login(ctx.app, 'primary@templates.test');
    primaryViewer = await login(ctx.app, 'viewer@templates.test');

    const regionVk = await channel(region, 'vk', 'ВКонтакте');
    const regionStand = await channel(region, 'info_stand', 'Стенд');
    await channel(primary, 'vk', 'Группа ППО');
    primaryVk = await channel(primary, 'vk', 'вконтакте');
    await channel(telegramOnly, 'telegram', 'Канал');
    youthAudience = (await call('POST', `/orgs/${region}/audiences`, regionEditor, { name: 'Молодёжь' })).json().id;
    const post = (payload: object) => call('POST', `/orgs/${region}/items`, regionEditor, payload);
    // The week of 16–22 November 2026 in the region (Moscow): a timed post, a stand update, a cancelled item.
    expect((await post({ kind: 'post', title: 'Вакансии недели', at: '2026-11-17T10:30:00+03:00', channelIds: [regionVk], audienceIds: [youthAudience], newsHook: 'Ярмарка' })).statusCode).toBe(201);
    expect((await post({ kind: 'stand_update', title: 'Обновить стенд', at: '2026-11-19', channelIds: [regionStand] })).statusCode).toBe(201);
    expect((await post({ kind: 'post', title: 'Отменённое', at: '2026-11-20', status: 'cancelled' })).statusCode).toBe(201);
  });

  it('saves a week as entries relative to it, channels by type and name, audiences by name, time of day kept', async () => {
    const saved = await call('POST', `/orgs/${region}/templates`, regionEditor, { name: 'Типовая неделя', span: 'week', from: '2026-11-18', shareDown: true });
    expect(saved.statusCode).toBe(201);
    templateId = saved.json().id;
    expect(saved.json()).toMatchObject({
      orgId: region,
      orgName: 'Теркомитет',
      name: 'Типовая неделя',
      span: 'week',
      shareDown: true,
      entryCount: 2,
      may: { edit: true, apply: true, applyBelow: true },
      version: 1,
      entries: [
        {
          place: { weekday: 2 },
          time: '10:30',
          kind: 'post',
          title: 'Вакансии недели',
          newsHook: 'Ярмарка',
          format: '',
          channels: [{ type: 'vk', name: 'ВКонтакте' }],
          audiences: ['Молодёжь'],
          keyMessages: [],
        },
        { place: { weekday: 4 }, time: null, kind: 'stand_update', title: 'Обновить стенд', channels: [{ type: 'info_stand', name: 'Стенд' }] },
      ],
    });
  });

  it('lists a template shared down to those below, with what each may do; a viewer sees but may not apply', async () => {
    const list = await call('GET', `/orgs/${primary}/templates`, primaryEditor);
    expect(list.statusCode).toBe(200);
    expect(list.json().templates).toEqual([expect.objectContaining({ id: templateId, orgId: region, entryCount: 2, may: { edit: false, apply: true, applyBelow: true } })]);
    expect((await call('GET', `/orgs/${primary}/templates`, primaryViewer)).json().templates[0].may).toEqual({ edit: false, apply: false, applyBelow: false });
    expect((await call('GET', `/orgs/${primary}/templates/${templateId}`, primaryViewer)).json().entries).toHaveLength(2);
    expect((await call('POST', `/orgs/${primary}/templates/${templateId}/apply`, primaryViewer, { from: '2026-11-23' })).statusCode).toBe(403);
    // Another tree sees nothing of it.
    expect((await call('GET', `/orgs/${stranger}/templates/${templateId}`, regionEditor)).statusCode).toBe(404);
  });

  it('previews, then applies once in the primary’s zone with its channel of the same name; applying again creates nothing', async () => {
    const url = `/orgs/${primary}/templates/${templateId}/apply`;
    const preview = await call('POST', url, primaryEditor, { from: '2026-11-25', preview: true });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({
      orgId: primary,
      period: { start: '2026-11-23', end: '2026-11-29' },
      created: [{ title: 'Вакансии недели', day: '2026-11-24' }],
      skipped: [{ title: 'Обновить стенд', day: '2026-11-26', why: 'no_channel' }],
    });
    expect(await items(primary, '2026-11-23', '2026-11-29')).toEqual([]);

    const applied = await call('POST', url, primaryEditor, { from: '2026-11-25' });
    expect(applied.statusCode).toBe(200);
    expect(applied.json().created).toEqual([{ id: expect.any(String), title: 'Вакансии недели', day: '2026-11-24' }]);
    expect(await items(primary, '2026-11-23', '2026-11-29')).toEqual([
      expect.objectContaining({
        id: applied.json().created[0].id,
        status: 'planned',
        at: '2026-11-24T00:30:00.000Z',
        localDay: '2026-11-24',
        channelIds: [primaryVk],
        audienceIds: [youthAudience],
        newsHook: 'Ярмарка',
      }),
    ]);

    const again = await call('POST', url, primaryEditor, { from: '2026-11-23' });
    expect(again.json().created).toEqual([]);
    expect(again.json().skipped).toEqual([
      { title: 'Вакансии недели', day: '2026-11-24', why: 'duplicate' },
      { title: 'Обновить стенд', day: '2026-11-26', why: 'no_channel' },
    ]);
    expect(await items(primary, '2026-11-23', '2026-11-29')).toHaveLength(1);
  });

  it('applies to another organisation below from the saving one, with plan.edit there', async () => {
    const applied = await call('POST', `/orgs/${region}/templates/${templateId}/apply`, regionEditor, { from: '2026-11-30', orgId: telegramOnly });
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ orgId: telegramOnly, created: [], skipped: [{ why: 'no_channel' }, { why: 'no_channel' }] });
    // The primary's editor holds no role in the region: it is not even revealed (404), as everywhere.
    const upwards = await call('POST', `/orgs/${primary}/templates/${templateId}/apply`, primaryEditor, { from: '2026-11-30', orgId: region });
    expect(upwards.statusCode).toBe(404);
    // Nor is an organisation outside the caller's trees.
    const outside = await call('POST', `/orgs/${region}/templates/${templateId}/apply`, regionEditor, { from: '2026-11-30', orgId: stranger });
    expect(outside.statusCode).toBe(404);
  });

  it('creates all or nothing: one entry the items refuse stops the whole application', async () => {
    const own = await call('POST', `/orgs/${primary}/templates`, primaryEditor, { name: 'Неделя ППО', span: 'week', from: '2026-11-23' });
    expect(own.json()).toMatchObject({ entryCount: 1, may: { edit: true, apply: true, applyBelow: false } });
    const entries = [
      { ...own.json().entries[0], title: 'Хорошая' },
      { ...own.json().entries[0], title: 'Стенд во ВКонтакте', kind: 'stand_update', place: { weekday: 5 } },
    ];
    const patched = await call('PATCH', `/orgs/${primary}/templates/${own.json().id}`, primaryEditor, { version: 1, entries });
    expect(patched.statusCode).toBe(200);
    const refused = await call('POST', `/orgs/${primary}/templates/${own.json().id}/apply`, { ...primaryEditor, 'accept-language': 'en' }, { from: '2026-12-07' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([{ path: 'template.entries[1].channelIds[0]', message: expect.stringContaining('cannot go on vk') }]);
    expect(await items(primary, '2026-12-07', '2026-12-13')).toEqual([]);
  });

  it('checks entries’ places against the span, and changes only its own templates', async () => {
    const bad = await call('PATCH', `/orgs/${region}/templates/${templateId}`, { ...regionEditor, 'accept-language': 'en' }, {
      version: 1,
      entries: [{ place: { day: 12 }, time: null, kind: 'post', title: 'x', newsHook: '', format: '', channels: [], audiences: [], keyMessages: [] }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ path: 'body.entries[0].place', message: 'a week takes a weekday (1–7) alone' }]);
    expect((await call('PATCH', `/orgs/${primary}/templates/${templateId}`, primaryEditor, { version: 1, name: 'Моя' })).statusCode).toBe(404);
    expect((await call('DELETE', `/orgs/${primary}/templates/${templateId}?version=1`, primaryEditor)).statusCode).toBe(404);
  });

  it('stops sharing: those below no longer list, read or apply it', async () => {
    const unshared = await call('PATCH', `/orgs/${region}/templates/${templateId}`, regionEditor, { version: 1, shareDown: false, name: 'Неделя теркома' });
    expect(unshared.statusCode).toBe(200);
    expect(unshared.json()).toMatchObject({ version: 2, shareDown: false, name: 'Неделя теркома', entryCount: 2 });
    expect((await call('GET', `/orgs/${primary}/templates`, primaryEditor)).json().templates.map((t: { orgId: string }) => t.orgId)).toEqual([primary]);
    expect((await call('GET', `/orgs/${primary}/templates/${templateId}`, primaryEditor)).statusCode).toBe(404);
    const below = await call('POST', `/orgs/${region}/templates/${templateId}/apply`, regionEditor, { from: '2026-12-07', orgId: primary });
    expect(below.statusCode).toBe(400);
    expect(below.json().error.details[0].path).toBe('body.orgId');
    expect((await call('DELETE', `/orgs/${region}/templates/${templateId}?version=1`, regionEditor)).statusCode).toBe(409);
    expect((await call('DELETE', `/orgs/${region}/templates/${templateId}?version=2`, regionEditor)).statusCode).toBe(204);
    // Items made from it stay.
    expect(await items(primary, '2026-11-23', '2026-11-29')).toHaveLength(1);
  });

  it('refuses to save a period of more items than a template holds, rather than cut it short', async () => {
    const meetings = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ kind: 'meeting', title: `Встреча ${from + i}`, at: `2027-0${1 + ((from + i) % 3)}-${String(1 + ((from + i) % 28)).padStart(2, '0')}` }));
    expect((await call('POST', `/orgs/${telegramOnly}/items/bulk`, regionEditor, { items: meetings(0, 500) })).statusCode).toBe(201);
    expect((await call('POST', `/orgs/${telegramOnly}/items/bulk`, regionEditor, { items: meetings(500, 1) })).statusCode).toBe(201);
    const tooLarge = await call('POST', `/orgs/${telegramOnly}/templates`, { ...regionEditor, 'accept-language': 'en' }, { name: 'Квартал', span: 'quarter', from: '2027-01-01' });
    expect(tooLarge.statusCode).toBe(400);
    expect(tooLarge.json().error.details).toEqual([{ path: 'body.from', message: 'the period holds 501 items and a template at most 500: save a week or a month' }]);
    expect((await call('GET', `/orgs/${telegramOnly}/templates`, regionEditor)).json().templates).toEqual([]);
  });

  it('saves a quarter by Nth weekday and lays it onto the next quarter', async () => {
    const quarter = await call('POST', `/orgs/${region}/templates`, regionEditor, { name: 'Квартал', span: 'quarter', from: '2026-10-01', placing: 'weekday' });
    expect(quarter.json().entries.map((e: { place: object }) => e.place)).toEqual([
      { month: 2, weekday: 2, nth: 3 },
      { month: 2, weekday: 4, nth: 3 },
    ]);
    const preview = await call('POST', `/orgs/${region}/templates/${quarter.json().id}/apply`, regionEditor, { from: '2027-02-01', preview: true });
    expect(preview.json()).toMatchObject({ period: { start: '2027-01-01', end: '2027-03-31' }, created: [{ day: '2027-02-16' }, { day: '2027-02-18' }], skipped: [] });
  });
  it('applies twice at once as once: the second apply waits for the first and skips what it created', async () => {
    const saved = await call('POST', `/orgs/${region}/templates`, regionEditor, { name: 'Неделя для гонки', span: 'week', from: '2026-11-18' });
    const url = `/orgs/${region}/templates/${saved.json().id}/apply`;
    const answers = await Promise.all([1, 2, 3].map(() => call('POST', url, regionEditor, { from: '2026-12-09' })));
    for (const answer of answers) expect(answer.statusCode, answer.body).toBe(200);
    expect(answers.map((a) => a.json().created.length).sort()).toEqual([0, 0, 2]);
    expect((await items(region, '2026-12-07', '2026-12-13')).map((item: { title: string }) => item.title).sort()).toEqual(['Вакансии недели', 'Обновить стенд']);
  });

  it('refuses with a 400 on `from` a period that reaches past the product’s last day, as plans do', async () => {
    const saved = await call('POST', `/orgs/${region}/templates`, regionEditor, { name: 'Неделя на краю', span: 'week', from: '2026-11-18' });
    const answer = await call('POST', `/orgs/${region}/templates/${saved.json().id}/apply`, regionEditor, { from: '2100-12-30' });
    expect(answer.statusCode, answer.body).toBe(400);
    expect(answer.json().error).toMatchObject({ code: 'validation', details: [{ path: 'body.from', message: expect.stringContaining('2100-12-31') }] });
  });
  it('lists at each organisation exactly the templates the domain’s templateVisibleAt lets it see (the SQL mirrors the rule)', async () => {
    const shared = await call('POST', `/orgs/${region}/templates`, regionEditor, { name: 'Общая неделя', span: 'week', from: '2026-11-18', shareDown: true });
    expect(shared.statusCode).toBe(201);
    const all = await ctx.database.db
      .selectFrom('plan_templates as t')
      .innerJoin('organisations as o', 'o.id', 't.org_id')
      .select(['t.id', 't.org_id as orgId', 'o.path as orgPath', 't.share_down as shareDown'])
      .execute();
    expect(all.some((t) => t.shareDown) && all.some((t) => !t.shareDown)).toBe(true);
    for (const orgId of [region, primary, telegramOnly, stranger]) {
      const org = await ctx.database.db.selectFrom('organisations').select(['id', 'path']).where('id', '=', orgId).executeTakeFirstOrThrow();
      const listed = (await call('GET', `/orgs/${orgId}/templates`, regionEditor)).json().templates ?? [];
      const expected = all.filter((t) => templateVisibleAt(t, org)).map((t) => t.id);
      if (orgId === stranger) expect(expected).toEqual([]);
      else expect(listed.map((t: { id: string }) => t.id).sort()).toEqual(expected.sort());
    }
  });
});
