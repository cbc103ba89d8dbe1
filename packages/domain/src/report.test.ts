import { describe, expect, it } from 'vitest';
import type { ComplianceRow } from './compliance.js';
import {
  addToSeries,
  addToTotals,
  annualReviewLine,
  emptyReportTotals,
  emptyShareSeries,
  reportLines,
  seriesStep,
  solidarnostRequired,
  yearRange,
  type ReportInput,
} from './report.js';

const org = { id: 'o1', name: 'Профком завода', level: 1 };

const row = (over: Partial<ComplianceRow>): ComplianceRow => ({
  norm: 'posts',
  channel: null,
  periodStart: '2026-11-02',
  periodEnd: '2026-11-08',
  required: 2,
  actual: 2,
  confirmed: 1,
  planned: 0,
  overdue: 0,
  status: 'met',
  ...over,
});

const input = (rows: ComplianceRow[], over: Partial<ReportInput> = {}): ReportInput => ({
  org,
  rows,
  exemptions: [],
  adjustments: [],
  normTitles: new Map([['posts', 'Посты в соцсетях']]),
  channelNames: new Map([['c1', 'ВКонтакте']]),
  ...over,
});

describe('compliance report lines', () => {
  it('name the norm and the channel and keep the judged figures', () => {
    const [line] = reportLines(input([row({ channel: 'c1', actual: 3, confirmed: 2, overdue: 1, status: 'missed' })]));
    expect(line).toMatchObject({ normTitle: 'Посты в соцсетях', channel: 'ВКонтакте', actual: 3, confirmed: 2, overdue: 1, status: 'missed', exemption: null, adjustment: null });
  });

  it('give the reasons of the exemptions reaching into the period, for its channel or all, once each', () => {
    const exemptions = [
      { norm: 'posts', from: '2026-11-05', to: '2026-11-20', reason: 'карантин' },
      { norm: 'posts', from: '2026-11-01', to: '2026-11-03', reason: 'карантин' },
      { norm: 'posts', from: '2026-11-01', to: '2026-11-30', reason: 'ремонт сайта', channel: 'c2' },
      { norm: 'events', from: '2026-11-01', to: '2026-11-30', reason: 'другое' },
      { norm: 'posts', from: '2026-11-09', to: '2026-11-30', reason: 'позже' },
    ];
    const [line] = reportLines(input([row({ channel: 'c1', status: 'exempt' })], { exemptions }));
    expect(line!.exemption).toBe('карантин');
  });

  it('mark the rows of an adjusted norm with who, when and why', () => {
    const adjustment = { norm: 'posts', title: 'Посты', orgName: 'Обком', by: 'Иванова', at: '2026-10-01T09:00:00.000Z', reason: 'сезон', waived: false };
    const [line] = reportLines(input([row({})], { adjustments: [adjustment] }));
    expect(line!.adjustment).toEqual(adjustment);
  });

  it('leave the confirmed count null where it was not counted', () => {
    const { confirmed: _, ...bare } = row({});
    expect(reportLines(input([bare]))[0]!.confirmed).toBeNull();
  });
});

describe('compliance report totals', () => {
  it('count rows by status, leave exempt and not-bound rows out of the share', () => {
    const lines = reportLines(
      input([row({}), row({ status: 'missed', overdue: 2 }), row({ status: 'exempt' }), row({ status: 'not_applicable', periodStart: null, periodEnd: null })], {
        exemptions: [{ norm: 'posts', from: '2026-11-01', to: '2026-11-30', reason: 'карантин' }],
      }),
    );
    const totals = addToTotals(addToTotals(emptyReportTotals(), lines, 1), [], 0);
    expect(totals).toMatchObject({ organisations: 2, judged: 2, met: 1, metShare: 0.5, overdue: 2, adjusted: 1 });
    expect(totals.counts).toMatchObject({ met: 1, missed: 1, exempt: 1, not_applicable: 1 });
    expect(totals.exempted).toBe(4);
  });

  it('say nothing of a share when nothing is judged', () => {
    expect(addToTotals(emptyReportTotals(), [], 0).metShare).toBeNull();
  });
});

describe('the share series', () => {
  it('steps by weeks up to a quarter and by months beyond', () => {
    expect(seriesStep({ from: '2026-10-01', to: '2026-12-31' })).toBe('week');
    expect(seriesStep(yearRange(2026))).toBe('month');
    expect(emptyShareSeries(yearRange(2026)).points).toHaveLength(12);
    const quarter = emptyShareSeries({ from: '2026-10-01', to: '2026-12-31' });
    expect(quarter.points[0]).toMatchObject({ start: '2026-09-28', end: '2026-10-04', share: null });
    expect(quarter.points).toHaveLength(14);
  });

  it('counts each judged periodic row in the step its period ends in', () => {
    const series = emptyShareSeries({ from: '2026-11-01', to: '2026-11-30' });
    addToSeries(
      series,
      reportLines(
        input([
          row({}),
          row({ status: 'missed' }),
          row({ periodStart: '2026-11-09', periodEnd: '2026-11-15' }),
          row({ status: 'exempt', periodStart: '2026-11-09', periodEnd: '2026-11-15' }),
          row({ status: 'not_applicable', periodStart: null, periodEnd: null }),
          row({ periodStart: '2026-12-07', periodEnd: '2026-12-13' }),
        ]),
      ),
    );
    const byStart = Object.fromEntries(series.points.map((p) => [p.start, p]));
    expect(byStart['2026-11-02']).toMatchObject({ judged: 2, met: 1, share: 0.5 });
    expect(byStart['2026-11-09']).toMatchObject({ judged: 1, met: 1, share: 1 });
    expect(byStart['2026-11-16']).toMatchObject({ judged: 0, share: null });
  });

  it('counts monthly steps by the month a period ends in', () => {
    const series = emptyShareSeries(yearRange(2026));
    addToSeries(series, reportLines(input([row({ periodStart: '2026-03-30', periodEnd: '2026-04-05', status: 'missed' })])));
    expect(series.points[3]).toMatchObject({ start: '2026-04-01', judged: 1, met: 0, share: 0 });
  });
});

describe('the annual review', () => {
  const base = {
    org: { ...org, kind: 'union_primary', members: 250, figures: { info_budget_percent: 4.5, solidarnost_copies: 2 } },
    informationWorkers: 1,
    publications: { count: 30, views: 1200, likes: 80, reposts: null, comments: 5 },
    channels: [
      { type: 'vk', name: 'ВК' },
      { type: 'vk', name: 'ВК молодёжь' },
      { type: 'telegram', name: 'Телеграм' },
    ],
    rows: [row({}), row({ status: 'missed' }), row({}), row({}), row({ status: 'exempt' })],
  };

  it('reads the concept’s indicators Ritm holds', () => {
    expect(annualReviewLine(base)).toMatchObject({
      budgetPercent: 4.5,
      budgetMeets5: false,
      publications: 30,
      views: 1200,
      engagement: 85,
      channels: 3,
      channelTypes: 'vk ×2, telegram',
      audience: null,
      solidarnostCopies: 2,
      solidarnostRequired: 3,
      normsKeptShare: 0.75,
      normsJudged: 4,
      normsMet: 3,
    });
  });

  it('says «no data» (null) for what is not kept', () => {
    const line = annualReviewLine({
      ...base,
      org: { ...base.org, members: null, figures: {} },
      informationWorkers: null,
      publications: { count: 0, views: null, likes: null, reposts: null, comments: null },
      rows: [],
    });
    expect(line).toMatchObject({ budgetPercent: null, budgetMeets5: null, solidarnostCopies: null, solidarnostRequired: null, engagement: null, normsKeptShare: null, informationWorkers: null });
  });

  it('asks one copy of «Солидарность» per hundred members, at least one', () => {
    expect(solidarnostRequired(40)).toBe(1);
    expect(solidarnostRequired(100)).toBe(1);
    expect(solidarnostRequired(101)).toBe(2);
  });
});
