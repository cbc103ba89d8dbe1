import { nowOf } from '../config.js';
import type { DefineJobs } from '../jobs/definitions.js';
import { sendDueDigests } from '../services/digest.js';
import { digestMailWriter } from './digest-mail.js';

/**
 * `digest.weekly`, every 15 minutes: whoever's digest slot has come (their weekday and hour in
 * their zone; slots fall on whole hours, so a quarter-hour run is at most 15 minutes late) and
 * has no `digest_runs` row for the week gets their digest. The row is the once-only guard, so a
 * run that overlaps another, or a retry after a crash, sends nobody's twice. One try: the next
 * quarter's run picks up whoever this one missed, until their slot is a day old. Mails written
 * are delivered at once (`mail.deliver`).
 */
export const defineDigestJobs: DefineJobs = (runner, { db, config, log }) => {
  runner.define({
    name: 'digest.weekly',
    cron: '*/15 * * * *',
    attempts: 1,
    expireSeconds: 60 * 60,
    handler: async (_data, { signal }) => {
      const tally = await sendDueDigests(db, nowOf(config), digestMailWriter(config), signal);
      if (tally.mailed + tally.in_app > 0) log.info({ digests: tally }, 'weekly digests sent');
      // Delivered now rather than at the next minute's `mail.deliver`.
      if (tally.mailed > 0) await runner.send('mail.deliver', {}, { singletonKey: 'after-digest' });
    },
  });
};
