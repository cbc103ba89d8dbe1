import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { ApiError } from '../api/client.js';
import { complianceApi, exemptionsApi, normsApi } from '../api/compliance.js';
import { itemsApi } from '../api/items.js';
import { auditApi } from '../api/compliance.js';
import type { Compliance, EffectiveNorm, Exemption, ItemCreate, ItemPatch, PlanItem } from '../api/types.js';
import { loadSpan } from '../lib/compliance.js';
import { readAfterChanges } from '../lib/read-after-changes.js';
import { type CalendarView, viewPeriod } from '../lib/dates.js';

/** A save refused because someone else changed the item first: both sides are kept. */
export interface VersionConflict {
  mine: ItemPatch;
  theirs: PlanItem | null;
  /** Who saved the version on the server (the item names them; else the audit log, when it may be read). */
  by: string | null;
  /** When the server's version was saved (an instant). */
  at: string | null;
  itemId: string;
}

export interface CalendarFilters {
  channels: string[];
  kinds: string[];
  audiences: string[];
  statuses: string[];
  responsible: string[];
}

function emptyFilters(): CalendarFilters {
  return { channels: [], kinds: [], audiences: [], statuses: [], responsible: [] };
}

async function optional<T>(load: Promise<T>, fallback: T): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return fallback;
    throw error;
  }
}

/** The calendar: what is planned in the visible period, the norms judged over it, and edits. */
export const useCalendarStore = defineStore('calendar', () => {
  const orgId = ref<string | null>(null);
  const view = ref<CalendarView>('week');
  const anchor = ref<string>('');
  const items = shallowRef<PlanItem[]>([]);
  const norms = ref<EffectiveNorm[]>([]);
  const exemptions = ref<Exemption[]>([]);
  /** The server's judgement of the loaded items; null while it is being recomputed after an edit. */
  const serverCompliance = shallowRef<Compliance | null>(null);
  const loading = ref(false);
  const error = ref<ApiError | null>(null);
  const conflict = ref<VersionConflict | null>(null);
  /** "Apply mine on top" is being saved: the conflict stays shown until the server has it. */
  const settling = ref(false);
  const filters = ref<CalendarFilters>(emptyFilters());
  /** The latest load of items (a newer view or organisation makes an older answer stale). */
  let loadToken = 0;
  /** The latest question for the server's judgement: only its answer is shown. */
  let complianceAsked = 0;
  /** Changes made here; a list read while one was saved may predate it, and is read again. */
  let changes = 0;
  /** The "apply mine on top" being saved: only it ends `settling`. */
  let settleToken = 0;

  const period = computed(() => viewPeriod(view.value, anchor.value));
  const span = computed(() => loadSpan({ from: period.value.start, to: period.value.end }, norms.value));

  const filtered = computed(() => {
    const f = filters.value;
    if (!f.channels.length && !f.kinds.length && !f.audiences.length && !f.statuses.length && !f.responsible.length) return items.value;
    return items.value.filter(
      (item) =>
        (!f.channels.length || item.channelIds.some((c) => f.channels.includes(c))) &&
        (!f.kinds.length || f.kinds.includes(item.kind)) &&
        (!f.audiences.length || item.audienceIds.some((a) => f.audiences.includes(a))) &&
        (!f.statuses.length || f.statuses.includes(item.status)) &&
        (!f.responsible.length || (item.responsibleId !== null && f.responsible.includes(item.responsibleId))),
    );
  });

  const activeFilterCount = computed(() => Object.values(filters.value).reduce((n, list: string[]) => n + list.length, 0));

  async function loadNorms(id: string): Promise<void> {
    const [effective, granted] = await Promise.all([optional(normsApi.effective(id), [] as EffectiveNorm[]), optional(exemptionsApi.list(id), [] as Exemption[])]);
    if (orgId.value !== id) return;
    norms.value = effective;
    exemptions.value = granted;
  }

  async function refreshCompliance(): Promise<void> {
    const id = orgId.value;
    if (!id || !anchor.value) return;
    const asked = ++complianceAsked;
    const answer = await optional(complianceApi.get(id, { from: period.value.start, to: period.value.end }), null);
    if (asked === complianceAsked && orgId.value === id) serverCompliance.value = answer;
  }

  /** Loads the items and norms of the organisation around a view. */
  async function load(id: string, nextView: CalendarView, nextAnchor: string): Promise<void> {
    const orgChanged = orgId.value !== id;
    orgId.value = id;
    view.value = nextView;
    anchor.value = nextAnchor;
    const token = ++loadToken;
    loading.value = true;
    error.value = null;
    try {
      if (orgChanged) {
        items.value = [];
        filters.value = emptyFilters();
        await loadNorms(id);
      }
      const range = span.value;
      serverCompliance.value = null;
      // The list is shown as soon as it is read (and known to hold every change made here), not
      // after the judgement: a change landing in between would be taken off the screen.
      await Promise.all([
        listAfterChanges(id, range).then((loaded) => {
          if (token === loadToken) items.value = loaded;
        }),
        refreshCompliance(),
      ]);
    } catch (e) {
      if (token === loadToken) error.value = e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e));
      throw e;
    } finally {
      if (token === loadToken) loading.value = false;
    }
  }

  function put(item: PlanItem): void {
    const list = items.value.slice();
    const i = list.findIndex((x) => x.id === item.id);
    if (i >= 0) list[i] = item;
    else list.push(item);
    items.value = list;
  }

  function drop(id: string): void {
    items.value = items.value.filter((x) => x.id !== id);
  }

  /**
   * After a change here: the server's judgement is asked again (the browser's estimate shows
   * meanwhile), and a list of items being read is read again once it arrives.
   */
  function afterChange(): void {
    changes++;
    serverCompliance.value = null;
    void refreshCompliance().catch(() => undefined);
  }

  /**
   * The items of a range, read again (twice at most) when a change was saved here while they were
   * being read: that answer may not have it yet, and would take it off the screen.
   */
  const listAfterChanges = (id: string, range: { from: string; to: string }): Promise<PlanItem[]> =>
    readAfterChanges(
      () => itemsApi.list(id, range),
      () => changes,
    );

  async function create(body: ItemCreate): Promise<PlanItem> {
    const id = orgId.value as string;
    const created = await itemsApi.create(id, body);
    const item = await itemsApi.get(id, created.id);
    if (orgId.value === id) {
      put(item);
      afterChange();
    }
    return item;
  }

  /** Creates several items in one transaction (all or none), then reloads what the view shows. */
  async function createMany(bodies: ItemCreate[]): Promise<number> {
    const created = await itemsApi.bulkCreate(orgId.value as string, bodies);
    await refreshItems();
    return created.length;
  }

  /** Reloads what the view shows after a change to many items at once (a bulk create, a series). */
  async function refreshItems(): Promise<void> {
    const id = orgId.value as string;
    const token = loadToken;
    const fresh = await listAfterChanges(id, span.value);
    if (token === loadToken && orgId.value === id) items.value = fresh;
    afterChange();
  }

  /**
   * Saves a change based on the item's version. A 409 keeps the change as a
   * conflict with the server's current item, so nothing is silently lost.
   */
  async function update(item: PlanItem, patch: ItemPatch): Promise<PlanItem | null> {
    const id = orgId.value as string;
    try {
      const saved = await itemsApi.update(id, item.id, item.version, patch);
      // Saved; the calendar meanwhile shows another organisation (or was reset at sign-out).
      if (orgId.value !== id) return saved;
      put(saved);
      afterChange();
      return saved;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'version_conflict') {
        const theirs = await itemsApi.get(id, item.id).catch(() => null);
        const by = theirs?.updatedBy?.name || (await lastEditor(id, item.id));
        if (orgId.value === id) conflict.value = { mine: patch, theirs, by, at: theirs?.updatedAt ?? null, itemId: item.id };
        return null;
      }
      throw e;
    }
  }

  /**
   * The name of whoever last changed an item, from the audit log (directors and admins may read
   * it): only for an item that names no last editor, e.g. once that user was deleted.
   */
  async function lastEditor(id: string, itemId: string): Promise<string | null> {
    try {
      const page = await auditApi.list(id, { entity: 'item', limit: 50 });
      const entry = page.entries.find((e) => e.entityId === itemId);
      return entry?.user?.name || entry?.user?.email || null;
    } catch {
      return null;
    }
  }

  /** Takes the server's version of a conflicting item (the user chose to reload). */
  function acceptTheirs(): void {
    if (settling.value) return;
    if (conflict.value?.theirs) put(conflict.value.theirs);
    conflict.value = null;
    afterChange();
  }

  /**
   * Applies my change again on top of the server's version. The conflict is closed only once the
   * server has saved it: a save that fails (offline, 503) leaves my change in the dialog to send
   * again, and a third person saving first replaces the conflict with the newer one.
   */
  async function reapplyMine(): Promise<PlanItem | null> {
    const c = conflict.value;
    if (!c?.theirs || settling.value) return null;
    const mine = ++settleToken;
    settling.value = true;
    try {
      const saved = await update(c.theirs, c.mine);
      if (saved && conflict.value === c) conflict.value = null;
      return saved;
    } finally {
      // A reset meanwhile ended this save's hold; a later one's is not this one's to end.
      if (mine === settleToken) settling.value = false;
    }
  }

  async function remove(item: PlanItem): Promise<void> {
    const id = orgId.value as string;
    await itemsApi.remove(id, item.id, item.version);
    if (orgId.value !== id) return;
    drop(item.id);
    afterChange();
  }

  function resetFilters(): void {
    filters.value = emptyFilters();
  }

  function reset(): void {
    loadToken++;
    complianceAsked++;
    orgId.value = null;
    items.value = [];
    norms.value = [];
    exemptions.value = [];
    serverCompliance.value = null;
    conflict.value = null;
    settleToken++;
    settling.value = false;
    error.value = null;
    filters.value = emptyFilters();
  }

  return {
    orgId,
    view,
    anchor,
    items,
    norms,
    exemptions,
    serverCompliance,
    loading,
    error,
    conflict,
    settling,
    filters,
    period,
    span,
    filtered,
    activeFilterCount,
    load,
    loadNorms,
    refreshCompliance,
    afterChange,
    create,
    createMany,
    refreshItems,
    update,
    acceptTheirs,
    reapplyMine,
    remove,
    put,
    resetFilters,
    reset,
  };
});
