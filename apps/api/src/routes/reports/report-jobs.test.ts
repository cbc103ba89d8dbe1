import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';
import type { ReportJob } from '@ritm/contracts/report-jobs';
import { buildReportFile, removeExpiredReports, REPORT_BUILD_JOB } from '../../services/report-jobs.js';

// Reports prepared in the background (issue 14): asked for, built by the `reports.build` handler
// (called here as the runner calls it), listed, downloaded by the person who asked and by nobody
// else, failed with a message in the reader's language, and removed after a week.
describe.each(testDatabases())('reports prepared in the background on $name', ({ open }) => {
  let clock = new Date('2026-11-20T09:00:00Z');
  const ctx = useTestApp(open, { now: () => clock });
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const deps = () => ({ db: ctx.database.db, config: ctx.app.ritmConfig, log: quiet });
  let director: Record<string, string>;
  let deputy: Record<string, string>;
  let directorId: string;
  let deputyId: string;
  let regionId: string;
  let plantId: string;
  let bigId: string;

  const call = (url: string, headers: Record<string, string>) => ctx.app.inject({ method: 'GET', url: `/api${url}`, headers });
  const post = (orgId: string, kind: string, query: string, headers: Record<string, string>) =>
    ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/reports/${kind}/jobs?${query}`, headers });
  /** Asks for a report through the route; the job as answered (202). */
  async function ask(orgId: string, kind: string, query: string, headers = director): Promise<ReportJob> {
    const response = await post(orgId, kind, query, headers);
    expect(response.statusCode, response.body).toBe(202);
    return response.json();
  }
  const waiting = async () => (await ctx.app.jobs.status()).queues.find((q) => q.name === REPORT_BUILD_JOB)?.queued ?? 0;
  const build = (reportId: string, attempt = 1, signal = new AbortController().signal) => buildReportFile(deps(), { reportId }, { attempt, signal });

  beforeAll(async () => {
    regionId = (await createOrg(ctx.database, { kind: 'union_territorial', name: 'Областная организация профсоюза' })).id;
    plantId = (await createOrg(ctx.database, { kind: 'union_primary', parentId: regionId, name: 'Профком завода «Прогресс»' })).id;
    directorId = (await createUser(ctx.database, 'director@report-jobs.test')).id;
    deputyId = (await createUser(ctx.database, 'deputy@report-jobs.test')).id;
    await addMember(ctx.database, directorId, regionId, 'director');
    await addMember(ctx.database, deputyId, regionId, 'director');
    director = await login(ctx.app, 'director@report-jobs.test');
    deputy = await login(ctx.app, 'deputy@report-jobs.test');
    // A tree larger than a PDF may cover (PDF_MAX_ORGANISATIONS = 100).
    bigId = (await createOrg(ctx.database, { kind: 'employment_center', name: 'Большая сеть центров' })).id;
    for (let n = 0; n < 100; n++) await createOrg(ctx.database, { parentId: bigId, name: `Центр ${n}` });
    await addMember(ctx.database, directorId, bigId, 'director');
  });

  it('builds the compliance report as the streamed route does, keeps it and tells the person who asked', async () => {
    const before = await waiting();
    const asked = await ask(regionId, 'compliance', 'from=2026-10-01&to=2026-12-31&format=xlsx');
    expect(asked).toMatchObject({ status: 'queued', orgId: regionId, kind: 'compliance', format: 'xlsx', lang: 'ru' });
    // The build is sent to the runner (this test app works no jobs: the handler is called below).
    expect(await waiting()).toBe(before + 1);
    const queued = await call(`/orgs/${regionId}/report-jobs/${asked.id}`, director);
    expect(queued.statusCode).toBe(200);
    expect(queued.json()).toMatchObject({ status: 'queued', fileUrl: null, size: null, error: null, title: 'Отчёт о соблюдении нормативов, 01.10.2026 — 31.12.2026' });
    expect((await call(`/orgs/${regionId}/report-jobs/${asked.id}/file`, director)).statusCode).toBe(409);

    await build(asked.id);
    const ready = (await call(`/orgs/${regionId}/report-jobs/${asked.id}`, director)).json();
    expect(ready).toMatchObject({
      status: 'ready',
      kind: 'compliance',
      format: 'xlsx',
      from: '2026-10-01',
      to: '2026-12-31',
      year: null,
      fileName: 'compliance-2026-10-01-2026-12-31.xlsx',
      fileUrl: `/orgs/${regionId}/report-jobs/${asked.id}/file`,
      requestedAt: '2026-11-20T09:00:00.000Z',
      finishedAt: '2026-11-20T09:00:00.000Z',
      expiresAt: '2026-11-27T09:00:00.000Z',
    });
    const file = await call(ready.fileUrl, director);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(file.headers['content-disposition']).toBe('attachment; filename="compliance-2026-10-01-2026-12-31.xlsx"');
    expect(file.rawPayload.byteLength).toBe(ready.size);
    // The same workbook as the streamed route's: the same sheets, the same rows.
    const streamed = await call(`/orgs/${regionId}/reports/compliance?from=2026-10-01&to=2026-12-31&format=xlsx`, director);
    const ExcelJS = (await import('exceljs')).default;
    const sheets = async (bytes: Buffer) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as never);
      return book.worksheets.map((sheet) => [sheet.name, sheet.getSheetValues()]);
    };
    expect(await sheets(file.rawPayload)).toEqual(await sheets(streamed.rawPayload));

    const told = await ctx.database.db.selectFrom('notifications').select(['user_id', 'kind', 'subject', 'payload']).where('subject', '=', `report:${asked.id}`).execute();
    expect(told).toEqual([
      {
        user_id: directorId,
        kind: 'report_ready',
        subject: `report:${asked.id}`,
        payload: { kind: 'report_ready', orgId: regionId, orgName: 'Областная организация профсоюза', reportId: asked.id, reportTitle: 'Отчёт о соблюдении нормативов, 01.10.2026 — 31.12.2026' },
      },
    ]);
    // A try run again (the runner's retry after a lost acknowledgement) builds and tells nothing twice.
    await build(asked.id, 2);
    expect(await ctx.database.db.selectFrom('notifications').select('id').where('subject', '=', `report:${asked.id}`).execute()).toHaveLength(1);
  });

  it('builds the annual review as a PDF in the language asked for', async () => {
    const asked = await ask(regionId, 'annual-review', 'year=2026&format=pdf&lang=en');
    await build(asked.id);
    const ready = (await call(`/orgs/${regionId}/report-jobs/${asked.id}`, { ...director, 'accept-language': 'en' })).json();
    expect(ready).toMatchObject({ status: 'ready', year: 2026, from: null, lang: 'en', title: 'Annual review of information work, 2026', fileName: 'annual-review-2026.pdf' });
    const file = await call(ready.fileUrl, director);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe('attachment; filename="annual-review-2026.pdf"');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('lists the caller’s own reports of the organisation, newest first, and hides them from everyone else', async () => {
    clock = new Date('2026-11-20T10:00:00Z');
    const newest = await ask(regionId, 'compliance', 'from=2026-11-01&to=2026-11-30&format=pdf');
    const mine = (await call(`/orgs/${regionId}/report-jobs`, director)).json().jobs as { id: string; requestedAt: string }[];
    expect(mine[0]!.id).toBe(newest.id);
    expect(mine.map((j) => j.requestedAt)).toEqual([...mine.map((j) => j.requestedAt)].sort().reverse());
    expect(mine).toHaveLength(3);
    // Another director of the same organisation sees none of them and cannot fetch them.
    expect((await call(`/orgs/${regionId}/report-jobs`, deputy)).json().jobs).toEqual([]);
    expect((await call(`/orgs/${regionId}/report-jobs/${newest.id}`, deputy)).statusCode).toBe(404);
    expect((await call(`/orgs/${regionId}/report-jobs/${mine[1]!.id}/file`, deputy)).statusCode).toBe(404);
    // Nor is a report of the region found under the plant.
    expect((await call(`/orgs/${plantId}/report-jobs/${newest.id}`, director)).statusCode).toBe(404);
    expect((await call(`/orgs/${plantId}/report-jobs`, director)).json().jobs).toEqual([]);
  });

  it('fails a PDF over its bound at once, with the reason in the reader’s language', async () => {
    const asked = await ask(bigId, 'compliance', 'from=2026-11-01&to=2026-11-30&format=pdf');
    await build(asked.id);
    const ru = (await call(`/orgs/${bigId}/report-jobs/${asked.id}`, director)).json();
    expect(ru.status).toBe('failed');
    expect(ru.error).toBe('PDF строится не больше чем для 100 организаций, а в отчёте их 101: выберите XLSX или организацию ниже');
    const en = (await call(`/orgs/${bigId}/report-jobs/${asked.id}`, { ...director, 'accept-language': 'en' })).json();
    expect(en.error).toBe('A PDF is built for at most 100 organisations and this report has 101: choose XLSX or an organisation further down');
    expect((await call(`/orgs/${bigId}/report-jobs/${asked.id}/file`, director)).statusCode).toBe(409);
    expect(await ctx.database.db.selectFrom('notifications').select('id').where('subject', '=', `report:${asked.id}`).execute()).toEqual([]);
  });

  it('tries an unexpected failure again, then keeps it as failed', async () => {
    const asked = await ask(regionId, 'compliance', 'from=2026-11-01&to=2026-11-30&format=xlsx');
    // The clock breaks while the report is made (its second reading): a fault of Ritm's own, not the report's refusal.
    const breaking = () => {
      let readings = 0;
      const config = { ...ctx.app.ritmConfig, now: () => (++readings === 2 ? new Date(Number.NaN) : new Date()) };
      return { ...deps(), config };
    };
    const signal = new AbortController().signal;
    await expect(buildReportFile(breaking(), { reportId: asked.id }, { attempt: 1, signal })).rejects.toThrow();
    expect((await call(`/orgs/${regionId}/report-jobs/${asked.id}`, director)).json().status).toBe('running');
    await expect(buildReportFile(breaking(), { reportId: asked.id }, { attempt: 2, signal })).rejects.toThrow();
    const failed = (await call(`/orgs/${regionId}/report-jobs/${asked.id}`, director)).json();
    expect(failed).toMatchObject({ status: 'failed', error: 'Отчёт не удалось подготовить из-за внутренней ошибки (подробности — в журнале сервера); запросите его снова' });
  });

  it('leaves a report cut short by the process stopping to be built again, even on its last try', async () => {
    const asked = await ask(regionId, 'compliance', 'from=2026-11-01&to=2026-11-30&format=xlsx');
    const stopped = new AbortController();
    stopped.abort(new Error('the process is stopping'));
    await expect(build(asked.id, 2, stopped.signal)).rejects.toThrow('the process is stopping');
    expect((await call(`/orgs/${regionId}/report-jobs/${asked.id}`, director)).json().status).toBe('running');
    // The runner gives the try back; the next one makes it.
    await build(asked.id, 2);
    expect((await call(`/orgs/${regionId}/report-jobs/${asked.id}`, director)).json().status).toBe('ready');
  });

  it('builds and hands out a report only while the person who asked may read the organisation', async () => {
    const asked = await ask(regionId, 'compliance', 'from=2026-11-01&to=2026-11-30&format=xlsx', deputy);
    const kept = await ask(regionId, 'compliance', 'from=2026-10-01&to=2026-10-31&format=xlsx', deputy);
    await build(kept.id);
    expect((await call(`/orgs/${regionId}/report-jobs/${kept.id}/file`, deputy)).statusCode).toBe(200);
    await ctx.database.db.deleteFrom('memberships').where('user_id', '=', deputyId).execute();
    await build(asked.id);
    const row = await ctx.database.db.selectFrom('report_files').select(['status', 'error']).where('id', '=', asked.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', error: { code: 'forbidden', message: { key: 'forbidden' } } });
    // The file made while they could is not handed out any more.
    expect((await call(`/orgs/${regionId}/report-jobs/${kept.id}/file`, deputy)).statusCode).toBe(404);
    await addMember(ctx.database, deputyId, regionId, 'director');
    expect((await call(`/orgs/${regionId}/report-jobs/${kept.id}/file`, deputy)).statusCode).toBe(200);
  });

  it('refuses what the streamed report refuses, naming the field, before recording anything', async () => {
    const before = { queued: await waiting(), listed: (await call(`/orgs/${regionId}/report-jobs`, director)).json().jobs.length };
    const reversed = await post(regionId, 'compliance', 'from=2026-11-30&to=2026-11-01&format=xlsx', director);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.details[0].path).toBe('querystring.to');
    const long = await post(regionId, 'compliance', 'from=2026-01-01&to=2027-01-31&format=xlsx', director);
    expect(long.json().error.details[0].path).toBe('querystring.to');
    const format = await post(regionId, 'compliance', 'from=2026-11-01&to=2026-11-30&format=docx', director);
    expect(format.statusCode).toBe(400);
    expect(format.json().error.details[0].path).toBe('querystring.format');
    const year = await post(regionId, 'annual-review', 'year=1999&format=xlsx', director);
    expect(year.json().error.details[0].path).toBe('querystring.year');
    expect({ queued: await waiting(), listed: (await call(`/orgs/${regionId}/report-jobs`, director)).json().jobs.length }).toEqual(before);
  });

  it('takes the same report asked again while it is prepared as that one, and at most ten waiting per person', async () => {
    const clerkId = (await createUser(ctx.database, 'clerk@report-jobs.test')).id;
    await addMember(ctx.database, clerkId, regionId, 'director');
    const clerk = await login(ctx.app, 'clerk@report-jobs.test');
    const before = await waiting();
    // Asked twice at once (a double click) and once more: one record, one build.
    const twice = await Promise.all([ask(regionId, 'compliance', 'from=2026-01-01&to=2026-03-31&format=pdf', clerk), ask(regionId, 'compliance', 'from=2026-01-01&to=2026-03-31&format=pdf', clerk)]);
    const again = await ask(regionId, 'compliance', 'from=2026-01-01&to=2026-03-31&format=pdf', clerk);
    expect(new Set([twice[0].id, twice[1].id, again.id]).size).toBe(1);
    expect(await waiting()).toBe(before + 1);
    // Another format, range or organisation is another report; so is the same one asked by someone else.
    expect((await ask(regionId, 'compliance', 'from=2026-01-01&to=2026-03-31&format=xlsx', clerk)).id).not.toBe(again.id);
    expect((await ask(plantId, 'compliance', 'from=2026-01-01&to=2026-03-31&format=pdf', clerk)).id).not.toBe(again.id);
    expect((await ask(regionId, 'compliance', 'from=2026-01-01&to=2026-03-31&format=pdf', deputy)).id).not.toBe(again.id);
    // Ten waiting in all: the eleventh is refused, in the reader's language, and nothing is recorded or sent.
    for (let month = 4; month <= 10; month++) await ask(regionId, 'compliance', `from=2026-${String(month).padStart(2, '0')}-01&to=2026-${String(month).padStart(2, '0')}-28&format=pdf`, clerk);
    const sent = await waiting();
    const refused = await post(regionId, 'annual-review', 'year=2026&format=pdf', { ...clerk, 'accept-language': 'en' });
    expect(refused.statusCode, refused.body).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'too_many_reports', message: '10 of your reports are being prepared already. Wait until they are ready, then ask for another' });
    expect((await post(regionId, 'annual-review', 'year=2026&format=pdf', clerk)).json().error.message).toContain('Уже готовится отчётов: 10');
    expect(await waiting()).toBe(sent);
    // Once one is built, the same report may be asked for afresh, and there is room for another.
    await build(again.id);
    const afresh = await ask(regionId, 'compliance', 'from=2026-01-01&to=2026-03-31&format=pdf', clerk);
    expect(afresh.id).not.toBe(again.id);
    expect((await post(regionId, 'annual-review', 'year=2026&format=pdf', clerk)).statusCode).toBe(429);
    // A job that died without saying so (queued a day with no worker) neither stands for a new
    // request nor fills the person's share.
    const then = clock;
    try {
      clock = new Date(clock.getTime() + 86_400_000 + 60_000);
      const april = 'from=2026-04-01&to=2026-04-28&format=pdf';
      const renewed = await ask(regionId, 'compliance', april, clerk);
      expect((await ask(regionId, 'compliance', april, clerk)).id).toBe(renewed.id);
      const review = await post(regionId, 'annual-review', 'year=2026&format=pdf', clerk);
      expect(review.statusCode).toBe(202);
      // Asked a day later, they would outlive the week the test of the clean-up counts from.
      await ctx.database.db.deleteFrom('report_files').where('id', 'in', [renewed.id, review.json().id]).execute();
    } finally {
      clock = then;
    }
  });

  it('removes every report a week after it was asked for', async () => {
    const total = async () => (await ctx.database.db.selectFrom('report_files').select('id').execute()).length;
    const all = await total();
    clock = new Date('2026-11-27T09:00:00Z');
    // The reports asked for at 09:00 a week ago are gone from the list at once, and removed by the job.
    const listed = (await call(`/orgs/${regionId}/report-jobs`, director)).json().jobs as { requestedAt: string }[];
    expect(listed.every((j) => j.requestedAt > '2026-11-20T09:00:00.000Z')).toBe(true);
    const early = await removeExpiredReports(deps());
    expect(early).toBe(2);
    expect(await total()).toBe(all - 2);
    clock = new Date('2026-11-27T10:00:01Z');
    await removeExpiredReports(deps());
    expect(await total()).toBe(0);
    expect((await call(`/orgs/${regionId}/report-jobs`, director)).json().jobs).toEqual([]);
  });
});

// The same request worked by the job runner of an app that works jobs, as a server does.
describe.each(testDatabases())('a report prepared by the job runner on $name', ({ open }) => {
  const ctx = useTestApp(open, { jobs: true });
  let director: Record<string, string>;
  let regionId: string;

  beforeAll(async () => {
    regionId = (await createOrg(ctx.database, { kind: 'union_territorial', name: 'Областная организация профсоюза' })).id;
    await createOrg(ctx.database, { kind: 'union_primary', parentId: regionId, name: 'Профком завода «Прогресс»' });
    const user = await createUser(ctx.database, 'director@report-runner.test');
    await addMember(ctx.database, user.id, regionId, 'director');
    director = await login(ctx.app, 'director@report-runner.test');
  });

  it('is built, told and downloadable without anyone calling the handler, and the cleanup is scheduled daily', async () => {
    const asked = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${regionId}/reports/annual-review/jobs?year=2026&format=xlsx`, headers: director });
    expect(asked.statusCode).toBe(202);
    const { id } = asked.json() as ReportJob;
    let job: ReportJob | undefined;
    await expect
      .poll(
        async () => {
          job = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${regionId}/report-jobs/${id}`, headers: director })).json();
          return job!.status;
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe('ready');
    const file = await ctx.app.inject({ method: 'GET', url: `/api${job!.fileUrl}`, headers: director });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toBe('attachment; filename="annual-review-2026.xlsx"');
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const told = await ctx.database.db.selectFrom('notifications').select('kind').where('subject', '=', `report:${id}`).execute();
    expect(told).toEqual([{ kind: 'report_ready' }]);
    const status = await ctx.app.jobs.status();
    expect(status.schedules.find((s) => s.name === 'reports.cleanup')?.cron).toBe('20 3 * * *');
    expect(status.queues.find((q) => q.name === REPORT_BUILD_JOB)).toMatchObject({ queued: 0, active: 0, failed: 0 });
  });

  it('takes no fields in the body, as its query says all (found by a probe: {"x": 1} was accepted unread)', async () => {
    const url = `/api/orgs/${regionId}/reports/compliance/jobs?from=2026-10-01&to=2026-12-31&format=xlsx`;
    const refused = await ctx.app.inject({ method: 'POST', url, headers: { ...director, 'accept-language': 'en' }, payload: { x: 1 } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'validation', details: [{ path: 'body', message: 'this request takes no fields: send it without a body, or with an empty object' }] });
    const empty = await ctx.app.inject({ method: 'POST', url, headers: director, payload: {} });
    expect(empty.statusCode, empty.body).toBe(202);
  });
});
