import { beforeAll, describe, expect, it } from 'vitest';
import { MINTRUD_2022 } from '@ritm/domain/presets';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

// Norm governance (issue 11): a norm set above binds below; only a director or administrator of
// the organisation that set it (or above) waives or loosens it, through the recorded adjustment.
// The clock is fixed: Thursday 2026-11-26, 12:00 in Moscow.
const NOW = new Date('2026-11-26T09:00:00Z');

interface NormView {
  key: string;
  id: string;
  version: number;
  enabled: boolean;
  inherited: boolean;
  orgId: string;
  norm: Record<string, unknown>;
  setBy: { orgId: string; orgName: string } | null;
  adjustment: { by: string | null; at: string; reason: string; waived: boolean } | null;
  may: { edit: boolean; adjust: boolean; delete: boolean };
}

describe.each(testDatabases())('norm governance on $name', ({ open }) => {
  const ctx = useTestApp(open, { now: () => NOW });
  const as: Record<string, Record<string, string>> = {};
  let region: string;
  let centre: string;
  let office: string;
  let union: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    ctx.app.inject({ method, url: `/api${url}`, headers, ...(payload !== undefined && { payload }) });
  const normsAt = async (orgId: string, who: string): Promise<NormView[]> => (await call('GET', `/orgs/${orgId}/norms`, as[who]!)).json().norms;
  const normAt = async (orgId: string, key: string, who = 'regionDirector') => (await normsAt(orgId, who)).find((n) => n.key === key)!;

  beforeAll(async () => {
    region = (await createOrg(ctx.database, { kind: 'employment_authority', name: 'Комитет по труду' })).id;
    centre = (await createOrg(ctx.database, { kind: 'employment_center', parentId: region, name: 'ЦЗН Северный' })).id;
    office = (await createOrg(ctx.database, { kind: 'employment_center', parentId: centre, name: 'Отдел в Пушкине' })).id;
    union = (await createOrg(ctx.database, { kind: 'union_primary', name: 'Профком верфи' })).id;
    const people: Array<[string, string, 'editor' | 'director', string]> = [
      ['regionEditor', 'Ирина Редактор', 'editor', region],
      ['regionDirector', 'Пётр Директоров', 'director', region],
      ['centreEditor', 'Анна Центрова', 'editor', centre],
      ['centreDirector', 'Олег Центров', 'director', centre],
      ['unionEditor', 'Вера Профкомова', 'editor', union],
    ];
    for (const [who, name, role, orgId] of people) {
      const user = await createUser(ctx.database, `${who}@governance.test`, { name });
      await addMember(ctx.database, user.id, orgId, role);
      as[who] = await login(ctx.app, `${who}@governance.test`);
    }
  });

  it('starts a norm added without effectiveFrom with the period it is added in (the day for presence)', async () => {
    const weekly = await call('POST', `/orgs/${region}/norms`, as.regionEditor!, { id: 'posts', min: 2, per: 'week', kinds: ['post'], title: 'Посты' });
    expect(weekly.statusCode).toBe(201);
    const channels = await call('POST', `/orgs/${region}/norms`, as.regionEditor!, { id: 'site', type: 'presence', channelTypes: ['website'] });
    expect(channels.statusCode).toBe(201);
    const dated = await call('POST', `/orgs/${region}/norms`, as.regionEditor!, { id: 'events', min: 1, per: 'month', effectiveFrom: '2026-01-01' });
    expect(dated.statusCode).toBe(201);
    expect((await normAt(region, 'posts')).norm.effectiveFrom).toBe('2026-11-23');
    expect((await normAt(region, 'site')).norm.effectiveFrom).toBe('2026-11-26');
    expect((await normAt(region, 'events')).norm.effectiveFrom).toBe('2026-01-01');
  });

  it('does not judge the weeks before a norm was added', async () => {
    const response = await call('GET', `/orgs/${region}/compliance?from=2026-11-02&to=2026-11-29&asOf=2026-11-26`, as.regionDirector!);
    expect(response.statusCode).toBe(200);
    const rows = (response.json().results as Array<{ norm: string; periodStart: string; status: string }>).filter((row) => row.norm === 'posts');
    expect(rows.map((row) => row.periodStart)).toEqual(['2026-11-23']);
    expect(rows[0]!.status).not.toBe('missed');
    const events = (response.json().results as Array<{ norm: string; status: string }>).filter((row) => row.norm === 'events');
    expect(events).toHaveLength(1);
  });

  it('shows where an inherited norm comes from and what each person may do with it', async () => {
    const posts = await normAt(centre, 'posts', 'centreEditor');
    expect(posts).toMatchObject({ inherited: true, orgId: region, setBy: { orgId: region, orgName: 'Комитет по труду' }, adjustment: null, may: { edit: true, adjust: false, delete: false } });
    expect((await normAt(centre, 'posts', 'centreDirector')).may).toEqual({ edit: false, adjust: false, delete: false });
    expect((await normAt(centre, 'posts', 'regionDirector')).may).toEqual({ edit: false, adjust: true, delete: false });
    expect((await normAt(region, 'posts', 'regionEditor'))).toMatchObject({ setBy: null, may: { edit: true, adjust: false, delete: true } });
  });

  it("refuses an editor's switching off or loosening of an inherited norm, naming the fields, in Russian and English", async () => {
    const posts = await normAt(centre, 'posts', 'centreEditor');
    const off = await call('PATCH', `/orgs/${centre}/norms/posts`, as.centreEditor!, { enabled: false, version: posts.version });
    expect(off.statusCode).toBe(403);
    expect(off.json().error).toEqual({
      code: 'norm_adjust_required',
      message: expect.stringContaining('«Комитет по труду»'),
      details: [{ path: 'body.enabled', message: 'отключает норматив вышестоящей организации' }],
    });
    const looser = await call('PATCH', `/orgs/${centre}/norms/posts`, { ...as.centreEditor!, 'accept-language': 'en' }, { min: 1, per: 'month', kinds: null, version: posts.version });
    expect(looser.statusCode).toBe(403);
    expect(looser.json().error.details).toEqual([
      { path: 'body.min', message: 'loosens the norm set above' },
      { path: 'body.per', message: 'loosens the norm set above' },
    ]);
    expect(looser.json().error.message).toContain('only its director or administrator may loosen it (min, per)');
    const narrower = await call('PATCH', `/orgs/${centre}/norms/posts`, as.centreEditor!, { kinds: ['post'], channelTypes: ['vk'], version: posts.version });
    expect(narrower.json().error.details).toEqual([{ path: 'body.channelTypes', message: 'ослабляет норматив вышестоящей организации' }]);
    // Nor through adding a norm of the same key lower down.
    const sameKey = await call('POST', `/orgs/${centre}/norms`, as.centreEditor!, { id: 'posts', min: 1, per: 'week' });
    expect(sameKey.statusCode).toBe(403);
    expect(sameKey.json().error.code).toBe('norm_adjust_required');
    expect((await normAt(centre, 'posts')).enabled).toBe(true);
  });

  it("lets an editor make an inherited norm stricter, and add their own", async () => {
    const posts = await normAt(centre, 'posts', 'centreEditor');
    const stricter = await call('PATCH', `/orgs/${centre}/norms/posts`, as.centreEditor!, { min: 3, per: 'week', kinds: ['post', 'video'], version: posts.version });
    expect(stricter.statusCode).toBe(200);
    expect(stricter.json()).toMatchObject({ inherited: false, overrides: true, norm: { min: 3, effectiveFrom: '2026-11-23' }, adjustment: null, may: { edit: true, adjust: false, delete: true } });
    const own = await call('POST', `/orgs/${centre}/norms`, as.centreEditor!, { id: 'tg-daily', min: 1, per: 'day', channelTypes: ['telegram'] });
    expect(own.statusCode).toBe(201);
    // The centre's own norm is the centre's to loosen.
    const ownNorm = await normAt(centre, 'tg-daily', 'centreEditor');
    expect((await call('PATCH', `/orgs/${centre}/norms/tg-daily`, as.centreEditor!, { enabled: false, version: ownNorm.version })).statusCode).toBe(200);
    // Below the centre, its stricter version binds: the office's editor cannot go back under it.
    const atOffice = await normAt(office, 'posts');
    expect(atOffice.setBy).toEqual({ orgId: centre, orgName: 'ЦЗН Северный' });
  });

  it('lets only norm.adjust at the setting organisation or above waive a norm, with a reason', async () => {
    const posts = await normAt(centre, 'posts');
    const body = { enabled: false, reason: 'Аккаунты заблокированы до конца года', version: posts.version };
    // The centre's own director and editor do not hold it at the region, which set the norm.
    const byCentre = await call('POST', `/orgs/${centre}/norms/posts/adjust`, as.centreDirector!, body);
    expect(byCentre.statusCode).toBe(403);
    expect(byCentre.json().error.code).toBe('norm_adjust_forbidden');
    expect(byCentre.json().error.message).toContain('«Комитет по труду»');
    expect((await call('POST', `/orgs/${centre}/norms/posts/adjust`, as.centreEditor!, body)).statusCode).toBe(403);
    const blank = await call('POST', `/orgs/${centre}/norms/posts/adjust`, as.regionDirector!, { ...body, reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details).toEqual([{ path: 'body.reason', message: 'укажите причину' }]);
    const empty = await call('POST', `/orgs/${centre}/norms/posts/adjust`, { ...as.regionDirector!, 'accept-language': 'en' }, { ...body, reason: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details).toEqual([{ path: 'body.reason', message: 'give a reason' }]);
    const noReason = await call('POST', `/orgs/${centre}/norms/posts/adjust`, { ...as.regionDirector!, 'accept-language': 'en' }, { enabled: false, version: posts.version });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details).toEqual([{ path: 'body.reason', message: 'is required' }]);
    const notLooser = await call('POST', `/orgs/${centre}/norms/posts/adjust`, as.regionDirector!, { min: 5, reason: 'строже', version: posts.version });
    expect(notLooser.statusCode).toBe(409);
    expect(notLooser.json().error.code).toBe('norm_not_loosened');
    const own = await call('POST', `/orgs/${region}/norms/posts/adjust`, as.regionDirector!, body);
    expect(own.statusCode).toBe(409);
    expect(own.json().error.code).toBe('norm_not_inherited');

    const waived = await call('POST', `/orgs/${centre}/norms/posts/adjust`, as.regionDirector!, body);
    expect(waived.statusCode).toBe(200);
    expect(waived.json()).toMatchObject({
      enabled: false,
      orgId: centre,
      adjustment: { by: 'Пётр Директоров', at: NOW.toISOString(), reason: 'Аккаунты заблокированы до конца года', waived: true },
      may: { edit: false, adjust: true, delete: true },
    });
    const audit = (await call('GET', `/orgs/${centre}/audit`, as.regionDirector!)).json();
    const entry = (audit.entries as Array<{ action: string; after: { reason?: string } }>).find((e) => e.action === 'waive');
    expect(entry?.after.reason).toBe('Аккаунты заблокированы до конца года');
  });

  it("keeps a waiver from an editor's edits and deletion", async () => {
    const posts = await normAt(centre, 'posts', 'centreEditor');
    expect(posts.may).toEqual({ edit: true, adjust: false, delete: false });
    const retitle = await call('PATCH', `/orgs/${centre}/norms/posts`, as.centreEditor!, { title: 'Другое название', version: posts.version });
    expect(retitle.statusCode).toBe(403);
    const remove = await call('DELETE', `/orgs/${centre}/norms/posts?version=${posts.version}`, as.centreEditor!);
    expect(remove.statusCode).toBe(403);
    expect(remove.json().error.code).toBe('norm_adjust_forbidden');
  });

  it('marks the waived organisations on the dashboard, with who, when and why', async () => {
    const summary = (await call('GET', `/orgs/${region}/compliance/summary?from=2026-11-23&to=2026-11-29&asOf=2026-11-26`, as.regionDirector!)).json();
    const marks = (orgId: string) => summary.organisations.find((o: { orgId: string }) => o.orgId === orgId).adjustments;
    const mark = { norm: 'posts', title: 'Посты', orgId: centre, orgName: 'ЦЗН Северный', by: 'Пётр Директоров', at: NOW.toISOString(), reason: 'Аккаунты заблокированы до конца года', waived: true };
    expect(marks(centre)).toEqual([mark]);
    expect(marks(office)).toEqual([mark]);
    expect(marks(region)).toEqual([]);
  });

  it('lets a director of an organisation above the setting one adjust, and an administrator', async () => {
    // The office inherits `posts` from the centre's row: the region's director holds norm.adjust there through the region.
    await call('DELETE', `/orgs/${centre}/norms/posts?version=${(await normAt(centre, 'posts')).version}`, as.regionDirector!).then((r) => expect(r.statusCode).toBe(204));
    const atCentre = await normAt(centre, 'posts', 'centreEditor');
    expect(atCentre).toMatchObject({ inherited: true, enabled: true, adjustment: null });
    const stricter = await call('PATCH', `/orgs/${centre}/norms/posts`, as.centreEditor!, { min: 4, version: atCentre.version });
    expect(stricter.statusCode).toBe(200);
    const atOffice = await normAt(office, 'posts');
    const adjusted = await call('POST', `/orgs/${office}/norms/posts/adjust`, as.regionDirector!, { min: 1, reason: 'Один сотрудник на весь отдел', version: atOffice.version });
    expect(adjusted.statusCode).toBe(200);
    expect(adjusted.json()).toMatchObject({ enabled: true, norm: { min: 1 }, adjustment: { waived: false, reason: 'Один сотрудник на весь отдел' } });
    // The centre's director holds director at the centre, which set the norm the office inherits.
    const byCentreDirector = await call('POST', `/orgs/${office}/norms/posts/adjust`, as.centreDirector!, { enabled: false, reason: 'Отдел закрывается', version: adjusted.json().version });
    expect(byCentreDirector.statusCode).toBe(200);
    expect(byCentreDirector.json().adjustment).toMatchObject({ by: 'Олег Центров', waived: true });
    const admin = await createUser(ctx.database, 'root@governance.test', { isAdmin: true, name: 'Администратор' });
    expect(admin.id).toBeTruthy();
    const root = await login(ctx.app, 'root@governance.test');
    const reverted = await call('DELETE', `/orgs/${office}/norms/posts?version=${byCentreDirector.json().version}`, root);
    expect(reverted.statusCode).toBe(204);
  });

  it('applies a preset only to the organisation kinds it is written for, from the period it is added in', async () => {
    const wrong = await call('POST', `/orgs/${union}/norms`, as.unionEditor!, { preset: 'mintrud-2022' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('preset_not_for_kind');
    expect(wrong.json().error.message).toBe(
      'Набор «Минтруд: информационная поддержка службы занятости (2022)» написан для организаций видов: employment_authority, employment_center; эта организация — первичная профсоюзная организация',
    );
    const inEnglish = await call('POST', `/orgs/${union}/norms`, { ...as.unionEditor!, 'accept-language': 'en' }, { preset: 'mintrud-2022' });
    expect(inEnglish.json().error.message).toContain('this organisation is union primary organisation');
    const sudprof = await call('POST', `/orgs/${union}/norms`, as.unionEditor!, { preset: 'sudprof-2023' });
    expect(sudprof.statusCode).toBe(201);
    const presets = (await call('GET', '/norm-presets', as.unionEditor!)).json().presets as Array<{ id: string; orgKinds: string[] }>;
    expect(presets.map((p) => [p.id, p.orgKinds])).toEqual([
      ['mintrud-2022', ['employment_authority', 'employment_center']],
      ['sudprof-2023', ['union_central', 'union_territorial', 'union_primary']],
      ['mfp-2022', ['union_central', 'union_territorial', 'union_primary']],
    ]);

    const applied = await call('POST', `/orgs/${region}/norms`, as.regionEditor!, { preset: 'mintrud-2022' });
    expect(applied.statusCode).toBe(201);
    expect(applied.json().norms).toHaveLength(MINTRUD_2022.norms.length);
    const starts = Object.fromEntries((await normsAt(region, 'regionEditor')).map((n) => [n.key, n.norm.effectiveFrom]));
    expect(starts).toMatchObject({ 'social-posts': '2026-11-23', 'info-materials': '2026-11-01', 'mandatory-channels': '2026-11-26' });
  });

  it('leaves out of a preset the norms that would loosen one set above', async () => {
    const stricter = await call('POST', `/orgs/${region}/norms`, as.regionEditor!, { id: 'weekly-vacancies', min: 1, per: 'week' });
    expect(stricter.statusCode).toBe(201);
    // The centre's copy of the preset adds nothing below the region's norms it would loosen.
    const posts = await normAt(region, 'social-posts', 'regionEditor');
    expect((await call('PATCH', `/orgs/${region}/norms/social-posts`, as.regionEditor!, { min: 5, version: posts.version })).statusCode).toBe(200);
    const applied = await call('POST', `/orgs/${centre}/norms`, as.centreEditor!, { preset: 'mintrud-2022' });
    expect(applied.statusCode).toBe(201);
    expect(applied.json().norms.map((n: { key: string }) => n.key)).not.toContain('social-posts');
    expect((await normAt(centre, 'social-posts')).norm.min).toBe(5);
  });
});
