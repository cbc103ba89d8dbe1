import type { Transaction } from 'kysely';
import { isoWeekDays, type Digest, type DigestItem, type DigestNormRow, type DigestPlan } from '@ritm/domain/digest';
import { notificationLink } from '@ritm/domain/notification-links';
import { mailPublicUrl, type Config } from '../config.js';
import type { DB } from '../db/schema.js';
import { message, render, type Language, type Message } from '../http/messages.js';
import { enqueueMail } from '../repositories/mail-outbox.js';
import { unsubscribeSecretOf } from '../repositories/notification-preferences.js';
import type { DigestMailWriter, DigestRecipient } from '../services/digest.js';
import { layoutMail, type MailBlock, type MailEntry, type MailLink } from './mail-layout.js';
import { unsubscribeToken } from './unsubscribe-token.js';

// The weekly digest as a mail (issue 14): its body as the blocks of the one mail layout
// (mail-layout.ts: plain text and escaped HTML, the footer and the one-click unsubscribe link),
// which `ritm digest --dry-run` prints too. Every link is the one the bell would give for the same
// thing (`notificationLink`): the calendar on a norm's period or an item's day, a plan, a dashboard.

export interface DigestMailBody {
  subject: string;
  blocks: MailBlock[];
  /** The main action: the dashboard of the person's first organisation. */
  action: MailLink;
}

/** At most this many entries per list; the rest are counted («…и ещё 4»). */
const LISTED = 10;

const dashboardPath = (orgId: string, orgName: string, digest: Digest) =>
  notificationLink({ kind: 'weekly_digest', orgId, orgName, week: digest.week, atRisk: digest.atRisk, overdue: digest.overdue });
const normPath = (orgId: string, orgName: string, row: DigestNormRow) =>
  notificationLink({
    kind: 'norm_at_risk',
    orgId,
    orgName,
    normId: row.norm,
    normTitle: row.title ?? row.norm,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    done: row.actual,
    required: row.required,
  });
const itemPath = (orgId: string, orgName: string, item: DigestItem) =>
  notificationLink({ kind: 'item_assigned', orgId, orgName, itemId: item.id, itemTitle: item.title, day: item.day, actorName: '' });
const planPath = (plan: DigestPlan) =>
  notificationLink({ kind: 'plan_submitted', orgId: plan.orgId, orgName: plan.orgName, planId: plan.id, planTitle: plan.title, actorName: '' });

/** A local date as people read it: «23 ноября 2026», "23 November 2026". */
export function readableDay(day: string, lang: Language): string {
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** A week as people read it: «23 – 29 ноября 2026 (2026-W48)». */
export function readableWeek(week: string, lang: Language): string {
  const { from, to } = isoWeekDays(week);
  const format = new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
  return `${format.format(new Date(`${from}T00:00:00Z`))} – ${readableDay(to, lang)}`;
}

/** The digest's subject, blocks and action in a language. */
export function digestMailBody(digest: Digest, person: { name: string; email: string }, lang: Language): DigestMailBody {
  const t = (msg: Message) => render(msg, lang);
  const week = readableWeek(digest.week, lang);
  const summary = digest.quiet ? message('digest.summary.quiet') : message('digest.summary.counts', { atRisk: digest.atRisk, overdue: digest.overdue });
  const blocks: MailBlock[] = [{ type: 'paragraph', text: t(message('digest.greeting', { name: person.name || person.email, week })) }];
  if (digest.quiet) blocks.push({ type: 'paragraph', text: t(message('digest.quiet')) });

  const list = (heading: Message, entries: MailEntry[]) => {
    if (entries.length === 0) return;
    const shown = entries.slice(0, LISTED);
    if (entries.length > LISTED) shown.push({ title: t(message('digest.more', { count: entries.length - LISTED })) });
    blocks.push({ type: 'paragraph', text: t(heading) }, { type: 'entries', entries: shown });
  };
  const rowEntry = (orgId: string, orgName: string) => (row: DigestNormRow): MailEntry => {
    const norm = row.title ?? row.norm;
    return {
      title: row.channelName === null ? norm : t(message('digest.row.channel', { norm, channel: row.channelName })),
      text: t(message('digest.row', { actual: row.actual, required: row.required, planned: row.planned, from: readableDay(row.periodStart, lang), to: readableDay(row.periodEnd, lang) })),
      path: normPath(orgId, orgName, row),
    };
  };
  const itemEntry = (orgId: string, orgName: string) => (item: DigestItem): MailEntry => ({ title: item.title, text: readableDay(item.day, lang), path: itemPath(orgId, orgName, item) });

  for (const section of digest.editor) {
    blocks.push({ type: 'heading', text: t(message('digest.editor.heading', { org: section.orgName })) });
    const before = blocks.length;
    list(message('digest.editor.returned'), section.returned.map((plan) => ({
      title: plan.title,
      text: t(plan.by === undefined ? message('digest.returned', { comment: plan.comment ?? '' }) : message('digest.returned.by', { by: plan.by, comment: plan.comment ?? '' })),
      path: planPath(plan),
    })));
    list(message('digest.editor.atRisk'), section.atRisk.map(rowEntry(section.orgId, section.orgName)));
    list(message('digest.editor.overdue'), section.overdue.map(itemEntry(section.orgId, section.orgName)));
    list(message('digest.editor.assigned'), section.assigned.map(itemEntry(section.orgId, section.orgName)));
    list(message('digest.editor.gapsNext'), section.gapsNext.map(rowEntry(section.orgId, section.orgName)));
    if (blocks.length === before) blocks.push({ type: 'paragraph', text: t(message('digest.editor.fine')) });
  }

  for (const section of digest.director) {
    blocks.push(
      { type: 'heading', text: t(message('digest.director.heading', { org: section.orgName, count: section.organisations })) },
      { type: 'paragraph', text: t(message('digest.director.summary', { atRisk: section.atRisk, missed: section.missedLastWeek })) },
    );
    list(message('digest.director.troubled'), section.troubled.map((org) => ({
      title: org.orgName,
      text: t(message('digest.director.troubledEntry', { atRisk: org.atRisk, missed: org.missedLastWeek })),
      path: dashboardPath(org.orgId, org.orgName, digest),
    })));
    list(message('digest.director.normsAtRisk'), section.normsAtRisk.map((norm) => ({
      title: section.normTitles[norm.norm] ?? norm.norm,
      text: t(message('digest.director.normEntry', { count: norm.organisations })),
    })));
    list(message('digest.director.awaiting'), section.awaiting.map((plan) => ({ title: `${plan.title} — ${plan.orgName}`, path: planPath(plan) })));
    list(message('digest.director.adjustments'), section.adjustments.map((adjustment) => ({
      title: adjustment.title ?? adjustment.norm,
      text: t(message(adjustment.waived ? 'digest.director.waived' : 'digest.director.adjusted', { org: adjustment.orgName, reason: adjustment.reason })),
      path: dashboardPath(adjustment.orgId, adjustment.orgName, digest),
    })));
  }

  const first = digest.director[0] ?? digest.editor[0];
  return {
    subject: t(message('digest.subject', { week, summary })),
    blocks,
    action: { label: t(message('digest.action')), path: first === undefined ? '/dashboard' : dashboardPath(first.orgId, first.orgName, digest) },
  };
}

/** The digest's mail for a person: in their language, with their one-click unsubscribe from the digest. */
function draftOf(recipient: DigestRecipient, digest: Digest, token: string) {
  const body = digestMailBody(digest, recipient, recipient.locale);
  return { to: recipient.email, lang: recipient.locale, subject: body.subject, blocks: body.blocks, action: body.action, kind: 'weekly_digest' as const, unsubscribeToken: token };
}

/**
 * What puts digests into the outbox, or undefined when this Ritm sends no mail (no RITM_SMTP_URL):
 * the digests then go to the bell alone and nothing fails.
 */
export function digestMailWriter(config: Pick<Config, 'smtpUrl' | 'publicUrl'>): DigestMailWriter | undefined {
  const publicUrl = mailPublicUrl(config);
  if (publicUrl === undefined) return undefined;
  return async (trx: Transaction<DB>, recipient, digest, now) => {
    const token = unsubscribeToken(recipient.userId, 'weekly_digest', await unsubscribeSecretOf(trx, recipient.userId));
    return enqueueMail(trx, { userId: recipient.userId, kind: 'weekly_digest', message: layoutMail(draftOf(recipient, digest, token), publicUrl), at: now });
  };
}

/**
 * The digest as `ritm digest --dry-run` prints it: the subject and the mail's text without its
 * footer (whose unsubscribe link would need a secret written first; a dry run writes nothing).
 * Without RITM_PUBLIC_URL (mail off) its links are the admin's paths.
 */
export function digestAsText(recipient: DigestRecipient, digest: Digest, publicUrl: string | undefined): string {
  const mail = layoutMail(draftOf(recipient, digest, ''), publicUrl ?? '');
  const footer = mail.text.indexOf('\n\n-- \n');
  return `${mail.subject}\n\n${footer === -1 ? mail.text : mail.text.slice(0, footer + 1)}`;
}
