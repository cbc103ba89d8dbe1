import { describe, expect, it } from 'vitest';
import { PLAN_STATUSES } from './media-plan.js';
import { signedForm } from './plan-signed-form.js';

const approval = { approverName: 'Пётр Директоров', approvedAt: '2026-11-20T20:30:00.000Z', items: ['как подписано'], names: { vk: 'ВКонтакте' } };

describe('a plan’s signed form', () => {
  it('prints an approved plan as its last approval: the snapshot, the approver and when', () => {
    expect(signedForm({ status: 'approved', approvedAt: '2026-11-20T20:30:00.000Z', approverName: 'Пётр Директоров' }, approval)).toEqual({
      draft: false,
      approval,
      approverName: 'Пётр Директоров',
      signedAt: '2026-11-20T20:30:00.000Z',
    });
  });

  it('prints a plan approved before snapshots were kept under its own approval, with its current content', () => {
    expect(signedForm({ status: 'approved', approvedAt: '2026-01-01T00:00:00.000Z', approverName: 'А. Б.' }, null)).toEqual({ draft: false, approval: undefined, approverName: 'А. Б.', signedAt: '2026-01-01T00:00:00.000Z' });
  });

  it('prints anything not approved as a draft, whatever approval it once had', () => {
    for (const status of PLAN_STATUSES.filter((s) => s !== 'approved')) {
      expect(signedForm({ status, approvedAt: approval.approvedAt, approverName: approval.approverName }, approval), status).toEqual({ draft: true, approval: undefined, approverName: null, signedAt: null });
    }
  });
});
