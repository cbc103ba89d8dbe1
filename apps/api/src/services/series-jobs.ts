import type { Kysely } from 'kysely';
import { seriesHorizon } from '@ritm/domain/recurrence';
import { localDateOf } from '@ritm/domain/time-zone';
import { nowOf } from '../config.js';
import type { DB } from '../db/schema.js';
import type { DefineJobs } from '../jobs/definitions.js';
import { seriesShortOf } from '../repositories/series.js';
import { loadOrgContext } from './org-context.js';
import { extendSeries } from './series.js';

export const SERIES_EXTEND_JOB = 'series.extend';
/** Daily, after midnight everywhere in Russia (00:40 UTC is 03:40 in Moscow, 12:40 in Kamchatka). */
export const SERIES_EXTEND_CRON = '40 0 * * *';

/** The zone whose today is the latest on Earth: no organisation's horizon lies beyond this one's. */
const LATEST_ZONE = 'Pacific/Kiritimati';

export interface ExtendTally {
  series: number;
  occurrences: number;
  failed: number;
}

/**
 * Makes the occurrences of every series short of its organisation's horizon (the end of the
 * quarter after its today), one transaction per series, so that one that cannot be extended (a
 * channel of its template deleted since) holds up no other. A second run makes nothing: each
 * series is made up to the horizon, and `(series_id, series_day)` is unique.
 */
export async function extendDueSeries(
  db: Kysely<DB>,
  now: Date,
  onFailure: (seriesId: string, error: unknown) => void = () => {},
  signal?: AbortSignal,
): Promise<ExtendTally> {
  const tally: ExtendTally = { series: 0, occurrences: 0, failed: 0 };
  for (const candidate of await seriesShortOf(db, seriesHorizon(localDateOf(now.getTime(), LATEST_ZONE)))) {
    if (signal?.aborted) break;
    try {
      const made = await db.transaction().execute(async (trx) => extendSeries(trx, await loadOrgContext(trx, candidate.orgId, { lock: true }), candidate.id, now));
      tally.series += made > 0 ? 1 : 0;
      tally.occurrences += made;
    } catch (error) {
      tally.failed += 1;
      onFailure(candidate.id, error);
    }
  }
  return tally;
}

/** `series.extend` (`JOB_AREAS`): daily, occurrences up to each organisation's horizon. */
export const defineSeriesJobs: DefineJobs = (runner, { db, config, log }) => {
  runner.define({
    name: SERIES_EXTEND_JOB,
    cron: SERIES_EXTEND_CRON,
    expireSeconds: 60 * 60,
    handler: async (_data, { signal }) => {
      const tally = await extendDueSeries(db, nowOf(config), (seriesId, error) => log.error({ err: error, seriesId }, 'a series could not be extended'), signal);
      if (tally.occurrences > 0) log.info({ extended: tally }, 'recurring series extended');
      if (tally.failed > 0) throw new Error(`${tally.failed} series could not be extended; see the log`);
    },
  });
};
