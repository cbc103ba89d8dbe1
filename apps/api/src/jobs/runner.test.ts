import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import PgBoss from 'pg-boss';
import type { Database } from '../db/connection.js';
import { enqueueMail, markMailAttemptFailed } from '../repositories/mail-outbox.js';
import { pgBossExecutor } from '../repositories/pg-boss.js';
import { createJobRunner } from './create-runner.js';
import type { JobDefinition, JobRunner } from './runner.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** Waits until `check` holds (polling), or fails after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(testDatabases())('the job runner on $name', ({ name: databaseKind, open }) => {
  let database: Database;
  const runners: JobRunner[] = [];
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    for (const runner of runners) await runner.stop();
    await database?.close();
  });

  /** A runner over the test database with these jobs, started. */
  async function runner(definitions: JobDefinition<never>[], work = true, jobsStuckMinutes = 1): Promise<JobRunner> {
    const created = await createJobRunner(database, testConfig({ jobsStuckMinutes }), { log: silent, pollMs: 200, maintenanceSeconds: 1 });
    for (const definition of definitions) created.define(definition);
    runners.push(created);
    await created.start({ work });
    return created;
  }

  it('runs a sent job with its data, once', async () => {
    const seen: unknown[] = [];
    const jobs = await runner([{ name: 'test.echo', handler: async (data) => void seen.push(data) }]);
    const id = await jobs.send('test.echo', { greeting: 'привет' });
    expect(id).toEqual(expect.any(String));
    await until(() => seen.length === 1, 15_000, 'the job');
    expect(seen).toEqual([{ greeting: 'привет' }]);
    await until(async () => (await jobs.status()).queues.find((q) => q.name === 'test.echo')?.queued === 0, 5000, 'the queue to empty');
    await jobs.stop();
  });

  it('retries a failing job with growing waits, then keeps it as failed with the last error', async () => {
    const tries: Array<{ attempt: number; at: number }> = [];
    const jobs = await runner([
      {
        name: 'test.flaky',
        attempts: 3,
        retryDelaySeconds: 1,
        handler: async (_data, { attempt }) => {
          tries.push({ attempt, at: Date.now() });
          throw new Error(`try ${attempt} failed`);
        },
      },
    ]);
    await jobs.send('test.flaky', {});
    await until(() => tries.length === 3, 30_000, 'three tries');
    expect(tries.map((t) => t.attempt)).toEqual([1, 2, 3]);
    const [first, second, third] = tries.map((t) => t.at) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(900);
    // The wait doubles: the second retry waits about twice the first.
    expect(third - second).toBeGreaterThanOrEqual(1800);
    await until(async () => (await jobs.status()).queues.find((q) => q.name === 'test.flaky')?.failed === 1, 10_000, 'the failure to be kept');
    const queue = (await jobs.status()).queues.find((q) => q.name === 'test.flaky');
    expect(queue).toMatchObject({ queued: 0, active: 0, failed: 1, lastFailure: { message: 'try 3 failed' } });
    await jobs.stop();
  });

  it('retries a try that runs past its expiry', async () => {
    const attempts: number[] = [];
    const jobs = await runner([
      {
        name: 'test.hangs',
        attempts: 2,
        retryDelaySeconds: 0,
        expireSeconds: 1,
        handler: async (_data, { attempt }) => {
          attempts.push(attempt);
          // The first try never ends by itself (it ignores its signal); the second does.
          if (attempt === 1) await new Promise(() => {});
        },
      },
    ]);
    await jobs.send('test.hangs', {});
    await until(() => attempts.length === 2, 60_000, 'the retry of the expired try');
    expect(attempts).toEqual([1, 2]);
    await jobs.stop();
  }, 90_000);

  it('keeps jobs across a restart, and a stopped runner aborts the try in flight', async () => {
    let aborted = false;
    const first = await runner([
      {
        name: 'test.slow',
        // pg-boss counts the aborted try as failed and retries it after this wait.
        retryDelaySeconds: 1,
        handler: async (_data, { signal }) =>
          new Promise<void>((_resolve, reject) => {
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(new Error('aborted'));
            });
          }),
      },
      { name: 'test.later', handler: async () => {} },
    ]);
    await first.send('test.slow', {});
    await until(async () => (await first.status()).queues.find((q) => q.name === 'test.slow')?.active === 1, 15_000, 'the slow job to start');
    await first.send('test.later', {}, { startAfter: new Date(Date.now() + 1500) });
    await first.stop();
    expect(aborted).toBe(true);

    const ran: string[] = [];
    const second = await runner([
      { name: 'test.slow', handler: async () => void ran.push('slow') },
      { name: 'test.later', handler: async () => void ran.push('later') },
    ]);
    await until(() => ran.length === 2, 30_000, 'both jobs after the restart');
    expect(ran.sort()).toEqual(['later', 'slow']);
    await second.stop();
  });

  it('keeps one job per singleton key waiting', async () => {
    const jobs = await runner([{ name: 'test.single', handler: async () => {} }], false);
    const key = `k${Date.now()}`;
    const first = await jobs.send('test.single', {}, { singletonKey: key, startAfter: new Date(Date.now() + 60_000) });
    expect(first).toEqual(expect.any(String));
    expect(await jobs.send('test.single', {}, { singletonKey: key })).toBeNull();
    expect(await jobs.send('test.single', {}, { singletonKey: `${key}-other` })).toEqual(expect.any(String));
    await jobs.stop();
  });

  it('a process that does not work jobs leaves them waiting, and still names a queue stuck once its due job waits past the threshold', async () => {
    let ran = false;
    // Three seconds: a job due that long with nobody working it is what health must report.
    const jobs = await runner([{ name: 'test.idle', handler: async () => void (ran = true) }], false, 0.05);
    await jobs.send('test.idle', {});
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(ran).toBe(false);
    const early = await jobs.status();
    expect(early.working).toBe(false);
    expect(early.queues.find((q) => q.name === 'test.idle')).toMatchObject({ queued: 1, active: 0 });
    expect(early.stuck).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await jobs.status()).stuck).toEqual([{ name: 'test.idle', reason: 'waiting', since: expect.any(String) }]);
    await jobs.stop();
  });

  it('aborts the signal of a try that runs past its expiry', async () => {
    const aborted: number[] = [];
    const jobs = await runner([
      {
        name: 'test.overrun',
        attempts: 1,
        expireSeconds: 1,
        handler: async (_data, { attempt, signal }) =>
          new Promise<void>((resolve) => {
            signal.addEventListener('abort', () => {
              aborted.push(attempt);
              resolve();
            });
          }),
      },
    ]);
    await jobs.send('test.overrun', {});
    await until(() => aborted.length === 1, 30_000, 'the expired try to be aborted');
    expect(aborted).toEqual([1]);
    await jobs.stop();
  }, 45_000);

  it('stops taking jobs before it aborts the tries in flight', async () => {
    const started: string[] = [];
    const blocking: JobDefinition<never> = {
      name: 'test.block',
      retryDelaySeconds: 0,
      handler: async (_data, { id, signal }) => {
        started.push(id);
        await new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      },
    };
    // Other queues first: their workers are let go before this one's.
    const jobs = await runner([{ name: 'test.other-a', handler: async () => {} }, { name: 'test.other-b', handler: async () => {} }, blocking]);
    await jobs.send('test.block', {});
    await until(() => started.length === 1, 15_000, 'the first job to start');
    await jobs.send('test.block', {});
    await jobs.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(started).toHaveLength(1);
  });

  it('reports the mail outbox, and a mail failed for good as stuck', async () => {
    const jobs = await runner([], false);
    const message = { to: 'editor@example.org', subject: 'План возвращён', text: 'text', html: '<p>html</p>', headers: {} };
    const id = await enqueueMail(database.db, { userId: null, kind: 'plan_returned', message });
    await markMailAttemptFailed(database.db, id, '550 5.1.1 mailbox unavailable', null);
    const status = await jobs.status();
    expect(status.mail).toMatchObject({ failed: 1, lastFailure: { to: 'editor@example.org', kind: 'plan_returned', error: '550 5.1.1 mailbox unavailable' } });
    expect(status.stuck).toContainEqual({ name: 'mail.deliver', reason: 'mail-failed', since: status.mail.lastFailure!.at });
    await jobs.stop();
  });

  it.runIf(databaseKind === 'postgres')('removes a schedule no definition has any more', async () => {
    const first = await runner([{ name: 'test.was-scheduled', cron: '* * * * *', handler: async () => {} }]);
    await first.stop();
    const second = await runner([{ name: 'test.was-scheduled', handler: async () => {} }]);
    const boss = new PgBoss({ db: pgBossExecutor(database.db), schema: database.schema!, schedule: false, supervise: false, migrate: false });
    await boss.start();
    try {
      expect((await boss.getSchedules()).map((s) => s.name)).not.toContain('test.was-scheduled');
    } finally {
      await boss.stop({ graceful: false, close: false });
      await second.stop();
    }
  });

  it('runs a scheduled job once per minute however many runners work the database', async () => {
    // Each run with the minute it ran in: a runner started late in a minute runs that minute's job
    // at once, and the next minute's a few seconds later is a run of its own, not a second one.
    const runs: Array<{ who: string; minute: number }> = [];
    const definition = (who: string): JobDefinition<never> => ({
      name: 'test.every-minute',
      cron: '* * * * *',
      handler: async () => void runs.push({ who, minute: Math.floor(Date.now() / 60_000) }),
    });
    const a = await runner([definition('a')]);
    const b = await runner([definition('b')]);
    await until(() => runs.length >= 1, 75_000, 'a scheduled run');
    // Both runners have looked at the minute by now; it still ran once in it.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const first = runs[0]!.minute;
    expect(runs.filter((run) => run.minute === first)).toHaveLength(1);
    expect(new Set(runs.map((run) => run.minute)).size).toBe(runs.length);
    const status = await a.status();
    expect(status.schedules).toEqual([
      { name: 'test.every-minute', cron: '* * * * *', lastRunAt: expect.any(String), lastState: 'completed', nextRunAt: expect.any(String) },
    ]);
    await a.stop();
    await b.stop();
  }, 90_000);
});
