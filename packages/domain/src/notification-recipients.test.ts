import { describe, expect, it } from 'vitest';
import type { ComplianceRow } from './compliance.js';
import { itemAssignee, materialRecipients, normAtRiskRecipients, normsAtRiskNow, planApprovers, planOutcomeRecipients, proposalReceivers, type RoleGiven } from './notification-recipients.js';

describe('planApprovers', () => {
  const federal: RoleGiven = { userId: 'fed', role: 'director', depth: 0 };
  const regional: RoleGiven = { userId: 'reg', role: 'director', depth: 1 };
  const centreDirector: RoleGiven = { userId: 'dir', role: 'director', depth: 2 };
  const centreAdmin: RoleGiven = { userId: 'adm', role: 'admin', depth: 2 };
  const editor: RoleGiven = { userId: 'ed', role: 'editor', depth: 2 };

  it("asks the plan's own organisation's approvers, not those above", () => {
    expect(planApprovers([federal, regional, centreDirector, centreAdmin, editor], 'ed')).toEqual(['dir', 'adm']);
  });

  it('asks the nearest organisation above that has approvers when the plan’s own has none', () => {
    expect(planApprovers([federal, regional, editor], 'ed')).toEqual(['reg']);
    expect(planApprovers([federal, editor], 'ed')).toEqual(['fed']);
  });

  it('never asks the person who submitted, and nobody when no one approves', () => {
    expect(planApprovers([centreAdmin, federal], 'adm')).toEqual([]);
    expect(planApprovers([editor, { userId: 'v', role: 'viewer', depth: 0 }], 'ed')).toEqual([]);
  });

  it('names a person with two roles at one organisation once', () => {
    expect(planApprovers([centreDirector, { ...centreDirector, role: 'admin' }], null)).toEqual(['dir']);
  });
});

describe('planOutcomeRecipients', () => {
  it('tells the author and the last submitter, once each, not the director who decided', () => {
    expect(planOutcomeRecipients({ createdBy: 'a', submittedBy: 'b', actorId: 'd', members: new Set(['a', 'b', 'd']) })).toEqual(['a', 'b']);
    expect(planOutcomeRecipients({ createdBy: 'a', submittedBy: 'a', actorId: 'd', members: new Set(['a']) })).toEqual(['a']);
    expect(planOutcomeRecipients({ createdBy: 'd', submittedBy: 'b', actorId: 'd', members: new Set(['b', 'd']) })).toEqual(['b']);
  });

  it('tells nobody who left the organisation or was deactivated, nor an unknown author', () => {
    expect(planOutcomeRecipients({ createdBy: 'gone', submittedBy: 'b', actorId: 'd', members: new Set(['b']) })).toEqual(['b']);
    expect(planOutcomeRecipients({ createdBy: null, submittedBy: null, actorId: 'd', members: new Set(['b']) })).toEqual([]);
  });
});

describe('itemAssignee', () => {
  it('tells the new responsible person of a new item or a change of person', () => {
    expect(itemAssignee({ before: undefined, after: 'b', actorId: 'a' })).toBe('b');
    expect(itemAssignee({ before: null, after: 'b', actorId: 'a' })).toBe('b');
    expect(itemAssignee({ before: 'c', after: 'b', actorId: 'a' })).toBe('b');
    expect(itemAssignee({ before: 'c', after: 'b', actorId: null })).toBe('b');
  });

  it('tells nobody when the person did not change, was taken away, or took the item themselves', () => {
    expect(itemAssignee({ before: 'b', after: 'b', actorId: 'a' })).toBeUndefined();
    expect(itemAssignee({ before: 'b', after: null, actorId: 'a' })).toBeUndefined();
    expect(itemAssignee({ before: 'c', after: 'a', actorId: 'a' })).toBeUndefined();
  });
});

describe('normAtRiskRecipients', () => {
  it('warns those who edit items or approve plans there, not viewers', () => {
    const roles: RoleGiven[] = [
      { userId: 'e', role: 'editor', depth: 2 },
      { userId: 'd', role: 'director', depth: 2 },
      { userId: 'a', role: 'admin', depth: 2 },
      { userId: 'v', role: 'viewer', depth: 2 },
      { userId: 'e', role: 'viewer', depth: 2 },
    ];
    expect(normAtRiskRecipients(roles)).toEqual(['e', 'd', 'a']);
  });
});

describe('normsAtRiskNow', () => {
  const row = (over: Partial<ComplianceRow>): ComplianceRow => ({
    norm: 'weekly_posts',
    channel: null,
    periodStart: '2026-11-23',
    periodEnd: '2026-11-29',
    required: 2,
    actual: 1,
    planned: 0,
    overdue: 0,
    status: 'at_risk',
    ...over,
  });

  it('warns of the at-risk rows of the period that holds today, not of past or coming ones', () => {
    const rows = [
      row({}),
      row({ periodStart: '2026-11-16', periodEnd: '2026-11-22' }),
      row({ periodStart: '2026-11-30', periodEnd: '2026-12-06' }),
      row({ norm: 'monthly_event', periodStart: '2026-11-01', periodEnd: '2026-11-30', required: 1, actual: 0, status: 'on_track' }),
      row({ norm: 'quarterly', periodStart: '2026-10-01', periodEnd: '2026-12-31', required: 3, actual: 0 }),
    ];
    expect(normsAtRiskNow(rows, '2026-11-29')).toEqual([
      { norm: 'weekly_posts', periodStart: '2026-11-23', periodEnd: '2026-11-29', done: 1, required: 2 },
      { norm: 'quarterly', periodStart: '2026-10-01', periodEnd: '2026-12-31', done: 0, required: 3 },
    ]);
  });

  it('warns once of a per-channel norm, counted on the channel furthest behind', () => {
    const rows = [row({ channel: 'vk', actual: 1 }), row({ channel: 'tg', actual: 0 }), row({ channel: 'ok', actual: 2, status: 'met' })];
    expect(normsAtRiskNow(rows, '2026-11-26')).toEqual([{ norm: 'weekly_posts', periodStart: '2026-11-23', periodEnd: '2026-11-29', done: 0, required: 2 }]);
  });

  it('ignores rows without a period (presence and quantity norms)', () => {
    expect(normsAtRiskNow([row({ periodStart: null, periodEnd: null })], '2026-11-26')).toEqual([]);
  });
});

describe('proposalReceivers', () => {
  const federalEditor: RoleGiven = { userId: 'fed', role: 'editor', depth: 0 };
  const territorialDirector: RoleGiven = { userId: 'dir', role: 'director', depth: 1 };
  const territorialEditor: RoleGiven = { userId: 'ed', role: 'editor', depth: 1 };
  const territorialViewer: RoleGiven = { userId: 'v', role: 'viewer', depth: 1 };

  it("tells the asked organisation's editors and directors, not its viewers nor those above", () => {
    expect(proposalReceivers([federalEditor, territorialDirector, territorialEditor, territorialViewer], 'p')).toEqual(['dir', 'ed']);
  });

  it('tells the nearest organisation above with someone to act when the asked one has nobody', () => {
    expect(proposalReceivers([federalEditor, territorialViewer], 'p')).toEqual(['fed']);
    expect(proposalReceivers([territorialViewer], 'p')).toEqual([]);
  });

  it('never tells the proposer, who may also hold a role above', () => {
    expect(proposalReceivers([territorialEditor, territorialDirector], 'ed')).toEqual(['dir']);
  });
});

describe('materialRecipients (issue 15)', () => {
  it('tells those who edit items at the target, once each, never the sender', () => {
    const roles: RoleGiven[] = [
      { userId: 'e', role: 'editor', depth: 2 },
      { userId: 'e', role: 'viewer', depth: 2 },
      { userId: 'a', role: 'admin', depth: 2 },
      { userId: 'v', role: 'viewer', depth: 2 },
      { userId: 'd', role: 'director', depth: 2 },
      { userId: 's', role: 'editor', depth: 2 },
    ];
    expect(materialRecipients(roles, 's')).toEqual(['e', 'a']);
  });
});
