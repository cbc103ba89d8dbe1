import { createTestingPinia } from '@pinia/testing';
import { flushPromises } from '@vue/test-utils';
import { effectScope, nextTick, ref } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import type { Notification } from '../../../api/notifications.js';
import { i18n, setLocale } from '../../../i18n.js';
import { useSessionStore } from '../../../stores/session.js';
import { linkTarget, POLL_MS, unreadBadge, useNotificationCentre, useNotificationList, whenText } from './use-notifications.js';

/** A bell's count as a screen's list sees it, without the timer: what it is told, it shows. */
function fakeCentre(unread: number | null) {
  const centre = { unread: ref<number | null>(unread), refresh: vi.fn(), known: (count: number) => void (centre.unread.value = count) };
  return centre;
}

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const note = (id: string, over: Partial<Notification> = {}): Notification => ({
  id,
  kind: 'plan_returned',
  orgId: 'org',
  title: `План «Ноябрь» возвращён (${id})`,
  body: 'Добавьте пост о ярмарке вакансий',
  link: `/plans/${id}?org=org`,
  createdAt: '2026-11-25T09:00:00.000Z',
  readAt: null,
  ...over,
});

/** The server's notifications, newest first, with the unread count and paging it would answer. */
function server(initial: Notification[]) {
  const state = { notes: [...initial], fail: null as ApiError | null };
  const calls: Array<{ path: string; options?: RequestOptions }> = [];
  const unread = () => state.notes.filter((n) => n.readAt === null).length;
  requestMock.mockImplementation(async (path: string, options?: RequestOptions) => {
    calls.push({ path, ...(options && { options }) });
    if (state.fail) throw state.fail;
    if (path === '/notifications') {
      const q = options?.query ?? {};
      let list = q.unread ? state.notes.filter((n) => n.readAt === null) : state.notes;
      if (q.before) list = list.slice(list.findIndex((n) => n.id === q.before) + 1);
      const limit = Number(q.limit ?? 20);
      const items = list.slice(0, limit);
      return { items, unreadCount: unread(), nextBefore: list.length > limit ? items.at(-1)!.id : null };
    }
    const read = /^\/notifications\/(.+)\/read$/.exec(path);
    if (read && options?.method === 'POST') {
      state.notes = state.notes.map((n) => (n.id === read[1] ? { ...n, readAt: '2026-11-25T10:00:00.000Z' } : n));
      return { unreadCount: unread() };
    }
    if (path === '/notifications/read-all' && options?.method === 'POST') {
      state.notes = state.notes.map((n) => ({ ...n, readAt: n.readAt ?? '2026-11-25T10:00:00.000Z' }));
      return { unreadCount: 0 };
    }
    throw new Error(`unexpected ${path}`);
  });
  return { state, calls, counts: () => calls.filter((c) => c.path === '/notifications' && c.options?.query?.limit === 1).length };
}

function signedIn(): ReturnType<typeof useSessionStore> {
  createTestingPinia({ stubActions: false, createSpy: vi.fn });
  const session = useSessionStore();
  session.me = { id: 'u1', email: 'anna@example.org', name: 'Анна' } as typeof session.me;
  return session;
}

describe('the bell’s number', () => {
  it('shows nothing when all is read, the count up to 99, then 99+', () => {
    expect([null, 0, 1, 99, 100, 5000].map(unreadBadge)).toEqual(['', '', '1', '99', '99+', '99+']);
  });

  it('says when, as people say it, then the date in the zone', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(whenText('2026-11-25T11:59:40Z', now, 'ru', 'Europe/Moscow')).toBe('только что');
    expect(whenText('2026-11-25T12:00:30Z', now, 'ru', 'Europe/Moscow')).toBe('только что');
    expect(whenText('2026-11-25T11:55:00Z', now, 'ru', 'Europe/Moscow')).toBe('5 минут назад');
    expect(whenText('2026-11-25T09:00:00Z', now, 'ru', 'Europe/Moscow')).toBe('3 часа назад');
    expect(whenText('2026-11-25T11:00:00Z', now, 'en', 'Europe/Moscow')).toBe('1 hour ago');
    expect(whenText('2026-11-23T21:30:00Z', now, 'ru', 'Asia/Kamchatka')).toBe('24 нояб. 2026, 09:30');
  });

  it('follows only our own addresses: screens through the router, the API’s files by the browser', () => {
    expect(linkTarget('/plans/p1?org=o1')).toEqual({ route: '/plans/p1?org=o1' });
    expect(linkTarget('/api/orgs/o1/report-jobs/r1/file')).toEqual({ download: '/api/orgs/o1/report-jobs/r1/file' });
    expect(linkTarget('https://evil.example/x')).toBeNull();
    expect(linkTarget('//evil.example/x')).toBeNull();
    expect(linkTarget('')).toBeNull();
  });
});

describe('the unread count', () => {
  beforeEach(() => {
    requestMock.mockReset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('is asked at once, every minute and on every move between screens, one notification’s worth', async () => {
    const api = server([note('a'), note('b', { readAt: '2026-11-25T09:30:00.000Z' })]);
    signedIn();
    const screen = ref('/calendar');
    const scope = effectScope();
    const centre = scope.run(() => useNotificationCentre(() => screen.value))!;
    await flushPromises();
    expect(centre.unread.value).toBe(1);
    expect(api.calls[0]).toEqual({ path: '/notifications', options: { query: { limit: 1 } } });

    api.state.notes.unshift(note('c'));
    await vi.advanceTimersByTimeAsync(POLL_MS - 1);
    expect(centre.unread.value).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(centre.unread.value).toBe(2);

    api.state.notes.unshift(note('d'));
    screen.value = '/plans';
    await flushPromises();
    expect(centre.unread.value).toBe(3);
    expect(api.counts()).toBe(3);
    scope.stop();
  });

  it('stops asking when the user signs out, forgets the count, and starts again at the next sign-in', async () => {
    const api = server([note('a')]);
    const session = signedIn();
    const scope = effectScope();
    const centre = scope.run(() => useNotificationCentre(() => 'calendar'))!;
    await flushPromises();
    expect(centre.unread.value).toBe(1);

    session.reset();
    await flushPromises();
    expect(centre.unread.value).toBeNull();
    const asked = api.counts();
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(api.counts()).toBe(asked);

    session.me = { id: 'u2', email: 'boris@example.org', name: 'Борис' } as typeof session.me;
    await flushPromises();
    expect(centre.unread.value).toBe(1);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(api.counts()).toBe(asked + 2);
    scope.stop();
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(api.counts()).toBe(asked + 2);
  });

  it('does not ask from a tab in the background, and asks once when it is shown again', async () => {
    const api = server([note('a')]);
    signedIn();
    const scope = effectScope();
    const centre = scope.run(() => useNotificationCentre(() => 'calendar'))!;
    await flushPromises();
    const shown = (state: 'visible' | 'hidden') => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    const asked = api.counts();
    try {
      shown('hidden');
      await vi.advanceTimersByTimeAsync(POLL_MS * 3);
      expect(api.counts()).toBe(asked);
      api.state.notes.unshift(note('b'));
      shown('visible');
      await flushPromises();
      expect(api.counts()).toBe(asked + 1);
      expect(centre.unread.value).toBe(2);
      await vi.advanceTimersByTimeAsync(POLL_MS);
      expect(api.counts()).toBe(asked + 2);
    } finally {
      scope.stop();
      Reflect.deleteProperty(document, 'visibilityState');
    }
    // Once gone, being shown asks nothing.
    shown('visible');
    Reflect.deleteProperty(document, 'visibilityState');
    await flushPromises();
    expect(api.counts()).toBe(asked + 2);
  });

  it('keeps the count a list was given over an older ask still out', async () => {
    const api = server([note('a'), note('b')]);
    signedIn();
    const scope = effectScope();
    const centre = scope.run(() => useNotificationCentre(() => 'calendar'))!;
    const list = scope.run(() => useNotificationList({ centre }))!;
    await flushPromises();
    await list.load();
    expect(centre.unread.value).toBe(2);
    // The minute's ask goes out and is slow; meanwhile the user opens one, and the server says 1.
    let answer: (value: unknown) => void = () => {};
    const realServer = requestMock.getMockImplementation()!;
    requestMock.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    await vi.advanceTimersByTimeAsync(POLL_MS);
    requestMock.mockImplementation(realServer);
    await list.open(list.items.value[0]!);
    expect(centre.unread.value).toBe(1);
    answer({ items: [], unreadCount: 2, nextBefore: null });
    await flushPromises();
    expect(centre.unread.value).toBe(1);
    expect(api.state.notes.filter((n) => n.readAt === null)).toHaveLength(1);
    scope.stop();
  });

  it('keeps the last count when an ask fails, and ignores an answer that comes after signing out', async () => {
    const api = server([note('a'), note('b')]);
    const session = signedIn();
    const scope = effectScope();
    const centre = scope.run(() => useNotificationCentre(() => 'calendar'))!;
    await flushPromises();
    api.state.fail = new ApiError(0, 'network', 'offline');
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(centre.unread.value).toBe(2);

    api.state.fail = null;
    const late = centre.refresh();
    session.reset();
    await late;
    await flushPromises();
    expect(centre.unread.value).toBeNull();
    scope.stop();
  });
});

describe('the list of notifications', () => {
  // Each list lives in a scope of its own, as in a component: its watchers end with the test.
  let scope = effectScope();
  const listOf = (...args: Parameters<typeof useNotificationList>) => scope.run(() => useNotificationList(...args))!;
  beforeEach(() => {
    requestMock.mockReset();
    signedIn();
    scope = effectScope();
  });
  afterEach(() => {
    scope.stop();
    setLocale('ru');
  });

  it('loads the newest 20 and the next page on request, keeping the bell’s count', async () => {
    const many = Array.from({ length: 25 }, (_, i) => note(`n${i}`, i % 2 ? { readAt: '2026-11-25T09:30:00.000Z' } : {}));
    const api = server(many);
    const centre = fakeCentre(null);
    const list = listOf({ centre });
    await list.load();
    expect(list.items.value.map((n) => n.id)).toEqual(many.slice(0, 20).map((n) => n.id));
    expect(api.calls[0]?.options?.query).toEqual({ limit: 20 });
    expect(list.nextBefore.value).toBe('n19');
    expect(centre.unread.value).toBe(13);
    await list.more();
    expect(list.items.value).toHaveLength(25);
    expect(api.calls[1]?.options?.query).toEqual({ limit: 20, before: 'n19' });
    expect(list.nextBefore.value).toBeNull();
  });

  it('opens a notification: marks it read, lowers the count and answers where it leads', async () => {
    const api = server([note('a'), note('b'), note('c', { readAt: '2026-11-25T09:30:00.000Z', link: '/api/orgs/org/report-jobs/r/file' })]);
    const centre = fakeCentre(null);
    const list = listOf({ centre });
    await list.load();
    expect(await list.open(list.items.value[1]!)).toEqual({ route: '/plans/b?org=org' });
    expect(api.calls.at(-1)).toEqual({ path: '/notifications/b/read', options: { method: 'POST' } });
    expect(centre.unread.value).toBe(1);
    expect(list.items.value.map((n) => n.readAt !== null)).toEqual([false, true, true]);

    // One already read is not marked again.
    const before = api.calls.length;
    expect(await list.open(list.items.value[2]!)).toEqual({ download: '/api/orgs/org/report-jobs/r/file' });
    expect(api.calls).toHaveLength(before);
  });

  it('still leads where the notification points when marking it read fails', async () => {
    const api = server([note('a')]);
    const centre = fakeCentre(null);
    const list = listOf({ centre });
    await list.load();
    api.state.fail = new ApiError(500, 'server', 'down');
    expect(await list.open(list.items.value[0]!)).toEqual({ route: '/plans/a?org=org' });
    expect(list.items.value[0]!.readAt).toBeNull();
    expect(centre.unread.value).toBe(1);
  });

  it('marks all read: the count goes to 0, the list stays with nothing bold; in «only unread» it empties', async () => {
    const api = server([note('a'), note('b'), note('c', { readAt: '2026-11-24T09:30:00.000Z' })]);
    const centre = fakeCentre(null);
    const list = listOf({ centre });
    await list.load();
    expect(await list.readAll()).toBe(true);
    expect(centre.unread.value).toBe(0);
    // Read before stays read when it was; the rest now are.
    expect(list.items.value.map((n) => n.readAt)).toEqual([expect.any(String), expect.any(String), '2026-11-24T09:30:00.000Z']);

    api.state.notes = [note('d'), note('e')];
    list.unreadOnly.value = true;
    await flushPromises();
    expect(api.calls.at(-1)?.options?.query).toEqual({ limit: 20, unread: true });
    expect(list.items.value.map((n) => n.id)).toEqual(['d', 'e']);
    await list.open(list.items.value[0]!);
    expect(list.items.value.map((n) => n.id)).toEqual(['e']);
    await list.readAll();
    expect(list.items.value).toEqual([]);
  });

  it('loads again in the new language once shown (the server words the texts)', async () => {
    const api = server([note('a')]);
    const list = listOf();
    setLocale('en');
    await flushPromises();
    expect(api.calls).toHaveLength(0);
    await list.load();
    setLocale('ru');
    await nextTick();
    await flushPromises();
    expect(api.calls).toHaveLength(2);
    expect(i18n.global.locale.value).toBe('ru');
  });

  it('keeps the last page when loading fails', async () => {
    const api = server([note('a')]);
    const list = listOf();
    await list.load();
    api.state.fail = new ApiError(0, 'network', 'offline');
    await list.load();
    expect(list.items.value.map((n) => n.id)).toEqual(['a']);
    expect(list.loading.value).toBe(false);
  });
});
