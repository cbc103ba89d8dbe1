import { describe, expect, it } from 'vitest';
import { planItem } from '../../../test/fixtures.js';
import { itemReach } from './item-reach.js';

describe('an item’s reach read from a source', () => {
  it('shows each figure, «нет данных» for one the source does not give, and when it was read', () => {
    const reach = itemReach(planItem({ views: 1200, likes: 5, reposts: null, comments: 0, reachReadAt: '2026-11-25T07:00:00.000Z' }), 'Europe/Moscow', 'ru');
    expect(reach).toEqual({
      figures: [
        { key: 'views', label: 'Просмотры', value: '1\u00a0200' },
        { key: 'likes', label: 'Лайки', value: '5' },
        { key: 'reposts', label: 'Репосты', value: 'нет данных' },
        { key: 'comments', label: 'Комментарии', value: '0' },
      ],
      updated: 'обновлено 25 нояб. 2026, 10:00',
    });
  });

  it('says nothing of figures typed by hand: the form shows those', () => {
    expect(itemReach(planItem({ views: 10, reachReadAt: null }), 'Europe/Moscow', 'ru')).toBeNull();
  });
});
