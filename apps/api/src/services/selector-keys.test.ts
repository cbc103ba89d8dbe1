import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '@ritm/domain/evaluate';
import type { Database } from '../db/connection.js';
import { up as dropAmbiguousSelectors } from '../db/migrations/20261202T0000_selector_keys.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg } from '../../test/fixtures.js';
import { itemsToJudge, judgingInputs } from '../repositories/judging-inputs.js';
import { complianceOf } from './compliance.js';
import { syncCountSelectors } from './count-selectors.js';
import { loadOrgContext } from './org-context.js';

/*
 * Norms whose kinds are spelt with the signs a counting selector's key is written with, or name
 * a kind twice (kinds are free text): each judged from its own counts, registered or not, as the
 * evaluator judges the items themselves. Found by a review: a norm of the kind `*` was judged
 * from the counts of a norm of any kind, a norm of the kind `post,video` from those of the kinds
 * `post` and `video`, and a norm naming `post` twice counted each post twice until registered.
 */
const CASES = {
  'a kind `*` beside any kind': [
    { key: 'any', definition: { type: 'frequency', min: 1, per: 'week' } },
    { key: 'star', definition: { type: 'frequency', min: 1, per: 'week', kinds: ['*'] } },
  ],
  'a kind with a comma beside the two kinds': [
    { key: 'two', definition: { type: 'frequency', min: 1, per: 'week', kinds: ['post', 'video'] } },
    { key: 'comma', definition: { type: 'frequency', min: 1, per: 'week', kinds: ['post,video'] } },
  ],
  'the same, written the other way round': [
    { key: 'comma', definition: { type: 'frequency', min: 1, per: 'week', kinds: ['post,video'] } },
    { key: 'two', definition: { type: 'frequency', min: 1, per: 'week', kinds: ['post', 'video'] } },
  ],
  'a kind named twice': [{ key: 'twice', definition: { type: 'frequency', min: 2, per: 'week', kinds: ['post', 'post'] } }],
  'kinds with a bar and a per cent sign': [
    { key: 'bar', definition: { type: 'frequency', min: 1, per: 'week', kinds: ['a|b'] } },
    { key: 'percent', definition: { type: 'frequency', min: 1, per: 'week', kinds: ['a%7Cb'] } },
  ],
} as const;

const RANGE = { from: '2026-11-09', to: '2026-11-15' };
const WHEN = { asOf: '2026-11-20', now: new Date('2026-11-20T09:00:00Z') };

describe.each(testDatabases())('selector keys on $name', ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  }, 60_000);
  afterAll(() => database?.close());

  async function orgWith(norms: readonly { key: string; definition: object }[]) {
    const { db } = database;
    const orgId = (await createOrg(database, { timezone: 'Europe/Moscow' })).id;
    for (const { key, definition } of norms) await db.insertInto('norms').values({ org_id: orgId, key, preset: null, definition: JSON.stringify(definition) }).execute();
    // One published item of each kind the cases name, and one of a kind none names.
    for (const kind of ['post', 'video', 'post,video', '*', 'a|b', 'other']) {
      await db.insertInto('items').values({ org_id: orgId, kind, title: 'Пост', status: 'published', at_date: '2026-11-10', local_day: '2026-11-10', channel_ids: [] }).execute();
    }
    return loadOrgContext(db, orgId);
  }

  const brief = (rows: readonly { norm: string; actual: number; status: string }[]) => rows.map((r) => [r.norm, r.actual, r.status]);
  // By norm: the order norms come in is not what these tests are about.
  const byNorm = (rows: readonly { norm: string; actual: number; status: string }[]) => brief([...rows].sort((a, b) => (a.norm < b.norm ? -1 : 1)));

  it.each(Object.entries(CASES))('judges %s from its own counts, before and after they are registered', async (_name, norms) => {
    const { db } = database;
    const org = await orgWith(norms);
    const [input] = await (await judgingInputs(db, { root: org, subtree: false })).load([org]);
    const items = await itemsToJudge(db, org.id, RANGE);
    const expected = brief(evaluate({ org: { kind: org.kind, figures: {} }, channels: [], norms: input!.norms, range: RANGE, items }, { today: WHEN.asOf, timeZone: org.timeZone }).results);
    // The evaluator's own verdicts, so that the comparison below cannot pass on two wrong answers.
    expect(expected.length).toBe(norms.length);
    expect(brief((await complianceOf(db, org, RANGE, WHEN)).results)).toEqual(expected);
    await syncCountSelectors(db, org, false);
    const keys = await db.selectFrom('count_selectors').select('key').where('org_id', '=', org.id).execute();
    // One selector per norm here: no two norms select the same items.
    expect(new Set(keys.map((k) => k.key)).size).toBe(norms.length);
    expect(brief((await complianceOf(db, org, RANGE, WHEN)).results)).toEqual(expected);
  });

  it('drops, on upgrading, the selectors kept under a key another selection shares, which are then registered again', async () => {
    const { db } = database;
    const org = await orgWith(CASES['a kind `*` beside any kind']);
    // As the old key left it: the norm of any kind judged from a selector of the kind `*`.
    await db.insertInto('count_selectors').values({ org_id: org.id, per: 'week', kinds: ['*'], channel_ids: null, key: 'week|*|*' }).execute();
    await db.insertInto('count_selectors').values({ org_id: org.id, per: 'week', kinds: ['post', 'video'], channel_ids: null, key: 'week|post,video|*' }).execute();
    await sql`insert into group_counts (org_id, selector_id, period_start, done, confirmed, open)
      select org_id, id, date '2026-11-09', 1, 0, 0 from count_selectors where org_id = ${org.id}`.execute(db);
    expect(byNorm((await complianceOf(db, org, RANGE, WHEN)).results)).toEqual([
      ['any', 1, 'met'],
      ['star', 1, 'met'],
    ]);
    await db.transaction().execute((trx) => dropAmbiguousSelectors(trx));
    // Only the selector of a kind spelt with a sign went, with its counts; an ordinary one stays.
    expect((await db.selectFrom('count_selectors').select('key').where('org_id', '=', org.id).execute()).map((r) => r.key)).toEqual(['week|post,video|*']);
    expect(byNorm((await complianceOf(db, org, RANGE, WHEN)).results)).toEqual([
      ['any', 6, 'met'],
      ['star', 1, 'met'],
    ]);
    await syncCountSelectors(db, org, false);
    expect(byNorm((await complianceOf(db, org, RANGE, WHEN)).results)).toEqual([
      ['any', 6, 'met'],
      ['star', 1, 'met'],
    ]);
  });
});
