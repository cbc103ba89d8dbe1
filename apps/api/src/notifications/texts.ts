import { isoWeekDays } from '@ritm/domain/digest';
import { isLocalDate } from '@ritm/domain/local-date';
import { notificationLink } from '@ritm/domain/notification-links';
import type { NotificationPayload } from '@ritm/domain/notifications';
import { PERIOD_KINDS, periodOf, type PeriodKind } from '@ritm/domain/period';
import { message, render, type Language, type Message } from '../http/messages.js';

export { notificationLink };

/** What a notification says: one line naming what and where, and the detail (may be empty). */
export interface NotificationText {
  title: string;
  body: string;
}

/**
 * What a notification says in a language: the bell renders it in the caller's language, the mail
 * in the recipient's (`users.locale`), from the same catalogue entries, so both say the same.
 * Everything comes from the payload, copied when the notification was made.
 *
 * @example notificationText({ kind: 'plan_returned', planTitle: 'Ноябрь 2026', orgName: 'ЦЗН', actorName: 'Иванова', comment: 'Добавьте ярмарку', … }, 'ru')
 * // { title: 'План «Ноябрь 2026» возвращён — ЦЗН', body: 'Вернул(а) на доработку Иванова: Добавьте ярмарку' }
 */
export function notificationText(payload: NotificationPayload, lang: Language): NotificationText {
  const { title, body } = notificationMessages(payload, lang);
  return { title: render(title, lang), body: body === undefined ? '' : render(body, lang) };
}

function notificationMessages(payload: NotificationPayload, lang: Language): { title: Message; body?: Message } {
  const org = payload.orgName;
  switch (payload.kind) {
    case 'plan_submitted':
      return {
        title: message('notification.plan_submitted.title', { plan: payload.planTitle, org }),
        body: message('notification.plan_submitted.body', { actor: payload.actorName }),
      };
    case 'plan_approved':
      return {
        title: message('notification.plan_approved.title', { plan: payload.planTitle, org }),
        body: message('notification.plan_approved.body', { actor: payload.actorName }),
      };
    case 'plan_returned':
      return {
        title: message('notification.plan_returned.title', { plan: payload.planTitle, org }),
        body: message('notification.plan_returned.body', { actor: payload.actorName, comment: payload.comment }),
      };
    case 'item_assigned': {
      const day = formatDay(payload.day, lang);
      return {
        title: message('notification.item_assigned.title', { item: payload.itemTitle, org }),
        // An item given by a read of evidence or an import run by nobody in particular names no one.
        body: payload.actorName === '' ? message('notification.item_assigned.bodyBySystem', { day }) : message('notification.item_assigned.body', { day, actor: payload.actorName }),
      };
    }
    case 'norm_at_risk': {
      const per = periodKindOfSpan(payload.periodStart, payload.periodEnd);
      return {
        title: message('notification.norm_at_risk.title', { norm: payload.normTitle, org }),
        body: message('notification.norm_at_risk.body', {
          done: payload.done,
          required: payload.required,
          period: per === undefined ? '' : message(`period.${per}`),
          range: formatSpan(payload.periodStart, payload.periodEnd, lang),
        }),
      };
    }
    // issue 15 — materials down the tree
    case 'material_received':
      return {
        title: message('notification.material_received.title', { material: payload.materialTitle, org }),
        body: message('notification.material_received.body', { from: payload.fromOrgName, day: formatDay(payload.day, lang), deadline: formatDay(payload.deadline, lang) }),
      };
    case 'placement_declined':
      return {
        title: message('notification.placement_declined.title', { target: payload.targetOrgName, material: payload.materialTitle, org }),
        body: message('notification.placement_declined.body', { reason: payload.reason }),
      };
    case 'report_ready':
      return { title: message('notification.report_ready.title', { report: payload.reportTitle, org }), body: message('notification.report_ready.body') };
    // issue 15 — proposals upwards
    case 'proposal_received':
      return {
        title: message('notification.proposal_received.title', { proposal: payload.proposalTitle, org }),
        body: message('notification.proposal_received.body', { from: payload.otherOrgName, actor: payload.actorName }),
      };
    case 'proposal_answered': {
      const about = { proposal: payload.proposalTitle, org };
      const other = payload.otherOrgName;
      return payload.outcome === 'accepted'
        ? {
            title: message('notification.proposal_accepted.title', about),
            body: message('notification.proposal_accepted.body', { other, day: payload.day === null ? '' : formatDay(payload.day, lang), actor: payload.actorName }),
          }
        : {
            title: message('notification.proposal_declined.title', about),
            body: message('notification.proposal_declined.body', { other, actor: payload.actorName, reason: payload.reason ?? '' }),
          };
    }
    case 'weekly_digest': {
      const days = /^\d{4}-W\d{2}$/.test(payload.week) ? isoWeekDays(payload.week) : undefined;
      const range = days === undefined ? payload.week : formatSpan(days.from, days.to, lang);
      const quiet = payload.atRisk === 0 && payload.overdue === 0;
      return {
        title: message('notification.weekly_digest.title', { range, org }),
        body: quiet ? message('notification.weekly_digest.bodyOnTrack') : message('notification.weekly_digest.body', { atRisk: payload.atRisk, overdue: payload.overdue }),
      };
    }
  }
}

const LOCALES: Record<Language, string> = { ru: 'ru-RU', en: 'en-GB' };

// Local dates are calendar days, not instants: formatted at UTC midnight so no zone moves them.
const dayFormats = new Map<Language, Intl.DateTimeFormat>();
function dayFormat(lang: Language): Intl.DateTimeFormat {
  let format = dayFormats.get(lang);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'long', timeZone: 'UTC' });
    dayFormats.set(lang, format);
  }
  return format;
}

/** `26 ноября` / `26 November`; a malformed day as it is. */
function formatDay(day: string, lang: Language): string {
  return isLocalDate(day) ? dayFormat(lang).format(utcMidnight(day)) : day;
}

/** `23–29 ноября`, `30 ноября – 6 декабря`; one day alone for a one-day span. */
function formatSpan(start: string, end: string, lang: Language): string {
  if (!isLocalDate(start) || !isLocalDate(end)) return `${start}–${end}`;
  if (start === end) return formatDay(start, lang);
  return dayFormat(lang).formatRange(utcMidnight(start), utcMidnight(end));
}

const utcMidnight = (day: string) => new Date(`${day}T00:00:00Z`);

/** Which calendar period a span is exactly (a norm's period), if any. */
function periodKindOfSpan(start: string, end: string): PeriodKind | undefined {
  if (!isLocalDate(start) || !isLocalDate(end)) return undefined;
  return PERIOD_KINDS.find((per) => {
    const period = periodOf(start, per);
    return period.start === start && period.end === end;
  });
}
