import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { useOtherApp, useTestApp } from '../app.js';
import { testDatabases } from '../databases.js';
import { countStatuses, createUser, login, TEST_PASSWORD } from '../fixtures.js';
import { report, scale } from './scale.js';

// Part 2: login limits under parallel attackers (issue 10, item 5). "Checked" is an answer that
// compared the password (401 wrong credentials, 403 wrong current password); a refused attempt
// answers 429. The limits: 5 failures per account, 20 per address, in 15 minutes.
const ACCOUNT_LIMIT = 5;
const ADDRESS_LIMIT = 20;
const ON_ACCOUNT = scale(40, 40);
const FROM_ADDRESS = scale(60, 60);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDatabases())('concurrent login attempts on $name', ({ name, open }) => {
  const ctx = useTestApp(open);
  const proxied = useOtherApp(ctx, { trustProxy: 1 });

  const attempt = (target: App, email: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    target.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress, headers }).then((r) => r.statusCode);

  it(`checks at most ${ACCOUNT_LIMIT} of ${ON_ACCOUNT} parallel wrong passwords on one account, and the real user still signs in`, async () => {
    const email = `target-${name}@login.test`;
    await createUser(ctx.database, email);
    const statuses = await Promise.all(Array.from({ length: ON_ACCOUNT }, (_, i) => attempt(ctx.app, email, `wrong ${i} password`, `198.51.100.${i + 1}`)));
    // The owner, from an address that never failed, gets in: slowed attackers, not a locked-out user.
    let owner = 0;
    for (let tries = 0; tries < 5; tries++) {
      const response = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD }, remoteAddress: '203.0.113.7' });
      owner = response.statusCode;
      const retryAfter = Number(response.headers['retry-after'] ?? NaN);
      if (owner !== 429 || !(retryAfter <= 60)) break;
      await sleep(retryAfter * 1000);
    }
    report(`login: ${ON_ACCOUNT} parallel wrong passwords on one account on ${name}`, { answers: countStatuses(statuses), checked: statuses.filter((s) => s === 401).length, limit: ACCOUNT_LIMIT, ownerAfterwards: owner });
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(ACCOUNT_LIMIT);
    expect(owner).toBe(200);
  });

  it(`checks at most ${ADDRESS_LIMIT} of ${FROM_ADDRESS} parallel wrong logins from one address`, async () => {
    const statuses = await Promise.all(Array.from({ length: FROM_ADDRESS }, (_, i) => attempt(ctx.app, `nobody-${i}-${name}@login.test`, 'wrong password', '192.0.2.99')));
    report(`login: ${FROM_ADDRESS} parallel wrong logins from one address on ${name}`, { answers: countStatuses(statuses), checked: statuses.filter((s) => s === 401).length, limit: ADDRESS_LIMIT });
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(ADDRESS_LIMIT);
  });

  it(`behind a trusted proxy, a rotating X-Forwarded-For does not lift the per-account limit`, async () => {
    const email = `proxied-${name}@login.test`;
    await createUser(ctx.database, email);
    const statuses = await Promise.all(
      Array.from({ length: ON_ACCOUNT }, (_, i) => attempt(proxied.app, email, `wrong ${i} password`, '10.0.0.1', { 'x-forwarded-for': `198.18.${i >> 8}.${i & 255}` })),
    );
    report(`login: ${ON_ACCOUNT} parallel wrong passwords with rotating X-Forwarded-For on ${name}`, { answers: countStatuses(statuses), checked: statuses.filter((s) => s === 401).length, limit: ACCOUNT_LIMIT });
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(ACCOUNT_LIMIT);
  });

  it(`checks at most ${ACCOUNT_LIMIT} of ${ON_ACCOUNT} parallel guesses of the current password`, async () => {
    const email = `changer-${name}@login.test`;
    await createUser(ctx.database, email);
    const headers = await login(ctx.app, email);
    const statuses = await Promise.all(
      Array.from({ length: ON_ACCOUNT }, (_, i) =>
        ctx.app
          .inject({ method: 'POST', url: '/api/auth/password', headers, payload: { currentPassword: `guess number ${i}`, newPassword: 'a new long password' } })
          .then((r) => r.statusCode),
      ),
    );
    report(`login: ${ON_ACCOUNT} parallel current-password guesses on ${name}`, { answers: countStatuses(statuses), checked: statuses.filter((s) => s === 403).length, limit: ACCOUNT_LIMIT });
    expect(statuses.filter((s) => s === 403).length).toBeLessThanOrEqual(ACCOUNT_LIMIT);
  });
});
