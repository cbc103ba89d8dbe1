/**
 * Reports prepared in the background (issue 14): a report of a large subtree takes long, so a
 * person may ask for it as a job, go on working and download the file when they are told it is
 * ready. These are the words both the API and the admin use for such a request.
 */

/** The reports that can be prepared: the compliance report over a range, the union's annual review of a year. */
export const REPORT_KINDS = ['compliance', 'annual-review'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The file formats of every report. */
export const REPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

interface ReportSpecBase {
  kind: ReportKind;
  format: ReportFormat;
  /** The language of the file's words. */
  lang: 'ru' | 'en';
  /** Judged as of this local day instead of today. */
  asOf?: string | undefined;
}

/**
 * One report as asked for, however it is delivered (streamed, prepared by a job, written by the
 * CLI): the compliance report over a range of local days, or the annual review of a year.
 */
export type ReportSpec = (ReportSpecBase & { kind: 'compliance'; from: string; to: string }) | (ReportSpecBase & { kind: 'annual-review'; year: number });

/**
 * Where a prepared report is: waiting for the job, being built, ready to download, or failed (with
 * the reason). A failure that retrying cannot mend (a PDF over its bound) fails at once; any other
 * is tried {@link REPORT_JOB_ATTEMPTS} times.
 */
export const REPORT_JOB_STATUSES = ['queued', 'running', 'ready', 'failed'] as const;
export type ReportJobStatus = (typeof REPORT_JOB_STATUSES)[number];

/** Tries in all of building one report (a second try covers a process stopped mid-way). */
export const REPORT_JOB_ATTEMPTS = 2;

/**
 * Reports one person may have waiting or being built at once, in all organisations: a person asks
 * for a few reports at a time and is told when each is ready; more than this waiting means the
 * queue is behind, and another request would only lengthen it for everyone. The same report asked
 * again while it is being prepared is that one, not another.
 */
export const MAX_PENDING_REPORTS = 10;

/** A prepared report (or its failure) is kept this many days after it was asked for, then removed. */
export const REPORT_FILE_KEPT_DAYS = 7;

/**
 * When a report asked for at `requestedAt` is removed.
 *
 * @example reportFileExpiry(new Date('2026-11-26T10:00:00Z')) // 2026-12-03T10:00:00Z
 */
export function reportFileExpiry(requestedAt: Date): Date {
  return new Date(requestedAt.getTime() + REPORT_FILE_KEPT_DAYS * 24 * 60 * 60 * 1000);
}

/** True while a report is still to come (the admin keeps asking how it goes). */
export function isReportJobPending(status: ReportJobStatus): boolean {
  return status === 'queued' || status === 'running';
}
