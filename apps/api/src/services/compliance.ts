import type { Transaction } from 'kysely';
import type { AdjustmentMark, ComplianceSummary, ComplianceSummaryHead, OrganisationCompliance } from '@ritm/contracts/compliance';
import type { ComplianceRow, OverdueEntry } from '@ritm/domain/compliance';
import { contractRow } from '@ritm/domain/compliance';
import { evaluate, evaluationMemo, evaluationSpan, judge, layOut, summariseJudgement, tallyOfCounts, type Layout, type Tally } from '@ritm/domain/evaluate';
import { toDayNumber, type DateRange, type LocalDate } from '@ritm/domain/local-date';
import { periodOf, type PeriodKind } from '@ritm/domain/period';
import type { OrganisationContribution } from '@ritm/domain/rollup';
import { combineRollUp } from '@ritm/domain/rollup';
import { suggestGaps, type GapSuggestion } from '@ritm/domain/suggest';
import { localDateOf } from '@ritm/domain/time-zone';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { checkDateRange } from '../http/date-range.js';
import { countUnregistered, readCounts, readKeptCounts } from '../repositories/counts.js';
import { itemsToJudge, judgingInputs, openItemsBefore, type JudgingInput } from '../repositories/judging-inputs.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { adjustmentOf, groupByOrg, resolveNorms, type NormRow } from '../repositories/norms.js';
import { workingCalendarOfOrg } from './production-calendar.js';

/*
 * The judge: compliance rows, overdue items, suggestions and summaries from the inputs the
 * loader reads (repositories/judging-inputs.ts). Nothing here is kept between requests; the
 * compliance cache (plugins/compliance-cache.ts) keeps what it judges.
 */

/** Today on the organisation's calendar: the only place the clock (`now`, from the route) meets compliance. */
export function todayIn(timeZone: string, now: Date): string {
  return localDateOf(now.getTime(), timeZone);
}

/** When a judgement is made: `asOf` replaces today (tests, reports), else the clock's `now` in each zone. */
export interface JudgedWhen {
  asOf?: string | undefined;
  now: Date;
}

const domainInput = (input: JudgingInput, range: DateRange) => ({
  org: { kind: input.org.kind, ...(input.org.members !== null && { members: input.org.members }), figures: input.org.figures },
  channels: input.channels,
  norms: input.norms,
  exemptions: input.exemptions,
  range,
});

async function inputOf(db: Kysely<DB>, org: OrganisationContext): Promise<JudgingInput> {
  const inputs = await judgingInputs(db, { root: org, subtree: false });
  return (await inputs.load([org]))[0]!;
}

/**
 * One organisation's compliance as `ritm check` would print it: rows from counted groups, and
 * the overdue entries from the few open items dated before today (named by id).
 */
export async function complianceOf(db: Kysely<DB>, org: OrganisationContext, range: DateRange, when: JudgedWhen): Promise<{ results: ComplianceRow[]; overdue: OverdueEntry[] }> {
  checkDateRange(range);
  const today = when.asOf ?? todayIn(org.timeZone, when.now);
  const input = domainInput(await inputOf(db, org), range);
  // Counts and overdue items are judged under the same norms and zone: checked once for both.
  // Counts from the database always know which items are confirmed: every row says how many.
  const options = { today, timeZone: org.timeZone, memo: evaluationMemo(), onlyConfirmed: org.countOnlyConfirmed, countConfirmed: true };
  const layout = layOut(input, options);
  const [counts, openPast] = await Promise.all([
    db.transaction().execute((trx) => readCounts(trx, layout.groups.map((group) => ({ orgId: org.id, today, group, onlyConfirmed: org.countOnlyConfirmed })))),
    openItemsBefore(db, org.id, evaluationSpan(range, input.norms).from, today),
  ]);
  const results = judge(layout, tallyOfCounts(layout, counts.get(org.id) ?? []));
  // Overdue items only matter through themselves, so judging just them names every overdue entry.
  const { overdue } = evaluate({ ...input, items: openPast }, options);
  return { results, overdue };
}

/** Gap suggestions for the organisation's `at_risk` and `gap` rows, around its other items and off its calendar's holidays. */
export async function suggestionsOf(db: Kysely<DB>, org: OrganisationContext, range: DateRange, when: JudgedWhen): Promise<GapSuggestion[]> {
  checkDateRange(range);
  const today = when.asOf ?? todayIn(org.timeZone, when.now);
  const base = domainInput(await inputOf(db, org), range);
  const span = evaluationSpan(range, base.norms);
  const [items, calendar] = await Promise.all([itemsToJudge(db, org.id, span), workingCalendarOfOrg(db, org, span)]);
  const input = { ...base, items };
  const options = { today, timeZone: org.timeZone, onlyConfirmed: org.countOnlyConfirmed };
  // The organisation's production calendar (issue 16): suggestions never land on a holiday.
  return suggestGaps(input, evaluate(input, options).results, { ...options, ...calendar });
}

/** How many of its worst rows each organisation of a summary shows. */
const WORST_ROWS = 3;

/**
 * How many organisations {@link countedInBatches} reads the maintained counts of in one statement
 * (`read`), and lays out, counts and hands on at a time (`laidOut`: what they hold dies young).
 */
export interface BatchSizes {
  read: number;
  laidOut: number;
}

export const BATCH_SIZES: BatchSizes = { read: 500, laidOut: 10 };

/** One organisation judged by {@link judgedInBatches}: its inputs, its today and its rows. */
export interface JudgedOrganisation {
  input: JudgingInput;
  today: string;
  rows: ComplianceRow[];
}

/** One organisation laid out and counted by {@link countedInBatches}: ready to judge. */
interface CountedOrganisation {
  input: JudgingInput;
  today: string;
  layout: Layout;
  tally: Tally;
}

/**
 * Organisations laid out and counted by the domain's one pipeline. The maintained counts of
 * `sizes.read` organisations are read in one statement (repositories/counts.ts
 * `readKeptCounts`), which needs only their norms' periods, not their layouts; the next batch's
 * is asked for before this one is judged, so PostgreSQL reads it meanwhile. Each batch is then
 * laid out, counted and handed on `sizes.laidOut` organisations at a time (the rest of the batch
 * at once when some selectors are not registered yet), so that a layout lives only while its
 * organisation is judged: the summary of thousands of organisations holds
 * two batches' counts and ten layouts at a time, and the garbage collector copies little.
 */
async function* countedInBatches(
  trx: Transaction<DB>,
  inputs: readonly JudgingInput[],
  range: DateRange,
  todayOf: (timeZone: string) => string,
  sizes: BatchSizes = BATCH_SIZES,
): AsyncGenerator<CountedOrganisation[]> {
  if (inputs.length === 0) return;
  // Norm objects are shared by the organisations they bind (see judgingInputs), zones and period grids by many:
  // each checked or made once for all of them, and let go with this call.
  const memo = evaluationMemo();
  const layOutOne = (input: JudgingInput, today: string) =>
    layOut(domainInput(input, range), { today, timeZone: input.org.timeZone, memo, onlyConfirmed: input.org.countOnlyConfirmed, countConfirmed: true });
  // The first organisation laid out before anything is read: the domain names what it cannot use
  // (a ValidationError for the range, a zone, a norm), as it did when every layout came first.
  layOutOne(inputs[0]!, todayOf(inputs[0]!.org.timeZone));
  // The first day of the period of a kind holding a today (the domain's periodOf), for the few
  // todays of a summary: open items from then to the day before today are overdue.
  const heldFrom = new Map<string, LocalDate>();
  const heldFromOf = (per: PeriodKind, today: LocalDate) => {
    const key = `${per}|${today}`;
    let from = heldFrom.get(key);
    if (from === undefined) heldFrom.set(key, (from = periodOf(today, per).start));
    return from;
  };
  const readBatch = (at: number) => {
    const batch = inputs.slice(at, at + sizes.read).map((input) => ({ input, today: todayOf(input.org.timeZone) }));
    const span = { first: Infinity, end: -Infinity };
    const requests = batch.map(({ input, today }) => {
      // The days its items are read from (the domain's evaluationSpan: the whole periods of every
      // frequency norm around the range), and within them, from the earliest start of a period
      // holding today: a wider read than its groups need, never a narrower one.
      const days = evaluationSpan(range, input.norms);
      const first = toDayNumber(days.from);
      const last = toDayNumber(days.to);
      // A norm the domain cannot read leaves no span; layOut names it when the organisation is laid out.
      if (!(first <= last)) return { orgId: input.org.id, today, overdueFrom: null };
      span.first = Math.min(span.first, first);
      span.end = Math.max(span.end, last + 1);
      let overdueFrom: LocalDate | null = null;
      if (days.from <= today && today <= days.to) {
        for (const norm of input.norms) {
          if (norm.type !== 'frequency') continue;
          const from = heldFromOf(norm.per, today);
          if (from < today && (overdueFrom === null || from < overdueFrom)) overdueFrom = from;
        }
      }
      return { orgId: input.org.id, today, overdueFrom };
    });
    const kept = readKeptCounts(trx, requests, span.first <= span.end ? span : { first: 0, end: 0 });
    // Awaited when its turn comes; until then a failure must not go unhandled should the caller stop early.
    kept.catch(() => {});
    return { batch, kept };
  };
  let next: ReturnType<typeof readBatch> | undefined = readBatch(0);
  for (let at = 0; next !== undefined; at += sizes.read) {
    const { batch } = next;
    const kept = await next.kept;
    next = at + sizes.read < inputs.length ? readBatch(at + sizes.read) : undefined;
    // A turn of the event loop sends the next batch's statement before this one is judged.
    if (next !== undefined) await new Promise((resolve) => setImmediate(resolve));
    const countedOf = (part: typeof batch) =>
      part.map(({ input, today }) => {
        const layout = layOutOne(input, today);
        return { input, today, layout, ...kept.countsOf(input.org.id, today, layout.groups, input.org.countOnlyConfirmed) };
      });
    for (let from = 0; from < batch.length; ) {
      let counted = countedOf(batch.slice(from, from + sizes.laidOut));
      from += sizes.laidOut;
      if (counted.some((c) => c.unregistered.length > 0)) {
        // Selectors not registered yet (a norm changed above and `counts.sync` has not run): the
        // rest of the batch is likely the same, so it is laid out now and all of it counted from
        // the items in one statement rather than ten organisations at a time.
        counted = counted.concat(countedOf(batch.slice(from)));
        from = batch.length;
        await countUnregistered(
          trx,
          counted
            .filter((c) => c.unregistered.length > 0)
            .map(({ input, today, layout, counts, unregistered }) => ({ orgId: input.org.id, today, onlyConfirmed: input.org.countOnlyConfirmed, groups: layout.groups, indexes: unregistered, counts })),
        );
      }
      yield counted.map(({ input, today, layout, counts }) => ({ input, today, layout, tally: tallyOfCounts(layout, counts) }));
    }
  }
}

/**
 * Organisations judged by the domain's one pipeline ({@link countedInBatches}), with each
 * organisation's rows, up to `sizes.read` at a time: what a caller does per batch (names read,
 * figures read) is done as often as before, while each layout is let go as soon as its rows are made.
 */
export async function* judgedInBatches(
  trx: Transaction<DB>,
  inputs: readonly JudgingInput[],
  range: DateRange,
  todayOf: (timeZone: string) => string,
  sizes: BatchSizes = BATCH_SIZES,
): AsyncGenerator<JudgedOrganisation[]> {
  let judged: JudgedOrganisation[] = [];
  for await (const batch of countedInBatches(trx, inputs, range, todayOf, sizes)) {
    for (const { input, today, layout, tally } of batch) judged.push({ input, today, rows: judge(layout, tally) });
    if (judged.length >= sizes.read) {
      yield judged;
      judged = [];
    }
  }
  if (judged.length > 0) yield judged;
}

/**
 * Each organisation's contribution to a summary (its counts and worst rows), judged by
 * {@link countedInBatches} and summarised as judged, without a row object per period (the
 * domain's `summariseJudgement`): a summary of 2,500 organisations judges 160,000 rows.
 */
export async function judgeContributions(
  trx: Transaction<DB>,
  inputs: readonly JudgingInput[],
  range: DateRange,
  todayOf: (timeZone: string) => string,
): Promise<Map<string, OrganisationContribution>> {
  const contributions = new Map<string, OrganisationContribution>();
  for await (const batch of countedInBatches(trx, inputs, range, todayOf)) {
    for (const { input, layout, tally } of batch) contributions.set(input.org.id, summariseJudgement(input.org.id, layout, tally, { worstRows: WORST_ROWS }));
  }
  return contributions;
}

/**
 * The norms waived or adjusted where they bind each organisation (issue 11): an adjustment made
 * at an organisation binds its subtree like any norm row, so each organisation below is marked
 * too, naming where it was made. `rows`: all rows of the adjusted keys (repositories/norms.ts
 * `adjustedNormRows`).
 */
export function adjustmentMarksOf(orgs: readonly OrganisationContext[], rows: readonly NormRow[]): Map<string, AdjustmentMark[]> {
  const marks = new Map<string, AdjustmentMark[]>();
  if (rows.length === 0) return marks;
  const byOrg = groupByOrg(rows);
  for (const org of orgs) {
    const mine: AdjustmentMark[] = [];
    for (const { row } of resolveNorms(org.lineage, byOrg).values()) {
      const adjustment = adjustmentOf(row);
      if (adjustment === null) continue;
      const title = typeof row.definition.title === 'string' ? row.definition.title : null;
      mine.push({ norm: row.key, title, orgId: row.orgId, orgName: row.orgName, ...adjustment });
    }
    if (mine.length > 0) marks.set(org.id, mine);
  }
  return marks;
}

/**
 * The summary of a subtree (organisations in path order, `root` first) from its organisations'
 * contributions, as its head and its organisations, each of those made only as it is read: a
 * whole tree's answer is written one organisation at a time (services/stamped-memo.ts
 * `taggedList`). Read them once.
 */
export function summaryParts(
  root: OrganisationContext,
  orgs: readonly OrganisationContext[],
  contributions: readonly OrganisationContribution[],
  asOf: string,
  marks: ReadonlyMap<string, AdjustmentMark[]> = new Map(),
): { head: ComplianceSummaryHead; organisations: Iterable<OrganisationCompliance> } {
  const summary = combineRollUp(contributions);
  const byId = new Map(orgs.map((org) => [org.id, org]));
  function* organisations(): Generator<OrganisationCompliance> {
    for (const s of summary.organisations) {
      const org = byId.get(s.org)!;
      yield {
        orgId: org.id,
        name: org.name,
        parentId: org.parentId,
        level: org.depth - root.depth,
        counts: s.counts,
        judged: s.judged,
        healthy: s.healthy,
        healthShare: s.healthShare,
        worst: s.worst,
        overdue: s.overdue,
        worstRows: s.worstRows.map(contractRow),
        adjustments: marks.get(org.id) ?? [],
      };
    }
  }
  return { head: { asOf, norms: summary.norms, totals: summary.totals }, organisations: organisations() };
}

/** The summary of a subtree as one object (reports; see {@link summaryParts}). */
export function summaryOf(...args: Parameters<typeof summaryParts>): ComplianceSummary {
  const { head, organisations } = summaryParts(...args);
  return { asOf: head.asOf, organisations: [...organisations], norms: head.norms, totals: head.totals };
}

/** Today in each time zone of a summary, worked out once per zone rather than once per organisation. */
export function todaysOf(when: JudgedWhen): (timeZone: string) => string {
  const byZone = new Map<string, string>();
  return (timeZone) => {
    if (when.asOf !== undefined) return when.asOf;
    let today = byZone.get(timeZone);
    if (today === undefined) byZone.set(timeZone, (today = todayIn(timeZone, when.now)));
    return today;
  };
}
