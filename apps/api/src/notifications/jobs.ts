import { nowOf } from '../config.js';
import type { DefineJobs } from '../jobs/definitions.js';
import { warnOfNormsAtRisk } from '../services/norm-watch.js';

/** How often the norms are watched: a risk seen within half an hour of appearing is soon enough to act on the same day. */
export const NORM_WATCH_CRON = '*/30 * * * *';

/** The notifications area's jobs (issue 14): the watcher of norms at risk. */
export const defineNotificationJobs: DefineJobs = (runner, deps) => {
  runner.define({
    name: 'notifications.norms-at-risk',
    cron: NORM_WATCH_CRON,
    // A missed run is made good by the next one half an hour later; a second try is enough.
    attempts: 2,
    expireSeconds: 20 * 60,
    handler: async (_data, context) => {
      const told = await warnOfNormsAtRisk(deps.db, nowOf(deps.config));
      context.log.info({ told }, 'norms at risk: people warned');
    },
  });
};
