import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { createUser, login } from '../../../test/fixtures.js';

type Headers = Record<string, string>;
interface Org {
  id: string;
  name: string;
  version: number;
  archivedAt: string | null;
  archivedBy: string | null;
  inArchive: boolean;
  capabilities: string[];
}

// Archiving (issue 16): history kept, nothing inside changes, hidden by default, and left out of
// the summaries of the organisations above it at once.
describe.each(testDatabases())('archiving an organisation on $name', ({ open }) => {
  const ctx = useTestApp(open, { now: () => new Date('2026-09-01T09:00:00Z') });
  let root: Headers;
  let regionAdmin: Headers;
  let centreAdmin: Headers;
  let regionId: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) =>
    ctx.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const create = async (body: object): Promise<Org> => {
    const response = await call('POST', '/api/orgs', root, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const get = async (id: string, headers = root): Promise<Org> => (await call('GET', `/api/orgs/${id}`, headers)).json();
  const names = async (headers: Headers, query = '') => ((await call('GET', `/api/orgs${query}`, headers)).json().organisations as Org[]).map((o) => o.name);
  const summaryNames = async (orgId: string) => {
    const response = await call('GET', `/api/orgs/${orgId}/compliance/summary?from=2026-10-01&to=2026-12-31&asOf=2026-11-18`, root);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().organisations as Array<{ name: string }>).map((o) => o.name).sort();
  };

  beforeAll(async () => {
    await createUser(ctx.database, 'root@example.org', { isAdmin: true });
    root = await login(ctx.app, 'root@example.org');
    regionId = (await create({ name: 'Департамент', kind: 'employment_authority' })).id;
    await createUser(ctx.database, 'region-admin@example.org');
    await call('POST', `/api/orgs/${regionId}/members`, root, { email: 'region-admin@example.org', role: 'admin' });
    regionAdmin = await login(ctx.app, 'region-admin@example.org');
    await createUser(ctx.database, 'centre-admin@example.org');
    centreAdmin = await login(ctx.app, 'centre-admin@example.org');
    // A norm every centre is judged by, so that a summary has rows.
    const norm = await call('POST', `/api/orgs/${regionId}/norms`, root, { id: 'posts', type: 'frequency', min: 2, per: 'week' });
    expect(norm.statusCode, norm.body).toBe(201);
  });

  it('hides an archived organisation and its subtree from the tree, lists them on request, and records who and when', async () => {
    const centre = await create({ name: 'ЦЗН Архивный', kind: 'employment_center', parentId: regionId });
    const office = await create({ name: 'Отдел Архивного', kind: 'other', parentId: centre.id });
    const archived = await call('POST', `/api/orgs/${centre.id}/archive`, regionAdmin, { version: centre.version });
    expect(archived.statusCode, archived.body).toBe(200);
    expect(archived.json()).toMatchObject({ version: centre.version + 1, archivedAt: expect.any(String), inArchive: true });
    expect((await get(centre.id)).archivedBy).toBeTruthy();
    expect(await names(regionAdmin)).not.toContain('ЦЗН Архивный');
    expect(await names(regionAdmin)).not.toContain('Отдел Архивного');
    expect(await names(regionAdmin, '?includeArchived=true')).toEqual(expect.arrayContaining(['ЦЗН Архивный', 'Отдел Архивного']));
    // Below an archived one, archived with it; not archived itself.
    expect(await get(office.id)).toMatchObject({ archivedAt: null, inArchive: true });
    const audit = (await call('GET', `/api/orgs/${centre.id}/audit?entity=organisation`, root)).json();
    expect(audit.entries).toContainEqual(expect.objectContaining({ action: 'archive', before: expect.objectContaining({ archivedAt: null }), after: expect.objectContaining({ archivedAt: expect.any(String) }) }));
  });

  it('makes items, plans, catalogues and norms read-only with a translated 409, keeps reading and people open, and opens them again when unarchived', async () => {
    const centre = await create({ name: 'ЦЗН Только чтение', kind: 'employment_center', parentId: regionId });
    const office = await create({ name: 'Отдел только чтения', kind: 'other', parentId: centre.id });
    const item = await call('POST', `/api/orgs/${centre.id}/items`, root, { kind: 'post', title: 'До архива', at: '2026-09-01' });
    expect(item.statusCode, item.body).toBe(201);
    await call('POST', `/api/orgs/${centre.id}/archive`, root, { version: centre.version });
    const writes: Array<[method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: object]> = [
      ['POST', `/api/orgs/${centre.id}/items`, { kind: 'post', title: 'В архиве', at: '2026-09-01' }],
      ['PATCH', `/api/orgs/${centre.id}/items/${item.json().id}`, { title: 'Правка', version: 1 }],
      ['DELETE', `/api/orgs/${centre.id}/items/${item.json().id}?version=1`],
      ['POST', `/api/orgs/${centre.id}/plans`, { period: 'month', periodStart: '2026-11-01', title: 'План' }],
      ['POST', `/api/orgs/${centre.id}/channels`, { type: 'vk', name: 'ВК' }],
      ['POST', `/api/orgs/${centre.id}/audiences`, { name: 'Молодёжь' }],
      ['POST', `/api/orgs/${centre.id}/key-messages`, { text: 'Сообщение' }],
      ['POST', `/api/orgs/${centre.id}/norms`, { id: 'own', type: 'frequency', min: 1, per: 'month' }],
      ['POST', `/api/orgs/${centre.id}/production-calendar/days`, { day: '2099-06-15', kind: 'holiday', name: 'День города' }],
      ['POST', `/api/orgs/${office.id}/items`, { kind: 'post', title: 'Ниже архива', at: '2026-09-01' }],
    ];
    for (const [method, url, body] of writes) {
      const refused = await call(method, url, { ...root, 'accept-language': 'ru' }, body);
      expect(refused.statusCode, `${method} ${url} ${refused.body}`).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'org_archived', message: expect.stringContaining('в архиве') });
    }
    const english = await call('POST', `/api/orgs/${centre.id}/items`, { ...root, 'accept-language': 'en' }, writes[0]![2]);
    expect(english.json().error.message).toContain('archived');
    // The profile itself: unarchive first.
    const rename = await call('PATCH', `/api/orgs/${centre.id}`, root, { name: 'Новое имя', version: centre.version + 1 });
    expect(rename.json().error).toMatchObject({ code: 'org_archived' });
    // History stays readable; what a person may change there says so.
    expect((await call('GET', `/api/orgs/${centre.id}/items?from=2026-09-01&to=2026-09-30`, root)).json().items).toHaveLength(1);
    expect((await get(centre.id)).capabilities).toEqual(['org.read', 'audit.read', 'org.admin', 'member.manage']);
    // People's roles can still be given and taken away.
    await createUser(ctx.database, 'later@example.org');
    expect((await call('POST', `/api/orgs/${centre.id}/members`, root, { email: 'later@example.org', role: 'viewer' })).statusCode).toBe(201);

    const unarchived = await call('POST', `/api/orgs/${centre.id}/unarchive`, root, { version: centre.version + 1 });
    expect(unarchived.statusCode, unarchived.body).toBe(200);
    expect(unarchived.json()).toMatchObject({ archivedAt: null, archivedBy: null, inArchive: false, version: centre.version + 2 });
    expect(unarchived.json().capabilities).toContain('item.edit');
    const after = await call('POST', `/api/orgs/${centre.id}/items`, root, { kind: 'post', title: 'После архива', at: '2026-09-01' });
    expect(after.statusCode, after.body).toBe(201);
    expect((await call('POST', `/api/orgs/${office.id}/items`, root, { kind: 'post', title: 'Снова можно', at: '2026-09-01' })).statusCode).toBe(201);
  });

  it('makes series, materials and their answers, templates and proposals read-only too (issue 15), a template applied into an archive from above included', async () => {
    const centre = await create({ name: 'ЦЗН Без рассылок', kind: 'employment_center', parentId: regionId });
    const office = await create({ name: 'Отдел без рассылок', kind: 'other', parentId: centre.id });
    expect((await call('POST', `/api/orgs/${regionId}/items`, root, { kind: 'post', title: 'Для шаблона', at: '2026-09-01' })).statusCode).toBe(201);
    const template = await call('POST', `/api/orgs/${regionId}/templates`, root, { name: 'Неделя округа', span: 'week', from: '2026-09-01', shareDown: true });
    expect(template.statusCode, template.body).toBe(201);
    await call('POST', `/api/orgs/${centre.id}/archive`, root, { version: centre.version });
    // The guard answers before the route looks the row up: any id of the right form is refused.
    const id = '00000000-0000-4000-8000-000000000001';
    const writes: Array<[method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: object]> = [
      ['PATCH', `/api/orgs/${centre.id}/series/${id}`, { title: 'Правка', version: 1 }],
      ['DELETE', `/api/orgs/${centre.id}/series/${id}?version=1`],
      ['POST', `/api/orgs/${centre.id}/materials/${id}/place`, {}],
      ['POST', `/api/orgs/${centre.id}/materials/${id}/adapt`, { title: 'Своими словами', text: 'Текст' }],
      ['POST', `/api/orgs/${office.id}/materials/${id}/decline`, { reason: 'Не наша тема' }],
      ['POST', `/api/orgs/${centre.id}/proposals/${id}/accept`, { at: '2026-09-10', version: 1 }],
      ['POST', `/api/orgs/${centre.id}/proposals/${id}/decline`, { reason: 'Нет', version: 1 }],
      ['POST', `/api/orgs/${centre.id}/templates/${template.json().id}/apply`, { from: '2026-09-08' }],
      ['PATCH', `/api/orgs/${centre.id}/templates/${id}`, { name: 'Другое', version: 1 }],
      // Applied from the region above, the target is the archived centre.
      ['POST', `/api/orgs/${regionId}/templates/${template.json().id}/apply`, { from: '2026-09-08', orgId: centre.id }],
      ['POST', `/api/orgs/${regionId}/templates/${template.json().id}/apply`, { from: '2026-09-08', orgId: office.id }],
    ];
    for (const [method, url, body] of writes) {
      const refused = await call(method, url, { ...root, 'accept-language': 'ru' }, body);
      expect(refused.statusCode, `${method} ${url} ${refused.body}`).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'org_archived', message: expect.stringContaining('в архиве') });
    }
    // Reading stays open.
    expect((await call('GET', `/api/orgs/${centre.id}/templates`, root)).statusCode).toBe(200);
    expect((await call('GET', `/api/orgs/${centre.id}/received-materials`, root)).statusCode).toBe(200);
    expect((await call('GET', `/api/orgs/${centre.id}/proposals`, root)).statusCode).toBe(200);
  });

  it('offers no plan moves and no norm changes in an archive, and offers them again when unarchived', async () => {
    const centre = await create({ name: 'ЦЗН Без кнопок', kind: 'employment_center', parentId: regionId });
    const plan = await call('POST', `/api/orgs/${centre.id}/plans`, root, { period: 'month', periodStart: '2026-11-01', title: 'План' });
    expect(plan.statusCode, plan.body).toBe(201);
    const own = await call('POST', `/api/orgs/${centre.id}/norms`, root, { id: 'own', type: 'frequency', min: 1, per: 'month' });
    expect(own.statusCode, own.body).toBe(201);
    const offered = async () => {
      const plans = (await call('GET', `/api/orgs/${centre.id}/plans`, root)).json().plans as Array<{ transitions: unknown[] }>;
      const one = (await call('GET', `/api/orgs/${centre.id}/plans/${plan.json().id}`, root)).json() as { transitions: unknown[] };
      const norms = (await call('GET', `/api/orgs/${centre.id}/norms`, root)).json().norms as Array<{ key: string; may: Record<string, boolean> }>;
      return { list: plans[0]!.transitions.length > 0, one: one.transitions.length > 0, norms: norms.filter((n) => Object.values(n.may).some(Boolean)).map((n) => n.key).sort() };
    };
    expect(await offered()).toEqual({ list: true, one: true, norms: ['own', 'posts'] });
    const version = (await get(centre.id)).version;
    expect((await call('POST', `/api/orgs/${centre.id}/archive`, root, { version })).statusCode).toBe(200);
    expect(await offered()).toEqual({ list: false, one: false, norms: [] });
    expect((await call('POST', `/api/orgs/${centre.id}/unarchive`, root, { version: version + 1 })).statusCode).toBe(200);
    expect(await offered()).toEqual({ list: true, one: true, norms: ['own', 'posts'] });
  });

  it('takes the right to administer the organisation above, so a centre cannot hide itself from its department', async () => {
    const centre = await create({ name: 'ЦЗН Права', kind: 'employment_center', parentId: regionId });
    await call('POST', `/api/orgs/${centre.id}/members`, root, { email: 'centre-admin@example.org', role: 'admin' });
    await createUser(ctx.database, 'region-director@example.org');
    await call('POST', `/api/orgs/${regionId}/members`, root, { email: 'region-director@example.org', role: 'director' });
    const director = await login(ctx.app, 'region-director@example.org');
    expect((await call('POST', `/api/orgs/${centre.id}/archive`, centreAdmin, { version: centre.version })).statusCode).toBe(403);
    expect((await call('POST', `/api/orgs/${centre.id}/archive`, director, { version: centre.version })).statusCode).toBe(403);
    // A root: its own administrator.
    expect((await call('POST', `/api/orgs/${regionId}/archive`, centreAdmin, { version: 1 })).statusCode).toBe(404);
    const stale = await call('POST', `/api/orgs/${centre.id}/archive`, regionAdmin, { version: centre.version + 3 });
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', currentVersion: centre.version });
    const done = await call('POST', `/api/orgs/${centre.id}/archive`, regionAdmin, { version: centre.version });
    expect(done.statusCode).toBe(200);
    expect((await call('POST', `/api/orgs/${centre.id}/archive`, regionAdmin, { version: centre.version + 1 })).json().error.code).toBe('already_archived');
    expect((await call('POST', `/api/orgs/${regionId}/unarchive`, root, { version: 1 })).json().error.code).toBe('not_archived');
    // Nothing is created or moved into an archive.
    const created = await call('POST', '/api/orgs', regionAdmin, { name: 'Внутри архива', kind: 'other', parentId: centre.id });
    expect(created.json().error.code).toBe('org_archived');
    const other = await create({ name: 'Переезжающий', kind: 'other', parentId: regionId });
    const moved = await call('PATCH', `/api/orgs/${other.id}`, regionAdmin, { parentId: centre.id, version: other.version });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().error.code).toBe('org_archived');
    // Deleting takes the same right as archiving: the centre's own administrator cannot erase it.
    expect((await call('DELETE', `/api/orgs/${centre.id}?version=${centre.version + 1}`, centreAdmin)).statusCode).toBe(403);
    expect((await call('DELETE', `/api/orgs/${centre.id}?version=${centre.version + 1}`, director)).statusCode).toBe(403);
    expect((await call('DELETE', `/api/orgs/${centre.id}?version=${centre.version + 1}`, regionAdmin)).statusCode).toBe(204);
  });

  it('leaves an archived organisation out of the summaries above it at once, and brings it back at once', async () => {
    const area = await create({ name: 'Округ', kind: 'employment_authority', parentId: regionId });
    await create({ name: 'ЦЗН Действующий', kind: 'employment_center', parentId: area.id });
    const closing = await create({ name: 'ЦЗН Закрытый', kind: 'employment_center', parentId: area.id });
    const below = await create({ name: 'Отдел Закрытого', kind: 'other', parentId: closing.id });
    expect(await summaryNames(area.id)).toEqual(['Округ', 'ЦЗН Действующий', 'ЦЗН Закрытый', 'Отдел Закрытого'].sort());
    await call('POST', `/api/orgs/${closing.id}/archive`, root, { version: closing.version });
    expect(await summaryNames(area.id)).toEqual(['Округ', 'ЦЗН Действующий'].sort());
    expect(await summaryNames(regionId)).not.toContain('ЦЗН Закрытый');
    // Opened itself, an archived organisation is still judged: its history is there to read.
    expect(await summaryNames(closing.id)).toEqual(['ЦЗН Закрытый', 'Отдел Закрытого'].sort());
    // Archived on its own below an archive, it stays archived when the one above comes back.
    const belowNow = await get(below.id);
    await call('POST', `/api/orgs/${below.id}/archive`, root, { version: belowNow.version });
    await call('POST', `/api/orgs/${closing.id}/unarchive`, root, { version: closing.version + 1 });
    expect(await summaryNames(area.id)).toEqual(['Округ', 'ЦЗН Действующий', 'ЦЗН Закрытый'].sort());
    expect(await get(below.id)).toMatchObject({ inArchive: true, archivedAt: expect.any(String) });
  });
});
