import { describe, expect, it, beforeAll } from 'vitest';
import { evaluate, evaluationSpan } from '@ritm/domain/evaluate';
import { useTestApp } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg, createUser, login } from '../../test/fixtures.js';
import { inOneSnapshot, itemsToJudge, judgingInputs } from '../repositories/judging-inputs.js';
import { judgedInBatches, todaysOf, type BatchSizes } from './compliance.js';
import { loadOrgContext } from './org-context.js';

const NOW = new Date('2026-11-26T09:00:00Z');
const RANGE = { from: '2026-10-01', to: '2026-12-31' };

/*
 * The summary's batch judge (issue 17) reads each batch's maintained counts before laying its
 * organisations out, and lays them out a few at a time: whatever the batch sizes, in whatever
 * time zones, with selectors registered, missing or half missing, every organisation's rows are
 * the evaluator's own over its items.
 */
describe.each(testDatabases())('the batch judge on $name', ({ open }) => {
  const ctx = useTestApp(open, { now: () => NOW });
  let region: string;
  const centres: string[] = [];

  beforeAll(async () => {
    await createUser(ctx.database, 'root@batches.test', { isAdmin: true });
    const root = await login(ctx.app, 'root@batches.test');
    const post = async (url: string, payload: object) => {
      const answer = await ctx.app.inject({ method: 'POST', url: `/api${url}`, headers: root, payload });
      expect(answer.statusCode, answer.body).toBe(201);
      return answer.json() as { id: string };
    };
    region = (await createOrg(ctx.database, { name: 'Управление' })).id;
    const zones = ['Europe/Moscow', 'Asia/Kamchatka', 'Europe/Kaliningrad', 'Asia/Yekaterinburg', 'Europe/Moscow', 'Asia/Vladivostok', 'Europe/Samara'];
    for (const [at, timezone] of zones.entries()) centres.push((await createOrg(ctx.database, { name: `ЦЗН ${at}`, parentId: region, timezone })).id);
    await post(`/orgs/${region}/norms`, { id: 'posts', type: 'frequency', min: 2, per: 'week', kinds: ['post'], channelTypes: ['vk'], perChannel: true });
    await post(`/orgs/${region}/norms`, { id: 'events', type: 'frequency', min: 1, per: 'month', kinds: ['public_event'] });
    await post(`/orgs/${region}/norms`, { id: 'daily', type: 'frequency', min: 1, per: 'day', kinds: ['vacancy_material'] });
    for (const [at, centre] of centres.entries()) {
      const vk = await post(`/orgs/${centre}/channels`, { type: 'vk', name: 'ВКонтакте' });
      // Done, planned ahead, and left planned in the past (overdue) in this week, this month and before.
      const days = ['2026-10-05', '2026-11-02', '2026-11-20', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-12-15'];
      // An event left planned on the first day of this month: overdue in the month holding today.
      if (at % 2 === 0) await post(`/orgs/${centre}/items`, { kind: 'public_event', title: 'Забытое', at: '2026-11-01' });
      for (const [d, day] of days.entries()) {
        if ((d + at) % 3 === 2) continue;
        const status = day < '2026-11-25' ? ((d + at) % 2 === 0 ? 'published' : 'planned') : 'planned';
        await post(`/orgs/${centre}/items`, { kind: 'post', title: `Пост ${d}`, at: day, status, channelIds: [vk.id] });
        const kind = d % 3 === 0 ? 'public_event' : 'vacancy_material';
        // An event is held, not published.
        if (d % 2 === at % 2) await post(`/orgs/${centre}/items`, { kind, title: `Другое ${d}`, at: day, status: status === 'published' && kind === 'public_event' ? 'held' : status });
      }
    }
    // Selectors missing for one centre, half missing for another: those groups are counted from the items.
    await ctx.database.db.deleteFrom('count_selectors').where('org_id', '=', centres[1]!).execute();
    await ctx.database.db.deleteFrom('count_selectors').where('org_id', '=', centres[4]!).where('per', '=', 'week').execute();
  }, 60_000);

  it('judges every organisation as the evaluator judges its items, whatever the batch sizes', async () => {
    const { db } = ctx.database;
    const root = await loadOrgContext(db, region);
    const todayOf = todaysOf({ now: NOW });
    const judgedWith = (sizes?: BatchSizes) =>
      inOneSnapshot(db, async (trx) => {
        const inputs = await judgingInputs(trx, { root, subtree: true });
        const loaded = await inputs.load(inputs.organisations.map(({ org }) => org));
        const rows = new Map<string, unknown>();
        let given = 0;
        for await (const batch of judgedInBatches(trx, loaded, RANGE, todayOf, sizes)) {
          for (const judged of batch) rows.set(judged.input.org.id, judged.rows);
          given += batch.length;
          expect(batch.length).toBeLessThanOrEqual(sizes?.read ?? 500);
        }
        // Each organisation once.
        expect(given).toBe(loaded.length);
        return { rows, loaded };
      });
    const { rows, loaded } = await judgedWith();
    expect([...rows.keys()].sort()).toEqual([region, ...centres].sort());
    let overdue = 0;
    for (const input of loaded) {
      const today = todayOf(input.org.timeZone);
      const base = { org: { kind: input.org.kind, figures: input.org.figures }, channels: input.channels, norms: input.norms, exemptions: input.exemptions, range: RANGE };
      const items = await itemsToJudge(db, input.org.id, evaluationSpan(RANGE, input.norms));
      const { results } = evaluate({ ...base, items }, { today, timeZone: input.org.timeZone, onlyConfirmed: input.org.countOnlyConfirmed, countConfirmed: true });
      expect(rows.get(input.org.id), input.org.name).toEqual(results);
      overdue += results.reduce((sum, row) => sum + row.overdue, 0);
    }
    // The items left planned in the past are there to be found, in the periods holding today too.
    expect(overdue).toBeGreaterThan(0);
    for (const sizes of [{ read: 3, laidOut: 2 }, { read: 1, laidOut: 1 }, { read: 8, laidOut: 3 }]) {
      expect((await judgedWith(sizes)).rows, JSON.stringify(sizes)).toEqual(rows);
    }
  });
});
