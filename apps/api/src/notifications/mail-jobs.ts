import type { Kysely } from 'kysely';
import { recipientZone } from '@ritm/domain/digest';
import { MAIL_LIST_LIMIT, MAIL_STALE_HOURS, mailRetryAt, mailTiming } from '@ritm/domain/mail-pacing';
import { notificationLink } from '@ritm/domain/notification-links';
import type { ImmediateKind, NotificationPayload } from '@ritm/domain/notifications';
import { mailPublicUrl, nowOf, type Config } from '../config.js';
import type { DB } from '../db/schema.js';
import { render, type Language } from '../http/messages.js';
import type { DefineJobs, JobDeps } from '../jobs/definitions.js';
import {
  claimDueMails,
  enqueueMail,
  lastMailAt,
  lockMailPace,
  lockWaitingNotifications,
  markMailAttemptFailed,
  markMailSent,
  markMailWithheld,
  markNotificationsMailed,
  releaseMails,
  skipUnmailableNotifications,
  waitingForMail,
} from '../repositories/mail-outbox.js';
import { preferencesOf, unsubscribeSecretOf } from '../repositories/notification-preferences.js';
import { kindLabel, layoutMail, type MailDraft } from './mail-layout.js';
import type { Mailer } from './mailer.js';
import { createMailer } from './smtp-mailer.js';
import { notificationText } from './texts.js';
import { unsubscribeToken } from './unsubscribe-token.js';

// The two mail jobs: `mail.gather` turns waiting notifications into mails in the outbox, as each
// person chose (at once but paced, daily, or never); `mail.deliver` hands the outbox to the SMTP
// server. Both are plain functions here, so they are tested without a runner.

/** When no zone is known for a person (no role left): where Ritm's users mostly are. */
const FALLBACK_TIME_ZONE = 'Europe/Moscow';
/**
 * People-and-kinds looked at in one gathering, oldest first; the rest wait a minute. Groups held
 * back (pacing, a daily hour) stay at the head, so this is far above what one run mails: a few
 * bytes a group, six kinds per person.
 */
const GATHER_BATCH = 20_000;
/** What a mail to a person deactivated after it was written keeps as its last error: it is never sent. */
export const RECIPIENT_DEACTIVATED = 'not sent: the recipient was deactivated';
/** Mails sent in one delivery run; the rest go in the next one. */
const DELIVER_BATCH = 200;
/** How long a claimed mail is kept from other processes: longer than three SMTP timeouts. */
const DELIVERY_LEASE_MS = 5 * 60_000;

type Log = JobDeps['log'];

export interface GatherResult {
  /** Mails written to the outbox. */
  mails: number;
  /** Notifications judged not to be mailed: the kind is off, older than MAIL_STALE_HOURS, or about an organisation the person has left. */
  skipped: number;
  /** People-and-kinds left for later (inside the pace window, or before their daily hour). */
  waiting: number;
}

/**
 * Gathers waiting notifications into mails. Without RITM_SMTP_URL it does nothing at all: the
 * notifications stay in the bell, unmarked. With it, whatever waited longer than MAIL_STALE_HOURS
 * is marked skipped first, so turning SMTP on later mails only the last day's news, and so is
 * whatever is about an organisation the person holds no role at any more.
 */
export async function gatherMail(deps: { db: Kysely<DB>; config: Config }): Promise<GatherResult> {
  const result: GatherResult = { mails: 0, skipped: 0, waiting: 0 };
  const publicUrl = mailPublicUrl(deps.config);
  if (publicUrl === undefined) return result;
  const { db, config } = deps;
  const now = nowOf(config);
  result.skipped += await skipUnmailableNotifications(db, new Date(now.getTime() - MAIL_STALE_HOURS * 3_600_000), now);
  const groups = await waitingForMail(db, GATHER_BATCH);
  const preferences = await preferencesOf(
    db,
    groups.map((group) => group.userId),
  );
  for (const group of groups) {
    const chosen = preferences.get(group.userId)!;
    const zone = recipientZone(chosen.digest.timeZone, group.roleOrganisations) ?? FALLBACK_TIME_ZONE;
    const timingAt = (lastMail: Date | null) =>
      mailTiming({ delivery: chosen.email[group.kind], oldestWaitingAt: group.oldestAt, lastMailAt: lastMail, dailyHour: chosen.digest.hour, timeZone: zone, now });
    if (timingAt(group.lastMailAt).action === 'wait') {
      result.waiting += 1;
      continue;
    }
    await db.transaction().execute(async (trx) => {
      // One gathering at a time per person and kind, so two never mail within the pace window.
      await lockMailPace(trx, group.userId, group.kind);
      const rows = await lockWaitingNotifications(trx, group.userId, group.kind);
      // Another process took them, or mailed them since.
      if (rows.length === 0) return;
      const timing = timingAt(await lastMailAt(trx, group.userId, group.kind));
      if (timing.action === 'wait') {
        result.waiting += 1;
        return;
      }
      const ids = rows.map((row) => row.id);
      if (timing.action === 'skip') {
        await markNotificationsMailed(trx, ids, null, now);
        result.skipped += ids.length;
        return;
      }
      const draft = notificationMail({
        to: group.email,
        lang: group.locale,
        kind: group.kind,
        payloads: rows.map((row) => row.payload as NotificationPayload),
        unsubscribeToken: unsubscribeToken(group.userId, group.kind, await unsubscribeSecretOf(trx, group.userId)),
      });
      const mailId = await enqueueMail(trx, { userId: group.userId, kind: group.kind, message: layoutMail(draft, publicUrl), at: now });
      await markNotificationsMailed(trx, ids, mailId, now);
      result.mails += 1;
    });
  }
  return result;
}

/**
 * The mail of one person's waiting notifications of a kind: one says its own title; several are
 * listed under the kind's name, each with its text and link, at most MAIL_LIST_LIMIT of them (the
 * rest are counted; the bell, linked below, has them all).
 */
export function notificationMail(input: { to: string; lang: Language; kind: ImmediateKind; payloads: readonly NotificationPayload[]; unsubscribeToken: string }): MailDraft {
  const { lang } = input;
  const open = render({ key: 'mail.open' }, lang);
  const common = { to: input.to, lang, kind: input.kind, unsubscribeToken: input.unsubscribeToken };
  if (input.payloads.length === 1) {
    const payload = input.payloads[0]!;
    const text = notificationText(payload, lang);
    return {
      ...common,
      subject: text.title,
      blocks: [{ type: 'heading', text: text.title }, ...(text.body === '' ? [] : [{ type: 'paragraph' as const, text: text.body }])],
      action: { label: open, path: notificationLink(payload) },
    };
  }
  const subject = render({ key: 'mail.several', params: { kind: kindLabel(input.kind, lang), count: input.payloads.length } }, lang);
  const more = input.payloads.length - MAIL_LIST_LIMIT;
  return {
    ...common,
    subject,
    blocks: [
      { type: 'heading', text: subject },
      {
        type: 'entries',
        entries: input.payloads.slice(0, MAIL_LIST_LIMIT).map((payload) => {
          const text = notificationText(payload, lang);
          return { title: text.title, ...(text.body === '' ? {} : { text: text.body }), path: notificationLink(payload) };
        }),
      },
      ...(more > 0 ? [{ type: 'paragraph' as const, text: render({ key: 'mail.more', params: { count: more } }, lang) }] : []),
    ],
    action: { label: open, path: '/notifications' },
  };
}

export interface DeliverResult {
  sent: number;
  /** Refused or unreachable, tried again later. */
  retried: number;
  /** Every attempt spent: kept as failed with the server's answer (or never tried: the recipient was deactivated). */
  failed: number;
}

/**
 * Hands due mails to the SMTP server one at a time, each under a lease. A refusal is tried again
 * with growing waits (`mailRetryAt`) and, once MAIL_ATTEMPTS are spent, kept as failed with the
 * server's answer and logged: never dropped. A mail to a person deactivated since it was written
 * is not sent: it is kept as failed, saying so.
 */
export async function deliverMail(deps: { db: Kysely<DB>; config: Pick<Config, 'now'>; mailer: Mailer; log: Log; signal?: AbortSignal }): Promise<DeliverResult> {
  const { db, mailer, log } = deps;
  const result: DeliverResult = { sent: 0, retried: 0, failed: 0 };
  for (let n = 0; n < DELIVER_BATCH && !deps.signal?.aborted; n += 1) {
    const now = nowOf(deps.config);
    const [mail] = await claimDueMails(db, now, new Date(now.getTime() + DELIVERY_LEASE_MS), 1);
    if (!mail) break;
    if (deps.signal?.aborted) {
      await releaseMails(db, [mail.id]);
      break;
    }
    if (mail.recipientDisabled) {
      await markMailWithheld(db, mail.id, RECIPIENT_DEACTIVATED);
      result.failed += 1;
      log.info({ mailId: mail.id, to: mail.message.to }, 'mail not sent: the recipient was deactivated');
      continue;
    }
    try {
      const { messageId } = await mailer.send(mail.message);
      await markMailSent(db, mail.id, messageId, nowOf(deps.config));
      result.sent += 1;
    } catch (error) {
      const answer = error instanceof Error ? error.message : String(error);
      const tries = mail.attempts + 1;
      const retryAt = mailRetryAt(tries, nowOf(deps.config));
      await markMailAttemptFailed(db, mail.id, answer, retryAt);
      if (retryAt === null) {
        result.failed += 1;
        log.error({ mailId: mail.id, to: mail.message.to, tries, error: answer }, 'mail could not be delivered: kept as failed');
      } else {
        result.retried += 1;
        log.info({ mailId: mail.id, to: mail.message.to, tries, retryAt: retryAt.toISOString(), error: answer }, 'mail refused: will try again');
      }
    }
  }
  return result;
}

/** `mail.gather` and `mail.deliver`, every minute; a gathering that wrote mails asks for a delivery at once. */
export const defineMailJobs: DefineJobs = (runner, deps) => {
  runner.define({
    name: 'mail.gather',
    cron: '* * * * *',
    handler: async () => {
      const gathered = await gatherMail(deps);
      if (gathered.mails > 0) await runner.send('mail.deliver', {}, { singletonKey: 'after-gather' });
    },
  });
  runner.define({
    name: 'mail.deliver',
    cron: '* * * * *',
    // One run may wait on a slow server for every mail of its batch.
    expireSeconds: 30 * 60,
    handler: async (_data, context) => {
      const mailer = createMailer(deps.config);
      if (!mailer) return;
      try {
        await deliverMail({ db: deps.db, config: deps.config, mailer, log: context.log, signal: context.signal });
      } finally {
        mailer.close();
      }
    },
  });
};
