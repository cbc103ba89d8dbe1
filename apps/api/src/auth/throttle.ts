import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { HttpError } from '../http/errors.js';
import { MESSAGES } from '../http/messages.js';
import { refundAttempt, resetAttempts, takeAttempt, type ThrottleKey, type ThrottlePolicy } from '../repositories/login-throttle.js';

// Password guessing is slowed per account and per address, never locked: after five quick
// attempts an account waits 30 s, then 1, 2, 4… minutes up to 15; an address gets twenty before
// the same waits. A browser that signed in as the user before (its `ritm_device` cookie) is
// counted on its own, so an attacker slowing the account down does not keep its owner out.

/** Attempts an account (or a known device, or a user's current-password check) gets back to back. */
export const ACCOUNT_FREE_ATTEMPTS = 5;
/** Attempts an address gets back to back, over all accounts. */
export const ADDRESS_FREE_ATTEMPTS = 20;

export const THROTTLE_POLICY: ThrottlePolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 24 * 3_600_000,
};

/** The keys of one password check: who is guessed at, and from where (`request.ip`: trusted hops only). */
export function throttleKeys(subject: string, request: FastifyRequest): ThrottleKey[] {
  return [
    { key: subject, free: ACCOUNT_FREE_ATTEMPTS },
    { key: `address:${request.ip}`, free: ADDRESS_FREE_ATTEMPTS },
  ];
}

/**
 * Takes one attempt under each key before a password is verified.
 * @throws 429 `too_many_attempts` with Retry-After when a key must still wait.
 */
export async function takePasswordAttempt(db: Kysely<DB>, keys: readonly ThrottleKey[], reply: FastifyReply): Promise<void> {
  const taken = await takeAttempt(db, keys, THROTTLE_POLICY);
  if (taken.granted) return;
  reply.header('retry-after', String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000))));
  throw new HttpError(429, 'too_many_attempts', MESSAGES.tooManyAttempts);
}

/** After a right password: the subject starts afresh, the address gets its attempt back. */
export async function passwordAccepted(db: Kysely<DB>, keys: readonly ThrottleKey[]): Promise<void> {
  const [subject, ...others] = keys;
  await resetAttempts(db, subject ? [subject.key] : [], THROTTLE_POLICY);
  for (const other of others) await refundAttempt(db, other.key);
}
