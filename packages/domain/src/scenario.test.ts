import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { getPreset } from './presets.js';
import { parseScenario } from './scenario.js';

const minimal = { timezone: 'Asia/Vladivostok', today: '2026-11-18', from: '2026-11-09', to: '2026-11-22' };

describe('scenarios', () => {
  it('needs only the zone, today and the range; the rest defaults to empty', () => {
    expect(parseScenario(minimal)).toEqual({
      ok: true,
      value: {
        timeZone: 'Asia/Vladivostok',
        today: '2026-11-18',
        range: { from: '2026-11-09', to: '2026-11-22' },
        org: {},
        channels: [],
        norms: [],
        items: [],
        exemptions: [],
      },
    });
  });

  it('names what is missing', () => {
    expect(parseScenario({})).toEqual({
      ok: false,
      issues: [
        { path: 'timezone', code: 'required', message: 'required' },
        { path: 'today', code: 'required', message: 'required' },
        { path: 'from', code: 'required', message: 'required' },
        { path: 'to', code: 'required', message: 'required' },
      ],
    });
    expect(parseScenario(null)).toEqual({ ok: false, issues: [{ path: '', code: 'not_an_object', message: 'not an object' }] });
  });

  it('refuses a range over ten years so that a typo cannot hang an evaluation', () => {
    expect(parseScenario({ ...minimal, to: '2226-11-22' })).toMatchObject({ ok: false, issues: [{ path: 'to' }] });
    expect(parseScenario({ ...minimal, from: '2026-01-01', to: '2035-12-31' }).ok).toBe(true);
  });

  it('names the JSON path of bad values deep inside', () => {
    const result = parseScenario({
      ...minimal,
      org: { members: -1, figures: { solidarnost_copies: 'five' } },
      channels: [{ id: 'vk', type: 'vk' }, { id: 'vk', type: 'ok', since: '2026-02-30' }],
      items: [
        { id: 'a', kind: 'post', channels: ['vk'], status: 'published', at: '2026-11-10' },
        { id: 'a', kind: 'post', channels: ['ok'], status: 'published', at: 1_700_000_000 },
      ],
      exemptions: [{ norm: 'posts', from: '2026-11-30', to: '2026-11-01' }],
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'org.members', code: 'not_a_non_negative_integer', message: 'not a non-negative integer' },
        { path: 'org.figures.solidarnost_copies', code: 'not_a_non_negative_number', message: 'not a non-negative number' },
        { path: 'channels[1].since', code: 'not_a_date', message: 'not a date' },
        { path: 'channels[1].id', code: 'duplicate_id', params: { id: 'vk' }, message: "duplicate id 'vk'" },
        { path: 'items[1].at', code: 'not_a_date', message: 'not a date' },
        { path: 'items[1].id', code: 'duplicate_id', params: { id: 'a' }, message: "duplicate id 'a'" },
        { path: 'items[1].channels[0]', code: 'unknown_channel', params: { channel: 'ok' }, message: "unknown channel 'ok'" },
        { path: 'exemptions[0].reason', code: 'required', message: 'required' },
        { path: 'exemptions[0].to', code: 'before_from', params: { from: '2026-11-30' }, message: 'before from (2026-11-30)' },
        { path: 'exemptions[0].norm', code: 'unknown_norm', params: { norm: 'posts' }, message: "unknown norm 'posts'" },
      ],
    });
  });

  it('refuses an exemption that names a channel for a norm that is not per channel, or a channel that does not exist', () => {
    const result = parseScenario({
      ...minimal,
      channels: [{ id: 'vk', type: 'vk' }],
      norms: [
        { id: 'posts', min: 2, per: 'week', kinds: ['post'], perChannel: true },
        { id: 'across', min: 2, per: 'week', kinds: ['post'] },
        { id: 'pages', type: 'presence', channelTypes: ['vk'] },
        { id: 'budget', type: 'quantity', figure: 'info_budget_percent', atLeast: 5 },
      ],
      exemptions: [
        { norm: 'posts', channel: 'vk', from: '2026-11-01', to: '2026-11-30', reason: 'VK blocked' },
        { norm: 'across', channel: 'vk', from: '2026-11-01', to: '2026-11-30', reason: 'VK blocked' },
        { norm: 'pages', channel: 'vk', from: '2026-11-01', to: '2026-11-30', reason: 'VK blocked' },
        { norm: 'budget', channel: 'vk', from: '2026-11-01', to: '2026-11-30', reason: 'VK blocked' },
        { norm: 'posts', channel: 'ok', from: '2026-11-01', to: '2026-11-30', reason: 'OK blocked' },
      ],
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'exemptions[1].channel', code: 'not_per_channel', params: { norm: 'across' }, message: 'applies only to per-channel norms' },
        { path: 'exemptions[2].channel', code: 'not_per_channel', params: { norm: 'pages' }, message: 'applies only to per-channel norms' },
        { path: 'exemptions[3].channel', code: 'not_per_channel', params: { norm: 'budget' }, message: 'applies only to per-channel norms' },
        { path: 'exemptions[4].channel', code: 'unknown_channel', params: { channel: 'ok' }, message: "unknown channel 'ok'" },
      ],
    });
  });

  it('keeps a figure named like an object prototype property as reported', () => {
    const json = '{"timezone":"Asia/Vladivostok","today":"2026-11-18","from":"2026-11-09","to":"2026-11-22",'
      + '"org":{"figures":{"__proto__":7}},"norms":[{"id":"q","type":"quantity","figure":"__proto__","atLeast":5}]}';
    const parsed = parseScenario(JSON.parse(json));
    if (!parsed.ok) throw new Error('scenario should parse');
    expect(evaluate(parsed.value, parsed.value).results[0]).toMatchObject({ required: 5, actual: 7, status: 'met' });
  });

  it('adds preset norms, so that exemptions may name them', () => {
    const result = parseScenario(
      { ...minimal, exemptions: [{ norm: 'public-events', from: '2026-11-01', to: '2026-11-30', reason: 'эпидемиологическая обстановка' }] },
      { presets: [getPreset('mintrud-2022')!] },
    );
    expect(result.ok && result.value.norms.map((n) => n.id)).toEqual(['info-materials', 'social-posts', 'public-events', 'site-vacancies', 'mandatory-channels']);
  });
});
