import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ITEM_STATUSES } from './item.js';
import {
  changedPlanFields,
  diffPlanSnapshot,
  isSameCalendarItem,
  planDaysTouched,
  withoutCalendarDuplicates,
  type PlanSnapshotItem,
} from './plan-snapshot.js';

const post: PlanSnapshotItem = {
  id: 'a',
  kind: 'post',
  title: 'День открытых дверей',
  newsHook: '',
  format: '',
  status: 'planned',
  at: '2026-11-17',
  localDay: '2026-11-17',
  channelIds: ['vk', 'tg'],
  audienceIds: [],
  keyMessageIds: [],
  responsibleId: null,
};
const stand: PlanSnapshotItem = { ...post, id: 'b', kind: 'stand_update', title: 'Стенд', at: '2026-11-20', localDay: '2026-11-20', channelIds: ['hall'] };

describe('what a plan says', () => {
  it('changes with its items’ title, day, time, channels, audiences, key messages and responsible', () => {
    expect(changedPlanFields(post, { ...post, title: 'Другое' })).toEqual(['title']);
    expect(changedPlanFields(post, { ...post, at: '2026-11-18', localDay: '2026-11-18' })).toEqual(['localDay', 'at']);
    expect(changedPlanFields(post, { ...post, at: '2026-11-17T10:00' })).toEqual(['at']);
    expect(changedPlanFields(post, { ...post, channelIds: ['vk'] })).toEqual(['channelIds']);
    expect(changedPlanFields(post, { ...post, responsibleId: 'u1', audienceIds: ['x'] })).toEqual(['audienceIds', 'responsibleId']);
  });

  it('does not change when channels are listed in another order', () => {
    expect(changedPlanFields(post, { ...post, channelIds: ['tg', 'vk'] })).toEqual([]);
  });

  it('is carried out, not changed, when an item is published or held; cancelling changes it', () => {
    expect(changedPlanFields(post, { ...post, status: 'published' })).toEqual([]);
    expect(changedPlanFields(post, { ...post, status: 'in_progress' })).toEqual([]);
    expect(changedPlanFields(post, { ...post, status: 'cancelled' })).toEqual(['status']);
    expect(changedPlanFields({ ...post, status: 'cancelled' }, { ...post, status: 'planned' })).toEqual(['status']);
  });

  it('names the days whose plans an item write touches', () => {
    expect(planDaysTouched(undefined, post)).toEqual(['2026-11-17']);
    expect(planDaysTouched(post, undefined)).toEqual(['2026-11-17']);
    expect(planDaysTouched(post, { ...post, title: 'x' })).toEqual(['2026-11-17']);
    expect(planDaysTouched(post, { ...post, at: '2026-12-01', localDay: '2026-12-01' })).toEqual(['2026-11-17', '2026-12-01']);
    expect(planDaysTouched(post, { ...post, status: 'published' })).toEqual([]);
    expect(planDaysTouched(undefined, undefined)).toEqual([]);
  });
});

describe('the difference between the approved and the current content', () => {
  it('lists added, removed and changed items, with each changed field before and after', () => {
    const diff = diffPlanSnapshot([post, stand], [{ ...post, title: 'Другое' }, { ...stand, id: 'c' }]);
    expect(diff.added.map((i) => i.id)).toEqual(['c']);
    expect(diff.removed.map((i) => i.id)).toEqual(['b']);
    expect(diff.changed).toEqual([{ id: 'a', before: post, after: { ...post, title: 'Другое' }, fields: [{ field: 'title', before: post.title, after: 'Другое' }] }]);
  });

  it('is empty for the content that was approved, and when only evidence or execution changed', () => {
    expect(diffPlanSnapshot([post, stand], [stand, post])).toEqual({ added: [], removed: [], changed: [] });
    expect(diffPlanSnapshot([post], [{ ...post, status: 'published' }])).toEqual({ added: [], removed: [], changed: [] });
  });

  const item = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    kind: fc.constantFrom('post', 'video'),
    title: fc.constantFrom('A', 'B'),
    newsHook: fc.constant(''),
    format: fc.constant(''),
    status: fc.constantFrom(...ITEM_STATUSES),
    at: fc.constantFrom('2026-11-17', '2026-11-18'),
    localDay: fc.constant('2026-11-17'),
    channelIds: fc.subarray(['vk', 'tg', 'hall']),
    audienceIds: fc.subarray(['x', 'y']),
    keyMessageIds: fc.constant([]),
    responsibleId: fc.constantFrom(null, 'u1'),
  });
  const items = fc.uniqueArray(item, { selector: (i) => i.id, maxLength: 5 });

  it('accounts for every item once: each id is added, removed, changed or unchanged', () => {
    fc.assert(
      fc.property(items, items, (approved, current) => {
        const diff = diffPlanSnapshot(approved, current);
        const then = new Set<string>(approved.map((i) => i.id));
        const now = new Set<string>(current.map((i) => i.id));
        expect(diff.added.every((i) => !then.has(i.id) && now.has(i.id))).toBe(true);
        expect(diff.removed.every((i) => then.has(i.id) && !now.has(i.id))).toBe(true);
        expect(diff.changed.every((c) => then.has(c.id) && now.has(c.id) && c.fields.length > 0)).toBe(true);
        expect(diff.added.length + diff.removed.length).toBe([...now].filter((id) => !then.has(id)).length + [...then].filter((id) => !now.has(id)).length);
      }),
    );
  });

  it('is empty exactly when no item write touched a day (diff and trigger agree)', () => {
    fc.assert(
      fc.property(item, item, (before, after) => {
        const same = { ...after, id: before.id, localDay: before.localDay };
        expect(diffPlanSnapshot([before], [same]).changed.length === 0).toBe(planDaysTouched(before, same).length === 0);
      }),
    );
  });
});

describe('the same item on the calendar', () => {
  const key = { localDay: '2026-12-08', title: 'День  открытых дверей', kind: 'post', channelIds: ['vk', 'tg'] };

  it('is the same day, title ignoring case and spaces, kind and channels', () => {
    expect(isSameCalendarItem(key, { ...key, title: ' день открытых ДВЕРЕЙ', channelIds: ['tg', 'vk'] })).toBe(true);
    expect(isSameCalendarItem(key, { ...key, localDay: '2026-12-09' })).toBe(false);
    expect(isSameCalendarItem(key, { ...key, title: 'День открытых дверей!' })).toBe(false);
    expect(isSameCalendarItem(key, { ...key, kind: 'video' })).toBe(false);
    expect(isSameCalendarItem(key, { ...key, channelIds: ['vk'] })).toBe(false);
  });

  it('is skipped when copying, counted, and never kept twice', () => {
    const other = { ...key, title: 'Вакансии недели' };
    expect(withoutCalendarDuplicates([key, other, { ...other, title: 'вакансии  недели' }], [{ ...key, title: 'ДЕНЬ открытых дверей' }])).toEqual({ kept: [other], skipped: 2 });
  });

  it('is symmetric, and no kept copy is the same as anything already there', () => {
    const calendarKey = fc.record({
      localDay: fc.constantFrom('2026-12-08', '2026-12-09'),
      title: fc.constantFrom('A b', 'a B', 'ab', 'c'),
      kind: fc.constantFrom('post', 'video'),
      channelIds: fc.subarray(['vk', 'tg']),
    });
    fc.assert(
      fc.property(fc.array(calendarKey, { maxLength: 6 }), fc.array(calendarKey, { maxLength: 6 }), (copies, existing) => {
        const { kept, skipped } = withoutCalendarDuplicates(copies, existing);
        expect(kept.length + skipped).toBe(copies.length);
        for (const [i, copy] of kept.entries()) {
          expect(existing.some((e) => isSameCalendarItem(e, copy) && isSameCalendarItem(copy, e))).toBe(false);
          expect(kept.slice(0, i).some((k) => isSameCalendarItem(k, copy))).toBe(false);
        }
      }),
    );
  });
});
