import { capabilitiesOf, type Capability } from '@ritm/domain/access';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError } from '../api/client.js';
import { orgsApi } from '../api/orgs.js';
import type { Me, Organisation } from '../api/types.js';

const REMEMBER_KEY = 'ritm.org';
/** Until an organisation says otherwise, plan on Moscow time (most of the users' offices). */
export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

/** Parents before children, siblings by name: the order of a tree read top-down. */
export function treeOrder(nodes: readonly Organisation[]): Organisation[] {
  return [...nodes].sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name, 'ru'));
}

/**
 * Organisations from the sign-in answer, for when the tree cannot be loaded. The sign-in answer
 * names one role per membership and no capabilities, so only here are they read from the
 * domain's role table; every organisation the API sends carries its own.
 */
export function orgsFromMemberships(me: Me): Organisation[] {
  return me.memberships.map((m) => ({
    id: m.orgId,
    parentId: null,
    name: m.orgName,
    kind: 'other',
    timezone: DEFAULT_TIME_ZONE,
    members: null,
    figures: {},
    countOnlyConfirmed: false,
    depth: 0,
    version: 1,
    role: m.role,
    roles: [m.role],
    capabilities: capabilitiesOf([m.role]),
    archivedAt: null,
    archivedBy: null,
    inArchive: false,
  }));
}

export interface OrganisationTreeOption {
  [k: string]: unknown;
  key: string;
  label: string;
  children?: OrganisationTreeOption[];
}

/**
 * Where a user starts before they have picked anything: the first membership where the server
 * lets them edit items, else their first membership. A press officer who is also a director
 * above their centre should land on the calendar they edit, not a read-only one.
 */
function firstWorkplace(me: Me, visible: ReadonlyMap<string, Organisation>): string | undefined {
  const memberships = me.memberships.filter((m) => visible.has(m.orgId));
  return (memberships.find((m) => visible.get(m.orgId)?.capabilities.includes('item.edit')) ?? memberships[0])?.orgId;
}

/** The organisation tree the user can see, and the one they are working in (remembered). */
export const useOrgsStore = defineStore('orgs', () => {
  const list = ref<Organisation[]>([]);
  const currentId = ref<string | null>(null);
  const loading = ref(false);

  const byId = computed(() => new Map(list.value.map((o) => [o.id, o])));
  const current = computed(() => (currentId.value ? byId.value.get(currentId.value) ?? null : null));
  const timeZone = computed(() => current.value?.timezone || DEFAULT_TIME_ZONE);
  // The server grants, the UI asks: what the user may do here is what the API said with the
  // organisation (every role held here, own or inherited, combined there), never re-derived.
  const capabilities = computed<ReadonlySet<Capability>>(() => new Set(current.value?.capabilities ?? []));
  /** Whether the user may do something in the current organisation. */
  function can(capability: Capability): boolean {
    return capabilities.value.has(capability);
  }

  /** Tree options for a picker; a node whose parent is not visible becomes a root. */
  const tree = computed<OrganisationTreeOption[]>(() => {
    const options = new Map<string, OrganisationTreeOption>();
    for (const org of list.value) options.set(org.id, { key: org.id, label: org.name });
    const roots: OrganisationTreeOption[] = [];
    for (const org of list.value) {
      const option = options.get(org.id) as OrganisationTreeOption;
      const parent = org.parentId ? options.get(org.parentId) : undefined;
      if (parent) (parent.children ??= []).push(option);
      else roots.push(option);
    }
    return roots;
  });

  /** The ids of an organisation and everything below it. */
  function subtreeIds(rootId: string): string[] {
    const ids = [rootId];
    for (let i = 0; i < ids.length; i++) for (const org of list.value) if (org.parentId === ids[i]) ids.push(org.id);
    return ids;
  }

  async function load(me: Me): Promise<void> {
    loading.value = true;
    try {
      list.value = treeOrder(await orgsApi.list());
    } catch (error) {
      // If the tree cannot be loaded, the memberships still let the user work.
      if (!(error instanceof ApiError) || error.status === 401) throw error;
      list.value = orgsFromMemberships(me);
    } finally {
      loading.value = false;
    }
    const remembered = localStorage.getItem(REMEMBER_KEY);
    if (remembered && byId.value.has(remembered)) currentId.value = remembered;
    else currentId.value = firstWorkplace(me, byId.value) ?? list.value[0]?.id ?? null;
  }

  /**
   * Reads the tree again after it changed (an organisation created, renamed, moved, archived):
   * the switcher shows the new names and no archived organisation. The one the user works in
   * stays chosen while it is still there.
   */
  async function refresh(): Promise<void> {
    list.value = treeOrder(await orgsApi.list());
    if (currentId.value !== null && !byId.value.has(currentId.value)) currentId.value = list.value[0]?.id ?? null;
  }

  function select(orgId: string): void {
    if (!byId.value.has(orgId)) return;
    currentId.value = orgId;
    localStorage.setItem(REMEMBER_KEY, orgId);
  }

  function reset(): void {
    list.value = [];
    currentId.value = null;
  }

  return { list, currentId, current, loading, byId, timeZone, capabilities, can, tree, subtreeIds, load, refresh, select, reset };
});
