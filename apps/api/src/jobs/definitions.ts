import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { DB } from '../db/schema.js';
import type { EvidenceReader } from '../services/evidence.js';
import { defineEvidenceJobs } from '../evidence/jobs.js';
import { defineDigestJobs } from '../notifications/digest-job.js';
import { defineNotificationJobs } from '../notifications/jobs.js';
import { defineReportJobs } from '../services/report-jobs.js';
import { defineSeriesJobs } from '../services/series-jobs.js';
import { defineCountJobs } from '../services/count-selectors.js';
import type { JobLog, JobRunner } from './runner.js';
import { defineMailJobs } from '../notifications/mail-jobs.js';

/** What a job needs from the process it runs in. */
export interface JobDeps {
  db: Kysely<DB>;
  /** Where reports are read from: the read replica (DATABASE_READ_URL), else `db`. */
  readDb?: Kysely<DB>;
  config: Config;
  evidence: EvidenceReader;
  log: JobLog;
}

/** An area's jobs (evidence reading, mail delivery, digests, reports…), defined on the runner. */
export type DefineJobs = (runner: JobRunner, deps: JobDeps) => void;

/** Every area's jobs; each area adds its one line. */
export const JOB_AREAS: readonly DefineJobs[] = [
  defineEvidenceJobs,
  defineMailJobs,
  defineDigestJobs,
  defineNotificationJobs,
  defineReportJobs,
  defineSeriesJobs,
  defineCountJobs,
];
