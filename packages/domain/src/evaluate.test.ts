import { describe, expect, it } from 'vitest';
import type { Channel } from './channel.js';
import type { ComplianceRow } from './compliance.js';
import type { EvaluationInput } from './evaluate.js';
import { evaluate, evaluationMemo, evaluationSpan } from './evaluate.js';
import { countingGroups, rowsFromCounts } from './counting-groups.js';
import { countLikeADatabase } from './test-fixtures.js';
import type { Exemption } from './exemption.js';
import type { ItemStatus, PlanItem } from './item.js';
import type { FrequencyNorm, Norm } from './norm.js';
import { ValidationError } from './read-json.js';

const VLADIVOSTOK = { today: '2026-11-18', timeZone: 'Asia/Vladivostok' };

const posts: FrequencyNorm = {
  id: 'posts',
  type: 'frequency',
  min: 2,
  per: 'week',
  kinds: ['post'],
  channelTypes: ['vk', 'ok', 'telegram'],
  perChannel: true,
};

function post(id: string, at: string, channels: string[] = ['vk'], status: ItemStatus = 'published', kind = 'post'): PlanItem {
  return { id, kind, channels, status, at };
}

function input(parts: Partial<EvaluationInput> & { norms: Norm[] }): EvaluationInput {
  return {
    org: { kind: 'union_primary', members: 650 },
    channels: [
      { id: 'vk', type: 'vk' },
      { id: 'tg', type: 'telegram' },
    ],
    items: [],
    range: { from: '2026-11-09', to: '2026-11-22' },
    ...parts,
  };
}

/** Rows as compact tuples: channel, period start, actual, planned, status. */
function brief(rows: ComplianceRow[]) {
  return rows.map((r) => [r.channel, r.periodStart, r.actual, r.planned, r.status]);
}

describe('evaluate: the issue’s scenario', () => {
  const scenario = input({
    channels: [
      { id: 'vk', type: 'vk' },
      { id: 'tg', type: 'telegram', since: '2026-01-01' },
    ],
    norms: [
      posts,
      { id: 'pages', type: 'presence', channelTypes: ['vk', 'ok', 'telegram', 'max'], orgKinds: ['union_primary'], minMembers: 501 },
    ],
    items: [post('p1', '2026-11-15T13:30:00Z')],
    exemptions: [{ norm: 'posts', from: '2026-11-01', to: '2026-11-30', reason: '…' }],
  });

  it('exempts both weeks on both channels and finds the pages', () => {
    const { results, overdue } = evaluate(scenario, VLADIVOSTOK);
    expect(results).toEqual([
      { norm: 'posts', channel: 'vk', periodStart: '2026-11-09', periodEnd: '2026-11-15', required: 2, actual: 1, planned: 0, overdue: 0, status: 'exempt' },
      { norm: 'posts', channel: 'vk', periodStart: '2026-11-16', periodEnd: '2026-11-22', required: 2, actual: 0, planned: 0, overdue: 0, status: 'exempt' },
      { norm: 'posts', channel: 'tg', periodStart: '2026-11-09', periodEnd: '2026-11-15', required: 2, actual: 0, planned: 0, overdue: 0, status: 'exempt' },
      { norm: 'posts', channel: 'tg', periodStart: '2026-11-16', periodEnd: '2026-11-22', required: 2, actual: 0, planned: 0, overdue: 0, status: 'exempt' },
      { norm: 'pages', channel: null, periodStart: null, periodEnd: null, required: 1, actual: 1, planned: 0, overdue: 0, status: 'met' },
    ]);
    expect(overdue).toEqual([]);
  });

  it('judges the weeks without the exemption: last week missed, this week at risk', () => {
    const { results } = evaluate({ ...scenario, exemptions: [] }, VLADIVOSTOK);
    expect(brief(results.slice(0, 4))).toEqual([
      ['vk', '2026-11-09', 1, 0, 'missed'],
      ['vk', '2026-11-16', 0, 0, 'at_risk'],
      ['tg', '2026-11-09', 0, 0, 'missed'],
      ['tg', '2026-11-16', 0, 0, 'at_risk'],
    ]);
  });
});

describe('evaluate: placing items on the local calendar', () => {
  it('counts a post published at 23:30 Sunday in Vladivostok in that week', () => {
    const { results } = evaluate(input({ norms: [posts], items: [post('p', '2026-11-15T13:30:00Z')] }), VLADIVOSTOK);
    expect(results[0]).toMatchObject({ channel: 'vk', periodStart: '2026-11-09', actual: 1 });
  });

  it('counts a post published at 00:30 Monday in Vladivostok in the next week', () => {
    const { results } = evaluate(input({ norms: [posts], items: [post('p', '2026-11-15T14:30:00Z')] }), VLADIVOSTOK);
    expect(brief(results.filter((r) => r.channel === 'vk'))).toEqual([
      ['vk', '2026-11-09', 0, 0, 'missed'],
      ['vk', '2026-11-16', 1, 0, 'at_risk'],
    ]);
  });

  it.each([
    ['Europe/Kaliningrad', '2026-11-15T21:59:59Z', '2026-11-15T22:00:00Z'],
    ['Asia/Kamchatka', '2026-11-15T11:59:59Z', '2026-11-15T12:00:00Z'],
  ])('splits the week at local midnight in %s', (timeZone, lastOfSunday, firstOfMonday) => {
    const norm: FrequencyNorm = { id: 'n', type: 'frequency', min: 1, per: 'week' };
    const items = [post('a', lastOfSunday, []), post('b', firstOfMonday, [])];
    const { results } = evaluate(input({ norms: [norm], items }), { today: '2026-11-30', timeZone });
    expect(brief(results)).toEqual([
      [null, '2026-11-09', 1, 0, 'met'],
      [null, '2026-11-16', 1, 0, 'met'],
    ]);
  });

  it('reads a local date and a wall-clock time as the organisation’s own day', () => {
    const norm: FrequencyNorm = { id: 'n', type: 'frequency', min: 2, per: 'day' };
    const items = [post('a', '2026-11-15', []), post('b', '2026-11-15T23:59', [])];
    const { results } = evaluate(input({ norms: [norm], items, range: { from: '2026-11-15', to: '2026-11-15' } }), VLADIVOSTOK);
    expect(brief(results)).toEqual([[null, '2026-11-15', 2, 0, 'met']]);
  });

  it('counts Thursday 31 December and Saturday 2 January in one ISO week', () => {
    const norm: FrequencyNorm = { id: 'n', type: 'frequency', min: 2, per: 'week' };
    const items = [post('a', '2026-12-31', []), post('b', '2027-01-02T10:00:00+10:00', [])];
    const { results } = evaluate(input({ norms: [norm], items, range: { from: '2026-12-31', to: '2027-01-01' } }), {
      today: '2027-01-10',
      timeZone: 'Asia/Vladivostok',
    });
    expect(results).toEqual([
      { norm: 'n', channel: null, periodStart: '2026-12-28', periodEnd: '2027-01-03', required: 2, actual: 2, planned: 0, overdue: 0, status: 'met' },
    ]);
  });

  it('judges quarters whole, reading items before the range', () => {
    const norm: FrequencyNorm = { id: 'q', type: 'frequency', min: 1, per: 'quarter', kinds: ['report'] };
    const items = [post('r', '2026-10-02', [], 'published', 'report')];
    const { results } = evaluate(input({ norms: [norm], items, range: { from: '2026-11-09', to: '2027-01-05' } }), VLADIVOSTOK);
    expect(brief(results)).toEqual([
      [null, '2026-10-01', 1, 0, 'met'],
      [null, '2027-01-01', 0, 0, 'gap'],
    ]);
    expect(results[0]?.periodEnd).toBe('2026-12-31');
    expect(evaluationSpan({ from: '2026-11-09', to: '2027-01-05' }, [norm])).toEqual({ from: '2026-10-01', to: '2027-03-31' });
  });

  it('ignores items outside the judged periods', () => {
    const { results } = evaluate(input({ norms: [posts], items: [post('old', '2026-11-08'), post('new', '2026-11-23')] }), VLADIVOSTOK);
    expect(results.every((r) => r.actual === 0 && r.planned === 0)).toBe(true);
  });
});

describe('evaluate: statuses', () => {
  const norm: FrequencyNorm = { id: 'n', type: 'frequency', min: 2, per: 'week', kinds: ['post'] };
  const range = { from: '2026-11-09', to: '2026-11-29' };
  const judge = (items: PlanItem[]) => brief(evaluate(input({ norms: [norm], items, range }), VLADIVOSTOK).results);

  it('gives met or missed for a past week', () => {
    expect(judge([post('a', '2026-11-10'), post('b', '2026-11-11')])[0]).toEqual([null, '2026-11-09', 2, 0, 'met']);
    expect(judge([post('a', '2026-11-10')])[0]).toEqual([null, '2026-11-09', 1, 0, 'missed']);
  });

  it('gives met, on_track or at_risk for the current week', () => {
    expect(judge([post('a', '2026-11-16'), post('b', '2026-11-17')])[1]).toEqual([null, '2026-11-16', 2, 0, 'met']);
    expect(judge([post('a', '2026-11-16'), post('b', '2026-11-20', [], 'planned')])[1]).toEqual([null, '2026-11-16', 1, 1, 'on_track']);
    expect(judge([post('a', '2026-11-16')])[1]).toEqual([null, '2026-11-16', 1, 0, 'at_risk']);
  });

  it('gives met, planned or gap for a future week', () => {
    expect(judge([post('a', '2026-11-23'), post('b', '2026-11-24')])[2]).toEqual([null, '2026-11-23', 2, 0, 'met']);
    expect(judge([post('a', '2026-11-23', [], 'planned'), post('b', '2026-11-24', [], 'in_progress')])[2]).toEqual([null, '2026-11-23', 0, 2, 'planned']);
    expect(judge([post('a', '2026-11-23', [], 'planned')])[2]).toEqual([null, '2026-11-23', 0, 1, 'gap']);
  });

  it('counts an item planned for today as planned, not overdue', () => {
    const { results, overdue } = evaluate(input({ norms: [norm], items: [post('a', '2026-11-18', [], 'planned')], range }), VLADIVOSTOK);
    expect(results[1]).toMatchObject({ planned: 1, overdue: 0 });
    expect(overdue).toEqual([]);
  });

  it('does not count planned items dated before today, and lists them as overdue', () => {
    const items = [post('late', '2026-11-17', ['vk'], 'planned'), post('wip', '2026-11-12T09:00:00+10:00', ['vk'], 'in_progress')];
    const { results, overdue } = evaluate(input({ norms: [norm], items, range }), VLADIVOSTOK);
    expect(results[0]).toMatchObject({ actual: 0, planned: 0, overdue: 1, status: 'missed' });
    expect(results[1]).toMatchObject({ actual: 0, planned: 0, overdue: 1, status: 'at_risk' });
    expect(overdue).toEqual([
      { item: 'wip', norm: 'n', channel: null, at: '2026-11-12T09:00:00+10:00' },
      { item: 'late', norm: 'n', channel: null, at: '2026-11-17' },
    ]);
  });

  it('lists an overdue item once per per-channel row it would have counted in', () => {
    const items = [post('late', '2026-11-17', ['tg', 'vk'], 'planned')];
    const { overdue } = evaluate(input({ norms: [posts, { ...posts, id: 'other', kinds: ['video'] }], items }), VLADIVOSTOK);
    expect(overdue).toEqual([
      { item: 'late', norm: 'posts', channel: 'vk', at: '2026-11-17' },
      { item: 'late', norm: 'posts', channel: 'tg', at: '2026-11-17' },
    ]);
  });

  it('never counts cancelled items', () => {
    const items = [post('a', '2026-11-10', [], 'cancelled'), post('b', '2026-11-20', [], 'cancelled'), post('c', '2026-11-12', [], 'cancelled')];
    const { results, overdue } = evaluate(input({ norms: [norm], items, range }), VLADIVOSTOK);
    expect(results.every((r) => r.actual === 0 && r.planned === 0 && r.overdue === 0)).toBe(true);
    expect(overdue).toEqual([]);
  });

  it('counts `held` like `published`', () => {
    const event: FrequencyNorm = { id: 'e', type: 'frequency', min: 1, per: 'month', kinds: ['public_event'] };
    const items = [post('fair', '2026-11-05', [], 'held', 'public_event')];
    expect(brief(evaluate(input({ norms: [event], items }), VLADIVOSTOK).results)).toEqual([[null, '2026-11-01', 1, 0, 'met']]);
  });
});

describe('evaluate: channels', () => {
  const across: FrequencyNorm = { ...posts, id: 'across', perChannel: false };

  it('counts an item on two channels once for each channel per channel, and once across', () => {
    const items = [post('both', '2026-11-10', ['vk', 'tg']), post('vk-only', '2026-11-11', ['vk'])];
    const { results } = evaluate(input({ norms: [posts, across], items }), VLADIVOSTOK);
    expect(brief(results)).toEqual([
      ['vk', '2026-11-09', 2, 0, 'met'],
      ['vk', '2026-11-16', 0, 0, 'at_risk'],
      ['tg', '2026-11-09', 1, 0, 'missed'],
      ['tg', '2026-11-16', 0, 0, 'at_risk'],
      [null, '2026-11-09', 2, 0, 'met'],
      [null, '2026-11-16', 0, 0, 'at_risk'],
    ]);
  });

  it('does not count the same channel twice in one item', () => {
    const { results } = evaluate(input({ norms: [posts], items: [post('dup', '2026-11-10', ['vk', 'vk'])] }), VLADIVOSTOK);
    expect(results[0]).toMatchObject({ channel: 'vk', actual: 1 });
  });

  it('does not count items on channels of other types', () => {
    const channels: Channel[] = [{ id: 'vk', type: 'vk' }, { id: 'site', type: 'website' }];
    const { results } = evaluate(input({ channels, norms: [across], items: [post('a', '2026-11-10', ['site'])] }), VLADIVOSTOK);
    expect(results[0]).toMatchObject({ actual: 0 });
  });

  it('counts any channel, and items on none, when channelTypes and kinds are absent', () => {
    const any: FrequencyNorm = { id: 'any', type: 'frequency', min: 3, per: 'week' };
    const items = [post('a', '2026-11-10', []), post('b', '2026-11-10', ['tg'], 'published', 'video'), post('c', '2026-11-11', ['vk', 'tg'])];
    expect(brief(evaluate(input({ norms: [any], items }), VLADIVOSTOK).results)[0]).toEqual([null, '2026-11-09', 3, 0, 'met']);
  });

  it('gives a per-channel norm with no channel of its types no rows', () => {
    const channels: Channel[] = [{ id: 'site', type: 'website' }];
    expect(evaluate(input({ channels, norms: [posts] }), VLADIVOSTOK).results).toEqual([]);
  });

  it('judges every period of an across-channel norm when the organisation has no channel of its types', () => {
    const channels: Channel[] = [{ id: 'site', type: 'website' }];
    expect(brief(evaluate(input({ channels, norms: [across] }), VLADIVOSTOK).results)).toEqual([
      [null, '2026-11-09', 0, 0, 'missed'],
      [null, '2026-11-16', 0, 0, 'at_risk'],
    ]);
    const future = evaluate(input({ channels: [], norms: [across], range: { from: '2026-11-23', to: '2026-11-29' } }), VLADIVOSTOK).results;
    expect(brief(future)).toEqual([[null, '2026-11-23', 0, 0, 'gap']]);
  });

  it('orders rows by norm, then channel as given, then period', () => {
    const channels: Channel[] = [{ id: 'tg', type: 'telegram' }, { id: 'ok', type: 'ok' }, { id: 'vk', type: 'vk' }];
    const monthly: FrequencyNorm = { id: 'monthly', type: 'frequency', min: 1, per: 'month' };
    const rows = evaluate(input({ channels, norms: [monthly, posts] }), VLADIVOSTOK).results;
    expect(rows.map((r) => `${r.norm}/${r.channel}/${r.periodStart}`)).toEqual([
      'monthly/null/2026-11-01',
      'posts/tg/2026-11-09',
      'posts/tg/2026-11-16',
      'posts/ok/2026-11-09',
      'posts/ok/2026-11-16',
      'posts/vk/2026-11-09',
      'posts/vk/2026-11-16',
    ]);
  });
});

describe('evaluate: since, effectiveness and applicability', () => {
  const channels: Channel[] = [
    { id: 'vk', type: 'vk' },
    { id: 'tg', type: 'telegram', since: '2026-11-11' },
  ];

  it('does not judge a channel in periods that start before its `since`', () => {
    const rows = evaluate(input({ channels, norms: [posts] }), VLADIVOSTOK).results;
    expect(rows.map((r) => `${r.channel}/${r.periodStart}`)).toEqual(['vk/2026-11-09', 'vk/2026-11-16', 'tg/2026-11-16']);
  });

  it('judges a channel from a period that starts on its `since`', () => {
    const rows = evaluate(input({ channels: [{ id: 'tg', type: 'telegram', since: '2026-11-09' }], norms: [posts] }), VLADIVOSTOK).results;
    expect(rows.map((r) => r.periodStart)).toEqual(['2026-11-09', '2026-11-16']);
  });

  it('across channels, counts a publication on a channel whatever its `since`', () => {
    const across: FrequencyNorm = { ...posts, id: 'across', perChannel: false, min: 1 };
    const items = [post('early-tg', '2026-11-12', ['tg']), post('late-tg', '2026-11-17', ['tg'])];
    expect(brief(evaluate(input({ channels, norms: [across], items }), VLADIVOSTOK).results)).toEqual([
      [null, '2026-11-09', 1, 0, 'met'],
      [null, '2026-11-16', 1, 0, 'met'],
    ]);
  });

  it('across channels, judges a period before any of its channels exists', () => {
    const across: FrequencyNorm = { ...posts, id: 'across', perChannel: false, channelTypes: ['telegram'] };
    expect(brief(evaluate(input({ channels, norms: [across] }), VLADIVOSTOK).results)).toEqual([
      [null, '2026-11-09', 0, 0, 'missed'],
      [null, '2026-11-16', 0, 0, 'at_risk'],
    ]);
  });

  it('judges the periods that start within effectiveFrom … effectiveTo', () => {
    const norm: FrequencyNorm = { id: 'n', type: 'frequency', min: 1, per: 'week', effectiveFrom: '2026-11-10', effectiveTo: '2026-11-23' };
    const rows = evaluate(input({ norms: [norm], range: { from: '2026-11-02', to: '2026-11-30' } }), VLADIVOSTOK).results;
    expect(rows.map((r) => r.periodStart)).toEqual(['2026-11-16', '2026-11-23']);
  });

  it('judges every period by exactly one version of a norm that changes mid-week', () => {
    const v1: FrequencyNorm = { id: 'v1', type: 'frequency', min: 2, per: 'week', effectiveTo: '2026-11-11' };
    const v2: FrequencyNorm = { id: 'v2', type: 'frequency', min: 3, per: 'week', effectiveFrom: '2026-11-12' };
    const rows = evaluate(input({ norms: [v1, v2], range: { from: '2026-11-02', to: '2026-11-22' } }), VLADIVOSTOK).results;
    expect(rows.map((r) => `${r.norm}/${r.periodStart}`)).toEqual(['v1/2026-11-02', 'v1/2026-11-09', 'v2/2026-11-16']);
  });

  it('gives a frequency norm for other kinds of organisation no rows', () => {
    const norm: FrequencyNorm = { ...posts, orgKinds: ['union_territorial'] };
    expect(evaluate(input({ norms: [norm] }), VLADIVOSTOK).results).toEqual([]);
  });

  it('judges an organisation of unknown kind and size by norms restricted to kinds and sizes', () => {
    const norm: FrequencyNorm = { ...posts, orgKinds: ['union_territorial'], minMembers: 1001 };
    expect(evaluate(input({ norms: [norm], org: {} }), VLADIVOSTOK).results.map((r) => `${r.channel}/${r.periodStart}`)).toEqual([
      'vk/2026-11-09',
      'vk/2026-11-16',
      'tg/2026-11-09',
      'tg/2026-11-16',
    ]);
  });
});

describe('evaluate: exemptions', () => {
  const norm: FrequencyNorm = { id: 'n', type: 'frequency', min: 1, per: 'week' };
  const judge = (exemptions: Exemption[], norms: Norm[] = [norm]) =>
    evaluate(input({ norms, exemptions }), VLADIVOSTOK).results.map((r) => `${r.channel}/${r.periodStart}/${r.status}`);

  it('exempts a period wholly inside an exemption, not one it only overlaps', () => {
    expect(judge([{ norm: 'n', from: '2026-11-09', to: '2026-11-17', reason: 'карантин' }])).toEqual([
      'null/2026-11-09/exempt',
      'null/2026-11-16/at_risk',
    ]);
  });

  it('joins adjacent exemptions', () => {
    expect(
      judge([
        { norm: 'n', from: '2026-11-16', to: '2026-11-18', reason: 'a' },
        { norm: 'n', from: '2026-11-19', to: '2026-11-25', reason: 'b' },
      ]),
    ).toEqual(['null/2026-11-09/missed', 'null/2026-11-16/exempt']);
  });

  it('exempts only its own norm, and only its channel when it names one', () => {
    expect(judge([{ norm: 'posts', from: '2026-11-01', to: '2026-11-30', reason: 'VK blocked', channel: 'vk' }], [norm, posts])).toEqual([
      'null/2026-11-09/missed',
      'null/2026-11-16/at_risk',
      'vk/2026-11-09/exempt',
      'vk/2026-11-16/exempt',
      'tg/2026-11-09/missed',
      'tg/2026-11-16/at_risk',
    ]);
  });

  it('exempts a presence norm when the whole range is covered', () => {
    const presence: Norm = { id: 'site', type: 'presence', channelTypes: ['website'] };
    expect(judge([{ norm: 'site', from: '2026-11-01', to: '2026-11-30', reason: 'сайт переезжает' }], [presence])).toEqual(['null/null/exempt']);
    expect(judge([{ norm: 'site', from: '2026-11-10', to: '2026-11-30', reason: 'сайт переезжает' }], [presence])).toEqual(['null/null/missed']);
  });
});

describe('evaluate: presence and quantity norms', () => {
  it('requires one channel of each group of allOf', () => {
    const norm: Norm = { id: 'm', type: 'presence', allOf: [['website'], ['vk', 'ok'], ['in_person']] };
    expect(evaluate(input({ norms: [norm] }), VLADIVOSTOK).results[0]).toMatchObject({ required: 3, actual: 1, status: 'missed' });
    const channels: Channel[] = [{ id: 's', type: 'website' }, { id: 'o', type: 'ok' }, { id: 'p', type: 'in_person' }];
    expect(evaluate(input({ channels, norms: [norm] }), VLADIVOSTOK).results[0]).toMatchObject({ required: 3, actual: 3, status: 'met' });
  });

  it('is not applicable below minMembers or to another kind of organisation', () => {
    const norm: Norm = { id: 'pages', type: 'presence', channelTypes: ['max'], orgKinds: ['union_primary'], minMembers: 501 };
    expect(evaluate(input({ norms: [norm], org: { kind: 'union_primary', members: 500 } }), VLADIVOSTOK).results[0]?.status).toBe('not_applicable');
    expect(evaluate(input({ norms: [norm], org: { kind: 'union_primary', members: 501 } }), VLADIVOSTOK).results[0]?.status).toBe('missed');
    expect(evaluate(input({ norms: [norm], org: { kind: 'union_territorial', members: 5000 } }), VLADIVOSTOK).results[0]?.status).toBe('not_applicable');
  });

  it('applies to an organisation whose kind and member count are not known', () => {
    const norm: Norm = { id: 'pages', type: 'presence', channelTypes: ['max'], orgKinds: ['union_primary'], minMembers: 501 };
    expect(evaluate(input({ norms: [norm], org: {} }), VLADIVOSTOK).results[0]?.status).toBe('missed');
  });

  it('does not count a channel that only starts after the range', () => {
    const norm: Norm = { id: 'site', type: 'presence', channelTypes: ['website'] };
    const channels: Channel[] = [{ id: 's', type: 'website', since: '2026-12-01' }];
    expect(evaluate(input({ channels, norms: [norm] }), VLADIVOSTOK).results[0]?.status).toBe('missed');
  });

  it('requires one «Солидарность» per hundred members, and at least one', () => {
    const norm: Norm = { id: 's', type: 'quantity', figure: 'solidarnost_copies', perMembers: 100, atLeast: 1 };
    const judge = (members: number, copies?: number) =>
      evaluate(input({ norms: [norm], org: { members, ...(copies !== undefined && { figures: { solidarnost_copies: copies } }) } }), VLADIVOSTOK).results[0];
    expect(judge(650, 5)).toMatchObject({ required: 7, actual: 5, status: 'missed' });
    expect(judge(700, 7)).toMatchObject({ required: 7, actual: 7, status: 'met' });
    expect(judge(40, 1)).toMatchObject({ required: 1, actual: 1, status: 'met' });
    expect(judge(40)).toMatchObject({ required: 1, actual: 0, status: 'missed' });
  });

  it('counts an unreported figure as 0 even when its name is on the object prototype', () => {
    for (const figure of ['constructor', '__proto__', 'toString']) {
      const norm: Norm = { id: 'q', type: 'quantity', figure, atLeast: 1 };
      expect(evaluate(input({ norms: [norm], org: { figures: {} } }), VLADIVOSTOK).results[0]).toMatchObject({ actual: 0, status: 'missed' });
    }
  });

  it('is not applicable outside its effectiveness', () => {
    const norm: Norm = { id: 'b', type: 'quantity', figure: 'info_budget_percent', atLeast: 5, effectiveFrom: '2027-01-01' };
    expect(evaluate(input({ norms: [norm] }), VLADIVOSTOK).results[0]?.status).toBe('not_applicable');
  });
});

describe('evaluate: bad input', () => {
  const norm: FrequencyNorm = { id: 'n', type: 'frequency', min: 1, per: 'week' };

  function issuesOf(run: () => unknown) {
    try {
      run();
    } catch (error) {
      if (error instanceof ValidationError) return error.issues;
      throw error;
    }
    return [];
  }

  it('names an unknown time zone, a reversed or endless range, a bad today', () => {
    expect(issuesOf(() => evaluate(input({ norms: [norm] }), { today: '2026-11-18', timeZone: 'Mars/Base' }))).toEqual([
      { path: 'timezone', code: 'unknown_time_zone', params: { zone: 'Mars/Base' }, message: "unknown time zone 'Mars/Base'" },
    ]);
    expect(issuesOf(() => evaluate(input({ norms: [norm], range: { from: '2026-11-22', to: '2026-11-09' } }), VLADIVOSTOK))[0]?.path).toBe('to');
    expect(issuesOf(() => evaluate(input({ norms: [norm], range: { from: '2026-01-01', to: '2100-12-31' } }), VLADIVOSTOK))[0]?.message).toMatch(
      /longer than 10 years/,
    );
    expect(issuesOf(() => evaluate(input({ norms: [norm] }), { today: 'today', timeZone: 'UTC' }))).toEqual([{ path: 'today', code: 'not_a_date', message: 'not a date' }]);
  });

  it('names an item whose date is not a date, and a bad norm', () => {
    const items = [post('a', '2026-11-10'), post('b', 'yesterday')];
    expect(issuesOf(() => evaluate(input({ norms: [norm], items }), VLADIVOSTOK))).toEqual([{ path: 'items[1].at', code: 'not_a_date', message: 'not a date' }]);
    expect(issuesOf(() => evaluate(input({ norms: [{ ...norm, min: 0 }] }), VLADIVOSTOK))).toEqual([{ path: 'norms[0].min', code: 'not_a_positive_integer', message: 'not a positive integer' }]);
  });
});

describe('counts made by a database (rowsFromCounts): the same pipeline', () => {
  it('gives the rows evaluate gives for the same items, an item on two channels counted once across', () => {
    const across: FrequencyNorm = { ...posts, id: 'across', perChannel: false };
    const items = [
      post('a', '2026-11-10', ['vk', 'tg']),
      post('b', '2026-11-10', ['vk', 'tg']),
      post('c', '2026-11-17', ['tg'], 'planned'),
      post('d', '2026-11-20', ['vk'], 'planned'),
    ];
    const base = input({ norms: [posts, across], items });
    const { items: _items, ...rest } = base;
    const plan = countingGroups(rest);
    const counted = rowsFromCounts(rest, plan, countLikeADatabase(plan, items, VLADIVOSTOK), VLADIVOSTOK);
    expect(counted).toEqual(evaluate(base, VLADIVOSTOK).results);
    expect(counted.find((r) => r.norm === 'across' && r.periodStart === '2026-11-09')?.actual).toBe(2);
  });

  it('refuses counts made for another plan', () => {
    const { items: _items, ...rest } = input({ norms: [posts] });
    expect(() => rowsFromCounts(rest, [], [], VLADIVOSTOK)).toThrow('not countingGroups(input)');
  });
});

describe('norms and zones checked once, clocks built once, for many evaluations (options.memo)', () => {
  it('gives the same rows as norms checked on every evaluation', () => {
    const scenario = input({ norms: [{ ...posts, kinds: [...posts.kinds!] }], items: [post('p1', '2026-11-10'), post('p2', '2026-11-11', ['tg'], 'planned')] });
    const memo = evaluationMemo();
    const instants = { ...scenario, items: [...scenario.items, post('p3', '2026-11-15T14:30:00Z')] };
    expect(evaluate(instants, { ...VLADIVOSTOK, memo })).toEqual(evaluate(instants, VLADIVOSTOK));
    expect(evaluate(instants, { ...VLADIVOSTOK, memo })).toEqual(evaluate(instants, VLADIVOSTOK));
    expect(memo.norms.has(instants.norms[0]!)).toBe(true);
    expect(memo.timeZones.has('Asia/Vladivostok')).toBe(true);
    expect(memo.clocks.size).toBe(1);
  });

  it('leaves the caller’s norms as they were: nothing frozen', () => {
    const norm: FrequencyNorm = { ...posts, kinds: ['post'] };
    evaluate(input({ norms: [norm] }), { ...VLADIVOSTOK, memo: evaluationMemo() });
    expect(Object.isFrozen(norm)).toBe(false);
    expect(Object.isFrozen(norm.kinds)).toBe(false);
  });

  it('names a bad norm or zone as evaluate would, and leaves them to be checked again', () => {
    const memo = evaluationMemo();
    const bad = { id: 'posts', type: 'frequency', min: 0, per: 'week' } as unknown as Norm;
    expect(() => evaluate(input({ norms: [{ ...posts, kinds: ['post'] }, bad] }), { ...VLADIVOSTOK, memo })).toThrow('norms[1].min: not a positive integer');
    expect(() => evaluate(input({ norms: [bad] }), { ...VLADIVOSTOK, memo })).toThrow('norms[0].min: not a positive integer');
    expect(() => evaluate(input({ norms: [posts] }), { today: '2026-11-18', timeZone: 'Mars/Base', memo })).toThrow("unknown time zone 'Mars/Base'");
    expect(memo.timeZones.has('Mars/Base')).toBe(false);
  });
});
