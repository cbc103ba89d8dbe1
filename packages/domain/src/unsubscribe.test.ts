import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATION_PREFERENCES, IMMEDIATE_KINDS, type NotificationPreferences } from './notifications.js';
import { undoUnsubscribe, unsubscribe } from './unsubscribe.js';

const chosen: NotificationPreferences = {
  ...DEFAULT_NOTIFICATION_PREFERENCES,
  email: { ...DEFAULT_NOTIFICATION_PREFERENCES.email, plan_returned: 'daily', report_ready: 'off' },
};

describe('unsubscribe', () => {
  it('turns off one kind and nothing else, and its undo gives back what was chosen', () => {
    const { preferences, was } = unsubscribe(chosen, 'plan_returned');
    expect(preferences.email).toEqual({ ...chosen.email, plan_returned: 'off' });
    expect(preferences.digest).toEqual(chosen.digest);
    expect(undoUnsubscribe(preferences, 'plan_returned', JSON.parse(JSON.stringify(was)))).toEqual(chosen);
  });

  it('turns off the weekly digest alone', () => {
    const { preferences, was } = unsubscribe(chosen, 'weekly_digest');
    expect(preferences).toEqual({ ...chosen, digest: { ...chosen.digest, enabled: false } });
    expect(undoUnsubscribe(preferences, 'weekly_digest', was)).toEqual(chosen);
  });

  it('turns off every mail with `all`, and the undo restores each choice as it was', () => {
    const { preferences, was } = unsubscribe(chosen, 'all');
    expect(IMMEDIATE_KINDS.map((kind) => preferences.email[kind])).toEqual(IMMEDIATE_KINDS.map(() => 'off'));
    expect(preferences.digest.enabled).toBe(false);
    expect(undoUnsubscribe(preferences, 'all', was)).toEqual(chosen);
  });

  it('lets an undo change nothing outside its scope, nor take a value that means nothing', () => {
    const { preferences } = unsubscribe(chosen, 'plan_returned');
    const forged = { email: { plan_returned: 'hourly', item_assigned: 'off' }, digestEnabled: false };
    expect(undoUnsubscribe(preferences, 'plan_returned', forged)).toEqual(preferences);
    expect(undoUnsubscribe(preferences, 'plan_returned', 'nonsense')).toEqual(preferences);
  });
});
