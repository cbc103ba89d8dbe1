import { beforeEach, describe, expect, it, vi } from 'vitest';
import { reactive, ref } from 'vue';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import { channel, planItem } from '../../../test/fixtures.js';
import { useItemForm, type ItemFormProps } from '../../../components/calendar/composables/use-item-form.js';
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

  it('sends nothing for an edit that changed nothing', async () => {
    calendarOf({ items: [post] });
    const drawer = useItemDrawer({ timeZone: ref('Europe/Moscow'), editable: ref(true) });
    drawer.openItem(post);
    await drawer.save({}, post);
    expect(requestMock).not.toHaveBeenCalled();
    expect(drawer.open.value).toBe(false);
  });

  it('after a conflict applies only my fields on top: they changed the title, I the channels', async () => {
    const loaded = planItem({ id: 'post', title: 'Пост о субсидиях', at: '2026-11-24', channelIds: ['vk'], version: 2 });
    const { calendar } = calendarOf({ items: [loaded] });
    // The server: someone saved a new title (version 3) before my save reached it.
    let server = { ...loaded, title: 'Их заголовок', version: 3 };
    requestMock.mockImplementation(async (_path: string, o?: RequestOptions) => {
      if (o?.method !== 'PATCH') return server;
      if (o.version !== server.version) throw new ApiError(409, 'version_conflict', 'Changed');
      server = { ...server, ...(o.body as object), version: server.version + 1 };
      return server;
    });
    const drawer = useItemDrawer({ timeZone: ref('Europe/Moscow'), editable: ref(true) });
    drawer.openItem(loaded);
    const props = reactive<ItemFormProps>({
      show: true,
      editable: true,
      item: loaded,
      defaultDate: '2026-11-24',
      timeZone: 'Europe/Moscow',
      channels: [channel(), channel({ id: 'ok', name: 'Одноклассники', type: 'ok' })],
      plans: [],
      audiences: [],
      keyMessages: [],
      members: [],
      effect: () => [],
      save: drawer.save,
      remove: drawer.remove,
    });
    const form = useItemForm(props);
    form.draft.channelIds = ['ok', 'vk'];
    await form.submit();
    expect(calendar.conflict?.mine).toEqual({ channelIds: ['ok', 'vk'] });
    expect(calendar.conflict?.theirs?.title).toBe('Их заголовок');

    await calendar.reapplyMine();
    const patches = requestMock.mock.calls.filter(([, o]) => o?.method === 'PATCH').map(([, o]) => [o?.body, o?.version]);
    expect(patches).toEqual([
      [{ channelIds: ['ok', 'vk'] }, 2],
      [{ channelIds: ['ok', 'vk'] }, 3],
    ]);
    expect(server).toMatchObject({ title: 'Их заголовок', channelIds: ['ok', 'vk'], version: 4 });
    expect(calendar.items.find((i) => i.id === 'post')).toMatchObject({ title: 'Их заголовок', channelIds: ['ok', 'vk'] });
  });
});
