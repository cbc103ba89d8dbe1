import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/databases.js';
import { buildTestApp, testConfig, useTestApp } from '../../../test/app.js';
import { buildApp } from '../../app.js';
import { enqueueMail, markMailAttemptFailed } from '../../repositories/mail-outbox.js';

describe.each(testDatabases())('GET /api/health on $name', ({ name, open }) => {
  const ctx = useTestApp(open);

  it('answers 200 with the database reachable', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: { kind: name, reachable: true }, jobs: { working: false, stuck: [] } });
  });

  it('answers degraded (still 200) and names the queue when a due job waits past the threshold in a process that works jobs', async () => {
    // The threshold is minutes in RITM_JOBS_STUCK_MINUTES; a test takes three seconds.
    const working = await buildApp({ config: testConfig({ jobs: true, jobsStuckMinutes: 0.05 }), database: ctx.database });
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    working.jobs.define({ name: 'test.blocking', handler: () => released });
    await working.ready();
    try {
      // One try at a time per job: the second waits behind the first.
      await working.jobs.send('test.blocking', {});
      await working.jobs.send('test.blocking', {});
      await new Promise((resolve) => setTimeout(resolve, 4500));
      const response = await working.inject({ method: 'GET', url: '/api/health' });
      expect(response.statusCode).toBe(200);
      // A scheduled job sent meanwhile may be listed too when the loaded machine is slow to take it.
      expect(response.json()).toMatchObject({ status: 'degraded', database: { kind: name, reachable: true }, jobs: { working: true } });
      expect(response.json().jobs.stuck).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'test.blocking', reason: 'waiting' })]));
    } finally {
      release();
      await working.close();
    }
  });

  it('answers degraded when a due job waits past the threshold even where this process does not work jobs (RITM_JOBS=off)', async () => {
    const idle = await buildTestApp(ctx.database, { jobs: false, jobsStuckMinutes: 0.05 });
    try {
      await idle.jobs.send('reports.cleanup', {});
      await new Promise((resolve) => setTimeout(resolve, 3500));
      const response = await idle.inject({ method: 'GET', url: '/api/health' });
      expect(response.statusCode).toBe(200);
      // The working process of the test before may have left scheduled jobs (a cron minute passed
      // while it ran) that nobody here takes: those are rightly listed as waiting too.
      expect(response.json()).toMatchObject({ status: 'degraded', jobs: { working: false } });
      expect(response.json().jobs.stuck).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'reports.cleanup', reason: 'waiting' })]));
    } finally {
      await idle.close();
    }
  });

  it('answers degraded when a mail failed for good', async () => {
    const message = { to: 'director@example.org', subject: 'Дайджест', text: 'text', html: '<p>html</p>', headers: {} };
    const id = await enqueueMail(ctx.database.db, { userId: null, kind: 'weekly_digest', message });
    await markMailAttemptFailed(ctx.database.db, id, '550 no such user', null);
    try {
      const response = await ctx.app.inject({ method: 'GET', url: '/api/health' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'degraded', jobs: { stuck: [{ name: 'mail.deliver', reason: 'mail-failed' }] } });
    } finally {
      await ctx.database.db.deleteFrom('mail_outbox').where('id', '=', id).execute();
    }
  });

  it('answers degraded, not 500, when the job store cannot be read', async () => {
    const app = await buildTestApp(ctx.database);
    app.jobs.status = () => Promise.reject(new Error('relation "pgboss.job" does not exist'));
    try {
      const response = await app.inject({ method: 'GET', url: '/api/health' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'degraded',
        database: { kind: name, reachable: true },
        jobs: { working: false, stuck: [{ name: 'jobs', reason: 'unreadable', since: expect.any(String) }] },
      });
    } finally {
      await app.close();
    }
  });

  it('answers 503 when the database does not answer', async () => {
    const failing = { ...ctx.database, ping: () => Promise.reject(new Error('connection refused')) };
    const broken = await buildTestApp(failing);
    try {
      const response = await broken.inject({ method: 'GET', url: '/api/health' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'unavailable', database: { kind: name, reachable: false } });
    } finally {
      await broken.close();
    }
  });
});
