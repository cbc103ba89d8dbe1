/**
 * Compliance from counts a database makes: the domain says what to count (a
 * {@link CountingGroup} per norm and channel, laid out by the evaluator), the
 * database counts items per group and period, and {@link rowsFromCounts}
 * judges the counts with the evaluator's own rows and statuses: the same
 * pipeline as `evaluate`, with the database counting. What crosses the wire is
 * one line per non-zero (group, period), not one per item.
 */
import type { ComplianceRow } from './compliance.js';
import type { EvaluateOptions, EvaluationBase } from './evaluate.js';
import { judge, layOut, tallyOfCounts, type GroupCounts } from './evaluate.js';
import type { ItemStatus } from './item.js';
import { ITEM_STATUSES, statusClass } from './item.js';
import type { LocalDate } from './local-date.js';
import type { PeriodKind } from './period.js';

/**
 * Items that count towards one norm's rows on one channel (per channel) or on
 * all its channels (across). An item counts once in a group when it is not
 * cancelled, its kind is one of `kinds` (any when null), it is on one of
 * `channels` (any item, on no channel too, when null) and its local day lies
 * in `periodStarts[p] … periodStarts[p + 1] - 1` for some period `p`.
 */
export interface CountingGroup {
  /** The norm's index in the input's `norms`. */
  norm: number;
  /** The per-channel row's channel id; null across channels. */
  channel: string | null;
  kinds: readonly string[] | null;
  channels: readonly string[] | null;
  /** The norm's period kind: `periodStarts` are the starts of such periods. */
  per: PeriodKind;
  /** Starts of the norm's periods over the range, and the day after the last. */
  periodStarts: readonly LocalDate[];
}

/**
 * What a group counts, whatever the range and whichever norm lays it out: its period kind,
 * kinds and channels. Groups of one organisation with the same selector count the same items
 * in the same periods, so a database keeps one count per selector and period (apps/api's
 * `group_counts`, kept by triggers in the transaction of every item write). Kinds and channels
 * are sorted: the key does not depend on the order norms and channels were written in.
 *
 * @example countingSelector({ norm: 0, channel: 'vk', per: 'week', kinds: ['post'], channels: ['vk'], periodStarts: [] })
 * // { per: 'week', kinds: ['post'], channels: ['vk'], key: 'week|post|vk' }
 */
export function countingSelector(group: Pick<CountingGroup, 'per' | 'kinds' | 'channels'>): CountingSelector {
  const kinds = group.kinds === null ? null : [...new Set(group.kinds)].sort();
  const channels = group.channels === null ? null : [...new Set(group.channels)].sort();
  return { per: group.per, kinds, channels, key: selectorKey(group.per, kinds, channels) };
}

/**
 * A selector's key from its parts, already sorted and without repeats (see {@link countingSelector}).
 * Kinds and channel ids are free text: the characters the key is written with (`,` between them,
 * `|` between parts, `*` for any, and `%` itself) are written as `%2C`, `%7C`, `%2A` and `%25`
 * inside them, and an empty one as `%`, so that two selectors share a key only when they select
 * the same items (a kind `*` is not "any kind", nor is a kind `post,video` the kinds `post` and
 * `video`).
 *
 * @example selectorKey('week', ['post'], null) // 'week|post|*'
 * @example selectorKey('week', ['*'], null) // 'week|%2A|*'
 */
export function selectorKey(per: PeriodKind, kinds: readonly string[] | null, channels: readonly string[] | null): string {
  return `${per}|${kinds === null ? '*' : kinds.map(keyPart).join(',')}|${channels === null ? '*' : channels.map(keyPart).join(',')}`;
}

const KEY_SIGNS = /[%,|*]/g;
// An empty text is written `%`, which no escape is: no kinds and one empty kind key apart.
const keyPart = (text: string) => (text === '' ? '%' : text.replace(KEY_SIGNS, (sign) => `%${sign.charCodeAt(0).toString(16).toUpperCase()}`));

/** A {@link CountingGroup} without its norm and range: see {@link countingSelector}. */
export interface CountingSelector {
  per: PeriodKind;
  kinds: readonly string[] | null;
  channels: readonly string[] | null;
  /** The selector in one string: equal keys select the same items. */
  key: string;
}

/**
 * Whether an item of `kind` on `channels` counts in a group or selector (its status and day aside).
 *
 * @example selects({ kinds: ['post'], channels: ['vk'] }, 'post', ['vk', 'ok']) // true
 */
export function selects(group: Pick<CountingGroup, 'kinds' | 'channels'>, kind: string, channels: readonly string[]): boolean {
  if (group.kinds !== null && !group.kinds.includes(kind)) return false;
  return group.channels === null || channels.some((id) => group.channels!.includes(id));
}

/** What a database counts for a group and period (zero when absent). */
export interface GroupCount {
  group: number;
  period: number;
  /** Done items (published, held). */
  actual: number;
  /** How many of `actual` are confirmed (see evidence.ts); absent when not counted. */
  confirmed?: number;
  /** Open items (planned, in progress) dated today or later. */
  planned: number;
  /** Open items dated before today. */
  overdue: number;
}

/** Statuses by how they count: done ones are `actual`, open ones `planned` or overdue; the rest never count. */
export const COUNTED_STATUSES: { done: readonly ItemStatus[]; open: readonly ItemStatus[] } = {
  done: ITEM_STATUSES.filter((s) => statusClass(s) === 'done'),
  open: ITEM_STATUSES.filter((s) => statusClass(s) === 'open'),
};

/**
 * The groups to count for an organisation's frequency norms over
 * `input.range`: the evaluator's layout of them ({@link layOut}). Norms that
 * do not bind the organisation have none.
 *
 * @example
 * countingGroups({ org: {}, channels: [{ id: 'vk', type: 'vk' }], norms: [{ id: 'posts', type: 'frequency', min: 2, per: 'week', kinds: ['post'], perChannel: true }], range: { from: '2026-11-09', to: '2026-11-15' } })
 * // [{ norm: 0, channel: 'vk', kinds: ['post'], channels: ['vk'], per: 'week', periodStarts: ['2026-11-09', '2026-11-16'] }]
 */
export function countingGroups(input: EvaluationBase): CountingGroup[] {
  return [...layOut(input).groups];
}

/**
 * The rows `evaluate` gives for the items the counts were made from: the
 * evaluator lays out the rows (periods judged, channels' `since`, exemptions,
 * presence and quantity norms) and judges the counts. `groups` is
 * `countingGroups(input)`, which the counts index.
 *
 * @example
 * rowsFromCounts(input, countingGroups(input), [{ group: 0, period: 0, actual: 1, planned: 0, overdue: 0 }], { today: '2026-11-18', timeZone: 'Asia/Vladivostok' })
 * // [{ norm: 'posts', channel: 'vk', …, actual: 1, planned: 0, overdue: 0, status: 'missed' }]
 */
export function rowsFromCounts(input: EvaluationBase, groups: readonly CountingGroup[], counts: readonly GroupCount[] | GroupCounts, options: EvaluateOptions): ComplianceRow[] {
  const layout = layOut(input, options);
  if (groups.length !== layout.groups.length) throw new Error(`${groups.length} counting groups for a layout of ${layout.groups.length}: not countingGroups(input)`);
  return judge(layout, tallyOfCounts(layout, counts));
}
