import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileNameOf } from '../../../api/reports.js';
import { i18n } from '../../../i18n.js';
import { byteSize, useReportDownload } from './use-report-download.js';

/** A streamed response whose body arrives in the given chunks (then fails, if `failAfter`). */
function streamed(chunks: Uint8Array[], init: ResponseInit, failAfter = false): Response {
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at < chunks.length) controller.enqueue(chunks[at++]!);
      else if (failAfter) controller.error(new TypeError('network error'));
      else controller.close();
    },
  });
  return new Response(body, init);
}

const fetchMock = vi.fn<typeof fetch>();

describe('downloading a report', () => {
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockReset();
    i18n.global.locale.value = 'ru';
  });
  afterEach(() => vi.unstubAllGlobals());

  it('streams the file, reporting the bytes received, and saves it under the server’s name', async () => {
    const seen: number[] = [];
    fetchMock.mockImplementation(async (url, init) => {
      expect(url).toBe('/api/orgs/o1/reports/compliance?from=2026-10-01&to=2026-12-31&format=xlsx');
      expect((init!.headers as Record<string, string>)['Accept-Language']).toBe('ru');
      return streamed([new Uint8Array(1000), new Uint8Array(2000)], {
        status: 200,
        headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="compliance-2026-10-01-2026-12-31.xlsx"' },
      });
    });
    const saved: { blob: Blob; name: string }[] = [];
    const report = useReportDownload((blob, name) => saved.push({ blob, name }));
    const done = report.download({ kind: 'compliance', orgId: 'o1', from: '2026-10-01', to: '2026-12-31', format: 'xlsx' });
    expect(report.running.value).not.toBeNull();
    expect(report.progress.value).toBe('Готовим отчёт…');
    const stop = setInterval(() => seen.push(report.received.value), 0);
    expect(await done).toBe(true);
    clearInterval(stop);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.name).toBe('compliance-2026-10-01-2026-12-31.xlsx');
    expect(saved[0]!.blob.size).toBe(3000);
    expect(report.received.value).toBe(3000);
    expect(report.running.value).toBeNull();
    expect(report.progress.value).toBeNull();
    expect(report.error.value).toBeNull();
  });

  it('asks for the annual review by year', async () => {
    fetchMock.mockResolvedValue(streamed([new Uint8Array(10)], { status: 200 }));
    const report = useReportDownload(() => {});
    await report.download({ kind: 'annual-review', orgId: 'u1', year: 2026, format: 'pdf' });
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/orgs/u1/reports/annual-review?year=2026&format=pdf');
  });

  it('shows the API’s refusal in the UI language and saves nothing', async () => {
    const message = 'PDF строится не больше чем для 100 организаций, а в отчёте их 2500: выберите XLSX или организацию ниже';
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ error: { code: 'report_too_large', message } }), { status: 413, headers: { 'content-type': 'application/json' } }));
    const save = vi.fn();
    const report = useReportDownload(save);
    expect(await report.download({ kind: 'compliance', orgId: 'o1', from: '2026-10-01', to: '2026-12-31', format: 'pdf' })).toBe(false);
    expect(report.error.value).toBe(message);
    expect(save).not.toHaveBeenCalled();
  });

  it('says so when the network fails or the download is cut short', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const report = useReportDownload(vi.fn());
    await report.download({ kind: 'compliance', orgId: 'o1', from: '2026-10-01', to: '2026-12-31', format: 'xlsx' });
    expect(report.error.value).toBe(i18n.global.t('errors.network'));
    fetchMock.mockResolvedValueOnce(streamed([new Uint8Array(10)], { status: 200 }, true));
    i18n.global.locale.value = 'en';
    await report.download({ kind: 'compliance', orgId: 'o1', from: '2026-10-01', to: '2026-12-31', format: 'xlsx' });
    expect(report.error.value).toMatch(/^The download was cut short/);
  });

  it('downloads one report at a time and can be cancelled', async () => {
    fetchMock.mockImplementation((_url, init) => new Promise((_resolve, reject) => init!.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))));
    const report = useReportDownload(vi.fn());
    const first = report.download({ kind: 'compliance', orgId: 'o1', from: '2026-10-01', to: '2026-12-31', format: 'xlsx' });
    expect(await report.download({ kind: 'compliance', orgId: 'o1', from: '2026-10-01', to: '2026-12-31', format: 'pdf' })).toBe(false);
    report.cancel();
    expect(await first).toBe(false);
    expect(report.error.value).toBeNull();
    expect(report.running.value).toBeNull();
  });

  it('writes sizes and file names as people read them', () => {
    expect(byteSize(900, 'ru')).toBe('900 Б');
    expect(byteSize(1536, 'ru')).toBe('1,5 КБ');
    expect(byteSize(5 * 1_048_576, 'en')).toBe('5 MB');
    expect(fileNameOf('attachment; filename="annual-review-2026.pdf"', 'x.pdf')).toBe('annual-review-2026.pdf');
    expect(fileNameOf(null, 'x.pdf')).toBe('x.pdf');
  });
});
