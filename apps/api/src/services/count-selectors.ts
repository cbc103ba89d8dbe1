import type { Kysely } from 'kysely';
import { countingSelector, type CountingSelector } from '@ritm/domain/counting-groups';
import { layOut } from '@ritm/domain/evaluate';
import type { DB } from '../db/schema.js';
import type { DefineJobs } from '../jobs/definitions.js';
import { countBuckets, rebuildCounts, registeredSelectors, syncSelectors } from '../repositories/counts.js';
import { judgingInputs, type JudgingInput } from '../repositories/judging-inputs.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { rootOrgIds } from '../repositories/orgs.js';
import { repairAttachmentCounts } from '../repositories/attachments.js';
import { repairItemJson } from '../repositories/items.js';
import { repairOrgRevisions } from '../repositories/revisions.js';
import { loadOrgContext } from './org-context.js';

/*
 * Which selectors each organisation's counts are kept for (issue 17): what the counting groups
 * of its norms and channels select (`countingSelector`), registered by the routes that change
 * norms, channels or organisations (plugins/count-selectors.ts), by the `counts.sync` job (every ten minutes)
 * for changes made elsewhere (the command line, imports), and by `ritm counts rebuild`. A
 * selector not registered yet is counted from the items when judged: slower, never wrong.
 */

/** Organisations whose selectors are worked out at a time. */
const SYNCED_AT_ONCE = 500;

/** Buckets of organisations (of 256) registered in one transaction. */
const BUCKETS_AT_ONCE = 4;

/** A day's range: which items a group selects does not depend on the range, only its periods do. */
const ANY_RANGE = { from: '2026-01-01', to: '2026-01-01' };

/** The selectors an organisation's counts are kept for: those of its frequency norms' counting groups, once each. */
export function selectorsOf(input: JudgingInput): CountingSelector[] {
  const layout = layOut({ org: { kind: input.org.kind, ...(input.org.members !== null && { members: input.org.members }), figures: input.org.figures }, channels: input.channels, norms: input.norms, exemptions: input.exemptions, range: ANY_RANGE });
  const byKey = new Map<string, CountingSelector>();
  for (const group of layout.groups) {
    const selector = countingSelector(group);
    byKey.set(selector.key, selector);
  }
  return [...byKey.values()];
}

export interface SyncTally {
  organisations: number;
  added: number;
  dropped: number;
}

/**
 * Registers the selectors of `root` (and of every organisation below it with `subtree`) that
 * are missing, counted from the items, and drops those no longer wanted; organisations already
 * in step cost one comparison.
 */
export async function syncCountSelectors(db: Kysely<DB>, root: OrganisationContext, subtree: boolean, options: { atMost?: number } = {}): Promise<SyncTally | undefined> {
  const inputs = await judgingInputs(db, { root, subtree });
  const orgs = inputs.organisations.map(({ org }) => org);
  if (options.atMost !== undefined && orgs.length > options.atMost) return undefined;
  const tally: SyncTally = { organisations: orgs.length, added: 0, dropped: 0 };
  const changed = new Map<string, CountingSelector[]>();
  for (let at = 0; at < orgs.length; at += SYNCED_AT_ONCE) {
    const batch = orgs.slice(at, at + SYNCED_AT_ONCE);
    const wanted = (await inputs.load(batch)).map((input) => [input.org.id, selectorsOf(input)] as const);
    const registered = await registeredSelectors(db, batch.map((org) => org.id));
    for (const [orgId, selectors] of wanted) {
      const have = registered.get(orgId) ?? [];
      const keys = selectors.map((s) => s.key).sort();
      if (!(keys.length === have.length && keys.every((key, i) => key === have[i]))) changed.set(orgId, selectors);
    }
  }
  // Registered a few buckets of organisations at a time: each transaction holds off the item
  // writes of those buckets only while it counts their history (see repositories/counts.ts).
  const byBucket = new Map<number, string[]>();
  for (const [orgId, bucket] of await countBuckets(db, [...changed.keys()])) {
    const inBucket = byBucket.get(bucket);
    if (inBucket) inBucket.push(orgId);
    else byBucket.set(bucket, [orgId]);
  }
  const buckets = [...byBucket.keys()].sort((a, b) => a - b);
  for (let at = 0; at < buckets.length; at += BUCKETS_AT_ONCE) {
    const part = new Map(buckets.slice(at, at + BUCKETS_AT_ONCE).flatMap((b) => byBucket.get(b)!.map((orgId) => [orgId, changed.get(orgId)!] as const)));
    const { added, dropped } = await db.transaction().execute((trx) => syncSelectors(trx, part));
    tally.added += added;
    tally.dropped += dropped;
  }
  return tally;
}

/** Every tree's selectors in step ({@link syncCountSelectors} from each root). */
export async function syncAllCountSelectors(db: Kysely<DB>): Promise<SyncTally> {
  const tally: SyncTally = { organisations: 0, added: 0, dropped: 0 };
  for (const rootId of await rootOrgIds(db)) {
    const part = (await syncCountSelectors(db, await loadOrgContext(db, rootId), true))!;
    tally.organisations += part.organisations;
    tally.added += part.added;
    tally.dropped += part.dropped;
  }
  return tally;
}

/**
 * `ritm counts rebuild`: every selector in step, items' attachment counts set to the files they
 * hold where they differ (whether an item is confirmed is read from it), then every count made again from the items
 * with item writes held off meanwhile, and the organisations' revision rows set again where they
 * had drifted (the stamps of the compliance cache read them), and the items' kept JSON written
 * again where it differs from their rows (lists are read from it).
 * @returns the selectors' tally, the items whose attachment count was set again, how many kept rows had drifted from the items (0 unless
 * something wrote past the triggers), the rows kept now, the revision rows set again, and the
 * items whose JSON was written again.
 */
export async function rebuildAllCounts(db: Kysely<DB>): Promise<SyncTally & { attachmentCounts: number; drifted: number; rows: number; revisions: number; itemTexts: number }> {
  const tally = await syncAllCountSelectors(db);
  // Before the counts, which read whether an item is confirmed from its attachments' count; in a
  // transaction of its own, holding no count lock while the items' counting triggers take theirs.
  const attachmentCounts = await db.transaction().execute(repairAttachmentCounts);
  const rebuilt = await db.transaction().execute((trx) => rebuildCounts(trx, null));
  // The revision rows and the item texts each in a transaction of their own, holding no count
  // lock: the rebuild holds every count lock exclusively, and a write holding a row they would
  // write (an organisation's revision row, raised by its new time zone; an item's row) while it
  // waits for one of those locks (its items' counting trigger) would wait for the rebuild as the
  // rebuild waits for it. The item texts after the revision rows: writing one raises its organisation's.
  const revisions = await db.transaction().execute(repairOrgRevisions);
  const itemTexts = await db.transaction().execute(repairItemJson);
  return { ...tally, attachmentCounts, ...rebuilt, revisions, itemTexts };
}

export const COUNTS_SYNC_JOB = 'counts.sync';

/**
 * `counts.sync` (`JOB_AREAS`): every ten minutes, selectors of changes the routes did not make (the
 * command line, a bulk load, a database upgraded to counts): an organisation in step costs a
 * comparison, so a run over 25,000 organisations that changed nothing is their layout and one read.
 */
export const defineCountJobs: DefineJobs = (runner, { db, log }) => {
  runner.define({
    name: COUNTS_SYNC_JOB,
    cron: '*/10 * * * *',
    expireSeconds: 60 * 60,
    handler: async () => {
      const tally = await syncAllCountSelectors(db);
      if (tally.added + tally.dropped > 0) log.info({ counts: tally }, 'count selectors brought in step');
    },
  });
};
