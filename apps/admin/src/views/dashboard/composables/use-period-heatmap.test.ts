import { afterEach, describe, expect, it } from 'vitest';
import { ref } from 'vue';
import type { CompliancePeriods, OrganisationPeriods } from '@ritm/contracts/compliance';
import { emptyStatusCounts } from '@ritm/domain/rollup';
import { i18n } from '../../../i18n.js';
import { heatCells, normName, trendPoints, usePeriodHeatmap } from './use-period-heatmap.js';

const counts = (partial: Partial<ReturnType<typeof emptyStatusCounts>> = {}) => ({ ...emptyStatusCounts(), ...partial });

const centre: OrganisationPeriods = {
  orgId: 'centre',
  name: 'ЦЗН',
  parentId: 'region',
  level: 1,
  profile: { state: 'not_met', counts: counts({ missed: 1 }), missing: [{ norm: 'mandatory-channels', required: 4, actual: 2, missingChannelTypes: [['info_zone', 'info_stand'], ['in_person']] }] },
  periods: [
    { worst: 'missed', counts: counts({ missed: 2, met: 1 }), shortfalls: [{ at: 0, status: 'missed' }, { at: 1, status: 'missed' }] },
    { worst: 'gap', counts: counts({ gap: 1 }), shortfalls: [{ at: 2, status: 'gap' }] },
  ],
  shortNorms: [
    { norm: 'social-posts', channelId: 'vk-1' },
    { norm: 'tg-weekly', channelId: 'tg-1' },
    { norm: 'public-events', channelId: null },
  ],
  totals: counts({ met: 1, missed: 2, gap: 1 }),
  normTitles: { 'mandatory-channels': 'Обязательные каналы', 'tg-weekly': 'Telegram — раз в неделю', 'public-events': null },
  channelNames: { 'vk-1': 'Группа ВК', 'tg-1': 'Канал в Telegram' },
};
const region: OrganisationPeriods = {
  ...centre,
  orgId: 'region',
  name: 'Комитет',
  parentId: null,
  level: 0,
  profile: { state: 'none', counts: counts(), missing: [] },
  periods: [
    { worst: null, counts: counts(), shortfalls: [] },
    { worst: 'met', counts: counts({ met: 3 }), shortfalls: [] },
  ],
  totals: counts({ met: 3 }),
};
const answer: CompliancePeriods = {
  asOf: '2026-11-18',
  granularity: 'week',
  periods: [
    { start: '2026-11-09', end: '2026-11-15', counts: counts({ missed: 2, met: 1 }), failing: 1 },
    { start: '2026-11-16', end: '2026-11-22', counts: counts({ gap: 1, met: 3 }), failing: 0 },
  ],
  organisations: [region, centre],
  profiles: { met: 0, not_met: 1, none: 1 },
  totals: counts({ met: 4, missed: 2, gap: 1 }),
};
const presets = new Map([
  ['social-posts', 'Посты в соцсетях'],
  ['public-events', 'Публичные мероприятия'],
]);

describe("the dashboard's heatmap in words", () => {
  afterEach(() => {
    i18n.global.locale.value = 'ru';
  });

  it("colours each cell with the organisation's worst status in the period, none where nothing is judged", () => {
    expect(heatCells(answer)).toEqual([
      { org: 0, column: 0, status: null },
      { org: 0, column: 1, status: 'met' },
      { org: 1, column: 0, status: 'missed' },
      { org: 1, column: 1, status: 'gap' },
    ]);
    expect(heatCells(null)).toEqual([]);
  });

  it('names a norm by its title where it is in force, then by the presets, then by its key', () => {
    expect(normName(centre, 'tg-weekly', presets)).toBe('Telegram — раз в неделю');
    expect(normName(centre, 'public-events', presets)).toBe('Публичные мероприятия');
    expect(normName(centre, 'unknown', presets)).toBe('unknown');
  });

  it('names in a cell every norm short there, a custom one by its title and a per-channel one with its channel', () => {
    const heat = usePeriodHeatmap(ref(answer), ref(presets));
    expect(heat.describe(1, 0)).toEqual({
      status: 'не выполнено',
      shortfalls: ['Посты в соцсетях · Группа ВК — не выполнено', 'Telegram — раз в неделю · Канал в Telegram — не выполнено'],
    });
    expect(heat.describe(0, 0)).toEqual({ status: 'нет нормативов', shortfalls: [] });
  });

  it('tells the profile status, naming the channels a presence norm lacks', () => {
    const heat = usePeriodHeatmap(ref(answer), ref(presets));
    expect(heat.profileText(centre)).toBe('Профиль не выполнен: Обязательные каналы — нет: Зона информирования или Информационный стенд, Личный приём');
    expect(heat.profileText(region)).toBe('Нормативов профиля нет');
    const budget = { ...centre, profile: { state: 'not_met' as const, counts: counts({ missed: 1 }), missing: [{ norm: 'budget-5', required: 5, actual: 3 }] } };
    i18n.global.locale.value = 'en';
    expect(heat.profileText(budget)).toBe('Profile not met: budget-5 — 3 of 5');
  });

  it("totals each organisation's range and each period", () => {
    const heat = usePeriodHeatmap(ref(answer), ref(presets));
    expect(heat.totalText(centre)).toBe('выполнено 25%');
    expect(heat.columnTotals.value).toEqual([
      { failing: 1, text: 'выполнено 33%' },
      { failing: 0, text: 'выполнено 75%' },
    ]);
  });

  it('gives the trend as the share of norms met in each period', () => {
    expect(trendPoints(answer)).toEqual([
      { start: '2026-11-09', end: '2026-11-15', percent: 33 },
      { start: '2026-11-16', end: '2026-11-22', percent: 75 },
    ]);
  });
});
