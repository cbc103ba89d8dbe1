/**
 * What a director signs (Mintrud rec. p.70: a plan is approved and corrected
 * as needed): the items of a plan's period as they were at approval, how the
 * current content differs from them, and which items are the same on the
 * calendar (so that copying a plan never puts an item there twice).
 */
import type { ItemStatus } from './item.js';
import type { LocalDate } from './local-date.js';

/** An item as a plan shows and a director signs it: what, where, when, for whom, who does it. */
export interface PlanSnapshotItem {
  id: string;
  kind: string;
  title: string;
  newsHook: string;
  format: string;
  status: ItemStatus;
  at: string;
  /** The organisation's local day `at` falls on. */
  localDay: LocalDate;
  channelIds: readonly string[];
  audienceIds: readonly string[];
  keyMessageIds: readonly string[];
  responsibleId: string | null;
}

/**
 * The fields of an item that make up a plan's content. Its evidence (URL,
 * reach, notes) is not the plan; of its status only whether it is cancelled
 * is: publishing or holding an item carries the plan out, cancelling or
 * restoring one changes it.
 */
export const PLAN_CONTENT_FIELDS = ['localDay', 'at', 'kind', 'title', 'newsHook', 'format', 'status', 'channelIds', 'audienceIds', 'keyMessageIds', 'responsibleId'] as const;

/** A field of an item that is part of a plan's content. */
export type PlanContentField = (typeof PLAN_CONTENT_FIELDS)[number];

/** A field's value before and after. */
export interface PlanFieldChange {
  field: PlanContentField;
  before: PlanSnapshotItem[PlanContentField];
  after: PlanSnapshotItem[PlanContentField];
}

/** An item present in both, with the fields that differ. */
export interface PlanItemChange {
  id: string;
  before: PlanSnapshotItem;
  after: PlanSnapshotItem;
  fields: PlanFieldChange[];
}

/** How the current content of a plan differs from what was approved. */
export interface PlanSnapshotDiff {
  /** Items of the period now that were not in it at approval (created or moved in). */
  added: PlanSnapshotItem[];
  /** Items of the period at approval that are not in it now (deleted or moved out). */
  removed: PlanSnapshotItem[];
  changed: PlanItemChange[];
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

function sameField(field: PlanContentField, before: PlanSnapshotItem, after: PlanSnapshotItem): boolean {
  switch (field) {
    case 'status':
      return (before.status === 'cancelled') === (after.status === 'cancelled');
    case 'channelIds':
    case 'audienceIds':
    case 'keyMessageIds':
      return sameSet(before[field], after[field]);
    default:
      return before[field] === after[field];
  }
}

/**
 * The content fields in which two versions of an item differ, in the order of
 * {@link PLAN_CONTENT_FIELDS}. Sets (channels, audiences, key messages) are
 * compared without order; a status only by whether it is cancelled.
 *
 * @example changedPlanFields(item, { ...item, title: 'Новое' }) // ['title']
 * @example changedPlanFields({ ...item, status: 'planned' }, { ...item, status: 'published', url: 'https://…' }) // []
 */
export function changedPlanFields(before: PlanSnapshotItem, after: PlanSnapshotItem): PlanContentField[] {
  return PLAN_CONTENT_FIELDS.filter((field) => !sameField(field, before, after));
}

/**
 * The local days whose plans an item write changes: the item's day when it is
 * created or deleted, both days when an edit changes its plan content (a move
 * leaves one period and enters another), none when the edit touches only its
 * evidence or carries it out (published, held).
 *
 * @example planDaysTouched(undefined, item) // [item.localDay]
 * @example planDaysTouched(item, { ...item, localDay: '2026-12-01', at: '2026-12-01' }) // [item.localDay, '2026-12-01']
 * @example planDaysTouched(item, { ...item, views: 120 }) // []
 */
export function planDaysTouched(before: PlanSnapshotItem | undefined, after: PlanSnapshotItem | undefined): LocalDate[] {
  if (before === undefined) return after === undefined ? [] : [after.localDay];
  if (after === undefined) return [before.localDay];
  if (changedPlanFields(before, after).length === 0) return [];
  return before.localDay === after.localDay ? [before.localDay] : [before.localDay, after.localDay];
}

const byDay = (a: PlanSnapshotItem, b: PlanSnapshotItem): number =>
  a.localDay < b.localDay ? -1 : a.localDay > b.localDay ? 1 : a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * How the current content of a plan differs from its approved snapshot, items
 * matched by id, each list in day order. Empty lists mean the plan still says
 * what the director signed.
 *
 * @example diffPlanSnapshot([post], [{ ...post, title: 'Другой' }, stand])
 * // { added: [stand], removed: [], changed: [{ id: post.id, before: post, after: …, fields: [{ field: 'title', before: 'Пост', after: 'Другой' }] }] }
 */
export function diffPlanSnapshot(approved: readonly PlanSnapshotItem[], current: readonly PlanSnapshotItem[]): PlanSnapshotDiff {
  const then = new Map(approved.map((item) => [item.id, item]));
  const now = new Map(current.map((item) => [item.id, item]));
  const added = current.filter((item) => !then.has(item.id)).sort(byDay);
  const removed = approved.filter((item) => !now.has(item.id)).sort(byDay);
  const changed: PlanItemChange[] = [];
  for (const after of [...current].sort(byDay)) {
    const before = then.get(after.id);
    if (before === undefined) continue;
    const fields = changedPlanFields(before, after).map((field) => ({ field, before: before[field], after: after[field] }));
    if (fields.length > 0) changed.push({ id: after.id, before, after, fields });
  }
  return { added, removed, changed };
}

/** What makes two items the same on a calendar. */
export interface CalendarKey {
  localDay: LocalDate;
  title: string;
  kind: string;
  channelIds: readonly string[];
}

const titleKey = (title: string): string => title.normalize('NFC').toLocaleLowerCase('ru').replace(/\s+/gu, '');

/**
 * Whether two items are the same entry of a calendar: the same local day, the
 * same title ignoring case and spaces, the same kind and the same channels (in
 * any order). Copying a plan skips a copy that is the same as an item already
 * there.
 *
 * @example isSameCalendarItem({ localDay: '2026-12-08', title: 'День  открытых дверей', kind: 'post', channelIds: ['vk', 'tg'] },
 *   { localDay: '2026-12-08', title: 'день открытых дверей', kind: 'post', channelIds: ['tg', 'vk'] }) // true
 */
export function isSameCalendarItem(a: CalendarKey, b: CalendarKey): boolean {
  return a.localDay === b.localDay && a.kind === b.kind && titleKey(a.title) === titleKey(b.title) && sameSet(a.channelIds, b.channelIds);
}

/**
 * The copies that are not already on the calendar (see {@link isSameCalendarItem}),
 * and how many were skipped. Copies are also checked against those kept before
 * them, so two equal items of the source become one copy.
 *
 * @example withoutCalendarDuplicates([copy, other], [copy]) // { kept: [other], skipped: 1 }
 */
export function withoutCalendarDuplicates<T extends CalendarKey>(copies: readonly T[], existing: readonly CalendarKey[]): { kept: T[]; skipped: number } {
  const kept: T[] = [];
  const seen: CalendarKey[] = [...existing];
  for (const copy of copies) {
    if (seen.some((item) => isSameCalendarItem(item, copy))) continue;
    kept.push(copy);
    seen.push(copy);
  }
  return { kept, skipped: copies.length - kept.length };
}
