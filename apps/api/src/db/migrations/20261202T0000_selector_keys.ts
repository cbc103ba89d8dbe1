import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Counting selectors' keys were written with their kinds as they are: a norm of the kind `*`
// shared the key of a norm of any kind, and a norm of the kind `post,video` the key of a norm of
// the kinds `post` and `video`, so an organisation with both kept one selector for the two and
// one of them was judged from the other's counts. The domain's `selectorKey` now writes `%`, `,`,
// `|` and `*` inside a kind as `%25`, `%2C`, `%7C` and `%2A` (and an empty kind as `%`). Keys of
// other kinds are unchanged; the selectors whose kinds hold one of those signs, or an empty kind,
// are dropped with their counts, whichever key they were kept under. Until `counts.sync` (or
// `ritm counts rebuild`) registers them again under their new keys, those norms are counted from
// the items: slower for a while, never wrong.

/** The lock the counting triggers take shared per bucket of organisations (migration 20261130T0000). */
const COUNT_LOCK = 1_953_066_349;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  // Item writes' counting triggers wait meanwhile, as they do for a rebuild.
  await sql`select pg_advisory_xact_lock(${sql.lit(COUNT_LOCK)}, b) from generate_series(0, 255) b`.execute(db);
  await sql`
    delete from count_selectors s
    where exists (select 1 from unnest(s.kinds) k where k = '' or k ~ '[%,|*]')`.execute(db);
}

export async function down(): Promise<void> {
  // Nothing to undo: the selectors dropped are registered again by counts.sync, under the keys of the code that runs.
}
