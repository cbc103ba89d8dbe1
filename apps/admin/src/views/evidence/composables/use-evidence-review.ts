import { computed, getCurrentInstance, inject, provide, ref, shallowRef, watch, type InjectionKey, type Ref } from 'vue';
import { addDays } from '@ritm/domain/local-date';
import { REVIEW_POST_STATES } from '@ritm/domain/evidence-source';
import { evidenceApi, type EvidencePost } from '../../../api/evidence.js';
import { itemsApi } from '../../../api/items.js';
import type { PlanItem } from '../../../api/types.js';
import { errorText, useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { shortDate } from '../../../lib/dates.js';
import { vocabularyLabel } from '../../../lib/vocabulary.js';
import { useOrgsStore } from '../../../stores/orgs.js';

/** How far from a post's day the re-link picker looks for items on its channel (days either side). */
export const RELINK_DAYS = 3;

/**
 * Why a post is linked to its item, in words: «по ссылке»; «дата совпала» or «на 1 дн. позже
 * плана», with the shared words; «связано вручную»; for a post that matched nothing, that.
 *
 * @example reasonText({ state: 'matched', reason: { by: 'date_title', days: 1, similarity: 0.8, words: ['ярмарка', 'вакансий'] } }) // 'на 1 дн. позже плана, совпали слова: ярмарка, вакансий'
 */
export function reasonText(post: Pick<EvidencePost, 'state' | 'reason'>): string {
  const { t } = i18n.global;
  const reason = post.reason;
  if (!reason) return post.state === 'unplanned' ? t('evidenceSources.review.reason.unplanned') : '';
  if (reason.by === 'link') return t('evidenceSources.review.reason.link');
  if (reason.by === 'manual') return t('evidenceSources.review.reason.manual');
  const days = Math.abs(reason.days);
  const day =
    reason.days === 0
      ? t('evidenceSources.review.reason.sameDay')
      : t(reason.days > 0 ? 'evidenceSources.review.reason.later' : 'evidenceSources.review.reason.earlier', { days }, days);
  return reason.words.length ? `${day}, ${t('evidenceSources.review.reason.words', { words: reason.words.join(', ') })}` : day;
}

/** A plan entry as the re-link picker offers it: «Ярмарка вакансий» — 25.11.2026, запланировано. */
export function itemOption(item: Pick<PlanItem, 'id' | 'title' | 'localDay' | 'status'>): { value: string; label: string } {
  return { value: item.id, label: `«${item.title}» — ${shortDate(item.localDay)}, ${vocabularyLabel('itemStatus', item.status)}` };
}

/** The navigation's count of posts awaiting review, shared by the layout (which provides it) and the review screen (which keeps it true). */
const PENDING: InjectionKey<Ref<number | null>> = Symbol('evidence-review-pending');

/**
 * The count of posts awaiting review in the current organisation, for the navigation entry:
 * asked for (one post's worth) when the organisation or the screen changes.
 */
export function useReviewPending(screen: () => unknown) {
  const orgs = useOrgsStore();
  const pending = ref<number | null>(null);
  provide(PENDING, pending);
  async function refresh(): Promise<void> {
    const orgId = orgs.currentId;
    if (!orgId || !orgs.can('item.edit')) {
      pending.value = null;
      return;
    }
    try {
      const review = await evidenceApi.review(orgId, { limit: 1 });
      if (orgs.currentId === orgId) pending.value = review.pending;
    } catch {
      // The count is a convenience: the screen itself says what went wrong.
      pending.value = null;
    }
  }
  watch([() => orgs.currentId, screen], refresh, { immediate: true });
  return pending;
}

/**
 * The review screen «Проверка публикаций»: the posts Ritm read that nobody has looked at yet,
 * each confirmed, re-linked to another entry on its channel, or ignored. A post leaves the list
 * once reviewed; the navigation's count follows.
 */
export function useEvidenceReview() {
  const orgs = useOrgsStore();
  const notify = useNotify();
  const { t } = i18n.global;
  const orgId = computed(() => orgs.currentId as string);
  const posts = shallowRef<EvidencePost[]>([]);
  const pending = ref(0);
  const loading = ref(false);
  const busy = ref<string | null>(null);
  const shared = getCurrentInstance() ? inject(PENDING, null) : null;

  function count(value: number): void {
    pending.value = value;
    if (shared) shared.value = value;
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const review = await evidenceApi.review(orgId.value);
      posts.value = review.posts;
      count(review.pending);
    } catch (error) {
      notify.error(error);
    } finally {
      loading.value = false;
    }
  }

  /** A post reviewed: it leaves the list unless it still awaits review. */
  function reviewed(post: EvidencePost): void {
    if ((REVIEW_POST_STATES as readonly string[]).includes(post.state)) posts.value = posts.value.map((p) => (p.id === post.id ? post : p));
    else {
      posts.value = posts.value.filter((p) => p.id !== post.id);
      count(Math.max(0, pending.value - 1));
    }
  }

  async function act(post: EvidencePost, run: () => Promise<EvidencePost>, done: (after: EvidencePost) => string): Promise<boolean> {
    busy.value = post.id;
    try {
      const after = await run();
      reviewed(after);
      notify.success(done(after));
      return true;
    } catch (error) {
      notify.error(error);
      // Someone else may have reviewed it meanwhile: show the list as it is now.
      await load();
      return false;
    } finally {
      busy.value = null;
    }
  }

  const confirm = (post: EvidencePost) => act(post, () => evidenceApi.confirm(post), () => t('evidenceSources.review.confirmed'));
  const ignore = (post: EvidencePost) => act(post, () => evidenceApi.ignore(post), () => t('evidenceSources.review.ignored'));

  // ---- Re-linking: another entry of the organisation on the post's channel, near its day --------
  const relinking = shallowRef<EvidencePost | null>(null);
  const candidates = shallowRef<PlanItem[]>([]);
  const chosen = ref<string | null>(null);
  const relinkError = ref('');

  async function openRelink(post: EvidencePost): Promise<void> {
    relinking.value = post;
    candidates.value = [];
    chosen.value = null;
    relinkError.value = '';
    try {
      const items = await itemsApi.list(orgId.value, { from: addDays(post.localDay, -RELINK_DAYS), to: addDays(post.localDay, RELINK_DAYS), channelId: post.channelId });
      // Nearest day first; the entry it is linked to now and cancelled ones are no choice.
      const distance = (item: PlanItem) => Math.abs(Date.parse(item.localDay) - Date.parse(post.localDay));
      candidates.value = items.filter((i) => i.id !== post.item?.id && i.status !== 'cancelled').sort((a, b) => distance(a) - distance(b) || a.title.localeCompare(b.title));
    } catch (error) {
      relinkError.value = errorText(error);
    }
  }

  function closeRelink(): void {
    relinking.value = null;
  }

  async function relink(): Promise<void> {
    const post = relinking.value;
    const item = candidates.value.find((i) => i.id === chosen.value);
    if (!post || !item) return;
    const ok = await act(post, () => evidenceApi.relink(post, item.id), () => t('evidenceSources.review.relinked', { title: item.title }));
    if (ok) closeRelink();
  }

  const options = computed(() => candidates.value.map(itemOption));

  return { orgId, posts, pending, loading, busy, load, confirm, ignore, relinking, candidates, options, chosen, relinkError, openRelink, closeRelink, relink };
}
