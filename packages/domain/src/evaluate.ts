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
 *
 * One pipeline, whoever counts: {@link layOut} the periods and the groups to
 * count; count the items in each group and period, here ({@link countItems})
 * or in a database (see counting-groups.ts); {@link judge} the counts. Nothing
 * is kept between calls: a cache, where one pays, belongs to the caller
 * ({@link EvaluateOptions.memo}).
 */
import type { Channel } from './channel.js';
import { isChannelLive } from './channel.js';
import type { ComplianceRow, ComplianceStatus, OverdueEntry, RowSink } from './compliance.js';
import { frequencyStatus } from './compliance.js';
import type { Exemption } from './exemption.js';
import { exemptionCoverage, parseExemption } from './exemption.js';
import type { CountingGroup, GroupCount } from './counting-groups.js';
import type { ItemStatus, PlanItem, StatusClass } from './item.js';
import { ITEM_STATUSES, statusClass } from './item.js';
import { fromDayNumber, INSTANT, NOT_A_DATE, readItemDate, toDayNumber, WALL_DATE } from './local-date.js';
import type { DateRange, DayNumber, LocalDate } from './local-date.js';
import type { FrequencyNorm, Norm, PresenceNorm, QuantityNorm } from './norm.js';
import { countsChannelType, isEffectiveDuring, judgesPeriodStarting, normAppliesTo, parseNorm, presenceGroups, quantityRequired } from './norm.js';
import type { Organisation } from './organisation.js';
import { reportedFigure } from './organisation.js';
import { periodGrid, periodTiming } from './period.js';
import type { PeriodGrid, PeriodKind, PeriodTiming } from './period.js';
import type { DayClock } from './time-zone.js';
import { dayClock } from './time-zone.js';
import type { Issue } from './read-json.js';
import { checkRange } from './date-range.js';
import { ContributionBuilder, type OrganisationContribution, type RollUpOptions } from './rollup.js';
import { childPath, issue, pathTo, readLocalDate, readTimeZone, ValidationError } from './read-json.js';

/** What to judge: an organisation, its channels and items, the norms, and a range of local dates. */
export interface EvaluationInput {
  org: Organisation;
  channels: readonly Channel[];
  norms: readonly Norm[];
  items: readonly PlanItem[];
  exemptions?: readonly Exemption[];
  range: DateRange;
}

/** What is judged besides the items: what {@link layOut} lays out. */
export type EvaluationBase = Omit<EvaluationInput, 'items'>;

/** When and where the judgement is made: time is passed in, never read from a clock. */
export interface EvaluateOptions {
  /** Today on the organisation's local calendar. */
  today: LocalDate;
  /** The organisation's IANA time zone. */
  timeZone: string;
  /**
   * What a caller keeps over many evaluations (a summary judges 2,500
   * organisations under the same few dozen norm objects, in a few zones, over
   * one range): norms and zones found valid are not checked again (checking a
   * zone builds a formatter), and a zone's clock over a span is built once.
   * The caller makes it ({@link evaluationMemo}) and lets it go; a norm must
   * not change once checked.
   */
  memo?: EvaluationMemo;
  /**
   * Count only confirmed items as done (the organisation's `countOnlyConfirmed` setting): a
   * done item whose `confirmed` is not `true` then counts nowhere, as if cancelled.
   */
  onlyConfirmed?: boolean;
  /**
   * Give rows a `confirmed` count even when no item or count says anything of evidence (the API,
   * whose counts always know it). Without it, rows carry `confirmed` only when the items carry a
   * `confirmed` flag or the database counts a `confirmed` figure; `ritm check` never does.
   */
  countConfirmed?: boolean;
}

/** What a caller keeps over many evaluations (see {@link EvaluateOptions.memo}). */
export interface EvaluationMemo {
  norms: WeakSet<Norm>;
  timeZones: Set<string>;
  /** Clocks by zone and span. */
  clocks: Map<string, DayClock>;
  /** Periods of a kind over a range, shared by every organisation judged over it. */
  grids: Map<string, GridTable>;
}

/**
 * A new, empty {@link EvaluationMemo} for a run of evaluations.
 *
 * @example
 * const memo = evaluationMemo();
 * organisations.map((org) => evaluate(org.input, { today, timeZone: org.timeZone, memo })); // each norm and zone checked once
 */
export function evaluationMemo(): EvaluationMemo {
  return { norms: new WeakSet(), timeZones: new Set(), clocks: new Map(), grids: new Map() };
}

export interface Evaluation {
  results: ComplianceRow[];
  overdue: OverdueEntry[];
}

/**
 * Judges an organisation's norms over a range: {@link layOut}, then
 * {@link countItems}, then {@link judge}. Throws a {@link ValidationError}
 * naming the bad value when the options, range, norms, channels, exemptions or
 * an item's `at` cannot be used.
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
  const layout = layOut(input, options);
  const tally = countItems(layout, input.items);
  const results = judge(layout, tally);
  const overdue = tally.overdue.map((hit) => {
    const item = input.items[hit.item] as PlanItem;
    return { item: item.id, norm: hit.norm, channel: hit.channel, at: item.at };
  });
  return { results, overdue };
}

/**
 * The local days an evaluation reads items from: the whole periods of every
 * frequency norm around the range (a `year` norm widens a week's range to the
 * year). Load items for `from … to`.
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

// ---------------------------------------------------------------------------
// 1. Layout: the periods of each frequency norm and the groups to count in them.

const DONE = 0;
const OPEN = 1;
const VOID = 2;
const CLASS_CODES: Record<StatusClass, number> = { done: DONE, open: OPEN, void: VOID };
// statusClass as a table for the per-item loop; a status outside the vocabulary never counts.
const CLASS_OF_STATUS = new Map<string, number>(ITEM_STATUSES.map((status) => [status, CLASS_CODES[statusClass(status)]]));

interface GridTable {
  grid: PeriodGrid;
  /** Local dates of each period's first and last day. */
  startDates: LocalDate[];
  endDates: LocalDate[];
  /** `startDates` and the day after the last period: a {@link CountingGroup}'s `periodStarts`. */
  periodStarts: readonly LocalDate[];
}

/** One frequency norm that binds the organisation, laid out over the span. */
interface NormLayout {
  /** The norm's index in the input's `norms`. */
  index: number;
  norm: FrequencyNorm;
  table: GridTable;
  /** Whether the norm judges each period. */
  judged: boolean[];
  perChannel: boolean;
  /** Indexes of the channels whose type matches. */
  matching: number[];
  /** Per channel: the first period each channel has a row in, past the last for a channel of another type. */
  liveFrom: Int32Array;
  /** Each channel's group, -1 when it does not match (across channels, every matching channel's is 0). */
  slot: Int32Array;
  groups: number;
  /** Across channels without channel types: an item on no channel counts. */
  noChannelCounts: boolean;
  /** The index of its first group in {@link Layout.groups}. */
  firstGroup: number;
}

/**
 * What {@link layOut} lays out: the groups to count (its `groups`, one per
 * frequency norm that binds the organisation, and per matching channel for a
 * per-channel norm) and how their counts become rows.
 */
export interface Layout {
  readonly input: EvaluationBase;
  /** When and where, checked: needed to count and judge, not to lay out what to count. */
  readonly when: { today: DayNumber; timeZone: string; memo: EvaluationMemo | undefined; onlyConfirmed: boolean; countConfirmed: boolean } | undefined;
  readonly groups: readonly CountingGroup[];
  /** First and last local day items are read for (whole periods around the range). */
  readonly firstDay: DayNumber;
  readonly lastDay: DayNumber;
  readonly channelIndex: ReadonlyMap<string, number>;
  readonly norms: readonly NormLayout[];
}

/**
 * Step 1: lays out the periods of every frequency norm over the range and the
 * groups to count in them; with `options`, when and where the counts are
 * judged (needed by {@link countItems} and {@link judge}). Throws a {@link ValidationError} naming what cannot
 * be used in the options (when given), range, norms, channels or exemptions.
 *
 * @example
 * layOut({ org: {}, channels: [{ id: 'vk', type: 'vk' }], norms: [{ id: 'posts', type: 'frequency', min: 2, per: 'week', kinds: ['post'], perChannel: true }], range: { from: '2026-11-09', to: '2026-11-15' } }).groups
 * // [{ norm: 0, channel: 'vk', kinds: ['post'], channels: ['vk'], per: 'week', periodStarts: ['2026-11-09', '2026-11-16'] }]
 */
export function layOut(input: EvaluationBase, options?: EvaluateOptions): Layout {
  const issues: Issue[] = [];
  const memo = options?.memo;
  let when: Layout['when'];
  if (options !== undefined) {
    const timeZone = memo?.timeZones.has(options.timeZone) ? options.timeZone : readTimeZone(options.timeZone, 'timezone', issues);
    if (timeZone !== undefined) memo?.timeZones.add(timeZone);
    const today = readLocalDate(options.today, 'today', issues);
    if (timeZone !== undefined && today !== undefined) when = {
        today: toDayNumber(today),
        timeZone,
        memo,
        onlyConfirmed: options.onlyConfirmed === true,
        countConfirmed: options.countConfirmed === true || options.onlyConfirmed === true,
      };
  }
  const from = readLocalDate(input.range.from, 'from', issues);
  const to = readLocalDate(input.range.to, 'to', issues);
  if (from !== undefined && to !== undefined) checkRange({ from, to }, 'to', issues);
  input.norms.forEach((norm, i) => {
    if (memo?.norms.has(norm)) return;
    const before = issues.length;
    parseNorm(norm, pathTo('norms', i), issues);
    if (issues.length === before) memo?.norms.add(norm);
  });
  (input.exemptions ?? []).forEach((e, i) => parseExemption(e, pathTo('exemptions', i), issues));
  const channelIndex = new Map<string, number>();
  input.channels.forEach((channel, i) => {
    if (!channelIndex.has(channel.id)) channelIndex.set(channel.id, i);
    if (channel.since !== undefined && Number.isNaN(toDayNumber(channel.since))) {
      issues.push(issue(childPath(childPath('channels', i), 'since'), 'not_a_date'));
    }
  });
  if (issues.length > 0 || from === undefined || to === undefined) throw new ValidationError(issues);

  const span = evaluationSpan({ from, to }, input.norms);
  const firstDay = toDayNumber(span.from);
  const lastDay = toDayNumber(span.to);
  const tables = new Map<PeriodKind, GridTable>();
  const norms: NormLayout[] = [];
  const groups: CountingGroup[] = [];
  input.norms.forEach((norm, index) => {
    if (norm.type !== 'frequency' || !normAppliesTo(norm, input.org)) return;
    let table = tables.get(norm.per);
    if (table === undefined) {
      const key = `${norm.per}|${from}|${to}`;
      table = memo?.grids.get(key) ?? gridTable(norm.per, toDayNumber(from), toDayNumber(to));
      memo?.grids.set(key, table);
      tables.set(norm.per, table);
    }
    const laidOut = layOutNorm(norm, index, table, input.channels, groups.length);
    norms.push(laidOut);
    const kinds = norm.kinds ?? null;
    const periodStarts = laidOut.table.periodStarts;
    if (laidOut.perChannel) {
      for (const ch of laidOut.matching) {
        const id = (input.channels[ch] as Channel).id;
        groups.push({ norm: index, channel: id, kinds, channels: [id], per: norm.per, periodStarts });
      }
    } else {
      const channels = norm.channelTypes === undefined ? null : [...new Set(laidOut.matching.map((ch) => (input.channels[ch] as Channel).id))];
      groups.push({ norm: index, channel: null, kinds, channels, per: norm.per, periodStarts });
    }
  });
  return { input, when, groups, firstDay, lastDay, channelIndex, norms };
}

// Periods of one kind over the range.
function gridTable(per: PeriodKind, from: DayNumber, to: DayNumber): GridTable {
  const grid = periodGrid(from, to, per);
  const startDates = grid.starts.slice(0, -1).map(fromDayNumber);
  const endDates = grid.starts.slice(1).map((next) => fromDayNumber(next - 1));
  return { grid, startDates, endDates, periodStarts: [...startDates, fromDayNumber(grid.starts[grid.starts.length - 1] as number)] };
}

function layOutNorm(norm: FrequencyNorm, index: number, table: GridTable, channels: readonly Channel[], firstGroup: number): NormLayout {
  const { startDates } = table;
  const periods = startDates.length;
  const judged = startDates.map((start) => judgesPeriodStarting(norm, start));
  const perChannel = norm.perChannel === true;
  const liveFrom = new Int32Array(channels.length).fill(periods);
  const matching: number[] = [];
  channels.forEach((channel, ch) => {
    if (!countsChannelType(norm, channel.type)) return;
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
  const slot = new Int32Array(channels.length).fill(-1);
  matching.forEach((ch, s) => (slot[ch] = perChannel ? s : 0));
  return {
    index,
    norm,
    table,
    judged,
    perChannel,
    matching,
    liveFrom,
    slot,
    groups: perChannel ? matching.length : 1,
    noChannelCounts: norm.channelTypes === undefined && !perChannel,
    firstGroup,
  };
}

// ---------------------------------------------------------------------------
// 2. Counts: items per group, period and class, counted here or by a database.

/**
 * Counts of a {@link Layout}'s groups: for each laid-out norm,
 * `counts[(group * periods + p) * 3 + c]` holds its done items, open items
 * dated today or later, and open items dated before today (overdue).
 */
export interface Tally {
  readonly counts: readonly Int32Array[];
  /**
   * For each laid-out norm, `confirmed[group * periods + p]`: how many of the done items are
   * confirmed. Absent when nothing said which items are (items without a `confirmed` flag, counts
   * without a `confirmed` figure), so rows then carry no `confirmed` and `ritm check` prints
   * what it always printed.
   */
  readonly confirmed?: readonly Int32Array[];
  /** Overdue items by their index in the items counted (none when a database counted). */
  readonly overdue: readonly OverdueHit[];
}

interface OverdueHit {
  item: number;
  norm: string;
  channel: string | null;
}

function emptyCounts(layout: Layout, perPeriod = 3): Int32Array[] {
  return layout.norms.map((n) => new Int32Array(n.groups * n.table.startDates.length * perPeriod));
}

/**
 * Step 2, in JS: counts the items in the groups and periods of a layout made
 * with options. Throws a {@link ValidationError} naming an item whose `at` is
 * not a date.
 */
export function countItems(layout: Layout, items: readonly PlanItem[]): Tally {
  const { today, timeZone, memo, onlyConfirmed, countConfirmed } = whenOf(layout);
  const issues: Issue[] = [];
  const prepared = prepareItems(items, layout, timeZone, memo, onlyConfirmed, issues);
  if (issues.length > 0) throw new ValidationError(issues);
  const counts = emptyCounts(layout);
  const confirmed = countConfirmed || items.some((item) => item.confirmed !== undefined) ? emptyCounts(layout, 1) : undefined;
  const overdue: OverdueHit[] = [];
  const periodsOfDay = new Map<GridTable, Int32Array>();
  layout.norms.forEach((norm, n) => {
    let periodOfDay = periodsOfDay.get(norm.table);
    if (periodOfDay === undefined) periodsOfDay.set(norm.table, (periodOfDay = periodOfDayIn(norm.table, layout)));
    countNorm(norm, layout, prepared, periodOfDay, today - layout.firstDay, counts[n] as Int32Array, confirmed?.[n], overdue);
  });
  return confirmed === undefined ? { counts, overdue } : { counts, confirmed, overdue };
}

/**
 * Many {@link GroupCount}s of one organisation in one flat array, six numbers each, `confirmed`
 * NaN where it was not counted: what a database's counts of thousands of organisations become
 * without an object per group and period. Iterating gives the {@link GroupCount}s.
 */
export class GroupCounts implements Iterable<GroupCount> {
  #values = new Float64Array(6 * 16);
  #length = 0;
  #hasConfirmed = false;

  /** The counts of a list. */
  static of(counts: Iterable<GroupCount>): GroupCounts {
    const table = new GroupCounts();
    for (const { group, period, actual, confirmed, planned, overdue } of counts) table.add(group, period, actual, confirmed, planned, overdue);
    return table;
  }

  get length(): number {
    return this.#length;
  }

  /** Whether any count says how many of its items are confirmed. */
  get hasConfirmed(): boolean {
    return this.#hasConfirmed;
  }

  /** The six numbers of each count, in order: group, period, actual, confirmed (NaN when absent), planned, overdue. */
  get values(): Float64Array {
    return this.#values.subarray(0, this.#length * 6);
  }

  /**
   * Adds one count; `confirmed` undefined or NaN when not counted. Counts are whole numbers a
   * tally holds as 32-bit integers: any other number throws a RangeError.
   */
  add(group: number, period: number, actual: number, confirmed: number | undefined, planned: number, overdue: number): void {
    const counted = confirmed !== undefined && !Number.isNaN(confirmed);
    if (!(isInt32(group) && isInt32(period) && isInt32(actual) && isInt32(planned) && isInt32(overdue) && (!counted || isInt32(confirmed)))) {
      throw new RangeError(`counts are whole numbers below 2^31, not ${[group, period, actual, confirmed, planned, overdue].join(', ')}`);
    }
    let values = this.#values;
    const at = this.#length * 6;
    if (at + 6 > values.length) {
      values = new Float64Array(values.length * 2);
      values.set(this.#values);
      this.#values = values;
    }
    values[at] = group;
    values[at + 1] = period;
    values[at + 2] = actual;
    values[at + 3] = counted ? confirmed : Number.NaN;
    values[at + 4] = planned;
    values[at + 5] = overdue;
    if (counted) this.#hasConfirmed = true;
    this.#length++;
  }

  *[Symbol.iterator](): Iterator<GroupCount> {
    const values = this.#values;
    for (let at = 0; at < this.#length * 6; at += 6) {
      const confirmed = values[at + 3] as number;
      yield {
        group: values[at] as number,
        period: values[at + 1] as number,
        actual: values[at + 2] as number,
        ...(!Number.isNaN(confirmed) && { confirmed }),
        planned: values[at + 4] as number,
        overdue: values[at + 5] as number,
      };
    }
  }
}

const isInt32 = (n: number) => (n | 0) === n;

/**
 * Step 2, from a database: the tally of counts made for the layout's `groups`
 * (`group` indexes them, `period` its group's periods; absent means zero).
 */
export function tallyOfCounts(layout: Layout, groupCounts: readonly GroupCount[] | GroupCounts): Tally {
  const table = groupCounts instanceof GroupCounts ? groupCounts : GroupCounts.of(groupCounts);
  const counts = emptyCounts(layout);
  const confirmed = layout.when?.countConfirmed === true || table.hasConfirmed ? emptyCounts(layout, 1) : undefined;
  const normOfGroup = new Int32Array(layout.groups.length);
  layout.norms.forEach((norm, n) => normOfGroup.fill(n, norm.firstGroup, norm.firstGroup + norm.groups));
  const values = table.values;
  for (let i = 0; i < values.length; i += 6) {
    const group = values[i] as number;
    const period = values[i + 1] as number;
    if (!(group >= 0 && group < layout.groups.length)) continue;
    const n = normOfGroup[group] as number;
    const norm = layout.norms[n] as NormLayout;
    const periods = norm.table.startDates.length;
    if (!(period >= 0 && period < periods)) continue;
    const at = ((group - norm.firstGroup) * periods + period) * 3;
    const list = counts[n] as Int32Array;
    list[at] = values[i + 2] as number;
    list[at + 1] = values[i + 4] as number;
    list[at + 2] = values[i + 5] as number;
    const confirmedCount = values[i + 3] as number;
    if (confirmed !== undefined) (confirmed[n] as Int32Array)[at / 3] = Number.isNaN(confirmedCount) ? 0 : confirmedCount;
  }
  return confirmed === undefined ? { counts, overdue: [] } : { counts, confirmed, overdue: [] };
}

/**
 * Items as columns, one entry per input item, channels in a flat list;
 * `order` lists the entries that can count (not cancelled, inside the span)
 * grouped by kind, so a norm of two kinds visits only those items.
 */
interface Prepared {
  count: number;
  /** Day index in the span, -1 when outside it. */
  day: Int32Array;
  cls: Uint8Array;
  /** 1 for a done entry that is confirmed. */
  confirmed: Uint8Array;
  /** Channels of entry i are `channels[channelStart[i] … channelStart[i + 1])`. */
  channelStart: Int32Array;
  channels: Int32Array;
  kindIndex: Map<string, number>;
  /** Countable entries grouped by kind: kind k's are `order[kindStart[k] … kindStart[k + 1])`. */
  order: Int32Array;
  kindStart: Int32Array;
}

function classOf(status: ItemStatus): number {
  return CLASS_OF_STATUS.get(status) ?? VOID;
}

function channelColumns(entries: readonly { channels: readonly string[] }[], index: ReadonlyMap<string, number>) {
  const channelStart = new Int32Array(entries.length + 1);
  let total = 0;
  for (let i = 0; i < entries.length; i++) total += (entries[i] as { channels: readonly string[] }).channels.length;
  const channels = new Int32Array(total);
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

// A zone's clock over the span: one per evaluation, or one per run when the caller keeps a memo.
function clockOf(timeZone: string, firstDay: DayNumber, lastDay: DayNumber, memo: EvaluationMemo | undefined): DayClock {
  if (memo === undefined) return dayClock(timeZone, firstDay, lastDay);
  const key = `${timeZone}|${firstDay}|${lastDay}`;
  let clock = memo.clocks.get(key);
  if (clock === undefined) memo.clocks.set(key, (clock = dayClock(timeZone, firstDay, lastDay)));
  return clock;
}

function whenOf(layout: Layout): NonNullable<Layout['when']> {
  if (layout.when === undefined) throw new Error('lay out with options (today, time zone) to count or judge');
  return layout.when;
}

function prepareItems(items: readonly PlanItem[], layout: Layout, timeZone: string, memo: EvaluationMemo | undefined, onlyConfirmed: boolean, issues: Issue[]): Prepared {
  const count = items.length;
  const day = new Int32Array(count);
  const kind = new Int32Array(count);
  const cls = new Uint8Array(count);
  const confirmed = new Uint8Array(count);
  const kindIndex = new Map<string, number>();
  const { firstDay, lastDay } = layout;
  const read = new Float64Array(1);
  // Instants go through one clock per evaluation, built on the first instant met.
  let clock: DayClock | undefined;
  for (let i = 0; i < count; i++) {
    const item = items[i] as PlanItem;
    let k = kindIndex.get(item.kind);
    if (k === undefined) kindIndex.set(item.kind, (k = kindIndex.size));
    kind[i] = k;
    cls[i] = classOf(item.status);
    if (cls[i] === DONE && item.confirmed === true) confirmed[i] = 1;
    else if (cls[i] === DONE && onlyConfirmed) cls[i] = VOID;
    const found = typeof item.at === 'string' ? readItemDate(item.at, read) : NOT_A_DATE;
    const value = read[0] as number;
    if (found === WALL_DATE) {
      day[i] = value >= firstDay && value <= lastDay ? value - firstDay : -1;
    } else if (found === INSTANT) {
      clock ??= clockOf(timeZone, firstDay, lastDay, memo);
      day[i] = clock.dayIndexOf(value);
    } else {
      issues.push(issue(childPath(childPath('items', i), 'at'), 'not_a_date'));
      day[i] = -1;
    }
  }
  return { count, day, cls, confirmed, ...channelColumns(items, layout.channelIndex), kindIndex, ...groupByKind(kind, day, cls, kindIndex.size) };
}

// For each day of the span, its period's index, or -1.
function periodOfDayIn({ grid }: GridTable, { firstDay, lastDay }: Layout): Int32Array {
  const periodOfDay = new Int32Array(lastDay - firstDay + 1).fill(-1);
  for (let p = 0; p + 1 < grid.starts.length; p++) {
    const end = (grid.starts[p + 1] as number) - firstDay;
    for (let d = (grid.starts[p] as number) - firstDay; d < end; d++) periodOfDay[d] = p;
  }
  return periodOfDay;
}

// The hot loop: every countable item of the norm's kinds, placed in its period
// by table look-ups only. counts[(group * periods + p) * 3 + class] holds done,
// open-from-today and overdue items.
function countNorm(
  laidOut: NormLayout,
  layout: Layout,
  items: Prepared,
  periodOfDay: Int32Array,
  todayIndex: number,
  counts: Int32Array,
  confirmedCounts: Int32Array | undefined,
  hits: OverdueHit[],
): void {
  const { norm, judged, perChannel, liveFrom, slot, groups, noChannelCounts } = laidOut;
  const periods = laidOut.table.startDates.length;
  // The judged period of each day of the span, -1 for days of periods the norm does not judge.
  const judgedPeriodOfDay = new Int32Array(periodOfDay.length);
  for (let d = 0; d < periodOfDay.length; d++) {
    const p = periodOfDay[d] as number;
    judgedPeriodOfDay[d] = p >= 0 && judged[p] === true ? p : -1;
  }
  const overdueOf: number[][] = Array.from({ length: groups }, () => []);

  // Segments of `order` to visit: every kind of the norm, or all.
  const segments: number[] = [];
  const { order, kindStart, day, cls, confirmed, channelStart, channels: itemChannels } = items;
  if (norm.kinds === undefined) segments.push(0, order.length);
  else {
    for (const k of new Set(norm.kinds.map((kind) => items.kindIndex.get(kind)))) {
      if (k !== undefined) segments.push(kindStart[k] as number, kindStart[k + 1] as number);
    }
  }

  for (let g = 0; g < segments.length; g += 2) {
    const end = segments[g + 1] as number;
    for (let j = segments[g] as number; j < end; j++) {
      const i = order[j] as number;
      const d = day[i] as number;
      const p = judgedPeriodOfDay[d] as number;
      if (p < 0) continue;
      const b = cls[i] === DONE ? 0 : d >= todayIndex ? 1 : 2;
      const first = channelStart[i] as number;
      const last = channelStart[i + 1] as number;
      if (perChannel) {
        for (let k = first; k < last; k++) {
          const ch = itemChannels[k] as number;
          if (p < (liveFrom[ch] as number)) continue;
          const s = slot[ch] as number;
          const at = (s * periods + p) * 3 + b;
          counts[at] = (counts[at] as number) + 1;
          if (b === 0 && confirmedCounts !== undefined && confirmed[i] === 1) confirmedCounts[s * periods + p] = (confirmedCounts[s * periods + p] as number) + 1;
          if (b === 2) (overdueOf[s] as number[]).push(d * items.count + i);
        }
      } else {
        let counted = first === last && noChannelCounts;
        for (let k = first; k < last && !counted; k++) counted = (slot[itemChannels[k] as number] as number) >= 0;
        if (!counted) continue;
        const at = p * 3 + b;
        counts[at] = (counts[at] as number) + 1;
        if (b === 0 && confirmedCounts !== undefined && confirmed[i] === 1) confirmedCounts[p] = (confirmedCounts[p] as number) + 1;
        if (b === 2) (overdueOf[0] as number[]).push(d * items.count + i);
      }
    }
  }

  for (let g = 0; g < groups; g++) {
    const channel = perChannel ? (layout.input.channels[laidOut.matching[g] as number] as Channel).id : null;
    // Overdue keys are day * count + index: sorting them orders by date, then input order.
    const keys = Float64Array.from(overdueOf[g] as number[]).sort();
    for (const key of keys) hits.push({ item: key % items.count, norm: norm.id, channel });
  }
}

// ---------------------------------------------------------------------------
// 3. Judgement: rows from the counts.

/**
 * Step 3: the rows of every norm, in input order, from the counts of its
 * groups (frequency norms) or from the organisation itself (presence and
 * quantity norms), as of the layout's today.
 */
export function judge(layout: Layout, tally: Tally): ComplianceRow[] {
  const rows: ComplianceRow[] = [];
  judgeInto(layout, tally, {
    row(norm, channel, periodStart, periodEnd, required, actual, confirmed, planned, overdue, status) {
      rows.push({ norm, channel, periodStart, periodEnd, required, actual, ...(confirmed !== undefined && { confirmed }), planned, overdue, status });
    },
  });
  return rows;
}

/**
 * {@link judge}, handing each row's fields to `sink` in the same order instead of making the row:
 * a summary of thousands of organisations counts statuses without an object per row (see the
 * roll-up's `ContributionBuilder`, and {@link summariseJudgement}).
 */
export function judgeInto(layout: Layout, tally: Tally, sink: RowSink): void {
  const { input } = layout;
  const { today } = whenOf(layout);
  // Each norm's coverage is built from its own exemptions only, not by filtering them all per row group.
  const exemptionsOf = new Map<string, Exemption[]>();
  for (const e of input.exemptions ?? []) {
    const list = exemptionsOf.get(e.norm);
    if (list === undefined) exemptionsOf.set(e.norm, [e]);
    else list.push(e);
  }
  let laid = 0;
  input.norms.forEach((norm, index) => {
    const exemptions = exemptionsOf.get(norm.id) ?? [];
    switch (norm.type) {
      case 'frequency': {
        const laidOut = layout.norms[laid];
        if (laidOut?.index !== index) break;
        judgeFrequency(laidOut, input.channels, exemptions, today, tally.counts[laid] as Int32Array, tally.confirmed?.[laid], sink);
        laid++;
        break;
      }
      case 'presence':
        singleRow(sink, judgePresence(norm, input, exemptions));
        break;
      case 'quantity':
        singleRow(sink, judgeQuantity(norm, input, exemptions));
        break;
    }
  });
}

/**
 * One organisation's part of a roll-up straight from its layout and counts: exactly
 * `summariseOrganisation({ org, rows: judge(layout, tally) }, options)`, without the rows.
 */
export function summariseJudgement(org: string, layout: Layout, tally: Tally, options: RollUpOptions = {}): OrganisationContribution {
  const builder = new ContributionBuilder(org, options);
  judgeInto(layout, tally, builder);
  return builder.contribution();
}

function judgeFrequency(
  laidOut: NormLayout,
  channels: readonly Channel[],
  exemptions: readonly Exemption[],
  today: DayNumber,
  counts: Int32Array,
  confirmed: Int32Array | undefined,
  sink: RowSink,
): void {
  const { norm, table, judged, perChannel, matching, liveFrom, groups } = laidOut;
  const { grid, startDates, endDates } = table;
  const starts = grid.starts;
  const periods = startDates.length;
  // Where each period lies from today, once for all the norm's groups rather than once per row.
  const timings: PeriodTiming[] = [];
  for (let p = 0; p < periods; p++) timings.push(periodTiming({ start: starts[p] as number, end: (starts[p + 1] as number) - 1 }, today));
  for (let g = 0; g < groups; g++) {
    const channel = perChannel ? (channels[matching[g] as number] as Channel) : null;
    // Most norms have no exemption at all: nothing to cover then.
    const coverage = exemptions.length === 0 ? undefined : exemptionCoverage(exemptions, norm.id, channel === null ? null : channel.id);
    const livePeriod = perChannel ? (liveFrom[matching[g] as number] as number) : 0;
    const channelId = channel === null ? null : channel.id;
    for (let p = livePeriod; p < periods; p++) {
      if (!judged[p]) continue;
      const at = (g * periods + p) * 3;
      const actual = counts[at] as number;
      const planned = counts[at + 1] as number;
      const status: ComplianceStatus =
        coverage !== undefined && coverage.covers(starts[p] as number, (starts[p + 1] as number) - 1)
          ? 'exempt'
          : frequencyStatus({ required: norm.min, actual, planned }, timings[p] as PeriodTiming);
      sink.row(
        norm.id,
        channelId,
        startDates[p] as LocalDate,
        endDates[p] as LocalDate,
        norm.min,
        actual,
        confirmed === undefined ? undefined : (confirmed[g * periods + p] as number),
        planned,
        counts[at + 2] as number,
        status,
      );
    }
  }
}

function rangeExempt(norm: Norm, range: DateRange, exemptions: readonly Exemption[]): boolean {
  return exemptionCoverage(exemptions, norm.id, null).covers(toDayNumber(range.from), toDayNumber(range.to));
}

// A presence or quantity norm's one row, without a period.
function singleRow(sink: RowSink, { norm, required, actual, status }: { norm: Norm; required: number; actual: number; status: ComplianceStatus }): void {
  sink.row(norm.id, null, null, null, required, actual, undefined, 0, 0, status);
}

function bindingStatus(norm: Norm, input: EvaluationBase, exemptions: readonly Exemption[]): ComplianceStatus | undefined {
  if (!normAppliesTo(norm, input.org) || !isEffectiveDuring(norm, input.range)) return 'not_applicable';
  return rangeExempt(norm, input.range, exemptions) ? 'exempt' : undefined;
}

// A channel counts as present when it exists by the end of the range.
function judgePresence(norm: PresenceNorm, input: EvaluationBase, exemptions: readonly Exemption[]) {
  const groups = presenceGroups(norm);
  const present = input.channels.filter((c) => isChannelLive(c, input.range.to));
  const actual = groups.filter((types) => present.some((c) => types.includes(c.type))).length;
  const status: ComplianceStatus = bindingStatus(norm, input, exemptions) ?? (actual >= groups.length ? 'met' : 'missed');
  return { norm, required: groups.length, actual, status };
}

function judgeQuantity(norm: QuantityNorm, input: EvaluationBase, exemptions: readonly Exemption[]) {
  const required = quantityRequired(norm, input.org);
  const actual = reportedFigure(input.org, norm.figure);
  const status: ComplianceStatus = bindingStatus(norm, input, exemptions) ?? (actual >= required ? 'met' : 'missed');
  return { norm, required, actual, status };
}
