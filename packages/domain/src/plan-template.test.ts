import { describe, expect, it } from 'vitest';
import {
  applyTemplate,
  captureTemplate,
  dayOfPlace,
  isTemplateDuplicate,
  isTemplatePlace,
  placeOfDay,
  type ApplyTarget,
  type CaptureCatalogues,
  type CaptureItem,
  type TemplateEntry,
} from './plan-template.js';

const catalogues: CaptureCatalogues = {
  timeZone: 'Europe/Moscow',
  channels: new Map([
    ['c-vk', { type: 'vk', name: 'ВКонтакте профкома' }],
    ['c-stand', { type: 'info_stand', name: 'Стенд' }],
  ]),
  audiences: new Map([['a-young', 'Молодёжь']]),
  keyMessages: new Map([['k-1', 'Профсоюз защищает']]),
};

const item = (over: Partial<CaptureItem>): CaptureItem => ({
  localDay: '2026-11-17',
  at: '2026-11-17',
  kind: 'post',
  title: 'Пост',
  newsHook: '',
  format: '',
  status: 'planned',
  channelIds: [],
  audienceIds: [],
  keyMessageIds: [],
  ...over,
});

const entry = (over: Partial<TemplateEntry>): TemplateEntry => ({
  place: { weekday: 2 },
  time: null,
  kind: 'post',
  title: 'Пост',
  newsHook: '',
  format: '',
  channels: [],
  audiences: [],
  keyMessages: [],
  ...over,
});

const target = (over: Partial<ApplyTarget> = {}): ApplyTarget => ({
  timeZone: 'Asia/Vladivostok',
  channels: [
    { id: 't-vk-old', type: 'vk', name: 'Старая группа', active: false },
    { id: 't-vk-main', type: 'vk', name: 'Группа', active: true },
    { id: 't-vk-named', type: 'vk', name: 'вконтакте  ПРОФКОМА', active: true },
  ],
  audiences: [{ id: 't-young', name: 'молодежь' }],
  keyMessages: [{ id: 't-k', text: 'Профсоюз защищает' }],
  existing: [],
  ...over,
});

describe('placing entries in a period', () => {
  it('places a week by weekday, a month by date or Nth weekday, a quarter by month of the quarter too', () => {
    expect(placeOfDay('2026-11-19', 'week')).toEqual({ weekday: 4 });
    expect(placeOfDay('2026-11-19', 'month')).toEqual({ day: 19 });
    expect(placeOfDay('2026-11-19', 'month', 'weekday')).toEqual({ weekday: 4, nth: 3 });
    // The 30th of November 2026 is its last Monday: «last», so a month without a fifth Monday still has it.
    expect(placeOfDay('2026-11-30', 'month', 'weekday')).toEqual({ weekday: 1, nth: -1 });
    expect(placeOfDay('2026-12-07', 'quarter', 'weekday')).toEqual({ month: 3, weekday: 1, nth: 1 });
  });

  it('finds the day of a place, clamping a day of month to a shorter month', () => {
    expect(dayOfPlace({ weekday: 7 }, 'week', '2026-11-16')).toBe('2026-11-22');
    expect(dayOfPlace({ day: 31 }, 'month', '2027-02-01')).toBe('2027-02-28');
    expect(dayOfPlace({ day: 29 }, 'month', '2028-02-01')).toBe('2028-02-29');
    expect(dayOfPlace({ weekday: 1, nth: -1 }, 'month', '2027-02-01')).toBe('2027-02-22');
    expect(dayOfPlace({ weekday: 2, nth: 1 }, 'month', '2026-12-01')).toBe('2026-12-01');
    expect(dayOfPlace({ month: 3, day: 31 }, 'quarter', '2027-01-01')).toBe('2027-03-31');
    expect(dayOfPlace({ month: 2, day: 31 }, 'quarter', '2026-10-01')).toBe('2026-11-30');
  });

  it('tells a place that fits its span from one that does not', () => {
    expect(isTemplatePlace({ weekday: 1 }, 'week')).toBe(true);
    expect(isTemplatePlace({ weekday: 8 }, 'week')).toBe(false);
    expect(isTemplatePlace({ day: 3 }, 'week')).toBe(false);
    expect(isTemplatePlace({ day: 31 }, 'month')).toBe(true);
    expect(isTemplatePlace({ day: 0 }, 'month')).toBe(false);
    expect(isTemplatePlace({ weekday: 3, nth: 5 }, 'month')).toBe(false);
    expect(isTemplatePlace({ weekday: 3, nth: -1 }, 'month')).toBe(true);
    expect(isTemplatePlace({ day: 3, weekday: 3, nth: 1 }, 'month')).toBe(false);
    expect(isTemplatePlace({ day: 3 }, 'quarter')).toBe(false);
    expect(isTemplatePlace({ month: 3, day: 3 }, 'quarter')).toBe(true);
  });
});

describe('capturing a period', () => {
  it('keeps channels by type and name, audiences and key messages by name, and a timed item’s wall-clock time', () => {
    const entries = captureTemplate(
      [
        item({ localDay: '2026-11-17', at: '2026-11-17T07:30:00.000Z', channelIds: ['c-vk'], audienceIds: ['a-young'], keyMessageIds: ['k-1'], newsHook: 'Зарплаты' }),
        item({ localDay: '2026-11-20', title: 'Стенд', kind: 'stand_update', channelIds: ['c-stand', 'c-gone'] }),
        item({ localDay: '2026-11-21', status: 'cancelled' }),
        item({ localDay: '2026-11-24', title: 'Следующая неделя' }),
      ],
      'week',
      '2026-11-18',
      catalogues,
    );
    expect(entries).toEqual([
      {
        place: { weekday: 2 },
        time: '10:30',
        kind: 'post',
        title: 'Пост',
        newsHook: 'Зарплаты',
        format: '',
        channels: [{ type: 'vk', name: 'ВКонтакте профкома' }],
        audiences: ['Молодёжь'],
        keyMessages: ['Профсоюз защищает'],
      },
      entry({ place: { weekday: 5 }, kind: 'stand_update', title: 'Стенд', channels: [{ type: 'info_stand', name: 'Стенд' }] }),
    ]);
  });
});

describe('applying a template', () => {
  it('maps channels to an active one of the same type, the same name first, and names to ids', () => {
    const { create, skipped, period } = applyTemplate(
      [
        entry({ channels: [{ type: 'vk', name: 'ВКонтакте профкома' }], audiences: ['Молодёжь', 'Пенсионеры'], keyMessages: ['Профсоюз защищает'] }),
        entry({ place: { weekday: 3 }, title: 'Другое', channels: [{ type: 'vk', name: 'Нет такой' }] }),
      ],
      'week',
      '2026-11-26',
      target(),
    );
    expect(period).toEqual({ per: 'week', start: '2026-11-23', end: '2026-11-29' });
    expect(skipped).toEqual([]);
    expect(create.map((c) => [c.day, c.item.channelIds, c.item.audienceIds, c.item.keyMessageIds])).toEqual([
      ['2026-11-24', ['t-vk-named'], ['t-young'], ['t-k']],
      ['2026-11-25', ['t-vk-main'], [], []],
    ]);
  });

  it('puts a timed entry at its wall-clock time in the target’s zone', () => {
    const { create } = applyTemplate([entry({ time: '10:30' })], 'week', '2026-11-23', target());
    expect(create[0]?.item.at).toBe('2026-11-24T00:30:00.000Z');
  });

  it('skips an entry whose channels the target lacks, and one already there with the same title and a channel in common', () => {
    const { create, skipped } = applyTemplate(
      [
        entry({ channels: [{ type: 'telegram', name: 'Канал' }] }),
        entry({ title: '  ПОСТ ', channels: [{ type: 'vk', name: 'Группа' }] }),
        entry({ title: 'Встреча' }),
        entry({ title: 'встреча' }),
        entry({ title: 'Пост', channels: [{ type: 'vk', name: 'ВКонтакте профкома' }] }),
      ],
      'week',
      '2026-11-23',
      target({ existing: [{ localDay: '2026-11-24', title: 'пост', channelIds: ['t-vk-main'] }] }),
    );
    expect(skipped).toEqual([
      { index: 0, title: 'Пост', day: '2026-11-24', why: 'no_channel' },
      { index: 1, title: '  ПОСТ ', day: '2026-11-24', why: 'duplicate' },
      { index: 3, title: 'встреча', day: '2026-11-24', why: 'duplicate' },
    ]);
    // The same title on another channel of the same day is another item.
    expect(create.map((c) => [c.index, c.item.channelIds])).toEqual([
      [2, []],
      [4, ['t-vk-named']],
    ]);
  });

  it('treats ё as е and ignores case and spaces in titles', () => {
    const a = { localDay: '2026-12-01', title: 'Ёлка профкома', channelIds: [] };
    expect(isTemplateDuplicate(a, { ...a, title: 'елка  ПРОФКОМА ' })).toBe(true);
    expect(isTemplateDuplicate(a, { ...a, channelIds: ['x'] })).toBe(false);
    expect(isTemplateDuplicate(a, { ...a, localDay: '2026-12-02' })).toBe(false);
  });

  it('lays a captured month onto a shorter one and a captured quarter onto the next', () => {
    const month = captureTemplate([item({ localDay: '2027-01-31' }), item({ localDay: '2027-01-25', title: 'Последний понедельник' })], 'month', '2027-01-01', catalogues);
    expect(month.map((e) => e.place)).toEqual([{ day: 31 }, { day: 25 }]);
    const byWeekday = captureTemplate([item({ localDay: '2027-01-25' })], 'month', '2027-01-01', catalogues, 'weekday');
    expect(applyTemplate(month, 'month', '2027-02-10', target()).create.map((c) => c.day)).toEqual(['2027-02-28', '2027-02-25']);
    expect(applyTemplate(byWeekday, 'month', '2027-02-10', target()).create.map((c) => c.day)).toEqual(['2027-02-22']);
    const quarter = captureTemplate([item({ localDay: '2026-11-30' })], 'quarter', '2026-10-01', catalogues);
    expect(applyTemplate(quarter, 'quarter', '2027-01-01', target()).create.map((c) => c.day)).toEqual(['2027-02-28']);
  });
});
