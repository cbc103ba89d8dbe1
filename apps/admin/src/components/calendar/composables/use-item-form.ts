import { computed, reactive, ref, shallowRef, watch } from 'vue';
import { ItemCreate as ItemCreateSchema } from '@ritm/contracts/items';
import { issueParams, type Issue } from '@ritm/domain/issue';
import { checkDoneNotInFuture } from '@ritm/domain/evidence';
import { ITEM_KINDS, ITEM_STATUSES, isEventKind, statusClass } from '@ritm/domain/item';
import { isLocalDate, parseInstant } from '@ritm/domain/local-date';
import { validatePlanItem } from '@ritm/domain/plan-ops';
import { ApiError } from '../../../api/client.js';
import type { Audience, Channel, ItemCreate, ItemPatch, KeyMessage, MediaPlan, Member, PlanItem } from '../../../api/types.js';
import { errorText } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { type NormEffect, type PreviewItem, toDomainItem } from '../../../lib/compliance.js';
import { integerProblem, problemText, textProblem } from '../../../lib/contract-rules.js';
import { itemDay, itemTime, shortDate, wallTimeToInstant } from '../../../lib/dates.js';

/** The drawer's fields: what the user edits, in the shapes the inputs give. */
export interface ItemDraft {
  title: string;
  kind: string;
  status: PlanItem['status'];
  date: string | null;
  time: string | null;
  channelIds: string[];
  audienceIds: string[];
  keyMessageIds: string[];
  responsibleId: string | null;
  newsHook: string;
  format: string;
  planId: string | null;
  url: string;
  views: number | null;
  likes: number | null;
  reposts: number | null;
  comments: number | null;
  notes: string;
}

/** The reach of a publication, as the contract counts it. */
export const REACH_FIELDS = ['views', 'likes', 'reposts', 'comments'] as const;

export type ItemFormErrors = Partial<Record<keyof ItemDraft | 'form', string>>;

/** What the form needs to know besides the draft. */
export interface ItemFormContext {
  /** The item being edited, or null for a new one. */
  item: PlanItem | null;
  defaultDate: string;
  timeZone: string;
  channels: readonly Channel[];
  plans: readonly MediaPlan[];
}

/** The id a new item's draft is previewed under (no saved item has it). */
export const DRAFT_ID = '__draft__';

export function blankDraft(date: string): ItemDraft {
  return { title: '', kind: 'post', status: 'planned', date, time: null, channelIds: [], audienceIds: [], keyMessageIds: [], responsibleId: null, newsHook: '', format: '', planId: null, url: '', views: null, likes: null, reposts: null, comments: null, notes: '' };
}

export function draftOf(item: PlanItem, timeZone: string): ItemDraft {
  return {
    title: item.title,
    kind: item.kind,
    status: item.status,
    date: itemDay(item.at, timeZone),
    time: itemTime(item.at, timeZone) || null,
    channelIds: [...item.channelIds],
    audienceIds: [...item.audienceIds],
    keyMessageIds: [...item.keyMessageIds],
    responsibleId: item.responsibleId,
    newsHook: item.newsHook ?? '',
    format: item.format ?? '',
    planId: item.planId,
    url: item.url ?? '',
    views: item.views ?? null,
    likes: item.likes ?? null,
    reposts: item.reposts ?? null,
    comments: item.comments ?? null,
    notes: item.notes ?? '',
  };
}

/** The `at` a draft stands for; an unchanged date and time keeps the item's own form (e.g. an instant). */
export function draftAt(draft: ItemDraft, context: Pick<ItemFormContext, 'item' | 'defaultDate' | 'timeZone'>): string {
  const date = draft.date ?? context.defaultDate;
  const { item, timeZone } = context;
  if (item && itemDay(item.at, timeZone) === date && (itemTime(item.at, timeZone) || null) === draft.time) return item.at;
  // The API takes a date or an instant: a time of day is the organisation's wall clock.
  return draft.time ? wallTimeToInstant(date, draft.time, timeZone) : date;
}

/** The request body a draft stands for. */
export function toItemCreate(draft: ItemDraft, context: Pick<ItemFormContext, 'item' | 'defaultDate' | 'timeZone'>): ItemCreate {
  return {
    title: draft.title.trim(),
    kind: draft.kind,
    status: draft.status,
    at: draftAt(draft, context),
    channelIds: draft.channelIds,
    audienceIds: draft.audienceIds,
    keyMessageIds: draft.keyMessageIds,
    responsibleId: draft.responsibleId,
    newsHook: draft.newsHook,
    format: draft.format,
    planId: draft.planId || null,
    url: draft.url.trim() || null,
    views: draft.views,
    likes: draft.likes,
    reposts: draft.reposts,
    comments: draft.comments,
    notes: draft.notes,
  };
}

/** Two values of one body field are the same: ids as sets (their order means nothing), `at` as the day or moment it names. */
function sameValue(key: string, a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && new Set([...a, ...b]).size === a.length;
  if (key === 'at' && typeof a === 'string' && typeof b === 'string' && !isLocalDate(a) && !isLocalDate(b)) return parseInstant(a) === parseInstant(b);
  return (a ?? null) === (b ?? null);
}

/**
 * Only what the user changed: the fields of `after` that differ from `before`, the item as the form
 * loaded it. Saving, and "apply mine on top" after a conflict, send no more than this, so a field
 * someone else changed meanwhile stays theirs.
 *
 * @example itemChanges(toItemCreate(draftOf(item, tz), ctx), toItemCreate({ ...draftOf(item, tz), title: 'Новый' }, ctx)) // { title: 'Новый' }
 */
export function itemChanges(before: ItemCreate, after: ItemCreate): ItemPatch {
  const was = before as Record<string, unknown>;
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => !sameValue(key, was[key], value))) as ItemPatch;
}

/** The item the norms would see if the body were saved: the one mapping the preview needs. */
export function toPreviewItem(body: ItemCreate, id: string): PreviewItem {
  return { id, kind: body.kind, title: body.title, status: body.status ?? 'planned', at: body.at, channelIds: body.channelIds ?? [] };
}

/**
 * A domain issue in the UI language, from its code (locales `issue.<code>`): lists joined, dates
 * as the user reads them; `values` replaces a parameter by what the user knows it as (a channel's
 * name for its id).
 *
 * @example issueText(issue('at', 'outside_plan_period', { start: '2026-11-01', end: '2026-11-30' })) // 'Дата вне периода плана (01.11.2026 – 30.11.2026)'
 */
export function issueText(found: Issue, values: Readonly<Record<string, string>> = {}): string {
  const shown = (value: unknown) => (Array.isArray(value) ? value.join(', ') : isLocalDate(value) ? shortDate(value) : value);
  const params = Object.fromEntries(Object.entries(issueParams(found)).map(([name, value]) => [name, shown(value)]));
  return i18n.global.t(`issue.${found.code}`, { ...params, ...values });
}

/** The form field a domain issue's path names (`channels[1]` is the channels select). */
const FIELD_OF_ISSUE: Partial<Record<string, keyof ItemDraft>> = { at: 'date', status: 'status', channels: 'channelIds' };

/** A reach count or the link checked by the contract's own field. */
function evidenceErrors(draft: ItemDraft): ItemFormErrors {
  const fields = ItemCreateSchema.properties;
  const e: ItemFormErrors = {};
  if (draft.url.trim()) e.url = problemText(textProblem(fields.url, draft.url.trim()), 'item.badUrl');
  for (const key of REACH_FIELDS) {
    const value = draft[key];
    if (value !== null) e[key] = problemText(integerProblem(fields[key], value), 'itemForm.badCount');
  }
  return Object.fromEntries(Object.entries(e).filter(([, text]) => text)) as ItemFormErrors;
}

/**
 * What is wrong with a draft, field by field, in the UI language: the contract's schema decides
 * the fields' shapes (title, kind, link, reach), the domain's `validatePlanItem` the rules between
 * them (a kind's channels, `held` for events, the plan's period).
 */
export function validateDraft(draft: ItemDraft, context: ItemFormContext, now: number = Date.now()): ItemFormErrors {
  const { t } = i18n.global;
  const fields = ItemCreateSchema.properties;
  const e: ItemFormErrors = evidenceErrors(draft);
  const set = (key: keyof ItemDraft, text: string | undefined) => text && (e[key] = text);
  set('title', problemText(textProblem(fields.title, draft.title.trim()), 'item.required'));
  set('kind', draft.kind ? problemText(textProblem(fields.kind, draft.kind), 'item.badKind') : t('item.required'));
  if (!draft.date) e.date = t('item.required');
  if (e.kind || !draft.date) return e;

  const plan = context.plans.find((p) => p.id === draft.planId);
  const period = plan ? { start: plan.periodStart, end: plan.periodEnd } : undefined;
  const body = toItemCreate(draft, context);
  // `published`/`held` is a fact: the API's own rule (`@ritm/domain/evidence`) refuses a day or time still to come.
  if (checkDoneNotInFuture({ status: body.status ?? 'planned', at: body.at }, { timeZone: context.timeZone, now }).length > 0) e.status = t('itemForm.doneInFuture');
  const item = toDomainItem(toPreviewItem(body, context.item?.id ?? DRAFT_ID));
  const issues = validatePlanItem(item, { channels: context.channels.map((c) => ({ id: c.id, type: c.type })), timeZone: context.timeZone, ...(period && { period }) });
  for (const found of issues) {
    const field = FIELD_OF_ISSUE[found.path.split(/[.[]/)[0] ?? ''];
    // A channel the organisation does not list is the server's to refuse.
    if (field === undefined || found.code === 'unknown_channel') continue;
    const channel = found.code === 'kind_cannot_go_on_channel' ? context.channels.find((c) => c.id === found.params.channel) : undefined;
    e[field] ??= issueText(found, channel ? { channel: channel.name } : {});
  }
  return e;
}

const FIELD_OF: Record<string, keyof ItemDraft> = { at: 'date', channelIds: 'channelIds', responsibleId: 'responsibleId' };

/** A refused save as form errors: each field's message beside it, the rest above the form. */
export function errorsFromApi(error: unknown, draft: ItemDraft): ItemFormErrors {
  if (!(error instanceof ApiError) || !error.details.length) return { form: errorText(error) };
  const e: ItemFormErrors = {};
  for (const d of error.details) {
    const field = d.path.replace(/^body\./, '').split(/[.[]/)[0] ?? '';
    const key = (FIELD_OF[field] ?? field) as keyof ItemDraft;
    if (key in draft) e[key] = d.message;
    else e.form = d.message;
  }
  return { form: errorText(error), ...e };
}

/**
 * What the drawer saves: a new item's whole body, or only the changed fields of an existing one.
 */
export interface ItemSave {
  (body: ItemCreate, item: null): Promise<void>;
  (changes: ItemPatch, item: PlanItem): Promise<void>;
}

/** The drawer's inputs (its props). */
export interface ItemFormProps extends ItemFormContext {
  show: boolean;
  editable: boolean;
  audiences: readonly Audience[];
  keyMessages: readonly KeyMessage[];
  members: readonly Member[];
  effect: (draft: PreviewItem) => NormEffect[];
  save: ItemSave;
  remove: (item: PlanItem) => Promise<void>;
}

/** The item drawer's form: a fresh draft each time it opens, its options, checks, preview and saving. */
export function useItemForm(props: ItemFormProps) {
  const { t, te } = i18n.global;
  const draft = reactive<ItemDraft>(blankDraft(props.defaultDate));
  const errors = ref<ItemFormErrors>({});
  const saving = ref(false);
  /** The item as the form loaded it, in the body's shape: what a save compares the draft with. */
  const loaded = shallowRef<ItemCreate | null>(null);

  watch(
    () => [props.show, props.item, props.defaultDate] as const,
    ([show]) => {
      if (!show) return;
      Object.assign(draft, props.item ? draftOf(props.item, props.timeZone) : blankDraft(props.defaultDate));
      loaded.value = props.item ? toItemCreate(draftOf(props.item, props.timeZone), props) : null;
      errors.value = {};
    },
    { immediate: true },
  );

  const label = (prefix: string, key: string) => (te(`${prefix}.${key}`) ? t(`${prefix}.${key}`) : key);
  const options = {
    kinds: computed(() => [...new Set<string>([...ITEM_KINDS, ...(props.item ? [props.item.kind] : [])])].map((k) => ({ value: k, label: label('kind', k) }))),
    statuses: computed(() => ITEM_STATUSES.filter((s) => (isEventKind(draft.kind) ? s !== 'published' : s !== 'held')).map((s) => ({ value: s, label: t(`itemStatus.${s}`) }))),
    channels: computed(() => props.channels.map((c) => ({ value: c.id, label: `${c.name} (${label('channelType', c.type)})` }))),
    audiences: computed(() => props.audiences.map((a) => ({ value: a.id, label: a.name }))),
    messages: computed(() => props.keyMessages.map((m) => ({ value: m.id, label: m.text }))),
    members: computed(() => props.members.map((m) => ({ value: m.userId, label: m.name || m.email }))),
    // The plans the date falls in; archived plans take no new items.
    plans: computed(() => [
      { value: '', label: t('item.noPlan') },
      ...props.plans
        .filter((p) => p.status !== 'archived' && (!draft.date || (draft.date >= p.periodStart && (!p.periodEnd || draft.date <= p.periodEnd))))
        .map((p) => ({ value: p.id, label: p.title })),
    ]),
  };
  /** Published or held, or evidence already given: the link and the reach are shown (nothing entered is hidden). */
  const evidenceShown = computed(() => statusClass(draft.status) === 'done' || draft.url !== '' || REACH_FIELDS.some((key) => draft[key] !== null));
  const body = () => toItemCreate(draft, props);
  const effects = computed<NormEffect[]>(() => (props.show && draft.date ? props.effect(toPreviewItem(body(), props.item?.id ?? DRAFT_ID)) : []));

  function validate(): boolean {
    errors.value = validateDraft(draft, props);
    return Object.keys(errors.value).length === 0;
  }

  async function submit(): Promise<void> {
    if (!props.editable || !validate()) return;
    saving.value = true;
    try {
      if (props.item && loaded.value) await props.save(itemChanges(loaded.value, body()), props.item);
      else await props.save(body(), null);
    } catch (error) {
      errors.value = errorsFromApi(error, draft);
    } finally {
      saving.value = false;
    }
  }

  async function remove(): Promise<void> {
    if (!props.item) return;
    try {
      await props.remove(props.item);
    } catch (error) {
      errors.value = { form: errorText(error) };
    }
  }

  const fieldStatus = (key: keyof ItemDraft) => (errors.value[key] ? 'error' : undefined);
  return { draft, errors, saving, options, evidenceShown, effects, submit, remove, fieldStatus };
}
