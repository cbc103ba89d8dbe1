import { computed, reactive, ref } from 'vue';
import type { Candidate } from '@ritm/contracts/users';
import { ROLES } from '@ritm/domain/access';
import { ApiError } from '../../../api/client.js';
import { orgsApi } from '../../../api/orgs.js';
import { peopleApi } from '../../../api/people.js';
import type { Member, Role } from '../../../api/types.js';
import { errorText, useNotify } from '../../../composables/use-notify.js';
import { currentLocale, i18n } from '../../../i18n.js';
import { formatInstant } from '../../../lib/dates.js';
import { useOrgsStore } from '../../../stores/orgs.js';

/** A one-time password to hand over: shown until the administrator closes it, never again. */
export interface Handover {
  email: string;
  password: string;
}

/** The form for a new person: who they are and the first role here. */
interface NewPerson {
  name: string;
  email: string;
  locale: 'ru' | 'en';
  role: Role;
}

/**
 * The errors the People screen shows as the server words them: it names the organisation that
 * would be left without an administrator, or which roles lie beyond the caller's reach.
 */
const SERVER_WORDED = new Set(['last_admin', 'email_taken', 'already_member', 'user_not_found', 'validation']);
export function peopleErrorText(error: unknown): string {
  return error instanceof ApiError && (SERVER_WORDED.has(error.code) || error.status === 403) && error.message ? error.message : errorText(error);
}

/**
 * The People screen of one organisation: who holds a role here (given here or inherited, by whom
 * and when, whether the account is active), giving a role to someone found or new, changing and
 * taking roles, deactivating and resetting passwords. What may be done with each row is what
 * the server said (`may`); nothing is derived from role names here.
 */
export function usePeople(orgId: () => string) {
  const { t } = i18n.global;
  const notify = useNotify();
  const orgs = useOrgsStore();
  const members = ref<Member[]>([]);
  const loading = ref(false);
  const busy = ref(false);
  const handover = ref<Handover | null>(null);
  const formError = ref<string | null>(null);
  const fieldErrors = ref<Record<string, string>>({});
  const candidates = ref<Candidate[]>([]);
  const query = ref('');
  const form = reactive<NewPerson>({ name: '', email: '', locale: 'ru', role: 'editor' });

  const roleOptions = computed(() => [...ROLES].reverse().map((role) => ({ value: role, label: t(`role.${role}`) })));

  async function load(): Promise<void> {
    loading.value = true;
    try {
      members.value = await orgsApi.members(orgId());
    } catch (error) {
      notify.error(error);
    } finally {
      loading.value = false;
    }
  }

  /** Runs a change, reloads the list after it, and words a refusal the way the server did. */
  async function change(action: () => Promise<unknown>, done: string): Promise<boolean> {
    busy.value = true;
    try {
      await action();
      notify.success(done);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') notify.info(t('people.stale'));
      else notify.info(peopleErrorText(error));
      return false;
    } finally {
      busy.value = false;
      await load();
    }
  }

  /** How the row says who gave the role and when; roles from before this was recorded say so. */
  function granted(member: Member): string {
    if (!member.grantedAt) return t('people.grantedUnknown');
    const when = formatInstant(member.grantedAt, orgs.timeZone, currentLocale());
    return member.grantedBy ? t('people.grantedByOn', { name: member.grantedBy.name || member.grantedBy.email, date: when }) : t('people.grantedOn', { date: when });
  }

  function status(member: Member): { label: string; tone: 'success' | 'warning' | 'error' } {
    if (!member.active) return { label: t('people.status.inactive'), tone: 'error' };
    if (member.mustChangePassword) return { label: t('people.status.invited'), tone: 'warning' };
    return { label: t('people.status.active'), tone: 'success' };
  }

  let searched = 0;
  async function search(text: string): Promise<void> {
    query.value = text;
    const asked = ++searched;
    try {
      const found = await peopleApi.candidates(orgId(), text.trim());
      if (asked === searched) candidates.value = found;
    } catch (error) {
      if (asked === searched) notify.error(error);
    }
  }

  const giveRole = (candidate: Candidate, role: Role) =>
    change(() => peopleApi.giveRole(orgId(), candidate.email, role), t('people.roleGiven', { name: candidate.name || candidate.email }));

  /** Creates the person with their first role here; the temporary password is kept for the handover. */
  async function create(): Promise<boolean> {
    formError.value = null;
    fieldErrors.value = {};
    if (!form.email.trim()) {
      fieldErrors.value = { email: t('people.emailRequired') };
      return false;
    }
    busy.value = true;
    try {
      const created = await peopleApi.create({ email: form.email.trim(), name: form.name.trim(), locale: form.locale, orgId: orgId(), role: form.role });
      if (created.temporaryPassword) handover.value = { email: created.email, password: created.temporaryPassword };
      Object.assign(form, { name: '', email: '', role: 'editor' });
      notify.success(t('people.created'));
      await load();
      return true;
    } catch (error) {
      if (error instanceof ApiError) {
        for (const field of ['email', 'name', 'role']) {
          const text = error.detailFor(field);
          if (text) fieldErrors.value[field] = text;
        }
      }
      formError.value = peopleErrorText(error);
      return false;
    } finally {
      busy.value = false;
    }
  }

  const changeRole = (member: Member, role: Role) =>
    change(() => peopleApi.changeRole(orgId(), member.userId, role, member.version), t('people.roleChanged'));
  const takeRole = (member: Member) => change(() => peopleApi.takeRole(orgId(), member.userId, member.version), t('people.roleTaken'));
  const setActive = (member: Member, active: boolean) =>
    change(() => peopleApi.setActive(member.userId, active, member.userVersion), active ? t('people.reactivated') : t('people.deactivated'));

  async function resetPassword(member: Member): Promise<boolean> {
    return change(async () => {
      const reset = await peopleApi.resetPassword(member.userId, member.userVersion);
      handover.value = { email: member.email, password: reset.temporaryPassword };
    }, t('people.passwordReset'));
  }

  async function copyPassword(): Promise<boolean> {
    if (!handover.value) return false;
    try {
      await navigator.clipboard.writeText(handover.value.password);
      notify.success(t('people.copied'));
      return true;
    } catch {
      return false;
    }
  }

  return {
    members,
    loading,
    busy,
    handover,
    form,
    formError,
    fieldErrors,
    candidates,
    query,
    roleOptions,
    load,
    granted,
    status,
    search,
    giveRole,
    create,
    changeRole,
    takeRole,
    setActive,
    resetPassword,
    copyPassword,
  };
}
