import { createTestingPinia } from '@pinia/testing';
import { DEFAULT_NOTIFICATION_PREFERENCES, IMMEDIATE_KINDS } from '@ritm/domain/notifications';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import type { NotificationPreferences, NotificationSettings } from '../../../api/notifications.js';
import { setLocale } from '../../../i18n.js';
import { hourText, ORGANISATION_ZONE, useNotificationSettings, weekdayName } from './use-notification-settings.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const stored = (over: Partial<NotificationSettings> = {}): NotificationSettings => ({
  preferences: structuredClone(DEFAULT_NOTIFICATION_PREFERENCES) as NotificationPreferences,
  emailConfigured: true,
  email: 'anna@example.org',
  organisationTimeZone: 'Europe/Moscow',
  ...over,
});

/** The API as the profile meets it: the stored settings, and what a save sent. */
function api(initial: NotificationSettings, save?: (body: NotificationPreferences) => unknown) {
  const calls: Array<{ path: string; options?: RequestOptions }> = [];
  requestMock.mockImplementation(async (path: string, options?: RequestOptions) => {
    calls.push({ path, ...(options && { options }) });
    if (path !== '/me/notification-settings') throw new Error(`unexpected ${path}`);
    if (!options?.method) return initial;
    if (options.method === 'PUT') return save ? save(options.body as NotificationPreferences) : { ...initial, preferences: options.body };
    throw new Error(`unexpected ${options.method}`);
  });
  return calls;
}

describe('the notification settings of the profile', () => {
  beforeEach(() => {
    requestMock.mockReset();
    createTestingPinia({ stubActions: false, createSpy: vi.fn });
  });
  afterEach(() => setLocale('ru'));

  it('names weekdays and hours in the UI language', () => {
    expect([1, 7].map((d) => weekdayName(d, 'ru'))).toEqual(['понедельник', 'воскресенье']);
    expect(weekdayName(3, 'en')).toBe('Wednesday');
    expect([0, 9, 23].map(hourText)).toEqual(['00:00', '09:00', '23:00']);
  });

  it('shows what is stored: a choice per kind, the digest on Monday 09:00 in the organisation’s zone', async () => {
    api(stored());
    const s = useNotificationSettings();
    await s.load();
    expect(s.kinds.value.map((k) => k.kind)).toEqual([...IMMEDIATE_KINDS]);
    expect(s.kinds.value.find((k) => k.kind === 'plan_returned')?.label).toBe('План возвращён на доработку');
    expect(s.deliveryOptions.value.map((o) => o.label)).toEqual(['сразу', 'раз в день', 'не присылать']);
    expect(s.weekdayOptions.value[0]).toEqual({ value: 1, label: 'Понедельник' });
    expect(s.hourOptions).toHaveLength(24);
    expect(s.zone.value).toBe(ORGANISATION_ZONE);
    expect(s.zoneOptions.value[0]).toEqual({ value: ORGANISATION_ZONE, label: 'Как у организации (Europe/Moscow)' });
    expect(s.zoneOptions.value.map((o) => o.value)).toContain('Asia/Kamchatka');
    expect(s.digestWhen.value).toBe('Сводка приходит: понедельник, 09:00 (Europe/Moscow).');
    expect(s.dirty.value).toBe(false);
  });

  it('saves the choices as the contract has them, zone included, and is clean again after', async () => {
    const calls = api(stored());
    const s = useNotificationSettings();
    await s.load();
    s.form.email.plan_returned = 'daily';
    s.form.email.norm_at_risk = 'off';
    s.form.digest.weekday = 5;
    s.form.digest.hour = 16;
    s.zone.value = 'Asia/Kamchatka';
    expect(s.dirty.value).toBe(true);
    expect(s.digestWhen.value).toBe('Сводка приходит: пятница, 16:00 (Asia/Kamchatka).');
    expect(await s.save()).toBe(true);
    const put = calls.find((c) => c.options?.method === 'PUT');
    expect(put?.options?.body).toEqual({
      email: { ...DEFAULT_NOTIFICATION_PREFERENCES.email, plan_returned: 'daily', norm_at_risk: 'off' },
      digest: { enabled: true, weekday: 5, hour: 16, timeZone: 'Asia/Kamchatka' },
    });
    expect(s.dirty.value).toBe(false);

    // Back to the organisation's zone: sent as null.
    s.zone.value = ORGANISATION_ZONE;
    await s.save();
    expect((calls.filter((c) => c.options?.method === 'PUT').at(-1)?.options?.body as NotificationPreferences).digest.timeZone).toBeNull();
  });

  it('keeps a stored zone on offer even if the browser does not list it, and says when the digest is not mailed', async () => {
    api(stored({ preferences: { ...DEFAULT_NOTIFICATION_PREFERENCES, digest: { enabled: false, weekday: 1, hour: 9, timeZone: 'Etc/Unlisted' } }, organisationTimeZone: null }));
    const s = useNotificationSettings();
    await s.load();
    expect(s.zoneOptions.value.slice(0, 2)).toEqual([
      { value: ORGANISATION_ZONE, label: 'Как у организации' },
      { value: 'Etc/Unlisted', label: 'Etc/Unlisted' },
    ]);
    expect(s.digestWhen.value).toBe('Сводка не приходит на почту, но видна в Ритме.');
  });

  it('undoes unsaved changes, and shows the API’s word when a save is refused', async () => {
    api(stored(), () => Promise.reject(new ApiError(400, 'validation', 'Неверные данные', [{ path: 'body.digest.timeZone', message: 'неизвестный часовой пояс' }])));
    const s = useNotificationSettings();
    await s.load();
    s.form.email.item_assigned = 'off';
    expect(await s.save()).toBe(false);
    expect(s.formError.value).toBe('неизвестный часовой пояс');
    expect(s.dirty.value).toBe(true);
    s.undo();
    expect(s.form.email.item_assigned).toBe('immediately');
    expect(s.formError.value).toBeNull();
    expect(s.dirty.value).toBe(false);
  });

  it('speaks English when the UI does', async () => {
    setLocale('en');
    api(stored());
    const s = useNotificationSettings();
    await s.load();
    expect(s.deliveryOptions.value.map((o) => o.label)).toEqual(['immediately', 'once a day', 'never']);
    expect(s.digestWhen.value).toBe('The digest comes on Monday at 09:00 (Europe/Moscow).');
  });
});
