import type { Transaction } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../db/schema.js';
import { useTestApp } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../test/fixtures.js';
import { digestMailBody } from '../notifications/digest-mail.js';
import { deliverDigest, digestGatherer, digestRecipients, digestsOfSubtree, sendDueDigests, type DigestRecipient } from './digest.js';

// Wednesday 25 November 2026: the week judged is 23–29 November, last week 16–22.
const NOW = new Date('2026-11-25T10:00:00Z');

describe.each(testDatabases())('the weekly digest on $name', ({ open }) => {
  const ctx = useTestApp(open, { now: () => NOW });
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const { database, app } = ctx;
    ids.ministry = (await createOrg(database, { kind: 'employment_authority', name: 'Министерство труда' })).id;
    ids.kamchatka = (await createOrg(database, { parentId: ids.ministry, name: 'ЦЗН Петропавловска-Камчатского', timezone: 'Asia/Kamchatka' })).id;
    ids.kaliningrad = (await createOrg(database, { parentId: ids.ministry, name: 'ЦЗН Калининграда', timezone: 'Europe/Kaliningrad' })).id;
    await createUser(database, 'admin@digest.test', { isAdmin: true });
    const director = await createUser(database, 'director@digest.test', { name: 'Ольга Директорова' });
    const editorK = await createUser(database, 'kamchatka@digest.test', { name: 'Иван Камчатов' });
    const editorW = await createUser(database, 'kaliningrad@digest.test', { name: 'Анна Балтийская' });
    const viewer = await createUser(database, 'viewer@digest.test');
    Object.assign(ids, { director: director.id, editorK: editorK.id, editorW: editorW.id, viewer: viewer.id });
    await addMember(database, director.id, ids.ministry, 'director');
    await addMember(database, editorK.id, ids.kamchatka, 'editor');
    await addMember(database, editorW.id, ids.kaliningrad, 'editor');
    await addMember(database, viewer.id, ids.ministry, 'viewer');

    const headers = await login(app, 'admin@digest.test');
    const call = async (method: 'POST' | 'GET', url: string, payload?: object) => {
      const answer = await app.inject({ method, url: `/api${url}`, headers, ...(payload && { payload }) });
      if (answer.statusCode >= 300) throw new Error(`${method} ${url}: ${answer.statusCode} ${answer.body}`);
      return answer.json();
    };
    const norm = { type: 'frequency', kinds: ['post'], channelTypes: ['vk'], orgKinds: ['employment_center'], effectiveFrom: '2026-11-01' };
    await call('POST', `/orgs/${ids.ministry}/norms`, { ...norm, id: 'vk-posts', min: 2, per: 'week', title: 'Посты ВКонтакте — два в неделю' });
    await call('POST', `/orgs/${ids.ministry}/norms`, { ...norm, id: 'vk-monthly', min: 1, per: 'month', title: 'Итоги месяца ВКонтакте' });
    for (const org of ['kamchatka', 'kaliningrad'] as const) ids[`vk.${org}`] = (await call('POST', `/orgs/${ids[org]}/channels`, { type: 'vk', name: 'ВКонтакте' })).id;

    // Kamchatka: one post of two this week (at risk), last week's post never went out (overdue, missed).
    const k = ids.kamchatka!;
    ids.published = (await call('POST', `/orgs/${k}/items`, { kind: 'post', title: 'Ярмарка вакансий', at: '2026-11-24', channelIds: [ids['vk.kamchatka']], status: 'published', url: 'https://vk.com/wall-1_1', responsibleId: editorK.id })).id;
    ids.overdue = (await call('POST', `/orgs/${k}/items`, { kind: 'post', title: 'Пост о профобучении', at: '2026-11-19', channelIds: [ids['vk.kamchatka']] })).id;
    await call('POST', `/orgs/${k}/items`, { kind: 'post', title: 'Итоги ноября', at: '2026-11-30', channelIds: [ids['vk.kamchatka']], responsibleId: editorK.id });
    const plan = await call('POST', `/orgs/${k}/plans`, { period: 'week', periodStart: '2026-11-30', title: 'Неделя 30 ноября' });
    const submitted = await call('POST', `/orgs/${k}/plans/${plan.id}/status`, { status: 'submitted', version: plan.version });
    await call('POST', `/orgs/${k}/plans/${plan.id}/status`, { status: 'draft', version: submitted.version, comment: 'Добавьте пост о вакансиях' });
    ids.returned = plan.id;

    // Kaliningrad: exempt from the weekly norm for two weeks; its monthly norm waived there; a plan waits.
    const w = ids.kaliningrad!;
    await call('POST', `/orgs/${w}/exemptions`, { normKey: 'vk-posts', from: '2026-11-16', to: '2026-11-29', reason: 'Ремонт офиса' });
    const monthly = (await call('GET', `/orgs/${w}/norms`)).norms.find((n: { key: string }) => n.key === 'vk-monthly');
    await call('POST', `/orgs/${w}/norms/vk-monthly/adjust`, { enabled: false, reason: 'Аккаунт закрыт', version: monthly.version });
    const waiting = await call('POST', `/orgs/${w}/plans`, { period: 'month', periodStart: '2026-12-01', title: 'Декабрь 2026' });
    await call('POST', `/orgs/${w}/plans/${waiting.id}/status`, { status: 'submitted', version: waiting.version });
    ids.waiting = waiting.id;
  });

  const recipient = async (userId: string): Promise<DigestRecipient> => (await digestRecipients(ctx.database.db, [userId]))[0]!;

  it('finds editors and directors, each in the zone of their topmost organisation, and no viewer', async () => {
    const all = await digestRecipients(ctx.database.db);
    const byId = new Map(all.map((r) => [r.userId, r]));
    expect(byId.has(ids.viewer!)).toBe(false);
    expect(byId.get(ids.editorK!)).toMatchObject({ timeZone: 'Asia/Kamchatka', locale: 'ru' });
    expect(byId.get(ids.editorK!)!.editorOrgs.map((r) => r.orgId)).toEqual([ids.kamchatka]);
    expect(byId.get(ids.editorW!)!.timeZone).toBe('Europe/Kaliningrad');
    expect(byId.get(ids.director!)).toMatchObject({ timeZone: 'Europe/Moscow', editorOrgs: [] });
    expect(byId.get(ids.director!)!.directorOrgs.map((r) => r.orgId)).toEqual([ids.ministry]);
  });

  it('tells the Kamchatka editor what is at risk, overdue, theirs this week, short next week and returned', async () => {
    const digest = await digestGatherer(ctx.database.db, NOW).digestOf(await recipient(ids.editorK!), '2026-W48');
    const [section] = digest.editor;
    expect(section).toMatchObject({ orgId: ids.kamchatka, today: '2026-11-25' });
    expect(section!.atRisk.map((r) => [r.norm, r.actual, r.required, r.channelName])).toEqual([['vk-posts', 1, 2, null]]);
    expect(section!.overdue).toEqual([{ id: ids.overdue, title: 'Пост о профобучении', day: '2026-11-19' }]);
    expect(section!.assigned).toEqual([{ id: ids.published, title: 'Ярмарка вакансий', day: '2026-11-24' }]);
    // Next week one post is planned of two, December none: both short; the week after next is not «next».
    expect(section!.gapsNext.map((r) => [r.norm, r.periodStart, r.planned])).toEqual([
      ['vk-posts', '2026-11-30', 1],
      ['vk-monthly', '2026-12-01', 0],
    ]);
    expect(section!.returned).toMatchObject([{ id: ids.returned, title: 'Неделя 30 ноября', comment: 'Добавьте пост о вакансиях' }]);
    expect(digest).toMatchObject({ week: '2026-W48', atRisk: 1, overdue: 1, quiet: false });
  });

  it('does not put an exempt week at risk', async () => {
    const digest = await digestGatherer(ctx.database.db, NOW).digestOf(await recipient(ids.editorW!), '2026-W48');
    expect(digest.editor[0]).toMatchObject({ orgId: ids.kaliningrad, atRisk: [], overdue: [], assigned: [], returned: [] });
    // The exemption ends on Sunday: next week is short again (the monthly norm is waived there).
    expect(digest.editor[0]!.gapsNext.map((r) => [r.norm, r.periodStart])).toEqual([['vk-posts', '2026-11-30']]);
    expect(digest).toMatchObject({ atRisk: 0, overdue: 0, quiet: false });
  });

  it('gives the director the subtree: who is at risk, who missed last week, plans waiting, norms waived below', async () => {
    const digest = await digestGatherer(ctx.database.db, NOW).digestOf(await recipient(ids.director!), '2026-W48');
    const [section] = digest.director;
    expect(section).toMatchObject({ orgId: ids.ministry, organisations: 3, atRisk: 1, missedLastWeek: 1 });
    expect(section!.troubled).toEqual([{ orgId: ids.kamchatka, orgName: 'ЦЗН Петропавловска-Камчатского', atRisk: 1, missedLastWeek: 1 }]);
    expect(section!.normsAtRisk).toEqual([{ norm: 'vk-posts', organisations: 1 }]);
    expect(section!.normTitles).toEqual({ 'vk-posts': 'Посты ВКонтакте — два в неделю' });
    expect(section!.awaiting).toEqual([{ id: ids.waiting, orgId: ids.kaliningrad, orgName: 'ЦЗН Калининграда', title: 'Декабрь 2026' }]);
    expect(section!.adjustments).toMatchObject([{ norm: 'vk-monthly', orgId: ids.kaliningrad, waived: true, reason: 'Аккаунт закрыт' }]);
  });

  it('writes the mail in Russian with the counts and links', async () => {
    const editor = await recipient(ids.editorK!);
    const body = digestMailBody(await digestGatherer(ctx.database.db, NOW).digestOf(editor, '2026-W48'), editor, 'ru');
    expect(body.subject).toBe('Ритм, неделя 23 ноября – 29 ноября 2026 г.: под угрозой 1, просрочено 1');
    const text = JSON.stringify(body.blocks);
    expect(text).toContain('Здравствуйте, Иван Камчатов!');
    expect(body.blocks).toContainEqual({
      type: 'entries',
      entries: [{ title: 'Неделя 30 ноября', text: 'Вернул(а) admin@digest.test: «Добавьте пост о вакансиях»', path: `/plans/${ids.returned}?org=${ids.kamchatka}` }],
    });
    expect(body.blocks).toContainEqual({
      type: 'entries',
      entries: [{ title: 'Посты ВКонтакте — два в неделю', text: 'сделано 1 из 2, запланировано 0; 23 ноября 2026 г. – 29 ноября 2026 г.', path: `/calendar?org=${ids.kamchatka}&date=2026-11-23&highlight=2026-11-23..2026-11-29` }],
    });
    expect(body.action).toEqual({ label: 'Открыть сводку в Ритме', path: `/dashboard?org=${ids.kamchatka}` });

    const director = await recipient(ids.director!);
    const directorBody = digestMailBody(await digestGatherer(ctx.database.db, NOW).digestOf(director, '2026-W48'), director, 'en');
    expect(directorBody.blocks).toContainEqual({ type: 'heading', text: 'Министерство труда and below: 3 organisations' });
    expect(directorBody.subject).toBe('Ritm, week of 23 November – 29 November 2026: 1 at risk, 0 overdue');
    expect(directorBody.blocks).toContainEqual({ type: 'entries', entries: [{ title: 'Декабрь 2026 — ЦЗН Калининграда', path: `/plans/${ids.waiting}?org=${ids.kaliningrad}` }] });
  });

  it('sends once a week: the run row is claimed with the bell’s notification, a second run sends nothing', async () => {
    const db = ctx.database.db;
    const editor = await recipient(ids.editorW!);
    const digest = await digestGatherer(db, NOW).digestOf(editor, '2026-W48');
    const mails: string[] = [];
    const mail = async (trx: Transaction<DB>) => {
      mails.push(editor.email);
      return (await trx.insertInto('mail_outbox').values({ kind: 'weekly_digest', to_address: editor.email, subject: 's', text_body: 't', html_body: 'h', headers: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
    };
    const both = await Promise.all([deliverDigest(db, editor, digest, { mail, now: NOW }), deliverDigest(db, editor, digest, { mail, now: NOW })]);
    expect(both.sort()).toEqual(['already', 'mailed']);
    expect(mails).toHaveLength(1);
    const bell = await db.selectFrom('notifications').select(['kind', 'subject', 'payload']).where('user_id', '=', editor.userId).execute();
    expect(bell).toEqual([{ kind: 'weekly_digest', subject: '2026-W48', payload: { kind: 'weekly_digest', orgId: ids.kaliningrad, orgName: 'ЦЗН Калининграда', week: '2026-W48', atRisk: 0, overdue: 0 } }]);
    const run = await db.selectFrom('digest_runs').select(['week', 'mail_id']).where('user_id', '=', editor.userId).executeTakeFirstOrThrow();
    expect(run.mail_id).not.toBeNull();
    // --force sends the mail again; the bell keeps its one notification of the week.
    expect(await deliverDigest(db, editor, digest, { mail, now: NOW, force: true })).toBe('mailed');
    expect(mails).toHaveLength(2);
    expect(await db.selectFrom('notifications').select('id').where('user_id', '=', editor.userId).execute()).toHaveLength(1);
  });

  it('sends each person’s digest when their Monday 09:00 has come in their zone, and not again', async () => {
    const db = ctx.database.db;
    // Monday 23 November, 21:30 UTC on Sunday 22nd: Monday 09:30 in Kamchatka, still Sunday in Kaliningrad and Moscow.
    const sunday = new Date('2026-11-22T21:30:00Z');
    const before = await db.selectFrom('digest_runs').select(['user_id', 'week']).execute();
    expect(await sendDueDigests(db, sunday, undefined)).toEqual({ mailed: 0, in_app: 1, already: 0, failed: 0 });
    const runs = await db.selectFrom('digest_runs').select(['user_id', 'week']).where('week', '=', '2026-W48').execute();
    expect(runs.filter((r) => !before.some((b) => b.user_id === r.user_id))).toEqual([{ user_id: ids.editorK, week: '2026-W48' }]);
    // Monday 07:00 UTC: 09:00 in Kaliningrad (its editor had this week's already, above), Moscow's 09:00 came at 06:00.
    expect(await sendDueDigests(db, new Date('2026-11-23T07:00:00Z'), undefined)).toEqual({ mailed: 0, in_app: 1, already: 0, failed: 0 });
    expect(await sendDueDigests(db, new Date('2026-11-23T07:15:00Z'), undefined)).toEqual({ mailed: 0, in_app: 0, already: 0, failed: 0 });
    expect((await db.selectFrom('digest_runs').select('user_id').where('week', '=', '2026-W48').execute()).map((r) => r.user_id).sort()).toEqual(
      [ids.editorK, ids.editorW, ids.director].sort(),
    );
  });

  it('sends the others’ digests when one person’s cannot be made, and tries that one again at the next run', async () => {
    const db = ctx.database.db;
    // Monday 30 November, 07:00 UTC: every slot of week 49 has come (Kamchatka's at 21:00 UTC on Sunday).
    const monday = new Date('2026-11-30T07:00:00Z');
    const failures: string[] = [];
    const writer = (failFor: string | undefined) => async (trx: Transaction<DB>, recipient: DigestRecipient) => {
      if (recipient.userId === failFor) throw new Error('the template broke');
      return (await trx.insertInto('mail_outbox').values({ kind: 'weekly_digest', to_address: recipient.email, subject: 's', text_body: 't', html_body: 'h', headers: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
    };
    const first = await sendDueDigests(db, monday, writer(ids.editorK), { onFailure: (userId) => failures.push(userId) });
    expect(first).toEqual({ mailed: 2, in_app: 0, already: 0, failed: 1 });
    expect(failures).toEqual([ids.editorK]);
    const week49 = async () => (await db.selectFrom('digest_runs').select('user_id').where('week', '=', '2026-W49').execute()).map((r) => r.user_id).sort();
    // The failed one's transaction took its bell entry and run row back with it.
    expect(await week49()).toEqual([ids.editorW, ids.director].sort());
    expect(await sendDueDigests(db, new Date('2026-11-30T07:15:00Z'), writer(undefined))).toEqual({ mailed: 1, in_app: 0, already: 0, failed: 0 });
    expect(await week49()).toEqual([ids.editorK, ids.editorW, ids.director].sort());
  });

  it('gathers the digests of a subtree for `ritm digest`', async () => {
    const kamchatka = await ctx.database.db.selectFrom('organisations').select('path').where('id', '=', ids.kamchatka!).executeTakeFirstOrThrow();
    expect((await digestsOfSubtree(ctx.database.db, kamchatka.path, NOW)).map(({ recipient: r, digest }) => [r.userId, digest.week])).toEqual([[ids.editorK, '2026-W48']]);
  });
});
