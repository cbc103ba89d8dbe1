import { ref, shallowRef, type Ref } from 'vue';
import { useNotify } from './use-notify.js';

/**
 * Loads something of the current organisation with loading and error state,
 * for the screens that do not keep it in a store.
 */
export function useOrgResource<T>(load: () => Promise<T>, initial: T): { data: Ref<T>; loading: Ref<boolean>; failed: Ref<boolean>; reload: () => Promise<void> } {
  const data = shallowRef(initial) as Ref<T>;
  const loading = ref(false);
  const failed = ref(false);
  const notify = useNotify();
  async function reload(): Promise<void> {
    loading.value = true;
    failed.value = false;
    try {
      data.value = await load();
    } catch (error) {
      failed.value = true;
      notify.error(error);
    } finally {
      loading.value = false;
    }
  }
  return { data, loading, failed, reload };
}
