import { sql, type Kysely, type Transaction } from 'kysely';
import { COUNTED_STATUSES } from '@ritm/domain/counting-groups';
import type { DateRange, LocalDate } from '@ritm/domain/local-date';
import type { ItemStatus } from '@ritm/domain/item';
import type { DB } from '../db/schema.js';

/*
 * What the reports read besides the judgement (services/reports.ts): the items behind the rows
 * (done ones with their evidence, overdue ones), publication figures, information workers. Each
 * read takes a batch of organisations (the judge's batch), never a whole tree at once.
 */

type Db = Kysely<DB> | Transaction<DB>;

/** An item the compliance report lists: done in the period with its evidence (a link or a file), or overdue. */
export interface ReportItem {
  orgId: string;
  id: string;
  title: string;
  kind: string;
  status: ItemStatus;
  day: LocalDate;
  url: string | null;
  attachments: number;
  /** Planned or in progress and dated before the organisation's today: it did not happen. */
  overdue: boolean;
}

/**
 * The batch's items of the range that prove a row or fail one: done ones with a link or a file
 * (the evidence a reader can follow), and open ones dated before each organisation's today
 * (`todayOf`), by day. Done items without evidence are only counted: listing every item of a
 * 2,500-organisation quarter would make the file a plan export, not a report.
 */
export async function reportItems(db: Db, orgIds: readonly string[], range: DateRange, todayOf: ReadonlyMap<string, LocalDate>): Promise<ReportItem[]> {
  if (orgIds.length === 0) return [];
  // Open items up to the latest today of the batch are read; each is overdue only before its own organisation's today.
  const latestToday = [...todayOf.values()].reduce((a, b) => (a > b ? a : b));
  const rows = await db
    .selectFrom('items')
    .select(['org_id', 'id', 'title', 'kind', 'status', sql<string>`to_char(local_day, 'YYYY-MM-DD')`.as('day'), 'url', 'attachment_count'])
    .where('org_id', 'in', orgIds)
    .where('local_day', '>=', range.from)
    .where('local_day', '<=', range.to)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', 'in', [...COUNTED_STATUSES.done]), eb.or([eb('url', 'is not', null), eb('attachment_count', '>', 0)])]),
        eb.and([eb('status', 'in', [...COUNTED_STATUSES.open]), eb('local_day', '<', latestToday)]),
      ]),
    )
    .orderBy('local_day')
    .orderBy('id')
    .execute();
  const open: ReadonlySet<string> = new Set(COUNTED_STATUSES.open);
  return rows.flatMap((r) => {
    const overdue = open.has(r.status);
    if (overdue && r.day >= todayOf.get(r.org_id)!) return [];
    return [{ orgId: r.org_id, id: r.id, title: r.title, kind: r.kind, status: r.status, day: r.day, url: r.url, attachments: r.attachment_count, overdue }];
  });
}

/** Publications of an organisation in a range: how many were published or held, and their reactions summed. */
export interface PublicationFigures {
  count: number;
  views: number | null;
  likes: number | null;
  reposts: number | null;
  comments: number | null;
}

/** The batch's publication figures over a range (organisations without publications are absent). */
export async function publicationFigures(db: Db, orgIds: readonly string[], range: DateRange): Promise<Map<string, PublicationFigures>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('items')
    .select([
      'org_id',
      sql<string>`count(*)`.as('count'),
      sql<string | null>`sum(views)`.as('views'),
      sql<string | null>`sum(likes)`.as('likes'),
      sql<string | null>`sum(reposts)`.as('reposts'),
      sql<string | null>`sum(comments)`.as('comments'),
    ])
    .where('org_id', 'in', orgIds)
    .where('status', 'in', [...COUNTED_STATUSES.done])
    .where('local_day', '>=', range.from)
    .where('local_day', '<=', range.to)
    .groupBy('org_id')
    .execute();
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  return new Map(rows.map((r) => [r.org_id, { count: Number(r.count), views: num(r.views), likes: num(r.likes), reposts: num(r.reposts), comments: num(r.comments) }]));
}

/**
 * People with a role for information work at each organisation of the batch: its editors and
 * directors whose accounts are active (organisations with none are absent).
 */
export async function informationWorkers(db: Db, orgIds: readonly string[]): Promise<Map<string, number>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.org_id', sql<string>`count(*)`.as('count')])
    .where('m.org_id', 'in', orgIds)
    .where('m.role', 'in', ['editor', 'director'])
    .where('u.disabled_at', 'is', null)
    .groupBy('m.org_id')
    .execute();
  return new Map(rows.map((r) => [r.org_id, Number(r.count)]));
}
