import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login, TEST_PASSWORD } from '../../../test/fixtures.js';

describe.each(testDatabases())('people and roles on $name', ({ name, open }) => {
  const ctx = useTestApp(open);
  let root: Record<string, string>;
  let region: string;
  let centre: string;
  let otherCentre: string;
  let regionAdmin: { id: string };
  let regionAdminSession: Record<string, string>;
  let serial = 0;
  const email = (label: string) => `${label}-${++serial}@example.org`;

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    ctx.app.inject({ method, url, headers, ...(payload && { payload }) });

  beforeAll(async () => {
    await createUser(ctx.database, 'root@example.org', { isAdmin: true });
    root = await login(ctx.app, 'root@example.org');
    region = (await createOrg(ctx.database, { name: 'Департамент', kind: 'employment_authority' })).id;
    centre = (await createOrg(ctx.database, { name: 'Центр занятости', parentId: region })).id;
    otherCentre = (await createOrg(ctx.database, { name: 'Другой центр', parentId: region })).id;
    regionAdmin = await createUser(ctx.database, 'region-admin@example.org', { name: 'Администратор области' });
    await addMember(ctx.database, regionAdmin.id, region, 'admin');
    regionAdminSession = await login(ctx.app, 'region-admin@example.org');
  });

  it('creates a person with a first role and a temporary password shown once, which must be replaced before anything else', async () => {
    const address = email('new');
    const created = await inject('POST', '/api/users', regionAdminSession, { email: address, name: 'Новый редактор', locale: 'en', orgId: centre, role: 'editor' });
    expect(created.statusCode, created.body).toBe(201);
    const { id, temporaryPassword, mustChangePassword } = created.json();
    expect(mustChangePassword).toBe(true);
    expect(temporaryPassword).toMatch(/^[A-Za-z2-9]{14}$/);

    const members = (await inject('GET', `/api/orgs/${centre}/members`, regionAdminSession)).json().members;
    const row = members.find((member: { userId: string }) => member.userId === id);
    expect(row).toMatchObject({
      role: 'editor',
      inherited: false,
      active: true,
      mustChangePassword: true,
      grantedBy: { id: regionAdmin.id, name: 'Администратор области', email: 'region-admin@example.org' },
      grantedAt: expect.any(String),
      may: { changeRole: true, manageUser: true },
    });
    expect(Date.now() - Date.parse(row.grantedAt)).toBeLessThan(60_000);
    const inherited = members.find((member: { userId: string }) => member.userId === regionAdmin.id);
    expect(inherited).toMatchObject({ inherited: true, orgId: region, orgName: 'Департамент', role: 'admin', grantedBy: null, grantedAt: null });

    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: address, password: temporaryPassword } });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().mustChangePassword).toBe(true);
    const session = { cookie: `ritm_session=${signIn.cookies.find((c) => c.name === 'ritm_session')!.value}` };
    const blocked = await inject('GET', '/api/orgs', { ...session, 'accept-language': 'en' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error).toMatchObject({ code: 'password_change_required', message: expect.stringContaining('temporary password') });
    expect((await inject('GET', '/api/auth/me', session)).statusCode).toBe(200);
    // Keeping the temporary password is refused: the administrator who handed it over knows it.
    const kept = await inject('POST', '/api/auth/password', { ...session, 'accept-language': 'ru' }, { currentPassword: temporaryPassword, newPassword: temporaryPassword });
    expect(kept.statusCode).toBe(400);
    expect(kept.json().error.details).toEqual([{ path: 'body.newPassword', message: 'не должен совпадать с временным паролем' }]);
    const changed = await inject('POST', '/api/auth/password', session, { currentPassword: temporaryPassword, newPassword: 'my own secret' });
    expect(changed.statusCode).toBe(204);
    const orgs = await inject('GET', '/api/orgs', session);
    expect(orgs.statusCode).toBe(200);
    expect(orgs.json().organisations.map((org: { id: string }) => org.id)).toEqual([centre]);
    expect((await inject('GET', '/api/auth/me', session)).json().mustChangePassword).toBe(false);
  });

  it('answers bad input with field paths, in Russian and English', async () => {
    const half = await inject('POST', '/api/users', { ...regionAdminSession, 'accept-language': 'en' }, { email: email('half'), orgId: centre });
    expect(half.statusCode).toBe(400);
    expect(half.json().error.details).toEqual([{ path: 'body.role', message: 'goes together with orgId' }]);
    const badRole = await inject('POST', '/api/users', regionAdminSession, { email: 'not an address', orgId: centre, role: 'owner' });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().error.details.map((detail: { path: string }) => detail.path)).toEqual(expect.arrayContaining(['body.email', 'body.role']));
    const badState = await inject('PATCH', `/api/users/${regionAdmin.id}`, regionAdminSession, { active: 'no', version: 1 });
    expect(badState.statusCode).toBe(400);
    expect(badState.json().error.details[0].path).toBe('body.active');
    const noRole = await inject('POST', '/api/users', regionAdminSession, { email: email('orphan') });
    expect(noRole.statusCode).toBe(403);
    expect(noRole.json().error.message).toContain('системный администратор');
    const sysAdmin = await inject('POST', '/api/users', regionAdminSession, { email: email('sys'), orgId: centre, role: 'viewer', isAdmin: true });
    expect(sysAdmin.statusCode).toBe(403);
  });

  it('records who changed a role and when, and finds people with no role yet by their whole e-mail only', async () => {
    const person = await createUser(ctx.database, email('loose'), { name: 'Пётр Ничейный' });
    const ids = (response: { json(): { users: Array<{ id: string }> } }) => response.json().users.map((user) => user.id).sort();
    // An unclaimed account is not offered to a centre's administrator by part of a name or without
    // a query: a role given here would make it theirs to reset, i.e. to take over.
    expect(ids(await inject('GET', `/api/orgs/${centre}/member-candidates?q=${encodeURIComponent('ничейн')}`, regionAdminSession))).toEqual([]);
    expect(ids(await inject('GET', `/api/orgs/${centre}/member-candidates`, regionAdminSession))).toEqual([]);
    const exact = await inject('GET', `/api/orgs/${centre}/member-candidates?q=${encodeURIComponent(person.email.toUpperCase())}`, regionAdminSession);
    expect(exact.json().users).toEqual([{ id: person.id, email: person.email, name: 'Пётр Ничейный', active: true, unassigned: true }]);
    // A system administrator finds them by a part of the name, and lists everyone with no role.
    expect(ids(await inject('GET', `/api/orgs/${centre}/member-candidates?q=${encodeURIComponent('ничейн')}`, root))).toEqual([person.id]);
    expect(ids(await inject('GET', `/api/orgs/${centre}/member-candidates`, root))).toContain(person.id);
    // A person of a tree the caller has nothing to do with is not found by a search.
    const elsewhere = (await createOrg(ctx.database, { name: 'Чужая организация' })).id;
    const stranger = await createUser(ctx.database, email('stranger'), { name: 'Пётр Чужой' });
    await addMember(ctx.database, stranger.id, elsewhere, 'viewer');
    expect(ids(await inject('GET', `/api/orgs/${centre}/member-candidates?q=${encodeURIComponent('пётр')}`, regionAdminSession))).toEqual([]);
    expect(ids(await inject('GET', `/api/orgs/${centre}/member-candidates?q=${encodeURIComponent(stranger.email)}`, regionAdminSession))).toEqual([]);
    const bySystemAdmin = await inject('GET', `/api/orgs/${centre}/member-candidates?q=${encodeURIComponent('пётр')}`, root);
    expect(ids(bySystemAdmin)).toEqual([person.id, stranger.id].sort());

    expect((await inject('POST', `/api/orgs/${centre}/members`, root, { email: person.email, role: 'viewer' })).statusCode).toBe(201);
    const changed = await inject('PATCH', `/api/orgs/${centre}/members/${person.id}`, regionAdminSession, { role: 'editor', version: 1 });
    expect(changed.json()).toMatchObject({ role: 'editor', version: 2 });
    const stale = await inject('PATCH', `/api/orgs/${centre}/members/${person.id}`, regionAdminSession, { role: 'viewer', version: 1 });
    expect(stale.statusCode).toBe(409);
    const row = (await inject('GET', `/api/orgs/${centre}/members`, regionAdminSession)).json().members.find((m: { userId: string }) => m.userId === person.id);
    expect(row.grantedBy.id).toBe(regionAdmin.id);
    expect(row.version).toBe(2);
  });

  it('deactivates a person: sessions and tokens end, sign-in is refused with a reason, history stays; reactivation lets them back', async () => {
    const address = email('leaver');
    const person = await createUser(ctx.database, address);
    await addMember(ctx.database, person.id, centre, 'editor');
    const session = await login(ctx.app, address);
    const token = (await inject('POST', '/api/auth/tokens', session, { name: 'скрипт' })).json().token;
    const off = await inject('PATCH', `/api/users/${person.id}`, regionAdminSession, { active: false, version: 1 });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ id: person.id, active: false, version: 2 });
    expect((await inject('GET', '/api/auth/me', session)).statusCode).toBe(401);
    expect((await inject('GET', '/api/auth/me', { authorization: `Bearer ${token}` })).statusCode).toBe(401);
    const refused = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { email: address, password: TEST_PASSWORD } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'account_disabled', message: expect.stringContaining('deactivated') });
    // A wrong password learns nothing about the account's state.
    const guess = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: address, password: 'a wrong guess' } });
    expect(guess.statusCode).toBe(401);
    const row = (await inject('GET', `/api/orgs/${centre}/members`, regionAdminSession)).json().members.find((m: { userId: string }) => m.userId === person.id);
    expect(row).toMatchObject({ active: false, role: 'editor', userVersion: 2 });
    // In the audit log of the organisation where the person works, for whoever reads it there.
    const audit = await inject('GET', `/api/orgs/${centre}/audit?entity=user`, regionAdminSession);
    expect(audit.json().entries).toContainEqual(expect.objectContaining({ entityId: person.id, action: 'deactivate', orgId: centre }));

    const stale = await inject('PATCH', `/api/users/${person.id}`, regionAdminSession, { active: true, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect((await inject('PATCH', `/api/users/${person.id}`, regionAdminSession, { active: true, version: 2 })).json().active).toBe(true);
    await login(ctx.app, address);
  });

  it('resets a password to a temporary one: every session and token ends and the old password stops working', async () => {
    const address = email('forgot');
    const person = await createUser(ctx.database, address);
    await addMember(ctx.database, person.id, centre, 'viewer');
    const session = await login(ctx.app, address);
    const reset = await inject('POST', `/api/users/${person.id}/password-reset`, regionAdminSession, { version: 1 });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json()).toMatchObject({ mustChangePassword: true, version: 2, temporaryPassword: expect.stringMatching(/^\w{14}$/) });
    expect((await inject('GET', '/api/auth/me', session)).statusCode).toBe(401);
    await expect(login(ctx.app, address)).rejects.toThrow(/401/);
    const audit = await inject('GET', `/api/orgs/${centre}/audit?entity=user&action=password_reset`, regionAdminSession);
    expect(audit.json().entries).toContainEqual(expect.objectContaining({ entityId: person.id, action: 'password_reset', orgId: centre }));
    const fresh = await login(ctx.app, address, reset.json().temporaryPassword);
    expect((await inject('GET', `/api/orgs/${centre}/items?from=2026-11-01&to=2026-11-30`, fresh)).statusCode).toBe(403);
  });

  it('lets a centre administrator manage only people whose every role lies in that centre', async () => {
    const centreAdmin = await createUser(ctx.database, email('centre-admin'));
    await addMember(ctx.database, centreAdmin.id, centre, 'admin');
    const centreSession = await login(ctx.app, centreAdmin.email);
    const both = await createUser(ctx.database, email('both'));
    await addMember(ctx.database, both.id, centre, 'editor');
    await addMember(ctx.database, both.id, otherCentre, 'editor');
    const refused = await inject('PATCH', `/api/users/${both.id}`, { ...centreSession, 'accept-language': 'en' }, { active: false, version: 1 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('organisations you do not manage');
    const row = (await inject('GET', `/api/orgs/${centre}/members`, centreSession)).json().members.find((m: { userId: string }) => m.userId === both.id);
    expect(row.may).toEqual({ changeRole: true, manageUser: false });
    const regionRow = (await inject('GET', `/api/orgs/${centre}/members`, centreSession)).json().members.find((m: { userId: string }) => m.userId === regionAdmin.id);
    expect(regionRow.may).toEqual({ changeRole: false, manageUser: false });
    // A role given above is changed there, not here.
    expect((await inject('DELETE', `/api/orgs/${centre}/members/${regionAdmin.id}`, { ...centreSession, 'if-match': '1' })).statusCode).toBe(404);
    // Whose every role lies outside the caller's trees is, to the caller, not there to manage.
    expect((await inject('PATCH', `/api/users/${regionAdmin.id}`, centreSession, { active: false, version: 1 })).statusCode).toBe(404);
  });

  // Two administrators stepping down at once, step by step on two connections: each counted the
  // other as the one left, locked the other's row, then waited on its own, which the other held —
  // PostgreSQL broke the deadlock and one answered 503. Now the second waits and is refused.
  it.runIf(name === 'postgres')('lets two administrators stepping down at once wait for each other: one goes, one is refused, no deadlock', async () => {
    const { keepAnAdministrator } = await import('../../services/people.js');
    const { HttpError } = await import('../../http/errors.js');
    const org = (await createOrg(ctx.database, { name: 'Двое', kind: 'union_territorial' })).id;
    const [a, b] = [await createUser(ctx.database, email('a-admin')), await createUser(ctx.database, email('b-admin'))];
    await addMember(ctx.database, a.id, org, 'admin');
    await addMember(ctx.database, b.id, org, 'admin');
    const stepDown = (trx: Parameters<typeof keepAnAdministrator>[0], userId: string) =>
      trx.deleteFrom('memberships').where('org_id', '=', org).where('user_id', '=', userId).execute();
    let releaseFirst!: () => void;
    const firstChecked = new Promise<void>((resolve) => {
      void ctx.database.db.transaction().execute(async (trx) => {
        await keepAnAdministrator(trx, a.id, org);
        resolve();
        await new Promise<void>((release) => (releaseFirst = release));
        await stepDown(trx, a.id);
      });
    });
    await firstChecked;
    let secondAnswered = false;
    const second = ctx.database.db
      .transaction()
      .execute(async (trx) => {
        await keepAnAdministrator(trx, b.id, org);
        await stepDown(trx, b.id);
      })
      .finally(() => (secondAnswered = true));
    second.catch(() => {});
    // The second must wait for the first rather than go ahead and lock the first's row.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondAnswered).toBe(false);
    releaseFirst();
    const refused = await second.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ statusCode: 409, code: 'last_admin' });
    const left = await ctx.database.db.selectFrom('memberships').select('user_id').where('org_id', '=', org).where('role', '=', 'admin').execute();
    expect(left).toEqual([{ user_id: b.id }]);
  });

  it('never leaves an organisation without an administrator, whoever asks', async () => {
    const union = (await createOrg(ctx.database, { name: 'Профсоюз', kind: 'union_territorial' })).id;
    const only = await createUser(ctx.database, email('only-admin'));
    await addMember(ctx.database, only.id, union, 'admin');
    const onlySession = await login(ctx.app, only.email);
    const en = { ...onlySession, 'accept-language': 'en' };
    const demote = await inject('PATCH', `/api/orgs/${union}/members/${only.id}`, en, { role: 'editor', version: 1 });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error).toMatchObject({ code: 'last_admin', message: expect.stringContaining('«Профсоюз» would be left without an administrator') });
    expect((await inject('DELETE', `/api/orgs/${union}/members/${only.id}`, { ...onlySession, 'if-match': '1' })).statusCode).toBe(409);
    const deactivate = await inject('PATCH', `/api/users/${only.id}`, onlySession, { active: false, version: 1 });
    expect(deactivate.statusCode).toBe(409);
    expect(deactivate.json().error.message).toContain('«Профсоюз»');
    // Nor may a system administrator remove them.
    expect((await inject('DELETE', `/api/orgs/${union}/members/${only.id}`, { ...root, 'if-match': '1' })).statusCode).toBe(409);

    // With a second administrator, either may step down, but not both.
    const second = await createUser(ctx.database, email('second-admin'));
    await addMember(ctx.database, second.id, union, 'admin');
    const [first, other] = await Promise.all([
      inject('DELETE', `/api/orgs/${union}/members/${only.id}`, { ...root, 'if-match': '1' }),
      inject('DELETE', `/api/orgs/${union}/members/${second.id}`, { ...root, 'if-match': '1' }),
    ]);
    expect([first.statusCode, other.statusCode].sort()).toEqual([204, 409]);
    const left = await ctx.database.db.selectFrom('memberships').select('user_id').where('org_id', '=', union).where('role', '=', 'admin').execute();
    expect(left).toHaveLength(1);

    // An administrator given above keeps the organisation administered.
    const branch = (await createOrg(ctx.database, { name: 'Первичка', kind: 'union_primary', parentId: union })).id;
    const local = await createUser(ctx.database, email('local-admin'));
    await addMember(ctx.database, local.id, branch, 'admin');
    expect((await inject('DELETE', `/api/orgs/${branch}/members/${local.id}`, { ...root, 'if-match': '1' })).statusCode).toBe(204);
  });
});
