import type { Transaction } from 'kysely';
import type { Item, ItemCreate, ItemPatch } from '@ritm/contracts/items';
import type { ItemCreateRequest, Series, SeriesPatch } from '@ritm/contracts/series';
import { statusClass } from '@ritm/domain/item';
import { addDays, compareLocalDates, eachDate, toDayNumber, type DateRange, type LocalDate } from '@ritm/domain/local-date';
import { workingCalendarOf } from '@ritm/domain/production-calendar';
import {
  firstOccurrenceDay,
  isOccurrenceDay,
  lastOccurrenceDay,
  missingOccurrenceDays,
  occurrenceAt,
  occurrenceDays,
  parseRecurrence,
  RECURRENCE_COUNT_MAX,
  seriesHorizon,
  seriesStartDay,
  splitRule,
} from '@ritm/domain/recurrence';
import { PRODUCT_RANGE } from '@ritm/domain/product-range';
import { localDateOf } from '@ritm/domain/time-zone';
import { workingDays } from '@ritm/domain/working-days';
import type { DB, SeriesTemplateRow } from '../db/schema.js';
import { badRequest, HttpError, versionConflict } from '../http/errors.js';
import { message, type Detail, type Message } from '../http/messages.js';
import { recordAudits } from '../repositories/audit.js';
import { findItemsByIds } from '../repositories/items.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import {
  addExdate,
  attachOccurrences,
  deleteItemRows,
  deleteSeriesRow,
  findSeries,
  insertSeries,
  markDetached,
  moveOccurrences,
  occurrencesOf,
  updateSeries,
  type SeriesRecord,
  type SeriesValues,
} from '../repositories/series.js';
import { createItems, defaults, patchItems } from './items.js';
import { notifyAssignments } from './notify.js';
import { notePlanContentChanged } from './plan-approval.js';
import { effectiveDaysOf } from './production-calendar.js';

/*
 * Recurring items (issue 15). A series is a rule and what its occurrences share; every occurrence
 * is an ordinary item written by the items' own code (`createItems`, `patchItems`), so every item
 * rule, plan rule, audit row and notification applies to it as to an item typed by hand.
 */

/** The most occurrences one request makes at once (a daily series begun years back would make thousands). */
export const SERIES_MATERIALISE_MAX = 1000;

/** What a write needs besides its data. */
export interface SeriesWriteOptions {
  userId: string | null;
  now: Date;
}

/** The first occurrence's `at` and day (DTSTART is always an occurrence, as RFC 5545 reads it), and the rule's last day. */
interface Anchor {
  startsAt: string;
  startDay: LocalDate;
  lastDay: LocalDate | null;
}

/** A series as a write sees it: what is stored and its first `at`. */
type SeriesState = SeriesValues & { id: string; startsAt: string };

const invalid = (path: string, msg: Message): HttpError => badRequest('seriesInvalid', [{ path, message: msg }]);

/** @throws 400 naming `path` when the text is not a rule a series can have (one giving no day says from which `startDay`). */
function readRule(text: string, path: string, startDay: LocalDate): string {
  const parsed = parseRecurrence(text);
  if (parsed.ok) return parsed.rule;
  const part = parsed.part ?? 'RRULE';
  switch (parsed.problem) {
    case 'too_many':
      throw invalid(path, message('recurrence.too_many', { max: RECURRENCE_COUNT_MAX }));
    case 'count_and_until':
      throw invalid(path, message('recurrence.count_and_until'));
    case 'empty':
      throw invalid(path, message('recurrence.empty', { start: startDay }));
    default:
      throw invalid(path, message(`recurrence.${parsed.problem}`, { part }));
  }
}

/**
 * Where a series starts: its first occurrence on or after `at` (with `at`'s time of day), so
 * that DTSTART is an occurrence, as iCalendar clients expect; the rule keeps its days.
 * @throws 400 naming `path` when the rule gives no day.
 */
function anchor(rule: string, at: string, timeZone: string, path: string): Anchor {
  const day = seriesStartDay(at, timeZone);
  const first = firstOccurrenceDay(rule, day);
  if (first === undefined) throw invalid(path, message('recurrence.empty', { start: day }));
  if (compareLocalDates(first, PRODUCT_RANGE.to) > 0) throw invalid(path, message('recurrence.outOfRange', { first, to: PRODUCT_RANGE.to }));
  return { startsAt: occurrenceAt(at, first, timeZone), startDay: first, lastDay: lastOccurrenceDay(rule, first) ?? null };
}

const startColumns = (startsAt: string) =>
  startsAt.length === 10 ? { startsAtDate: startsAt, startsAtInstant: null } : { startsAtDate: null, startsAtInstant: new Date(startsAt) };

const laterOf = (a: LocalDate, b: LocalDate) => (compareLocalDates(a, b) >= 0 ? a : b);

/** How far a series is made now: to the horizon (at least its first day), or to its last day when that comes first. */
function materialiseEnd(series: Pick<SeriesValues, 'startDay' | 'lastDay'>, org: OrganisationContext, now: Date): { to: LocalDate; until: LocalDate | null } {
  const horizon = laterOf(seriesHorizon(localDateOf(now.getTime(), org.timeZone)), series.startDay);
  // No item lives after the product range (a CHECK says so): the series is made to its end there, for good.
  if (compareLocalDates(horizon, PRODUCT_RANGE.to) > 0 && (series.lastDay === null || compareLocalDates(series.lastDay, PRODUCT_RANGE.to) > 0)) {
    return { to: PRODUCT_RANGE.to, until: null };
  }
  if (series.lastDay !== null && compareLocalDates(series.lastDay, horizon) <= 0) return { to: series.lastDay, until: null };
  return { to: horizon, until: horizon };
}

/** The production calendar's non-working days of the organisation within a range. */
async function nonWorkingDays(trx: Transaction<DB>, org: OrganisationContext, range: DateRange): Promise<Set<LocalDate>> {
  const calendar = workingDays(workingCalendarOf(await effectiveDaysOf(trx, org, range)));
  return new Set(eachDate(range).filter((day) => !calendar.isWorkingDay(toDayNumber(day))));
}

/**
 * The days of a series within a range that need an occurrence, and the series' exception dates
 * after it (a non-working day the series skips becomes one, as the contract says).
 */
async function daysToMake(trx: Transaction<DB>, org: OrganisationContext, series: SeriesState, range: DateRange, existing: readonly LocalDate[]) {
  let days = missingOccurrenceDays(series.rrule, series.startDay, range, series.exdates, existing);
  let exdates = [...series.exdates];
  let skippedDays = [...(series.skippedDays ?? [])];
  if (series.skipNonWorkingDays && days.length > 0) {
    const off = await nonWorkingDays(trx, org, { from: days[0]!, to: days[days.length - 1]! });
    const skipped = days.filter((day) => off.has(day));
    exdates = [...new Set([...exdates, ...skipped])].sort();
    // Kept apart from a user's deletions: turning skipping off brings back only these.
    skippedDays = [...new Set([...skippedDays, ...skipped])].sort();
    days = days.filter((day) => !off.has(day));
  }
  return { days, exdates, skippedDays };
}

/** An occurrence's item on a day of the rule: the template, the day's `at`, planned. */
function occurrenceInput(series: SeriesState, day: LocalDate, timeZone: string): ItemCreate {
  const { template } = series;
  return {
    kind: template.kind as ItemCreate['kind'],
    title: template.title,
    at: occurrenceAt(series.startsAt, day, timeZone),
    status: 'planned',
    newsHook: template.newsHook,
    format: template.format,
    channelIds: template.channelIds,
    audienceIds: template.audienceIds,
    keyMessageIds: template.keyMessageIds,
    responsibleId: template.responsibleId,
    notes: template.notes,
  };
}

/** Makes occurrences on days of the rule through `createItems`, marks them the series', and audits each. */
async function makeOccurrences(
  trx: Transaction<DB>,
  org: OrganisationContext,
  series: SeriesState,
  days: readonly LocalDate[],
  options: SeriesWriteOptions & { path: string },
): Promise<Item[]> {
  if (days.length === 0) return [];
  const inputs = days.map((day) => occurrenceInput(series, day, org.timeZone));
  const created = await createItems(trx, org, inputs, { userId: options.userId, paths: inputs.map(() => options.path), now: options.now, notify: false });
  await attachOccurrences(trx, series.id, created.map((item, i) => ({ id: item.id, day: days[i]! })));
  const items = await inOrder(trx, created.map((item) => item.id));
  // A person making or changing the series tells its responsible (once a series: see
  // notifyAssignments); occurrences the job adds as time passes tell nobody again.
  if (options.userId !== null) await notifyAssignments(trx, org, items.map((after) => ({ after })), options.userId);
  await recordAudits(trx, items.map((after) => ({ orgId: org.id, userId: options.userId, entity: 'item' as const, entityId: after.id, action: 'create' as const, after })));
  return items;
}

async function inOrder(trx: Transaction<DB>, ids: readonly string[]): Promise<Item[]> {
  const found = new Map((await findItemsByIds(trx, ids)).map((item) => [item.id, item]));
  return ids.map((id) => found.get(id)!);
}

/** Deletes occurrences as the item route deletes an item: the plans of their days turn changed, each is audited. */
async function deleteOccurrences(trx: Transaction<DB>, org: OrganisationContext, ids: readonly string[], userId: string | null): Promise<void> {
  if (ids.length === 0) return;
  const befores = await findItemsByIds(trx, ids);
  await deleteItemRows(trx, ids);
  await notePlanContentChanged(trx, org.id, userId, befores.map((before) => ({ before })));
  await recordAudits(trx, befores.map((before) => ({ orgId: org.id, userId, entity: 'item' as const, entityId: before.id, action: 'delete' as const, before })));
}

export function seriesView(record: SeriesRecord): Series {
  return {
    id: record.id,
    orgId: record.orgId,
    rrule: record.rrule,
    startsAt: record.startsAt,
    skipNonWorkingDays: record.skipNonWorkingDays,
    exdates: record.exdates,
    materialisedUntil: record.materialisedUntil,
    lastDay: record.lastDay,
    occurrenceCount: record.occurrenceCount,
    template: record.template,
    version: record.version,
    createdAt: record.createdAt,
  };
}

const stateOf = (record: SeriesRecord): SeriesState => ({ ...record, ...startColumns(record.startsAt) });

const EVIDENCE_FIELDS = ['publishedAt', 'url', 'views', 'likes', 'reposts', 'comments'] as const;

/**
 * `POST /items` with a recurrence: the series and its occurrences up to the horizon, in the
 * caller's transaction. Occurrences are planned items; a plan is not named (each falls in the
 * plan of its own period), nor any evidence.
 * @throws 400 naming the field: a bad rule (`body.recurrence`), a status other than planned, any item rule an occurrence breaks.
 */
export async function createRecurringItem(
  trx: Transaction<DB>,
  org: OrganisationContext,
  request: ItemCreateRequest & { recurrence: string },
  options: SeriesWriteOptions,
): Promise<{ first: Item; series: SeriesRecord; occurrences: number }> {
  const issues: Detail[] = [];
  if (request.status !== undefined && request.status !== 'planned') issues.push({ path: 'body.status', message: message('series.plannedOnly') });
  if (request.planId != null) issues.push({ path: 'body.planId', message: message('series.noPlan') });
  for (const field of EVIDENCE_FIELDS) {
    if (request[field] != null) issues.push({ path: `body.${field}`, message: message('series.singleOnly') });
  }
  if (issues.length > 0) throw badRequest('seriesInvalid', issues);
  const rule = readRule(request.recurrence, 'body.recurrence', seriesStartDay(request.at, org.timeZone));
  const start = anchor(rule, request.at, org.timeZone, 'body.recurrence');
  // What occurrences share: the item's fields with the items' own defaults, less the day, status, plan and evidence.
  const { at: _at, status: _status, planId: _plan, publishedAt: _p, url: _u, views: _v, likes: _l, reposts: _r, comments: _c, ...template } = defaults(request);
  const end = materialiseEnd(start, org, options.now);
  const values: SeriesValues = {
    rrule: rule,
    ...startColumns(start.startsAt),
    startDay: start.startDay,
    skipNonWorkingDays: request.skipNonWorkingDays ?? false,
    exdates: [],
    materialisedUntil: end.until,
    lastDay: start.lastDay,
    template,
  };
  const id = await insertSeries(trx, org.id, values, options.userId);
  const state: SeriesState = { ...values, id, startsAt: start.startsAt };
  const { days, exdates, skippedDays } = await daysToMake(trx, org, state, { from: start.startDay, to: end.to }, []);
  if (days.length === 0) throw invalid('body.recurrence', message('recurrence.allNonWorking', { until: end.to }));
  if (days.length > SERIES_MATERIALISE_MAX) throw invalid('body.recurrence', message('recurrence.tooManyNow', { max: SERIES_MATERIALISE_MAX, count: days.length }));
  const items = await makeOccurrences(trx, org, state, days, { ...options, path: 'body' });
  if (exdates.length > 0) await updateSeries(trx, id, { ...values, exdates, skippedDays }, false);
  return { first: items[0]!, series: (await findSeries(trx, org.id, id))!, occurrences: items.length };
}

/** The fields of a series patch that every following occurrence takes, as an item patch. */
function fieldPatch(patch: Omit<SeriesPatch, 'version'>): Omit<ItemPatch, 'version'> {
  const { from: _from, rrule: _rrule, at: _at, skipNonWorkingDays: _skip, ...fields } = patch;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** The template with a series patch's fields (`fieldPatch` keeps only the template's own, and only those given). */
const patchedTemplate = (template: SeriesTemplateRow, fields: Omit<ItemPatch, 'version'>): SeriesTemplateRow => ({ ...template, ...fields });

/**
 * Brings a series' occurrences in line with it: those that follow it (planned or in progress,
 * not changed alone) take `fields`; with `redate`, they move to their day's `at`, those on a day
 * the rule no longer gives are deleted and the days missing up to the horizon are made. Done
 * occurrences and those changed alone keep what they have. Item errors name `body`.
 */
async function reconcile(
  trx: Transaction<DB>,
  org: OrganisationContext,
  series: SeriesState,
  fields: Omit<ItemPatch, 'version'>,
  redate: boolean,
  options: SeriesWriteOptions,
): Promise<SeriesState> {
  const occurrences = await occurrencesOf(trx, series.id);
  const followers = occurrences.filter((o) => !o.detached && statusClass(o.status) === 'open');
  let kept = followers;
  let state = series;
  const end = materialiseEnd(series, org, options.now);
  if (redate) {
    const ruleDays = new Set(occurrenceDays(series.rrule, series.startDay, { from: series.startDay, to: end.to }, series.exdates));
    const off = series.skipNonWorkingDays && ruleDays.size > 0 ? await nonWorkingDays(trx, org, { from: series.startDay, to: end.to }) : new Set<string>();
    kept = followers.filter((o) => ruleDays.has(o.seriesDay) && !off.has(o.seriesDay));
    await deleteOccurrences(trx, org, followers.filter((o) => !kept.includes(o)).map((o) => o.id), options.userId);
    state = { ...series, materialisedUntil: end.until };
  }
  const befores = await inOrder(trx, kept.map((o) => o.id));
  const changes = befores
    .map((before, i) => {
      const at = redate ? occurrenceAt(state.startsAt, kept[i]!.seriesDay, org.timeZone) : undefined;
      const patch = { ...fields, ...(at !== undefined && at !== before.at && { at }) };
      return { before, patch };
    })
    .filter(({ patch }) => Object.keys(patch).length > 0);
  const afters = await asBody(() => patchItems(trx, org, changes, options));
  await recordAudits(
    trx,
    afters.map((after, i) => ({ orgId: org.id, userId: options.userId, entity: 'item' as const, entityId: after.id, action: 'update' as const, before: changes[i]!.before, after })),
  );
  if (redate) {
    const remaining = (await occurrencesOf(trx, series.id)).map((o) => o.seriesDay);
    const { days, exdates, skippedDays } = await daysToMake(trx, org, state, { from: series.startDay, to: end.to }, remaining);
    if (days.length > SERIES_MATERIALISE_MAX) throw invalid('body.rrule', message('recurrence.tooManyNow', { max: SERIES_MATERIALISE_MAX, count: days.length }));
    await asBody(() => makeOccurrences(trx, org, state, days, { ...options, path: 'body' }));
    state = { ...state, exdates, skippedDays };
  }
  await updateSeries(trx, state.id, state, false);
  return state;
}

/** Runs item writes whose errors name `items[i]` (one per occurrence) and names the series' `body` instead, each fault once. */
async function asBody<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof HttpError) || error.statusCode !== 400 || error.details === undefined) throw error;
    const seen = new Set<string>();
    const details = error.details
      .map((d) => ({ ...d, path: d.path.replace(/^items\[\d+\]/, 'body') }))
      .filter((d) => {
        const key = `${d.path}|${JSON.stringify(d.message)}`;
        return seen.has(key) ? false : (seen.add(key), true);
      });
    throw new HttpError(400, error.code, error.msg, details, error.extra);
  }
}

/**
 * `PATCH /series/:id`: the whole series, or with `from` "this and following" (the series ends the
 * day before; a new one from `from` takes the change and the occurrences from then on).
 * @throws 409 when the series has another version; 400 naming `body.from`, `body.rrule`, `body.at` or an item field.
 */
export async function patchSeries(
  trx: Transaction<DB>,
  org: OrganisationContext,
  record: SeriesRecord,
  patch: Omit<SeriesPatch, 'version'>,
  expected: number,
  options: SeriesWriteOptions,
): Promise<{ series: SeriesRecord; split: SeriesRecord | null }> {
  if (record.version !== expected) throw versionConflict(record.version);
  const rule = patch.rrule === undefined ? undefined : readRule(patch.rrule, 'body.rrule', seriesStartDay(patch.at ?? record.startsAt, org.timeZone));
  const fields = fieldPatch(patch);
  const template = patchedTemplate(record.template, fields);
  const current = stateOf(record);
  const from = patch.from;
  if (from !== undefined && from !== record.startDay) {
    if (compareLocalDates(from, record.startDay) < 0) throw invalid('body.from', message('series.fromBeforeStart', { start: record.startDay }));
    if (!isOccurrenceDay(record.rrule, record.startDay, from)) throw invalid('body.from', message('series.fromNotOccurrence'));
    const split = splitRule(record.rrule, record.startDay, from);
    // `from` is a day of the rule, so the rule has that day and the ones after it.
    const halves = { before: split.before, after: split.after! };
    if (patch.at !== undefined) {
      const day = seriesStartDay(patch.at, org.timeZone);
      // Earlier than `from`: the earlier part still has the days before it, so one would be made twice.
      if (compareLocalDates(day, from) < 0) throw invalid('body.at', message('series.atBeforeFrom', { from }));
      // A rule pinning its days (BYDAY, BYMONTHDAY…) would start on its next day, losing this one: say so.
      if (day !== from && !isOccurrenceDay(rule ?? halves.after, day, day)) throw invalid('body.at', message('series.atNotOnRule'));
    }
    const start = anchor(rule ?? halves.after, patch.at ?? occurrenceAt(record.startsAt, from, org.timeZone), org.timeZone, patch.at === undefined ? 'body.rrule' : 'body.at');
    const later: SeriesValues = {
      rrule: rule ?? halves.after,
      ...startColumns(start.startsAt),
      startDay: start.startDay,
      skipNonWorkingDays: patch.skipNonWorkingDays ?? record.skipNonWorkingDays,
      exdates: record.exdates.filter((day) => compareLocalDates(day, from) >= 0),
      skippedDays: record.skippedDays.filter((day) => compareLocalDates(day, from) >= 0),
      materialisedUntil: null,
      lastDay: start.lastDay,
      template,
    };
    const id = await insertSeries(trx, org.id, later, options.userId);
    await moveOccurrences(trx, record.id, id, from);
    const dayBefore = addDays(from, -1);
    const earlier: SeriesValues = {
      ...current,
      rrule: halves.before!,
      lastDay: lastOccurrenceDay(halves.before!, record.startDay) ?? null,
      exdates: record.exdates.filter((day) => compareLocalDates(day, from) < 0),
      skippedDays: record.skippedDays.filter((day) => compareLocalDates(day, from) < 0),
      // Made up to the day before `from` or short of it still.
      materialisedUntil: record.materialisedUntil !== null && compareLocalDates(record.materialisedUntil, dayBefore) < 0 ? record.materialisedUntil : null,
    };
    await updateSeries(trx, record.id, earlier, true);
    await reconcile(trx, org, { ...later, id, startsAt: start.startsAt }, fields, true, options);
    return { series: (await findSeries(trx, org.id, record.id))!, split: (await findSeries(trx, org.id, id))! };
  }
  const redate = rule !== undefined || patch.at !== undefined || (patch.skipNonWorkingDays !== undefined && patch.skipNonWorkingDays !== record.skipNonWorkingDays);
  let next: SeriesState = { ...current, template, skipNonWorkingDays: patch.skipNonWorkingDays ?? record.skipNonWorkingDays };
  if (redate) {
    const start = anchor(rule ?? record.rrule, patch.at ?? record.startsAt, org.timeZone, patch.at === undefined ? 'body.rrule' : 'body.at');
    next = { ...next, rrule: rule ?? record.rrule, ...startColumns(start.startsAt), startsAt: start.startsAt, startDay: start.startDay, lastDay: start.lastDay };
    // Non-working days the series skipped come back when it stops skipping them; a day a user
    // deleted stays deleted, non-working or not.
    if (record.skipNonWorkingDays && !next.skipNonWorkingDays) {
      const skipped = new Set(record.skippedDays);
      next = { ...next, exdates: record.exdates.filter((day) => !skipped.has(day)), skippedDays: [] };
    }
  }
  await updateSeries(trx, record.id, next, true);
  await reconcile(trx, org, next, fields, redate, options);
  return { series: (await findSeries(trx, org.id, record.id))!, split: null };
}

/**
 * `DELETE /series/:id`: its occurrences from `from` (default: all) that are not done are deleted;
 * done ones stay as single items. From a later day the series ends the day before; otherwise it goes.
 * @throws 409 when the series has another version.
 */
export async function deleteSeries(
  trx: Transaction<DB>,
  org: OrganisationContext,
  record: SeriesRecord,
  from: LocalDate | undefined,
  expected: number,
  userId: string | null,
): Promise<void> {
  if (record.version !== expected) throw versionConflict(record.version);
  const later = from !== undefined && compareLocalDates(from, record.startDay) > 0 ? from : undefined;
  const going = (await occurrencesOf(trx, record.id, later)).filter((o) => statusClass(o.status) !== 'done');
  await deleteOccurrences(trx, org, going.map((o) => o.id), userId);
  const before = later === undefined ? null : splitRule(record.rrule, record.startDay, later).before;
  if (before === null) {
    await deleteSeriesRow(trx, record.id);
    return;
  }
  const dayBefore = addDays(later!, -1);
  await updateSeries(
    trx,
    record.id,
    {
      ...stateOf(record),
      rrule: before,
      lastDay: lastOccurrenceDay(before, record.startDay) ?? null,
      exdates: record.exdates.filter((day) => compareLocalDates(day, later!) < 0),
      skippedDays: record.skippedDays.filter((day) => compareLocalDates(day, later!) < 0),
      materialisedUntil: record.materialisedUntil !== null && compareLocalDates(record.materialisedUntil, dayBefore) < 0 ? record.materialisedUntil : null,
    },
    true,
  );
}

/** An occurrence changed through the item routes is changed alone: a change to the whole series leaves it be. */
export async function noteOccurrenceChanged(trx: Transaction<DB>, before: Item): Promise<void> {
  if (before.seriesId !== null) await markDetached(trx, before.id);
}

/** An occurrence deleted alone becomes an exception date: the series never makes it again. */
export async function noteOccurrenceDeleted(trx: Transaction<DB>, before: Item): Promise<void> {
  if (before.seriesId !== null && before.seriesDay !== null) await addExdate(trx, before.seriesId, before.seriesDay);
}

/**
 * Makes a series' occurrences up to the horizon of the organisation's today, in the caller's
 * transaction, the series locked (an edit and an extension never interleave; the unique index
 * of `(series_id, series_day)` would stop a day made twice anyway). Returns how many were made.
 */
export async function extendSeries(trx: Transaction<DB>, org: OrganisationContext, seriesId: string, now: Date): Promise<number> {
  const record = await findSeries(trx, org.id, seriesId, { lock: true });
  if (record === undefined || record.materialisedUntil === null) return 0;
  const end = materialiseEnd(record, org, now);
  if (compareLocalDates(end.to, record.materialisedUntil) <= 0) return 0;
  const state = stateOf(record);
  const range = { from: addDays(record.materialisedUntil, 1), to: end.to };
  const existing = (await occurrencesOf(trx, record.id, range.from)).map((o) => o.seriesDay);
  const { days, exdates, skippedDays } = await daysToMake(trx, org, state, range, existing);
  const made = await makeOccurrences(trx, org, state, days, { userId: null, now, path: 'series' });
  await updateSeries(trx, record.id, { ...state, exdates, skippedDays, materialisedUntil: end.until }, false);
  return made.length;
}

