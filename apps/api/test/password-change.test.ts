import { describe, expect, it } from 'vitest';
import { useTestApp } from './app.js';
import { testDatabases } from './databases.js';
import { addMember, createOrg, createUser, login, TEST_PASSWORD } from './fixtures.js';

// Issue 10 (6): whoever learnt the old password may have made API tokens with it; a password
// change ends them with the sessions, but those the user names to keep.
describe.each(testDatabases())('a password change and API tokens on $name', ({ open }) => {
  const ctx = useTestApp(open);

  const makeToken = async (headers: Record<string, string>, name: string) => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/auth/tokens', headers, payload: { name } });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; token: string };
  };
  const me = (token: string) => ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });

  it('ends every API token of the user', async () => {
    await createUser(ctx.database, 'tokens@example.org');
    const headers = await login(ctx.app, 'tokens@example.org');
    const script = await makeToken(headers, 'script');
    const other = await makeToken(headers, 'other');
    expect((await me(script.token)).statusCode).toBe(200);
    const changed = await ctx.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a new secret' } });
    expect(changed.statusCode).toBe(204);
    expect((await me(script.token)).statusCode).toBe(401);
    expect((await me(other.token)).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/tokens', headers })).json().tokens).toEqual([]);
  });

  it('keeps the tokens named in keepTokens', async () => {
    await createUser(ctx.database, 'keeper@example.org');
    const headers = await login(ctx.app, 'keeper@example.org');
    const kept = await makeToken(headers, 'kept');
    const ended = await makeToken(headers, 'ended');
    const changed = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a new secret', keepTokens: [kept.id] },
    });
    expect(changed.statusCode).toBe(204);
    expect((await me(kept.token)).statusCode).toBe(200);
    expect((await me(ended.token)).statusCode).toBe(401);
  });

  it('ends the calendar feeds too, but those named in keepFeeds', async () => {
    const org = await createOrg(ctx.database, { name: 'ЦЗН для подписок' });
    const user = await createUser(ctx.database, 'feeds@example.org');
    await addMember(ctx.database, user.id, org.id, 'viewer');
    const headers = await login(ctx.app, 'feeds@example.org');
    const makeFeed = async (name: string) => {
      const response = await ctx.app.inject({ method: 'POST', url: '/api/auth/calendar-feeds', headers, payload: { name, orgIds: [org.id] } });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; url: string };
    };
    const kept = await makeFeed('телефон');
    const ended = await makeFeed('старый ноутбук');
    const fetchFeed = (url: string) => ctx.app.inject({ method: 'GET', url: new URL(url, 'http://localhost').pathname });
    expect((await fetchFeed(ended.url)).statusCode).toBe(200);
    const changed = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a new secret', keepFeeds: [kept.id] },
    });
    expect(changed.statusCode).toBe(204);
    expect((await fetchFeed(kept.url)).statusCode).toBe(200);
    expect((await fetchFeed(ended.url)).statusCode).toBe(404);
  });
});
