import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingGroups, rowsFromCounts } from '@ritm/domain/counting-groups';
import { evaluate } from '@ritm/domain/evaluate';
import { isConfirmed } from '@ritm/domain/evidence';
import type { FrequencyNorm } from '@ritm/domain/norm';
import type { Database } from '../db/connection.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg } from '../../test/fixtures.js';
import { countGroups } from './counts.js';

const TYPES = ['vk', 'ok', 'website'] as const;
const KINDS = ['post', 'press_release', 'public_event'] as const;
const STATUSES = ['planned', 'in_progress', 'published', 'held', 'cancelled'] as const;
const RANGE = { from: '2026-10-01', to: '2026-11-30' };
// Days from the Monday before the range to a week after it: periods are judged whole.
const dayOf = (n: number) => new Date(Date.parse('2026-09-28') + n * 86_400_000).toISOString().slice(0, 10);

const norm = fc.record({
  per: fc.constantFrom('day' as const, 'week' as const, 'month' as const),
  min: fc.integer({ min: 1, max: 3 }),
  kinds: fc.option(fc.uniqueArray(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  channelTypes: fc.option(fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  perChannel: fc.boolean(),
});
const item = fc.record({
  kind: fc.constantFrom(...KINDS),
  status: fc.constantFrom(...STATUSES),
  day: fc.integer({ min: 0, max: 75 }),
  // Indexes into the organisation's channels; 3 is a channel of another organisation.
  channels: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  // Evidence: a publication link and attached files.
  url: fc.boolean(),
  attachments: fc.integer({ min: 0, max: 2 }),
});

describe.each(testDatabases())('counted compliance on $name', (target) => {
  let database: Database;
  let orgId: string;
  const channelIds = TYPES.map(() => randomUUID());
  const foreign = randomUUID();

  beforeAll(async () => {
    database = await target.open();
    orgId = (await createOrg(database)).id;
    await database.db
      .insertInto('channels')
      .values(TYPES.map((type, i) => ({ id: channelIds[i]!, org_id: orgId, type, name: type, since: i === 1 ? '2026-10-20' : null })))
      .execute();
  });
  afterAll(() => database.close());

  it('gives exactly the rows the evaluator gives for the same items', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(norm, { minLength: 1, maxLength: 3 }),
        fc.array(item, { maxLength: 40 }),
        fc.integer({ min: 0, max: 75 }),
        fc.boolean(),
        async (normSpecs, itemSpecs, todayDay, onlyConfirmed) => {
          const norms: FrequencyNorm[] = normSpecs.map((spec, i) => ({
            id: `n${i}`,
            type: 'frequency',
            per: spec.per,
            min: spec.min,
            ...(spec.kinds !== undefined && { kinds: spec.kinds }),
            ...(spec.channelTypes !== undefined && { channelTypes: spec.channelTypes }),
            perChannel: spec.perChannel,
          }));
          const items = itemSpecs.map((spec) => ({
            id: randomUUID(),
            kind: spec.kind,
            status: spec.status,
            at: dayOf(spec.day),
            channels: spec.channels.map((c) => (c === 3 ? foreign : channelIds[c]!)),
            url: spec.url ? 'https://vk.com/wall-1_1' : null,
            attachmentCount: spec.attachments,
          }));
          await database.db.deleteFrom('items').where('org_id', '=', orgId).execute();
          if (items.length > 0) {
            await database.db
              .insertInto('items')
              .values(
                items.map((i) => ({
                  id: i.id,
                  org_id: orgId,
                  kind: i.kind,
                  title: 't',
                  status: i.status,
                  at_date: i.at,
                  local_day: i.at,
                  channel_ids: i.channels,
                  url: i.url,
                  attachment_count: i.attachmentCount,
                })),
              )
              .execute();
          }
          const base = {
            org: { kind: 'employment_center' as const, figures: {} },
            channels: TYPES.map((type, i) => ({ id: channelIds[i]!, type, ...(i === 1 && { since: '2026-10-20' }) })),
            norms,
            exemptions: [{ norm: 'n0', from: '2026-10-05', to: '2026-10-18', reason: 'отпуск' }],
            range: RANGE,
          };
          const options = { today: dayOf(todayDay), timeZone: 'Europe/Moscow', onlyConfirmed, countConfirmed: true };
          const plan = countingGroups(base);
          const counts = await database.db.transaction().execute((trx) => countGroups(trx, plan.map((group) => ({ orgId, today: options.today, group, onlyConfirmed }))));
          const rows = rowsFromCounts(base, plan, counts.get(orgId) ?? [], options);
          // The domain is told which items are confirmed as the database decides it from the same columns.
          const judged = items.map(({ url, attachmentCount, ...i }) => ({ ...i, confirmed: isConfirmed({ status: i.status, url, attachmentCount }) }));
          expect(rows).toEqual(evaluate({ ...base, items: judged }, options).results);
        },
      ),
      { numRuns: 30 },
    );
  });
});
