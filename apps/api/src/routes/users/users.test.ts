import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { createUser, login, TEST_PASSWORD } from '../../../test/fixtures.js';

describe.each(testDatabases())('users, passwords and API tokens on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let root: Record<string, string>;
  beforeAll(async () => {
    await createUser(ctx.database, 'root@example.org', { isAdmin: true });
    root = await login(ctx.app, 'root@example.org');
  });

  it('lets a system administrator create a user who can then sign in, and nobody else', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/api/users', headers: root, payload: { email: 'new@example.org', password: 'long enough', name: 'Новый' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: expect.any(String), version: 1, email: 'new@example.org', isAdmin: false });
    expect(created.body).not.toContain('hash');
    const newcomer = await login(ctx.app, 'new@example.org', 'long enough');
    const refused = await ctx.app.inject({ method: 'POST', url: '/api/users', headers: newcomer, payload: { email: 'x@example.org', password: 'long enough' } });
    expect(refused.statusCode).toBe(403);
    const twice = await ctx.app.inject({ method: 'POST', url: '/api/users', headers: root, payload: { email: 'NEW@example.org', password: 'long enough' } });
    expect(twice.statusCode).toBe(409);
  });

  it('changes the password with the current one, ending the other sessions and keeping this one', async () => {
    await createUser(ctx.database, 'changer@example.org');
    const here = await login(ctx.app, 'changer@example.org');
    const elsewhere = await login(ctx.app, 'changer@example.org');
    const wrong = await ctx.app.inject({ method: 'POST', url: '/api/auth/password', headers: here, payload: { currentPassword: 'nope', newPassword: 'a new secret' } });
    expect(wrong.statusCode).toBe(403);
    const changed = await ctx.app.inject({ method: 'POST', url: '/api/auth/password', headers: here, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a new secret' } });
    expect(changed.statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: here })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: elsewhere })).statusCode).toBe(401);
    await expect(login(ctx.app, 'changer@example.org')).rejects.toThrow(/401/);
    await login(ctx.app, 'changer@example.org', 'a new secret');
  });

  it('makes a personal token that works as a Bearer until revoked, and shows its secret once', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: root, payload: { name: 'скрипт', expiresInDays: 30 } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^ritm_/);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).json().email).toBe('root@example.org');
    const list = await ctx.app.inject({ method: 'GET', url: '/api/auth/tokens', headers: bearer });
    expect(list.json().tokens).toEqual([expect.objectContaining({ id, name: 'скрипт', expiresAt: expect.any(String) })]);
    expect(list.body).not.toContain(token);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${id}`, headers: root })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${id}`, headers: root })).statusCode).toBe(404);
  });
});
