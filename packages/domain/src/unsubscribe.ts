/**
 * What a one-click unsubscribe link changes in a person's choices (issue 14), and how its undo
 * button gives back exactly what was there: a link stops one kind of mail (an immediate kind, or
 * the weekly digest) or all of them; the bell is never affected.
 */
import { EMAIL_DELIVERIES, IMMEDIATE_KINDS, type EmailDelivery, type ImmediateKind, type NotificationKind, type NotificationPreferences } from './notifications.js';

export type UnsubscribeScope = NotificationKind | 'all';

/** The part of a person's choices an unsubscribe changed, as it was before. */
export interface UnsubscribedChoices {
  email?: Partial<Record<ImmediateKind, EmailDelivery>>;
  digestEnabled?: boolean;
}

const immediateIn = (scope: UnsubscribeScope): ImmediateKind[] =>
  scope === 'all' ? [...IMMEDIATE_KINDS] : (IMMEDIATE_KINDS as readonly string[]).includes(scope) ? [scope as ImmediateKind] : [];
const digestIn = (scope: UnsubscribeScope) => scope === 'all' || scope === 'weekly_digest';

/**
 * The choices with a scope's mail turned off, and what it was before (for the undo).
 *
 * @example unsubscribe(prefs, 'plan_returned') // { preferences: {…email.plan_returned: 'off'}, was: { email: { plan_returned: 'daily' } } }
 */
export function unsubscribe(preferences: NotificationPreferences, scope: UnsubscribeScope): { preferences: NotificationPreferences; was: UnsubscribedChoices } {
  const kinds = immediateIn(scope);
  const was: UnsubscribedChoices = {};
  if (kinds.length > 0) was.email = Object.fromEntries(kinds.map((kind) => [kind, preferences.email[kind]]));
  if (digestIn(scope)) was.digestEnabled = preferences.digest.enabled;
  return {
    preferences: {
      email: { ...preferences.email, ...Object.fromEntries(kinds.map((kind) => [kind, 'off' as const])) },
      digest: digestIn(scope) ? { ...preferences.digest, enabled: false } : preferences.digest,
    },
    was,
  };
}

/**
 * The choices with what an unsubscribe took back: only within the scope, and only values that
 * mean something (anything else in `was`, e.g. from an edited link, is ignored).
 */
export function undoUnsubscribe(preferences: NotificationPreferences, scope: UnsubscribeScope, was: unknown): NotificationPreferences {
  const found = typeof was === 'object' && was !== null ? (was as Record<string, unknown>) : {};
  const email = typeof found.email === 'object' && found.email !== null ? (found.email as Record<string, unknown>) : {};
  const restored = immediateIn(scope).flatMap((kind) => ((EMAIL_DELIVERIES as readonly unknown[]).includes(email[kind]) ? [[kind, email[kind] as EmailDelivery] as const] : []));
  return {
    email: { ...preferences.email, ...Object.fromEntries(restored) },
    digest: digestIn(scope) && typeof found.digestEnabled === 'boolean' ? { ...preferences.digest, enabled: found.digestEnabled } : preferences.digest,
  };
}
