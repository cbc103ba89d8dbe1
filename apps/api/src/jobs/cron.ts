// Five-field cron expressions (minute hour day-of-month month day-of-week), always in UTC: the
// table runner enqueues by them, and `ritm jobs` shows the next run of either runner from them
// (pg-boss reads the same expressions). Only what both read alike is accepted: numbers, `*`,
// ranges `a-b`, steps `*/n` and `a-b/n`, and lists; day 7 is Sunday as 0 is.

export interface Cron {
  readonly source: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  /** Whether day-of-month and day-of-week were both restricted (then either matching is enough, as in cron). */
  readonly eitherDay: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

export class CronError extends Error {
  override name = 'CronError';
}

/**
 * Reads a cron expression.
 * @throws CronError naming the field that cannot be read.
 * @example parseCron('*\/15 * * * *').minutes.has(30) // true
 */
export function parseCron(source: string): Cron {
  const parts = source.trim().split(/\s+/);
  if (parts.length !== 5) throw new CronError(`"${source}": expected five fields (minute hour day month weekday), got ${parts.length}`);
  const sets = parts.map((part, index) => field(source, part, FIELDS[index]!));
  const weekdays = new Set([...sets[4]!].map((day) => day % 7));
  return {
    source,
    minutes: sets[0]!,
    hours: sets[1]!,
    days: sets[2]!,
    months: sets[3]!,
    weekdays,
    eitherDay: parts[2] !== '*' && parts[4] !== '*',
  };
}

function field(source: string, text: string, { name, min, max }: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!match) throw new CronError(`"${source}": cannot read the ${name} "${item}"`);
    const from = match[1] === '*' ? min : Number(match[2]);
    const to = match[1] === '*' ? max : match[3] !== undefined ? Number(match[3]) : match[4] !== undefined ? max : from;
    const step = match[4] !== undefined ? Number(match[4]) : 1;
    if (from < min || to > max || from > to || step < 1) throw new CronError(`"${source}": the ${name} "${item}" is outside ${min}–${max}`);
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

/** Whether the UTC minute of `at` matches. */
export function cronMatches(cron: Cron, at: Date): boolean {
  if (!cron.minutes.has(at.getUTCMinutes()) || !cron.hours.has(at.getUTCHours()) || !cron.months.has(at.getUTCMonth() + 1)) return false;
  const day = cron.days.has(at.getUTCDate());
  const weekday = cron.weekdays.has(at.getUTCDay());
  return cron.eitherDay ? day || weekday : day && weekday;
}

const MINUTE_MS = 60_000;

/** The start of the UTC minute `at` falls in. */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
}

/** The first matching minute strictly after `at`'s minute (within four years; null for a date that never comes, such as 30 February). */
export function nextCronRun(cron: Cron, at: Date): Date | null {
  let minute = minuteOf(at).getTime() + MINUTE_MS;
  const limit = minute + 4 * 366 * 24 * 60 * MINUTE_MS;
  while (minute < limit) {
    const candidate = new Date(minute);
    if (!cron.months.has(candidate.getUTCMonth() + 1)) {
      minute = Date.UTC(candidate.getUTCFullYear(), candidate.getUTCMonth() + 1, 1);
      continue;
    }
    if (!cron.hours.has(candidate.getUTCHours())) {
      minute = Date.UTC(candidate.getUTCFullYear(), candidate.getUTCMonth(), candidate.getUTCDate(), candidate.getUTCHours() + 1);
      continue;
    }
    if (cronMatches(cron, candidate)) return candidate;
    minute += MINUTE_MS;
  }
  return null;
}
