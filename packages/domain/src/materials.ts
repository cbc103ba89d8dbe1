/**
 * Materials that cascade down the organisation tree (Sudprof concept §VII: the central
 * committee's news placed by territorial and primary organisations on their stands, pages and
 * chats), the placement each target organisation owes, and news proposed upwards.
 *
 * A placement's status is never stored: it is read from the placement task (the planned item the
 * material put on the target's calendar), the decline, the deadline and the target's own today.
 */
import { statusClass, type ItemStatus } from './item.js';

/** Where a target organisation is with a material. */
export const PLACEMENT_STATUSES = ['pending', 'placed', 'overdue', 'declined'] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];

/** The statuses of a placement still owed: the target has neither placed nor declined. */
export const OPEN_PLACEMENT_STATUSES = ['pending', 'overdue'] as const satisfies readonly PlacementStatus[];

/**
 * Whether a placement is still owed (pending or overdue).
 *
 * @example isOpenPlacement('overdue') // true
 * @example isOpenPlacement('declined') // false
 */
export function isOpenPlacement(status: PlacementStatus): boolean {
  return (OPEN_PLACEMENT_STATUSES as readonly PlacementStatus[]).includes(status);
}

/**
 * What is wrong with a material's dates: the day to place it (`placeOn`, local) must fall on or
 * before its deadline; undefined when they fit.
 *
 * @example checkMaterialDates({ placeOn: '2026-12-05', deadline: '2026-12-01' }) // 'place_on_after_deadline'
 * @example checkMaterialDates({ placeOn: '2026-12-01', deadline: '2026-12-01' }) // undefined
 */
export function checkMaterialDates(dates: { placeOn: string; deadline: string }): 'place_on_after_deadline' | undefined {
  return dates.placeOn > dates.deadline ? 'place_on_after_deadline' : undefined;
}

/** Most organisations one material may be sent to (a union federation's primaries fit). */
export const MATERIAL_TARGETS_MAX = 25_000;

/** What a placement's status is read from. */
export interface PlacementFacts {
  /** The placement task's status; null when the task item no longer exists. */
  itemStatus: ItemStatus | null;
  /** Whether the target declined, with a reason. */
  declined: boolean;
  /** The material's deadline, a local date. */
  deadline: string;
  /** Today on the target organisation's calendar (its own time zone). */
  today: string;
}

/**
 * A placement's status: `declined` once the target declined; `placed` once the task item is
 * published or held (with its evidence, see evidence.ts); `overdue` when neither and the target's
 * today is past the deadline; else `pending`. A task cancelled without a decline still owes the
 * placement (cancelling is not an answer the sender can read).
 *
 * @example placementStatus({ itemStatus: 'published', declined: false, deadline: '2026-12-01', today: '2026-12-05' }) // 'placed'
 * @example placementStatus({ itemStatus: 'planned', declined: false, deadline: '2026-12-01', today: '2026-12-02' }) // 'overdue'
 */
export function placementStatus(facts: PlacementFacts): PlacementStatus {
  if (facts.declined) return 'declined';
  if (facts.itemStatus !== null && statusClass(facts.itemStatus) === 'done') return 'placed';
  return facts.today > facts.deadline ? 'overdue' : 'pending';
}

/** How many targets are at each status, and how many there are. */
export type PlacementTally = Record<PlacementStatus, number> & { total: number };

/**
 * Counts placements by status.
 *
 * @example tallyPlacements(['placed', 'placed', 'declined']) // { pending: 0, placed: 2, overdue: 0, declined: 1, total: 3 }
 */
export function tallyPlacements(statuses: Iterable<PlacementStatus>): PlacementTally {
  const tally: PlacementTally = { pending: 0, placed: 0, overdue: 0, declined: 0, total: 0 };
  for (const status of statuses) {
    tally[status] += 1;
    tally.total += 1;
  }
  return tally;
}

/**
 * The share of targets that placed the material, 0…1 (0 for none): placed over all targets, so a
 * decline lowers it — the sender asked every one of them.
 *
 * @example placementRate({ pending: 0, placed: 2, overdue: 0, declined: 1, total: 3 }) // 0.6666666666666666
 */
export function placementRate(tally: PlacementTally): number {
  return tally.total === 0 ? 0 : tally.placed / tally.total;
}

/** An organisation below the sender, as the target choice sees it. */
export interface TargetCandidate {
  id: string;
  kind: string;
  /** 1 for a direct child of the sender. */
  depth: number;
  archived: boolean;
}

/** How a material chooses its targets: named organisations, or the subtree (optionally of some kinds). */
export type MaterialTarget = { orgIds: readonly string[] } | { subtree: true; kinds?: readonly string[] };

/** Why a named target cannot receive a material. */
export type TargetProblem = 'not_below_sender' | 'archived';

/**
 * The organisations a material goes to, from every organisation below the sender: named ones must
 * each be below it and not archived (each refused id with why, by its index); a subtree target
 * takes every live organisation below, of the given kinds when kinds are named. Order: as named,
 * else by depth then id, so that what is written is stable.
 */
export function resolveMaterialTargets(
  below: readonly TargetCandidate[],
  target: MaterialTarget,
): { orgIds: string[]; problems: Array<{ index: number; orgId: string; problem: TargetProblem }> } {
  const byId = new Map(below.map((candidate) => [candidate.id, candidate]));
  if ('orgIds' in target) {
    const problems: Array<{ index: number; orgId: string; problem: TargetProblem }> = [];
    const orgIds: string[] = [];
    target.orgIds.forEach((orgId, index) => {
      const candidate = byId.get(orgId);
      if (!candidate) problems.push({ index, orgId, problem: 'not_below_sender' });
      else if (candidate.archived) problems.push({ index, orgId, problem: 'archived' });
      else orgIds.push(orgId);
    });
    return { orgIds, problems };
  }
  const kinds = target.kinds && target.kinds.length > 0 ? new Set(target.kinds) : undefined;
  const orgIds = below
    .filter((candidate) => !candidate.archived && (kinds === undefined || kinds.has(candidate.kind)))
    .sort((a, b) => a.depth - b.depth || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((candidate) => candidate.id);
  return { orgIds, problems: [] };
}

/** Where a proposal of news to a higher organisation is. */
export const PROPOSAL_STATUSES = ['proposed', 'accepted', 'declined'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
