import { STUCK_REASONS } from '@ritm/domain/job-health';
import { Type, type Static } from 'typebox';
import { literalUnion } from './common.js';

const Instant = Type.String({ format: 'date-time' });

/** A queue that does not move (issue 14): a due job waiting too long, a try past its expiry, mail that failed. */
export const StuckQueue = Type.Object({
  name: Type.String(),
  reason: literalUnion(STUCK_REASONS, {
    description:
      '`waiting`: a due job has waited longer than the threshold; `expired`: a try ran past its expiry; `mail-waiting`: a due mail has waited longer than the threshold (name `mail.deliver`); `mail-failed`: a mail failed for good in the last 7 days (since: when the last one was written); `unreadable`: the job store could not be read (name `jobs`)',
  }),
  since: Instant,
});
export type StuckQueue = Static<typeof StuckQueue>;

export const ScheduleStatus = Type.Object({
  name: Type.String(),
  cron: Type.String({ description: 'five fields, UTC' }),
  lastRunAt: Type.Union([Instant, Type.Null()]),
  lastState: Type.Union([Type.Literal('completed'), Type.Literal('failed'), Type.Literal('active'), Type.Null()]),
  nextRunAt: Type.Union([Instant, Type.Null()]),
});

export const QueueStatus = Type.Object({
  name: Type.String(),
  queued: Type.Integer({ minimum: 0 }),
  active: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0, description: 'failed for good in the last 24 hours' }),
  lastFailure: Type.Union([Type.Object({ at: Instant, message: Type.String() }), Type.Null()]),
  oldestDueAt: Type.Union([Instant, Type.Null()]),
});

/** The mail outbox: what waits, what failed for good, the last failure. */
export const MailStatus = Type.Object({
  pending: Type.Integer({ minimum: 0, description: 'waiting to be delivered (due or retrying later)' }),
  oldestDueAt: Type.Union([Instant, Type.Null()], { description: 'since when the oldest due mail has waited' }),
  failed: Type.Integer({ minimum: 0, description: 'kept as failed: every attempt spent' }),
  lastFailure: Type.Union([Type.Object({ at: Instant, to: Type.String(), kind: Type.String(), error: Type.String({ description: "the SMTP server's answer" }) }), Type.Null()]),
});

/** What the job runner says of itself: `ritm jobs` prints it. */
export const JobsStatus = Type.Object({
  runner: Type.Union([Type.Literal('pg-boss'), Type.Literal('table')]),
  working: Type.Boolean(),
  schedules: Type.Array(ScheduleStatus),
  queues: Type.Array(QueueStatus),
  mail: MailStatus,
  stuck: Type.Array(StuckQueue),
});
export type JobsStatus = Static<typeof JobsStatus>;

export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('unavailable')], {
    description:
      '`degraded` (still 200): the database answers but a queue or the mail outbox does not move, or the job store cannot be read (`jobs.stuck`), or the read replica (DATABASE_READ_URL) does not answer (its reads go to the primary meanwhile)',
  }),
  database: Type.Object({
    kind: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
    reachable: Type.Boolean(),
  }),
  // issue 17 — scale
  replica: Type.Optional(
    Type.Object(
      {
        reachable: Type.Boolean(),
        lagSeconds: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
          description: "how far the replica's replay is behind the primary, in seconds: 0 when it has replayed all it received; null when unreachable or not a replica",
        }),
      },
      { description: 'the streaming replica dashboards and reports read from (DATABASE_READ_URL); absent without one' },
    ),
  ),
  jobs: Type.Optional(
    Type.Object({
      /** Whether this process works jobs (RITM_JOBS). */
      working: Type.Boolean(),
      stuck: Type.Array(StuckQueue),
    }),
  ),
});
export type Health = Static<typeof Health>;
