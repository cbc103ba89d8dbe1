/**
 * Where in the admin a notification leads (issue 14): the bell opens it, the mail links to it (on
 * `RITM_PUBLIC_URL`). Paths only, so the admin routes them and the mail prefixes its host.
 */
import type { NotificationPayload } from './notifications.js';

/** The calendar views a span can be shown in, smallest first. */
export type CalendarSpanView = 'week' | 'month' | 'quarter';

/**
 * The smallest calendar view that shows a span of local dates whole: a week, a month, or the
 * quarter when the span crosses a month's end. The admin's dashboard drill-down and the
 * norm-at-risk link both use it, so they open the same view.
 *
 * @example calendarViewOfSpan('2026-11-23', '2026-11-29') // 'week'
 * @example calendarViewOfSpan('2026-11-01', '2026-11-30') // 'month'
 * @example calendarViewOfSpan('2026-10-01', '2026-12-31') // 'quarter'
 */
export function calendarViewOfSpan(start: string, end: string): CalendarSpanView {
  if (end.slice(0, 7) !== start.slice(0, 7)) return 'quarter';
  return Number(end.slice(8)) - Number(start.slice(8)) > 7 ? 'month' : 'week';
}

/**
 * The admin path a notification is about: a plan's page, the calendar on the item's day or on the
 * norm's period (highlighted, in the address format of the admin's calendar:
 * `?view=month&date=…&highlight=start..end`, the week view left out), the dashboard for a digest,
 * the file of a ready report.
 *
 * @example notificationLink({ kind: 'plan_returned', orgId: 'o', planId: 'p', … }) // '/plans/p?org=o'
 * @example notificationLink({ kind: 'item_assigned', orgId: 'o', day: '2026-11-26', … }) // '/calendar?org=o&date=2026-11-26'
 */
export function notificationLink(payload: NotificationPayload): string {
  switch (payload.kind) {
    case 'plan_submitted':
    case 'plan_approved':
    case 'plan_returned':
      return path(`/plans/${encodeURIComponent(payload.planId)}`, { org: payload.orgId });
    case 'item_assigned':
      return path('/calendar', { org: payload.orgId, date: payload.day });
    case 'norm_at_risk': {
      const view = calendarViewOfSpan(payload.periodStart, payload.periodEnd);
      return path('/calendar', {
        org: payload.orgId,
        ...(view === 'week' ? {} : { view }),
        date: payload.periodStart,
        highlight: `${payload.periodStart}..${payload.periodEnd}`,
      });
    }
    case 'weekly_digest':
      return path('/dashboard', { org: payload.orgId });
    // issue 15 — materials down the tree: the target's inbox, the sender's material screen.
    case 'material_received':
      return path('/materials/received', { org: payload.orgId, material: payload.materialId });
    case 'placement_declined':
      return path(`/materials/${encodeURIComponent(payload.materialId)}`, { org: payload.orgId });
    case 'report_ready':
      return `/api/orgs/${encodeURIComponent(payload.orgId)}/report-jobs/${encodeURIComponent(payload.reportId)}/file`;
    // issue 15 — proposals upwards: the asked organisation's incoming list, the proposer's outgoing one.
    case 'proposal_received':
      return path('/proposals', { org: payload.orgId, direction: 'incoming', proposal: payload.proposalId });
    case 'proposal_answered':
      return path('/proposals', { org: payload.orgId, direction: 'outgoing', proposal: payload.proposalId });
  }
}

function path(base: string, query: Record<string, string>): string {
  // Encoded by hand: the domain is built without the DOM's and Node's types (no URLSearchParams).
  // Ids, local dates and the highlight's `a..b` only hold characters encodeURIComponent keeps.
  const pairs = Object.entries(query).map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  return `${base}?${pairs.join('&')}`;
}
