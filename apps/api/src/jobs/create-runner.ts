import type { Config } from '../config.js';
import type { Database } from '../db/connection.js';
import { createPgBossRunner } from './pg-boss-runner.js';
import type { JobContext, JobRunner } from './runner.js';
import { createTableRunner } from './table-runner.js';

export interface CreateRunnerOptions {
  log: JobContext['log'];
  /** The runner's clock (tests move it); the system's by default. */
  now?: () => Date;
  /** How often an idle runner looks for jobs (tests shorten it). */
  pollMs?: number;
  /** pg-boss: how often expired tries are failed (tests shorten it; default 60 s). */
  maintenanceSeconds?: number;
}

/**
 * The job runner for the database Ritm runs on: pg-boss on a PostgreSQL server (schema
 * RITM_JOBS_SCHEMA), the table runner on the embedded database. Nothing is started: define the jobs, then `start`.
 */
export async function createJobRunner(database: Database, config: Config, options: CreateRunnerOptions): Promise<JobRunner> {
  const stuckSeconds = config.jobsStuckMinutes * 60;
  if (database.kind === 'postgres') {
    // A database opened on a schema of its own (each test file's) keeps pg-boss's tables there too.
    const schema = database.schema ?? config.jobsSchema;
    return createPgBossRunner(database.db, { schema, log: options.log, stuckSeconds, pollMs: options.pollMs, maintenanceSeconds: options.maintenanceSeconds });
  }
  return createTableRunner(database.db, { log: options.log, stuckSeconds, now: options.now, pollMs: options.pollMs });
}
