/**
 * What a plan's signed form prints (issue 11, «plans as signed documents»): an approved plan its
 * last approval — the content the director signed, their name and when; anything else (a draft,
 * submitted, changed since approval, archived) its current content as a draft, «ПРОЕКТ». The
 * admin's print view and the API's XLSX/PDF export both read it from here.
 */
import type { PlanStatus } from './media-plan.js';

/** The approval an approved plan prints: who signed, when, and the snapshot's items and names. */
export interface SignedApproval<Item> {
  approverName: string;
  approvedAt: string;
  items: Item[];
  names: Record<string, string>;
}

export interface SignedForm<Item> {
  /** Not approved: printed with the «ПРОЕКТ» mark. */
  draft: boolean;
  /** The approval's snapshot while approved, else undefined: print the current content. */
  approval: SignedApproval<Item> | undefined;
  approverName: string | null;
  /** The instant of approval, or null. */
  signedAt: string | null;
}

/**
 * @example signedForm({ status: 'changed', approvedAt: null, approverName: null }, approval).draft // true
 * @example signedForm({ status: 'approved', approvedAt: '…', approverName: 'П. Директоров' }, approval).approval === approval // true
 */
export function signedForm<Item>(
  plan: { status: PlanStatus; approvedAt: string | null; approverName: string | null },
  lastApproval: SignedApproval<Item> | null | undefined,
): SignedForm<Item> {
  if (plan.status !== 'approved') return { draft: true, approval: undefined, approverName: null, signedAt: null };
  // A plan approved before snapshots were kept prints its current content under its approval.
  const approval = lastApproval ?? undefined;
  return { draft: false, approval, approverName: approval?.approverName ?? plan.approverName, signedAt: approval?.approvedAt ?? plan.approvedAt };
}
