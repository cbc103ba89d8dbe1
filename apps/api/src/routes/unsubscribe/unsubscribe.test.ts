import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATION_PREFERENCES, IMMEDIATE_KINDS, type NotificationPreferences } from '@ritm/domain/notifications';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { createUser, login } from '../../../test/fixtures.js';
import { unsubscribeToken } from '../../notifications/unsubscribe-token.js';
import { preferencesOf, savePreferences, unsubscribeSecretOf } from '../../repositories/notification-preferences.js';

describe.each(testDatabases())('one-click unsubscribe ($name)', ({ open }) => {
  const ctx = useTestApp(open, { publicUrl: 'https://ritm.example.org' });
  let userId: string;
  let secret: string;
  const chosen: NotificationPreferences = { ...DEFAULT_NOTIFICATION_PREFERENCES, email: { ...DEFAULT_NOTIFICATION_PREFERENCES.email, plan_returned: 'daily' } };

  beforeAll(async () => {
    userId = (await createUser(ctx.database, 'reader@example.org')).id;
    await savePreferences(ctx.database.db, userId, chosen);
    secret = await unsubscribeSecretOf(ctx.database.db, userId);
  });

  const preferences = async () => (await preferencesOf(ctx.database.db, [userId])).get(userId)!;
  const undoAction = (body: string) => /<form method="post" action="([^"]+)">/.exec(body)?.[1]?.replaceAll('&amp;', '&');

  it('unsubscribes at a click, no login needed, and the undo button gives back what was chosen', async () => {
    const token = unsubscribeToken(userId, 'plan_returned', secret);
    const response = await ctx.app.inject({ method: 'GET', url: `/api/unsubscribe/${token}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('<html lang="ru">');
    expect(response.body).toContain('<h1>Вы отписались</h1>');
    expect(response.body).toContain('Письма «возвращённые планы» больше не будут приходить.');
    expect(response.body).toContain('href="https://ritm.example.org/profile"');
    expect(await preferences()).toEqual({ ...chosen, email: { ...chosen.email, plan_returned: 'off' } });

    // The form posts relative to the page's own address: resolve it as a browser would.
    const action = new URL(undoAction(response.body)!, `https://ritm.example.org/api/unsubscribe/${token}`);
    expect(action.pathname).toBe(`/api/unsubscribe/${token}/undo`);
    const undone = await ctx.app.inject({ method: 'POST', url: `${action.pathname}${action.search}` });
    expect(undone.statusCode).toBe(200);
    expect(undone.body).toContain('<h1>Подписка возвращена</h1>');
    expect(await preferences()).toEqual(chosen);
  });

  it('answers a HEAD (a link scanner’s look) without unsubscribing', async () => {
    const token = unsubscribeToken(userId, 'plan_returned', secret);
    const response = await ctx.app.inject({ method: 'HEAD', url: `/api/unsubscribe/${token}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toBe('');
    const forged = await ctx.app.inject({ method: 'HEAD', url: `/api/unsubscribe/${unsubscribeToken(userId, 'plan_returned', 'not the secret')}` });
    expect(forged.statusCode).toBe(404);
    expect(await preferences()).toEqual(chosen);
  });

  it('takes a mail client’s one-click POST (RFC 8058), signed in or not', async () => {
    const token = unsubscribeToken(userId, 'item_assigned', secret);
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/api/unsubscribe/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
    expect((await preferences()).email.item_assigned).toBe('off');
    // The undo from the page, in a browser that holds a session of this site: an empty form post.
    const headers = await login(ctx.app, 'reader@example.org');
    const action = new URL(undoAction(response.body)!, `https://ritm.example.org/api/unsubscribe/${token}`);
    const undone = await ctx.app.inject({ method: 'POST', url: `${action.pathname}${action.search}`, headers: { ...headers, host: 'ritm.example.org', origin: 'https://ritm.example.org', 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0' } });
    expect(undone.statusCode).toBe(200);
    expect((await preferences()).email.item_assigned).toBe('immediately');
  });

  it('stops every mail with an `all` link, the digest included, and answers in the person’s language', async () => {
    await ctx.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', userId).execute();
    try {
      const response = await ctx.app.inject({ method: 'GET', url: `/api/unsubscribe/${unsubscribeToken(userId, 'all', secret)}` });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<html lang="en">');
      expect(response.body).toContain('Mail from Ritm will not come any more.');
      const now = await preferences();
      expect(IMMEDIATE_KINDS.map((kind) => now.email[kind])).toEqual(IMMEDIATE_KINDS.map(() => 'off'));
      expect(now.digest.enabled).toBe(false);
    } finally {
      await ctx.database.db.updateTable('users').set({ locale: 'ru' }).where('id', '=', userId).execute();
      await savePreferences(ctx.database.db, userId, chosen);
    }
  });

  it('answers a translated 404 page to a forged, stale or malformed link and changes nothing', async () => {
    const other = (await createUser(ctx.database, 'never-mailed@example.org')).id;
    const forged = [
      unsubscribeToken(userId, 'plan_returned', 'not the secret'),
      // Signed for another kind than it names.
      unsubscribeToken(userId, 'plan_submitted', secret).replace('plan_submitted', 'plan_returned'),
      // A person who was never sent a link has no secret yet.
      unsubscribeToken(other, 'plan_returned', secret),
      'garbage',
    ];
    for (const token of forged) {
      const response = await ctx.app.inject({ method: 'GET', url: `/api/unsubscribe/${encodeURIComponent(token)}` });
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('<h1>Ссылка недействительна</h1>');
      expect(response.body).not.toContain('<form');
    }
    const english = await ctx.app.inject({ method: 'POST', url: `/api/unsubscribe/${forged[0]}`, headers: { 'accept-language': 'en' } });
    expect(english.statusCode).toBe(404);
    expect(english.body).toContain('<h1>This link does not work</h1>');
    const undo = await ctx.app.inject({ method: 'POST', url: `/api/unsubscribe/${forged[0]}/undo?was=e30` });
    expect(undo.statusCode).toBe(404);
    expect(await preferences()).toEqual(chosen);
    expect(await ctx.database.db.selectFrom('notification_preferences').select('user_id').where('user_id', '=', other).execute()).toEqual([]);
  });
});
