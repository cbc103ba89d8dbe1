import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capabilitiesOf, type Role } from './access.js';
import {
  clearsReturnComment,
  decidePlanTransition,
  isPlanDeletable,
  PLAN_STATUSES,
  PLAN_TRANSITIONS,
  planStatusAfterContentChange,
  planTransitionsFrom,
  type PlanStatus,
} from './media-plan.js';

const as = (...roles: Role[]) => capabilitiesOf(roles);
const action = (from: PlanStatus, to: PlanStatus, roles: Role[], comment?: string) => {
  const decision = decidePlanTransition(from, to, as(...roles), comment);
  return decision.ok ? decision.rule.action : decision.refusal;
};

describe('plan transitions', () => {
  it('let an editor submit a draft and withdraw it while it waits', () => {
    expect(action('draft', 'submitted', ['editor'])).toBe('submit');
    expect(action('submitted', 'draft', ['editor'])).toBe('withdraw');
  });

  it('let a director approve, return with a comment, reopen, archive and unarchive', () => {
    expect(action('submitted', 'approved', ['director'])).toBe('approve');
    expect(action('draft', 'approved', ['director'])).toBe('approve');
    expect(action('submitted', 'draft', ['director'], 'Добавьте событие')).toBe('return');
    expect(action('approved', 'draft', ['director'])).toBe('reopen');
    expect(action('approved', 'archived', ['director'])).toBe('archive');
    expect(action('draft', 'archived', ['director'])).toBe('archive');
    expect(action('archived', 'draft', ['director'])).toBe('unarchive');
  });

  it('make a director say why a plan is returned', () => {
    expect(action('submitted', 'draft', ['director'])).toBe('comment_required');
    expect(action('submitted', 'draft', ['director'], '  ')).toBe('comment_required');
  });

  it('make a return of whoever may return and gives a comment, and a withdrawal otherwise', () => {
    expect(action('submitted', 'draft', ['admin'], 'Переделать')).toBe('return');
    expect(action('submitted', 'draft', ['admin'])).toBe('withdraw');
    expect(action('submitted', 'draft', ['editor'], 'Передумал')).toBe('withdraw');
  });

  it('refuse what the role does not allow', () => {
    expect(action('draft', 'submitted', ['director'])).toBe('forbidden');
    expect(action('submitted', 'approved', ['editor'])).toBe('forbidden');
    expect(action('approved', 'draft', ['editor'])).toBe('forbidden');
    expect(action('submitted', 'draft', ['viewer'], 'x')).toBe('forbidden');
  });

  it('refuse moves that lead nowhere, whoever asks', () => {
    expect(action('draft', 'draft', ['admin'])).toBe('same_status');
    expect(action('archived', 'approved', ['admin'])).toBe('invalid_transition');
    expect(action('approved', 'submitted', ['admin'])).toBe('invalid_transition');
    expect(action('archived', 'submitted', ['viewer'])).toBe('invalid_transition');
  });

  it('list the moves a caller may make now', () => {
    const actions = (status: PlanStatus, ...roles: Role[]) => planTransitionsFrom(status, as(...roles)).map((rule) => rule.action);
    expect(actions('draft', 'editor')).toEqual(['submit']);
    expect(actions('submitted', 'editor')).toEqual(['withdraw']);
    expect(actions('submitted', 'director')).toEqual(['return', 'approve', 'archive']);
    expect(actions('approved', 'director')).toEqual(['reopen', 'archive']);
    expect(actions('archived', 'director')).toEqual(['unarchive']);
    expect(actions('submitted', 'admin')).toEqual(['return', 'withdraw', 'approve', 'archive']);
    expect(actions('draft', 'viewer')).toEqual([]);
  });

  it('list exactly the moves a caller would be allowed (with a comment where one is needed)', () => {
    const roles = fc.subarray<Role>(['viewer', 'editor', 'director', 'admin']);
    const status = fc.constantFrom(...PLAN_STATUSES);
    fc.assert(
      fc.property(roles, status, (held, from) => {
        const listed = planTransitionsFrom(from, as(...held));
        for (const to of PLAN_STATUSES) {
          const decision = decidePlanTransition(from, to, as(...held), 'причина');
          expect(decision.ok).toBe(listed.some((rule) => rule.to === to));
          if (decision.ok) expect(listed).toContain(decision.rule);
        }
      }),
    );
  });

  it('name every move by a distinct action', () => {
    expect(new Set(PLAN_TRANSITIONS.map((rule) => rule.action)).size).toBe(PLAN_TRANSITIONS.length);
  });

  it('let a plan changed since approval be approved again, submitted, returned, reopened or archived', () => {
    expect(action('changed', 'approved', ['director'])).toBe('approve');
    expect(action('changed', 'submitted', ['editor'])).toBe('submit');
    expect(action('changed', 'draft', ['director'], 'Верните день ветеранов')).toBe('return');
    expect(action('changed', 'draft', ['director'])).toBe('reopen');
    expect(action('changed', 'archived', ['director'])).toBe('archive');
    expect(action('changed', 'approved', ['editor'])).toBe('forbidden');
    expect(action('changed', 'draft', ['editor'])).toBe('forbidden');
  });

  it('never let anyone move a plan to "changed since approval": only an item write does', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PLAN_STATUSES), fc.subarray<Role>(['viewer', 'editor', 'director', 'admin']), (from, held) => {
        const decision = decidePlanTransition(from, 'changed', as(...held), 'причина');
        expect(decision.ok).toBe(false);
      }),
    );
    expect(PLAN_TRANSITIONS.some((rule) => rule.to === 'changed')).toBe(false);
  });

  it('mark only an approved plan changed when an item of its period changes', () => {
    expect(PLAN_STATUSES.map((status) => [status, planStatusAfterContentChange(status)])).toEqual([
      ['draft', 'draft'],
      ['submitted', 'submitted'],
      ['approved', 'changed'],
      ['changed', 'changed'],
      ['archived', 'archived'],
    ]);
  });

  it('every status a plan can reach leads on (no plan is stuck), and changed leads back to approved', () => {
    for (const status of PLAN_STATUSES) expect(PLAN_TRANSITIONS.some((rule) => rule.from.includes(status))).toBe(true);
    expect(planTransitionsFrom('changed', as('director')).map((rule) => rule.action)).toEqual(['return', 'approve', 'reopen', 'archive']);
  });

  it('keep a return comment until the plan is submitted again or approved', () => {
    expect(PLAN_STATUSES.filter(clearsReturnComment)).toEqual(['submitted', 'approved']);
  });

  it('delete only drafts', () => {
    expect(PLAN_STATUSES.filter(isPlanDeletable)).toEqual(['draft']);
  });
});
