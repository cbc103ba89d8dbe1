import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationPayload } from '@ritm/domain/notifications';
import { testConfig } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { addMember, createOrg, createUser } from '../../test/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/smtp-server.js';
import type { Config } from '../config.js';
import type { Database } from '../db/connection.js';
import { enqueueMail, lockMailPace, mailOutboxHealth } from '../repositories/mail-outbox.js';
import { savePreferences } from '../repositories/notification-preferences.js';
import { insertNotifications } from '../repositories/notifications.js';
import { DEFAULT_NOTIFICATION_PREFERENCES } from '@ritm/domain/notifications';
import { deliverMail, gatherMail, RECIPIENT_DEACTIVATED } from './mail-jobs.js';
import { createMailer } from './smtp-mailer.js';

const MINUTE = 60_000;

describe.each(testDatabases())('mail jobs ($name)', ({ name, open }) => {
  let database: Database;
  let smtp: TestSmtpServer;
  let clock = new Date('2026-11-23T10:00:00Z');
  let config: Config;
  let orgId: string;
  const logged: { level: string; payload: object; message: string }[] = [];
  const log = {
    info: (payload: object, message: string) => logged.push({ level: 'info', payload, message }),
    warn: (payload: object, message: string) => logged.push({ level: 'warn', payload, message }),
    error: (payload: object, message: string) => logged.push({ level: 'error', payload, message }),
  };

  beforeAll(async () => {
    database = await open();
    smtp = await startSmtpServer();
    config = testConfig({ smtpUrl: smtp.url, mailFrom: 'Ритм <ritm@example.org>', publicUrl: 'https://ritm.example.org', now: () => clock });
    orgId = (await createOrg(database, { name: 'ЦЗН Ленинского района', timezone: 'Asia/Kamchatka' })).id;
  });
  afterAll(async () => {
    await smtp.close();
    await database.close();
  });
  afterEach(() => {
    smtp.refuse(undefined);
  });

  const returned = (planId: string, comment: string): NotificationPayload => ({
    kind: 'plan_returned',
    orgId,
    orgName: 'ЦЗН Ленинского района',
    planId,
    planTitle: 'Ноябрь 2026',
    actorName: 'Иванова И. И.',
    comment,
  });

  async function person(email: string, locale: 'ru' | 'en' = 'ru') {
    const user = await createUser(database, email, { name: email });
    await addMember(database, user.id, orgId, 'editor');
    if (locale !== 'ru') await database.db.updateTable('users').set({ locale }).where('id', '=', user.id).execute();
    return user.id;
  }

  async function tell(userId: string, payload: NotificationPayload, subject: string) {
    await insertNotifications(database.db, { userIds: [userId], payload, subject, at: clock });
  }

  async function deliver() {
    const mailer = createMailer(config)!;
    try {
      return await deliverMail({ db: database.db, config, mailer, log });
    } finally {
      mailer.close();
    }
  }

  const notificationsOf = (userId: string) =>
    database.db.selectFrom('notifications').select(['subject', 'mailed_at', 'mail_skipped', 'mail_id']).where('user_id', '=', userId).orderBy('created_at').orderBy('subject').execute();

  const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address));

  it('mails nothing and marks nothing without RITM_SMTP_URL: the notifications wait in the bell', async () => {
    const userId = await person('no-smtp@example.org');
    await tell(userId, returned('00000000-0000-4000-8000-000000000001', 'Добавьте ярмарку'), 'plan:a:return:2');
    expect(await gatherMail({ db: database.db, config: { ...config, smtpUrl: undefined, mailFrom: undefined } })).toEqual({ mails: 0, skipped: 0, waiting: 0 });
    expect(await notificationsOf(userId)).toEqual([expect.objectContaining({ mailed_at: null, mail_skipped: false })]);
    // Once SMTP is configured, what waited is mailed.
    await gatherMail({ db: database.db, config });
    expect((await notificationsOf(userId))[0]!.mailed_at).not.toBeNull();
    await deliver();
    expect(mailsTo('no-smtp@example.org')).toHaveLength(1);
  });

  it('delivers a returned plan once, in Russian, with the comment, absolute links and a one-click unsubscribe', async () => {
    const userId = await person('editor@example.org');
    const planId = '00000000-0000-4000-8000-000000000002';
    await tell(userId, returned(planId, 'Добавьте <пост> про ярмарку & вакансии'), `plan:${planId}:return:3`);
    expect(await gatherMail({ db: database.db, config })).toMatchObject({ mails: 1 });
    expect(await deliver()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await gatherMail({ db: database.db, config })).toEqual({ mails: 0, skipped: 0, waiting: 0 });

    const mails = mailsTo('editor@example.org');
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.parsed.subject).toBe('План «Ноябрь 2026» возвращён — ЦЗН Ленинского района');
    expect(mail.parsed.headers.get('content-language')).toBe('ru');
    expect(mail.parsed.text).toContain('Вернул(а) на доработку Иванова И. И.: Добавьте <пост> про ярмарку & вакансии');
    expect(mail.parsed.text).toContain(`Открыть в Ритме: https://ritm.example.org/plans/${planId}?org=${orgId}`);
    expect(mail.parsed.html).toContain('Добавьте &lt;пост&gt; про ярмарку &amp; вакансии');
    expect(mail.parsed.html).toContain(`href="https://ritm.example.org/plans/${planId}?org=${orgId}"`);
    const headers = mail.raw.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ');
    expect(headers).toMatch(new RegExp(`^List-Unsubscribe: <https://ritm\\.example\\.org/api/unsubscribe/${userId}\\.plan_returned\\.[\\w-]{43}>\\r?$`, 'm'));
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);

    const [told] = await notificationsOf(userId);
    const outbox = await database.db.selectFrom('mail_outbox').select(['id', 'state', 'message_id', 'attempts']).where('user_id', '=', userId).execute();
    expect(outbox).toEqual([{ id: told!.mail_id, state: 'sent', message_id: mail.parsed.messageId, attempts: 1 }]);
  });

  it('mails a kind at most once an hour: what comes meanwhile goes in one mail when the hour is over', async () => {
    const userId = await person('paced@example.org', 'en');
    await tell(userId, returned('00000000-0000-4000-8000-000000000003', 'First'), 'plan:p3:return:1');
    await gatherMail({ db: database.db, config });
    clock = new Date(clock.getTime() + 10 * MINUTE);
    await tell(userId, returned('00000000-0000-4000-8000-000000000004', 'Second'), 'plan:p4:return:1');
    clock = new Date(clock.getTime() + 5 * MINUTE);
    await tell(userId, returned('00000000-0000-4000-8000-000000000005', 'Third'), 'plan:p5:return:1');
    expect(await gatherMail({ db: database.db, config })).toMatchObject({ mails: 0, waiting: 1 });
    clock = new Date(clock.getTime() + 45 * MINUTE);
    expect(await gatherMail({ db: database.db, config })).toMatchObject({ mails: 1, waiting: 0 });
    await deliver();

    const mails = mailsTo('paced@example.org');
    expect(mails.map((mail) => mail.parsed.subject)).toEqual(['Plan “Ноябрь 2026” returned — ЦЗН Ленинского района', 'Ritm: returned plans (2)']);
    expect(mails[1]!.parsed.text).toContain('Returned by Иванова И. И.: Second');
    expect(mails[1]!.parsed.text).toContain('Returned by Иванова И. И.: Third');
    expect(mails[1]!.parsed.text).toContain('https://ritm.example.org/plans/00000000-0000-4000-8000-000000000005');
    expect(mails[1]!.parsed.headers.get('content-language')).toBe('en');
  });

  it('never mails a kind the person turned off, and gathers a daily kind at their digest hour in their zone', async () => {
    const userId = await person('choosy@example.org');
    await savePreferences(database.db, userId, { ...DEFAULT_NOTIFICATION_PREFERENCES, email: { ...DEFAULT_NOTIFICATION_PREFERENCES.email, plan_returned: 'off', item_assigned: 'daily' } });
    // 11:00 UTC is 23:00 in Kamchatka, the zone of the person's organisation: the 09:00 gathering is 21:00 UTC.
    clock = new Date('2026-11-24T11:00:00Z');
    await tell(userId, returned('00000000-0000-4000-8000-000000000006', 'Off'), 'plan:p6:return:1');
    const assigned: NotificationPayload = { kind: 'item_assigned', orgId, orgName: 'ЦЗН Ленинского района', itemId: 'i1', itemTitle: 'Ярмарка вакансий', day: '2026-11-27', actorName: 'Иванова И. И.' };
    await tell(userId, assigned, 'item:i1:u:1');
    expect(await gatherMail({ db: database.db, config })).toEqual({ mails: 0, skipped: 1, waiting: 1 });
    clock = new Date('2026-11-24T20:59:00Z');
    expect(await gatherMail({ db: database.db, config })).toEqual({ mails: 0, skipped: 0, waiting: 1 });
    clock = new Date('2026-11-24T21:00:00Z');
    expect(await gatherMail({ db: database.db, config })).toEqual({ mails: 1, skipped: 0, waiting: 0 });
    await deliver();
    expect(mailsTo('choosy@example.org').map((mail) => mail.parsed.subject)).toEqual(['Вы ответственный за «Ярмарка вакансий» — ЦЗН Ленинского района']);
    expect(await notificationsOf(userId)).toEqual(
      expect.arrayContaining([expect.objectContaining({ subject: 'plan:p6:return:1', mail_skipped: true, mail_id: null }), expect.objectContaining({ subject: 'item:i1:u:1', mail_skipped: false })]),
    );
  });

  it('does not mail a deactivated person', async () => {
    const userId = await person('gone@example.org');
    await database.db.updateTable('users').set({ disabled_at: clock }).where('id', '=', userId).execute();
    await tell(userId, returned('00000000-0000-4000-8000-000000000007', 'Gone'), 'plan:p7:return:1');
    expect(await gatherMail({ db: database.db, config })).toEqual({ mails: 0, skipped: 0, waiting: 0 });
    expect(await notificationsOf(userId)).toEqual([expect.objectContaining({ mailed_at: null })]);
  });

  it('does not mail what is about an organisation the person has left, but does a role above it', async () => {
    const leftId = await person('left@example.org');
    const aboveId = await person('above@example.org');
    const centre = await createOrg(database, { parentId: orgId, name: 'ЦЗН Елизово' });
    await tell(leftId, returned('00000000-0000-4000-8000-00000000000c', 'Left'), 'plan:pc:return:1');
    await tell(aboveId, { ...returned('00000000-0000-4000-8000-00000000000d', 'Above'), orgId: centre.id, orgName: 'ЦЗН Елизово' }, 'plan:pd:return:1');
    await database.db.deleteFrom('memberships').where('user_id', '=', leftId).execute();
    expect(await gatherMail({ db: database.db, config })).toMatchObject({ mails: 1, skipped: 1 });
    expect(await notificationsOf(leftId)).toEqual([expect.objectContaining({ mail_skipped: true, mail_id: null })]);
    expect((await notificationsOf(aboveId))[0]).toMatchObject({ mail_skipped: false, mail_id: expect.any(String) });
    await deliver();
    expect(mailsTo('left@example.org')).toHaveLength(0);
    expect(mailsTo('above@example.org')).toHaveLength(1);
  });

  it('gathers each notification into one mail even when two processes gather at once', async () => {
    const userId = await person('twice@example.org');
    await tell(userId, returned('00000000-0000-4000-8000-000000000008', 'Once'), 'plan:p8:return:1');
    const results = await Promise.all([gatherMail({ db: database.db, config }), gatherMail({ db: database.db, config })]);
    expect(results.reduce((sum, result) => sum + result.mails, 0)).toBe(1);
    await Promise.all([deliver(), deliver()]);
    expect(mailsTo('twice@example.org')).toHaveLength(1);
  });

  it('mails a person once an hour even when a gathering runs while another is writing its mail', async (context) => {
    // PGlite has one connection: its transactions never overlap, so there is no race to show.
    if (name === 'pglite') return context.skip();
    const userId = await person('overlap@example.org');
    let second: Promise<unknown> | undefined;
    let settled = false;
    await database.db.transaction().execute(async (trx) => {
      // The first gathering, mid-way: it holds the person's notifications and wrote its mail.
      await lockMailPace(trx, userId, 'plan_returned');
      await enqueueMail(trx, { userId, kind: 'plan_returned', message: { to: 'overlap@example.org', subject: 'First', text: 'First', html: '<p>First</p>', headers: {} }, at: clock });
      // Meanwhile something new comes, and another process gathers.
      await tell(userId, returned('00000000-0000-4000-8000-00000000000b', 'Meanwhile'), 'plan:pb:return:1');
      second = gatherMail({ db: database.db, config }).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // It waits for the first to finish rather than mailing past it.
      expect(settled).toBe(false);
    });
    expect(await second).toEqual({ mails: 0, skipped: 0, waiting: 1 });
    expect(await database.db.selectFrom('mail_outbox').select('subject').where('user_id', '=', userId).execute()).toEqual([{ subject: 'First' }]);
    await database.db.deleteFrom('mail_outbox').where('user_id', '=', userId).execute();
    await database.db.deleteFrom('notifications').where('user_id', '=', userId).execute();
  });

  it('tries a refused mail again with growing waits, then keeps it as failed with the server’s answer and reports it', async () => {
    const userId = await person('refused@example.org');
    await tell(userId, returned('00000000-0000-4000-8000-000000000009', 'Refused'), 'plan:p9:return:1');
    await gatherMail({ db: database.db, config });
    smtp.refuse({ code: 451, message: 'Mailbox busy, try later' });
    const waits: number[] = [];
    for (let tries = 1; tries <= 6; tries += 1) {
      const before = clock.getTime();
      const result = await deliver();
      const row = await database.db.selectFrom('mail_outbox').select(['state', 'attempts', 'next_attempt_at', 'last_error']).where('user_id', '=', userId).executeTakeFirstOrThrow();
      expect(row.attempts).toBe(tries);
      expect(row.last_error).toContain('451 Mailbox busy, try later');
      if (tries < 6) {
        expect(result).toEqual({ sent: 0, retried: 1, failed: 0 });
        expect(row.state).toBe('pending');
        const wait = new Date(row.next_attempt_at).getTime() - before;
        waits.push(wait / MINUTE);
        // Not before its time.
        clock = new Date(before + wait - 1000);
        expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
        clock = new Date(before + wait);
      } else {
        expect(result).toEqual({ sent: 0, retried: 0, failed: 1 });
        expect(row.state).toBe('failed');
      }
    }
    expect(waits).toEqual([1, 5, 15, 60, 180]);
    expect(smtp.attempts.filter((address) => address === 'refused@example.org')).toHaveLength(6);
    expect(logged.filter((entry) => entry.level === 'error')).toEqual([
      expect.objectContaining({ message: 'mail could not be delivered: kept as failed', payload: expect.objectContaining({ to: 'refused@example.org', tries: 6 }) }),
    ]);
    const health = await mailOutboxHealth(database.db, clock);
    expect(health).toMatchObject({ failed: 1, lastFailure: { to: 'refused@example.org', kind: 'plan_returned', error: expect.stringContaining('451 Mailbox busy') } });
    // A failed mail is kept, not tried again nor dropped.
    smtp.refuse(undefined);
    clock = new Date(clock.getTime() + 24 * 60 * MINUTE);
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(mailsTo('refused@example.org')).toHaveLength(0);
  });

  it('never sends a mail to a person deactivated after it was written: it is kept as failed, saying so', async () => {
    const userId = await person('deactivated-later@example.org');
    await tell(userId, returned('00000000-0000-4000-8000-00000000000e', 'Later'), 'plan:pe:return:1');
    expect(await gatherMail({ db: database.db, config })).toMatchObject({ mails: 1 });
    const healthBefore = await mailOutboxHealth(database.db, clock);
    await database.db.updateTable('users').set({ disabled_at: clock }).where('id', '=', userId).execute();
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(mailsTo('deactivated-later@example.org')).toHaveLength(0);
    expect(smtp.attempts).not.toContain('deactivated-later@example.org');
    expect(await database.db.selectFrom('mail_outbox').select(['state', 'attempts', 'last_error']).where('user_id', '=', userId).execute()).toEqual([
      { state: 'failed', attempts: 0, last_error: RECIPIENT_DEACTIVATED },
    ]);
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    // Not a delivery that failed: health does not report it as trouble.
    const health = await mailOutboxHealth(database.db, clock);
    expect({ failed: health.failed, lastFailure: health.lastFailure }).toEqual({ failed: healthBefore.failed, lastFailure: healthBefore.lastFailure });
  });

  it('does not mail the backlog when SMTP comes on later: what waited over a day is skipped, and one mail lists at most ten', async () => {
    const userId = await person('backlog@example.org', 'en');
    const start = clock;
    clock = new Date(start.getTime() - 48 * 60 * MINUTE);
    for (const n of [1, 2, 3]) await tell(userId, returned(`00000000-0000-4000-8000-0000000001${n}0`, `Old ${n}`), `plan:old${n}:return:1`);
    clock = new Date(start.getTime() - 23 * 60 * MINUTE);
    await tell(userId, returned('00000000-0000-4000-8000-000000000190', 'Fresh 00'), 'plan:fresh0:return:1');
    for (let n = 1; n <= 11; n += 1) {
      // A second apart: listed in the order they came.
      clock = new Date(start.getTime() + n * 1000);
      const id = String(n).padStart(2, '0');
      await tell(userId, returned(`00000000-0000-4000-8000-0000000002${id}`, `Fresh ${id}`), `plan:fresh${id}:return:1`);
    }
    expect(await gatherMail({ db: database.db, config })).toMatchObject({ mails: 1, skipped: 3 });
    const told = await notificationsOf(userId);
    expect(told.filter((row) => row.subject.startsWith('plan:old')).map((row) => [row.mail_skipped, row.mail_id])).toEqual([
      [true, null],
      [true, null],
      [true, null],
    ]);
    expect(told.filter((row) => row.subject.startsWith('plan:fresh')).every((row) => row.mail_id !== null && !row.mail_skipped)).toBe(true);
    await deliver();
    const [mail] = mailsTo('backlog@example.org');
    expect(mail!.parsed.subject).toBe('Ritm: returned plans (12)');
    expect(mail!.parsed.text).not.toContain('Old');
    expect(mail!.parsed.text).toContain('Fresh 00');
    expect(mail!.parsed.text).toContain('Fresh 09');
    expect(mail!.parsed.text).not.toContain('Fresh 10');
    expect(mail!.parsed.text).toContain('…and 2 more');
    expect(mail!.parsed.html).toContain('…and 2 more');
    expect(mail!.parsed.text).toContain('https://ritm.example.org/notifications');
  });

  it('reports the mail waiting in the outbox', async () => {
    const userId = await person('waiting@example.org');
    await tell(userId, returned('00000000-0000-4000-8000-00000000000a', 'Waiting'), 'plan:pa:return:1');
    await gatherMail({ db: database.db, config });
    expect(await mailOutboxHealth(database.db, new Date(clock.getTime() + MINUTE))).toMatchObject({ pending: 1, oldestDueAt: clock.toISOString() });
    await deliver();
    expect(await mailOutboxHealth(database.db, clock)).toMatchObject({ pending: 0, oldestDueAt: null });
  });
});
