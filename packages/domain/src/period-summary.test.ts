import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComplianceRow, ComplianceStatus } from './compliance.js';
import { COMPLIANCE_STATUSES } from './compliance.js';
import { evaluate, type EvaluationInput } from './evaluate.js';
import type { Norm } from './norm.js';
import { periodsOverlapping } from './period.js';
import { metShare, summariseByPeriod } from './period-summary.js';
import { MINTRUD_2022 } from './presets.js';
import { emptyStatusCounts, summariseOrganisation } from './rollup.js';
import { isProfileRow } from './profile.js';

const row = (norm: string, channel: string | null, periodStart: string, periodEnd: string, status: ComplianceStatus): ComplianceRow => ({
  norm,
  channel,
  periodStart,
  periodEnd,
  required: 2,
  actual: 0,
  planned: 0,
  overdue: 0,
  status,
});
const weeks = periodsOverlapping({ from: '2026-11-23', to: '2026-12-06' }, 'week');

describe('rows by column', () => {
  it('counts a row in every column its period overlaps and names what falls short, worst first', () => {
    const rows = [
      row('posts', 'vk', '2026-11-23', '2026-11-29', 'missed'),
      row('posts', 'vk', '2026-11-30', '2026-12-06', 'met'),
      row('events', null, '2026-11-01', '2026-11-30', 'at_risk'),
      row('events', null, '2026-12-01', '2026-12-31', 'gap'),
      row('mandatory-channels', null, null as never, null as never, 'missed'),
    ];
    const [first, second] = summariseByPeriod(rows, weeks);
    expect(first).toEqual({
      counts: { ...emptyStatusCounts(), missed: 1, at_risk: 1 },
      worst: 'missed',
      shortfalls: [
        { norm: 'posts', channel: 'vk', status: 'missed' },
        { norm: 'events', channel: null, status: 'at_risk' },
      ],
    });
    // The week of 30 November overlaps both months: the norm is named once, at its worst.
    expect(second).toEqual({
      counts: { ...emptyStatusCounts(), met: 1, at_risk: 1, gap: 1 },
      worst: 'at_risk',
      shortfalls: [{ norm: 'events', channel: null, status: 'at_risk' }],
    });
  });

  it('leaves profile rows out: a missing channel does not redden a week', () => {
    const [week] = summariseByPeriod([row('mandatory-channels', null, null as never, null as never, 'missed')], weeks);
    expect(week).toEqual({ counts: emptyStatusCounts(), worst: null, shortfalls: [] });
  });

  it('counts in each column what judging just that column counts, profile rows aside', () => {
    const norms: Norm[] = [...MINTRUD_2022.norms, { id: 'quarterly', type: 'frequency', min: 3, per: 'quarter', kinds: ['publication'] }];
    const base: Omit<EvaluationInput, 'range'> = {
      org: { kind: 'employment_center' },
      channels: [
        { id: 'vk', type: 'vk' },
        { id: 'ok', type: 'ok' },
        { id: 'site', type: 'website' },
      ],
      norms,
      items: [
        { id: 'a', kind: 'post', status: 'published', at: '2026-10-06', channels: ['vk', 'ok'] },
        { id: 'b', kind: 'post', status: 'published', at: '2026-10-08', channels: ['vk'] },
        { id: 'c', kind: 'post', status: 'planned', at: '2026-11-25', channels: ['ok'] },
        { id: 'd', kind: 'vacancy_material', status: 'published', at: '2026-11-02', channels: ['site'] },
        { id: 'e', kind: 'public_event', status: 'held', at: '2026-10-30', channels: [] },
      ],
    };
    const options = { today: '2026-11-19', timeZone: 'Europe/Moscow' };
    for (const per of ['week', 'month'] as const) {
      const columns = periodsOverlapping({ from: '2026-10-01', to: '2026-12-31' }, per);
      const whole = evaluate({ ...base, range: { from: columns[0]!.start, to: columns.at(-1)!.end } }, options).results;
      const byColumn = summariseByPeriod(whole, columns);
      columns.forEach((column, at) => {
        const alone = evaluate({ ...base, range: { from: column.start, to: column.end } }, options).results.filter((r) => !isProfileRow(r));
        const expected = summariseOrganisation({ org: 'x', rows: alone }).summary;
        expect(byColumn[at]!.counts, `${per} ${column.start}`).toEqual(expected.counts);
        expect(byColumn[at]!.worst).toBe(expected.worst);
      });
    }
  });

  it('counts every overlap of every row, whatever the rows (property)', () => {
    const day = fc.integer({ min: 0, max: 60 }).map((d) => new Date(Date.UTC(2026, 10, 16 + d)).toISOString().slice(0, 10));
    const arbitraryRow = fc.tuple(day, fc.integer({ min: 0, max: 40 }), fc.constantFrom(...COMPLIANCE_STATUSES), fc.constantFrom('a', 'b')).map(([start, length, status, norm]) => {
      const end = new Date(Date.parse(start) + length * 86_400_000).toISOString().slice(0, 10);
      return row(norm, null, start, end, status);
    });
    const columns = periodsOverlapping({ from: '2026-11-16', to: '2027-02-28' }, 'week');
    fc.assert(
      fc.property(fc.array(arbitraryRow, { maxLength: 30 }), (rows) => {
        const summaries = summariseByPeriod(rows, columns);
        columns.forEach((column, at) => {
          const overlapping = rows.filter((r) => r.periodStart! <= column.end && r.periodEnd! >= column.start);
          expect(summaries[at]!.counts).toEqual(summariseOrganisation({ org: 'x', rows: overlapping }).summary.counts);
        });
      }),
    );
  });
});

describe('the share of norms met', () => {
  it('is met rows over judged rows, exempt and not applicable aside', () => {
    expect(metShare({ ...emptyStatusCounts(), met: 3, missed: 1, exempt: 2, not_applicable: 4 })).toBe(0.75);
    expect(metShare({ ...emptyStatusCounts(), exempt: 2 })).toBeNull();
  });
});
