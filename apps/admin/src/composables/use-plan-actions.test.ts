import { createTestingPinia } from '@pinia/testing';
import { capabilitiesOf, type Role } from '@ritm/domain/access';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { request } from '../api/client.js';
import type { MediaPlan } from '../api/types.js';
import { centre } from '../views/calendar/composables/calendar-test-setup.js';
import { mediaPlan } from '../test/fixtures.js';
import { useOrgsStore } from '../stores/orgs.js';
import { usePlansStore } from '../stores/plans.js';
import { usePlanActions } from './use-plan-actions.js';
import { bindMessages } from './use-notify.js';

vi.mock('../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

/** The current organisation as the API sends it to a holder of `roles`, with its capabilities. */
function signedInAs(...roles: Role[]): void {
  createTestingPinia({ stubActions: false, createSpy: vi.fn });
  const orgs = useOrgsStore();
  orgs.list = [{ ...centre, role: roles[roles.length - 1] ?? 'viewer', roles, capabilities: capabilitiesOf(roles) }];
  orgs.currentId = centre.id;
}

const approved = mediaPlan({
  status: 'approved',
  transitions: [
    { action: 'reopen', status: 'draft', commentRequired: false },
    { action: 'archive', status: 'archived', commentRequired: false },
  ],
});
const submitted = mediaPlan({
  status: 'submitted',
  transitions: [
    { action: 'return', status: 'draft', commentRequired: true },
    { action: 'approve', status: 'approved', commentRequired: false },
    { action: 'archive', status: 'archived', commentRequired: false },
  ],
});

describe("a plan's actions", () => {
  beforeEach(() => {
    requestMock.mockReset();
  });

  it('offers exactly the moves the server sent, in its order, the first forward one as the main button', () => {
    signedInAs('director');
    const actions = usePlanActions();
    expect(actions.available(approved)).toEqual([
      { action: 'reopen', label: 'Вернуть в черновик' },
      { action: 'archive', label: 'В архив' },
    ]);
    expect(actions.available(submitted).map((a) => [a.action, a.primary ?? false])).toEqual([
      ['return', false],
      ['approve', true],
      ['archive', false],
    ]);
    expect(actions.available(mediaPlan({ status: 'archived', transitions: [{ action: 'unarchive', status: 'draft', commentRequired: false }] })).map((a) => a.action)).toEqual(['unarchive']);
  });

  it('lets an editor copy a plan, and offers a viewer nothing', () => {
    signedInAs('editor');
    const draft = mediaPlan({ transitions: [{ action: 'submit', status: 'submitted', commentRequired: false }] });
    expect(usePlanActions().available(draft).map((a) => a.action)).toEqual(['submit', 'copy']);
    signedInAs('viewer');
    // The server sends a viewer's plans without moves, and copying needs `plan.edit`.
    expect(usePlanActions().available(mediaPlan())).toEqual([]);
  });

  it('makes a move by sending the status it leads to, with the plan’s version', async () => {
    signedInAs('director');
    const reopened: MediaPlan = { ...approved, status: 'draft', version: 4, transitions: [] };
    requestMock.mockResolvedValue(reopened);
    const onChange = vi.fn();
    const actions = usePlanActions(onChange);
    await actions.run(approved, 'reopen');
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/plans/plan/status', { method: 'POST', body: { status: 'draft' }, version: 3 });
    expect(onChange).toHaveBeenCalledWith(reopened);
    expect(usePlansStore().plans).toEqual([reopened]);
  });

  it('asks why before a move that needs a comment, and sends it', async () => {
    signedInAs('director');
    requestMock.mockResolvedValue({ ...submitted, status: 'draft', version: 4, transitions: [] });
    const actions = usePlanActions();
    await actions.run(submitted, 'return');
    expect(requestMock).not.toHaveBeenCalled();
    expect(actions.commenting.value?.move.action).toBe('return');
    actions.comment.value = '   ';
    await actions.confirm();
    expect(requestMock).not.toHaveBeenCalled();
    actions.comment.value = ' Добавьте пост о ярмарке ';
    await actions.confirm();
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/plans/plan/status', { method: 'POST', body: { status: 'draft', comment: 'Добавьте пост о ярмарке' }, version: 3 });
    expect(actions.commenting.value).toBeNull();
  });

  it('says what a copy did: copied into the next plan, and how many items were already on the calendar', async () => {
    signedInAs('editor');
    const success = vi.fn();
    bindMessages({ success, error: vi.fn(), info: vi.fn() } as never);
    const next = mediaPlan({ id: 'next', periodStart: '2026-11-30', periodEnd: '2026-12-06', title: 'Следующая неделя' });
    requestMock.mockImplementation(async (path: string) =>
      path.endsWith('/copy') ? { id: 'next', version: 2, periodStart: '2026-11-30', itemCount: 3, skipped: 2, created: false } : { ...next, items: [], approval: null },
    );
    await usePlanActions().run(mediaPlan(), 'copy');
    expect(success).toHaveBeenCalledWith('План на следующий период уже есть — материалы добавлены в него. Скопировано: 3; уже были в календаре: 2');
    expect(usePlansStore().plans).toEqual([next]);
  });

  it('does nothing for a move the server did not offer', async () => {
    signedInAs('director');
    await usePlanActions().run(approved, 'approve');
    expect(requestMock).not.toHaveBeenCalled();
  });
});
