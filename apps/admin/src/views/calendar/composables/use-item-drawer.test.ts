import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import { planItem } from '../../../test/fixtures.js';
import { calendarOf } from './calendar-test-setup.js';
import { useItemDrawer } from './use-item-drawer.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const post = planItem({ id: 'post', at: '2026-11-24T07:00:00.000Z', localDay: '2026-11-24', version: 2 });
const body = { kind: 'post', title: 'Новый пост', at: '2026-11-26', channelIds: [], audienceIds: [], keyMessageIds: [] };

describe('the item drawer in the calendar', () => {
  beforeEach(() => {
    requestMock.mockReset();
  });

  it('opens on an item at its day in the organisation’s zone, and on a day for a new one when the user may edit', () => {
    calendarOf({ items: [post] });
    const editable = ref(false);
    const drawer = useItemDrawer({ timeZone: ref('Asia/Vladivostok'), editable });
    drawer.openNew('2026-11-25');
    expect(drawer.open.value).toBe(false);
    drawer.openItem(post);
    expect([drawer.open.value, drawer.item.value, drawer.date.value]).toEqual([true, post, '2026-11-24']);
    editable.value = true;
    drawer.openNew('2026-11-25');
    expect([drawer.item.value, drawer.date.value]).toEqual([null, '2026-11-25']);
  });

  it('creates a new item and closes', async () => {
    const { calendar } = calendarOf({});
    requestMock.mockImplementation(async (path: string, o?: RequestOptions) => (o?.method === "POST" ? { id: "new", version: 1 } : path.endsWith('/items/new') ? planItem({ id: 'new' }) : null));
    const drawer = useItemDrawer({ timeZone: ref('Europe/Moscow'), editable: ref(true) });
    drawer.openNew('2026-11-26');
    await drawer.save(body, null);
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/items', { method: 'POST', body });
    expect(drawer.open.value).toBe(false);
    expect(calendar.items.map((i) => i.id)).toEqual(['new']);
  });

  it('saves a change with the item’s version, and deletes with it too', async () => {
    calendarOf({ items: [post] });
    requestMock.mockImplementation(async (_p: string, o?: RequestOptions) => (o?.method === 'PATCH' ? { ...post, version: 3 } : null));
    const drawer = useItemDrawer({ timeZone: ref('Europe/Moscow'), editable: ref(true) });
    drawer.openItem(post);
    await drawer.save(body, post);
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/items/post', { method: 'PATCH', body, version: 2 });
    drawer.openItem(post);
    await drawer.remove(post);
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/items/post', { method: 'DELETE', version: 2 });
    expect(drawer.open.value).toBe(false);
  });

  it('stays open and hands a refused field back to the form', async () => {
    calendarOf({ items: [post] });
    const invalid = new ApiError(400, 'validation', 'Bad', [{ path: 'body.title', message: 'Слишком длинно' }]);
    requestMock.mockRejectedValue(invalid);
    const drawer = useItemDrawer({ timeZone: ref('Europe/Moscow'), editable: ref(true) });
    drawer.openItem(post);
    await expect(drawer.save(body, post)).rejects.toBe(invalid);
    expect(drawer.open.value).toBe(true);
  });
});
