import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { useOtherApp, useTestApp } from './app.js';
import { testDatabases } from './databases.js';
import { countStatuses, createUser, TEST_PASSWORD } from './fixtures.js';

type Injected = Awaited<ReturnType<App['inject']>>;
const statuses = (responses: Injected[]) => countStatuses(responses.map((r) => r.statusCode));

// Issue 10 (5): limits that hold when the guesses come in parallel and through a proxy, and that
// slow an attacker down without keeping the account's owner out.
describe.each(testDatabases())('login throttling on $name', ({ open }) => {
  const ctx = useTestApp(open);
  const proxied = useOtherApp(ctx, { trustProxy: 1 });
  beforeAll(async () => {
    for (const email of ['victim@example.org', 'owner@example.org', 'changer@example.org', 'proxied@example.org']) await createUser(ctx.database, email);
  });

  const attempt = (target: App, email: string, password: string, headers: Record<string, string> = {}, remoteAddress = '192.0.2.1') =>
    target.inject({ method: 'POST', url: '/api/auth/login', headers, remoteAddress, payload: { email, password } });

  it('verifies at most five of 40 parallel wrong passwords on one account', async () => {
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(ctx.app, 'victim@example.org', `guess-${i}`, {}, `10.1.0.${i}`)));
    const counts = statuses(responses);
    expect(counts[401]).toBeLessThanOrEqual(5);
    expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(40);
    const blocked = responses.find((r) => r.statusCode === 429)!;
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().error.code).toBe('too_many_attempts');
  });

  it('verifies at most twenty of 60 parallel attempts from one address', async () => {
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => attempt(ctx.app, `nobody-${i}@example.org`, 'whatever', {}, '192.0.2.60')));
    const counts = statuses(responses);
    expect(counts[401]).toBeLessThanOrEqual(20);
    expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(60);
  });

  it('counts the address the trusted proxy saw, whatever the client writes into X-Forwarded-For', async () => {
    // One hop trusted: the proxy appends the address it saw; everything before it is the client's own words.
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attempt(proxied.app, `rotating-${i}@example.org`, 'whatever', { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` })),
    );
    expect(statuses(responses)[401]).toBeLessThanOrEqual(20);
    // A different client behind the same proxy is not held up by that one.
    expect((await attempt(proxied.app, 'proxied@example.org', TEST_PASSWORD, { 'x-forwarded-for': '203.0.113.8' })).statusCode).toBe(200);
  });

  it('slows an attacker down without keeping the owner out on a browser they signed in from', async () => {
    const first = await attempt(ctx.app, 'owner@example.org', TEST_PASSWORD, {}, '192.0.2.2');
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((c) => c.name === 'ritm_device');
    expect(device).toMatchObject({ httpOnly: true, path: '/api/auth' });
    // The attacker spends the account's attempts from elsewhere.
    await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(ctx.app, 'owner@example.org', `guess-${i}`, {}, `10.2.0.${i}`)));
    expect((await attempt(ctx.app, 'owner@example.org', TEST_PASSWORD)).statusCode).toBe(429);
    const owner = await attempt(ctx.app, 'owner@example.org', TEST_PASSWORD, { cookie: `ritm_device=${device!.value}` });
    expect(owner.statusCode).toBe(200);
    // Another user's device cookie is no pass.
    expect((await attempt(ctx.app, 'victim@example.org', TEST_PASSWORD, { cookie: `ritm_device=${device!.value}` })).statusCode).toBe(429);
  });

  it('limits guesses of the current password on POST /api/auth/password the same way', async () => {
    const signedIn = await attempt(ctx.app, 'changer@example.org', TEST_PASSWORD, {}, '192.0.2.3');
    const headers = { cookie: `ritm_session=${signedIn.cookies.find((c) => c.name === 'ritm_session')!.value}` };
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ctx.app.inject({ method: 'POST', url: '/api/auth/password', headers, remoteAddress: `10.3.0.${i}`, payload: { currentPassword: `guess-${i}`, newPassword: 'a brand new secret' } }),
      ),
    );
    const counts = statuses(responses);
    expect(counts[403]).toBeLessThanOrEqual(5);
    expect((counts[403] ?? 0) + (counts[429] ?? 0)).toBe(40);
    const right = await ctx.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new secret' } });
    expect(right.statusCode).toBe(429);
  });
});
