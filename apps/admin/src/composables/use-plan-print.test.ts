import type { PlanWithItems } from '@ritm/contracts/plans';
import { describe, expect, it } from 'vitest';
import { mediaPlan } from '../test/fixtures.js';
import { printedPlan } from './use-plan-print.js';

const signed = { id: 's', kind: 'post', title: 'Как подписано', newsHook: '', format: '', status: 'planned' as const, at: '2026-11-24', localDay: '2026-11-24', channelIds: [], audienceIds: [], keyMessageIds: [], responsibleId: null };
const approval = { id: 'ap', approvedBy: 'd', approverName: 'Пётр Директоров', approvedAt: '2026-11-20T20:30:00.000Z', items: [signed], names: { vk: 'ВКонтакте' } };
const withItems = (over: Partial<PlanWithItems>): PlanWithItems => ({ ...mediaPlan(), items: [], approval: null, ...over });
const current = { ...signed, id: 'c', title: 'Как сейчас' } as unknown as PlanWithItems['items'][number];

describe('the print form of a plan', () => {
  it('prints an approved plan as signed: the snapshot, the approver and the day in the organisation’s zone', () => {
    const printed = printedPlan(withItems({ status: 'approved', approval, items: [current] }), 'Asia/Yekaterinburg');
    expect(printed).toEqual({ draft: false, items: [signed], names: approval.names, approverName: 'Пётр Директоров', approvedOn: '21.11.2026' });
  });

  it('prints anything not approved as a draft with its current content, without an approver', () => {
    for (const status of ['draft', 'submitted', 'changed', 'archived'] as const) {
      const printed = printedPlan(withItems({ status, approval, items: [current] }), 'Asia/Yekaterinburg');
      expect(printed, status).toEqual({ draft: true, items: [current], names: {}, approverName: null, approvedOn: null });
    }
  });
});
