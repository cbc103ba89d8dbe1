import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { PlanSnapshotItem } from '@ritm/contracts/plans';
import { columnOf, type ImportField } from '@ritm/domain/exchange';
import type { ItemKind } from '@ritm/domain/item';
import { signedForm } from '@ritm/domain/plan-signed-form';
import { localDateOf } from '@ritm/domain/time-zone';
import type { DB } from '../db/schema.js';
import { pdfTable, renderPdf, type PdfColumn } from '../exchange/pdf.js';
import { wallClock, xlsxWriter, type XlsxColumn, type XlsxValue } from '../exchange/xlsx.js';
import { render, type Language } from '../http/messages.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { listApprovals, namesOf, type PlanRecord } from '../repositories/plans.js';
import { kindWord, statusWord, wallClockOf } from './item-export.js';
import { namedIds, planContent, snapshotItem } from './plan-approval.js';

// A plan as the signed document of the governance issue (issue 11): an approved plan is its
// approval's snapshot under «УТВЕРЖДАЮ» with the approver's name and the day; anything else
// (a draft, submitted, changed since approval) is its current content marked «ПРОЕКТ». The
// admin's print view shows the same (use-plan-print.ts).

/** What the signed form holds. */
export interface SignedPlan {
  title: string;
  orgName: string;
  periodStart: string;
  periodEnd: string;
  /** Not approved: printed with «ПРОЕКТ». */
  draft: boolean;
  approverName: string | null;
  /** The approval's day in the organisation's zone. */
  approvedOn: string | null;
  items: PlanSnapshotItem[];
  /** Names of what the items name: as signed for an approval's snapshot, today's otherwise. */
  names: Readonly<Record<string, string>>;
}

/** Reads the plan's signed form: the last approval's snapshot while approved, else the content now. */
export async function signedPlan(db: Kysely<DB>, plan: PlanRecord, org: OrganisationContext): Promise<SignedPlan> {
  const [last] = plan.status === 'approved' ? await listApprovals(db, plan.id, 1) : [];
  const form = signedForm(plan, last);
  const items = form.approval?.items ?? (await planContent(db, plan)).map(snapshotItem);
  return {
    title: plan.title,
    orgName: org.name,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    draft: form.draft,
    approverName: form.approverName,
    approvedOn: form.signedAt === null ? null : localDateOf(Date.parse(form.signedAt), org.timeZone),
    items,
    names: form.approval?.names ?? (await namesOf(db, namedIds(items))),
  };
}

const russianDay = (date: string) => date.split('-').reverse().join('.');

const PLAN_FIELDS = ['number', 'at', 'time', 'newsHook', 'title', 'format', 'channels', 'audiences', 'keyMessages', 'responsible', 'status'] as const satisfies readonly ImportField[];
type PlanField = (typeof PLAN_FIELDS)[number];

/** A snapshot item as the plan's row: values by field. */
function planRow(item: PlanSnapshotItem, number: number, plan: SignedPlan, timeZone: string): Record<PlanField, string | number | { date: string }> {
  const names = (ids: readonly string[]) => ids.map((id) => plan.names[id] ?? '').filter((n) => n !== '').join('; ');
  const timed = item.at.length > 10;
  return {
    number,
    at: { date: item.localDay },
    time: timed ? wallClockOf(item.at, timeZone).time : '',
    newsHook: item.newsHook,
    title: item.title,
    format: item.format === '' ? kindWord(item.kind) : item.format,
    channels: names(item.channelIds),
    audiences: names(item.audienceIds),
    keyMessages: names(item.keyMessageIds),
    responsible: item.responsibleId === null ? '' : (plan.names[item.responsibleId] ?? ''),
    status: statusWord(item.status, item.kind as ItemKind),
  };
}

/** The lines above the table: the approval block (or the draft mark), the title, the organisation and period. */
function headLines(plan: SignedPlan, lang: Language): { sign: string[]; title: string; sub: string } {
  const sign = plan.draft
    ? [render({ key: 'export.draft' }, lang), render({ key: 'export.draftNote' }, lang)]
    : [
        render({ key: 'export.approved' }, lang),
        plan.approverName ?? '',
        ...(plan.approvedOn === null ? [] : [render({ key: 'export.approvedOn', params: { date: russianDay(plan.approvedOn) } }, lang)]),
      ];
  const sub = render({ key: 'export.period', params: { org: plan.orgName, from: russianDay(plan.periodStart), to: russianDay(plan.periodEnd) } }, lang);
  return { sign, title: plan.title, sub };
}

const WIDTHS: Record<PlanField, number> = { number: 5, at: 12, time: 7, newsHook: 30, title: 40, format: 16, channels: 22, audiences: 20, keyMessages: 26, responsible: 20, status: 14 };

/** The plan as XLSX onto `out`: the signature lines, the title, then the table with a frozen heading. */
export async function writePlanXlsx(plan: SignedPlan, timeZone: string, lang: Language, out: Writable): Promise<void> {
  const head = headLines(plan, lang);
  const columns: XlsxColumn[] = PLAN_FIELDS.map((field) => ({
    heading: columnOf(field).heading,
    width: WIDTHS[field],
    format: field === 'at' ? 'date' : field === 'number' ? 'integer' : 'text',
  }));
  const writer = xlsxWriter(out);
  const sheet = writer.addSheet(plan.title, columns, { titleRows: [...head.sign, head.title, head.sub] });
  plan.items.forEach((item, index) => {
    const row = planRow(item, index + 1, plan, timeZone);
    sheet.addRow(PLAN_FIELDS.map((field): XlsxValue => {
      const value = row[field];
      return typeof value === 'object' ? wallClock(value.date) : value;
    }));
  });
  await sheet.commit();
  await writer.commit();
}

const PDF_WIDTHS: Record<PlanField, PdfColumn['width']> = { number: 16, at: 46, time: 26, newsHook: '*', title: '*', format: 60, channels: 64, audiences: 60, keyMessages: 70, responsible: 62, status: 52 };

/** The plan as an A4 landscape PDF: the approval block or «ПРОЕКТ», the title, the table, the preparer's line. */
export function planPdf(plan: SignedPlan, timeZone: string, lang: Language): Promise<Buffer> {
  const head = headLines(plan, lang);
  const rows = plan.items.map((item, index) => {
    const row = planRow(item, index + 1, plan, timeZone);
    return PLAN_FIELDS.map((field) => {
      const value = row[field];
      return typeof value === 'object' ? russianDay(value.date) : String(value);
    });
  });
  const signBlock = plan.draft
    ? { stack: [{ text: head.sign[0]!, fontSize: 18, bold: true, color: '#991b1b' }, { text: head.sign[1]!, color: '#991b1b', fontSize: 9 }] }
    : {
        stack: [
          { text: head.sign[0]!, bold: true },
          { text: head.sign[1] ?? '', margin: [0, 6, 0, 0] as [number, number, number, number] },
          { text: render({ key: 'export.signature' }, lang), fontSize: 7, color: '#666666' },
          { text: head.sign[2] ?? '', margin: [0, 4, 0, 0] as [number, number, number, number] },
        ],
        margin: [520, 0, 0, 0] as [number, number, number, number],
      };
  return renderPdf({
    title: plan.title,
    header: plan.orgName,
    orientation: 'landscape',
    ...(plan.draft && { watermark: head.sign[0]! }),
    pageLabel: (page, pages) => render({ key: 'export.page', params: { page, pages } }, lang),
    content: [
      signBlock,
      { text: head.title, bold: true, fontSize: 14, alignment: 'center', margin: [0, 12, 0, 2] },
      { text: head.sub, alignment: 'center', margin: [0, 0, 0, 10] },
      pdfTable(PLAN_FIELDS.map((field) => ({ heading: columnOf(field).heading, width: PDF_WIDTHS[field] })), rows),
      { text: render({ key: 'export.prepared' }, lang), margin: [0, 24, 0, 0] },
    ],
  });
}
