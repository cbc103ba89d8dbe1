import type { Kysely } from 'kysely';
import type { DigestNowRequest, DigestNowResult } from '@ritm/contracts/digest';
import { nowOf, type Config } from '../config.js';
import type { DB } from '../db/schema.js';
import type { DefineJobs } from '../jobs/definitions.js';
import { findOrgContext } from '../repositories/org-context.js';
import { deliverDigest, digestsOfSubtree, sendDueDigests } from '../services/digest.js';
import { digestAsText, digestMailWriter } from './digest-mail.js';

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
      const tally = await sendDueDigests(db, nowOf(config), digestMailWriter(config), {
        signal,
        onFailure: (userId, error) => log.error({ err: error, userId }, 'a weekly digest could not be made'),
      });
      if (tally.mailed + tally.in_app > 0) log.info({ digests: tally }, 'weekly digests sent');
      // Delivered now rather than at the next minute's `mail.deliver`.
      if (tally.mailed > 0) await runner.send('mail.deliver', {}, { singletonKey: 'after-digest' });
      // The run fails visibly (`ritm jobs`, the job's failures) while anyone's digest could not be made.
      if (tally.failed > 0) throw new Error(`${tally.failed} weekly digest(s) could not be made; see the log`);
    },
  });
};

/**
 * `ritm digest --org ID` (and its control route): the digests of everyone with an editing or
 * directing role in the organisation's subtree, for the current week in each one's zone, sent now
 * whatever their slot — still once a week unless `force` — or, `dryRun`, printed and nothing written.
 */
export async function sendDigestsNow(db: Kysely<DB>, config: Config, request: DigestNowRequest): Promise<DigestNowResult> {
  const org = await findOrgContext(db, request.orgId);
  if (org === undefined) return { found: false, digests: [] };
  const now = nowOf(config);
  const mail = digestMailWriter(config);
  const digests: DigestNowResult['digests'] = [];
  for (const { recipient, digest } of await digestsOfSubtree(db, org.path, now)) {
    if (request.dryRun) digests.push({ email: recipient.email, week: digest.week, outcome: 'preview', text: digestAsText(recipient, digest, config.publicUrl) });
    else digests.push({ email: recipient.email, week: digest.week, outcome: await deliverDigest(db, recipient, digest, { mail, force: request.force, now }) });
  }
  return { found: true, digests };
}
