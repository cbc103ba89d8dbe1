import type { StuckReason } from '@ritm/domain/job-health';
// The seam between Ritm's scheduled and background work and what runs it (issue 14). On a
// PostgreSQL server, pg-boss (`pg-boss.ts`); on the embedded database, a table of Ritm's own read by
// the one process that holds the data folder (`table-runner.ts`). Both store jobs (they survive a
// restart), retry failed ones with growing waits, and run a scheduled job once per schedule however
// many API processes serve the database. Everything that runs on a schedule or takes long is
// defined once, as a `JobDefinition`, and runs the same on either.

/** What a job's handler is given. */
export interface JobContext {
  /** The job's id in the runner's store. */
  id: string;
  /** 1 on the first try. */
  attempt: number;
  /** Aborted when the process stops (the job is then retried elsewhere or later) or the try runs past `expireSeconds`. */
  signal: AbortSignal;
  log: JobLog;
}

/** What jobs log through: the app's logger, or a quiet one in a command or a test. */
export interface JobLog {
  info(payload: object, message: string): void;
  warn(payload: object, message: string): void;
  error(payload: object, message: string): void;
}

export interface JobDefinition<Data extends object = Record<string, never>> {
  /** `area.what`, e.g. `evidence.read-due`, `mail.deliver`, `digest.weekly`. */
  name: string;
  /**
   * Cron (five fields, UTC): the runner enqueues one job per matching minute, once across every
   * process. Absent: the job runs only when sent.
   */
  cron?: string;
  /** Tries in all before the job is kept as failed (default 3). */
  attempts?: number;
  /** Wait before the first retry; doubles at each further one (default 30 s). */
  retryDelaySeconds?: number;
  /** A try running longer than this is taken as dead and retried (default 15 min). */
  expireSeconds?: number;
  handler: (data: Data, context: JobContext) => Promise<void>;
}

export interface SendOptions {
  /** At most one job with this key waiting or running per name: a second send is dropped (answers null). */
  singletonKey?: string;
  /** Not before this instant. */
  startAfter?: Date;
}

export interface ScheduleStatus {
  name: string;
  cron: string;
  lastRunAt: string | null;
  lastState: 'completed' | 'failed' | 'active' | null;
  nextRunAt: string | null;
}

export interface QueueStatus {
  name: string;
  /** Waiting to start (due or not). */
  queued: number;
  active: number;
  /** Failed for good in the last 24 hours. */
  failed: number;
  /** The last failure's message and when. */
  lastFailure: { at: string; message: string } | null;
  /** When the oldest due job has waited since (null: none waiting). */
  oldestDueAt: string | null;
}

/** The mail outbox as `ritm jobs` and health see it (`repositories/mail-outbox.ts`'s `mailOutboxHealth`). */
export interface MailStatus {
  /** Waiting to be delivered (due or retrying later). */
  pending: number;
  /** Since when the oldest due mail has waited (null: none due). */
  oldestDueAt: string | null;
  /** Kept as failed: every attempt spent. */
  failed: number;
  /** The most recent failure for good: when the mail was written, to whom, of what kind, the server's answer. */
  lastFailure: { at: string; to: string; kind: string; error: string } | null;
}

export interface JobsStatus {
  runner: 'pg-boss' | 'table';
  /** Whether this process works jobs (false in tests and where RITM_JOBS=off). */
  working: boolean;
  schedules: ScheduleStatus[];
  queues: QueueStatus[];
  mail: MailStatus;
  /**
   * What does not move: a due job waiting longer than the stuck threshold (`waiting`), a try past its
   * expiry (`expired`), a due mail waiting longer than the threshold (`mail-waiting`), a mail failed
   * for good in the last 7 days (`mail-failed`). Empty when all is well.
   */
  stuck: { name: string; reason: StuckReason; since: string }[];
}

export interface JobRunner {
  readonly kind: 'pg-boss' | 'table';
  /** Registers a job; every definition is given before `start`. */
  define<Data extends object>(definition: JobDefinition<Data>): void;
  /** Creates what the store needs, registers schedules and (when `work` is true) starts working jobs. */
  start(options: { work: boolean }): Promise<void>;
  /** Enqueues a job; its id, or null when a singleton with the same key already waits. */
  send<Data extends object>(name: string, data: Data, options?: SendOptions): Promise<string | null>;
  /**
   * What `ritm jobs` and `/api/health` show; it only reads, and needs no `start`. `lastRuns: false`
   * (health) skips reading each schedule's last run (pg-boss's archive): `lastRunAt` is then null.
   */
  status(options?: { lastRuns?: boolean }): Promise<JobsStatus>;
  /** Stops taking jobs, aborts tries in flight and waits for them. */
  stop(): Promise<void>;
}
