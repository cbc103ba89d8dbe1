import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useOtherApp, useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';
import { contentDisposition } from './index.js';

// A JPEG's signature and some bytes: what is told by content is the signature.
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(1000, 7)]);
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PAST = '2026-11-10';
const FUTURE = '2099-06-01';

describe.each(testDatabases())('evidence on $name', ({ open }) => {
  // Small limits, so that "too large" and "the organisation's quota" take kilobytes to show.
  const ctx = useTestApp(open, { attachmentMaxBytes: 4096, orgAttachmentsBytes: 10_000 });
  let orgId: string;
  let otherOrgId: string;
  let editor: Record<string, string>;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  let stranger: Record<string, string>;
  let stand: string;

  beforeAll(async () => {
    orgId = (await createOrg(ctx.database, { kind: 'union_primary', timezone: 'Asia/Vladivostok' })).id;
    otherOrgId = (await createOrg(ctx.database, { kind: 'union_primary' })).id;
    const people = [
      ['editor@evidence.test', orgId, 'editor'],
      ['admin@evidence.test', orgId, 'admin'],
      ['viewer@evidence.test', orgId, 'viewer'],
      ['stranger@evidence.test', otherOrgId, 'admin'],
    ] as const;
    for (const [email, org, role] of people) await addMember(ctx.database, (await createUser(ctx.database, email)).id, org, role);
    const sessions = await Promise.all(people.map(([email]) => login(ctx.app, email)));
    [editor, admin, viewer, stranger] = sessions as [typeof editor, typeof admin, typeof viewer, typeof stranger];
    stand = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels`, headers: editor, payload: { type: 'info_stand', name: 'Стенд в холле' } })).json().id;
  });

  const createItem = async (payload: Record<string, unknown>) => {
    const response = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'stand_update', title: 'Стенд', channelIds: [stand], ...payload } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; version: number };
  };
  const upload = (itemId: string, body: Buffer | string, options: { name?: string; headers?: Record<string, string>; contentType?: string; org?: string } = {}) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/orgs/${options.org ?? orgId}/items/${itemId}/attachments?name=${encodeURIComponent(options.name ?? 'стенд.jpg')}`,
      headers: { ...(options.headers ?? editor), 'content-type': options.contentType ?? 'image/jpeg' },
      payload: body,
    });
  const item = async (id: string) => (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/${id}`, headers: editor })).json();

  describe('an item is published or held only once its date has come', () => {
    it('refuses a future published item on create, naming body.status, in Russian and English', async () => {
      const response = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'stand_update', title: 'Стенд', at: FUTURE, status: 'published', channelIds: [stand] } });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details).toEqual([{ path: 'body.status', message: expect.stringMatching(/позже сегодняшнего дня/) }]);
      const english = await ctx.app.inject({
        method: 'POST',
        url: `/api/orgs/${orgId}/items`,
        headers: { ...editor, 'accept-language': 'en' },
        payload: { kind: 'meeting', title: 'Собрание', at: FUTURE, status: 'held' },
      });
      expect(english.json().error.details).toEqual([{ path: 'body.status', message: expect.stringMatching(/dated after today/) }]);
    });

    it('refuses an instant later today, and accepts the past and planned future', async () => {
      const later = new Date(Date.now() + 3 * 3_600_000).toISOString();
      const response = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'meeting', title: 'Собрание', at: later, status: 'held' } });
      expect(response.statusCode).toBe(400);
      await createItem({ at: PAST, status: 'published' });
      await createItem({ at: FUTURE, status: 'planned' });
    });

    it('refuses it in a bulk creation, naming the item, and creates none', async () => {
      const items = [0, 1, 2, 3].map((i) => ({ kind: 'stand_update', title: `Стенд ${i}`, at: i === 3 ? FUTURE : PAST, status: 'published', channelIds: [stand] }));
      const response = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items/bulk`, headers: editor, payload: { items } });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.map((d: { path: string }) => d.path)).toEqual(['body.items[3].status']);
      const listed = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?from=${PAST}&to=${PAST}`, headers: editor });
      expect(listed.json().items.map((i: { title: string }) => i.title)).not.toContain('Стенд 0');
    });

    it('refuses marking a future item published, and moving a published item into the future', async () => {
      const planned = await createItem({ at: FUTURE });
      const marked = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/items/${planned.id}`, headers: editor, payload: { status: 'published', version: planned.version } });
      expect(marked.statusCode).toBe(400);
      expect(marked.json().error.details[0].path).toBe('body.status');
      const done = await createItem({ at: PAST, status: 'published' });
      const moved = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/items/${done.id}`, headers: editor, payload: { at: FUTURE, version: done.version } });
      expect(moved.statusCode).toBe(400);
      expect(moved.json().error.details[0].path).toBe('body.at');
      expect((await item(done.id)).at).toBe(PAST);
    });
  });

  describe('attachments', () => {
    it('stores a photo, lists it, serves it to readers, and makes a published item confirmed', async () => {
      const done = await createItem({ at: PAST, status: 'published' });
      expect(await item(done.id)).toMatchObject({ attachmentCount: 0, confirmed: false });
      const created = await upload(done.id, JPEG, { contentType: 'application/octet-stream' });
      expect(created.statusCode, created.body).toBe(201);
      const attachment = created.json();
      expect(attachment).toMatchObject({ itemId: done.id, name: 'стенд.jpg', contentType: 'image/jpeg', size: JPEG.length, sha256: createHash('sha256').update(JPEG).digest('hex') });
      expect(attachment.uploadedBy).toMatchObject({ name: 'editor@evidence.test' });
      // The upload is no edit of the item's content: its version stays, so an open form does not conflict.
      expect(await item(done.id)).toMatchObject({ attachmentCount: 1, confirmed: true, version: done.version });

      const listed = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/${done.id}/attachments`, headers: viewer });
      expect(listed.json()).toEqual({ attachments: [attachment] });
      const url = `/api/orgs/${orgId}/items/${done.id}/attachments/${attachment.id}`;
      const file = await ctx.app.inject({ method: 'GET', url, headers: viewer });
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.equals(JPEG)).toBe(true);
      expect(file.headers).toMatchObject({
        'content-type': 'image/jpeg',
        'content-disposition': contentDisposition('стенд.jpg'),
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-cache',
      });
      const again = await ctx.app.inject({ method: 'GET', url, headers: { ...viewer, 'if-none-match': file.headers.etag as string } });
      expect(again.statusCode).toBe(304);

      const audit = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/audit?entity=attachment`, headers: admin })).json();
      expect(audit.entries[0]).toMatchObject({ entity: 'attachment', entityId: attachment.id, action: 'create', after: { name: 'стенд.jpg', size: JPEG.length } });

      // Deleting it takes item.edit; then the item is only claimed again.
      expect((await ctx.app.inject({ method: 'DELETE', url, headers: viewer })).statusCode).toBe(403);
      expect((await ctx.app.inject({ method: 'DELETE', url, headers: editor })).statusCode).toBe(204);
      expect((await ctx.app.inject({ method: 'DELETE', url, headers: editor })).statusCode).toBe(404);
      expect(await item(done.id)).toMatchObject({ attachmentCount: 0, confirmed: false });
    });

    it('names files safely on download, whatever their name', () => {
      expect(contentDisposition('фото "стенда".jpg')).toBe(`attachment; filename="____ ________.jpg"; filename*=UTF-8''${encodeURIComponent('фото "стенда".jpg')}`);
      expect(contentDisposition("a'b(c).pdf")).toBe(`attachment; filename="a'b(c).pdf"; filename*=UTF-8''a%27b%28c%29.pdf`);
    });

    it('refuses text sent as a JPEG, an empty body, a file over the limit, and a JSON body, never with a 500', async () => {
      const done = await createItem({ at: PAST, status: 'published' });
      const text = await upload(done.id, 'это не фотография, а текст', { name: 'photo.jpg' });
      expect(text.statusCode).toBe(415);
      expect(text.json().error.message).toMatch(/тип определяется по содержимому/);
      const json = await upload(done.id, '{"a":1}', { contentType: 'application/json' });
      expect(json.statusCode).toBe(415);
      // A form is not the file: the answer says what to send, not to send JSON (found by a probe).
      const form = await upload(done.id, JPEG, { contentType: 'multipart/form-data; boundary=x', headers: { ...editor, 'accept-language': 'en' } });
      expect(form.statusCode).toBe(415);
      expect(form.json().error.message).toBe("Send the file itself as the request's body, with its own type as the Content-Type (image/jpeg for a photo, text/csv for a table): a form's types and text/plain are not taken");
      const empty = await upload(done.id, Buffer.alloc(0));
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error.details[0].path).toBe('body');
      const big = await upload(done.id, Buffer.concat([JPEG, Buffer.alloc(4096)]), { headers: { ...editor, 'accept-language': 'en' } });
      expect(big.statusCode).toBe(413);
      expect(big.json().error.message).toBe('The file is larger than 0 MB'.replace('0', String(Math.round((4096 / 1_048_576) * 10) / 10)));
      const nameless = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items/${done.id}/attachments`, headers: { ...editor, 'content-type': 'image/jpeg' }, payload: JPEG });
      expect(nameless.statusCode).toBe(400);
      expect(nameless.json().error.details[0].path).toBe('querystring.name');
      // A folder's name, or dots, name no file.
      for (const name of ['фото/', '..', 'a/b/..']) {
        const folder = await upload(done.id, JPEG, { name, headers: { ...editor, 'accept-language': 'en' } });
        expect(folder.statusCode, name).toBe(400);
        expect(folder.json().error.details, name).toEqual([{ path: 'querystring.name', message: 'must name a file, not a folder' }]);
      }
      expect(await item(done.id)).toMatchObject({ attachmentCount: 0 });
    });

    it('keeps a file by its own name, not the path it came from (found by a probe)', async () => {
      const done = await createItem({ at: PAST, status: 'published' });
      for (const [given, kept] of [
        ['../../etc/passwd', 'passwd'],
        ['C:\\Users\\Анна\\стенд 2.jpg', 'стенд 2.jpg'],
        ['a/b/../ c.png ', 'c.png'],
      ]) {
        const uploaded = await upload(done.id, JPEG, { name: given! });
        expect(uploaded.statusCode, given).toBe(201);
        expect(uploaded.json().name).toBe(kept);
        const file = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/${done.id}/attachments/${uploaded.json().id}`, headers: editor });
        expect(file.headers['content-disposition'], given).toContain(`filename*=UTF-8''${encodeURIComponent(kept!)}`);
        // The organisation's total is small here: the tests after this one start from no file.
        await ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${orgId}/items/${done.id}/attachments/${uploaded.json().id}`, headers: editor });
      }
    });

    it("refuses an upload that would pass the organisation's total, and counts what deletion frees", async () => {
      const done = await createItem({ at: PAST, status: 'published' });
      // 3,500 bytes each, the organisation holding no other file: two fit in 10,000 bytes, three do not.
      const pdf = Buffer.concat([PDF, Buffer.alloc(3500 - PDF.length, 32)]);
      const first = await upload(done.id, pdf, { name: 'скан.pdf' });
      expect(first.statusCode).toBe(201);
      expect(first.json().contentType).toBe('application/pdf');
      const second = await upload(done.id, pdf, { name: 'скан-2.pdf' });
      expect(second.statusCode).toBe(201);
      const third = await upload(done.id, pdf, { name: 'скан-3.pdf' });
      expect(third.statusCode).toBe(413);
      expect(third.json().error).toMatchObject({ code: 'attachments_quota', message: expect.stringMatching(/Вложения организации/) });
      const remove = (id: string) => ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${orgId}/items/${done.id}/attachments/${id}`, headers: editor });
      await remove(first.json().id);
      const again = await upload(done.id, pdf, { name: 'скан-3.pdf' });
      expect(again.statusCode).toBe(201);
      expect(await item(done.id)).toMatchObject({ attachmentCount: 2 });
      for (const response of [second, again]) await remove(response.json().id);
    });

    it("keeps another organisation's users out, and an item of another organisation", async () => {
      const done = await createItem({ at: PAST, status: 'published' });
      const created = (await upload(done.id, JPEG)).json();
      const url = `/api/orgs/${orgId}/items/${done.id}/attachments/${created.id}`;
      expect((await ctx.app.inject({ method: 'GET', url, headers: stranger })).statusCode).toBe(404);
      expect((await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/${done.id}/attachments`, headers: stranger })).statusCode).toBe(404);
      expect((await upload(done.id, JPEG, { headers: stranger })).statusCode).toBe(404);
      // Through the stranger's own organisation, the item and the file are not there.
      expect((await ctx.app.inject({ method: 'GET', url: `/api/orgs/${otherOrgId}/items/${done.id}/attachments/${created.id}`, headers: stranger })).statusCode).toBe(404);
      expect((await upload(done.id, JPEG, { headers: stranger, org: otherOrgId })).statusCode).toBe(404);
      expect((await ctx.app.inject({ method: 'GET', url })).statusCode).toBe(401);
      await ctx.app.inject({ method: 'DELETE', url, headers: editor });
    });
  });

  describe('compliance counts confirmed items', () => {
    const week = { from: '2026-11-02', to: '2026-11-08' };
    const rowOf = async () => {
      const response = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/compliance?from=${week.from}&to=${week.to}&asOf=2026-11-20`, headers: editor });
      expect(response.statusCode).toBe(200);
      return response.json().results.find((r: { norm: string }) => r.norm === 'stand-twice');
    };

    it('counts how many of actual are confirmed, and with countOnlyConfirmed only those', async () => {
      const norm = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/norms`, headers: admin, payload: { id: 'stand-twice', type: 'frequency', min: 2, per: 'week', kinds: ['stand_update'], effectiveFrom: '2026-11-02' } });
      // effectiveFrom: a norm added today would judge only from this week on (issue 11), and the week judged here is past.
      expect(norm.statusCode, norm.body).toBe(201);
      const withUrl = await createItem({ at: '2026-11-03', status: 'published', url: 'https://example.org/stand' });
      const withPhoto = await createItem({ at: '2026-11-04', status: 'published' });
      await createItem({ at: '2026-11-05', status: 'published' });
      expect((await upload(withPhoto.id, JPEG)).statusCode).toBe(201);
      expect(withUrl.id).toBeTruthy();
      expect(await rowOf()).toMatchObject({ actual: 3, confirmed: 2, status: 'met' });
      const summary = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/compliance/summary?from=${week.from}&to=${week.to}&asOf=2026-11-20`, headers: editor })).json();
      expect(summary.organisations[0].orgId).toBe(orgId);

      const org = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}`, headers: admin })).json();
      expect(org.countOnlyConfirmed).toBe(false);
      // An editor may not change the organisation's settings.
      expect((await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}`, headers: editor, payload: { countOnlyConfirmed: true, version: org.version } })).statusCode).toBe(403);
      const strict = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}`, headers: admin, payload: { countOnlyConfirmed: true, version: org.version } });
      expect(strict.statusCode, strict.body).toBe(200);
      expect(strict.json().countOnlyConfirmed).toBe(true);
      expect(await rowOf()).toMatchObject({ actual: 2, confirmed: 2, status: 'met' });

      // A deleted photo leaves one confirmed item: the week is missed, in the summary too.
      const photo = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/${withPhoto.id}/attachments`, headers: editor })).json().attachments[0];
      await ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${orgId}/items/${withPhoto.id}/attachments/${photo.id}`, headers: editor });
      expect(await rowOf()).toMatchObject({ actual: 1, confirmed: 1, status: 'missed' });
      const after = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/compliance/summary?from=${week.from}&to=${week.to}&asOf=2026-11-20`, headers: editor })).json();
      expect(after.organisations[0].worstRows).toContainEqual(expect.objectContaining({ norm: 'stand-twice', actual: 1, confirmed: 1, status: 'missed' }));
    });
  });
});

describe.each(testDatabases())('attachment body limits on $name', ({ open }) => {
  const ctx = useTestApp(open, { bodyLimit: 2048 });
  const big = useOtherApp(ctx, { bodyLimit: 2048, attachmentMaxBytes: 1_048_576 });

  it('lets a file through above the JSON body limit, and keeps the JSON limit for other routes', async () => {
    const orgId = (await createOrg(ctx.database, { kind: 'union_primary' })).id;
    await addMember(ctx.database, (await createUser(ctx.database, 'limits@evidence.test')).id, orgId, 'editor');
    const editor = await login(big.app, 'limits@evidence.test');
    const created = await big.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'meeting', title: 'Собрание', at: PAST, status: 'held' } });
    const photo = Buffer.concat([JPEG, Buffer.alloc(100_000)]);
    const uploaded = await big.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items/${created.json().id}/attachments?name=big.jpg`, headers: { ...editor, 'content-type': 'image/jpeg' }, payload: photo });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const json = await big.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'meeting', title: 'x'.repeat(3000), at: PAST } });
    expect(json.statusCode).toBe(413);
  });
});
