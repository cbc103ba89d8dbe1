import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingGroups, rowsFromCounts } from '@ritm/domain/counting-groups';
import { evaluate } from '@ritm/domain/evaluate';
import { isConfirmed } from '@ritm/domain/evidence';
import type { Database } from '../db/connection.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg } from '../../test/fixtures.js';
import { dayOf, itemArb, normArb, RANGE, toNorms, TYPES } from '../../test/counting-arbitraries.js';
import { countGroups } from './counts.js';

const norm = normArb(['day', 'week', 'month']);
const item = itemArb;

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
          const norms = toNorms(normSpecs);
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
