import type { Config } from '../config.js';
import type { Database } from '../db/connection.js';
import type { JobContext, JobRunner } from './runner.js';
import { createTableRunner } from './table-runner.js';

export interface CreateRunnerOptions {
  log: JobContext['log'];
  /** The runner's clock (tests move it); the system's by default. */
  now?: () => Date;
  /** How often an idle runner looks for jobs (tests shorten it). */
  pollMs?: number;
}

/**
 * The job runner for the database Ritm runs on: pg-boss on a PostgreSQL server, the table runner
 * on the embedded database. Nothing is started: define the jobs, then `start`.
 */
export async function createJobRunner(database: Database, config: Config, options: CreateRunnerOptions): Promise<JobRunner> {
  const stuckSeconds = config.jobsStuckMinutes * 60;
  return createTableRunner(database.db, { log: options.log, stuckSeconds, now: options.now, pollMs: options.pollMs });
}
