import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { ItemQuery } from '@ritm/contracts/items';
import type { DB } from '../db/schema.js';
import { listItemsJson } from '../repositories/items.js';
import { itemsRevisionOf } from '../repositories/revisions.js';
import { bodyBytes, keptBody, StampedMemo, type CacheBudget } from '../services/stamped-memo.js';

declare module 'fastify' {
  interface FastifyInstance {
    itemLists: ItemLists;
  }
}

/**
 * Item lists answered before, as the JSON sent, under the revision of the organisation's lists
 * they were read after (repositories/revisions.ts). A list is read after its revision, so it can
 * only be newer than the revision it is kept under, never older: the next request reads the
 * newer revision and reads the list again.
 */
export class ItemLists {
  readonly memo: StampedMemo<Buffer>;

  constructor(budget: CacheBudget) {
    this.memo = new StampedMemo<Buffer>(budget, bodyBytes);
  }

  /**
   * The organisation's list for `query` as JSON. `revision`: the lists' revision if the caller
   * read it already (the auth plugin reads it with the caller, in the same round trip); `fresh`:
   * read afresh whatever is kept (`Cache-Control: no-cache`).
   */
  async list(db: Kysely<DB>, orgId: string, query: ItemQuery, options: { revision: string | null; fresh: boolean }): Promise<Buffer> {
    const revision = options.revision ?? (await itemsRevisionOf(db, orgId));
    const key = JSON.stringify([orgId, Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1))]);
    let body = options.fresh ? undefined : this.memo.get(key, revision);
    if (body === undefined) {
      body = keptBody(await listItemsJson(db, orgId, query));
      this.memo.set(key, revision, body);
    }
    return body;
  }
}

/** The item-list cache of the app, as `app.itemLists`. */
export default fp(
  async (app) => {
    app.decorate('itemLists', new ItemLists(app.cacheBudget));
  },
  { name: 'item-lists', dependencies: ['cache-budget'] },
);
