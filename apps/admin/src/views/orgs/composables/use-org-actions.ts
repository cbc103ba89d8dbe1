import { ref } from 'vue';
import type { CreateOrganisationBody } from '@ritm/contracts/orgs';
import { orgsApi, type OrganisationPatch } from '../../../api/orgs.js';
import type { Organisation } from '../../../api/types.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { changeError, type ChangeError } from './api-error.js';

/**
 * Changes to the tree: create a child, rename, move, archive and unarchive, and the profile's
 * save. After each, the screen's tree (`reload`) and the app's organisation switcher are read
 * again, so both show what the server now holds. A failure keeps the API's own, translated
 * words in `error`, for the screen to show beside the form.
 */
export function useOrgActions(reload: () => Promise<void>) {
  const orgs = useOrgsStore();
  const notify = useNotify();
  const busy = ref(false);
  const error = ref<ChangeError | null>(null);

  async function run<T>(change: () => Promise<T>, done: string): Promise<T | undefined> {
    busy.value = true;
    error.value = null;
    try {
      const result = await change();
      await Promise.all([reload(), orgs.refresh()]);
      notify.success(i18n.global.t(done));
      return result;
    } catch (failure) {
      error.value = changeError(failure);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return {
    busy,
    error,
    clearError: () => (error.value = null),
    createChild: (parent: Organisation, body: Omit<CreateOrganisationBody, 'parentId'>) =>
      run(() => orgsApi.create({ ...body, parentId: parent.id }), 'orgAdmin.created'),
    update: (org: Organisation, patch: OrganisationPatch) => run(() => orgsApi.update(org.id, org.version, patch), 'orgAdmin.saved'),
    move: (org: Organisation, parentId: string) => run(() => orgsApi.update(org.id, org.version, { parentId }), 'orgAdmin.moved'),
    setArchived: (org: Organisation, archived: boolean) =>
      run(() => orgsApi.archive(org.id, org.version, archived), archived ? 'orgAdmin.archived' : 'orgAdmin.unarchived'),
  };
}
