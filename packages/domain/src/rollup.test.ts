import { describe, expect, it } from 'vitest';
import type { ComplianceRow, ComplianceStatus } from './compliance.js';
import { emptyStatusCounts, rollUp } from './rollup.js';

const row = (norm: string, status: ComplianceStatus, overdue = 0): ComplianceRow => ({
  norm,
  channel: null,
  periodStart: null,
  periodEnd: null,
  required: 1,
  actual: 0,
  planned: 0,
  overdue,
  status,
});

describe('roll-up', () => {
  const summary = rollUp([
    { org: 'good', rows: [row('posts', 'met'), row('posts', 'on_track'), row('site', 'not_applicable')] },
    { org: 'bad', rows: [row('posts', 'met'), row('posts', 'missed', 2), row('site', 'exempt')] },
    { org: 'risky', rows: [row('posts', 'at_risk'), row('site', 'met')] },
    { org: 'empty', rows: [] },
  ]);

  it('puts the worst organisations first', () => {
    expect(summary.organisations.map((o) => [o.org, o.worst, o.healthShare])).toEqual([
      ['bad', 'missed', 0.5],
      ['risky', 'at_risk', 0.5],
      ['good', 'on_track', 1],
      ['empty', null, null],
    ]);
  });

  it('counts statuses, judged rows and overdue items per organisation', () => {
    const bad = summary.organisations[0];
    expect(bad?.counts).toEqual({ ...emptyStatusCounts(), met: 1, missed: 1, exempt: 1 });
    expect(bad).toMatchObject({ judged: 2, healthy: 1, overdue: 2 });
  });

  it('summarises each norm over the organisations, and the totals', () => {
    expect(summary.norms).toEqual([
      { norm: 'posts', counts: { ...emptyStatusCounts(), met: 2, on_track: 1, missed: 1, at_risk: 1 }, organisations: 3, failing: 2 },
      { norm: 'site', counts: { ...emptyStatusCounts(), not_applicable: 1, exempt: 1, met: 1 }, organisations: 3, failing: 0 },
    ]);
    expect(summary.totals).toEqual({ ...emptyStatusCounts(), met: 3, on_track: 1, missed: 1, at_risk: 1, exempt: 1, not_applicable: 1 });
  });
});
