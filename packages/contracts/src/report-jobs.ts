import { REPORT_JOB_STATUSES, REPORT_KINDS } from '@ritm/domain/report-jobs';
import { Type, type Static } from 'typebox';
import { Instant, Int4, LocalDate, literalUnion, Uuid } from './common.js';
import { ReportFormat } from './reports.js';

// Reports prepared in the background (issue 14): `POST …/reports/:kind/jobs` takes the same query
// as the streamed report and answers 202 with the job; the file is kept a week and downloaded from
// `…/report-jobs/:id/file` by the person who asked for it while they may still read the organisation.

export const ReportKind = literalUnion(REPORT_KINDS);
export type ReportKind = Static<typeof ReportKind>;

export const ReportJobStatus = literalUnion(REPORT_JOB_STATUSES);
export type ReportJobStatus = Static<typeof ReportJobStatus>;

export const ReportJob = Type.Object({
  id: Uuid,
  orgId: Uuid,
  kind: ReportKind,
  format: ReportFormat,
  /** What the report covers, in the caller's language («Отчёт о соблюдении нормативов, 01.10.2026 — 31.12.2026»). */
  title: Type.String(),
  /** The compliance report's range (null for the annual review). */
  from: Type.Union([LocalDate, Type.Null()]),
  to: Type.Union([LocalDate, Type.Null()]),
  /** The annual review's year (null for the compliance report). */
  year: Type.Union([Type.Integer(), Type.Null()]),
  /** The language of the file's words. */
  lang: literalUnion(['ru', 'en'] as const),
  status: ReportJobStatus,
  /** The file's name and size once ready. */
  fileName: Type.String(),
  size: Type.Union([Int4(0), Type.Null()]),
  /** Why it failed, in the caller's language (null unless `failed`). */
  error: Type.Union([Type.String(), Type.Null()]),
  requestedAt: Instant,
  finishedAt: Type.Union([Instant, Type.Null()]),
  /** When the file (or the failure) is removed. */
  expiresAt: Instant,
  /** The download's address under `/api` once ready, else null. */
  fileUrl: Type.Union([Type.String(), Type.Null()]),
});
export type ReportJob = Static<typeof ReportJob>;

/** The caller's reports of an organisation, newest first (those removed after a week are gone). */
export const ReportJobList = Type.Object({ jobs: Type.Array(ReportJob) });
export type ReportJobList = Static<typeof ReportJobList>;

export const ReportJobParams = Type.Object({ orgId: Uuid, id: Uuid }, { additionalProperties: false });
export type ReportJobParams = Static<typeof ReportJobParams>;
