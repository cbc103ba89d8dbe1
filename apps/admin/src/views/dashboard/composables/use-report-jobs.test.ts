import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import type { ReportJob } from '../../../api/reports.js';
import { i18n } from '../../../i18n.js';
import { BACKGROUND_FROM_ORGANISATIONS, POLL_MS, suggestsBackground, useReportJobs } from './use-report-jobs.js';

const fetchMock = vi.fn<typeof fetch>();

function job(overrides: Partial<ReportJob> = {}): ReportJob {
  return {
    id: 'j1',
    orgId: 'o1',
    kind: 'compliance',
    format: 'xlsx',
    title: 'Отчёт о соблюдении нормативов, 01.10.2026 — 31.12.2026',
    from: '2026-10-01',
    to: '2026-12-31',
    year: null,
    lang: 'ru',
    status: 'queued',
    fileName: 'compliance-2026-10-01-2026-12-31.xlsx',
    size: null,
    error: null,
    requestedAt: '2026-11-20T09:00:00.000Z',
    finishedAt: null,
    expiresAt: '2026-11-27T09:00:00.000Z',
    fileUrl: null,
    ...overrides,
  };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const ready = job({ status: 'ready', size: 1536, finishedAt: '2026-11-20T09:01:00.000Z', fileUrl: '/orgs/o1/report-jobs/j1/file' });

/** Runs the composable in its own scope, as a component would; `stop` is the component going away. */
function mount(orgId = ref('o1'), save = vi.fn()) {
  const scope = effectScope();
  const jobs = scope.run(() => useReportJobs(orgId, save))!;
  return { jobs, save, orgId, stop: () => scope.stop() };
}

describe('reports prepared in the background', () => {
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockReset();
    i18n.global.locale.value = 'ru';
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('are suggested from a subtree of fifty organisations', () => {
    expect(BACKGROUND_FROM_ORGANISATIONS).toBe(50);
    expect(suggestsBackground(49)).toBe(false);
    expect(suggestsBackground(50)).toBe(true);
    expect(suggestsBackground(null)).toBe(false);
    expect(suggestsBackground(undefined)).toBe(false);
  });

  it('asks with the report’s own query, lists the job first and follows it until it is ready', async () => {
    fetchMock.mockResolvedValueOnce(json({ jobs: [] }));
    const { jobs, stop } = mount();
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/orgs/o1/report-jobs');

    fetchMock.mockResolvedValueOnce(json(job(), 202));
    expect(await jobs.prepare({ kind: 'compliance', orgId: 'o1', from: '2026-10-01', to: '2026-12-31', format: 'xlsx' })).toBe(true);
    const [url, init] = fetchMock.mock.calls[1]!;
    expect(url).toBe('/api/orgs/o1/reports/compliance/jobs?from=2026-10-01&to=2026-12-31&format=xlsx');
    expect(init!.method).toBe('POST');
    expect(jobs.notice.value).toBe('Отчёт поставлен в очередь: он появится в списке ниже, когда будет готов');
    expect(jobs.rows.value.map((r) => [r.statusText, r.pending, r.ready])).toEqual([['в очереди', true, false]]);

    // Still queued, then ready: asked again every few seconds, then no more.
    fetchMock.mockResolvedValueOnce(json({ jobs: [job({ status: 'running' })] }));
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(jobs.rows.value[0]!.statusText).toBe('готовится');
    fetchMock.mockResolvedValueOnce(json({ jobs: [ready] }));
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(jobs.rows.value[0]!.statusText).toBe('готов · 1,5 КБ · хранится до 27.11.2026');
    expect(jobs.rows.value[0]!.ready).toBe(true);
    const calls = fetchMock.mock.calls.length;
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(fetchMock.mock.calls.length).toBe(calls);
    stop();
  });

  it('asks for the annual review by year', async () => {
    fetchMock.mockResolvedValueOnce(json({ jobs: [] }));
    const { jobs, stop } = mount(ref('u1'));
    fetchMock.mockResolvedValueOnce(json(job({ id: 'j2', kind: 'annual-review', year: 2026, from: null, to: null, format: 'pdf' }), 202));
    await jobs.prepare({ kind: 'annual-review', orgId: 'u1', year: 2026, format: 'pdf' });
    expect(fetchMock.mock.calls[1]![0]).toBe('/api/orgs/u1/reports/annual-review/jobs?year=2026&format=pdf');
    stop();
  });

  it('downloads a ready report under the server’s name', async () => {
    fetchMock.mockResolvedValueOnce(json({ jobs: [ready] }));
    const { jobs, save, stop } = mount();
    await vi.waitFor(() => expect(jobs.rows.value).toHaveLength(1));
    fetchMock.mockResolvedValueOnce(
      new Response(new Uint8Array(1536), { status: 200, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': 'attachment; filename="compliance-2026-10-01-2026-12-31.xlsx"' } }),
    );
    expect(await jobs.download(ready)).toBe(true);
    expect(fetchMock.mock.calls[1]![0]).toBe('/api/orgs/o1/report-jobs/j1/file');
    expect(save).toHaveBeenCalledOnce();
    expect(save.mock.calls[0]![1]).toBe('compliance-2026-10-01-2026-12-31.xlsx');
    expect((save.mock.calls[0]![0] as Blob).size).toBe(1536);
    // A report not ready has nothing to download.
    expect(await jobs.download(job())).toBe(false);
    stop();
  });

  it('shows why a report failed, and the API’s refusal to prepare one, in the UI language', async () => {
    const failed = job({ status: 'failed', error: 'A PDF is built for at most 100 organisations and this report has 101: choose XLSX or an organisation further down' });
    fetchMock.mockResolvedValueOnce(json({ jobs: [failed] }));
    i18n.global.locale.value = 'en';
    const { jobs, stop } = mount();
    await vi.waitFor(() => expect(jobs.rows.value).toHaveLength(1));
    expect(jobs.rows.value[0]!.statusText).toBe('failed: A PDF is built for at most 100 organisations and this report has 101: choose XLSX or an organisation further down');
    const refusal = { error: { code: 'validation', message: 'The request is not valid', details: [{ path: 'querystring.to', message: 'at most 366 days' }] } };
    fetchMock.mockResolvedValueOnce(json(refusal, 400));
    expect(await jobs.prepare({ kind: 'compliance', orgId: 'o1', from: '2026-01-01', to: '2027-06-30', format: 'xlsx' })).toBe(false);
    expect(jobs.error.value).toBe('The request is not valid');
    expect(jobs.rows.value).toHaveLength(1);
    stop();
  });

  it('lists the reports of the organisation on screen, and stops asking once the screen is gone', async () => {
    fetchMock.mockResolvedValueOnce(json({ jobs: [job()] }));
    const { jobs, orgId, stop } = mount();
    await vi.waitFor(() => expect(jobs.rows.value).toHaveLength(1));
    fetchMock.mockResolvedValueOnce(json({ jobs: [] }));
    orgId.value = 'o2';
    await nextTick();
    await vi.waitFor(() => expect(fetchMock.mock.calls.at(-1)![0]).toBe('/api/orgs/o2/report-jobs'));
    await vi.waitFor(() => expect(jobs.rows.value).toEqual([]));
    // o1's queued report no longer polls; nor does anything once the component is gone.
    stop();
    const calls = fetchMock.mock.calls.length;
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(fetchMock.mock.calls.length).toBe(calls);
  });
});
