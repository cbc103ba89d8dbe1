import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { h } from 'vue';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import type { EvidencePost } from '../../../api/evidence.js';
import { i18n } from '../../../i18n.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { planItem } from '../../../test/fixtures.js';
import { centre } from '../../calendar/composables/calendar-test-setup.js';
import { itemOption, reasonText, useEvidenceReview, useReviewPending } from './use-evidence-review.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);
const writes = () => requestMock.mock.calls.filter(([, o]) => o?.method).map(([path, o]) => [o?.method, path, o?.body]);

function post(overrides: Partial<EvidencePost> = {}): EvidencePost {
  return {
    id: 'p1',
    orgId: 'org',
    sourceId: 'src',
    sourceType: 'feed',
    channelId: 'site',
    externalId: 'https://czn.example/?p=1',
    url: 'https://czn.example/news/fair',
    title: 'Ярмарка вакансий 27 ноября',
    text: '<b>не разметка</b> а текст',
    publishedAt: '2026-11-25T07:00:00.000Z',
    localDay: '2026-11-25',
    views: null,
    likes: null,
    reposts: null,
    comments: null,
    reachReadAt: null,
    state: 'matched',
    item: { id: 'fair', title: 'Ярмарка вакансий', localDay: '2026-11-24', status: 'published' },
    reason: { by: 'date_title', days: 1, similarity: 0.8, words: ['Ярмарка', 'вакансий'] },
    firstSeenAt: '2026-11-25T07:05:00.000Z',
    reviewedAt: null,
    may: { review: true },
    ...overrides,
  };
}

const unplanned = post({ id: 'p2', title: 'Вебинар для работодателей', state: 'unplanned', item: { id: 'made', title: 'Вебинар для работодателей', localDay: '2026-11-25', status: 'published' }, reason: null });

function setUp(review: { posts: EvidencePost[]; pending: number } = { posts: [post(), unplanned], pending: 2 }) {
  createTestingPinia({ stubActions: false, createSpy: vi.fn });
  const orgs = useOrgsStore();
  orgs.list = [centre];
  orgs.currentId = 'org';
  requestMock.mockReset().mockImplementation(async (path: string, o: RequestOptions = {}) => {
    if (path.endsWith('/confirm')) return { ...review.posts.find((p) => path.includes(p.id))!, state: 'confirmed' };
    if (path.endsWith('/ignore')) return { ...review.posts.find((p) => path.includes(p.id))!, state: 'ignored', item: null };
    if (path.endsWith('/relink')) return { ...review.posts.find((p) => path.includes(p.id))!, state: 'confirmed', reason: { by: 'manual' } };
    if (path.endsWith('/items'))
      return {
        items: [
          planItem({ id: 'far', title: 'Мастер-класс', localDay: '2026-11-22' }),
          planItem({ id: 'fair', title: 'Ярмарка вакансий', localDay: '2026-11-24' }),
          planItem({ id: 'near', title: 'Ярмарка для молодёжи', localDay: '2026-11-25' }),
          planItem({ id: 'off', title: 'Отменённый эфир', localDay: '2026-11-25', status: 'cancelled' }),
        ],
      };
    return o.method ? {} : review;
  });
}

describe('why a post is linked, in words', () => {
  it('names a link, the same day, a day later or earlier with the shared words, and a manual link', () => {
    expect(reasonText(post({ reason: { by: 'link' } }))).toBe('по ссылке');
    expect(reasonText(post())).toBe('на 1 дн. позже плана, совпали слова: Ярмарка, вакансий');
    expect(reasonText(post({ reason: { by: 'date_title', days: -1, similarity: 0.7, words: ['эфир'] } }))).toBe('на 1 дн. раньше плана, совпали слова: эфир');
    expect(reasonText(post({ reason: { by: 'date_title', days: 0, similarity: 1, words: [] } }))).toBe('дата совпала');
    expect(reasonText(post({ reason: { by: 'manual' } }))).toBe('связано вручную');
    expect(reasonText(unplanned)).toBe('в плане ничего похожего не нашлось');
  });

  it('says it in English too, with its plural', () => {
    i18n.global.locale.value = 'en';
    try {
      expect(reasonText(post())).toBe('a day later than planned, shared words: Ярмарка, вакансий');
      expect(reasonText(post({ reason: { by: 'date_title', days: 0, similarity: 1, words: ['fair'] } }))).toBe('same date, shared words: fair');
    } finally {
      i18n.global.locale.value = 'ru';
    }
  });

  it('offers an entry with its date and status', () => {
    expect(itemOption(planItem({ title: 'Ярмарка', localDay: '2026-11-24', status: 'planned' })).label).toBe('«Ярмарка» — 24.11.2026, запланировано');
  });
});

describe('the review screen', () => {
  beforeEach(() => setUp());

  it('lists the posts awaiting review and how many there are', async () => {
    const review = useEvidenceReview();
    await review.load();
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/evidence/review', { query: {} });
    expect(review.posts.value.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(review.pending.value).toBe(2);
  });

  it('confirms one and ignores another: each leaves the list and the count drops', async () => {
    const review = useEvidenceReview();
    await review.load();
    await review.confirm(review.posts.value[0]!);
    await review.ignore(review.posts.value[0]!);
    expect(writes()).toEqual([
      ['POST', '/orgs/org/evidence/posts/p1/confirm', undefined],
      ['POST', '/orgs/org/evidence/posts/p2/ignore', undefined],
    ]);
    expect(review.posts.value).toEqual([]);
    expect(review.pending.value).toBe(0);
  });

  it('re-links to another entry on the post’s channel near its day, nearest first, never the current or a cancelled one', async () => {
    const review = useEvidenceReview();
    await review.load();
    await review.openRelink(review.posts.value[0]!);
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/items', { query: { from: '2026-11-22', to: '2026-11-28', channelId: 'site' } });
    expect(review.candidates.value.map((i) => i.id)).toEqual(['near', 'far']);
    review.chosen.value = 'near';
    await review.relink();
    expect(writes()).toEqual([['POST', '/orgs/org/evidence/posts/p1/relink', { itemId: 'near' }]]);
    expect(review.relinking.value).toBeNull();
    expect(review.posts.value.map((p) => p.id)).toEqual(['p2']);
  });

  it('reloads the list when an action is refused (someone reviewed the post meanwhile)', async () => {
    const review = useEvidenceReview();
    await review.load();
    requestMock.mockRejectedValueOnce(new ApiError(404, 'not_found', 'Нет такой публикации'));
    expect(await review.confirm(review.posts.value[0]!)).toBe(false);
    expect(requestMock.mock.calls.filter(([path, o]) => path === '/orgs/org/evidence/review' && !o?.method)).toHaveLength(2);
  });

  it('keeps the navigation’s count in step with the screen', async () => {
    let nav: ReturnType<typeof useReviewPending> | undefined;
    let screen: ReturnType<typeof useEvidenceReview> | undefined;
    const Screen = { setup: () => ((screen = useEvidenceReview()), () => h('div')) };
    mount({ setup: () => ((nav = useReviewPending(() => 'evidence')), () => h(Screen)) });
    await vi.waitFor(() => expect(nav!.value).toBe(2));
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/evidence/review', { query: { limit: 1 } });
    await screen!.load();
    await screen!.confirm(screen!.posts.value[0]!);
    expect(nav!.value).toBe(1);
  });

  it('asks for no count where the user may not review', async () => {
    useOrgsStore().list = [{ ...centre, capabilities: ['org.read'] }];
    let nav: ReturnType<typeof useReviewPending> | undefined;
    mount({ setup: () => ((nav = useReviewPending(() => 'calendar')), () => h('div')) });
    await new Promise((r) => setTimeout(r, 0));
    expect(nav!.value).toBeNull();
    expect(requestMock).not.toHaveBeenCalled();
  });
});
