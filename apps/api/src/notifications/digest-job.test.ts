import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { addMember, createOrg, createUser } from '../../test/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/smtp-server.js';
import type { Config } from '../config.js';
import type { Database } from '../db/connection.js';
import { createEvidenceReader } from '../evidence/registry.js';
import { createJobRunner } from '../jobs/create-runner.js';
import type { JobRunner } from '../jobs/runner.js';
import { defineDigestJobs } from './digest-job.js';
import { defineMailJobs } from './mail-jobs.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Monday 23 November 2026, 07:05 UTC: 09:05 in Kaliningrad, 10:05 in Moscow — both slots have come.
const NOW = new Date('2026-11-23T07:05:00Z');

describe.each(testDatabases())('digest.weekly on the job runner ($name)', ({ open }) => {
  let database: Database;
  let smtp: TestSmtpServer;
  let config: Config;
  const runners: JobRunner[] = [];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await open();
    smtp = await startSmtpServer();
    config = testConfig({ now: () => NOW, smtpUrl: smtp.url, mailFrom: 'Ритм <ritm@example.org>', publicUrl: 'https://ritm.example.org' });
    ids.ministry = (await createOrg(database, { kind: 'employment_authority', name: 'Министерство труда' })).id;
    ids.centre = (await createOrg(database, { parentId: ids.ministry, name: 'ЦЗН Калининграда', timezone: 'Europe/Kaliningrad' })).id;
    const director = await createUser(database, 'director@digest-job.test', { name: 'Ольга Директорова' });
    const editor = await createUser(database, 'editor@digest-job.test', { name: 'Анна Балтийская' });
    Object.assign(ids, { director: director.id, editor: editor.id });
    await addMember(database, director.id, ids.ministry, 'director');
    await addMember(database, editor.id, ids.centre, 'editor');
  });
  afterAll(async () => {
    for (const runner of runners) await runner.stop();
    await smtp?.close();
    await database?.close();
  });

  it('two runners on one database send each person’s digest once, in Russian, with links on RITM_PUBLIC_URL', async () => {
    for (let i = 0; i < 2; i++) {
      const runner = await createJobRunner(database, config, { log: silent, pollMs: 100, now: () => NOW });
      const deps = { db: database.db, config, evidence: createEvidenceReader(config, database.db), log: silent };
      defineMailJobs(runner, deps);
      defineDigestJobs(runner, deps);
      runners.push(runner);
      await runner.start({ work: true });
    }
    // Both ask at once, as two processes' quarter-hour runs would.
    await Promise.all(runners.map((runner) => runner.send('digest.weekly', {})));
    const digestQueue = async () => (await runners[0]!.status()).queues.find((q) => q.name === 'digest.weekly');
    await until(async () => {
      const queue = await digestQueue();
      return queue !== undefined && queue.queued === 0 && queue.active === 0;
    }, 60_000, 'both digest runs');
    expect((await digestQueue())!.failed).toBe(0);

    const runs = await database.db.selectFrom('digest_runs').select(['user_id', 'week', 'mail_id']).orderBy('user_id').execute();
    expect(runs.map((r) => [r.user_id, r.week])).toEqual([[ids.director, '2026-W48'], [ids.editor, '2026-W48']].sort((a, b) => a[0]!.localeCompare(b[0]!)));
    expect(runs.every((r) => r.mail_id !== null)).toBe(true);
    const outbox = await database.db.selectFrom('mail_outbox').select(['to_address', 'kind']).execute();
    expect(outbox.map((m) => m.to_address).sort()).toEqual(['director@digest-job.test', 'editor@digest-job.test']);
    const bell = await database.db.selectFrom('notifications').select(['user_id', 'kind', 'subject']).execute();
    expect(bell).toHaveLength(2);
    expect(bell.every((n) => n.kind === 'weekly_digest' && n.subject === '2026-W48')).toBe(true);

    // The run that wrote them asked for a delivery at once.
    await until(async () => smtp.received.length >= 2, 60_000, 'the digests at the SMTP server');
    expect(smtp.received).toHaveLength(2);
    const toEditor = smtp.received.find((mail) => mail.to.includes('editor@digest-job.test'))!;
    expect(toEditor.parsed.subject).toBe('Ритм, неделя 23 ноября – 29 ноября 2026 г.: всё идёт по плану');
    expect(toEditor.parsed.headers.get('content-language')).toBe('ru');
    expect(toEditor.parsed.text).toContain('Здравствуйте, Анна Балтийская! Сводка Ритма за неделю 23 ноября – 29 ноября 2026 г.');
    // The date ends with «г.»: the sentence takes no second full stop.
    expect(toEditor.parsed.text).not.toContain('г..');
    expect(toEditor.parsed.text).toContain('Всё идёт по плану');
    expect(toEditor.parsed.text).toContain(`Открыть сводку в Ритме: https://ritm.example.org/dashboard?org=${ids.centre}`);
    // Headers as sent, long ones unfolded.
    expect(toEditor.raw.replace(/\r\n[ \t]+/g, ' ')).toMatch(/^List-Unsubscribe: <https:\/\/ritm\.example\.org\/api\/unsubscribe\/[^>]+>\r$/m);
    const toDirector = smtp.received.find((mail) => mail.to.includes('director@digest-job.test'))!;
    expect(toDirector.parsed.text).toContain('Министерство труда и подведомственные — организаций: 2');
    expect(toDirector.parsed.html).toContain(`href="https://ritm.example.org/dashboard?org=${ids.ministry}"`);

    // The next quarter-hour's run finds everyone's week sent.
    await runners[1]!.send('digest.weekly', {});
    await until(async () => {
      const queue = await digestQueue();
      return queue !== undefined && queue.queued === 0 && queue.active === 0;
    }, 60_000, 'the next run');
    expect(await database.db.selectFrom('mail_outbox').select('id').execute()).toHaveLength(2);
  }, 120_000);
});
