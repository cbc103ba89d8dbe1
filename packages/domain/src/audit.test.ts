import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditChanges, isAuditAction, isAuditEntity } from './audit.js';
import { PLAN_ACTIONS } from './media-plan.js';

describe("the audit log's vocabulary", () => {
  it('names every plan move as an action, and knows codes only as they are spelt', () => {
    for (const action of PLAN_ACTIONS) expect(AUDIT_ACTIONS).toContain(action);
    expect(isAuditAction('approve')).toBe(true);
    expect(isAuditEntity('key_message')).toBe(true);
    expect(isAuditEntity('key-message')).toBe(false);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });
});

describe('what an audit row changed', () => {
  it('lists only the fields whose values differ, without the book-keeping ones', () => {
    expect(auditChanges({ id: 'c', name: 'VK', active: true, version: 1 }, { id: 'c', name: 'VK', active: false, version: 2 })).toEqual([{ field: 'active', before: true, after: false }]);
  });

  it('compares lists and objects by value', () => {
    expect(auditChanges({ audienceIds: ['a', 'b'], tags: { x: 1 } }, { audienceIds: ['a', 'b'], tags: { x: 2 } })).toEqual([{ field: 'tags', before: { x: 1 }, after: { x: 2 } }]);
  });

  it('lists what a creation set and what a deletion removed', () => {
    expect(auditChanges(null, { name: 'Семьи' })).toEqual([{ field: 'name', before: undefined, after: 'Семьи' }]);
    expect(auditChanges({ name: 'Семьи' }, null)).toEqual([{ field: 'name', before: 'Семьи', after: undefined }]);
  });
});
