import { computed, reactive, ref } from 'vue';
import { AudienceCreate } from '@ritm/contracts/audiences';
import { ChannelCreate } from '@ritm/contracts/channels';
import type { Created } from '@ritm/contracts/common';
import { KeyMessageCreate } from '@ritm/contracts/key-messages';
import { audiencesApi, channelsApi, keyMessagesApi } from '../../../api/catalog.js';
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
export interface CatalogueSpec<T extends { id: string; version: number }, F extends object, C, P> {
  api: {
    create: (orgId: string, body: C) => Promise<Created>;
    update: (orgId: string, entry: T, patch: P) => Promise<T>;
    remove: (orgId: string, entry: T) => Promise<void>;
  };
  blank: () => F;
  /** What an add clears; the rest stays for the next one (a channel's type, a message's priority). */
  clearAfterAdd: readonly (keyof F)[];
  checks: readonly TextCheck<F>[];
  toCreate: (form: F) => C;
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
};

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
export function useCatalogue<T extends { id: string; version: number }, F extends object, C, P>(spec: CatalogueSpec<T, F, C, P>) {
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

  async function remove(entry: T): Promise<void> {
    try {
      await spec.api.remove(orgId.value, entry);
      await reload();
    } catch (error) {
      notify.error(error);
    }
  }

  return { form, errors, add, update, remove, canEdit: computed(() => orgs.can('catalogue.edit')), loading: computed(() => catalog.loading) };
}
