import { describe, expect, it } from 'vitest';
import type { ComplianceRow } from './compliance.js';
import {
  composeDigest,
  digestDays,
  directorTally,
  dueDigest,
  editorRows,
  instantOfLocalHour,
  isoWeekDays,
  isoWeekKey,
  latestDigestSlot,
  recipientZone,
  type DirectorSection,
  type EditorSection,
} from './digest.js';

const iso = (instant: number) => new Date(instant).toISOString();
const monday9 = (timeZone: string) => ({ weekday: 1 as const, hour: 9, timeZone });

describe('ISO week keys', () => {
  it('names the week by its Thursday’s year', () => {
    expect(isoWeekKey('2026-11-23')).toBe('2026-W48');
    expect(isoWeekKey('2026-11-29')).toBe('2026-W48');
    expect(isoWeekKey('2026-11-30')).toBe('2026-W49');
    expect(isoWeekKey('2027-01-01')).toBe('2026-W53');
    expect(isoWeekKey('2027-01-04')).toBe('2027-W01');
    expect(isoWeekKey('2025-12-29')).toBe('2026-W01');
  });

  it('gives a week’s Monday and Sunday back', () => {
    expect(isoWeekDays('2026-W48')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(isoWeekDays('2026-W53')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(isoWeekDays('2026-W01')).toEqual({ from: '2025-12-29', to: '2026-01-04' });
    for (const day of ['2024-12-30', '2027-06-15', '2032-12-31']) expect(isoWeekDays(isoWeekKey(day)).from <= day).toBe(true);
  });
});

describe('the digest slot', () => {
  it('is Monday 09:00 in Kamchatka while it is still Sunday in UTC, and the week is Kamchatka’s', () => {
    expect(iso(instantOfLocalHour('2026-11-23', 9, 'Asia/Kamchatka'))).toBe('2026-11-22T21:00:00.000Z');
    const slot = dueDigest(monday9('Asia/Kamchatka'), Date.parse('2026-11-22T21:05:00Z'));
    expect(slot).toEqual({ week: '2026-W48', day: '2026-11-23', at: Date.parse('2026-11-22T21:00:00Z') });
    // A minute before: Sunday's last hours there; last week's slot is a week old and not sent late.
    expect(dueDigest(monday9('Asia/Kamchatka'), Date.parse('2026-11-22T20:59:00Z'))).toBeUndefined();
  });

  it('is Monday 09:00 in Kaliningrad, ten hours after Kamchatka’s', () => {
    expect(iso(instantOfLocalHour('2026-11-23', 9, 'Europe/Kaliningrad'))).toBe('2026-11-23T07:00:00.000Z');
    expect(dueDigest(monday9('Europe/Kaliningrad'), Date.parse('2026-11-23T06:59:00Z'))).toBeUndefined();
    expect(dueDigest(monday9('Europe/Kaliningrad'), Date.parse('2026-11-23T07:00:00Z'))?.week).toBe('2026-W48');
  });

  it('catches up a missed slot the same day but never a day late', () => {
    const schedule = monday9('Europe/Kaliningrad');
    expect(dueDigest(schedule, Date.parse('2026-11-24T06:59:00Z'))?.week).toBe('2026-W48');
    expect(dueDigest(schedule, Date.parse('2026-11-24T07:00:00Z'))).toBeUndefined();
    expect(latestDigestSlot(schedule, Date.parse('2026-11-28T12:00:00Z')).week).toBe('2026-W48');
  });

  it('follows a person’s own weekday and hour', () => {
    const friday18 = { weekday: 5 as const, hour: 18, timeZone: 'Asia/Vladivostok' };
    expect(dueDigest(friday18, Date.parse('2026-11-27T08:00:00Z'))).toEqual({ week: '2026-W48', day: '2026-11-27', at: Date.parse('2026-11-27T08:00:00Z') });
    // Sunday 23:00 last week is still due at Monday 00:30 (within a day), under last week's key.
    const sunday23 = { weekday: 7 as const, hour: 23, timeZone: 'Europe/Moscow' };
    expect(dueDigest(sunday23, Date.parse('2026-11-29T21:30:00Z'))?.week).toBe('2026-W48');
  });

  it('keeps 09:00 local across a clock change (Moscow, October 2014: UTC+4 to UTC+3)', () => {
    expect(iso(instantOfLocalHour('2014-10-20', 9, 'Europe/Moscow'))).toBe('2014-10-20T05:00:00.000Z');
    expect(iso(instantOfLocalHour('2014-10-27', 9, 'Europe/Moscow'))).toBe('2014-10-27T06:00:00.000Z');
    expect(dueDigest(monday9('Europe/Moscow'), Date.parse('2014-10-27T05:30:00Z'))).toBeUndefined();
    expect(dueDigest(monday9('Europe/Moscow'), Date.parse('2014-10-27T06:00:00Z'))?.week).toBe('2014-W44');
  });

  it('comes at the jump for an hour the clocks skip, and at the first of an hour that happens twice', () => {
    // Berlin, 29 March 2026: 02:00 → 03:00; 25 October 2026: 03:00 → 02:00.
    expect(iso(instantOfLocalHour('2026-03-29', 2, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(instantOfLocalHour('2026-03-29', 3, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(instantOfLocalHour('2026-03-30', 9, 'Europe/Berlin'))).toBe('2026-03-30T07:00:00.000Z');
    expect(iso(instantOfLocalHour('2026-10-25', 2, 'Europe/Berlin'))).toBe('2026-10-25T00:00:00.000Z');
    expect(iso(instantOfLocalHour('2026-10-26', 9, 'Europe/Berlin'))).toBe('2026-10-26T08:00:00.000Z');
  });
});

describe('the recipient’s zone', () => {
  const roles = [
    { name: 'ЦЗН Петропавловска', path: '/r/k/c/', timeZone: 'Asia/Kamchatka' },
    { name: 'Минтруд Калининградской области', path: '/k/', timeZone: 'Europe/Kaliningrad' },
    { name: 'Агентство Камчатского края', path: '/r/', timeZone: 'Asia/Kamchatka' },
  ];
  it('is the person’s choice when it is a zone', () => {
    expect(recipientZone('Asia/Yekaterinburg', roles)).toBe('Asia/Yekaterinburg');
    expect(recipientZone('Mars/Olympus', roles)).toBe('Asia/Kamchatka');
  });
  it('is the zone of the topmost role’s organisation, ties by name', () => {
    expect(recipientZone(null, roles)).toBe('Asia/Kamchatka');
    expect(recipientZone(null, roles.slice(0, 2))).toBe('Europe/Kaliningrad');
    expect(recipientZone(null, [])).toBeUndefined();
  });
});

const row = (over: Partial<ComplianceRow>): ComplianceRow => ({
  norm: 'posts',
  channel: null,
  periodStart: '2026-11-23',
  periodEnd: '2026-11-29',
  required: 2,
  actual: 0,
  planned: 0,
  overdue: 0,
  status: 'at_risk',
  ...over,
});

describe('what the digest looks at', () => {
  it('judges from last week’s Monday to the end of next quarter', () => {
    expect(digestDays('2026-11-25')).toEqual({
      lastWeek: { from: '2026-11-16', to: '2026-11-22' },
      thisWeek: { from: '2026-11-23', to: '2026-11-29' },
      judged: { from: '2026-11-16', to: '2027-03-31' },
    });
  });

  it('tells an editor the rows at risk now and the gaps of the very next period', () => {
    const rows = [
      row({ periodStart: '2026-11-16', periodEnd: '2026-11-22', status: 'missed' }),
      row({}),
      row({ periodStart: '2026-11-30', periodEnd: '2026-12-06', status: 'gap' }),
      row({ periodStart: '2026-12-07', periodEnd: '2026-12-13', status: 'gap' }),
      row({ norm: 'monthly', periodStart: '2026-11-01', periodEnd: '2026-11-30', status: 'on_track' }),
      row({ norm: 'monthly', periodStart: '2026-12-01', periodEnd: '2026-12-31', status: 'gap' }),
      row({ norm: 'monthly', periodStart: '2027-01-01', periodEnd: '2027-01-31', status: 'gap' }),
      row({ norm: 'vk', channel: 'c1', periodStart: '2026-11-30', periodEnd: '2026-12-06', status: 'gap' }),
      row({ norm: 'presence', periodStart: null, periodEnd: null, status: 'missed' }),
    ];
    const { atRisk, gapsNext } = editorRows(rows, '2026-11-25');
    expect(atRisk).toEqual([rows[1]]);
    // The vk channel row has no current period among the rows: it is not «next».
    expect(gapsNext).toEqual([rows[2], rows[5]]);
  });

  it('does not count an exempt week as at risk', () => {
    const rows = [row({ status: 'exempt' }), row({ periodStart: '2026-11-30', periodEnd: '2026-12-06', status: 'gap' })];
    expect(editorRows(rows, '2026-11-25').atRisk).toEqual([]);
    expect(directorTally([{ orgId: 'a', orgName: 'А', rows }], { from: '2026-11-16', to: '2026-11-22' }).atRisk).toBe(0);
  });

  it('tells a director who is at risk and who missed a norm last week, worst first', () => {
    const lastWeek = { from: '2026-11-16', to: '2026-11-22' };
    const tally = directorTally(
      [
        { orgId: 'root', orgName: 'Министерство', rows: [row({ status: 'on_track' })] },
        { orgId: 'b', orgName: 'ЦЗН Б', rows: [row({ periodStart: '2026-11-16', periodEnd: '2026-11-22', status: 'missed' })] },
        { orgId: 'a', orgName: 'ЦЗН А', rows: [row({}), row({ norm: 'events' }), row({ periodStart: '2026-11-09', periodEnd: '2026-11-15', status: 'missed' })] },
        { orgId: 'c', orgName: 'ЦЗН В', rows: [row({})] },
      ],
      lastWeek,
    );
    expect(tally.organisations).toBe(4);
    expect(tally.troubled.map((t) => [t.orgId, t.atRisk, t.missedLastWeek])).toEqual([
      ['a', 2, 0],
      ['c', 1, 0],
      ['b', 0, 1],
    ]);
    expect(tally.normsAtRisk).toEqual([
      { norm: 'posts', organisations: 2 },
      { norm: 'events', organisations: 1 },
    ]);
    expect([tally.atRisk, tally.missedLastWeek]).toEqual([3, 1]);
  });
});

const editorSection = (over: Partial<EditorSection>): EditorSection => ({
  orgId: 'c',
  orgName: 'ЦЗН',
  path: '/r/c/',
  today: '2026-11-23',
  atRisk: [],
  gapsNext: [],
  overdue: [],
  assigned: [],
  returned: [],
  ...over,
});
const directorSection = (over: Partial<DirectorSection>): DirectorSection => ({
  orgId: 'r',
  orgName: 'Министерство',
  path: '/r/',
  today: '2026-11-23',
  organisations: 2,
  troubled: [],
  normsAtRisk: [],
  atRisk: 0,
  missedLastWeek: 0,
  normTitles: {},
  awaiting: [],
  adjustments: [],
  ...over,
});
const normRow = { norm: 'posts', title: null, channel: null, channelName: null, periodStart: '2026-11-23', periodEnd: '2026-11-29', required: 2, actual: 0, planned: 0 };

describe('composing a digest', () => {
  it('says all is on track when nothing asks for attention (and is still made)', () => {
    const digest = composeDigest('2026-W48', [editorSection({})], [directorSection({})]);
    expect(digest).toMatchObject({ week: '2026-W48', atRisk: 0, overdue: 0, quiet: true });
  });

  it('counts an organisation edited inside a directed subtree once', () => {
    const editor = editorSection({ atRisk: [normRow], overdue: [{ id: 'i', title: 'Пост', day: '2026-11-20' }] });
    expect(composeDigest('2026-W48', [editor], [directorSection({ atRisk: 1 })])).toMatchObject({ atRisk: 1, overdue: 1, quiet: false });
    expect(composeDigest('2026-W48', [{ ...editor, path: '/other/' }], [directorSection({ atRisk: 1 })]).atRisk).toBe(2);
  });

  it('is not quiet with a returned plan or plans awaiting approval', () => {
    const plan = { id: 'p', orgId: 'c', orgName: 'ЦЗН', title: 'Ноябрь 2026' };
    expect(composeDigest('2026-W48', [editorSection({ returned: [{ ...plan, comment: 'Добавьте вакансии' }] })], []).quiet).toBe(false);
    expect(composeDigest('2026-W48', [], [directorSection({ awaiting: [plan] })]).quiet).toBe(false);
  });
});
