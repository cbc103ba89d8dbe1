import { computed, ref } from 'vue';
import { orgsApi } from '../../../api/orgs.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { useOrgsStore } from '../../../stores/orgs.js';

/**
 * The current organisation's "count only confirmed items" setting: shown to everyone, changed by
 * those the server lets administer the organisation (`org.admin`). The organisation the server
 * answers replaces the one in the store, so every screen sees the new setting and version.
 */
export function useConfirmedOnly() {
  const orgs = useOrgsStore();
  const notify = useNotify();
  const saving = ref(false);
  const enabled = computed(() => orgs.current?.countOnlyConfirmed ?? false);
  const editable = computed(() => orgs.can('org.admin'));

  async function set(next: boolean): Promise<void> {
    const org = orgs.current;
    if (!org || !editable.value || next === org.countOnlyConfirmed) return;
    saving.value = true;
    try {
      const updated = await orgsApi.update(org.id, org.version, { countOnlyConfirmed: next });
      orgs.list = orgs.list.map((o) => (o.id === updated.id ? updated : o));
      notify.success(i18n.global.t('evidence.settingSaved'));
    } catch (error) {
      notify.error(error);
    } finally {
      saving.value = false;
    }
  }

  return { enabled, editable, saving, set };
}
