import { computed, reactive, ref } from 'vue';
import { EMAIL_DELIVERIES, IMMEDIATE_KINDS, type ImmediateKind } from '@ritm/domain/notifications';
import { notificationsApi, type NotificationPreferences, type NotificationSettings } from '../../../api/notifications.js';
import { ApiError } from '../../../api/client.js';
import { errorText, useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { capitalise } from '../../../lib/dates.js';

/** The select's value for «the organisation's zone» (`timeZone: null`): a select cannot hold null as a choice. */
export const ORGANISATION_ZONE = '';

/** 2024-01-01 was a Monday: day `n` of that week names ISO weekday `n` in any language. */
const weekdayDate = (weekday: number) => new Date(Date.UTC(2024, 0, weekday, 12));

/**
 * An ISO weekday's name in the UI language, as that language writes it inside a sentence.
 *
 * @example weekdayName(1, 'ru') // 'понедельник'
 * @example weekdayName(7, 'en') // 'Sunday'
 */
export function weekdayName(weekday: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(weekdayDate(weekday));
}

/** @example hourText(9) // '09:00' */
export const hourText = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;

/** The zones the platform knows (IANA), with `extra` (a stored choice it may not list) kept on offer. */
function knownZones(extra: string | null): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return extra && !zones.includes(extra) ? [extra, ...zones] : zones;
}

const copy = (preferences: NotificationPreferences): NotificationPreferences => ({ email: { ...preferences.email }, digest: { ...preferences.digest } });

/**
 * The profile's «Уведомления»: per kind whether it is e-mailed at once (paced), once a day or not
 * at all, and the weekly digest's mail, day, hour and zone (the organisation's unless chosen). The
 * server says whether this Ritm mails at all (`emailConfigured`); the choices are kept either way.
 */
export function useNotificationSettings() {
  const { t } = i18n.global;
  const notify = useNotify();
  const settings = ref<NotificationSettings | null>(null);
  const form = reactive<NotificationPreferences>({
    email: Object.fromEntries(IMMEDIATE_KINDS.map((kind) => [kind, 'immediately'])) as NotificationPreferences['email'],
    digest: { enabled: true, weekday: 1, hour: 9, timeZone: null },
  });
  const loading = ref(false);
  const saving = ref(false);
  const formError = ref<string | null>(null);

  function show(next: NotificationSettings): void {
    settings.value = next;
    Object.assign(form, copy(next.preferences));
  }

  const dirty = computed(() => settings.value !== null && JSON.stringify(copy(form)) !== JSON.stringify(copy(settings.value.preferences)));

  async function load(): Promise<void> {
    loading.value = true;
    try {
      show(await notificationsApi.settings());
    } catch (error) {
      notify.error(error);
    } finally {
      loading.value = false;
    }
  }

  async function save(): Promise<boolean> {
    formError.value = null;
    saving.value = true;
    try {
      show(await notificationsApi.saveSettings(copy(form)));
      notify.success(t('notifications.settings.saved'));
      return true;
    } catch (error) {
      formError.value = error instanceof ApiError ? (error.details[0]?.message ?? errorText(error)) : errorText(error);
      return false;
    } finally {
      saving.value = false;
    }
  }

  function undo(): void {
    formError.value = null;
    if (settings.value) show(settings.value);
  }

  const kinds = computed(() => IMMEDIATE_KINDS.map((kind: ImmediateKind) => ({ kind, label: t(`notifications.kinds.${kind}`) })));
  const deliveryOptions = computed(() => EMAIL_DELIVERIES.map((value) => ({ value, label: t(`notifications.delivery.${value}`) })));
  const weekdayOptions = computed(() => [1, 2, 3, 4, 5, 6, 7].map((value) => ({ value, label: capitalise(weekdayName(value, i18n.global.locale.value)) })));
  const hourOptions = Array.from({ length: 24 }, (_, value) => ({ value, label: hourText(value) }));
  const organisationZone = computed(() => settings.value?.organisationTimeZone ?? null);
  const zoneOptions = computed(() => [
    {
      value: ORGANISATION_ZONE,
      label: organisationZone.value ? t('notifications.settings.zoneOrganisation', { zone: organisationZone.value }) : t('notifications.settings.zoneOrganisationUnknown'),
    },
    ...knownZones(settings.value?.preferences.digest.timeZone ?? null).map((zone) => ({ value: zone, label: zone })),
  ]);
  /** The zone select's value: a zone, or {@link ORGANISATION_ZONE}. */
  const zone = computed({
    get: () => form.digest.timeZone ?? ORGANISATION_ZONE,
    set: (value: string) => {
      form.digest.timeZone = value === ORGANISATION_ZONE ? null : value;
    },
  });

  /** When the digest comes, in words, as the form now says. */
  const digestWhen = computed(() => {
    if (!form.digest.enabled) return t('notifications.settings.digestOff');
    return t('notifications.settings.digestWhen', {
      weekday: weekdayName(form.digest.weekday, i18n.global.locale.value),
      hour: hourText(form.digest.hour),
      zone: form.digest.timeZone ?? organisationZone.value ?? t('notifications.settings.zoneOrganisationUnknown'),
    });
  });

  return { settings, form, loading, saving, formError, dirty, load, save, undo, kinds, deliveryOptions, weekdayOptions, hourOptions, zoneOptions, zone, digestWhen };
}
