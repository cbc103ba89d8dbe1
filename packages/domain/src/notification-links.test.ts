import { describe, expect, it } from 'vitest';
import { calendarViewOfSpan, notificationLink } from './notification-links.js';

const org = { orgId: 'o1', orgName: 'ЦЗН' };

describe('notificationLink', () => {
  it('leads a plan notification to the plan in its organisation', () => {
    for (const kind of ['plan_submitted', 'plan_approved'] as const) {
      expect(notificationLink({ kind, ...org, planId: 'p1', planTitle: 'Ноябрь', actorName: 'A' })).toBe('/plans/p1?org=o1');
    }
    expect(notificationLink({ kind: 'plan_returned', ...org, planId: 'p1', planTitle: 'Ноябрь', actorName: 'A', comment: 'c' })).toBe('/plans/p1?org=o1');
  });

  it("leads an assigned item to the calendar on the item's day", () => {
    expect(notificationLink({ kind: 'item_assigned', ...org, itemId: 'i1', itemTitle: 'T', day: '2026-11-26', actorName: 'A' })).toBe('/calendar?org=o1&date=2026-11-26');
  });

  it("leads a norm at risk to the calendar on its period, highlighted, in the smallest view that holds it", () => {
    const risk = { kind: 'norm_at_risk' as const, ...org, normId: 'n1', normTitle: 'N', done: 1, required: 2 };
    expect(notificationLink({ ...risk, periodStart: '2026-11-23', periodEnd: '2026-11-29' })).toBe('/calendar?org=o1&date=2026-11-23&highlight=2026-11-23..2026-11-29');
    expect(notificationLink({ ...risk, periodStart: '2026-11-01', periodEnd: '2026-11-30' })).toBe(
      '/calendar?org=o1&view=month&date=2026-11-01&highlight=2026-11-01..2026-11-30',
    );
  });

  it("leads a material to the target's inbox and a decline to the sender's material (issue 15)", () => {
    expect(notificationLink({ kind: 'material_received', ...org, materialId: 'm1', materialTitle: 'M', fromOrgName: 'ЦК', day: '2026-12-05', deadline: '2026-12-10' })).toBe(
      '/materials/received?org=o1&material=m1',
    );
    expect(notificationLink({ kind: 'placement_declined', ...org, materialId: 'm1', materialTitle: 'M', targetOrgName: 'П', reason: 'r' })).toBe('/materials/m1?org=o1');
  });

  it('leads a digest to the dashboard and a ready report to its file', () => {
    expect(notificationLink({ kind: 'weekly_digest', ...org, week: '2026-W48', atRisk: 0, overdue: 0 })).toBe('/dashboard?org=o1');
    expect(notificationLink({ kind: 'report_ready', ...org, reportId: 'r1', reportTitle: 'R' })).toBe('/api/orgs/o1/report-jobs/r1/file');
  });
});

describe('notificationLink of proposals upwards (issue 15)', () => {
  it("leads a proposal received to the asked organisation's incoming list and an answer to the proposer's outgoing one", () => {
    const about = { proposalId: 'p1', proposalTitle: 'T', otherOrgName: 'ППО', actorName: 'A' };
    expect(notificationLink({ kind: 'proposal_received', ...org, ...about })).toBe('/proposals?org=o1&direction=incoming&proposal=p1');
    expect(notificationLink({ kind: 'proposal_answered', ...org, ...about, outcome: 'declined', day: null, reason: 'R' })).toBe(
      '/proposals?org=o1&direction=outgoing&proposal=p1',
    );
  });
});

describe('calendarViewOfSpan', () => {
  it('picks the week, the month, or the quarter for a span over months', () => {
    expect(calendarViewOfSpan('2026-11-23', '2026-11-29')).toBe('week');
    expect(calendarViewOfSpan('2026-11-26', '2026-11-26')).toBe('week');
    expect(calendarViewOfSpan('2026-11-01', '2026-11-30')).toBe('month');
    expect(calendarViewOfSpan('2026-10-01', '2026-12-31')).toBe('quarter');
    expect(calendarViewOfSpan('2026-11-30', '2026-12-06')).toBe('quarter');
  });
});
