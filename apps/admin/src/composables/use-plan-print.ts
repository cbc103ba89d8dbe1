import { computed, type Ref } from 'vue';
import type { PlanSnapshotItem } from '@ritm/contracts/plans';
import type { PlanWithItems } from '../api/types.js';
import { signedForm } from '@ritm/domain/plan-signed-form';
import { localDateOf } from '@ritm/domain/time-zone';
import { shortDate } from '../lib/dates.js';

/** What a plan's print form shows. */
export interface PrintedPlan {
  /** Not approved (a draft, submitted, changed since approval): printed with the «ПРОЕКТ» mark. */
  draft: boolean;
  items: PlanSnapshotItem[];
  /** Names of what the items name, as signed (an approval's); empty for the current content. */
  names: Readonly<Record<string, string>>;
  approverName: string | null;
  /** The approval's day in the organisation's zone, dd.mm.yyyy. */
  approvedOn: string | null;
}

/**
 * The print form of a plan: an approved plan prints the snapshot the director signed with their
 * name and the day; anything else prints the current content as a draft.
 */
export function printedPlan(plan: PlanWithItems, timeZone: string): PrintedPlan {
  const form = signedForm(plan, plan.approval);
  return {
    draft: form.draft,
    items: form.approval?.items ?? plan.items,
    names: form.approval?.names ?? {},
    approverName: form.approverName,
    approvedOn: form.signedAt ? shortDate(localDateOf(Date.parse(form.signedAt), timeZone)) : null,
  };
}

/** {@link printedPlan} of the plan on screen. */
export function usePrintedPlan(plan: Ref<PlanWithItems | null>, timeZone: () => string) {
  return computed(() => (plan.value ? printedPlan(plan.value, timeZone()) : null));
}
