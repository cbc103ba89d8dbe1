import { computed, reactive, ref, watch } from 'vue';
import type { CalendarFeed } from '@ritm/contracts/calendar-feeds';
import { ITEM_STATUSES, type ItemStatus } from '@ritm/domain/item';
import { calendarFeedsApi } from '../../../api/calendar-feeds.js';
import { channelsApi } from '../../../api/catalog.js';
import { ApiError } from '../../../api/client.js';
import type { Channel } from '../../../api/types.js';
import { errorText, useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { readAfterChanges } from '../../../lib/read-after-changes.js';

/** The form for a new feed: the current organisation and its subtree, every channel and status. */
interface FeedForm {
  name: string;
  orgIds: string[];
  includeSubtree: boolean;
  channelIds: string[];
  statuses: ItemStatus[];
}

/**
 * The user's calendar feeds (profile → «Календарь»): list, create, copy the new address (shown
 * once: only its hash is kept), revoke. Which organisations may be chosen is what the API listed
 * for the user; the API checks again on creation and on every fetch of the feed.
 */
export function useCalendarFeeds() {
  const { t } = i18n.global;
  const orgs = useOrgsStore();
  const notify = useNotify();
  const feeds = ref<CalendarFeed[]>([]);
  const loading = ref(false);
  const saving = ref(false);
  /** The address of the feed just made: shown until the user closes it, never again. */
  const createdUrl = ref<string | null>(null);
  const formError = ref<string | null>(null);
  const channels = ref<Array<Channel & { orgName: string }>>([]);
  const form = reactive<FeedForm>(blank());

  function blank(): FeedForm {
    return { name: '', orgIds: orgs.currentId ? [orgs.currentId] : [], includeSubtree: true, channelIds: [], statuses: [...ITEM_STATUSES] };
  }

  const orgName = (id: string) => orgs.byId.get(id)?.name ?? t('feeds.unavailableOrg');
  const statusOptions = computed(() => ITEM_STATUSES.map((status) => ({ value: status, label: t(`itemStatus.${status}`) })));
  const channelOptions = computed(() => channels.value.map((c) => ({ value: c.id, label: form.orgIds.length > 1 ? `${c.name} — ${c.orgName}` : c.name })));

  // The channels on offer are those of the chosen organisations; a choice no longer on offer is dropped.
  let channelsAsked = 0;
  watch(
    () => [...form.orgIds],
    async (orgIds) => {
      const asked = ++channelsAsked;
      try {
        const lists = await Promise.all(orgIds.map(async (id) => (await channelsApi.list(id)).map((c) => ({ ...c, orgName: orgName(id) }))));
        if (asked !== channelsAsked) return;
        channels.value = lists.flat();
        const offered = new Set(channels.value.map((c) => c.id));
        form.channelIds = form.channelIds.filter((id) => offered.has(id));
      } catch (error) {
        if (asked === channelsAsked) notify.error(error);
      }
    },
    { immediate: true },
  );

  /** Lists asked for (only the latest is shown), and feeds made or revoked here (a list read meanwhile is read again). */
  let listed = 0;
  let changes = 0;
  async function load(): Promise<void> {
    const ask = ++listed;
    loading.value = true;
    try {
      const answer = await readAfterChanges(() => calendarFeedsApi.list(), () => changes);
      if (ask === listed) feeds.value = answer;
    } catch (error) {
      if (ask === listed) notify.error(error);
    } finally {
      if (ask === listed) loading.value = false;
    }
  }

  async function create(): Promise<boolean> {
    formError.value = null;
    if (form.orgIds.length === 0) {
      formError.value = t('feeds.pickOrganisation');
      return false;
    }
    if (form.statuses.length === 0) {
      formError.value = t('feeds.pickStatus');
      return false;
    }
    saving.value = true;
    try {
      const name = form.name.trim();
      const created = await calendarFeedsApi.create({
        ...(name !== '' && { name }),
        orgIds: [...form.orgIds],
        includeSubtree: form.includeSubtree,
        channelIds: [...form.channelIds],
        statuses: [...form.statuses],
      });
      const { url, ...feed } = created;
      changes++;
      feeds.value = [feed, ...feeds.value];
      createdUrl.value = url;
      Object.assign(form, blank());
      return true;
    } catch (error) {
      formError.value = error instanceof ApiError ? (error.details[0]?.message ?? errorText(error)) : errorText(error);
      return false;
    } finally {
      saving.value = false;
    }
  }

  async function revoke(feed: CalendarFeed): Promise<void> {
    try {
      await calendarFeedsApi.revoke(feed);
      notify.success(t('feeds.revoked'));
    } catch (error) {
      // Already gone (revoked in another tab): the list is right to drop it.
      if (!(error instanceof ApiError && error.status === 404)) {
        notify.error(error);
        return;
      }
    }
    changes++;
    feeds.value = feeds.value.filter((f) => f.id !== feed.id);
  }

  /** Copies the new address; false when the browser refuses (the field stays there to copy by hand). */
  async function copyUrl(): Promise<boolean> {
    if (!createdUrl.value) return false;
    try {
      await navigator.clipboard.writeText(createdUrl.value);
      notify.success(t('feeds.copied'));
      return true;
    } catch {
      return false;
    }
  }

  /** What a listed feed covers, in words: its organisations, channels and statuses. */
  function describe(feed: CalendarFeed): string {
    const names = feed.orgIds.map(orgName).join(', ');
    const parts = [feed.includeSubtree ? t('feeds.withSubtree', { names }) : names];
    if (feed.channelIds.length > 0) parts.push(t('feeds.channelCount', feed.channelIds.length));
    if (feed.statuses.length < ITEM_STATUSES.length) parts.push(feed.statuses.map((s) => t(`itemStatus.${s}`)).join(', '));
    return parts.join(' · ');
  }

  return { feeds, loading, saving, form, formError, createdUrl, statusOptions, channelOptions, load, create, revoke, copyUrl, describe, orgName };
}
