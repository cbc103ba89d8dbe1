import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { channel, planItem, weeklyPostsNorm } from '../../../test/fixtures.js';
import { calendarOf } from './calendar-test-setup.js';
import { shownStatuses, useNormStatuses } from './use-norm-statuses.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));

const week = { start: '2026-11-23', end: '2026-11-29' };
const vk = channel();
const post = (id: string, day: string, status: 'planned' | 'published' = 'published') => planItem({ id, at: day, localDay: day, channelIds: ['vk'], status });

function statusesOf(items = [post('a', '2026-11-23'), post('b', '2026-11-24')]) {
  const stores = calendarOf({ items, norms: [weeklyPostsNorm()], channels: [vk] });
  return { ...stores, statuses: useNormStatuses({ view: ref('week'), period: ref(week), today: ref('2026-11-25') }) };
}

describe('the norm statuses of the calendar', () => {
  beforeEach(() => {
    vi.clearAllMocks();
  });

  it('judges the loaded items in the browser until the server answers', () => {
    const { statuses } = statusesOf();
    expect(statuses.usingPreview.value).toBe(true);
    expect(statuses.rows.value).toMatchObject([{ norm: 'social-posts', channel: 'vk', channelName: 'ВКонтакте', title: 'Посты в соцсетях', actual: 2, required: 3 }]);
    expect(statuses.topRows.value).toHaveLength(1);
  });

  it("shows the server's answer instead of the preview once it has come", () => {
    const { calendar, statuses } = statusesOf();
    const row = statuses.preview.value?.[0];
    calendar.serverCompliance = { orgId: 'org', from: week.start, to: week.end, results: [{ ...row!, status: 'missed' }] } as never;
    expect(statuses.usingPreview.value).toBe(false);
    expect(statuses.rows.value.map((r) => r.status)).toEqual(['missed']);
  });

  it('hides the rows that do not apply, from either source', () => {
    const row = { norm: 'n', channel: null, periodStart: '2026-11-23', periodEnd: '2026-11-29', required: 1, actual: 0, planned: 0 };
    const rows = [{ ...row, status: 'not_applicable' as const }, { ...row, norm: 'm', status: 'gap' as const }];
    expect(shownStatuses(null, rows).map((r) => r.norm)).toEqual(['m']);
    expect(shownStatuses(rows, [{ ...row, norm: 'preview', status: 'met' }]).map((r) => r.norm)).toEqual(['m']);
    expect(shownStatuses(null, null)).toEqual([]);
  });

  it('gives the week rows to each week row only in the month and quarter views', () => {
    const { statuses } = statusesOf();
    expect(statuses.weekRows(week.start, week.end)).toEqual([]);
    const month = useNormStatuses({ view: ref('month'), period: ref(week), today: ref('2026-11-25') });
    expect(month.weekRows(week.start, week.end)).toHaveLength(1);
    expect(month.monthRows('2026-11-01', '2026-11-30')).toEqual([]);
  });

  it("tells the drawer how a draft would change the norm's status", () => {
    const { statuses } = statusesOf();
    const before = statuses.rows.value[0]?.status;
    const effect = statuses.effectOf({ id: '__draft__', kind: 'post', title: 'Ещё пост', status: 'planned', at: '2026-11-27', channelIds: ['vk'] });
    expect(effect).toEqual([{ key: 'social-posts|vk|2026-11-23', title: 'Посты в соцсетях · ВКонтакте', from: before, to: expect.any(String) }]);
    expect(effect[0]?.to).not.toBe(before);
  });

  it('counts an edited item once: the draft replaces the saved item with its id', () => {
    const { statuses } = statusesOf([post('a', '2026-11-23'), post('b', '2026-11-24'), post('c', '2026-11-24')]);
    expect(statuses.rows.value[0]?.status).toBe('met');
    // Moving a published post within the week changes nothing.
    expect(statuses.effectOf({ ...post('b', '2026-11-25'), title: 'Перенесён' })).toEqual([]);
    // Cancelling it leaves two posts of three.
    const [cancelled] = statuses.effectOf({ ...post('b', '2026-11-24'), status: 'cancelled' });
    expect(cancelled).toMatchObject({ from: 'met' });
    expect(cancelled?.to).not.toBe('met');
  });
});
