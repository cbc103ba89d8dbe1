import type { Transaction } from 'kysely';
import type { Item, ItemCreate, ItemPatch } from '@ritm/contracts/items';
import { checkDoneNotInFuture } from '@ritm/domain/evidence';
import { periodOf } from '@ritm/domain/period';
import { validatePlanItem } from '@ritm/domain/plan-ops';
import { localDateOf, localDateOfItemDate } from '@ritm/domain/time-zone';
import type { DB } from '../db/schema.js';
import { badRequest, versionConflict } from '../http/errors.js';
import { domainDetail, message, type Detail } from '../http/messages.js';
import { written } from '../http/version.js';
import { findItemsByIds, insertItems, listInstantDatedItems, setLocalDays, updateItemRows, writeItemLinks } from '../repositories/items.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { channelsOfOrg, eligibleResponsibles, plansOfOrg, visibleIds } from '../repositories/references.js';
import { updateVersioned } from '../repositories/versioned.js';
import { notifyAssignments } from './notify.js';
import { markPlansOfDaysChanged, notePlanContentChanged } from './plan-approval.js';
import { visibilityMessage } from './visibility.js';

/** Every field of an item as written: a new item, or an existing one with a patch applied. */
export type ItemFields = Required<Omit<ItemCreate, 'status'>> & { status: NonNullable<ItemCreate['status']> };

/** Where an item's `at` lies: exactly one of a local date or an instant, and its local day. */
export interface PlacedAt {
  atDate: string | null;
  atInstant: Date | null;
  localDay: string;
}

/**
 * Places `at` on the organisation's calendar: a local date is its own day; an instant falls on
 * its local date in the organisation's time zone (the domain's placement, the only one: a new
 * time zone re-places items with it too, see {@link replaceLocalDays}).
 */
export function placeAt(at: string, timeZone: string): PlacedAt | undefined {
  const localDay = localDateOfItemDate(at, timeZone);
  if (localDay === undefined) return undefined;
  if (at.length === 10) return { atDate: at, atInstant: null, localDay };
  // The contract admits only ECMAScript date-time strings with an offset, which Date.parse reads exactly.
  const instant = Date.parse(at);
  return Number.isNaN(instant) ? undefined : { atDate: null, atInstant: new Date(instant), localDay };
}

/**
 * Puts the organisation's instant-dated items on their local day in its (new) time zone, in the
 * transaction that changes the zone, so compliance never groups by a stale day. The day is the
 * domain's placement, as on write; PostgreSQL's own time-zone data is never asked, so the two
 * cannot disagree. Items dated by a local date keep it: a date means that day wherever the
 * organisation is. Returns how many items moved.
 */
export async function replaceLocalDays(trx: Transaction<DB>, orgId: string, timeZone: string, userId: string): Promise<number> {
  const moved: Array<{ id: string; localDay: string; from: string }> = [];
  for (const item of await listInstantDatedItems(trx, orgId)) {
    const localDay = localDateOf(item.atInstant.getTime(), timeZone);
    if (localDay !== item.localDay) moved.push({ id: item.id, localDay, from: item.localDay });
  }
  await setLocalDays(trx, moved);
  // An item moved to another day leaves one plan's period and enters another's.
  await markPlansOfDaysChanged(trx, orgId, userId, moved.flatMap((item) => [item.from, item.localDay]));
  return moved.length;
}

export function defaults(input: ItemCreate): ItemFields {
  return {
    kind: input.kind,
    title: input.title,
    at: input.at,
    status: input.status ?? 'planned',
    planId: input.planId ?? null,
    newsHook: input.newsHook ?? '',
    format: input.format ?? '',
    channelIds: input.channelIds ?? [],
    audienceIds: input.audienceIds ?? [],
    keyMessageIds: input.keyMessageIds ?? [],
    responsibleId: input.responsibleId ?? null,
    publishedAt: input.publishedAt ?? null,
    url: input.url ?? null,
    views: input.views ?? null,
    likes: input.likes ?? null,
    reposts: input.reposts ?? null,
    comments: input.comments ?? null,
    notes: input.notes ?? '',
  };
}

interface Entry {
  fields: ItemFields;
  /** JSON path of the item in the request: 'body' or 'body.items[3]'. */
  path: string;
  /** Which reference lists to check (a patch checks only what it changes). */
  check: { audiences: boolean; keyMessages: boolean; responsible: boolean };
  /**
   * Whether a done status must not lie in the future, and the field to blame: `status` when the
   * status is set, `at` when a done item is moved; undefined for a patch that touches neither
   * (an item marked done before this rule existed can still have its notes edited).
   */
  done: 'status' | 'at' | undefined;
}

/**
 * Checks items against their organisation with one query per kind of reference, however many
 * items (bulk creation): channels (the organisation's, fit for the kind), the plan (the
 * organisation's; the date within its period), audiences and key messages (the organisation's or
 * from above), the responsible user (a member of the tree), and `at`. Throws 400 naming each bad
 * field; returns where each item's `at` lies.
 */
async function checkItems(trx: Transaction<DB>, org: OrganisationContext, entries: readonly Entry[], now: Date): Promise<PlacedAt[]> {
  const issues: Detail[] = [];
  const all = <T>(pick: (e: Entry) => readonly T[]): T[] => [...new Set(entries.flatMap(pick))];
  const channelIds = all((e) => e.fields.channelIds);
  const planIds = all((e) => (e.fields.planId === null ? [] : [e.fields.planId]));
  const [channels, plans, audiences, keyMessages, responsibles] = await Promise.all([
    channelsOfOrg(trx, org.id, channelIds),
    plansOfOrg(trx, org.id, planIds),
    visibleIds(trx, 'audiences', org, all((e) => (e.check.audiences ? e.fields.audienceIds : []))),
    visibleIds(trx, 'key_messages', org, all((e) => (e.check.keyMessages ? e.fields.keyMessageIds : []))),
    eligibleResponsibles(trx, org, all((e) => (e.check.responsible && e.fields.responsibleId !== null ? [e.fields.responsibleId] : []))),
  ]);
  const planById = new Map(plans.map((p) => [p.id, periodOf(p.period_start, p.period)]));
  const placed = entries.map(({ fields, path, check, done }) => {
    const at = placeAt(fields.at, org.timeZone);
    const plan = fields.planId === null ? undefined : planById.get(fields.planId);
    if (fields.planId !== null && plan === undefined) issues.push({ path: `${path}.planId`, message: message('fieldNotPlanHere') });
    const found = validatePlanItem(
      { id: 'item', kind: fields.kind, channels: fields.channelIds, status: fields.status, at: fields.at },
      { channels, timeZone: org.timeZone, path, ...(plan && { period: plan }) },
    );
    for (const issue of found) {
      issues.push({ ...domainDetail(issue), path: issue.path.replace(`${path}.channels[`, `${path}.channelIds[`) });
    }
    if (done !== undefined) {
      for (const issue of checkDoneNotInFuture(fields, { timeZone: org.timeZone, now: now.getTime(), path, field: done })) issues.push(domainDetail(issue));
    }
    if (check.audiences) {
      fields.audienceIds.forEach((id, i) => {
        if (!audiences.has(id)) issues.push({ path: `${path}.audienceIds[${i}]`, message: visibilityMessage('audiences') });
      });
    }
    if (check.keyMessages) {
      fields.keyMessageIds.forEach((id, i) => {
        if (!keyMessages.has(id)) issues.push({ path: `${path}.keyMessageIds[${i}]`, message: visibilityMessage('key_messages') });
      });
    }
    if (check.responsible && fields.responsibleId !== null && !responsibles.has(fields.responsibleId)) {
      issues.push({ path: `${path}.responsibleId`, message: message('fieldNotInTree') });
    }
    return at;
  });
  if (issues.length > 0) throw badRequest('itemInvalid', issues);
  return placed as PlacedAt[];
}

function rowValues(fields: ItemFields, at: PlacedAt, userId: string | null) {
  return {
    updated_by: userId,
    plan_id: fields.planId,
    kind: fields.kind,
    title: fields.title,
    news_hook: fields.newsHook,
    format: fields.format,
    status: fields.status,
    at_date: at.atDate,
    at_instant: at.atInstant,
    local_day: at.localDay,
    responsible_id: fields.responsibleId,
    published_at: fields.publishedAt,
    url: fields.url,
    views: fields.views,
    likes: fields.likes,
    reposts: fields.reposts,
    comments: fields.comments,
    notes: fields.notes,
    channel_ids: [...fields.channelIds].sort(),
  };
}

/** Creates items (one or many) after checking them all; the caller's transaction makes it all or nothing. */
export async function createItems(
  trx: Transaction<DB>,
  org: OrganisationContext,
  inputs: readonly ItemCreate[],
  options: { userId: string | null; paths: readonly string[]; now: Date; notify?: boolean },
): Promise<Item[]> {
  const entries = inputs.map((input, i) => ({
    fields: defaults(input),
    path: options.paths[i] as string,
    check: { audiences: true, keyMessages: true, responsible: true },
    done: 'status' as const,
  }));
  const placed = await checkItems(trx, org, entries, options.now);
  const ids = await insertItems(
    trx,
    entries.map(({ fields }, i) => ({ ...rowValues(fields, placed[i]!, options.userId), org_id: org.id, created_by: options.userId })),
  );
  await writeItemLinks(trx, ids, entries.map((e) => e.fields), false);
  const created = new Map((await findItemsByIds(trx, ids)).map((item) => [item.id, item]));
  const items = ids.map((id) => created.get(id)!);
  await notePlanContentChanged(trx, org.id, options.userId, items.map((after) => ({ after })));
  // A series tells its responsible person itself, once, after its occurrences know their series.
  if (options.notify !== false) await notifyAssignments(trx, org, items.map((after) => ({ after })), options.userId);
  return items;
}

/** The fields of an item once a patch is applied: what the patch gives, the rest as before. */
function patchedFields(before: Item, patch: Omit<ItemPatch, 'version'>): ItemFields {
  return {
    kind: patch.kind ?? before.kind,
    title: patch.title ?? before.title,
    at: patch.at ?? before.at,
    status: patch.status ?? before.status,
    planId: patch.planId === undefined ? before.planId : patch.planId,
    newsHook: patch.newsHook ?? before.newsHook,
    format: patch.format ?? before.format,
    channelIds: patch.channelIds ?? before.channelIds,
    audienceIds: patch.audienceIds ?? before.audienceIds,
    keyMessageIds: patch.keyMessageIds ?? before.keyMessageIds,
    responsibleId: patch.responsibleId === undefined ? before.responsibleId : patch.responsibleId,
    publishedAt: patch.publishedAt === undefined ? before.publishedAt : patch.publishedAt,
    url: patch.url === undefined ? before.url : patch.url,
    views: patch.views === undefined ? before.views : patch.views,
    likes: patch.likes === undefined ? before.likes : patch.likes,
    reposts: patch.reposts === undefined ? before.reposts : patch.reposts,
    comments: patch.comments === undefined ? before.comments : patch.comments,
    notes: patch.notes ?? before.notes,
  };
}

/** What a patch must be checked for: only the references it changes, and the done rule when it sets a status or moves the item. */
function patchEntry(before: Item, patch: Omit<ItemPatch, 'version'>, path: string): Entry {
  return {
    fields: patchedFields(before, patch),
    path,
    check: {
      audiences: patch.audienceIds !== undefined,
      keyMessages: patch.keyMessageIds !== undefined,
      responsible: patch.responsibleId !== undefined && patch.responsibleId !== before.responsibleId,
    },
    done: patch.status !== undefined ? 'status' : patch.at !== undefined ? 'at' : undefined,
  };
}

const linksOf = (patch: Omit<ItemPatch, 'version'>) => dropUndefined({ channelIds: patch.channelIds, audienceIds: patch.audienceIds, keyMessageIds: patch.keyMessageIds });

/**
 * Applies a patch to an item if it still has the version the client edited (409 otherwise).
 * Only what the patch changes is re-checked against the organisation, so a drag to another day
 * (`{at, version}`) costs a look-up of the item's channels and plan and one update.
 */
export async function patchItem(
  trx: Transaction<DB>,
  org: OrganisationContext,
  before: Item,
  patch: Omit<ItemPatch, 'version'>,
  expected: number,
  options: { userId: string | null; now: Date },
): Promise<Item> {
  const entry = patchEntry(before, patch, 'body');
  const [placed] = await checkItems(trx, org, [entry], options.now);
  written(await updateVersioned(trx, 'items', before.id, expected, rowValues(entry.fields, placed!, options.userId)), 'item');
  await writeItemLinks(trx, [before.id], [linksOf(patch)], true);
  const [after] = await findItemsByIds(trx, [before.id]);
  await notePlanContentChanged(trx, org.id, options.userId, [{ before, after }]);
  await notifyAssignments(trx, org, [{ before, after: after! }], options.userId);
  return after!;
}

/**
 * Applies patches to many items at once, each if it still has the version it was read at — what
 * a read of evidence does when it proves hundreds of planned items: checked together as a bulk
 * creation is (400 naming `items[i]`), written in one statement, one plan `changed` check for
 * all. 409 when any item changed meanwhile (nothing is written then: the caller's transaction
 * rolls back). Returns the items after, in the order given.
 */
export async function patchItems(
  trx: Transaction<DB>,
  org: OrganisationContext,
  changes: ReadonlyArray<{ before: Item; patch: Omit<ItemPatch, 'version'> }>,
  options: { userId: string | null; now: Date },
): Promise<Item[]> {
  if (changes.length === 0) return [];
  const entries = changes.map(({ before, patch }, i) => patchEntry(before, patch, `items[${i}]`));
  const placed = await checkItems(trx, org, entries, options.now);
  const ids = changes.map((c) => c.before.id);
  const updated = await updateItemRows(
    trx,
    changes.map(({ before }, i) => ({ id: before.id, expected: before.version, values: rowValues(entries[i]!.fields, placed[i]!, options.userId) })),
  );
  if (updated.length !== changes.length) {
    const stale = changes.find((c) => !updated.includes(c.before.id))!;
    throw versionConflict(stale.before.version);
  }
  await writeItemLinks(trx, ids, changes.map((c) => linksOf(c.patch)), true);
  const found = new Map((await findItemsByIds(trx, ids)).map((item) => [item.id, item]));
  const afters = ids.map((id) => found.get(id)!);
  await notePlanContentChanged(trx, org.id, options.userId, changes.map((c, i) => ({ before: c.before, after: afters[i] })));
  await notifyAssignments(trx, org, changes.map((c, i) => ({ before: c.before, after: afters[i]! })), options.userId);
  return afters;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
