import { computed, reactive, ref, shallowRef, watch, type Ref } from 'vue';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditChanges, type AuditAction, type AuditEntity } from '@ritm/domain/audit';
import { ApiError } from '../../../api/client.js';
import { auditApi } from '../../../api/compliance.js';
import { orgsApi } from '../../../api/orgs.js';
import type { AuditEntry } from '../../../api/types.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { formatInstant, shortDate } from '../../../lib/dates.js';
import { vocabularyLabel } from '../../../lib/vocabulary.js';

const PAGE = 50;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export interface AuditFilters {
  userId: string | null;
  entity: AuditEntity | null;
  action: AuditAction | null;
  /** Local dates, inclusive; both or neither. */
  range: [string, string] | null;
}

/** One changed field as the screen shows it: its name and both values in words. */
export interface ShownChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** A field's name in the UI language, or the field as it is spelt when the log records one we do not name. */
export const fieldLabel = (field: string): string => vocabularyLabel('auditLog.fields', field);

/**
 * A recorded value in words: a name for an id the page names, dates in the organisation's zone,
 * yes/no, lists joined; «—» for nothing. Objects (a norm's definition) as `key: value` pairs.
 */
export function valueText(value: unknown, names: Readonly<Record<string, string>>, timeZone: string, locale: string): string {
  const { t } = i18n.global;
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'auditLog.yes' : 'auditLog.no');
  if (typeof value === 'number') return value.toLocaleString(locale);
  if (typeof value === 'string') {
    const named = names[value.toLowerCase()];
    if (named !== undefined) return named;
    if (LOCAL_DATE.test(value)) return shortDate(value);
    if (INSTANT.test(value)) return formatInstant(value, timeZone, locale);
    return value;
  }
  if (Array.isArray(value)) return value.length ? value.map((v) => valueText(v, names, timeZone, locale)).join(', ') : '—';
  return Object.entries(value as Record<string, unknown>)
    .map(([key, v]) => `${fieldLabel(key)}: ${valueText(v, names, timeZone, locale)}`)
    .join('; ');
}

/** The fields an entry changed, before → after, in words. */
export function shownChanges(entry: Pick<AuditEntry, 'before' | 'after'>, names: Readonly<Record<string, string>>, timeZone: string, locale: string): ShownChange[] {
  return auditChanges(entry.before, entry.after).map(({ field, before, after }) => ({
    field,
    label: fieldLabel(field),
    before: valueText(before, names, timeZone, locale),
    after: valueText(after, names, timeZone, locale),
  }));
}

/**
 * The audit log of an organisation's subtree: filters by person, kind of record, action and local
 * dates (each change reloads the first page), «more» for older pages, the names of the records
 * the entries mention, and whether the server refused (403: the screen says "no access").
 */
export function useAuditLog(orgId: Ref<string>) {
  const notify = useNotify();
  const filters = reactive<AuditFilters>({ userId: null, entity: null, action: null, range: null });
  const entries = shallowRef<AuditEntry[]>([]);
  const names = shallowRef<Record<string, string>>({});
  const next = ref<string | null>(null);
  const loading = ref(false);
  const denied = ref(false);
  const members = shallowRef<{ userId: string; name: string }[]>([]);
  let generation = 0;

  const query = (before?: string) => ({
    limit: PAGE,
    ...(filters.userId && { userId: filters.userId }),
    ...(filters.entity && { entity: filters.entity }),
    ...(filters.action && { action: filters.action }),
    ...(filters.range && { from: filters.range[0], to: filters.range[1] }),
    ...(before && { before }),
  });

  async function load(before?: string): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const page = await auditApi.list(orgId.value, query(before));
      if (mine !== generation) return;
      entries.value = before ? [...entries.value, ...page.entries] : page.entries;
      names.value = before ? { ...names.value, ...page.names } : page.names;
      next.value = page.nextBefore;
      denied.value = false;
    } catch (error) {
      if (mine !== generation) return;
      if (error instanceof ApiError && error.status === 403) denied.value = true;
      else notify.error(error);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function loadPeople(): Promise<void> {
    try {
      const list = await orgsApi.members(orgId.value);
      members.value = list.map((m) => ({ userId: m.userId, name: m.name || m.email }));
    } catch {
      // The people filter then offers those the log shows: the log itself says what went wrong.
    }
  }

  /** Members of the organisation and everyone the loaded entries name, each once, by name. */
  const people = computed(() => {
    const seen = new Map(members.value.map((m) => [m.userId, m.name]));
    for (const e of entries.value) if (e.user && !seen.has(e.user.id)) seen.set(e.user.id, e.user.name || e.user.email);
    return [...seen].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  });
  const entityOptions = computed(() => AUDIT_ENTITIES.map((value) => ({ value, label: vocabularyLabel('auditLog.entities', value) })));
  const actionOptions = computed(() => AUDIT_ACTIONS.map((value) => ({ value, label: vocabularyLabel('auditLog.actions', value) })));

  watch(filters, () => void load(), { deep: true });

  async function open(): Promise<void> {
    await load();
    if (!denied.value) await loadPeople();
  }

  return { filters, entries, names, next, loading, denied, people, entityOptions, actionOptions, open, more: () => load(next.value ?? undefined) };
}
