import { computed, ref } from 'vue';
import { orgsApi } from '../../../api/orgs.js';
import type { Organisation } from '../../../api/types.js';
import { useNotify } from '../../../composables/use-notify.js';

/** One line of the indented tree: the organisation, how deep it is shown, and whether it folds. */
export interface TreeRow {
  org: Organisation;
  /** 0 for a root the user sees (an organisation whose parent they cannot see is one). */
  level: number;
  hasChildren: boolean;
  expanded: boolean;
}

/**
 * The organisations as an indented list, parents before children and siblings by name, without
 * the subtrees of collapsed ones.
 *
 * @example treeRows([region, centre], new Set(['region'])) // [{ org: region, level: 0, hasChildren: true, expanded: false }]
 */
export function treeRows(orgs: readonly Organisation[], collapsed: ReadonlySet<string>): TreeRow[] {
  const ids = new Set(orgs.map((o) => o.id));
  const children = new Map<string | null, Organisation[]>();
  for (const org of orgs) {
    const parent = org.parentId !== null && ids.has(org.parentId) ? org.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), org]);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  const rows: TreeRow[] = [];
  const walk = (parent: string | null, level: number) => {
    for (const org of children.get(parent) ?? []) {
      const hasChildren = children.has(org.id);
      const expanded = hasChildren && !collapsed.has(org.id);
      rows.push({ org, level, hasChildren, expanded });
      if (expanded) walk(org.id, level + 1);
    }
  };
  walk(null, 0);
  return rows;
}

/** The ids of an organisation and every one below it in a list. */
export function subtreeOf(orgs: readonly Organisation[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const org of orgs) {
      if (org.parentId !== null && ids.has(org.parentId) && !ids.has(org.id)) {
        ids.add(org.id);
        grew = true;
      }
    }
  }
  return ids;
}

/**
 * Where an organisation may be moved: anywhere the server lets the user administer, outside
 * its own subtree, not archived, and not where it is already. The API checks all of it again.
 */
export function moveTargets(orgs: readonly Organisation[], org: Organisation): Organisation[] {
  const own = subtreeOf(orgs, org.id);
  return orgs.filter((o) => !own.has(o.id) && o.id !== org.parentId && !o.inArchive && o.capabilities.includes('org.admin'));
}

/**
 * The organisations screen's tree: every organisation the user sees, archived ones when asked,
 * folded where the user folded it, and the one chosen.
 */
export function useOrgTree() {
  const notify = useNotify();
  const orgs = ref<Organisation[]>([]);
  const showArchived = ref(false);
  const collapsed = ref(new Set<string>());
  const selectedId = ref<string | null>(null);
  const loading = ref(false);

  const rows = computed(() => treeRows(orgs.value, collapsed.value));
  const selected = computed(() => orgs.value.find((o) => o.id === selectedId.value) ?? null);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      orgs.value = await orgsApi.list({ includeArchived: showArchived.value });
      if (selectedId.value !== null && !orgs.value.some((o) => o.id === selectedId.value)) selectedId.value = null;
      selectedId.value ??= rows.value[0]?.org.id ?? null;
    } catch (error) {
      notify.error(error);
    } finally {
      loading.value = false;
    }
  }

  function toggle(id: string): void {
    const next = new Set(collapsed.value);
    if (!next.delete(id)) next.add(id);
    collapsed.value = next;
  }

  async function setShowArchived(value: boolean): Promise<void> {
    showArchived.value = value;
    await load();
  }

  return { orgs, rows, selected, selectedId, showArchived, loading, load, toggle, setShowArchived };
}
