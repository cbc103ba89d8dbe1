import { sql, type Kysely, type Transaction } from 'kysely';
import type { Channel } from '@ritm/domain/channel';
import type { Exemption } from '@ritm/domain/exemption';
import type { PlanItem } from '@ritm/domain/item';
import type { DateRange } from '@ritm/domain/local-date';
import type { Norm } from '@ritm/domain/norm';
import type { DB } from '../db/schema.js';
import { exemptionsOfLineage, exemptionsOfSubtree } from './exemptions.js';
import { groupByOrg, normRowsOfLineage, normRowsOfSubtree, resolveNorms, toDomainNorm, type NormRow } from './norms.js';
import { confirmedColumn } from './items.js';
import { orgContextColumns, toOrgContext, type OrganisationContext } from './org-context.js';
import { archivedBelow } from './orgs.js';

/*
 * Everything compliance is judged from, read in one place: this module. An organisation is
 * judged from its attributes, its active channels, the norms and exemptions along its lineage,
 * and its items. Each input is read here for a set of organisations (one, or a subtree) and
 * stamped here, twice: in {@link subtreeStamp}, which tells in one small statement whether
 * anything a subtree's summary was judged from changed, and in the stamp of each organisation
 * ({@link JudgingInputs.organisations}), which tells which organisations to judge again.
 *
 * A new judging input is added here: read it in `load` (and give it to the judge through
 * {@link JudgingInput}), and have its table raise a revision of its organisation in
 * `org_revisions` with a trigger as migration 20261130T0100 does, read by `subtreeStamp` and
 * `stampOf`. The cache tests (plugins/compliance-cache.test.ts) change each input and ask for a
 * summary again.
 */

/** Everything one organisation's compliance rows are judged from, besides its items. */
export interface JudgingInput {
  org: OrganisationContext;
  channels: Channel[];
  /** The norms in force at the organisation (resolved along its lineage, switched-off ones left out). */
  norms: Norm[];
  exemptions: Exemption[];
}

/** Organisations to judge: one organisation, or it and every organisation below it. */
export interface JudgingScope {
  root: OrganisationContext;
  subtree: boolean;
}

export interface JudgingInputs {
  /** The scope's organisations in path order, each with the stamp of everything it is judged from, its items included. */
  organisations: { org: OrganisationContext; stamp: string }[];
  /** The inputs of some of those organisations: those to judge. */
  load(orgs: readonly OrganisationContext[]): Promise<JudgingInput[]>;
}

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The organisations of a scope, stamped, and a loader of their inputs. A stamp names the
 * organisation's attributes by value, and by their revisions its items, its channels and the
 * norms and exemptions of every organisation along its lineage (`org_revisions`, which triggers
 * raise in the transaction of every change to those rows and which never go back: migrations
 * 20261123T0300, 20261130T0100). Read it in one snapshot ({@link inOneSnapshot}) with the
 * judgement, so that a stamp always belongs to what was judged under it.
 */
export async function judgingInputs(db: Db, scope: JudgingScope): Promise<JudgingInputs> {
  const { root, subtree } = scope;
  const [orgRows, lineageRows] = await Promise.all([
    db
      .selectFrom('organisations as o')
      .leftJoin('org_revisions as r', 'r.org_id', 'o.id')
      .select([...orgContextColumns.map((column) => `o.${column}` as const), 'r.items', 'r.channels', 'r.rules'])
      .where(inScope(scope))
      .orderBy('o.path')
      .execute(),
    // The organisations above the scope bind it by their norms and exemptions too.
    db.selectFrom('org_revisions').select(['org_id', 'rules']).where('org_id', 'in', root.lineage).execute(),
  ]);
  // The revision of each organisation's own norms and exemptions, which bind those below it.
  const rules = new Map<string, string>();
  for (const row of lineageRows) rules.set(row.org_id, row.rules);
  for (const row of orgRows) if (row.rules !== null) rules.set(row.id, row.rules);
  const stampOf = (org: OrganisationContext, row: { items: string | null; channels: string | null }) =>
    [
      org.kind,
      org.members,
      JSON.stringify(org.figures),
      org.timeZone,
      org.countOnlyConfirmed,
      row.channels ?? 'none',
      // Each organisation above by id and revision: a move under another parent changes this part.
      org.lineage.map((id) => `${id}:${rules.get(id) ?? 'none'}`).join(','),
      row.items ?? 'none',
    ].join('|');

  return {
    organisations: orgRows.map((row) => {
      const org = toOrgContext(row);
      return { org, stamp: stampOf(org, row) };
    }),
    async load(orgs) {
      if (orgs.length === 0) return [];
      const [channelRows, normRows, exemptionRows] = await Promise.all([
        db
          .selectFrom('channels')
          .select(['id', 'org_id', 'type', 'since'])
          // One array parameter rather than a placeholder per organisation: 2,500 of those cost more to write and bind than the read.
          .where(sql<boolean>`org_id = any(${orgs.map((org) => org.id)}::uuid[])`)
          .where('active', '=', true)
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
        subtree ? normRowsOfSubtree(db, root) : normRowsOfLineage(db, root),
        subtree ? exemptionsOfSubtree(db, root) : exemptionsOfLineage(db, root),
      ]);
      const normsByOrg = groupByOrg(normRows);
      const exemptionsByOrg = groupByOrg(exemptionRows);
      const channelsOf = groupByOrg(channelRows.map((c) => ({ orgId: c.org_id, channel: { id: c.id, type: c.type, ...(c.since !== null && { since: c.since }) } })));
      // One domain norm per norm row, shared by every organisation it binds: the judge checks it once.
      const normOf = new Map<NormRow, Norm>();
      const domainNorm = (row: NormRow) => {
        let norm = normOf.get(row);
        if (norm === undefined) normOf.set(row, (norm = toDomainNorm(row)));
        return norm;
      };
      return orgs.map((org) => ({
        org,
        channels: (channelsOf.get(org.id) ?? []).map((c) => c.channel),
        norms: [...resolveNorms(org.lineage, normsByOrg).values()].filter((r) => r.row.enabled).map((r) => domainNorm(r.row)),
        exemptions: org.lineage.flatMap((id) => exemptionsByOrg.get(id) ?? []).map(toDomainExemption),
      }));
    },
  };
}

/** The scope's organisations (`o`); a subtree leaves out the archives below its root (issue 16). */
function inScope({ root, subtree }: JudgingScope) {
  return subtree
    ? sql<boolean>`o.path like ${root.path} || '%' and not ${archivedBelow('o.path', root.path)}`
    : sql<boolean>`o.id = ${root.id}`;
}

const toDomainExemption = (e: { normKey: string; channelId: string | null; from: string; to: string; reason: string }): Exemption => ({
  norm: e.normKey,
  from: e.from,
  to: e.to,
  reason: e.reason,
  ...(e.channelId !== null && { channel: e.channelId }),
});

/** What the compliance of a subtree depends on, as stamps to compare (see {@link subtreeStamp}). */
export interface SubtreeStamp {
  /** Organisations, channels, norms, exemptions and the items' revisions, in one text. */
  text: string;
  /** The time zones in use, which decide each organisation's today. */
  timeZones: string[];
  /** How many organisations the subtree holds (its archives too): what judging it weighs. */
  organisations: number;
}

/**
 * Stamps of everything the compliance of a subtree depends on, in one small statement over one
 * narrow table (`org_revisions`, kept by triggers in the transaction of every change: migrations
 * 20261123T0300, 20261130T0100): for each organisation of the subtree, the revisions of its own
 * row, its items, its channels and its norms and exemptions; the revisions of the rows, norms and
 * exemptions of the organisations above it; and the time zones in use. A summary asked again over
 * an unchanged subtree reads nothing else.
 */
export async function subtreeStamp(db: Db, root: Pick<OrganisationContext, 'path' | 'lineage'>): Promise<SubtreeStamp> {
  // Each revision as an XOR of hashes of (organisation, revision), one per column, rather than
  // spelled out (25,000 organisations' would be a 1 MB text): a revision only grows, so any write
  // changes its organisation's hash, and an organisation added or deleted changes the count.
  const hashes = (column: string) => sql.raw(`coalesce(bit_xor(uuid_hash_extended(r.org_id, r.${column})), 0)`);
  // Above the subtree: their norms and exemptions, and their rows (a summary names where an adjustment was made).
  const { rows } = await sql<{ zones: string | null; orgs: string; above: string }>`
    select string_agg(distinct r.timezone, ',' order by r.timezone) as zones,
      count(*) || ':' || ${hashes('org')} || ':' || ${hashes('items')} || ':' || ${hashes('channels')} || ':' || ${hashes('rules')} as orgs,
      (select ${hashes('rules')} || ':' || ${hashes('org')} from org_revisions r where r.org_id = any(${root.lineage}::uuid[])) as above
    from org_revisions r where r.path like ${root.path} || '%'`.execute(db);
  const row = rows[0]!;
  return {
    text: `${row.zones}|${row.orgs}|${row.above}`,
    timeZones: row.zones === null ? [] : row.zones.split(','),
    organisations: Number.parseInt(row.orgs, 10),
  };
}

/** Runs `read` in one read-only snapshot: stamps and what is judged under them agree. */
export function inOneSnapshot<T>(db: Kysely<DB>, read: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
}

/** An item as the judge reads it. */
const toPlanItem = (row: {
  id: string;
  kind: string;
  status: PlanItem['status'];
  at_date: string | null;
  at_instant: Date | string | null;
  channels: string[];
  confirmed: boolean;
}): PlanItem => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  channels: row.channels,
  at: row.at_date ?? new Date(row.at_instant!).toISOString(),
  confirmed: row.confirmed,
});

function selectItems(db: Db, orgId: string) {
  return db
    .selectFrom('items')
    .select(['id', 'kind', 'status', 'at_date', 'at_instant', sql<string[]>`channel_ids::text[]`.as('channels'), confirmedColumn('items').as('confirmed')])
    .where('org_id', '=', orgId);
}

/** The organisation's items that count on local days of `span` (cancelled ones never do). */
export async function itemsToJudge(db: Db, orgId: string, span: DateRange): Promise<PlanItem[]> {
  const rows = await selectItems(db, orgId).where('local_day', '>=', span.from).where('local_day', '<=', span.to).where('status', '<>', 'cancelled').execute();
  return rows.map(toPlanItem);
}

/** The organisation's open items (planned, in progress) from `from` to the day before `today`: its overdue ones. */
export async function openItemsBefore(db: Db, orgId: string, from: string, today: string): Promise<PlanItem[]> {
  const rows = await selectItems(db, orgId)
    .where('status', 'in', ['planned', 'in_progress'])
    .where('local_day', '>=', from)
    .where('local_day', '<', today)
    .orderBy('local_day')
    .orderBy('id')
    .execute();
  return rows.map(toPlanItem);
}
