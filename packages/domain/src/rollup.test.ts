import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComplianceRow, ComplianceStatus } from './compliance.js';
import { COMPLIANCE_STATUSES } from './compliance.js';
import { combineRollUp, emptyStatusCounts, rollUp, summariseOrganisation, worstRows } from './rollup.js';

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

describe('emptyStatusCounts', () => {
  it('has every compliance status at zero, and no other key', () => {
    expect(Object.keys(emptyStatusCounts()).sort()).toEqual([...COMPLIANCE_STATUSES].sort());
    expect(Object.values(emptyStatusCounts()).every((n) => n === 0)).toBe(true);
  });
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

describe('worst rows', () => {
  const dated = (status: ComplianceStatus, periodStart: string, norm = 'posts'): ComplianceRow => ({ ...row(norm, status), periodStart, periodEnd: periodStart });

  it('keeps the worst failing or open rows, the latest period first, equals in input order', () => {
    const rows = [
      dated('met', '2026-11-09'),
      dated('gap', '2026-11-02', 'a'),
      dated('missed', '2026-10-05'),
      dated('gap', '2026-11-02', 'b'),
      dated('missed', '2026-10-12'),
      dated('gap', '2026-11-16'),
    ];
    const sorted = rows
      .filter((r) => r.status !== 'met')
      .sort((a, b) => (a.status === b.status ? b.periodStart!.localeCompare(a.periodStart!) : a.status === 'missed' ? -1 : 1));
    for (const count of [0, 1, 3, 5, 10]) expect(worstRows(rows, count)).toEqual(sorted.slice(0, count));
  });

  it('comes with each organisation of a roll-up when asked for, from organisations given one at a time', () => {
    function* organisations() {
      yield { org: 'a', rows: [dated('gap', '2026-11-02'), dated('missed', '2026-10-05'), dated('met', '2026-10-12')] };
      yield { org: 'b', rows: [dated('met', '2026-11-02')] };
    }
    const summary = rollUp(organisations(), { worstRows: 1 });
    expect(summary.organisations.map((o) => [o.org, o.worstRows.map((r) => r.status)])).toEqual([
      ['a', ['missed']],
      ['b', []],
    ]);
    expect(rollUp(organisations()).organisations.every((o) => o.worstRows.length === 0)).toBe(true);
  });
});

describe('contributions', () => {
  const rowArb = fc.record({
    norm: fc.constantFrom('posts', 'site', 'events'),
    status: fc.constantFrom(...COMPLIANCE_STATUSES),
    overdue: fc.nat(3),
    periodStart: fc.option(fc.constantFrom('2026-10-05', '2026-10-12', '2026-11-02'), { nil: null }),
  });
  const orgsArb = fc.uniqueArray(
    fc.record({ org: fc.stringMatching(/^[a-z]{1,4}$/), rows: fc.array(rowArb.map((r) => ({ ...row(r.norm, r.status, r.overdue), periodStart: r.periodStart, periodEnd: r.periodStart })), { maxLength: 12 }) }),
    { selector: (o) => o.org, maxLength: 8 },
  );

  it('combine to the roll-up of the rows they summarise', () => {
    fc.assert(
      fc.property(orgsArb, (orgs) => {
        expect(combineRollUp(orgs.map((o) => summariseOrganisation(o, { worstRows: 2 })))).toEqual(rollUp(orgs, { worstRows: 2 }));
      }),
    );
  });

  it('counts each norm apart when its rows come interleaved with those of another', () => {
    const { norms } = summariseOrganisation({ org: 'a', rows: [row('posts', 'met'), row('site', 'missed'), row('posts', 'at_risk'), row('site', 'met'), row('events', 'met'), row('posts', 'met')] });
    expect(norms.map((n) => [n.norm, n.counts.met, n.counts.missed, n.counts.at_risk, n.failing])).toEqual([
      ['posts', 2, 0, 1, true],
      ['site', 1, 1, 0, true],
      ['events', 1, 0, 0, false],
    ]);
  });

  it('can be kept and combined again with fresh ones, the result unchanged', () => {
    const first = [{ org: 'a', rows: [row('posts', 'missed')] }, { org: 'b', rows: [row('site', 'met')] }];
    const kept = summariseOrganisation(first[0]!);
    const once = combineRollUp([kept, summariseOrganisation(first[1]!)]);
    const again = combineRollUp([kept, summariseOrganisation(first[1]!)]);
    expect(once).toEqual(rollUp(first));
    expect(again).toEqual(once);
    expect(again.norms.map((n) => [n.norm, n.organisations, n.failing])).toEqual([
      ['posts', 1, 1],
      ['site', 1, 0],
    ]);
  });
});
