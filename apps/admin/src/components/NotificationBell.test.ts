import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { ref } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { request, type RequestOptions } from '../api/client.js';
import type { Notification } from '../api/notifications.js';
import { i18n } from '../i18n.js';
import NotificationBell from './NotificationBell.vue';

/** A bell's count as a screen's list sees it, without the timer: what it is told, it shows. */
function fakeCentre(unread: number | null) {
  const centre = { unread: ref<number | null>(unread), refresh: vi.fn(), known: (count: number) => void (centre.unread.value = count) };
  return centre;
}

vi.mock('../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const returned: Notification = {
  id: 'n1',
  kind: 'plan_returned',
  orgId: 'org',
  title: 'План «Ноябрь 2026» возвращён — ЦЗН Кировского района',
  body: 'Добавьте пост о ярмарке вакансий',
  link: '/plans/p1?org=org',
  createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  readAt: null,
};

const Blank = { template: '<div />' };

async function bell(unread: number | null) {
  const calls: Array<{ path: string; options?: RequestOptions }> = [];
  requestMock.mockImplementation(async (path: string, options?: RequestOptions) => {
    calls.push({ path, ...(options && { options }) });
    if (path === '/notifications') return { items: [returned], unreadCount: 1, nextBefore: null };
    if (path === '/notifications/n1/read') return { unreadCount: 0 };
    throw new Error(`unexpected ${path}`);
  });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: ['/calendar', '/plans/:planId', '/notifications', '/profile'].map((path) => ({ path, name: path.split('/')[1], component: Blank })),
  });
  await router.push('/calendar');
  const centre = fakeCentre(unread);
  const wrapper = mount(NotificationBell, {
    props: { centre },
    global: { plugins: [i18n, router, createTestingPinia({ stubActions: false, createSpy: vi.fn })] },
    attachTo: document.body,
  });
  return { wrapper, router, centre, calls, button: () => wrapper.get('[data-test="notification-bell"]') };
}

describe('the bell', () => {
  beforeEach(() => {
    requestMock.mockReset();
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('says how many are unread, to the eye (up to 99+) and to a screen reader', async () => {
    const { wrapper, centre, button } = await bell(0);
    expect(wrapper.find('[data-test="notification-count"]').exists()).toBe(false);
    expect(button().attributes('aria-label')).toBe('Уведомления, непрочитанных нет');
    centre.unread.value = 140;
    await flushPromises();
    expect(wrapper.get('[data-test="notification-count"]').text()).toBe('99+');
    expect(button().attributes('aria-label')).toBe('Уведомления, непрочитанных: 99+');
  });

  it('opens the newest 20 under it; opening one marks it read, goes to its link and closes', async () => {
    const { wrapper, router, centre, calls, button } = await bell(1);
    await button().trigger('click');
    await flushPromises();
    expect(button().attributes('aria-expanded')).toBe('true');
    expect(calls[0]).toEqual({ path: '/notifications', options: { query: { limit: 20 } } });
    const entry = wrapper.get('[data-test="notification-panel"] [data-test="notification"]');
    expect(entry.attributes('href')).toBe('/plans/p1?org=org');
    expect(entry.get('[data-test="notification-body"]').text()).toBe('Добавьте пост о ярмарке вакансий');
    expect(entry.get('.when').text()).toBe('5 минут назад');
    await entry.trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toEqual({ path: '/notifications/n1/read', options: { method: 'POST' } });
    expect(centre.unread.value).toBe(0);
    expect(router.currentRoute.value.fullPath).toBe('/plans/p1?org=org');
    expect(wrapper.find('[data-test="notification-panel"]').exists()).toBe(false);
  });

  it('closes on Escape (focus back on the bell), on a click elsewhere, and when the screen changes', async () => {
    const { wrapper, router, button } = await bell(1);
    const panel = () => wrapper.find('[data-test="notification-panel"]').exists();
    await button().trigger('click');
    await flushPromises();
    (button().element as HTMLElement).focus();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flushPromises();
    expect(panel()).toBe(false);
    expect(document.activeElement).toBe(button().element);

    await button().trigger('click');
    await flushPromises();
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    await flushPromises();
    expect(panel()).toBe(false);

    await button().trigger('click');
    await flushPromises();
    await router.push('/profile');
    await flushPromises();
    expect(panel()).toBe(false);
  });
});
