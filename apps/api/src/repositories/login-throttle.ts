import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';

/** One key attempts are counted under (`account:…`, `address:…`, `device:…`, `password:…`) and its allowance. */
export interface ThrottleKey {
  key: string;
  /** Attempts granted back to back; from the last of them on, each waits twice as long as the one before. */
  free: number;
}

/** How long the waits are, and when a quiet key starts afresh. */
export interface ThrottlePolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

export type TakenAttempt = { granted: true } | { granted: false; key: string; retryAfterMs: number };

class Blocked extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

const ms = (value: number) => sql`(${value}::double precision * interval '1 millisecond')`;

/** The wait after the `attempts`-th attempt: none while free ones remain, then base · 2^k, capped. */
function delayAfter(attempts: RawBuilder<number> | number, free: number, policy: ThrottlePolicy) {
  return sql`(CASE WHEN ${attempts}::integer < ${free}::integer THEN interval '0'
    ELSE least(${ms(policy.baseDelayMs)} * power(2, least(${attempts}::integer - ${free}::integer, 30)), ${ms(policy.maxDelayMs)}) END)`;
}

/**
 * Takes one attempt under every key, all or none, before the password is verified: each key's
 * row is upserted atomically and grants the attempt only once its wait has passed, so parallel
 * requests cannot all read "no failures yet" (the row lock orders them). Keys are taken in a
 * fixed order so that two requests never wait on each other. When one key refuses, nothing is
 * taken and its remaining wait is returned.
 */
export async function takeAttempt(db: Kysely<DB>, keys: readonly ThrottleKey[], policy: ThrottlePolicy): Promise<TakenAttempt> {
  const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const forget = ms(policy.forgetAfterMs);
  // clock_timestamp(), not now(): an attempt that waited for a concurrent one's row lock must
  // compare against the time it got the lock, not when its transaction began, or it would find
  // itself before the other's next_at, be refused, and never be counted.
  try {
    await db.transaction().execute(async (trx) => {
      for (const { key, free } of sorted) {
        const next = sql<number>`(CASE WHEN t.updated_at < clock_timestamp() - ${forget} THEN 1 ELSE t.attempts + 1 END)`;
        const { rows } = await sql<{ attempts: number }>`
          INSERT INTO login_throttle AS t (key, attempts, next_at, updated_at)
          VALUES (${key}, 1, clock_timestamp() + ${delayAfter(1, free, policy)}, clock_timestamp())
          ON CONFLICT (key) DO UPDATE SET
            attempts = ${next},
            next_at = clock_timestamp() + ${delayAfter(next, free, policy)},
            updated_at = clock_timestamp()
          WHERE t.next_at <= clock_timestamp() OR t.updated_at < clock_timestamp() - ${forget}
          RETURNING t.attempts`.execute(trx);
        if (rows.length === 0) throw new Blocked(key);
      }
    });
    return { granted: true };
  } catch (error) {
    if (!(error instanceof Blocked)) throw error;
    const row = await db.selectFrom('login_throttle').select(sql<number>`greatest(extract(epoch from next_at - clock_timestamp()) * 1000, 0)`.as('wait')).where('key', '=', error.key).executeTakeFirst();
    return { granted: false, key: error.key, retryAfterMs: Math.ceil(Number(row?.wait ?? policy.baseDelayMs)) };
  }
}

/** Forgets a key's attempts (a right password), and keys nobody has tried for a while. */
export async function resetAttempts(db: Kysely<DB>, keys: readonly string[], policy: ThrottlePolicy): Promise<void> {
  if (keys.length > 0) await db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
  await db.deleteFrom('login_throttle').where('updated_at', '<', sql<Date>`now() - ${ms(policy.forgetAfterMs)}`).execute();
}

/** Gives one attempt back to a key (a right password from a shared address is no attack). */
export async function refundAttempt(db: Kysely<DB>, key: string): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set({ attempts: sql`greatest(attempts - 1, 0)` })
    .where('key', '=', key)
    .execute();
}
