import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Channel } from './channel.js';
import type { ComplianceRow } from './compliance.js';
import { COMPLIANCE_STATUSES, statusSeverity } from './compliance.js';
import { countingGroups, rowsFromCounts } from './counting-groups.js';
import type { EvaluationInput } from './evaluate.js';
import { countItems, evaluate, judge, layOut, summariseJudgement } from './evaluate.js';
import { summariseOrganisation, worstRows } from './rollup.js';
import type { PlanItem } from './item.js';
import { ITEM_STATUSES } from './item.js';
import { fromDayNumber, toDayNumber } from './local-date.js';
import type { FrequencyNorm } from './norm.js';
import type { PeriodKind } from './period.js';
import { periodOf } from './period.js';
import { countLikeADatabase } from './test-fixtures.js';
import { localDateOfItemDate } from './time-zone.js';

const TIME_ZONE = 'Asia/Vladivostok';
const ORIGIN = toDayNumber('2026-10-01');
const CHANNELS: Channel[] = [
  { id: 'vk', type: 'vk' },
  { id: 'ok', type: 'ok' },
  { id: 'tg', type: 'telegram', since: '2026-11-05' },
  { id: 'site', type: 'website' },
];
const KINDS = ['post', 'video', 'press_release'];

const normArb =
  fc.record(
    {
      min: fc.integer({ min: 1, max: 4 }),
      kinds: fc.subarray(KINDS, { minLength: 1 }),
      channelTypes: fc.subarray(['vk', 'ok', 'telegram', 'website'], { minLength: 1 }),
      perChannel: fc.boolean(),
    },
    { requiredKeys: ['min', 'perChannel'] },
  );

function atOf(day: number, minute: number | null): string {
  const date = fromDayNumber(ORIGIN + day);
  if (minute === null) return date;
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `${date}T${hh}:${mm}:00+10:00`;
}

const itemArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  channels: fc.subarray(['vk', 'ok', 'tg', 'site']),
  status: fc.constantFrom(...ITEM_STATUSES),
  day: fc.integer({ min: 0, max: 120 }),
  minute: fc.option(fc.integer({ min: 0, max: 24 * 60 - 1 })),
});

const scenarioArb = fc
  .record({
    per: fc.constantFrom<PeriodKind>('day', 'week', 'month', 'quarter'),
    from: fc.integer({ min: 0, max: 60 }),
    length: fc.integer({ min: 0, max: 60 }),
    today: fc.integer({ min: 0, max: 120 }),
    items: fc.array(itemArb, { maxLength: 40 }),
    exempt: fc.option(fc.record({ from: fc.integer({ min: 0, max: 120 }), length: fc.integer({ min: 0, max: 40 }) })),
  })
  .chain((s) => fc.record({ s: fc.constant(s), norms: fc.array(normArb, { minLength: 1, maxLength: 3 }) }))
  .map(({ s, norms }) => {
    const input: EvaluationInput = {
      org: {},
      channels: CHANNELS,
      norms: norms.map((n, i): FrequencyNorm => ({ ...n, id: `n${i}`, type: 'frequency', per: s.per })),
      items: s.items.map((item, i): PlanItem => ({ id: `i${i}`, kind: item.kind, channels: item.channels, status: item.status, at: atOf(item.day, item.minute) })),
      exemptions:
        s.exempt === null ? [] : [{ norm: 'n0', from: fromDayNumber(ORIGIN + s.exempt.from), to: fromDayNumber(ORIGIN + s.exempt.from + s.exempt.length), reason: 'r' }],
      range: { from: fromDayNumber(ORIGIN + s.from), to: fromDayNumber(ORIGIN + s.from + s.length) },
    };
    return { input, options: { today: fromDayNumber(ORIGIN + s.today), timeZone: TIME_ZONE }, per: s.per };
  });

const keyOf = (row: ComplianceRow) => `${row.norm}/${row.channel}/${row.periodStart}`;

describe('evaluate (properties)', () => {
  it('never lowers actual nor worsens a status when a published item is added', () => {
    fc.assert(
      fc.property(scenarioArb, itemArb, ({ input, options }, extra) => {
        const before = evaluate(input, options).results;
        const added: PlanItem = { id: 'extra', kind: extra.kind, channels: extra.channels, status: 'published', at: atOf(extra.day, extra.minute) };
        const after = evaluate({ ...input, items: [...input.items, added] }, options).results;
        expect(after.map(keyOf)).toEqual(before.map(keyOf));
        after.forEach((row, i) => {
          const old = before[i] as ComplianceRow;
          expect(row.actual).toBeGreaterThanOrEqual(old.actual);
          expect(statusSeverity(row.status)).toBeGreaterThanOrEqual(statusSeverity(old.status));
        });
      }),
    );
  });

  it('changes no status when an item moves within its period', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), fc.nat(), ({ input, options, per }, which, to) => {
        fc.pre(input.items.length > 0);
        const index = which % input.items.length;
        const item = input.items[index] as PlanItem;
        const date = localDateOfItemDate(item.at, TIME_ZONE) as string;
        const period = periodOf(date, per);
        const first = toDayNumber(period.start);
        const last = toDayNumber(period.end);
        // An open item keeps its side of today: before today it is overdue, from today on it is planned.
        const today = toDayNumber(options.today);
        const open = item.status === 'planned' || item.status === 'in_progress';
        const low = open && toDayNumber(date) >= today ? Math.max(first, today) : first;
        const high = open && toDayNumber(date) < today ? Math.min(last, today - 1) : last;
        const moved = fromDayNumber(low + (to % (high - low + 1)));
        const items = input.items.map((it, i) => (i === index ? { ...it, at: moved } : it));
        const strip = (rows: ComplianceRow[]) => rows.map((r) => [keyOf(r), r.actual, r.planned, r.status]);
        expect(strip(evaluate({ ...input, items }, options).results)).toEqual(strip(evaluate(input, options).results));
      }),
    );
  });

  it('moves exactly the items within ten hours of midnight when the zone shifts from UTC+2 to UTC+12', () => {
    const HOUR = 3_600_000;
    const start = Date.UTC(2026, 0, 10);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 * 24 * HOUR - 1 }), { maxLength: 60 }), (offsets) => {
        const instants = offsets.map((o) => start + o);
        const input: EvaluationInput = {
          org: {},
          channels: [],
          norms: [{ id: 'daily', type: 'frequency', min: 1, per: 'day' }],
          items: instants.map((t, i) => ({ id: `i${i}`, kind: 'post', channels: [], status: 'published', at: new Date(t).toISOString() })),
          range: { from: '2026-01-09', to: '2026-01-31' },
        };
        const perDay = (timeZone: string) =>
          new Map(evaluate(input, { today: '2026-02-01', timeZone }).results.map((r) => [r.periodStart as string, r.actual]));
        const kaliningrad = perDay('Europe/Kaliningrad');
        const kamchatka = perDay('Asia/Kamchatka');
        const expected = new Map<string, number>([...kaliningrad.keys()].map((d) => [d, 0]));
        let moved = 0;
        for (const t of instants) {
          const local = t + 2 * HOUR;
          const nearMidnight = local % (24 * HOUR) >= 14 * HOUR;
          if (nearMidnight) moved++;
          const day = fromDayNumber(Math.floor(local / (24 * HOUR)) + (nearMidnight ? 1 : 0));
          expected.set(day, (expected.get(day) ?? 0) + 1);
        }
        expect(kamchatka).toEqual(expected);
        const shifted = [...kaliningrad].reduce((sum, [day, n]) => sum + Math.abs(n - (kamchatka.get(day) ?? 0)), 0);
        expect(shifted).toBeLessThanOrEqual(2 * moved);
      }),
    );
  });

  it('gives the same rows from counts a database makes as from the items', () => {
    fc.assert(
      fc.property(scenarioArb, ({ input, options }) => {
        const { items, ...rest } = input;
        const plan = countingGroups(rest);
        expect(rowsFromCounts(rest, plan, countLikeADatabase(plan, items, options), options)).toEqual(evaluate(input, options).results);
      }),
    );
  });

  it('summarises a judgement without its rows exactly as the rows are summarised, worst rows and all', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 5 }), ({ input, options }, worst) => {
        const layout = layOut(input, options);
        const tally = countItems(layout, input.items);
        const rows = judge(layout, tally);
        const summarised = summariseJudgement('org', layout, tally, { worstRows: worst });
        expect(summarised).toEqual(summariseOrganisation({ org: 'org', rows }, { worstRows: worst }));
        // Against the plain rules, not the builder both share: worst rows picked from all rows at once, statuses counted one by one.
        expect(summarised.summary.worstRows).toEqual(worstRows(rows, worst));
        for (const status of COMPLIANCE_STATUSES) expect(summarised.summary.counts[status]).toBe(rows.filter((r) => r.status === status).length);
        expect(summarised.summary.overdue).toBe(rows.reduce((sum, r) => sum + r.overdue, 0));
      }),
    );
  });
});
