import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATION_PREFERENCES, IMMEDIATE_KINDS, withDefaultPreferences } from './notifications.js';

describe('withDefaultPreferences', () => {
  it('gives the defaults for nothing stored, or for something that is no document', () => {
    for (const stored of [undefined, null, {}, [], 'daily', 42]) expect(withDefaultPreferences(stored)).toEqual(DEFAULT_NOTIFICATION_PREFERENCES);
  });

  it('keeps what a person chose and fills the rest with the defaults', () => {
    const chosen = withDefaultPreferences({ email: { plan_returned: 'off', item_assigned: 'daily' }, digest: { hour: 7, timeZone: 'Asia/Kamchatka' } });
    expect(chosen.email).toEqual({ ...DEFAULT_NOTIFICATION_PREFERENCES.email, plan_returned: 'off', item_assigned: 'daily' });
    expect(chosen.digest).toEqual({ enabled: true, weekday: 1, hour: 7, timeZone: 'Asia/Kamchatka' });
  });

  it('replaces what it does not understand (an unknown delivery, a bad weekday or hour) with the default', () => {
    const chosen = withDefaultPreferences({
      email: { plan_submitted: 'hourly', norm_at_risk: 3, some_future_kind: 'off' },
      digest: { enabled: 'yes', weekday: 8, hour: 24, timeZone: '' },
    });
    expect(chosen).toEqual(DEFAULT_NOTIFICATION_PREFERENCES);
    expect(Object.keys(chosen.email)).toEqual([...IMMEDIATE_KINDS]);
    expect(withDefaultPreferences({ digest: { weekday: 7, hour: 0, enabled: false } }).digest).toEqual({ enabled: false, weekday: 7, hour: 0, timeZone: null });
    expect(withDefaultPreferences({ digest: { weekday: 2.5, hour: -1 } }).digest).toMatchObject({ weekday: 1, hour: 9 });
  });

  it('does not share the defaults object with the caller', () => {
    const chosen = withDefaultPreferences(undefined);
    chosen.email.plan_submitted = 'off';
    expect(DEFAULT_NOTIFICATION_PREFERENCES.email.plan_submitted).toBe('immediately');
  });
});
