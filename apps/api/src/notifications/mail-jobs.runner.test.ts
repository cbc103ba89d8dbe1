import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { addMember, createOrg, createUser } from '../../test/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/smtp-server.js';
import type { App } from '../app.js';
import type { Database } from '../db/connection.js';
import { insertNotifications } from '../repositories/notifications.js';

// The mail jobs as the server runs them: defined through JOB_AREAS by the jobs plugin, worked by
// the app's runner. A gathering that wrote a mail asks for a delivery at once.
describe.each(testDatabases())('mail on the job runner ($name)', ({ open }) => {
  let database: Database;
  let smtp: TestSmtpServer;
  let app: App;

  beforeAll(async () => {
    database = await open();
    smtp = await startSmtpServer();
    app = await buildTestApp(database, { jobs: true, smtpUrl: smtp.url, mailFrom: 'Ритм <ritm@example.org>', publicUrl: 'https://ritm.example.org' });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await database?.close();
  });

  it('gathers a notification into a mail and delivers it once', async () => {
    const org = await createOrg(database, { name: 'ЦЗН Ленинского района' });
    const user = await createUser(database, 'runner@example.org');
    await addMember(database, user.id, org.id, 'editor');
    const planId = '00000000-0000-4000-8000-0000000000b1';
    await insertNotifications(database.db, {
      userIds: [user.id],
      payload: { kind: 'plan_approved', orgId: org.id, orgName: 'ЦЗН Ленинского района', planId, planTitle: 'Декабрь 2026', actorName: 'Петров П. П.' },
      subject: `plan:${planId}:approve:4`,
    });
    await app.jobs.send('mail.gather', {});
    await vi.waitUntil(() => smtp.received.length === 1, { timeout: 30_000, interval: 100 });
    expect(smtp.received[0]!.parsed.subject).toBe('План «Декабрь 2026» утверждён — ЦЗН Ленинского района');
    expect(smtp.received[0]!.parsed.text).toContain(`https://ritm.example.org/plans/${planId}?org=${org.id}`);
    await vi.waitUntil(async () => (await database.db.selectFrom('mail_outbox').select('state').executeTakeFirst())?.state === 'sent', { timeout: 10_000, interval: 100 });
    // Another gathering and delivery find nothing more to send.
    await app.jobs.send('mail.gather', {});
    await app.jobs.send('mail.deliver', {});
    await vi.waitUntil(async () => (await app.jobs.status()).queues.every((queue) => queue.queued === 0 && queue.active === 0), { timeout: 30_000, interval: 100 });
    expect(smtp.received).toHaveLength(1);
  });
});
