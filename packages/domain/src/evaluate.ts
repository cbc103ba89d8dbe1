/**
 * The compliance evaluator: one generic function judges every norm, whatever
 * its document, from data alone.
 *
 * For a range of local dates every period that overlaps the range is judged
 * whole, for each frequency norm (and each matching channel when the norm is
 * per channel). Presence and quantity norms give one row each.
 *
 * Rules the evaluator applies (documented here once):
 * - An item's `at` is placed on the organisation's local calendar; instants go
 *   through a {@link DayClock} built once per range, never a per-item format.
 * - `actual` counts `published`/`held` items; `planned` counts `planned`/
 *   `in_progress` items dated today or later; the same items dated before
 *   today are overdue: they do not count, the row's `overdue` counts them and
 *   {@link Evaluation.overdue} lists them. `cancelled` never counts.
 * - Per channel: a row for each organisation channel whose type matches, an
 *   item counting once for each matching channel it is on. Across channels:
 *   one row, an item counting once however many matching channels it is on.
 * - `channelTypes` absent: any channel matches, and an item on no channel
 *   counts (across channels only; per channel there is no row for "none").
 * - Across channels, every judged period has a row whether or not the
 *   organisation has a matching channel: a primary organisation with no stand
 *   misses the weekly stand update (actual 0 gives missed, at_risk or gap as
 *   the period's timing says).
 * - `since` concerns per-channel rows only: a channel gets rows from the first
 *   period that starts on or after it. Across channels a published item on
 *   any matching channel counts whatever the channel's `since`: a real
 *   publication is never thrown away.
 * - `effectiveFrom`/`effectiveTo`: see {@link NormBase.effectiveFrom}; periods
 *   the norm does not judge have no rows.
 * - `orgKinds`/`minMembers` (see {@link normAppliesTo}: an organisation of
 *   unknown kind or size is bound): a frequency norm gives an organisation
 *   not bound no rows (presence and quantity norms give `not_applicable`).
 * - Exemptions: a row whose whole period is covered is `exempt` (counts are
 *   still reported); for presence and quantity rows the whole range must be.
 * - Rows come ordered by norm (input order), channel (input order), period.
 */
import type { Channel } from './channel.js';
import { isChannelLive } from './channel.js';
import type { ComplianceRow, ComplianceStatus, OverdueEntry } from './compliance.js';
import { frequencyStatus } from './compliance.js';
import type { Exemption } from './exemption.js';
import { exemptionCoverage, parseExemption } from './exemption.js';
import type { ItemKind, ItemStatus, PlanItem, StatusClass } from './item.js';
import { ITEM_STATUSES, statusClass } from './item.js';
import { fromDayNumber, INSTANT, NOT_A_DATE, readItemDate, toDayNumber, WALL_DATE } from './local-date.js';
import type { DateRange, DayNumber, LocalDate } from './local-date.js';
import type { FrequencyNorm, Norm, PresenceNorm, QuantityNorm } from './norm.js';
import { isEffectiveDuring, judgesPeriodStarting, normAppliesTo, parseNorm, presenceGroups, quantityRequired } from './norm.js';
import type { Organisation } from './organisation.js';
import { reportedFigure } from './organisation.js';
import { periodGrid, periodTiming } from './period.js';
import type { PeriodGrid, PeriodKind } from './period.js';
import type { DayClock } from './time-zone.js';
import { dayClock } from './time-zone.js';
import type { Issue } from './validate.js';
import { checkRange, childPath, pathTo, readLocalDate, readTimeZone, ValidationError } from './validate.js';

/** What to judge: an organisation, its channels and items, the norms, and a range of local dates. */
export interface EvaluationInput {
  org: Organisation;
  channels: readonly Channel[];
  norms: readonly Norm[];
  items: readonly PlanItem[];
  exemptions?: readonly Exemption[];
  range: DateRange;
}

/** When and where the judgement is made: time is passed in, never read from a clock. */
export interface EvaluateOptions {
  /** Today on the organisation's local calendar. */
  today: LocalDate;
  /** The organisation's IANA time zone. */
  timeZone: string;
}

export interface Evaluation {
  results: ComplianceRow[];
  overdue: OverdueEntry[];
}

/**
 * Judges an organisation's norms over a range. Throws a
 * {@link ValidationError} naming the bad value when the options, range,
 * norms, channels, exemptions or an item's `at` cannot be used.
 *
 * @example
 * evaluate(
 *   {
 *     org: { kind: 'union_primary', members: 650 },
 *     channels: [{ id: 'vk', type: 'vk' }],
 *     norms: [{ id: 'posts', type: 'frequency', min: 2, per: 'week', kinds: ['post'], channelTypes: ['vk'], perChannel: true }],
 *     items: [{ id: 'p1', kind: 'post', channels: ['vk'], status: 'published', at: '2026-11-15T13:30:00Z' }],
 *     range: { from: '2026-11-09', to: '2026-11-15' },
 *   },
 *   { today: '2026-11-18', timeZone: 'Asia/Vladivostok' },
 * ).results
 * // [{ norm: 'posts', channel: 'vk', periodStart: '2026-11-09', periodEnd: '2026-11-15', required: 2, actual: 1, planned: 0, overdue: 0, status: 'missed' }]
 */
export function evaluate(input: EvaluationInput, options: EvaluateOptions): Evaluation {
  const issues: Issue[] = [];
  const context = prepareContext(input, options, issues);
  const items = context && prepareItems(input.items, context, issues);
  if (context === undefined || items === undefined || issues.length > 0) throw new ValidationError(issues);
  const ids = input.items;
  const hits: OverdueHit[] = [];
  const results = judgeAll(input, context, items, hits);
  const overdue = hits.map((hit) => {
    const item = ids[hit.item] as PlanItem;
    return { item: item.id, norm: hit.norm, channel: hit.channel, at: item.at };
  });
  return { results, overdue };
}

/**
 * Items of one local day, kind and status on one set of channels, counted.
 *
 * The API computes compliance for many organisations from SQL aggregates
 * instead of loading items. One bucket stands for `count` items that share:
 * - `day`: the local date (for a stored instant, `(at AT TIME ZONE org_tz)::date`);
 * - `kind` and `status` (cancelled buckets may be left out: they never count);
 * - `channels`: the item's *exact* set of channel ids (order does not matter;
 *   empty for items on no channel).
 *
 * Keying by the exact channel set is what makes the result identical to
 * {@link evaluate}: per-channel norms add `count` to every matching channel in
 * the set, across-channel norms add it once when any matching channel is in it,
 * so an item on VK and OK is never counted twice. In PostgreSQL:
 *
 * ```sql
 * select day, kind, status, channels, count(*)::int as count from (
 *   select (i.at at time zone o.time_zone)::date as day, i.kind, i.status,
 *          coalesce(array_agg(ic.channel_id order by ic.channel_id)
 *                   filter (where ic.channel_id is not null), '{}') as channels
 *   from items i join orgs o on o.id = i.org_id
 *   left join item_channels ic on ic.item_id = i.id
 *   where i.org_id = $1 and i.status <> 'cancelled' and i.at >= $from and i.at < $to
 *   group by i.id, o.time_zone) t
 * group by day, kind, status, channels
 * ```
 *
 * Fetch the days of the whole periods around the range (a year norm needs the
 * whole year): {@link evaluationSpan} gives them.
 */
export interface CountBucket {
  day: LocalDate;
  kind: ItemKind;
  status: ItemStatus;
  channels: readonly string[];
  count: number;
}

/** {@link EvaluationInput} with counted buckets in place of items. */
export interface CountsInput extends Omit<EvaluationInput, 'items'> {
  buckets: readonly CountBucket[];
}

/**
 * Judges norms from pre-aggregated counts (see {@link CountBucket}); the rows
 * are exactly those {@link evaluate} gives for the same items. Overdue items
 * cannot be named from counts, so only each row's `overdue` count is given.
 *
 * @example
 * evaluateCounts(
 *   { ...input, buckets: [{ day: '2026-11-15', kind: 'post', status: 'published', channels: ['vk'], count: 1 }] },
 *   { today: '2026-11-18', timeZone: 'Asia/Vladivostok' },
 * ).results // the same rows as evaluate(input, options).results
 */
export function evaluateCounts(input: CountsInput, options: EvaluateOptions): { results: ComplianceRow[] } {
  const issues: Issue[] = [];
  const context = prepareContext(input, options, issues);
  const buckets = context && prepareBuckets(input.buckets, context, issues);
  if (context === undefined || buckets === undefined || issues.length > 0) throw new ValidationError(issues);
  return { results: judgeAll(input, context, buckets, []) };
}

/**
 * The local days an evaluation reads items from: the whole periods of every
 * frequency norm around the range (a `year` norm widens a week's range to the
 * year). Load items or buckets for `from … to`.
 *
 * @example evaluationSpan({ from: '2026-11-09', to: '2026-11-22' }, [{ id: 'm', type: 'frequency', min: 2, per: 'month' }])
 * // { from: '2026-11-01', to: '2026-11-30' }
 */
export function evaluationSpan(range: DateRange, norms: readonly Norm[]): DateRange {
  const from = toDayNumber(range.from);
  const to = toDayNumber(range.to);
  let first = from;
  let last = to;
  for (const per of new Set(norms.flatMap((n) => (n.type === 'frequency' ? [n.per] : [])))) {
    const { starts } = periodGrid(from, to, per);
    first = Math.min(first, starts[0] as number);
    last = Math.max(last, (starts[starts.length - 1] as number) - 1);
  }
  return { from: fromDayNumber(first), to: fromDayNumber(last) };
}

// Norms validated by prepareNorms: frozen, so they stay as they were validated.
const preparedNorms = new WeakSet<Norm>();

/**
 * Validates norms once for many evaluations (a summary judges 2,500
 * organisations under the same few dozen norm objects): each valid norm is
 * frozen and {@link evaluate} and {@link evaluateCounts} no longer re-validate
 * it. Throws a {@link ValidationError} naming the bad norms, as they would.
 *
 * @example
 * const norms = prepareNorms([{ id: 'posts', type: 'frequency', min: 2, per: 'week' }]);
 * organisations.map((org) => evaluateCounts({ ...org, norms }, options)); // the norms are checked once
 */
export function prepareNorms<T extends readonly Norm[]>(norms: T): T {
  const issues: Issue[] = [];
  norms.forEach((norm, i) => {
    if (preparedNorms.has(norm)) return;
    const before = issues.length;
    parseNorm(norm, pathTo('norms', i), issues);
    if (issues.length === before) preparedNorms.add(deepFreeze(norm));
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return norms;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

// ---------------------------------------------------------------------------
// Preparation: everything per range is computed once, everything per item once.

const DONE = 0;
const OPEN = 1;
const VOID = 2;
const CLASS_CODES: Record<StatusClass, number> = { done: DONE, open: OPEN, void: VOID };
// statusClass as a table for the per-item loop; a status outside the vocabulary never counts.
const CLASS_OF_STATUS = new Map<string, number>(ITEM_STATUSES.map((status) => [status, CLASS_CODES[statusClass(status)]]));

interface Context {
  today: DayNumber;
  timeZone: string;
  /** First and last local day items are read for (whole periods around the range). */
  firstDay: DayNumber;
  lastDay: DayNumber;
  channelIndex: Map<string, number>;
  kindIndex: Map<string, number>;
  grids: Map<PeriodKind, GridTable>;
  clock: DayClock | undefined;
}

interface GridTable {
  grid: PeriodGrid;
  /** Local dates of each period's first and last day. */
  startDates: LocalDate[];
  endDates: LocalDate[];
  /** For each day of the span, its period's index, or -1. */
  periodOfDay: Int32Array;
}

const gridCache = new Map<string, GridTable>();
const GRID_CACHE_SIZE = 64;

// Periods of one kind over the span, memoised: 2,500 organisations judged over the
// same range share them (tables are never written after they are built).
function gridTable(per: PeriodKind, from: DayNumber, to: DayNumber, firstDay: DayNumber, lastDay: DayNumber): GridTable {
  const key = `${per}|${from}|${to}|${firstDay}|${lastDay}`;
  const cached = gridCache.get(key);
  if (cached !== undefined) return cached;
  const grid = periodGrid(from, to, per);
  const periodOfDay = new Int32Array(lastDay - firstDay + 1).fill(-1);
  for (let p = 0; p + 1 < grid.starts.length; p++) {
    const end = (grid.starts[p + 1] as number) - firstDay;
    for (let d = (grid.starts[p] as number) - firstDay; d < end; d++) periodOfDay[d] = p;
  }
  const startDates = grid.starts.slice(0, -1).map(fromDayNumber);
  const endDates = grid.starts.slice(1).map((next) => fromDayNumber(next - 1));
  const table = { grid, startDates, endDates, periodOfDay };
  if (gridCache.size >= GRID_CACHE_SIZE) gridCache.delete(gridCache.keys().next().value as string);
  gridCache.set(key, table);
  return table;
}

/**
 * Items (or buckets) as columns, one entry per input item, channels in a flat
 * list; `order` lists the entries that can count (not cancelled, inside the
 * span) grouped by kind, so a norm of two kinds visits only those items.
 */
interface Prepared {
  count: number;
  /** Day index in the span, -1 when outside it. */
  day: Int32Array;
  cls: Uint8Array;
  /** Channels of entry i are `channels[channelStart[i] … channelStart[i + 1])`. */
  channelStart: Int32Array;
  channels: Int32Array;
  /** Items per entry (buckets); null when every entry is one item. */
  weight: Float64Array | null;
  /** Countable entries grouped by kind: kind k's are `order[kindStart[k] … kindStart[k + 1])`. */
  order: Int32Array;
  kindStart: Int32Array;
}

function prepareContext(
  input: Omit<EvaluationInput, 'items'>,
  options: EvaluateOptions,
  issues: Issue[],
): Context | undefined {
  const before = issues.length;
  const timeZone = readTimeZone(options.timeZone, 'timezone', issues);
  const today = readLocalDate(options.today, 'today', issues);
  const from = readLocalDate(input.range.from, 'from', issues);
  const to = readLocalDate(input.range.to, 'to', issues);
  if (from !== undefined && to !== undefined) checkRange({ from, to }, 'to', issues);
  input.norms.forEach((norm, i) => {
    if (!preparedNorms.has(norm)) parseNorm(norm, pathTo('norms', i), issues);
  });
  (input.exemptions ?? []).forEach((e, i) => parseExemption(e, pathTo('exemptions', i), issues));
  const channelIndex = new Map<string, number>();
  input.channels.forEach((channel, i) => {
    if (!channelIndex.has(channel.id)) channelIndex.set(channel.id, i);
    if (channel.since !== undefined && Number.isNaN(toDayNumber(channel.since))) {
      issues.push({ path: childPath(childPath('channels', i), 'since'), message: 'not a date' });
    }
  });
  if (issues.length > before || timeZone === undefined || today === undefined || from === undefined || to === undefined) {
    return undefined;
  }
  const span = evaluationSpan({ from, to }, input.norms);
  const firstDay = toDayNumber(span.from);
  const lastDay = toDayNumber(span.to);
  const grids = new Map<PeriodKind, GridTable>();
  for (const norm of input.norms) {
    if (norm.type === 'frequency' && !grids.has(norm.per)) {
      grids.set(norm.per, gridTable(norm.per, toDayNumber(from), toDayNumber(to), firstDay, lastDay));
    }
  }
  return {
    today: toDayNumber(today),
    timeZone,
    firstDay,
    lastDay,
    channelIndex,
    kindIndex: new Map(),
    grids,
    clock: undefined,
  };
}

function classOf(status: ItemStatus): number {
  return CLASS_OF_STATUS.get(status) ?? VOID;
}

function indexOfKind(context: Context, kind: string): number {
  let index = context.kindIndex.get(kind);
  if (index === undefined) {
    index = context.kindIndex.size;
    context.kindIndex.set(kind, index);
  }
  return index;
}

function channelColumns(entries: readonly { channels: readonly string[] }[], context: Context) {
  const channelStart = new Int32Array(entries.length + 1);
  let total = 0;
  for (let i = 0; i < entries.length; i++) total += (entries[i] as { channels: readonly string[] }).channels.length;
  const channels = new Int32Array(total);
  const index = context.channelIndex;
  let k = 0;
  for (let i = 0; i < entries.length; i++) {
    const ids = (entries[i] as { channels: readonly string[] }).channels;
    const first = k;
    for (let j = 0; j < ids.length; j++) {
      const ch = index.get(ids[j] as string);
      // Unknown channels match no norm; a channel listed twice counts once.
      if (ch === undefined || listed(channels, first, k, ch)) continue;
      channels[k++] = ch;
    }
    channelStart[i + 1] = k;
  }
  return { channelStart, channels };
}

function listed(list: Int32Array, from: number, to: number, value: number): boolean {
  for (let k = from; k < to; k++) if (list[k] === value) return true;
  return false;
}

// Counting sort of the countable entries by kind.
function groupByKind(kind: Int32Array, day: Int32Array, cls: Uint8Array, kinds: number) {
  const kindStart = new Int32Array(kinds + 1);
  for (let i = 0; i < kind.length; i++) {
    if (cls[i] === VOID || (day[i] as number) < 0) continue;
    const k = (kind[i] as number) + 1;
    kindStart[k] = (kindStart[k] as number) + 1;
  }
  for (let k = 0; k < kinds; k++) kindStart[k + 1] = (kindStart[k + 1] as number) + (kindStart[k] as number);
  const order = new Int32Array(kindStart[kinds] as number);
  const next = kindStart.slice(0, kinds);
  for (let i = 0; i < kind.length; i++) {
    if (cls[i] === VOID || (day[i] as number) < 0) continue;
    const k = kind[i] as number;
    order[next[k] as number] = i;
    next[k] = (next[k] as number) + 1;
  }
  return { order, kindStart };
}

function prepareItems(items: readonly PlanItem[], context: Context, issues: Issue[]): Prepared {
  const count = items.length;
  const day = new Int32Array(count);
  const kind = new Int32Array(count);
  const cls = new Uint8Array(count);
  const { firstDay, lastDay } = context;
  const read = new Float64Array(1);
  for (let i = 0; i < count; i++) {
    const item = items[i] as PlanItem;
    kind[i] = indexOfKind(context, item.kind);
    cls[i] = classOf(item.status);
    const found = typeof item.at === 'string' ? readItemDate(item.at, read) : NOT_A_DATE;
    const value = read[0] as number;
    if (found === WALL_DATE) {
      day[i] = value >= firstDay && value <= lastDay ? value - firstDay : -1;
    } else if (found === INSTANT) {
      context.clock ??= dayClock(context.timeZone, firstDay, lastDay);
      day[i] = context.clock.dayIndexOf(value);
    } else {
      issues.push({ path: childPath(childPath('items', i), 'at'), message: 'not a date' });
      day[i] = -1;
    }
  }
  return { count, day, cls, ...channelColumns(items, context), weight: null, ...groupByKind(kind, day, cls, context.kindIndex.size) };
}

function prepareBuckets(buckets: readonly CountBucket[], context: Context, issues: Issue[]): Prepared {
  const count = buckets.length;
  const day = new Int32Array(count);
  const kind = new Int32Array(count);
  const cls = new Uint8Array(count);
  const weight = new Float64Array(count);
  buckets.forEach((bucket, i) => {
    const d = toDayNumber(bucket.day);
    if (Number.isNaN(d)) issues.push({ path: childPath(childPath('buckets', i), 'day'), message: 'not a date' });
    if (!(Number.isSafeInteger(bucket.count) && bucket.count >= 0)) {
      issues.push({ path: childPath(childPath('buckets', i), 'count'), message: 'not a non-negative integer' });
    }
    day[i] = d >= context.firstDay && d <= context.lastDay ? d - context.firstDay : -1;
    kind[i] = indexOfKind(context, bucket.kind);
    cls[i] = classOf(bucket.status);
    weight[i] = bucket.count;
  });
  return { count, day, cls, ...channelColumns(buckets, context), weight, ...groupByKind(kind, day, cls, context.kindIndex.size) };
}

// ---------------------------------------------------------------------------
// Judgement.

interface OverdueHit {
  item: number;
  norm: string;
  channel: string | null;
}

function judgeAll(input: Omit<EvaluationInput, 'items'>, context: Context, items: Prepared, hits: OverdueHit[]): ComplianceRow[] {
  const rows: ComplianceRow[] = [];
  // Each norm's coverage is built from its own exemptions only, not by filtering them all per row group.
  const exemptionsOf = new Map<string, Exemption[]>();
  for (const e of input.exemptions ?? []) {
    const list = exemptionsOf.get(e.norm);
    if (list === undefined) exemptionsOf.set(e.norm, [e]);
    else list.push(e);
  }
  for (const norm of input.norms) {
    const exemptions = exemptionsOf.get(norm.id) ?? [];
    switch (norm.type) {
      case 'frequency':
        if (normAppliesTo(norm, input.org)) judgeFrequency(norm, input.channels, exemptions, context, items, rows, hits);
        break;
      case 'presence':
        rows.push(judgePresence(norm, input, exemptions));
        break;
      case 'quantity':
        rows.push(judgeQuantity(norm, input, exemptions));
        break;
    }
  }
  return rows;
}

// The hot loop: every countable item of the norm's kinds, placed in its period
// by table look-ups only. counts[(group * periods + p) * 3 + class] holds done,
// open-from-today and overdue items.
function judgeFrequency(
  norm: FrequencyNorm,
  channels: readonly Channel[],
  exemptions: readonly Exemption[],
  context: Context,
  items: Prepared,
  rows: ComplianceRow[],
  hits: OverdueHit[],
): void {
  const { grid, startDates, endDates, periodOfDay } = context.grids.get(norm.per) as GridTable;
  const starts = grid.starts;
  const periods = starts.length - 1;
  // The judged period of each day of the span, -1 for days of periods the norm does not judge.
  const judgedPeriodOfDay = new Int32Array(periodOfDay.length);
  const judged = startDates.map((start) => judgesPeriodStarting(norm, start));
  for (let d = 0; d < periodOfDay.length; d++) {
    const p = periodOfDay[d] as number;
    judgedPeriodOfDay[d] = p >= 0 && judged[p] === true ? p : -1;
  }

  const perChannel = norm.perChannel === true;
  // Per channel: the first period each channel has a row in, past the last for a channel of another type.
  const liveFrom = new Int32Array(channels.length).fill(periods);
  const matching: number[] = [];
  channels.forEach((channel, ch) => {
    if (norm.channelTypes !== undefined && !norm.channelTypes.includes(channel.type)) return;
    if (perChannel) {
      // Periods from the first whose start the channel is live on: a binary search, liveness being monotone.
      let lo = 0;
      let hi = periods;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (isChannelLive(channel, startDates[mid] as LocalDate)) hi = mid;
        else lo = mid + 1;
      }
      liveFrom[ch] = lo;
    }
    matching.push(ch);
  });

  const noChannelCounts = norm.channelTypes === undefined && !perChannel;
  const groups = perChannel ? matching.length : 1;
  const counts = new Float64Array(groups * periods * 3);
  const slot = new Int32Array(channels.length).fill(-1);
  matching.forEach((ch, s) => (slot[ch] = perChannel ? s : 0));
  const overdueOf: number[][] = Array.from({ length: groups }, () => []);

  // Segments of `order` to visit: every kind of the norm, or all.
  const segments: number[] = [];
  const { order, kindStart, day, cls, channelStart, channels: itemChannels, weight } = items;
  if (norm.kinds === undefined) segments.push(0, order.length);
  else {
    for (const k of new Set(norm.kinds.map((kind) => context.kindIndex.get(kind)))) {
      if (k !== undefined) segments.push(kindStart[k] as number, kindStart[k + 1] as number);
    }
  }

  const todayIndex = context.today - context.firstDay;
  for (let g = 0; g < segments.length; g += 2) {
    const end = segments[g + 1] as number;
    for (let j = segments[g] as number; j < end; j++) {
      const i = order[j] as number;
      const d = day[i] as number;
      const p = judgedPeriodOfDay[d] as number;
      if (p < 0) continue;
      const b = cls[i] === DONE ? 0 : d >= todayIndex ? 1 : 2;
      const w = weight === null ? 1 : (weight[i] as number);
      const first = channelStart[i] as number;
      const last = channelStart[i + 1] as number;
      if (perChannel) {
        for (let k = first; k < last; k++) {
          const ch = itemChannels[k] as number;
          if (p < (liveFrom[ch] as number)) continue;
          const s = slot[ch] as number;
          const at = (s * periods + p) * 3 + b;
          counts[at] = (counts[at] as number) + w;
          if (b === 2) (overdueOf[s] as number[]).push(d * items.count + i);
        }
      } else {
        let counted = first === last && noChannelCounts;
        for (let k = first; k < last && !counted; k++) counted = (slot[itemChannels[k] as number] as number) >= 0;
        if (!counted) continue;
        const at = p * 3 + b;
        counts[at] = (counts[at] as number) + w;
        if (b === 2) (overdueOf[0] as number[]).push(d * items.count + i);
      }
    }
  }

  for (let g = 0; g < groups; g++) {
    const channel = perChannel ? (channels[matching[g] as number] as Channel) : null;
    const coverage = exemptionCoverage(exemptions, norm.id, channel === null ? null : channel.id);
    const livePeriod = perChannel ? (liveFrom[matching[g] as number] as number) : 0;
    const channelId = channel === null ? null : channel.id;
    for (let p = livePeriod; p < periods; p++) {
      if (!judged[p]) continue;
      const at = (g * periods + p) * 3;
      const actual = counts[at] as number;
      const planned = counts[at + 1] as number;
      const start = starts[p] as number;
      const end = (starts[p + 1] as number) - 1;
      const status: ComplianceStatus = coverage.covers(start, end)
        ? 'exempt'
        : frequencyStatus({ required: norm.min, actual, planned }, periodTiming({ start, end }, context.today));
      rows.push({
        norm: norm.id,
        channel: channelId,
        periodStart: startDates[p] as LocalDate,
        periodEnd: endDates[p] as LocalDate,
        required: norm.min,
        actual,
        planned,
        overdue: counts[at + 2] as number,
        status,
      });
    }
    // Overdue keys are day * count + index: sorting them orders by date, then input order.
    const keys = Float64Array.from(overdueOf[g] as number[]).sort();
    for (const key of keys) hits.push({ item: key % items.count, norm: norm.id, channel: channel === null ? null : channel.id });
  }
}

function rangeExempt(norm: Norm, range: DateRange, exemptions: readonly Exemption[]): boolean {
  return exemptionCoverage(exemptions, norm.id, null).covers(toDayNumber(range.from), toDayNumber(range.to));
}

function singleRow(norm: Norm, required: number, actual: number, status: ComplianceStatus): ComplianceRow {
  return { norm: norm.id, channel: null, periodStart: null, periodEnd: null, required, actual, planned: 0, overdue: 0, status };
}

function bindingStatus(norm: Norm, input: Omit<EvaluationInput, 'items'>, exemptions: readonly Exemption[]): ComplianceStatus | undefined {
  if (!normAppliesTo(norm, input.org) || !isEffectiveDuring(norm, input.range)) return 'not_applicable';
  return rangeExempt(norm, input.range, exemptions) ? 'exempt' : undefined;
}

// A channel counts as present when it exists by the end of the range.
function judgePresence(norm: PresenceNorm, input: Omit<EvaluationInput, 'items'>, exemptions: readonly Exemption[]): ComplianceRow {
  const groups = presenceGroups(norm);
  const present = input.channels.filter((c) => isChannelLive(c, input.range.to));
  const actual = groups.filter((types) => present.some((c) => types.includes(c.type))).length;
  const status = bindingStatus(norm, input, exemptions) ?? (actual >= groups.length ? 'met' : 'missed');
  return singleRow(norm, groups.length, actual, status);
}

function judgeQuantity(norm: QuantityNorm, input: Omit<EvaluationInput, 'items'>, exemptions: readonly Exemption[]): ComplianceRow {
  const required = quantityRequired(norm, input.org);
  const actual = reportedFigure(input.org, norm.figure);
  const status = bindingStatus(norm, input, exemptions) ?? (actual >= required ? 'met' : 'missed');
  return singleRow(norm, required, actual, status);
}
