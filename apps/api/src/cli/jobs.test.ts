import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import type { Database } from '../db/connection.js';
import { JOB_AREAS } from '../jobs/definitions.js';
import { pgBossInstalled } from '../repositories/pg-boss.js';
import { formatJobsStatus, localStatus } from './jobs.js';

describe.each(testDatabases())('`ritm jobs` reading $name', ({ name, open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('reads every area’s queues and the mail outbox, and writes nothing to do it', async () => {
    const status = await localStatus(database, testConfig());
    expect(JOB_AREAS.length).toBeGreaterThan(0);
    expect(status.queues.map((q) => q.name)).toEqual(expect.arrayContaining(['evidence.read-due', 'mail.deliver', 'digest.weekly']));
    expect(status.mail).toEqual({ pending: 0, oldestDueAt: null, failed: 0, lastFailure: null });
    expect(status.stuck).toEqual([]);
    // No queue, no schedule, not even pg-boss's tables: looking is not installing.
    if (name === 'postgres') expect(await pgBossInstalled(database.db, database.schema!)).toBe(false);
  });
});

describe('the printed status', () => {
  const status = {
    runner: 'table' as const,
    working: false,
    schedules: [],
    queues: [],
    mail: { pending: 2, oldestDueAt: '2026-11-26T09:00:00.000Z', failed: 1, lastFailure: { at: '2026-11-25T08:00:00.000Z', to: 'a@example.org', kind: 'plan_returned', error: '550 no such user' } },
    stuck: [
      { name: 'mail.deliver', reason: 'mail-waiting' as const, since: '2026-11-26T09:00:00.000Z' },
      { name: 'mail.deliver', reason: 'mail-failed' as const, since: '2026-11-25T08:00:00.000Z' },
    ],
  };

  it('shows the mail outbox and why it is stuck, in Russian and English', () => {
    expect(formatJobsStatus(status, 'en')).toContain(
      [
        'Mail',
        '  waiting to be sent 2 (the oldest since 2026-11-26T09:00:00.000Z), failed 1',
        '  the last failed: 2026-11-25T08:00:00.000Z, a@example.org, returned plans: 550 no such user',
        '',
        'Not moving',
        '  mail.deliver: a mail has waited to be sent since 2026-11-26T09:00:00.000Z',
        '  mail.deliver: mail could not be sent (in the last 7 days), the last one written 2026-11-25T08:00:00.000Z',
      ].join('\n'),
    );
    const ru = formatJobsStatus(status, 'ru');
    expect(ru).toContain('Почта\n  ждут отправки 2 (старейшее с 2026-11-26T09:00:00.000Z), не отправлено 1\n');
    expect(ru).toContain('  mail.deliver: письмо не удалось отправить (за 7 дней), последнее записано 2026-11-25T08:00:00.000Z');
    // The kind by its name in the reader's language; one the catalogue does not name, by its code.
    expect(ru).toContain('  последнее неотправленное: 2026-11-25T08:00:00.000Z, a@example.org, возвращённые планы: 550 no such user\n');
    // The job store itself unreadable (health's `unreadable`): said in words, as every reason is.
    const unreadable = { ...status, stuck: [{ name: 'jobs', reason: 'unreadable' as const, since: '2026-11-26T10:00:00.000Z' }] };
    expect(formatJobsStatus(unreadable, 'ru')).toContain('  jobs: хранилище заданий не читается, проверено 2026-11-26T10:00:00.000Z\n');
    expect(formatJobsStatus(unreadable, 'en')).toContain('  jobs: the job store could not be read, checked 2026-11-26T10:00:00.000Z\n');
    const unnamed = formatJobsStatus({ ...status, mail: { ...status.mail, lastFailure: { ...status.mail.lastFailure!, kind: 'test_mail' } } }, 'ru');
    expect(unnamed).toContain(', a@example.org, test_mail: 550 no such user\n');
  });
});
