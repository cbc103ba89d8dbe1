import { computed, onScopeDispose, ref, watch, type Ref } from 'vue';
import { isReportJobPending } from '@ritm/domain/report-jobs';
import { askReportJob, downloadReport, reportJobsOf, type ReportJob } from '../../../api/reports.js';
import { i18n } from '../../../i18n.js';
import { formatDate } from '../../../lib/dates.js';
import { byteSize, reportErrorText, reportQuery, save, type ReportRequest } from './use-report-download.js';

/**
 * From this many organisations a report is suggested to be prepared in the background: a PDF of
 * 51 organisations took 9.5 s to build (README, `bench:report`), long enough to wonder whether the
 * page hangs. The server builds any size either way; this only chooses what the screen offers first.
 */
export const BACKGROUND_FROM_ORGANISATIONS = 50;

/** Whether a subtree of `organisations` is better reported in the background (unknown: no). */
export function suggestsBackground(organisations: number | null | undefined): boolean {
  return organisations != null && organisations >= BACKGROUND_FROM_ORGANISATIONS;
}

/** How often the list is asked again while a report is queued or being built. */
export const POLL_MS = 5000;

/** A report of the list as the screen shows it. */
export interface ReportJobRow {
  job: ReportJob;
  /** «готов · 1,4 МБ · хранится до 03.12.2026», or why it failed. */
  statusText: string;
  pending: boolean;
  ready: boolean;
}

/**
 * The reports the caller prepares in the background, for the organisation on screen: asking for one
 * (the same request as a download), the list of their reports this week (asked again every few
 * seconds while one is still coming, never once none is), and downloading a ready one.
 */
export function useReportJobs(orgId: Ref<string>, saveFile: (blob: Blob, fileName: string) => void = save) {
  const { t, locale } = i18n.global;
  const jobs = ref<ReportJob[]>([]);
  const error = ref<string | null>(null);
  /** Said after a report was asked for, until the next action. */
  const notice = ref<string | null>(null);
  const asking = ref(false);
  const downloading = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  function stopPolling(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function pollIfPending(): void {
    stopPolling();
    if (disposed || !jobs.value.some((job) => isReportJobPending(job.status))) return;
    timer = setTimeout(() => void load(), POLL_MS);
  }

  async function load(): Promise<void> {
    const asked = orgId.value;
    try {
      const found = await reportJobsOf(asked);
      // The organisation on screen changed meanwhile: its own load answers.
      if (asked !== orgId.value) return;
      jobs.value = found;
    } catch (e) {
      error.value = reportErrorText(e);
    }
    pollIfPending();
  }

  async function prepare(what: ReportRequest): Promise<boolean> {
    if (asking.value) return false;
    asking.value = true;
    error.value = null;
    notice.value = null;
    try {
      const job = await askReportJob(what.orgId, what.kind, reportQuery(what));
      jobs.value = [job, ...jobs.value.filter((j) => j.id !== job.id)];
      notice.value = t('reportJobs.asked');
      pollIfPending();
      return true;
    } catch (e) {
      error.value = reportErrorText(e);
      return false;
    } finally {
      asking.value = false;
    }
  }

  async function download(job: ReportJob): Promise<boolean> {
    if (job.fileUrl === null || downloading.value !== null) return false;
    downloading.value = job.id;
    error.value = null;
    try {
      const file = await downloadReport(job.fileUrl, {}, job.fileName);
      saveFile(file.blob, file.fileName);
      return true;
    } catch (e) {
      error.value = reportErrorText(e);
      return false;
    } finally {
      downloading.value = null;
    }
  }

  function statusText(job: ReportJob): string {
    const status = t(`reportJobs.status.${job.status}`);
    if (job.status === 'failed') return `${status}: ${job.error ?? t('reports.failed')}`;
    if (job.status !== 'ready') return status;
    const until = t('reportJobs.keptUntil', { date: formatDate(job.expiresAt.slice(0, 10), 'dd.MM.yyyy', String(locale.value)) });
    return [status, job.size === null ? null : byteSize(job.size, String(locale.value)), until].filter(Boolean).join(' · ');
  }

  const rows = computed<ReportJobRow[]>(() =>
    jobs.value.map((job) => ({ job, statusText: statusText(job), pending: isReportJobPending(job.status), ready: job.status === 'ready' })),
  );

  watch(
    orgId,
    () => {
      jobs.value = [];
      notice.value = null;
      error.value = null;
      void load();
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    disposed = true;
    stopPolling();
  });

  return { jobs, rows, error, notice, asking, downloading, prepare, download, load };
}
