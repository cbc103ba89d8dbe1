import type { Kysely } from 'kysely';
import { checkRange } from '@ritm/domain/date-range';
import type { Issue } from '@ritm/domain/issue';
import { addDays, type DateRange } from '@ritm/domain/local-date';
import { startOfLocalDate } from '@ritm/domain/time-zone';
import {
  addToSeries,
  addToTotals,
  annualReviewLine,
  emptyReportTotals,
  emptyShareSeries,
  MAX_REPORT_RANGE_DAYS,
  reportLines,
  yearRange,
  type AnnualReviewLine,
  type ReportAdjustment,
  type ReportLine,
  type ReportOrganisation,
  type ReportTotals,
  type ShareSeries,
} from '@ritm/domain/report';
import type { DB } from '../db/schema.js';
import { badRequest } from '../http/errors.js';
import { domainDetail } from '../http/messages.js';
import { inOneSnapshot, judgingInputs, type JudgingInput } from '../repositories/judging-inputs.js';
import { adjustedNormRows } from '../repositories/norms.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { materialsSentIn, timeZonesIn, type SentMaterialLine } from '../repositories/materials.js';
import { informationWorkers, publicationFigures, reportItems, type ReportItem } from '../repositories/reports.js';
import { adjustmentMarksOf, judgedInBatches, todaysOf, type JudgedWhen } from './compliance.js';

/*
 * The reports of issue 12, read and judged: an organisation and its subtree judged in the
 * summary's batches (services/compliance.ts), each organisation handed to the writer (XLSX or
 * PDF, services/report-files.ts) as soon as its batch is judged, and let go. Totals and the share
 * series are folded as organisations pass (domain report.ts), so memory holds one batch.
 */

/** Checks a report's `from … to`: forwards, and a year at most. @throws 400 naming `querystring.to`. */
export function checkReportRange(range: DateRange): void {
  const issues: Issue[] = [];
  if (checkRange(range, 'querystring.to', issues, MAX_REPORT_RANGE_DAYS)) return;
  throw badRequest(range.to < range.from ? 'rangeReversed' : 'rangeTooLong', issues.map(domainDetail));
}

/** Organisations whose items are read at once: about a quarter's items of a hundred organisations. */
const ITEMS_AT_ONCE = 100;

/** One organisation of the compliance report, as the writer gets it. */
export interface ComplianceReportPart {
  org: ReportOrganisation;
  lines: ReportLine[];
  /** Norms waived or adjusted where they bind it (a waived norm has no lines: it is listed here). */
  adjustments: ReportAdjustment[];
}

/** What the writer is told before the first organisation, and what it gets at the end. */
export interface ComplianceReportWriter {
  /** The subtree's size, known before anything is judged: a writer with a bound refuses here. */
  start(info: { organisations: number; asOf: string }): Promise<void> | void;
  organisation(part: ComplianceReportPart): Promise<void> | void;
  /**
   * The items of some organisations (done in the range, with their evidence, or overdue), by
   * organisation in path order, after every organisation's lines: a streamed workbook writes one
   * sheet after another, so they are read again batch by batch rather than kept.
   */
  items(items: readonly ReportItem[], orgs: ReadonlyMap<string, ReportOrganisation>): Promise<void> | void;
  /** issue 15 — the materials sent down the tree in the period by the organisation and its subtree, with their placement tallies. */
  materials(materials: readonly SentMaterialLine[]): Promise<void> | void;
  finish(result: { totals: ReportTotals; series: ShareSeries }): Promise<void> | void;
}

const toAdjustment = (mark: { norm: string; title: string | null; orgName: string; by: string | null; at: string; reason: string; waived: boolean }): ReportAdjustment => ({
  norm: mark.norm,
  title: mark.title,
  orgName: mark.orgName,
  by: mark.by,
  at: mark.at,
  reason: mark.reason,
  waived: mark.waived,
});

const reportOrg = (root: OrganisationContext, org: OrganisationContext): ReportOrganisation => ({ id: org.id, name: org.name, level: org.depth - root.depth });

const namesOf = (input: JudgingInput) => ({
  normTitles: new Map(input.norms.flatMap((n) => (n.title === undefined ? [] : [[n.id, n.title] as const]))),
  channelNames: new Map(input.channels.map((c) => [c.id, c.title ?? c.type])),
});

/**
 * The compliance report of `root` and its subtree over `range`, given to `writer` organisation
 * by organisation in path order (the root first), all read in one snapshot so the totals agree
 * with the lines.
 */
export async function writeComplianceReport(db: Kysely<DB>, root: OrganisationContext, range: DateRange, when: JudgedWhen, writer: ComplianceReportWriter): Promise<void> {
  checkReportRange(range);
  await inOneSnapshot(db, async (trx) => {
    const todayOf = todaysOf(when);
    const inputs = await judgingInputs(trx, { root, subtree: true });
    const orgs = inputs.organisations.map(({ org }) => org);
    await writer.start({ organisations: orgs.length, asOf: todayOf(root.timeZone) });
    const marks = adjustmentMarksOf(orgs, await adjustedNormRows(trx, root));
    let totals = emptyReportTotals();
    const series = emptyShareSeries(range);
    for await (const batch of judgedInBatches(trx, await inputs.load(orgs), range, todayOf)) {
      for (const { input, rows } of batch) {
        const adjustments = (marks.get(input.org.id) ?? []).map(toAdjustment);
        const org = reportOrg(root, input.org);
        const lines = reportLines({ org, rows, exemptions: input.exemptions, adjustments, ...namesOf(input) });
        totals = addToTotals(totals, lines, adjustments.length);
        addToSeries(series, lines);
        await writer.organisation({ org, lines, adjustments });
      }
    }
    for (let at = 0; at < orgs.length; at += ITEMS_AT_ONCE) {
      const batch = orgs.slice(at, at + ITEMS_AT_ONCE);
      const items = await reportItems(trx, batch.map((o) => o.id), range, new Map(batch.map((o) => [o.id, todayOf(o.timeZone)])));
      const order = new Map(batch.map((o, index) => [o.id, index]));
      items.sort((a, b) => order.get(a.orgId)! - order.get(b.orgId)!);
      await writer.items(items, new Map(batch.map((o) => [o.id, reportOrg(root, o)])));
    }
    await writer.materials(await sentMaterialsOf(trx, root, range, todayOf));
    await writer.finish({ totals, series });
  });
}

/** issue 15 — materials sent in the period (local days in the root's zone), tallied with each target's today. */
async function sentMaterialsOf(db: Kysely<DB>, root: OrganisationContext, range: DateRange, todayOf: (timeZone: string) => string): Promise<SentMaterialLine[]> {
  const todays = Object.fromEntries((await timeZonesIn(db, root.path)).map((zone) => [zone, todayOf(zone)]));
  const from = new Date(startOfLocalDate(range.from, root.timeZone));
  const until = new Date(startOfLocalDate(addDays(range.to, 1), root.timeZone));
  return materialsSentIn(db, root.path, from, until, todays);
}

/** What the annual review's writer is told before the first organisation. */
export interface AnnualReviewWriter {
  start(info: { organisations: number; asOf: string }): Promise<void> | void;
  organisation(line: AnnualReviewLine): Promise<void> | void;
  finish(): Promise<void> | void;
}

/** The union's annual review of information work of `root` and its subtree for `year`, organisation by organisation. */
export async function writeAnnualReview(db: Kysely<DB>, root: OrganisationContext, year: number, when: JudgedWhen, writer: AnnualReviewWriter): Promise<void> {
  const range = yearRange(year);
  await inOneSnapshot(db, async (trx) => {
    const todayOf = todaysOf(when);
    const inputs = await judgingInputs(trx, { root, subtree: true });
    const orgs = inputs.organisations.map(({ org }) => org);
    await writer.start({ organisations: orgs.length, asOf: todayOf(root.timeZone) });
    for await (const batch of judgedInBatches(trx, await inputs.load(orgs), range, todayOf)) {
      const ids = batch.map((j) => j.input.org.id);
      const [figures, workers] = await Promise.all([publicationFigures(trx, ids, range), informationWorkers(trx, ids)]);
      for (const { input, rows } of batch) {
        const { org } = input;
        await writer.organisation(
          annualReviewLine({
            org: { ...reportOrg(root, org), kind: org.kind, members: org.members, figures: org.figures },
            informationWorkers: workers.get(org.id) ?? null,
            publications: figures.get(org.id) ?? { count: 0, views: null, likes: null, reposts: null, comments: null },
            channels: input.channels.map((c) => ({ type: c.type, name: c.title ?? c.type })),
            rows,
          }),
        );
      }
    }
    await writer.finish();
  });
}
