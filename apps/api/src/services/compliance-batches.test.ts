import { describe, expect, it, beforeAll } from 'vitest';
import { evaluate, evaluationSpan } from '@ritm/domain/evaluate';
import { useTestApp } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg, createUser, login } from '../../test/fixtures.js';
import { inOneSnapshot, itemsToJudge, judgingInputs, type JudgingInput } from '../repositories/judging-inputs.js';
import { BATCH_SIZES, judgedInBatches, todaysOf, type BatchSizes } from './compliance.js';
import { loadOrgContext } from './org-context.js';

// 20:00 UTC on Sunday 29 November: still Sunday in Kaliningrad and Moscow, already Monday the 30th
// (a new week, today its first day) from Samara eastwards.
const NOW = new Date('2026-11-29T20:00:00Z');
const RANGE = { from: '2026-10-01', to: '2026-12-31' };

/*
 * The summary's batch judge (issue 17) reads each batch's maintained counts before laying its
 * organisations out, and lays them out a few at a time: whatever the batch sizes, in whatever
 * time zones and on whichever today, with selectors registered, missing or half missing, every
 * organisation's rows are the evaluator's own over its items.
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
    // One centre's own norm over longer periods: its overdue items are read from the quarter's first day.
    await post(`/orgs/${centres[3]}/norms`, { id: 'quarterly', type: 'frequency', min: 3, per: 'quarter', kinds: ['press_release'] });
    for (const [at, centre] of centres.entries()) {
      const vk = await post(`/orgs/${centre}/channels`, { type: 'vk', name: 'ВКонтакте' });
      // Done, planned ahead, and left planned in the past (overdue) in this week, this month and before.
      // An event left planned on the first day of this month: overdue in the month holding today.
      if (at % 2 === 0) await post(`/orgs/${centre}/items`, { kind: 'public_event', title: 'Забытое', at: '2026-11-01' });
      if (at === 3) await post(`/orgs/${centre}/items`, { kind: 'press_release', title: 'С начала квартала', at: '2026-10-01' });
      const days = ['2026-10-05', '2026-11-02', '2026-11-20', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-29', '2026-11-30', '2026-12-15'];
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

  const todayOf = todaysOf({ now: NOW });
  const judgedWith = (inputsOf: (loaded: JudgingInput[]) => JudgingInput[], sizes?: BatchSizes) =>
    inOneSnapshot(ctx.database.db, async (trx) => {
      const root = await loadOrgContext(trx, region);
      const inputs = await judgingInputs(trx, { root, subtree: true });
      const loaded = inputsOf(await inputs.load(inputs.organisations.map(({ org }) => org)));
      const judged: Array<{ input: JudgingInput; rows: unknown }> = [];
      for await (const batch of judgedInBatches(trx, loaded, RANGE, todayOf, sizes)) {
        expect(batch.length).toBeLessThanOrEqual((sizes ?? BATCH_SIZES).read);
        judged.push(...batch);
      }
      // Each organisation once, in order.
      expect(judged.map(({ input }) => input)).toEqual(loaded);
      return judged;
    });
  const expectedOf = async (input: JudgingInput) => {
    const today = todayOf(input.org.timeZone);
    const base = { org: { kind: input.org.kind, figures: input.org.figures }, channels: input.channels, norms: input.norms, exemptions: input.exemptions, range: RANGE };
    const items = await itemsToJudge(ctx.database.db, input.org.id, evaluationSpan(RANGE, input.norms));
    return evaluate({ ...base, items }, { today, timeZone: input.org.timeZone, onlyConfirmed: input.org.countOnlyConfirmed, countConfirmed: true }).results;
  };

  it('judges every organisation as the evaluator judges its items, whatever the batch sizes', async () => {
    const judged = await judgedWith((loaded) => loaded);
    expect(judged.map(({ input }) => input.org.id).sort()).toEqual([region, ...centres].sort());
    expect(new Set(judged.map(({ input }) => todayOf(input.org.timeZone)))).toEqual(new Set(['2026-11-29', '2026-11-30']));
    let overdue = 0;
    for (const { input, rows } of judged) {
      const results = await expectedOf(input);
      expect(rows, input.org.name).toEqual(results);
      overdue += results.reduce((sum, row) => sum + row.overdue, 0);
    }
    // The items left planned in the past are there to be found, in the periods holding today too.
    expect(overdue).toBeGreaterThan(0);
    for (const sizes of [{ read: 3, laidOut: 2 }, { read: 1, laidOut: 1 }, { read: 8, laidOut: 3 }]) {
      expect((await judgedWith((loaded) => loaded, sizes)).map(({ rows }) => rows), JSON.stringify(sizes)).toEqual(judged.map(({ rows }) => rows));
    }
  });

  it('judges an organisation given twice, or by its id in capitals, as it judges it once', async () => {
    for (const centre of [centres[1]!, centres[4]!, centres[3]!]) {
      const again = await judgedWith((loaded) => {
        const input = loaded.find(({ org }) => org.id === centre)!;
        return [input, { ...input, org: { ...input.org, id: centre.toUpperCase() } }, input];
      });
      const expected = await expectedOf(again[0]!.input);
      for (const { rows } of again) expect(rows).toEqual(expected);
    }
  });
});
