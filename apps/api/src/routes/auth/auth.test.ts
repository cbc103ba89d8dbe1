import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { sql } from 'kysely';
import { hashSecret, newSecret } from '../../auth/tokens.js';
import { createUser, login, TEST_PASSWORD } from '../../../test/fixtures.js';

describe.each(testDatabases())('auth on $name', ({ open }) => {
  const ctx = useTestApp(open);
  beforeAll(async () => {
    await createUser(ctx.database, 'press@example.org', { name: 'Пресс-секретарь' });
  });

  it('signs in with an HttpOnly, SameSite=Lax session cookie and answers /me', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'PRESS@example.org', password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'ritm_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `ritm_session=${cookie!.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: 'press@example.org', name: 'Пресс-секретарь', isAdmin: false, memberships: [] });
  });

  it('answers a wrong password and an unknown account alike', async () => {
    const wrong = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'press@example.org', password: 'nope-nope' } });
    const unknown = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ghost@example.org', password: 'nope-nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('refuses /me without a session and after logout', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const headers = await login(ctx.app, 'press@example.org');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
    const logout = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers });
    expect(logout.statusCode).toBe(204);
    // What the browser kept to revalidate (dashboards, month lists, attachments) goes with the session.
    expect(logout.headers['clear-site-data']).toBe('"cache"');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated write from another origin', async () => {
    const headers = await login(ctx.app, 'press@example.org');
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { ...headers, origin: 'https://evil.example', host: 'localhost:3000' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('cross_origin');
  });

  it('locks an account after five failures, even with the right password', async () => {
    await createUser(ctx.database, 'target@example.org');
    for (let i = 0; i < 5; i++) {
      const r = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'target@example.org', password: `guess-${i}` } });
      expect(r.statusCode).toBe(401);
    }
    const locked = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'target@example.org', password: TEST_PASSWORD } });
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
  });

  it('names each bad field of a login body', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { email: 5, extra: true },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.password', 'body.extra']));
  });

  it('moves a session\'s expiry forward when it was last seen over ten minutes ago, and only then', async () => {
    const headers = await login(ctx.app, 'press@example.org');
    const hash = hashSecret(headers.cookie!.split('=')[1]!);
    const session = () => ctx.database.db.selectFrom('sessions').select(['last_seen_at', 'expires_at']).where('token_hash', '=', hash).executeTakeFirstOrThrow();
    await sql`update sessions set last_seen_at = now() - interval '9 minutes', expires_at = now() + interval '1 day' where token_hash = ${hash}`.execute(ctx.database.db);
    const recent = await session();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
    expect(await session()).toEqual(recent);
    await sql`update sessions set last_seen_at = now() - interval '11 minutes' where token_hash = ${hash}`.execute(ctx.database.db);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
    const moved = await session();
    expect(moved.expires_at.getTime()).toBeGreaterThan(Date.now() + 13 * 24 * 3600 * 1000);
    expect(moved.last_seen_at.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('records when an API token was last used, at most every ten minutes', async () => {
    const user = await ctx.database.db.selectFrom('users').select('id').where('email', '=', 'press@example.org').executeTakeFirstOrThrow();
    const token = newSecret('ritm_');
    const { id } = await ctx.database.db.insertInto('api_tokens').values({ user_id: user.id, name: 'script', token_hash: hashSecret(token) }).returning('id').executeTakeFirstOrThrow();
    const lastUsed = async () => (await ctx.database.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at;
    const headers = { authorization: `Bearer ${token}` };
    expect(await lastUsed()).toBeNull();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
    expect(await lastUsed()).toEqual(first);
    await sql`update api_tokens set last_used_at = now() - interval '11 minutes' where id = ${id}`.execute(ctx.database.db);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});
