import type { Kysely } from 'kysely';
import type { ReportJob } from '@ritm/contracts/report-jobs';
import { hasCapability } from '@ritm/domain/access';
import { MAX_PENDING_REPORTS, REPORT_JOB_ATTEMPTS, reportFileExpiry, type ReportSpec } from '@ritm/domain/report-jobs';
import { nowOf } from '../config.js';
import type { DB } from '../db/schema.js';
import { forbidden, HttpError } from '../http/errors.js';
import { message, placeholdersOf, render, type Language, type Message } from '../http/messages.js';
import type { DefineJobs, JobDeps } from '../jobs/definitions.js';
import type { JobContext, JobRunner } from '../jobs/runner.js';
import { insertNotifications } from '../repositories/notifications.js';
import {
  deleteExpiredReportFiles,
  deleteReportFile,
  failReportFile,
  finishReportFile,
  insertReportFile,
  lockReportRequests,
  pendingReportCount,
  pendingReportFile,
  startReportFile,
  type ReportFailure,
  type ReportFileRecord,
} from '../repositories/report-files.js';
import { rolesOfUserIn } from '../repositories/roles.js';
import { onReadSide } from './read-side.js';
import { checkReportSpec, reportBytes, reportFileName, reportTitle } from './report-spec.js';

/*
 * Reports prepared in the background (issue 14). Asking records a `queued` row and enqueues
 * `reports.build`; the job builds the file with the same code as the streamed report, keeps its
 * bytes in `report_files` and tells the person who asked (`report_ready`) in the same transaction.
 * A refusal the report itself makes (a PDF over its bound, the person no longer allowed to read the
 * organisation) fails it at once with that message; anything else is tried again once, then kept
 * as failed. `reports.cleanup` removes every row a week after it was asked for.
 */

export const REPORT_BUILD_JOB = 'reports.build';
export const REPORT_CLEANUP_JOB = 'reports.cleanup';

/** Every day at 03:20 UTC (a quiet hour in every Russian zone): whatever expired since yesterday goes. */
export const REPORT_CLEANUP_CRON = '20 3 * * *';

/** How long a try of `reports.build` may run: a try still going after that is dead. */
const BUILD_EXPIRE_SECONDS = 30 * 60;

/**
 * A report still being prepared, at `now`: queued for less than a day (a queue a day behind has
 * no worker), or running for less than a try's expiry. An older row is a job that died without
 * saying so; it stays in the person's list until it expires, but a new request is not tied to it.
 */
const pendingSince = (now: Date) => ({ queuedSince: new Date(now.getTime() - 86_400_000), runningSince: new Date(now.getTime() - BUILD_EXPIRE_SECONDS * 1000) });

/** What `reports.build` is sent. */
export interface ReportBuildData {
  reportId: string;
}

/**
 * Records that `userId` asks for `spec` of `orgId` and enqueues its build; the record, `queued`.
 * The same report asked again while it is queued or being built is that record, not a second.
 * @throws 400 when the report could never be built (its range); the job is then not sent.
 * @throws 429 when the person has {@link MAX_PENDING_REPORTS} reports waiting already.
 */
export async function requestReport(
  db: Kysely<DB>,
  jobs: Pick<JobRunner, 'send'>,
  input: { orgId: string; userId: string; spec: ReportSpec; now: Date },
): Promise<ReportFileRecord> {
  checkReportSpec(input.spec);
  const { record, made } = await db.transaction().execute(async (trx) => {
    await lockReportRequests(trx, input.userId);
    // Asked again while it is being prepared (a second click, a page reloaded): the same report.
    const since = pendingSince(input.now);
    const pending = await pendingReportFile(trx, { orgId: input.orgId, requestedBy: input.userId, spec: input.spec, since });
    if (pending) return { record: pending, made: false };
    if ((await pendingReportCount(trx, input.userId, since)) >= MAX_PENDING_REPORTS) {
      throw new HttpError(429, 'too_many_reports', message('reportJobsTooMany', { max: MAX_PENDING_REPORTS }));
    }
    const inserted = await insertReportFile(trx, {
      orgId: input.orgId,
      requestedBy: input.userId,
      spec: input.spec,
      fileName: reportFileName(input.spec),
      requestedAt: input.now,
      expiresAt: reportFileExpiry(input.now),
    });
    return { record: inserted, made: true };
  });
  if (!made) return record;
  try {
    await jobs.send<ReportBuildData>(REPORT_BUILD_JOB, { reportId: record.id }, { singletonKey: record.id });
  } catch (error) {
    // A request nobody will build would stay `queued` for a week: it is not kept.
    await deleteReportFile(db, record.id);
    throw error;
  }
  return record;
}

/** A stored failure in `lang`; a message whose key the catalogue no longer has reads as the generic one. */
export function failureText(failure: ReportFailure, lang: Language): string {
  const known = placeholdersOf(failure.message.key) !== undefined;
  return render(known ? (failure.message as Message) : message('reportJobFailed'), lang);
}

/** A report as its list shows it to the person who asked, in `lang`. */
export function reportJobView(report: ReportFileRecord, lang: Language): ReportJob {
  const { spec } = report;
  return {
    id: report.id,
    orgId: report.orgId,
    kind: spec.kind,
    format: spec.format,
    title: reportTitle(spec, lang),
    from: spec.kind === 'compliance' ? spec.from : null,
    to: spec.kind === 'compliance' ? spec.to : null,
    year: spec.kind === 'annual-review' ? spec.year : null,
    lang: spec.lang,
    status: report.status,
    fileName: report.fileName,
    size: report.size,
    error: report.error === null ? null : failureText(report.error, lang),
    requestedAt: report.requestedAt.toISOString(),
    finishedAt: report.finishedAt?.toISOString() ?? null,
    expiresAt: report.expiresAt.toISOString(),
    fileUrl: report.status === 'ready' ? reportFileUrl(report) : null,
  };
}

/** Where a ready report is downloaded (under `/api`): the list's links and the «report ready» notice lead here. */
export const reportFileUrl = (report: Pick<ReportFileRecord, 'id' | 'orgId'>) => `/orgs/${report.orgId}/report-jobs/${report.id}/file`;

/** The handler of `reports.build`: builds the report, keeps its bytes and tells the person who asked. */
export async function buildReportFile(deps: Pick<JobDeps, 'db' | 'readDb' | 'config' | 'log'>, data: ReportBuildData, context: Pick<JobContext, 'attempt' | 'signal'>): Promise<void> {
  const { db, config, log } = deps;
  const report = await startReportFile(db, data.reportId, nowOf(config));
  // Removed meanwhile (expired, or its organisation deleted), or a try already finished it.
  if (!report) return;
  try {
    // What the report says is read from the read replica when there is one (DATABASE_READ_URL);
    // the rights and the report's own row, from the primary.
    // Asking was allowed; the file is made only while it still is (a role taken away meanwhile).
    if (!hasCapability(await rolesOfUserIn(db, report.requestedBy, report.orgId), 'org.read')) throw forbidden();
    checkReportSpec(report.spec);
    // A read the replica gives up under it is read again from the primary (services/read-side.ts).
    const { root, bytes } = await onReadSide(
      { primary: db, read: deps.readDb ?? db },
      report.orgId,
      async ({ db: read, org }) => ({ root: org, bytes: await reportBytes(read, org, report.spec, nowOf(config), context.signal) }),
      { warn: (payload, message) => log.warn({ ...payload, reportId: report.id }, message) },
    );
    await db.transaction().execute(async (trx) => {
      const at = nowOf(config);
      if (!(await finishReportFile(trx, report.id, bytes, at))) return;
      await insertNotifications(trx, {
        userIds: [report.requestedBy],
        subject: `report:${report.id}`,
        payload: { kind: 'report_ready', orgId: root.id, orgName: root.name, reportId: report.id, reportTitle: reportTitle(report.spec, report.spec.lang) },
        at,
      });
    });
    log.info({ reportId: report.id, bytes: bytes.byteLength }, 'report prepared');
  } catch (error) {
    if (error instanceof HttpError) {
      // The report refuses itself (a PDF over its bound…): trying again gives the same answer.
      await failReportFile(db, report.id, { code: error.code, message: error.msg }, nowOf(config));
      log.info({ reportId: report.id, code: error.code }, 'report refused');
      return;
    }
    // Cut short by the process stopping: the runner gives the try back, so the report is built again.
    if (context.attempt >= REPORT_JOB_ATTEMPTS && !context.signal.aborted) {
      await failReportFile(db, report.id, { code: 'internal', message: message('reportJobFailed') }, nowOf(config));
    }
    throw error;
  }
}

/** The handler of `reports.cleanup`: removes the reports whose week is over. */
export async function removeExpiredReports(deps: Pick<JobDeps, 'db' | 'config' | 'log'>): Promise<number> {
  const removed = await deleteExpiredReportFiles(deps.db, nowOf(deps.config));
  if (removed > 0) deps.log.info({ removed }, 'expired reports removed');
  return removed;
}

/** The reports area's jobs (`JOB_AREAS`). */
export const defineReportJobs: DefineJobs = (runner, deps) => {
  runner.define<ReportBuildData>({
    name: REPORT_BUILD_JOB,
    attempts: REPORT_JOB_ATTEMPTS,
    // A PDF of the largest tree it allows takes about 20 s and an XLSX of thousands of
    // organisations minutes (README, `bench:report`): a try still going after half an hour is dead.
    expireSeconds: BUILD_EXPIRE_SECONDS,
    handler: (data, context) => buildReportFile(deps, data, context),
  });
  runner.define({
    name: REPORT_CLEANUP_JOB,
    cron: REPORT_CLEANUP_CRON,
    handler: async () => {
      await removeExpiredReports(deps);
    },
  });
};
