import { isoWeekDays, type Digest, type DigestItem, type DigestNormRow, type DigestPlan } from '@ritm/domain/digest';
import { message, render, type Language, type Message } from '../http/messages.js';

// The weekly digest as a mail's body (issue 14): blocks the mail layout (mail-layout.ts) turns into
// plain text and HTML with the footer and unsubscribe link, and `ritm digest --dry-run` prints.
// Links are paths in the admin: the dashboard of an organisation, the calendar on a day, a plan.

/** One entry of a list (mail-layout.ts `MailEntry`). */
export interface DigestEntry {
  title: string;
  text?: string;
  path?: string;
}

/** A block of the body (mail-layout.ts `MailBlock`). */
export type DigestBlock = { type: 'heading'; text: string } | { type: 'paragraph'; text: string } | { type: 'entries'; entries: DigestEntry[] };

export interface DigestMailBody {
  subject: string;
  blocks: DigestBlock[];
  /** The main action: the dashboard of the person's first organisation. */
  action: { label: string; path: string };
}

/** At most this many entries per list; the rest are counted («…и ещё 4»). */
const LISTED = 10;

const dashboardPath = (orgId: string) => `/dashboard?org=${orgId}`;
const calendarPath = (orgId: string, day: string) => `/calendar?org=${orgId}&date=${day}`;
const planPath = (plan: DigestPlan) => `/plans/${plan.id}?org=${plan.orgId}`;

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
  const blocks: DigestBlock[] = [{ type: 'paragraph', text: t(message('digest.greeting', { name: person.name || person.email, week })) }];
  if (digest.quiet) blocks.push({ type: 'paragraph', text: t(message('digest.quiet')) });

  const list = (heading: Message, entries: DigestEntry[]) => {
    if (entries.length === 0) return;
    const shown = entries.slice(0, LISTED);
    if (entries.length > LISTED) shown.push({ title: t(message('digest.more', { count: entries.length - LISTED })) });
    blocks.push({ type: 'paragraph', text: t(heading) }, { type: 'entries', entries: shown });
  };
  const rowEntry = (orgId: string) => (row: DigestNormRow): DigestEntry => {
    const norm = row.title ?? row.norm;
    return {
      title: row.channelName === null ? norm : t(message('digest.row.channel', { norm, channel: row.channelName })),
      text: t(message('digest.row', { actual: row.actual, required: row.required, planned: row.planned, from: readableDay(row.periodStart, lang), to: readableDay(row.periodEnd, lang) })),
      path: calendarPath(orgId, row.periodStart),
    };
  };
  const itemEntry = (orgId: string) => (item: DigestItem): DigestEntry => ({ title: item.title, text: readableDay(item.day, lang), path: calendarPath(orgId, item.day) });

  for (const section of digest.editor) {
    blocks.push({ type: 'heading', text: t(message('digest.editor.heading', { org: section.orgName })) });
    const before = blocks.length;
    list(message('digest.editor.returned'), section.returned.map((plan) => ({
      title: plan.title,
      text: t(plan.by === undefined ? message('digest.returned', { comment: plan.comment ?? '' }) : message('digest.returned.by', { by: plan.by, comment: plan.comment ?? '' })),
      path: planPath(plan),
    })));
    list(message('digest.editor.atRisk'), section.atRisk.map(rowEntry(section.orgId)));
    list(message('digest.editor.overdue'), section.overdue.map(itemEntry(section.orgId)));
    list(message('digest.editor.assigned'), section.assigned.map(itemEntry(section.orgId)));
    list(message('digest.editor.gapsNext'), section.gapsNext.map(rowEntry(section.orgId)));
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
      path: dashboardPath(org.orgId),
    })));
    list(message('digest.director.normsAtRisk'), section.normsAtRisk.map((norm) => ({
      title: section.normTitles[norm.norm] ?? norm.norm,
      text: t(message('digest.director.normEntry', { count: norm.organisations })),
    })));
    list(message('digest.director.awaiting'), section.awaiting.map((plan) => ({ title: `${plan.title} — ${plan.orgName}`, path: planPath(plan) })));
    list(message('digest.director.adjustments'), section.adjustments.map((adjustment) => ({
      title: adjustment.title ?? adjustment.norm,
      text: t(message(adjustment.waived ? 'digest.director.waived' : 'digest.director.adjusted', { org: adjustment.orgName, reason: adjustment.reason })),
      path: dashboardPath(adjustment.orgId),
    })));
  }

  const first = digest.director[0]?.orgId ?? digest.editor[0]?.orgId;
  return {
    subject: t(message('digest.subject', { week, summary })),
    blocks,
    action: { label: t(message('digest.action')), path: first === undefined ? '/dashboard' : dashboardPath(first) },
  };
}
