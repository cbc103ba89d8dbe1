import type { Writable } from 'node:stream';
import type { Content } from 'pdfmake/interfaces.js';
import type { ComplianceStatus } from '@ritm/domain/compliance';
import { placementRate } from '@ritm/domain/materials';
import type { DateRange } from '@ritm/domain/local-date';
import type { ReportFormat } from '@ritm/domain/report-jobs';
import type { AnnualReviewLine, ReportAdjustment, ReportLine, ReportOrganisation, ReportTotals, ShareSeries } from '@ritm/domain/report';
import { pdfTable, renderPdf, type PdfColumn } from '../exchange/pdf.js';
import { wallClock, xlsxWriter, type XlsxColumn, type XlsxSheet, type XlsxValue } from '../exchange/xlsx.js';
import { HttpError } from '../http/errors.js';
import { render, type Language, type MessageKey, type Param } from '../http/messages.js';
import type { SentMaterialLine } from '../repositories/materials.js';
import type { ReportItem } from '../repositories/reports.js';
import type { AnnualReviewWriter, ComplianceReportPart, ComplianceReportWriter } from './reports.js';

/*
 * The reports' files: the compliance report and the annual review as XLSX (streamed row by row
 * onto the response, memory flat whatever the tree) or PDF (laid out in memory by pdfmake, hence
 * bounded by PDF_MAX_ORGANISATIONS). Words from the API's catalogue, Russian unless asked.
 */

export { REPORT_FORMATS, type ReportFormat } from '@ritm/domain/report-jobs';

/**
 * The most organisations a PDF report covers. pdfmake lays a whole document out in memory before
 * its first byte, so a PDF cannot stream: at about 60 norm rows an organisation (the Mintrud
 * preset over a quarter), 51 organisations took 9.5 s and 84 MB of RSS (`pnpm bench:report`), so
 * 100 stay near 20 s and 200 MB. A larger
 * tree is refused with a message suggesting XLSX, which streams.
 */
export const PDF_MAX_ORGANISATIONS = 100;

/** @throws 413 when a PDF would cover more than {@link PDF_MAX_ORGANISATIONS} organisations. */
function checkPdfBound(organisations: number): void {
  if (organisations > PDF_MAX_ORGANISATIONS) {
    throw new HttpError(413, 'report_too_large', { key: 'reportPdfTooLarge', params: { max: PDF_MAX_ORGANISATIONS, count: organisations } });
  }
}

/** At most so many overdue items and evidence links per organisation in a PDF (all are in the XLSX). */
const PDF_ITEMS_PER_LIST = 15;

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

type Say = (key: MessageKey, params?: Record<string, Param>) => string;

/** The catalogue's words in a language; words without parameters (statuses, kinds) looked up once per file. */
function sayIn(lang: Language): Say {
  const plain = new Map<MessageKey, string>();
  return (key, params) => {
    if (params !== undefined) return render({ key, params }, lang);
    let text = plain.get(key);
    if (text === undefined) plain.set(key, (text = render({ key }, lang)));
    return text;
  };
}

/** A date as a reader of the language writes it: 25.11.2026 or 2026-11-25. */
export const dateText = (date: string, lang: Language) => (lang === 'ru' ? date.split('-').reverse().join('.') : date);
const instantText = (at: string, lang: Language) => `${dateText(at.slice(0, 10), lang)} ${at.slice(11, 16)} UTC`;
const percent = (share: number | null, say: Say) => (share === null ? say('report.noData') : `${Math.round(share * 1000) / 10}%`);
const statusText = (status: ComplianceStatus, say: Say) => say(`report.status.${status}` as MessageKey);
const normText = (line: { norm: string; normTitle: string | null }) => (line.normTitle === null ? line.norm : `${line.normTitle} (${line.norm})`);

function adjustmentText(a: ReportAdjustment, say: Say, lang: Language): string {
  return say('report.adjustment', {
    what: say(a.waived ? 'report.adjustment.waived' : 'report.adjustment.adjusted'),
    org: a.orgName,
    by: a.by ?? say('report.adjustment.nobody'),
    when: instantText(a.at, lang),
    reason: a.reason,
  });
}

const headingLines = (title: string, root: string, range: DateRange | null, asOf: string, say: Say, lang: Language) => [
  title,
  say('report.organisation', { name: root }),
  ...(range === null ? [] : [say('report.period', { from: dateText(range.from, lang), to: dateText(range.to, lang) })]),
  say('report.asOf', { date: dateText(asOf, lang) }),
];

function totalsRows(totals: ReportTotals, say: Say): [string, string | number][] {
  return [
    [say('report.totals.organisations'), totals.organisations],
    [say('report.totals.judged'), totals.judged],
    [say('report.totals.met'), totals.met],
    [say('report.totals.metShare'), percent(totals.metShare, say)],
    ...(Object.entries(totals.counts) as [ComplianceStatus, number][]).map(([status, n]): [string, number] => [say('report.totals.status', { status: statusText(status, say) }), n]),
    [say('report.totals.overdue'), totals.overdue],
    [say('report.totals.exempted'), totals.exempted],
    [say('report.totals.adjusted'), totals.adjusted],
  ];
}

/** What a report file is about: its root organisation, range, language and where it goes. */
export interface ReportTarget {
  rootName: string;
  lang: Language;
  /** The file's bytes: written as they are made (XLSX) or at once at the end (PDF). */
  out: Writable;
}

/** Writes a chunk and waits for the stream to take more (the response's back-pressure). */
function writeAll(out: Writable, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => out.write(bytes, (error) => (error ? reject(error) : resolve())));
}

/** issue 15 — the materials sent down the tree: heading, XLSX width and format, and the cell of a line. */
const MATERIAL_COLUMNS: { key: MessageKey; width: number; format?: XlsxColumn['format']; cell: (m: SentMaterialLine) => XlsxValue }[] = [
  { key: 'report.col.sender', width: 36, cell: (m) => m.orgName },
  { key: 'report.col.material', width: 50, cell: (m) => m.title },
  { key: 'report.col.sentAt', width: 18, format: 'dateTime', cell: (m) => wallClock(m.sentAt.slice(0, 10), m.sentAt.slice(11, 16)) },
  { key: 'report.col.deadline', width: 12, format: 'date', cell: (m) => wallClock(m.deadline) },
  { key: 'report.col.targets', width: 12, cell: (m) => m.tally.total },
  { key: 'report.col.placed', width: 11, cell: (m) => m.tally.placed },
  { key: 'report.col.pending', width: 11, cell: (m) => m.tally.pending },
  { key: 'report.col.placementsOverdue', width: 12, cell: (m) => m.tally.overdue },
  { key: 'report.col.declined', width: 11, cell: (m) => m.tally.declined },
  { key: 'report.col.placementRate', width: 16, format: 'percent', cell: (m) => placementRate(m.tally) },
];

/** The compliance report as a file of `format`: the writer the service hands organisations to. */
export function complianceReportFile(format: ReportFormat, target: ReportTarget, range: DateRange): ComplianceReportWriter {
  return format === 'xlsx' ? complianceXlsx(target, range) : compliancePdf(target, range);
}

function complianceXlsx({ rootName, lang, out }: ReportTarget, range: DateRange): ComplianceReportWriter {
  const say = sayIn(lang);
  const book = xlsxWriter(out);
  let sheet: XlsxSheet;
  let asOf = '';
  const adjustments: { org: ReportOrganisation; adjustment: ReportAdjustment }[] = [];
  const date = (value: string | null): XlsxValue => (value === null ? null : wallClock(value));
  let itemsSheet: XlsxSheet | undefined;
  let materialsSheet: XlsxSheet | undefined;
  return {
    start(info) {
      asOf = info.asOf;
      const columns: XlsxColumn[] = [
        { heading: say('report.col.organisation'), width: 36 },
        { heading: say('report.col.norm'), width: 36 },
        { heading: say('report.col.channel'), width: 20 },
        { heading: say('report.col.periodStart'), width: 12, format: 'date' },
        { heading: say('report.col.periodEnd'), width: 12, format: 'date' },
        { heading: say('report.col.status'), width: 16 },
        { heading: say('report.col.actual'), width: 8},
        { heading: say('report.col.confirmed'), width: 12},
        { heading: say('report.col.required'), width: 10},
        { heading: say('report.col.planned'), width: 13},
        { heading: say('report.col.overdue'), width: 11},
        { heading: say('report.col.exemption'), width: 30 },
        { heading: say('report.col.adjustment'), width: 50 },
      ];
      sheet = book.addSheet(say('report.sheet.norms'), columns, { titleRows: headingLines(say('report.compliance.title'), rootName, range, asOf, say, lang) });
    },
    organisation({ org, lines, adjustments: marks }: ComplianceReportPart) {
      for (const a of marks) adjustments.push({ org, adjustment: a });
      // A waived norm has no rows: one line says it is waived, by whom and why.
      for (const a of marks.filter((m) => m.waived)) {
        sheet.addRow([org.name, normText({ norm: a.norm, normTitle: a.title }), null, null, null, say('report.adjustment.waived'), null, null, null, null, null, null, adjustmentText(a, say, lang)]);
      }
      for (const line of lines) {
        sheet.addRow([
          org.name,
          normText(line),
          line.channel,
          date(line.periodStart),
          date(line.periodEnd),
          statusText(line.status, say),
          line.actual,
          line.confirmed,
          line.required,
          line.planned,
          line.overdue,
          line.exemption,
          line.adjustment === null ? null : adjustmentText(line.adjustment, say, lang),
        ]);
      }
    },
    async items(items, orgs) {
      if (itemsSheet === undefined) {
        await sheet.commit();
        itemsSheet = book.addSheet(say('report.sheet.items'), [
          { heading: say('report.col.organisation'), width: 36 },
          { heading: say('report.col.date'), width: 12, format: 'date' },
          { heading: say('report.col.title'), width: 50 },
          { heading: say('report.col.kind'), width: 22 },
          { heading: say('report.col.itemStatus'), width: 16 },
          { heading: say('report.col.isOverdue'), width: 11 },
          { heading: say('report.col.link'), width: 40 },
          { heading: say('report.col.attachments'), width: 8},
        ]);
      }
      for (const item of items) {
        itemsSheet.addRow([
          orgs.get(item.orgId)!.name,
          wallClock(item.day),
          item.title,
          say(`feed.kind.${item.kind}` as MessageKey),
          say(`feed.status.${item.status}` as MessageKey),
          say(item.overdue ? 'report.yes' : 'report.no'),
          item.url,
          item.attachments,
        ]);
      }
    },
    async materials(materials) {
      await (itemsSheet ?? sheet).commit();
      materialsSheet = book.addSheet(
        say('report.sheet.materialsSent'),
        MATERIAL_COLUMNS.map((c) => ({ heading: say(c.key), width: c.width, ...(c.format && { format: c.format }) })),
      );
      for (const material of materials) materialsSheet.addRow(MATERIAL_COLUMNS.map((c) => c.cell(material)));
      await materialsSheet.commit();
    },
    async finish({ totals, series }) {
      // The sheet before the waivers is committed once: the materials' (written last) or, without them, the one open.
      if (materialsSheet === undefined) await (itemsSheet ?? sheet).commit();
      const waivers = book.addSheet(say('report.sheet.adjustments'), [
        { heading: say('report.col.organisation'), width: 36 },
        { heading: say('report.col.norm'), width: 24 },
        { heading: say('report.col.waived'), width: 12 },
        { heading: say('report.col.madeAt'), width: 36 },
        { heading: say('report.col.by'), width: 24 },
        { heading: say('report.col.when'), width: 18, format: 'dateTime' },
        { heading: say('report.col.reason'), width: 50 },
      ]);
      for (const { org, adjustment: a } of adjustments) {
        waivers.addRow([org.name, a.norm, say(a.waived ? 'report.yes' : 'report.no'), a.orgName, a.by ?? say('report.adjustment.nobody'), wallClock(a.at.slice(0, 10), a.at.slice(11, 16)), a.reason]);
      }
      await waivers.commit();
      // Totals first, then the chart's series with data bars on its share column: exceljs writes
      // no charts, so the share is drawn in the cells (Excel and LibreOffice both show data bars).
      const titleRows = headingLines(say('report.compliance.title'), rootName, range, asOf, say, lang);
      const summary = book.addSheet(
        say('report.sheet.totals'),
        [
          { heading: say('report.col.indicator'), width: 56 },
          { heading: say('report.col.value'), width: 14 },
          { heading: say('report.col.met'), width: 12},
          { heading: say('report.col.share'), width: 40, format: 'percent' },
        ],
        { titleRows },
      );
      for (const [label, value] of totalsRows(totals, say)) summary.addRow([label, value]);
      summary.addRow([]);
      summary.addRow([say(series.step === 'week' ? 'report.chart.week' : 'report.chart.month')], { bold: true });
      summary.addRow([say('report.col.step'), say('report.col.judged'), say('report.col.met'), say('report.col.share')], { bold: true });
      // Rows so far: the title rows, the heading row, the totals, a blank row, the chart's title and its heading.
      const first = titleRows.length + 1 + totalsRows(totals, say).length + 3 + 1;
      for (const point of series.points) {
        summary.addRow([`${dateText(point.start, lang)} — ${dateText(point.end, lang)}`, point.judged, point.met, point.share]);
      }
      if (series.points.length > 0) summary.dataBars(`D${first}:D${first + series.points.length - 1}`);
      summary.addRow([say('report.chart.note')]);
      await summary.commit();
      await book.commit();
    },
  };
}

/** The chart as vector bars on a pdfmake canvas, with each step's dates and share below. */
function shareChart(series: ShareSeries, say: Say, lang: Language, width: number): Content[] {
  const height = 110;
  const slot = width / Math.max(1, series.points.length);
  const bar = Math.min(40, slot * 0.7);
  const canvas = [
    ...[0, 0.5, 1].map((level) => ({ type: 'line' as const, x1: 0, y1: height - level * height, x2: width, y2: height - level * height, lineWidth: 0.3, lineColor: '#bbbbbb' })),
    ...series.points.flatMap((point, index) =>
      point.share === null
        ? []
        : [{ type: 'rect' as const, x: index * slot + (slot - bar) / 2, y: height - point.share * height, w: bar, h: Math.max(0.5, point.share * height), color: point.share >= 0.8 ? '#2e7d32' : point.share >= 0.5 ? '#f9a825' : '#c62828' }],
    ),
  ];
  const labels = series.points.map((point) => ({
    width: slot,
    text: `${dateText(point.start, lang).slice(0, lang === 'ru' ? 5 : 10)}\n${percent(point.share, say)}`,
    alignment: 'center' as const,
    fontSize: slot < 50 ? 6 : 7,
  }));
  return [
    { text: say(series.step === 'week' ? 'report.chart.week' : 'report.chart.month'), bold: true, margin: [0, 10, 0, 4] },
    { text: '100%', fontSize: 6, color: '#666666' },
    { canvas, margin: [0, 2, 0, 2] },
    { columns: labels, columnGap: 0 },
    { text: say('report.chart.note'), fontSize: 7, color: '#666666', margin: [0, 4, 0, 0] },
  ];
}

/** An A4 landscape page's width between the margins (pdf.ts: 57 pt left, 28 pt right). */
const LANDSCAPE_WIDTH = 842 - 57 - 28;

function compliancePdf({ rootName, lang, out }: ReportTarget, range: DateRange): ComplianceReportWriter {
  const say = sayIn(lang);
  let asOf = '';
  // Each organisation's section, and its items once read: bounded by PDF_MAX_ORGANISATIONS.
  const parts: ComplianceReportPart[] = [];
  const itemsOf = new Map<string, ReportItem[]>();
  let sentMaterials: readonly SentMaterialLine[] = [];
  const columns: PdfColumn[] = [
    { heading: say('report.col.norm'), width: '*' },
    { heading: say('report.col.channel'), width: 70 },
    { heading: say('report.col.periodStart'), width: 50 },
    { heading: say('report.col.status'), width: 55 },
    { heading: `${say('report.col.actual')} (${say('report.col.confirmed').toLowerCase()}) / ${say('report.col.required').toLowerCase()}`, width: 62 },
    { heading: say('report.col.overdue'), width: 44 },
    { heading: say('report.col.exemption'), width: 100 },
    { heading: say('report.col.adjustment'), width: 150 },
  ];
  const lineCells = (line: ReportLine) => [
    normText(line),
    line.channel ?? '—',
    line.periodStart === null ? '—' : `${dateText(line.periodStart, lang)}\n${dateText(line.periodEnd!, lang)}`,
    statusText(line.status, say),
    `${line.actual}${line.confirmed === null ? '' : ` (${line.confirmed})`} / ${line.required}`,
    String(line.overdue),
    line.exemption ?? '',
    line.adjustment === null ? '' : adjustmentText(line.adjustment, say, lang),
  ];
  const list = (title: string, entries: readonly string[]): Content[] =>
    entries.length === 0
      ? []
      : [
          { text: title, bold: true, fontSize: 8, margin: [0, 4, 0, 2] },
          { ul: [...entries.slice(0, PDF_ITEMS_PER_LIST), ...(entries.length > PDF_ITEMS_PER_LIST ? [say('report.more', { count: entries.length - PDF_ITEMS_PER_LIST })] : [])], fontSize: 7 },
        ];
  return {
    start(info) {
      checkPdfBound(info.organisations);
      asOf = info.asOf;
    },
    organisation(part) {
      parts.push(part);
    },
    items(items) {
      for (const item of items) itemsOf.set(item.orgId, [...(itemsOf.get(item.orgId) ?? []), item]);
    },
    materials(materials) {
      sentMaterials = materials;
    },
    async finish({ totals, series }) {
      const [title, ...subtitle] = headingLines(say('report.compliance.title'), rootName, range, asOf, say, lang);
      const content: Content[] = [
        { text: title!, fontSize: 16, bold: true },
        { text: subtitle.join('\n'), margin: [0, 4, 0, 10] },
        pdfTable(
          [
            { heading: say('report.col.indicator'), width: 300 },
            { heading: say('report.col.value'), width: 80 },
          ],
          totalsRows(totals, say).map(([label, value]) => [label, String(value)]),
        ),
        ...shareChart(series, say, lang, LANDSCAPE_WIDTH),
        // issue 15 — the materials sent down the tree, with their placement tallies.
        { text: say('report.sheet.materialsSent'), bold: true, fontSize: 12, margin: [0, 12, 0, 4] },
        sentMaterials.length === 0
          ? { text: say('report.materials.none'), fontSize: 8, color: '#666666' }
          : pdfTable(
              MATERIAL_COLUMNS.map((c) => ({ heading: say(c.key), width: c.key === 'report.col.material' ? '*' : c.key === 'report.col.sender' ? 120 : 52 })),
              sentMaterials.map((m) =>
                MATERIAL_COLUMNS.map((c) =>
                  c.key === 'report.col.sentAt' ? instantText(m.sentAt, lang) : c.key === 'report.col.deadline' ? dateText(m.deadline, lang) : c.format === 'percent' ? percent(placementRate(m.tally), say) : String(c.cell(m)),
                ),
              ),
            ),
      ];
      for (const { org, lines, adjustments } of parts) {
        const items = itemsOf.get(org.id) ?? [];
        const waived = adjustments.filter((a) => a.waived);
        content.push(
          { text: org.name, bold: true, fontSize: Math.max(9, 12 - org.level), margin: [org.level * 8, 12, 0, 4] },
          lines.length === 0 ? { text: say('report.nothing'), fontSize: 8, color: '#666666' } : pdfTable(columns, lines.map(lineCells)),
          ...list(
            say('report.sheet.adjustments'),
            waived.map((a) => `${normText({ norm: a.norm, normTitle: a.title })}: ${adjustmentText(a, say, lang)}`),
          ),
          ...list(
            say('report.overdueItems'),
            items.filter((i) => i.overdue).map((i) => `${dateText(i.day, lang)} — ${i.title}`),
          ),
          ...list(
            say('report.evidence'),
            items.filter((i) => !i.overdue && i.url !== null).map((i) => `${dateText(i.day, lang)} — ${i.title}: ${i.url}`),
          ),
        );
      }
      const bytes = await renderPdf({
        title: say('report.compliance.title'),
        header: rootName,
        orientation: 'landscape',
        content,
        pageLabel: (page, pages) => say('report.page', { page, pages }),
      });
      await writeAll(out, bytes);
      out.end();
    },
  };
}

/** The annual review's columns: heading, XLSX width and format, and the cell of a line. */
const REVIEW_COLUMNS: { key: MessageKey; width: number; format?: XlsxColumn['format']; cell: (l: AnnualReviewLine, say: Say) => XlsxValue }[] = [
  { key: 'report.col.organisation', width: 40, cell: (l) => l.org.name },
  { key: 'report.col.kindOfOrg', width: 28, cell: (l, say) => say(`orgKind.${l.kind}` as MessageKey) },
  { key: 'report.col.members', width: 12, cell: (l) => l.members },
  { key: 'report.col.infoWorkers', width: 18, cell: (l) => l.informationWorkers },
  { key: 'report.col.budget', width: 16, cell: (l) => l.budgetPercent },
  { key: 'report.col.budget5', width: 10, cell: (l, say) => (l.budgetMeets5 === null ? null : say(l.budgetMeets5 ? 'report.yes' : 'report.no')) },
  { key: 'report.col.publications', width: 14, cell: (l) => l.publications },
  { key: 'report.col.views', width: 12, cell: (l) => l.views },
  { key: 'report.col.likes', width: 12, cell: (l) => l.likes },
  { key: 'report.col.reposts', width: 10, cell: (l) => l.reposts },
  { key: 'report.col.comments', width: 12, cell: (l) => l.comments },
  { key: 'report.col.engagement', width: 12, cell: (l) => l.engagement },
  { key: 'report.col.channels', width: 9, cell: (l) => l.channels },
  { key: 'report.col.channelTypes', width: 30, cell: (l) => l.channelTypes },
  { key: 'report.col.audience', width: 14, cell: () => null },
  { key: 'report.col.solidarnost', width: 14, cell: (l) => l.solidarnostCopies },
  { key: 'report.col.solidarnostRequired', width: 16, cell: (l) => l.solidarnostRequired },
  { key: 'report.col.normsKept', width: 14, format: 'percent', cell: (l) => l.normsKeptShare },
];

/** The annual review as a file of `format`. */
export function annualReviewFile(format: ReportFormat, target: ReportTarget, year: number): AnnualReviewWriter {
  const say = sayIn(target.lang);
  const title = say('report.annual.title', { year });
  // What Ritm does not keep is said, not left blank: the concept asks for every indicator.
  const shown = (value: XlsxValue) => (value === null || value === undefined ? say('report.noData') : value);
  if (format === 'xlsx') {
    const book = xlsxWriter(target.out);
    let sheet: XlsxSheet;
    return {
      start(info) {
        const titleRows = [...headingLines(title, target.rootName, null, info.asOf, say, target.lang), say('report.annual.source')];
        sheet = book.addSheet(
          say('report.sheet.review'),
          REVIEW_COLUMNS.map((c) => ({ heading: say(c.key), width: c.width, ...(c.format && { format: c.format }) })),
          { titleRows },
        );
      },
      organisation(line) {
        sheet.addRow(REVIEW_COLUMNS.map((c) => shown(c.cell(line, say))));
      },
      async finish() {
        await sheet.commit();
        await book.commit();
      },
    };
  }
  const lines: AnnualReviewLine[] = [];
  let asOf = '';
  return {
    start(info) {
      checkPdfBound(info.organisations);
      asOf = info.asOf;
    },
    organisation(line) {
      lines.push(line);
    },
    async finish() {
      const [heading, ...subtitle] = headingLines(title, target.rootName, null, asOf, say, target.lang);
      const text = (value: XlsxValue, format: XlsxColumn['format']) =>
        value === null || value === undefined ? say('report.noData') : format === 'percent' && typeof value === 'number' ? percent(value, say) : String(value);
      // One table per organisation (indicator, value): eighteen columns do not fit a page.
      const content: Content[] = [{ text: heading!, fontSize: 16, bold: true }, { text: [...subtitle, say('report.annual.source')].join('\n'), margin: [0, 4, 0, 10] }];
      for (const line of lines) {
        content.push(
          { text: line.org.name, bold: true, fontSize: Math.max(9, 12 - line.org.level), margin: [line.org.level * 8, 12, 0, 4] },
          pdfTable(
            [
              { heading: say('report.col.indicator'), width: 300 },
              { heading: say('report.col.value'), width: '*' },
            ],
            REVIEW_COLUMNS.slice(1).map((c) => [say(c.key), text(c.cell(line, say), c.format)]),
          ),
        );
      }
      await writeAll(target.out, await renderPdf({ title, header: target.rootName, content, pageLabel: (page, pages) => say('report.page', { page, pages }) }));
      target.out.end();
    },
  };
}
