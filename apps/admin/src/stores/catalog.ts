import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { audiencesApi, channelsApi, keyMessagesApi } from '../api/catalog.js';
import { ApiError } from '../api/client.js';
import { orgsApi } from '../api/orgs.js';
import type { Audience, Channel, KeyMessage, Member } from '../api/types.js';

/** Members are listed only to those allowed to see them; without that, the list is empty. */
async function orEmpty<T>(load: Promise<T[]>): Promise<T[]> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return [];
    throw error;
  }
}

/** The current organisation's channels, audiences, key messages and members. */
export const useCatalogStore = defineStore('catalog', () => {
  const orgId = ref<string | null>(null);
  const channels = ref<Channel[]>([]);
  const audiences = ref<Audience[]>([]);
  const keyMessages = ref<KeyMessage[]>([]);
  const members = ref<Member[]>([]);
  const loading = ref(false);
  let asked = 0;

  const channelById = computed(() => new Map(channels.value.map((c) => [c.id, c])));
  const memberById = computed(() => new Map(members.value.map((m) => [m.userId, m])));
  // Each person once (the list has one row per role, inherited ones too), the nearest role first.
  const people = computed(() => {
    const seen = new Set<string>();
    return members.value.filter((m) => !seen.has(m.userId) && Boolean(seen.add(m.userId)));
  });

  /**
   * Loads an organisation's catalogue. Another organisation's lists go at once, not when the new
   * ones arrive: a select must not offer the last organisation's channels meanwhile (a choice
   * made there was lost when the list was replaced, or named a channel of the wrong organisation).
   * Only the latest load's answer is kept, and only it ends `loading`.
   */
  async function load(id: string, force = false): Promise<void> {
    if (!force && orgId.value === id) return;
    if (orgId.value !== id) clear();
    orgId.value = id;
    const ask = ++asked;
    loading.value = true;
    try {
      const [c, a, k, m] = await Promise.all([
        orEmpty(channelsApi.list(id)),
        orEmpty(audiencesApi.list(id)),
        orEmpty(keyMessagesApi.list(id)),
        orEmpty(orgsApi.members(id)),
      ]);
      if (ask !== asked) return;
      channels.value = c;
      audiences.value = a;
      keyMessages.value = k;
      members.value = m;
    } finally {
      if (ask === asked) loading.value = false;
    }
  }

  function clear(): void {
    channels.value = [];
    audiences.value = [];
    keyMessages.value = [];
    members.value = [];
  }

  function reset(): void {
    orgId.value = null;
    asked++;
    loading.value = false;
    clear();
  }

  return { orgId, channels, audiences, keyMessages, members, people, loading, channelById, memberById, load, reset };
});
