import { computed, ref } from 'vue';
import type { ReportFormat } from '@ritm/domain/report-jobs';
import { ApiError } from '../../../api/client.js';
import { downloadReport, type ReportKind } from '../../../api/reports.js';
import { i18n } from '../../../i18n.js';

export type { ReportFormat, ReportKind };

/** What to download: the compliance report over a range, or the annual review of a year. */
export type ReportRequest = { kind: 'compliance'; orgId: string; from: string; to: string; format: ReportFormat } | { kind: 'annual-review'; orgId: string; year: number; format: ReportFormat };

/** Organisation kinds whose directors keep the union's annual review. */
export const UNION_KINDS: ReadonlySet<string> = new Set(['union_central', 'union_territorial', 'union_primary']);

/** Bytes as people read them: «1,4 МБ», «820 КБ». */
export function byteSize(bytes: number, locale: string): string {
  const units = locale === 'en' ? ['B', 'KB', 'MB'] : ['Б', 'КБ', 'МБ'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale === 'en' ? 'en' : 'ru', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/** The report's query, the same for the streamed file and for preparing it in the background. */
export function reportQuery(what: ReportRequest): Record<string, string | number> {
  return what.kind === 'compliance' ? { from: what.from, to: what.to, format: what.format } : { year: what.year, format: what.format };
}

/** A failed report request in the UI language: the API's own message, or ours for the network. */
export function reportErrorText(e: unknown): string {
  const { t } = i18n.global;
  if (e instanceof ApiError) {
    if (e.code === 'network') return t('errors.network');
    if (e.code === 'interrupted') return t('reports.interrupted');
    return e.message;
  }
  return t('reports.failed');
}

/** Hands a downloaded file to the browser as a download. */
export function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Downloading a report from the dashboard: one at a time, with its progress (nothing yet: the
 * server is judging, an indeterminate bar; then the bytes received as the file streams), and an
 * error in the UI language when it fails (the API's own message, or ours for the network).
 */
export function useReportDownload(saveFile: (blob: Blob, fileName: string) => void = save) {
  const { t, locale } = i18n.global;
  const running = ref<ReportRequest | null>(null);
  const received = ref(0);
  const error = ref<string | null>(null);
  let controller: AbortController | null = null;

  const progress = computed(() => (running.value === null ? null : received.value === 0 ? t('reports.preparing') : t('reports.received', { size: byteSize(received.value, String(locale.value)) })));

  async function download(what: ReportRequest): Promise<boolean> {
    if (running.value !== null) return false;
    running.value = what;
    received.value = 0;
    error.value = null;
    controller = new AbortController();
    const path = `/orgs/${what.orgId}/reports/${what.kind}`;
    try {
      const file = await downloadReport(path, reportQuery(what), `${what.kind}.${what.format}`, { onBytes: (n) => (received.value = n), signal: controller.signal });
      saveFile(file.blob, file.fileName);
      return true;
    } catch (e) {
      if ((e as Error).name !== 'AbortError') error.value = reportErrorText(e);
      return false;
    } finally {
      running.value = null;
      controller = null;
    }
  }

  function cancel(): void {
    controller?.abort();
  }

  return { running, received, progress, error, download, cancel };
}
