/**
 * The audit log's vocabulary: what kinds of record it names and what was done to them. Every
 * row the API writes uses one of these codes (its `recordAudit` accepts nothing else), and the
 * admin names each one in Russian and English (its vocabulary test fails on a code without a
 * label), so no raw code reaches the audit screen.
 */
import { PLAN_ACTIONS } from './media-plan.js';

export const AUDIT_ENTITIES = [
  'organisation',
  'membership',
  'user',
  'api_token',
  'calendar_feed',
  'channel',
  'audience',
  'key_message',
  'norm',
  'exemption',
  'media_plan',
  'item',
  'attachment',
  'import',
  'demo',
  'production_day',
  // issue 13 — evidence
  'evidence_source',
  'evidence_post',
  // issue 15 — templates
  'plan_template',
  // issue 15 — news proposed upwards
  'proposal',
  // issue 15 — materials down the tree
  'material',
  'material_attachment',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'revoke',
  'import',
  'copy',
  'load',
  'password_change',
  'apply_preset',
  'override',
  'adjust',
  'waive',
  'content_changed',
  'password_reset',
  'deactivate',
  'reactivate',
  // issue 13 — evidence: what became of a post read from a source
  'matched',
  'unplanned',
  'confirmed',
  'relinked',
  'ignored',
  // issue 15 — a proposal upwards answered by the organisation asked
  'accept',
  'decline',
  // issue 15 — a target's answers to a material
  'placed',
  'adapted',
  'declined',
  ...PLAN_ACTIONS,
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Whether a code is one the audit log writes.
 *
 * @example isAuditEntity('channel') // true
 * @example isAuditEntity('channels') // false
 */
export const isAuditEntity = (code: string): code is AuditEntity => (AUDIT_ENTITIES as readonly string[]).includes(code);

/** @example isAuditAction('approve') // true */
export const isAuditAction = (code: string): code is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(code);

/** One field of an audited record whose value changed: what it was and what it became. */
export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Book-keeping fields every versioned row carries; a change in them alone says nothing to a reader. */
const BOOK_KEEPING = new Set(['id', 'orgId', 'version', 'createdAt', 'updatedAt', 'updatedBy']);

/**
 * The fields an audit row's `before` and `after` differ in, in the order they first appear;
 * values compared by their JSON, book-keeping fields left out. A creation lists what was set, a
 * deletion what was there (the other side `undefined`).
 *
 * @example auditChanges({ name: 'VK', active: true, version: 1 }, { name: 'VK', active: false, version: 2 })
 * // [{ field: 'active', before: true, after: false }]
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const was = isRecord(before) ? before : {};
  const is = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(was), ...Object.keys(is)])].filter((field) => !BOOK_KEEPING.has(field));
  return fields
    .filter((field) => JSON.stringify(was[field]) !== JSON.stringify(is[field]))
    .map((field) => ({ field, before: was[field], after: is[field] }));
}
