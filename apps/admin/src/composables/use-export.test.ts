import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client.js';
import { fileNameOf, type DownloadedFile } from '../api/exports.js';
import { useExport } from './use-export.js';

const file = (body: string, headers: Record<string, string>, status = 200) => new Response(body, { status, headers });

describe('export downloads', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks the API for the visible range in the chosen format and saves the file under the API’s UTF-8 name', async () => {
    const fetchMock = vi.fn().mockResolvedValue(
      file('a;b', { 'content-type': 'text/csv', 'content-disposition': `attachment; filename="Media plan.csv"; filename*=UTF-8''%D0%9C%D0%B5%D0%B4%D0%B8%D0%B0%D0%BF%D0%BB%D0%B0%D0%BD.csv` }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const saved: DownloadedFile[] = [];
    const exporter = useExport((f) => saved.push(f));
    const started = exporter.exportItems('org-1', { from: '2026-11-01', to: '2026-11-30' }, 'csv');
    expect(exporter.busy.value).toBe('csv');
    // One download at a time: a second click while the first runs does nothing.
    expect(await exporter.exportItems('org-1', { from: '2026-11-01', to: '2026-11-30' }, 'xlsx')).toBe(false);
    expect(await started).toBe(true);
    expect(exporter.busy.value).toBeNull();
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/orgs/org-1/items/export?from=2026-11-01&to=2026-11-30&format=csv');
    expect(init.credentials).toBe('same-origin');
    expect(saved[0]!.name).toBe('Медиаплан.csv');
    expect(await saved[0]!.blob.text()).toBe('a;b');
  });

  it('asks for a plan’s signed form and reports an API error instead of saving it', async () => {
    const fetchMock = vi.fn().mockResolvedValue(file(JSON.stringify({ error: { code: 'forbidden', message: 'Нет доступа' } }), { 'content-type': 'application/json' }, 403));
    vi.stubGlobal('fetch', fetchMock);
    const save = vi.fn();
    expect(await useExport(save).exportPlan('org-1', 'plan-9', 'pdf')).toBe(false);
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/orgs/org-1/plans/plan-9/export?format=pdf');
    expect(save).not.toHaveBeenCalled();
  });

  it('reads file names as browsers do', () => {
    expect(fileNameOf('attachment; filename="plan.pdf"', 'x.pdf')).toBe('plan.pdf');
    expect(fileNameOf(`attachment; filename="p.pdf"; filename*=UTF-8''%D0%BF%D0%BB%D0%B0%D0%BD.pdf`, 'x.pdf')).toBe('план.pdf');
    expect(fileNameOf(null, 'x.pdf')).toBe('x.pdf');
    expect(fileNameOf(`attachment; filename*=UTF-8''%E0%A4%A`, 'x.pdf')).toBe('x.pdf');
    expect(new ApiError(0, 'network', 'x')).toBeInstanceOf(Error);
  });
});
