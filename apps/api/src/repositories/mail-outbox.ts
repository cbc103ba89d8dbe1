import { sql, type Kysely, type Transaction } from 'kysely';
import type { RoleOrganisation } from '@ritm/domain/digest';
import { IMMEDIATE_KINDS, type ImmediateKind, type NotificationKind } from '@ritm/domain/notifications';
import type { DB } from '../db/schema.js';
import type { MailMessage } from '../notifications/mailer.js';
import { reachesSubtree } from './roles.js';

type Db = Kysely<DB> | Transaction<DB>;

// The outbox: every mail is written here in the transaction of what it says, then delivered by
// `mail.deliver` (a lease per row, so two processes never send one mail), retried with growing
// waits, and kept as `failed` with the SMTP server's answer once the attempts are spent.

/** Puts a mail into the outbox; its id. */
export async function enqueueMail(db: Db, input: { userId: string | null; kind: NotificationKind; message: MailMessage; at?: Date }): Promise<string> {
  const { message } = input;
  const row = await db
    .insertInto('mail_outbox')
    .values({
      user_id: input.userId,
      kind: input.kind,
      to_address: message.to,
      subject: message.subject,
      text_body: message.text,
      html_body: message.html,
      headers: JSON.stringify(message.headers),
      ...(input.at ? { created_at: input.at, next_attempt_at: input.at } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A mail claimed for delivery. */
export interface ClaimedMail {
  id: string;
  attempts: number;
  message: MailMessage;
  /** The person it is to was deactivated since it was written: it must not go. */
  recipientDisabled: boolean;
}

/** Claims up to `limit` due pending mails until `leaseUntil`: no other process takes them meanwhile. */
export async function claimDueMails(db: Kysely<DB>, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedMail[]> {
  const result = await sql<{ id: string; attempts: number; to_address: string; subject: string; text_body: string; html_body: string; headers: Record<string, string>; recipient_disabled: boolean | null }>`
    update mail_outbox set lease_until = ${leaseUntil}
    where id in (
      select id from mail_outbox
      where state = 'pending' and next_attempt_at <= ${now}
        and (lease_until is null or lease_until < ${now})
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    returning id, attempts, to_address, subject, text_body, html_body, headers,
      (select u.disabled_at is not null from users u where u.id = mail_outbox.user_id) as recipient_disabled`.execute(db);
  return result.rows.map((row) => ({
    id: row.id,
    attempts: row.attempts,
    message: { to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body, headers: typeof row.headers === 'string' ? JSON.parse(row.headers) : row.headers },
    recipientDisabled: row.recipient_disabled === true,
  }));
}

/** The SMTP server took the mail. */
export async function markMailSent(db: Db, id: string, messageId: string, at: Date): Promise<void> {
  await db.updateTable('mail_outbox').set({ state: 'sent', message_id: messageId, sent_at: at, lease_until: null, attempts: sql`attempts + 1` }).where('id', '=', id).execute();
}

/** A try failed: tried again at `retryAt`, or kept as failed for good when there is none. */
export async function markMailAttemptFailed(db: Db, id: string, error: string, retryAt: Date | null): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({
      attempts: sql`attempts + 1`,
      last_error: error.slice(0, 2000),
      lease_until: null,
      ...(retryAt === null ? { state: 'failed' as const } : { next_attempt_at: retryAt }),
    })
    .where('id', '=', id)
    .execute();
}

/** Keeps a mail as failed without trying it (`reason` says why): it must never be sent. */
export async function markMailWithheld(db: Db, id: string, reason: string): Promise<void> {
  await db.updateTable('mail_outbox').set({ state: 'failed', last_error: reason, lease_until: null }).where('id', '=', id).execute();
}

/** Lets claimed mails go untried (the process is stopping). */
export async function releaseMails(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('mail_outbox').set({ lease_until: null }).where('id', 'in', ids).where('state', '=', 'pending').execute();
}

/** What `ritm jobs` and `/api/health` say about the outbox. */
export interface MailOutboxHealth {
  /** Waiting to be delivered (due or retrying later). */
  pending: number;
  /** Since when the oldest due mail has waited (null: none due). */
  oldestDueAt: string | null;
  /** Kept as failed: every attempt spent. */
  failed: number;
  /** The most recent failure for good: when the mail was written, to whom, and the server's answer. */
  lastFailure: { at: string; to: string; kind: string; error: string } | null;
}

/** The outbox at a glance, for H1's health check and `ritm jobs`. */
export async function mailOutboxHealth(db: Db, now: Date = new Date()): Promise<MailOutboxHealth> {
  const counts = await db
    .selectFrom('mail_outbox')
    .select((eb) => [
      eb.fn.countAll<string>().filterWhere('state', '=', 'pending').as('pending'),
      // A delivery that failed (tried and refused); a mail never tried because its reader was
      // deactivated meanwhile is kept as failed too, but is no trouble to report.
      eb.fn.countAll<string>().filterWhere((w) => w.and([w('state', '=', 'failed'), w('attempts', '>', 0)])).as('failed'),
      eb.fn.min('next_attempt_at').filterWhere((w) => w.and([w('state', '=', 'pending'), w('next_attempt_at', '<=', now)])).as('oldest_due'),
    ])
    .where('state', 'in', ['pending', 'failed'])
    .executeTakeFirstOrThrow();
  const last = await db
    .selectFrom('mail_outbox')
    .select(['created_at', 'to_address', 'kind', 'last_error'])
    .where('state', '=', 'failed')
    .where('attempts', '>', 0)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const oldest = counts.oldest_due as Date | string | null;
  return {
    pending: Number(counts.pending),
    failed: Number(counts.failed),
    oldestDueAt: oldest === null ? null : new Date(oldest).toISOString(),
    lastFailure: last ? { at: new Date(last.created_at).toISOString(), to: last.to_address, kind: last.kind, error: last.last_error ?? '' } : null,
  };
}

// ---- Gathering notifications into mails ----------------------------------------------------

/** A person with notifications of one kind still waiting for a mail. */
export interface WaitingGroup {
  userId: string;
  kind: ImmediateKind;
  oldestAt: Date;
  email: string;
  locale: 'ru' | 'en';
  /** The last mail of this kind to this person (null: never). */
  lastMailAt: Date | null;
  /** The organisations of the person's roles: their digest's zone is the topmost one's unless they chose one (`recipientZone`). */
  roleOrganisations: RoleOrganisation[];
}

/**
 * Everyone with notifications of an immediate kind not yet mailed (nor judged not to be), oldest
 * first. People deactivated are left out: their notifications wait, unmailed.
 */
export async function waitingForMail(db: Db, limit: number): Promise<WaitingGroup[]> {
  const rows = await db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select((eb) => [
      'n.user_id',
      'n.kind',
      eb.fn.min('n.created_at').as('oldest_at'),
      'u.email',
      'u.locale',
      eb
        .selectFrom('mail_outbox as m')
        .select((m) => m.fn.max('m.created_at').as('last'))
        .whereRef('m.user_id', '=', 'n.user_id')
        .whereRef('m.kind', '=', 'n.kind')
        .as('last_mail_at'),
      sql<RoleOrganisation[]>`coalesce((
        select json_agg(json_build_object('name', o.name, 'path', o.path, 'timeZone', o.timezone))
        from memberships r join organisations o on o.id = r.org_id
        where r.user_id = n.user_id), '[]'::json)`.as('role_organisations'),
    ])
    .where('n.mailed_at', 'is', null)
    .where('n.kind', 'in', [...IMMEDIATE_KINDS])
    .where('u.disabled_at', 'is', null)
    .groupBy(['n.user_id', 'n.kind', 'u.email', 'u.locale'])
    .orderBy('oldest_at')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    userId: row.user_id,
    kind: row.kind as ImmediateKind,
    oldestAt: new Date(row.oldest_at as Date | string),
    email: row.email,
    locale: row.locale,
    lastMailAt: row.last_mail_at === null ? null : new Date(row.last_mail_at as Date | string),
    roleOrganisations: row.role_organisations,
  }));
}

/** A notification taken into a mail. */
export interface LockedNotification {
  id: string;
  payload: DB['notifications']['payload']['__select__'];
  createdAt: Date;
}

/**
 * Locks a person's waiting notifications of a kind for this transaction, skipping rows another
 * process holds: two processes never put one notification into two mails.
 */
export async function lockWaitingNotifications(trx: Transaction<DB>, userId: string, kind: ImmediateKind): Promise<LockedNotification[]> {
  const rows = await trx
    .selectFrom('notifications')
    .select(['id', 'payload', 'created_at'])
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('mailed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((row) => ({ id: row.id, payload: row.payload, createdAt: new Date(row.created_at) }));
}

/**
 * Holds, until the transaction ends, the right to mail a person about a kind: a second gathering
 * waits here until the first has committed, and then sees its mail (its `lastMailAt`) and its
 * notifications marked. Row locks alone do not do it: rows that came after the first gathering
 * locked its own are free, and its uncommitted mail is invisible to the second.
 */
export async function lockMailPace(trx: Transaction<DB>, userId: string, kind: NotificationKind): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${userId}::text || ':' || ${kind}::text))`.execute(trx);
}

/** The last mail of a kind to a person, read again inside the gathering transaction. */
export async function lastMailAt(db: Db, userId: string, kind: NotificationKind): Promise<Date | null> {
  const row = await db.selectFrom('mail_outbox').select((eb) => eb.fn.max('created_at').as('last')).where('user_id', '=', userId).where('kind', '=', kind).executeTakeFirst();
  return row?.last ? new Date(row.last as Date | string) : null;
}

/**
 * Marks as not to be mailed every notification of an immediate kind still waiting for a mail that
 * no mail should carry any more: made before `staleBefore`, or about an organisation where the
 * person holds no role now (none at it or above it, and not a system administrator: they were
 * removed since). How many. Rows another gathering holds are waited for and then left alone (it
 * has decided about them).
 */
export async function skipUnmailableNotifications(db: Db, staleBefore: Date, at: Date): Promise<number> {
  // The rows, not `numUpdatedRows`: PGlite's driver does not report the count.
  const rows = await db
    .updateTable('notifications as n')
    .set({ mailed_at: at, mail_id: null, mail_skipped: true })
    .where('n.mailed_at', 'is', null)
    .where('n.kind', 'in', [...IMMEDIATE_KINDS])
    .where((eb) =>
      eb.or([
        eb('n.created_at', '<', staleBefore),
        eb.and([
          eb('n.org_id', 'is not', null),
          eb.not(eb.exists(eb.selectFrom('users as u').select('u.id').whereRef('u.id', '=', 'n.user_id').where('u.is_admin', '=', true))),
          eb.not(
            eb.exists(
              eb
                .selectFrom('memberships as m')
                .innerJoin('organisations as member_org', 'member_org.id', 'm.org_id')
                .innerJoin('organisations as target', 'target.id', 'n.org_id')
                .select('m.org_id')
                .whereRef('m.user_id', '=', 'n.user_id')
                .where(reachesSubtree('member_org.path', 'target.path')),
            ),
          ),
        ]),
      ]),
    )
    .returning('n.id')
    .execute();
  return rows.length;
}

/** Marks notifications as mailed (in `mailId`) or, without one, as not to be mailed. */
export async function markNotificationsMailed(db: Db, ids: readonly string[], mailId: string | null, at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set({ mailed_at: at, mail_id: mailId, mail_skipped: mailId === null })
    .where('id', 'in', ids)
    .execute();
}
