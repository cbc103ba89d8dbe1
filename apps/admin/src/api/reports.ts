import type { ReportJob, ReportJobList, ReportKind } from '@ritm/contracts/report-jobs';
import { ApiError, clientLocale, request } from './client.js';

export type { ReportJob, ReportKind };

/** A report file as downloaded: its bytes and the name the server gives it. */
export interface DownloadedReport {
  blob: Blob;
  fileName: string;
}

export interface DownloadOptions {
  /** Called as bytes arrive (the report streams; its size is not known in advance). */
  onBytes?: (received: number) => void;
  signal?: AbortSignal;
}

/** The file name of `Content-Disposition: attachment; filename="…"`, else `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Downloads a report (`/orgs/:orgId/reports/…`) as it streams, reading the body chunk by chunk to
 * report progress. A refusal (400, 404, 413) comes back as the API's error in the UI language; a
 * download cut short (the server failed after it began) as an {@link ApiError} with code `interrupted`.
 */
export async function downloadReport(path: string, query: Record<string, string | number>, fallbackName: string, options: DownloadOptions = {}): Promise<DownloadedReport> {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  let response: Response;
  try {
    const search = params.toString();
    response = await fetch(`/api${path}${search === '' ? '' : `?${search}`}`, {
      headers: { 'Accept-Language': clientLocale() },
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', (error as Error).message);
  }
  if (!response.ok) {
    const data = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    throw new ApiError(response.status, data?.error?.code ?? (response.status >= 500 ? 'server' : 'http'), data?.error?.message ?? `HTTP ${response.status}`);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      options.onBytes?.(received);
    }
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'interrupted', (error as Error).message);
  }
  return { blob: new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? 'application/octet-stream' }), fileName: fileNameOf(response.headers.get('content-disposition'), fallbackName) };
}

// Reports prepared in the background (issue 14): asked for with the report's own query, followed in
// the caller's list, downloaded once ready (the same file download as above).

/** Asks the API to prepare a report (`POST …/reports/:kind/jobs`, the report's query): the job, queued. */
export function askReportJob(orgId: string, kind: ReportKind, query: Record<string, string | number>): Promise<ReportJob> {
  return request<ReportJob>(`/orgs/${orgId}/reports/${kind}/jobs`, { method: 'POST', query });
}

/** The reports the caller asked for in the organisation this week, newest first. */
export async function reportJobsOf(orgId: string): Promise<ReportJob[]> {
  return (await request<ReportJobList>(`/orgs/${orgId}/report-jobs`)).jobs;
}
