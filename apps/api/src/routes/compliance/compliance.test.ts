import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '@ritm/domain/evaluate';
import { MINTRUD_2022 } from '@ritm/domain/presets';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

describe.each(testDatabases())('plans, norms and compliance on $name', ({ open }) => {
  // The app's clock: the Saturday after the week judged here (16–22 November). Norms added then take
  // effect from that week and month (issue 11), and items published that week are not in the future.
  const ctx = useTestApp(open, { now: () => new Date('2026-11-21T09:00:00Z') });
  let editor: Record<string, string>;
  let director: Record<string, string>;
  let regionId: string;
  let centreId: string;
  const channels: Record<string, string> = {};

  beforeAll(async () => {
    regionId = (await createOrg(ctx.database, { kind: 'employment_authority', name: 'Комитет' })).id;
    centreId = (await createOrg(ctx.database, { kind: 'employment_center', parentId: regionId, name: 'ЦЗН', timezone: 'Asia/Yekaterinburg' })).id;
    const e = await createUser(ctx.database, 'editor@compliance.test');
    const d = await createUser(ctx.database, 'director@compliance.test');
    await addMember(ctx.database, e.id, regionId, 'editor');
    await addMember(ctx.database, d.id, regionId, 'director');
    editor = await login(ctx.app, 'editor@compliance.test');
    director = await login(ctx.app, 'director@compliance.test');
    for (const type of ['website', 'vk', 'ok', 'info_zone']) {
      const r = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/channels`, headers: editor, payload: { type, name: type } });
      channels[type] = r.json().id;
    }
  });

  it('applies a preset once, inherits it below, and overrides min at the centre', async () => {
    const applied = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${regionId}/norms`, headers: editor, payload: { preset: 'mintrud-2022' } });
    expect(applied.statusCode).toBe(201);
    expect(applied.json().norms).toHaveLength(MINTRUD_2022.norms.length);
    const again = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${regionId}/norms`, headers: editor, payload: { preset: 'mintrud-2022' } });
    expect(again.statusCode).toBe(200);
    expect(again.json().norms).toEqual([]);

    const inherited = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${centreId}/norms`, headers: editor })).json().norms;
    const posts = inherited.find((n: { key: string }) => n.key === 'social-posts');
    expect(posts).toMatchObject({ inherited: true, overrides: false, preset: 'mintrud-2022', orgId: regionId, norm: { id: 'social-posts', min: 2, per: 'week' } });

    const override = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${centreId}/norms/social-posts`, headers: editor, payload: { min: 3, version: posts.version } });
    expect(override.statusCode).toBe(200);
    expect(override.json()).toMatchObject({ inherited: false, overrides: true, orgId: centreId, preset: 'mintrud-2022', norm: { min: 3, perChannel: true } });
    const region = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${regionId}/norms`, headers: editor })).json().norms;
    expect(region.find((n: { key: string }) => n.key === 'social-posts').norm.min).toBe(2);
  });

  it('validates a custom norm with the domain, naming body fields', async () => {
    const bad = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/norms`, headers: editor, payload: { id: 'tg-daily', type: 'presence' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('body.channelTypes');
    // Field details from the domain's issue codes, in the caller's language (Russian by default).
    const nonsense = { id: 'budget', type: 'quantity', figure: 'info_budget_percent', effectiveFrom: '2026-12-01', effectiveTo: '2026-11-01' };
    expect((await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/norms`, headers: editor, payload: nonsense })).json().error).toEqual({
      code: 'validation',
      message: 'Норматив задан неверно',
      details: [
        { path: 'body.effectiveTo', message: 'раньше начала действия (2026-12-01)' },
        { path: 'body.atLeast', message: 'укажите atLeast, perMembers или оба' },
      ],
    });
    const inEnglish = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/norms`, headers: { ...editor, 'accept-language': 'en' }, payload: nonsense });
    expect(inEnglish.json().error).toEqual({
      code: 'validation',
      message: 'The norm is not valid',
      details: [
        { path: 'body.effectiveTo', message: 'before effectiveFrom (2026-12-01)' },
        { path: 'body.atLeast', message: 'give atLeast, perMembers or both' },
      ],
    });
    const good = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/norms`, headers: editor, payload: { id: 'ok-weekly', min: 1, per: 'week', kinds: ['post'], channelTypes: ['ok'], title: 'Одноклассники — раз в неделю' } });
    expect(good.statusCode).toBe(201);
    expect(good.json()).toMatchObject({ id: expect.any(String), version: 1 });
    const wrongType = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/norms`, headers: editor, payload: { id: 'x', min: 'two', per: 'week' } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.details[0].path).toBe('body.min');
  });

  it('answers compliance exactly as the domain evaluator judges the same items', async () => {
    const items = [
      { kind: 'post', title: 'Пост 1', at: '2026-11-16T05:00:00Z', status: 'published', channelIds: [channels.vk!, channels.ok!] },
      { kind: 'post', title: 'Пост 2', at: '2026-11-18', status: 'published', channelIds: [channels.vk!] },
      { kind: 'post', title: 'Пост 3', at: '2026-11-20', status: 'planned', channelIds: [channels.vk!] },
      { kind: 'post', title: 'Просрочен', at: '2026-11-17', status: 'planned', channelIds: [channels.ok!] },
      { kind: 'press_release', title: 'Пресс-релиз', at: '2026-11-03', status: 'published', channelIds: [channels.website!] },
      { kind: 'vacancy_material', title: 'Вакансии', at: '2026-11-19T19:30:00Z', status: 'published', channelIds: [channels.website!] },
      { kind: 'public_event', title: 'Ярмарка', at: '2026-11-25', status: 'cancelled' },
    ];
    const created = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/items/bulk`, headers: editor, payload: { items } });
    expect(created.statusCode).toBe(201);
    const ids = created.json().items.map((i: { id: string }) => i.id);

    const response = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${centreId}/compliance?from=2026-11-16&to=2026-11-22&asOf=2026-11-19`, headers: editor });
    expect(response.statusCode).toBe(200);
    const norms = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${centreId}/norms`, headers: editor })).json().norms.map((n: { norm: unknown }) => n.norm);
    const expected = evaluate(
      {
        org: { kind: 'employment_center' },
        channels: Object.entries(channels).map(([type, id]) => ({ id, type })),
        norms,
        // None has a URL or an attachment: the API counts each done one as claimed, not confirmed.
        items: items.map((item, i) => ({ id: ids[i], kind: item.kind, status: item.status as never, at: item.at, channels: item.channelIds ?? [], confirmed: false })),
        range: { from: '2026-11-16', to: '2026-11-22' },
      },
      { today: '2026-11-19', timeZone: 'Asia/Yekaterinburg' },
    );
    const body = response.json();
    expect(body.results).toEqual(expected.results.map(({ overdue: _o, ...row }) => row));
    expect(body.overdue).toEqual(expected.overdue);
    expect(body.overdue).toContainEqual({ item: ids[3], norm: 'social-posts', channel: channels.ok, at: '2026-11-17' });
    expect(body.results.find((r: { norm: string; channel: string }) => r.norm === 'social-posts' && r.channel === channels.vk)).toMatchObject({ required: 3, actual: 2, planned: 1, status: 'on_track' });
  });

  it('summarises the subtree with counts by status and worst rows, and suggests dates for gaps', async () => {
    const summary = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${regionId}/compliance/summary?from=2026-11-16&to=2026-11-22&asOf=2026-11-19`, headers: director });
    expect(summary.statusCode).toBe(200);
    const body = summary.json();
    expect(body.organisations.map((o: { orgId: string }) => o.orgId).sort()).toEqual([regionId, centreId].sort());
    const centre = body.organisations.find((o: { orgId: string }) => o.orgId === centreId);
    const single = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${centreId}/compliance?from=2026-11-16&to=2026-11-22&asOf=2026-11-19`, headers: editor })).json();
    expect(centre.judged + centre.counts.exempt + centre.counts.not_applicable).toBe(single.results.length);
    expect(centre.worstRows[0].status).toBe('missed');
    const suggestions = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${centreId}/suggestions?from=2026-11-16&to=2026-11-22&asOf=2026-11-19`, headers: editor });
    expect(suggestions.statusCode).toBe(200);
    const okRow = suggestions.json().suggestions.find((s: { channel: string }) => s.channel === channels.ok);
    expect(okRow).toMatchObject({ norm: 'social-posts', missing: 2 });
    expect(okRow.dates).toHaveLength(2);
  });

  it('lets only a director grant an exemption, which makes the row exempt', async () => {
    const payload = { normKey: 'public-events', from: '2026-11-01', to: '2026-11-30', reason: 'Карантин' };
    expect((await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/exemptions`, headers: editor, payload })).statusCode).toBe(403);
    const granted = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${regionId}/exemptions`, headers: director, payload });
    expect(granted.statusCode).toBe(201);
    const unknown = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/exemptions`, headers: director, payload: { ...payload, normKey: 'nope' } });
    expect(unknown.json().error.details[0].path).toBe('body.normKey');
    const rows = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${centreId}/compliance?from=2026-11-16&to=2026-11-22&asOf=2026-11-19`, headers: editor })).json().results;
    expect(rows.find((r: { norm: string }) => r.norm === 'public-events').status).toBe('exempt');
  });

  it('waives a per-channel norm on one channel only, and refuses a channel elsewhere', async () => {
    const week = `/api/orgs/${centreId}/compliance?from=2026-11-16&to=2026-11-22&asOf=2026-11-19`;
    const postsRow = async (channel: string) =>
      ((await ctx.app.inject({ method: 'GET', url: week, headers: editor })).json().results as { norm: string; channel: string | null; status: string }[]).find(
        (r) => r.norm === 'social-posts' && r.channel === channel,
      )!;
    expect((await postsRow(channels.vk!)).status).not.toBe('exempt');
    const payload = { normKey: 'social-posts', channelId: channels.vk, from: '2026-11-16', to: '2026-11-22', reason: 'Сообщество ВК заблокировано' };
    const granted = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/exemptions`, headers: director, payload });
    expect(granted.statusCode, granted.body).toBe(201);
    expect((await postsRow(channels.vk!)).status).toBe('exempt');
    expect((await postsRow(channels.ok!)).status).not.toBe('exempt');
    const listed = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${centreId}/exemptions`, headers: director })).json().exemptions;
    expect(listed).toContainEqual(expect.objectContaining({ normKey: 'social-posts', channelId: channels.vk }));

    // The message and its field details in one language: Russian by default, English on request.
    const notPerChannel = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/exemptions`, headers: director, payload: { ...payload, normKey: 'public-events' } });
    expect(notPerChannel.statusCode).toBe(400);
    expect(notPerChannel.json().error.details).toEqual([{ path: 'body.channelId', message: 'норматив public-events не проверяется по каждому каналу' }]);
    expect(notPerChannel.json().error.message).toBe('Канал можно указать только для норматива, который проверяется по каждому каналу');
    const inEnglish = { ...director, 'accept-language': 'en' };
    const notPerChannelEn = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/exemptions`, headers: inEnglish, payload: { ...payload, normKey: 'public-events' } });
    expect(notPerChannelEn.json().error).toMatchObject({ message: 'A channel narrows only a per-channel norm', details: [{ path: 'body.channelId', message: 'public-events is not judged per channel' }] });
    const elsewhere = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${regionId}/exemptions`, headers: inEnglish, payload });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error.details).toEqual([{ path: 'body.channelId', message: 'not a channel of this organisation' }]);
  });

  it('runs a plan draft → submitted → approved, records who approved, and copies it keeping weekdays', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/plans`, headers: editor, payload: { period: 'week', periodStart: '2026-11-23', title: 'План на неделю' } });
    expect(created.statusCode).toBe(201);
    const planId = created.json().id;
    const wrongStart = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/plans`, headers: editor, payload: { period: 'week', periodStart: '2026-11-24', title: 'x' } });
    expect(wrongStart.json().error.details[0].path).toBe('body.periodStart');
    const dup = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/plans`, headers: editor, payload: { period: 'week', periodStart: '2026-11-23', title: 'x' } });
    expect(dup.statusCode).toBe(409);
    const outside = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/items`, headers: editor, payload: { kind: 'post', title: 'x', at: '2026-12-01', planId } });
    expect(outside.json().error.details[0].path).toBe('body.at');
    const item = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/items`, headers: editor, payload: { kind: 'post', title: 'Вторник', at: '2026-11-24', planId, channelIds: [channels.vk] } })).json();

    const submitted = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/plans/${planId}/status`, headers: editor, payload: { status: 'submitted', version: 1 } });
    expect(submitted.json().status).toBe('submitted');
    expect((await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/plans/${planId}/status`, headers: editor, payload: { status: 'approved', version: 2 } })).statusCode).toBe(403);
    // The director approves while the editor reschedules an item: both land.
    const [approved, moved] = await Promise.all([
      ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/plans/${planId}/status`, headers: director, payload: { status: 'approved', version: 2 } }),
      ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${centreId}/items/${item.id}`, headers: editor, payload: { at: '2026-11-25', version: item.version } }),
    ]);
    expect(approved.statusCode).toBe(200);
    expect(moved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', approvedBy: expect.any(String), approvedAt: expect.any(String) });
    const plan = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${centreId}/plans/${planId}`, headers: editor })).json();
    // The plan holds every item of its week, the cancelled fair included (shown, not counted).
    expect(plan.items.map((i: { title: string; at: string; status: string }) => [i.title, i.at, i.status])).toEqual([
      ['Ярмарка', '2026-11-25', 'cancelled'],
      ['Вторник', '2026-11-25', 'planned'],
    ]);
    expect(plan.itemCount).toBe(1);
    // Whichever landed first, the plan tells the truth: approved with the move in its snapshot, or
    // approved before the move and so changed since approval.
    const signed = plan.approval.items.find((i: { id: string }) => i.id === item.id);
    expect(signed.at).toBe(plan.status === 'approved' ? '2026-11-25' : '2026-11-24');
    expect(['approved', 'changed']).toContain(plan.status);

    const copied = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/plans/${planId}/copy`, headers: editor, payload: {} });
    expect(copied.statusCode).toBe(201);
    expect(copied.json()).toMatchObject({ periodStart: '2026-11-30', itemCount: 1 });
    const copy = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${centreId}/plans/${copied.json().id}`, headers: editor })).json();
    expect(copy.items).toEqual([expect.objectContaining({ at: '2026-12-02', status: 'planned', channelIds: [channels.vk] })]);
    // Copying again finds next week's plan and the copy already on its calendar: nothing is duplicated.
    const again = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/plans/${planId}/copy`, headers: editor, payload: {} });
    expect(again.json()).toMatchObject({ id: copied.json().id, itemCount: 0, skipped: 1, created: false });

    const reopened = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/plans/${planId}/status`, headers: director, payload: { status: 'draft', version: plan.version } });
    expect(reopened.json()).toMatchObject({ status: 'draft', approvedBy: null });
    const audit = await ctx.database.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', planId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'submit', 'approve', ...(plan.status === 'changed' ? ['content_changed'] : []), 'reopen']);
  });
});
