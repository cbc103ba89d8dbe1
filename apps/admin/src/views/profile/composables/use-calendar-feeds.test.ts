import { createTestingPinia } from '@pinia/testing';
import { flushPromises } from '@vue/test-utils';
import type { CalendarFeed } from '@ritm/contracts/calendar-feeds';
import { capabilitiesOf } from '@ritm/domain/access';
import { ITEM_STATUSES } from '@ritm/domain/item';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import type { Channel } from '../../../api/types.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { centre } from '../../calendar/composables/calendar-test-setup.js';
import { useCalendarFeeds } from './use-calendar-feeds.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const region = { ...centre, id: 'region', name: 'Управление занятости', parentId: null };
const child = { ...centre, id: 'org', name: 'ЦЗН Кировского района', parentId: 'region', depth: 1 };
const channel = (id: string, name: string): Channel => ({ id, name, type: 'vk', url: null, since: null, active: true, version: 1 }) as Channel;
const feed = (over: Partial<CalendarFeed> = {}): CalendarFeed => ({
  id: 'feed-1',
  name: '',
  orgIds: ['region'],
  includeSubtree: true,
  channelIds: [],
  statuses: [...ITEM_STATUSES],
  createdAt: '2026-11-25T08:00:00.000Z',
  lastUsedAt: null,
  ...over,
});

/** The API as the composable meets it: channels per organisation, the feed list, and what each call sent. */
function api(answers: { feeds?: CalendarFeed[]; create?: () => unknown; revoke?: () => unknown } = {}) {
  const calls: Array<{ path: string; options?: RequestOptions }> = [];
  requestMock.mockImplementation(async (path: string, options?: RequestOptions) => {
    calls.push({ path, ...(options && { options }) });
    if (path === '/orgs/region/channels') return { channels: [channel('vk-region', 'ВК управления')] };
    if (path === '/orgs/org/channels') return { channels: [channel('vk-centre', 'ВК центра')] };
    if (path === '/auth/calendar-feeds' && !options?.method) return { feeds: answers.feeds ?? [] };
    if (path === '/auth/calendar-feeds' && options?.method === 'POST') return answers.create?.();
    if (path.startsWith('/auth/calendar-feeds/') && options?.method === 'DELETE') return answers.revoke?.();
    throw new Error(`unexpected ${path}`);
  });
  return calls;
}

function signedIn(): void {
  createTestingPinia({ stubActions: false, createSpy: vi.fn });
  const orgs = useOrgsStore();
  orgs.list = [region, child].map((o) => ({ ...o, role: 'editor' as const, roles: ['editor' as const], capabilities: capabilitiesOf(['editor']) }));
  orgs.currentId = 'region';
}

describe('the calendar feeds of the profile', () => {
  beforeEach(() => {
    requestMock.mockReset();
    signedIn();
  });

  it('starts from the current organisation with its subtree, every status, and offers its channels', async () => {
    api();
    const feeds = useCalendarFeeds();
    await flushPromises();
    expect(feeds.form).toMatchObject({ orgIds: ['region'], includeSubtree: true, channelIds: [], statuses: [...ITEM_STATUSES] });
    expect(feeds.channelOptions.value).toEqual([{ value: 'vk-region', label: 'ВК управления' }]);
    expect(feeds.statusOptions.value.map((s) => s.label)).toEqual(['запланировано', 'в работе', 'опубликовано', 'проведено', 'отменено']);
  });

  it('names each channel with its organisation when several are chosen, and drops a channel no longer offered', async () => {
    api();
    const feeds = useCalendarFeeds();
    await flushPromises();
    feeds.form.channelIds = ['vk-region'];
    feeds.form.orgIds = ['region', 'org'];
    await flushPromises();
    expect(feeds.channelOptions.value).toEqual([
      { value: 'vk-region', label: 'ВК управления — Управление занятости' },
      { value: 'vk-centre', label: 'ВК центра — ЦЗН Кировского района' },
    ]);
    expect(feeds.form.channelIds).toEqual(['vk-region']);
    feeds.form.orgIds = ['org'];
    await flushPromises();
    expect(feeds.form.channelIds).toEqual([]);
  });

  it('creates a feed with what was chosen, shows its address once and lists it first', async () => {
    const calls = api({ feeds: [feed({ id: 'older' })], create: () => ({ ...feed({ id: 'new', channelIds: ['vk-region'] }), url: 'https://ritm.example.org/api/feeds/ritmcal_x.ics' }) });
    const feeds = useCalendarFeeds();
    await feeds.load();
    await flushPromises();
    feeds.form.channelIds = ['vk-region'];
    feeds.form.statuses = ['planned', 'published'];
    expect(await feeds.create()).toBe(true);
    expect(calls.find((c) => c.options?.method === 'POST')?.options?.body).toEqual({
      orgIds: ['region'],
      includeSubtree: true,
      channelIds: ['vk-region'],
      statuses: ['planned', 'published'],
    });
    expect(feeds.createdUrl.value).toBe('https://ritm.example.org/api/feeds/ritmcal_x.ics');
    expect(feeds.feeds.value.map((f) => f.id)).toEqual(['new', 'older']);
    expect(feeds.feeds.value[0]).not.toHaveProperty('url');
    expect(feeds.form.channelIds).toEqual([]);
    expect(feeds.form.statuses).toEqual([...ITEM_STATUSES]);
  });

  it('keeps a feed just made, and the others, when the list asked before it answers after it', async () => {
    const stored = [feed({ id: 'older' })];
    let firstList: (value: unknown) => void = () => {};
    api({
      create: () => {
        const made = feed({ id: 'new' });
        stored.unshift(made);
        return { ...made, url: 'u' };
      },
    });
    const server = requestMock.getMockImplementation()!;
    let lists = 0;
    requestMock.mockImplementation((path: string, options?: RequestOptions) => {
      if (path !== '/auth/calendar-feeds' || options?.method) return server(path, options);
      // The first list is slow and answers what the server held when it was asked.
      const held = [...stored];
      return ++lists === 1 ? new Promise((resolve) => (firstList = () => resolve({ feeds: held }))) : Promise.resolve({ feeds: [...stored] });
    });
    const feeds = useCalendarFeeds();
    const loading = feeds.load();
    await flushPromises();
    expect(await feeds.create()).toBe(true);
    firstList(undefined);
    await loading;
    expect(feeds.feeds.value.map((f) => f.id)).toEqual(['new', 'older']);
    expect(feeds.loading.value).toBe(false);
  });

  it('sends a name only when one was typed, and asks for an organisation and a status before sending', async () => {
    const calls = api({ create: () => ({ ...feed({ name: 'Мой' }), url: 'u' }) });
    const feeds = useCalendarFeeds();
    feeds.form.orgIds = [];
    expect(await feeds.create()).toBe(false);
    expect(feeds.formError.value).toBe('Выберите хотя бы одну организацию');
    feeds.form.orgIds = ['org'];
    feeds.form.statuses = [];
    expect(await feeds.create()).toBe(false);
    expect(feeds.formError.value).toBe('Выберите хотя бы один статус');
    expect(calls.some((c) => c.options?.method === 'POST')).toBe(false);
    feeds.form.statuses = ['planned'];
    feeds.form.name = '  Мой  ';
    expect(await feeds.create()).toBe(true);
    expect(calls.find((c) => c.options?.method === 'POST')?.options?.body).toMatchObject({ name: 'Мой' });
  });

  it("shows the API's word on a refused feed", async () => {
    api({ create: () => Promise.reject(new ApiError(400, 'validation', 'Не все каналы…', [{ path: 'body.channelIds[0]', message: 'не канал этой организации' }])) });
    const feeds = useCalendarFeeds();
    expect(await feeds.create()).toBe(false);
    expect(feeds.formError.value).toBe('не канал этой организации');
    expect(feeds.createdUrl.value).toBeNull();
  });

  it('revokes a feed and drops it, also when it was already gone, but keeps it when revoking failed', async () => {
    let answer: () => unknown = () => undefined;
    const calls = api({ feeds: [feed({ id: 'a' }), feed({ id: 'b' }), feed({ id: 'c' })], revoke: () => answer() });
    const feeds = useCalendarFeeds();
    await feeds.load();
    await feeds.revoke(feeds.feeds.value[0]!);
    expect(calls.at(-1)).toEqual({ path: '/auth/calendar-feeds/a', options: { method: 'DELETE' } });
    answer = () => Promise.reject(new ApiError(404, 'not_found', 'Не найдено'));
    await feeds.revoke(feeds.feeds.value[0]!);
    answer = () => Promise.reject(new ApiError(0, 'network', 'offline'));
    await feeds.revoke(feeds.feeds.value[0]!);
    expect(feeds.feeds.value.map((f) => f.id)).toEqual(['c']);
  });

  it('says what a feed covers in words', () => {
    api();
    const feeds = useCalendarFeeds();
    expect(feeds.describe(feed())).toBe('Управление занятости и подчинённые');
    expect(feeds.describe(feed({ orgIds: ['org', 'gone'], includeSubtree: false, channelIds: ['a', 'b'], statuses: ['planned', 'cancelled'] }))).toBe(
      'ЦЗН Кировского района, организация недоступна · 2 канала · запланировано, отменено',
    );
  });
});
