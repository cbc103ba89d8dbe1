import { reactive, ref } from 'vue';
import { Password } from '@ritm/contracts/users';
import { ApiError } from '../../../api/client.js';
import { errorText } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { useSessionStore } from '../../../stores/session.js';

/** The contract's bound, not a copy of it. */
const MIN_LENGTH = (Password as { minLength?: number }).minLength ?? 8;

/**
 * Choosing one's own password instead of the temporary one an administrator handed over (issue
 * 16). The temporary password is prefilled when the user has just signed in with it.
 */
export function usePasswordChange() {
  const { t } = i18n.global;
  const session = useSessionStore();
  const form = reactive({ current: session.temporaryPassword ?? '', next: '', repeat: '' });
  const errors = ref<{ current?: string; next?: string; repeat?: string }>({});
  const failure = ref('');
  const busy = ref(false);

  /** Saves the new password; true when it was accepted. */
  async function submit(): Promise<boolean> {
    errors.value = {
      ...(form.current ? {} : { current: t('auth.passwordRequired') }),
      ...(form.next.length >= MIN_LENGTH ? {} : { next: t('people.passwordTooShort') }),
      ...(form.next === form.repeat ? {} : { repeat: t('people.passwordsDiffer') }),
    };
    if (Object.keys(errors.value).length > 0) return false;
    busy.value = true;
    failure.value = '';
    try {
      await session.changePassword(form.current, form.next);
      return true;
    } catch (error) {
      failure.value = error instanceof ApiError && error.status === 403 ? error.message : errorText(error);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { form, errors, failure, busy, submit };
}
