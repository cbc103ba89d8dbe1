import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './local-date.js';
import { applyTemplate, dayOfPlace, isTemplateDuplicate, isTemplatePlace, TEMPLATE_SPANS, templatePeriod, type ApplyTarget, type TemplateEntry, type TemplatePlace, type TemplateSpan } from './plan-template.js';

// Few titles and channels, so that entries and existing items often collide.
const TITLES = ['Пост', 'пост', 'Ёлка', 'елка ', 'Собрание', 'СОБРАНИЕ профкома', 'собрание  профкома'];
const CHANNELS = [
  { id: 'vk-1', type: 'vk', name: 'Группа', active: true },
  { id: 'vk-2', type: 'vk', name: 'Молодёжь', active: true },
  { id: 'vk-3', type: 'vk', name: 'Архив', active: false },
  { id: 'st-1', type: 'info_stand', name: 'Стенд', active: true },
];
const TEMPLATE_CHANNELS = [
  { type: 'vk', name: 'Группа' },
  { type: 'vk', name: 'молодежь' },
  { type: 'vk', name: 'Другая' },
  { type: 'info_stand', name: 'Стенд' },
  { type: 'telegram', name: 'Канал' },
];

const placeArb = (span: TemplateSpan): fc.Arbitrary<TemplatePlace> => {
  const inMonth = fc.oneof(
    fc.record({ day: fc.integer({ min: 1, max: 31 }) }),
    fc.record({ weekday: fc.integer({ min: 1, max: 7 }), nth: fc.constantFrom(1, 2, 3, 4, -1) }),
  );
  if (span === 'week') return fc.record({ weekday: fc.integer({ min: 1, max: 7 }) });
  if (span === 'month') return inMonth;
  return fc.tuple(fc.integer({ min: 1, max: 3 }), inMonth).map(([month, place]) => ({ month, ...place }));
};

const entryArb = (span: TemplateSpan): fc.Arbitrary<TemplateEntry> =>
  fc.record({
    place: placeArb(span),
    time: fc.constantFrom(null, '09:00', '23:30', '00:15'),
    kind: fc.constant('post'),
    title: fc.constantFrom(...TITLES),
    newsHook: fc.constant(''),
    format: fc.constant(''),
    channels: fc.subarray(TEMPLATE_CHANNELS, { maxLength: 3 }),
    audiences: fc.constant([]),
    keyMessages: fc.constant([]),
  });

const caseArb = fc.constantFrom(...TEMPLATE_SPANS).chain((span) =>
  fc.record({
    span: fc.constant(span),
    from: fc.integer({ min: 0, max: 800 }).map((n) => addDays('2026-01-01', n)),
    entries: fc.array(entryArb(span), { maxLength: 25 }),
    zone: fc.constantFrom('Europe/Kaliningrad', 'Europe/Moscow', 'Asia/Vladivostok', 'Europe/Berlin'),
    existing: fc.array(
      fc.record({ offset: fc.integer({ min: 0, max: 91 }), title: fc.constantFrom(...TITLES), channelIds: fc.subarray(CHANNELS.map((c) => c.id), { maxLength: 2 }) }),
      { maxLength: 15 },
    ),
  }),
);

describe('applying a template (properties)', () => {
  it('applying twice creates nothing the second time', () => {
    fc.assert(
      fc.property(caseArb, ({ span, from, entries, zone, existing }) => {
        const period = templatePeriod(from, span);
        const target = (items: ApplyTarget['existing']): ApplyTarget => ({ timeZone: zone, channels: CHANNELS, audiences: [], keyMessages: [], existing: items });
        const before = existing.map((e) => ({ localDay: addDays(period.start, e.offset), title: e.title, channelIds: e.channelIds }));
        const first = applyTemplate(entries, span, from, target(before));
        const after = [...before, ...first.create.map((c) => ({ localDay: c.day, title: c.item.title, channelIds: c.item.channelIds }))];
        const second = applyTemplate(entries, span, from, target(after));
        expect(second.create).toEqual([]);
        // Every entry is accounted for once, and what is created duplicates nothing.
        expect(first.create.length + first.skipped.length).toBe(entries.length);
        first.create.forEach((c, i) => {
          const key = { localDay: c.day, title: c.item.title, channelIds: c.item.channelIds };
          expect(after.filter((other, j) => j !== before.length + i && isTemplateDuplicate(other, key))).toEqual([]);
        });
      }),
    );
  });

  it('every place of a span falls inside the period it is laid onto', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TEMPLATE_SPANS).chain((span) => fc.tuple(fc.constant(span), placeArb(span), fc.integer({ min: 0, max: 3000 }))),
        ([span, place, n]) => {
          expect(isTemplatePlace(place, span)).toBe(true);
          const period = templatePeriod(addDays('2025-01-01', n), span);
          const day = dayOfPlace(place, span, period.start);
          expect(day >= period.start && day <= period.end).toBe(true);
        },
      ),
    );
  });
});
