import { sql, type Kysely, type Transaction } from 'kysely';
import type { ExistingItem, ImportMapping } from '@ritm/domain/exchange';
import type { DB } from '../db/schema.js';
import type { OrganisationContext } from './org-context.js';
import { mayBeResponsible } from './references.js';

// What an import reads beside the file: the organisation's catalogues to match names against, its
// items on the file's days to find each row's item, and its remembered mapping.

export interface NamedEntry {
  id: string;
  names: string[];
}

/** The catalogues names are matched against, read under a key-share lock as items' references are. */
export interface ImportCatalogues {
  channels: Array<NamedEntry & { type: string }>;
  audiences: NamedEntry[];
  keyMessages: NamedEntry[];
  people: NamedEntry[];
}

export async function readImportCatalogues(trx: Transaction<DB>, org: OrganisationContext): Promise<ImportCatalogues> {
  const [channels, audiences, keyMessages, people] = await Promise.all([
    trx.selectFrom('channels').select(['id', 'name', 'type']).where('org_id', '=', org.id).forKeyShare().execute(),
    trx.selectFrom('audiences').select(['id', 'name']).where('org_id', 'in', org.lineage).forKeyShare().execute(),
    trx.selectFrom('key_messages').select(['id', 'text']).where('org_id', 'in', org.lineage).forKeyShare().execute(),
    // Who may be responsible, as items require: system administrators and members of the tree.
    trx
      .selectFrom('users as u')
      .select(['u.id', 'u.name', 'u.email'])
      .where('u.disabled_at', 'is', null)
      .where((eb) => mayBeResponsible(eb, org))
      .execute(),
  ]);
  return {
    channels: channels.map((c) => ({ id: c.id, type: c.type, names: [c.name] })),
    audiences: audiences.map((a) => ({ id: a.id, names: [a.name] })),
    keyMessages: keyMessages.map((k) => ({ id: k.id, names: [k.text] })),
    people: people.map((p) => ({ id: p.id, names: [p.name, p.email].filter((n) => n !== '') })),
  };
}

/**
 * The organisation's items on local days `from … to`, as the import compares them: one JSON row
 * each, built by the database (the item's fields under the contract's names).
 */
export async function itemsOnDays(db: Kysely<DB> | Transaction<DB>, orgId: string, from: string, to: string): Promise<ExistingItem[]> {
  const { rows } = await sql<{ item: string }>`
    select json_build_object(
      'id', i.id, 'localDay', i.local_day::text, 'kind', i.kind, 'title', i.title,
      'at', coalesce(i.at_date::text, to_char(i.at_instant at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
      'status', i.status, 'newsHook', i.news_hook, 'format', i.format,
      'channelIds', i.channel_ids,
      'audienceIds', coalesce((select json_agg(x.audience_id) from item_audiences x where x.item_id = i.id), '[]'::json),
      'keyMessageIds', coalesce((select json_agg(x.key_message_id) from item_key_messages x where x.item_id = i.id), '[]'::json),
      'responsibleId', i.responsible_id,
      'publishedAt', to_char(i.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'url', i.url, 'views', i.views, 'likes', i.likes, 'reposts', i.reposts, 'comments', i.comments, 'notes', i.notes
    )::text as item
    from items i
    where i.org_id = ${orgId} and i.local_day between ${from}::date and ${to}::date`.execute(db);
  return rows.map((row) => JSON.parse(row.item) as ExistingItem);
}

const EMPTY: ImportMapping = { columns: {}, formats: {} };

export async function findImportMapping(db: Kysely<DB> | Transaction<DB>, orgId: string): Promise<ImportMapping> {
  const row = await db.selectFrom('import_mappings').select(['columns', 'formats']).where('org_id', '=', orgId).executeTakeFirst();
  return row === undefined ? EMPTY : ({ columns: row.columns, formats: row.formats } as ImportMapping);
}

export async function saveImportMapping(trx: Transaction<DB>, orgId: string, mapping: ImportMapping, userId: string | null): Promise<void> {
  const values = { columns: JSON.stringify(mapping.columns), formats: JSON.stringify(mapping.formats), updated_by: userId, updated_at: new Date() };
  await trx
    .insertInto('import_mappings')
    .values({ org_id: orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute();
}
