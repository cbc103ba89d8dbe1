import { createHmac, timingSafeEqual } from 'node:crypto';
import { isNotificationKind } from '@ritm/domain/notifications';
import type { UnsubscribeScope } from '@ritm/domain/unsubscribe';
import { isUuid } from '@ritm/domain/uuid';

/**
 * The token of a person's unsubscribe link: who and what, signed with the person's own
 * `unsubscribe_secret` so it needs no login and cannot be made for someone else. It stays good as
 * long as the secret does.
 *
 * @example unsubscribeToken('…uuid…', 'plan_returned', secret) // '…uuid….plan_returned.<43 chars>'
 */
export function unsubscribeToken(userId: string, scope: UnsubscribeScope, secret: string): string {
  return `${userId}.${scope}.${signature(userId, scope, secret)}`;
}

/** Who and what a token claims to be for, before its signature is checked; undefined when it is no token at all. */
export function readUnsubscribeToken(token: string): { userId: string; scope: UnsubscribeScope; signature: string } | undefined {
  const [userId = '', scope = '', sig = '', ...rest] = token.split('.');
  // In lower case, as the token was made: the signature covers the id as written.
  if (rest.length > 0 || !isUuid(userId) || userId !== userId.toLowerCase() || !/^[\w-]{43}$/.test(sig)) return undefined;
  if (scope !== 'all' && !isNotificationKind(scope)) return undefined;
  return { userId, scope, signature: sig };
}

/** Whether a token's signature was made with this secret (timing-safe). */
export function unsubscribeSignatureValid(claim: { userId: string; scope: UnsubscribeScope; signature: string }, secret: string): boolean {
  const expected = Buffer.from(signature(claim.userId, claim.scope, secret));
  const given = Buffer.from(claim.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function signature(userId: string, scope: UnsubscribeScope, secret: string): string {
  return createHmac('sha256', secret).update(`ritm-unsubscribe:${userId}:${scope}`).digest('base64url');
}
