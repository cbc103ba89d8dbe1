import { computed, reactive, ref, shallowRef } from 'vue';
import { AudienceCreate } from '@ritm/contracts/audiences';
import { ChannelCreate } from '@ritm/contracts/channels';
import type { Created } from '@ritm/contracts/common';
import { KeyMessageCreate } from '@ritm/contracts/key-messages';
import { audiencesApi, channelsApi, keyMessagesApi } from '../../../api/catalog.js';
import { ApiError } from '../../../api/client.js';
import { errorText, useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { problemText, textProblem } from '../../../lib/contract-rules.js';
import { useCatalogStore } from '../../../stores/catalog.js';
import { useOrgsStore } from '../../../stores/orgs.js';

/** A text field of the add form, checked with the contract's schema for it. */
interface TextCheck<F> {
  field: keyof F & string;
  schema: unknown;
  /** May be left empty (it is then sent as null or left out). */
  optional?: boolean;
  /** The message for a value of the wrong shape. */
  format?: string;
}

/** One of an organisation's catalogues (channels, audiences, key messages): its API and add form. */
export interface CatalogueSpec<T extends { id: string; version: number }, F extends object, C extends P, P> {
  api: {
    create: (orgId: string, body: C) => Promise<Created>;
    update: (orgId: string, entry: T, patch: P) => Promise<T>;
    remove: (orgId: string, entry: T) => Promise<void>;
  };
  blank: () => F;
  /** What an add clears; the rest stays for the next one (a channel's type, a message's priority). */
  clearAfterAdd: readonly (keyof F)[];
  checks: readonly TextCheck<F>[];
  /** The body of an add, and of an edit: every field the API accepts, from the form. */
  toCreate: (form: F) => C;
  /** An entry's fields in the form, for editing it. */
  fromEntry: (entry: T) => F;
  /** The entries as the catalogue store holds them now. */
  inStore: (catalog: ReturnType<typeof useCatalogStore>) => readonly T[];
}

export const channelCatalogue: CatalogueSpec<Parameters<typeof channelsApi.update>[1], { type: string; name: string; url: string; since: string | null }, ChannelCreate, Parameters<typeof channelsApi.update>[2]> = {
  api: channelsApi,
  blank: () => ({ type: 'vk', name: '', url: '', since: null }),
  clearAfterAdd: ['name', 'url'],
  checks: [
    { field: 'name', schema: ChannelCreate.properties.name },
    { field: 'url', schema: ChannelCreate.properties.url, optional: true, format: 'item.badUrl' },
  ],
  toCreate: (f) => ({ type: f.type, name: f.name.trim(), url: f.url.trim() || null, since: f.since }),
  fromEntry: (c) => ({ type: c.type, name: c.name, url: c.url ?? '', since: c.since }),
  inStore: (catalog) => catalog.channels,
};

export const audienceCatalogue: CatalogueSpec<Parameters<typeof audiencesApi.update>[1], { name: string; description: string }, AudienceCreate, Parameters<typeof audiencesApi.update>[2]> = {
  api: audiencesApi,
  blank: () => ({ name: '', description: '' }),
  clearAfterAdd: ['name', 'description'],
  checks: [
    { field: 'name', schema: AudienceCreate.properties.name },
    { field: 'description', schema: AudienceCreate.properties.description, optional: true },
  ],
  toCreate: (f) => ({ name: f.name.trim(), description: f.description.trim() }),
  fromEntry: (a) => ({ name: a.name, description: a.description }),
  inStore: (catalog) => catalog.audiences,
};

export const keyMessageCatalogue: CatalogueSpec<
  Parameters<typeof keyMessagesApi.update>[1],
  { text: string; priority: number; audienceIds: string[] },
  KeyMessageCreate,
  Parameters<typeof keyMessagesApi.update>[2]
> = {
  api: keyMessagesApi,
  blank: () => ({ text: '', priority: 2, audienceIds: [] }),
  clearAfterAdd: ['text'],
  checks: [{ field: 'text', schema: KeyMessageCreate.properties.text }],
  toCreate: (f) => ({ text: f.text.trim(), priority: f.priority, audienceIds: f.audienceIds }),
  fromEntry: (m) => ({ text: m.text, priority: m.priority, audienceIds: [...m.audienceIds] }),
  inStore: (catalog) => catalog.keyMessages,
};

const isConflict = (error: unknown): boolean => error instanceof ApiError && error.code === 'version_conflict';

/** The errors of an add form: the contract's rule for each checked field, in the UI language. */
export function checkForm<F extends object>(form: F, checks: readonly TextCheck<F>[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const check of checks) {
    const value = String(form[check.field] ?? '').trim();
    if (check.optional && !value) continue;
    const text = problemText(textProblem(check.schema, value), check.format ?? 'errors.validation');
    if (text) errors[check.field] = text;
  }
  return errors;
}

/**
 * A catalogue screen: the current organisation's entries (from the catalogue store, loaded
 * afresh when the screen opens and after each change), an add form, and changes and deletions
 * sent with the entry's version.
 */
export function useCatalogue<T extends { id: string; version: number }, F extends object, C extends P, P>(spec: CatalogueSpec<T, F, C, P>) {
  const orgs = useOrgsStore();
  const catalog = useCatalogStore();
  const notify = useNotify();
  const { t } = i18n.global;
  const orgId = computed(() => orgs.currentId as string);
  const form = reactive(spec.blank()) as F;
  const errors = ref<Record<string, string>>({});

  const reload = () => catalog.load(orgId.value, true);
  reload().catch(notify.error);

  async function add(): Promise<void> {
    errors.value = checkForm(form, spec.checks);
    if (Object.keys(errors.value).length) return;
    try {
      await spec.api.create(orgId.value, spec.toCreate(form));
      const blank = spec.blank();
      for (const key of spec.clearAfterAdd) form[key] = blank[key];
      notify.success(t('app.saved'));
      await reload();
    } catch (error) {
      errors.value = { form: errorText(error) };
    }
  }

  /** A change to one entry (a rename, switching a channel off), based on the version shown. */
  async function update(entry: T, patch: P): Promise<void> {
    try {
      await spec.api.update(orgId.value, entry, patch);
      await reload();
    } catch (error) {
      notify.error(error);
    }
  }

  // ---- Editing one entry: every field, with the version it was shown at ----------------------
  const editing = shallowRef<T | null>(null);
  const editForm = reactive(spec.blank()) as F;
  const editErrors = ref<Record<string, string>>({});
  /** The entry changed since it was shown (409 version_conflict): the screen offers a reload. */
  const stale = ref(false);
  const saving = ref(false);

  function edit(entry: T): void {
    editing.value = entry;
    Object.assign(editForm, spec.fromEntry(entry));
    editErrors.value = {};
    stale.value = false;
  }

  function closeEdit(): void {
    editing.value = null;
    stale.value = false;
  }

  async function save(): Promise<void> {
    const entry = editing.value;
    if (!entry) return;
    editErrors.value = checkForm(editForm, spec.checks);
    if (Object.keys(editErrors.value).length) return;
    saving.value = true;
    try {
      await spec.api.update(orgId.value, entry, spec.toCreate(editForm));
      notify.success(t('app.saved'));
      closeEdit();
      await reload();
    } catch (error) {
      stale.value = isConflict(error);
      editErrors.value = { form: errorText(error) };
    } finally {
      saving.value = false;
    }
  }

  /** Loads the entry as it is now and shows it in the form: what someone else saved, to edit anew. */
  async function reloadEditing(): Promise<void> {
    const entry = editing.value;
    await reload();
    const fresh = spec.inStore(catalog).find((e) => e.id === entry?.id);
    if (fresh) edit(fresh);
    else {
      // Deleted meanwhile: nothing is left to edit.
      closeEdit();
      removeError.value = t('catalogue.gone');
    }
  }

  /** Why the last deletion was refused, shown above the list. */
  const removeError = ref('');

  /**
   * Deletes an entry (the screen has asked first) with the version shown. A refusal is shown as
   * the server words it when it says why (an entry items use: how many), otherwise translated.
   */
  async function remove(entry: T): Promise<void> {
    removeError.value = '';
    try {
      await spec.api.remove(orgId.value, entry);
      notify.success(t('catalogue.deleted'));
      await reload();
    } catch (error) {
      removeError.value = error instanceof ApiError && error.code.endsWith('_in_use') ? error.message : errorText(error);
      // A stale version: the list shows the entry as it is now, to decide again.
      if (isConflict(error)) await reload();
    }
  }

  return { form, errors, add, update, remove, edit, closeEdit, save, reloadEditing, editing, editForm, editErrors, stale, saving, removeError, canEdit: computed(() => orgs.can('catalogue.edit')), loading: computed(() => catalog.loading) };
}
