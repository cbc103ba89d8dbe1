/**
 * Plan items: what an organisation publishes or holds, when, and where.
 */
import { isProductItemDate } from './product-range.js';
import { isItemDate } from './time-zone.js';
import type { Issue, JsonPath } from './read-json.js';
import { issue, pathText, pathTo, readArray, readNonEmptyString, readObject, readOneOf, readOptional } from './read-json.js';

/**
 * Item kinds with presets. The vocabulary is open: an organisation may plan
 * kinds of its own and count them with its own norms.
 */
export const ITEM_KINDS = [
  'post',
  'press_release',
  'comment',
  'publication',
  'print_material',
  'video',
  'audio',
  'vacancy_material',
  'stand_update',
  'newsletter',
  'public_event',
  'group_event',
  'meeting',
  'commission_meeting',
  'review',
  'report',
] as const;

export type KnownItemKind = (typeof ITEM_KINDS)[number];

/** An item kind: one of {@link ITEM_KINDS} or an organisation's own. */
export type ItemKind = KnownItemKind | (string & {});

/** Kinds that are held rather than published. */
const EVENT_KINDS: readonly KnownItemKind[] = ['public_event', 'group_event', 'meeting', 'commission_meeting', 'review'];

export const ITEM_STATUSES = ['planned', 'in_progress', 'published', 'held', 'cancelled'] as const;

/** Where an item is in its life: `held` is `published` for events. */
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/**
 * A planned or done publication or event.
 *
 * `at` is a local date ('2026-11-20'), a local date-time without offset
 * ('2026-11-20T10:00', wall-clock time of the organisation) or an instant with
 * an offset ('2026-11-15T14:30:00Z'), which is placed on the organisation's
 * local calendar before counting.
 */
export interface PlanItem {
  id: string;
  kind: ItemKind;
  /** Ids of the organisation's channels; empty when the item is on none (e.g. a meeting). */
  channels: readonly string[];
  status: ItemStatus;
  at: string;
  title?: string;
  /**
   * Whether a done item is proved by a URL or an attachment (evidence.ts `isConfirmed`). Left
   * out, nothing is known about evidence and rows carry no `confirmed` count.
   */
  confirmed?: boolean;
}

/** How an item's status counts: done (`actual`), open (`planned` or overdue), or not at all. */
export type StatusClass = 'done' | 'open' | 'void';

/**
 * How a status counts towards a norm.
 *
 * @example statusClass('held') // 'done'
 * @example statusClass('in_progress') // 'open'
 * @example statusClass('cancelled') // 'void'
 */
export function statusClass(status: ItemStatus): StatusClass {
  switch (status) {
    case 'published':
    case 'held':
      return 'done';
    case 'planned':
    case 'in_progress':
      return 'open';
    case 'cancelled':
      return 'void';
  }
}

/**
 * Whether a kind is held (an event) rather than published.
 *
 * @example isEventKind('public_event') // true
 */
export function isEventKind(kind: ItemKind): boolean {
  return (EVENT_KINDS as readonly string[]).includes(kind);
}

function readItemDate(value: unknown, path: JsonPath, issues: Issue[]): string | undefined {
  if (isProductItemDate(value)) return value;
  issues.push(issue(pathText(path), value === undefined ? 'required' : isItemDate(value) ? 'outside_product_range' : 'not_a_date'));
  return undefined;
}

const readStatus = readOneOf(ITEM_STATUSES);

function readChannelIds(value: unknown, path: JsonPath, issues: Issue[]): string[] | undefined {
  return readArray(value, path, issues, readNonEmptyString);
}

/**
 * Reads a plan item `{id, kind, channels?, status, at, title?}` from unknown
 * JSON; `channels` defaults to none. Channel ids are not checked against the
 * organisation here (the scenario does that).
 *
 * @example parseItem({ id: 'p1', kind: 'post', channels: ['vk'], status: 'published', at: '2026-11-15T13:30:00Z' }, 'items[0]', issues)
 */
export function parseItem(value: unknown, path: JsonPath, issues: Issue[]): PlanItem | undefined {
  const obj = readObject(value, path, issues);
  if (obj === undefined) return undefined;
  const before = issues.length;
  const id = readNonEmptyString(obj.id, pathTo(path, 'id'), issues);
  const kind = readNonEmptyString(obj.kind, pathTo(path, 'kind'), issues);
  const channels = readOptional(obj.channels, pathTo(path, 'channels'), issues, readChannelIds);
  const status = readStatus(obj.status, pathTo(path, 'status'), issues);
  const at = readItemDate(obj.at, pathTo(path, 'at'), issues);
  const title = readOptional(obj.title, pathTo(path, 'title'), issues, readNonEmptyString);
  if (issues.length > before || id === undefined || kind === undefined || status === undefined || at === undefined) {
    return undefined;
  }
  return { id, kind, channels: channels ?? [], status, at, ...(title !== undefined && { title }) };
}
