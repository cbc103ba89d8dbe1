import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { login } from '../../test/fixtures.js';
import { countsDrift } from '../repositories/counts.js';
import { DEMO_LOGIN, loadDemoIfEmpty } from './load-demo.js';

describe.each(testDatabases())('demo on $name', ({ open }) => {
  const ctx = useTestApp(open);

  it('loads once, in seconds, and shows a dashboard with something at risk, missed and overdue', async () => {
    const start = Date.now();
    expect(await loadDemoIfEmpty(ctx.database.db, new Date('2026-11-22T09:00:00Z'))).toBe(true);
    expect(Date.now() - start).toBeLessThan(10_000);
    expect(await loadDemoIfEmpty(ctx.database.db)).toBe(false);
    // Its counting selectors registered, counted as the items say: the dashboard reads kept counts.
    expect((await sql<{ n: number }>`select count(*)::int as n from count_selectors`.execute(ctx.database.db)).rows[0]!.n).toBeGreaterThan(0);
    expect(await countsDrift(ctx.database.db, null)).toBe(0);

    const headers = await login(ctx.app, DEMO_LOGIN.email, DEMO_LOGIN.password);
    const me = (await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers })).json();
    const department = me.memberships.find((m: { role: string }) => m.role === 'director').orgId;
    const centre = me.memberships.find((m: { role: string }) => m.role === 'editor').orgId;
    const summary = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${department}/compliance/summary?from=2026-11-01&to=2026-11-30&asOf=2026-11-22`, headers });
    expect(summary.statusCode).toBe(200);
    expect(summary.json().organisations).toHaveLength(2);
    const compliance = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${centre}/compliance?from=2026-11-16&to=2026-11-22&asOf=2026-11-22`, headers })).json();
    const statuses = new Set(compliance.results.map((r: { status: string }) => r.status));
    expect(statuses).toContain('met');
    expect(statuses).toContain('at_risk');
    expect(compliance.overdue.length).toBeGreaterThan(0);
    const plans = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${centre}/plans`, headers })).json().plans;
    expect(plans.map((p: { period: string }) => p.period).sort()).toEqual(['month', 'week']);
  });
});
