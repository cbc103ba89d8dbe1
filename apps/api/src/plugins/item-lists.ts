import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Compile } from 'typebox/compile';
import { ItemQuery } from '@ritm/contracts/items';
import { checkRange, MAX_READ_RANGE_DAYS } from '@ritm/domain/date-range';
import type { DB } from '../db/schema.js';
import { listItemsJson, revisedListExpression, splitRevisedList } from '../repositories/items.js';
import { itemsRevisionExpression, itemsRevisionOf } from '../repositories/revisions.js';
import type { AlsoRead } from '../repositories/sessions.js';
import { StampedMemo, taggedBody, taggedBodyBytes, type CacheBudget, type TaggedBody } from '../services/stamped-memo.js';
import { answerOf, type Answer, type Asked } from '../http/conditional.js';

declare module 'fastify' {
  interface FastifyInstance {
    itemLists: ItemLists;
  }
}

// The list's query as the route's validation will take it: its fields are all text, so text that
// passes this check is exactly what the handler gets (plugins/validation.ts converts nothing).
const queryChecker = Compile(ItemQuery);

/**
 * Item lists answered before, as the JSON sent, under the revision of the organisation's lists
 * they were read with (repositories/revisions.ts). A list is read with its revision, or after it,
 * so it can only be newer than the revision it is kept under, never older: the next request reads
 * the newer revision and reads the list again.
 */
export class ItemLists {
  readonly memo: StampedMemo<TaggedBody>;

  constructor(budget: CacheBudget) {
    this.memo = new StampedMemo<TaggedBody>(budget, taggedBodyBytes);
  }

  /** Asked to read the list afresh, whatever is kept (`Cache-Control: no-cache`). */
  static fresh(request: FastifyRequest): boolean {
    return /\bno-cache\b/i.test(request.headers['cache-control'] ?? '');
  }

  /**
   * What the auth plugin reads with the caller for a list request, before its validation: the
   * lists' revision, to answer from memory when it still holds; asked afresh, the list itself
   * with its revision, so that it costs one round trip. Nothing for a query the route will refuse
   * (it answers 400 itself, after authentication, as for any route).
   */
  readWithCaller(request: FastifyRequest, orgId: string): AlsoRead | undefined {
    if (!ItemLists.fresh(request)) return itemsRevisionExpression(orgId);
    const query = request.query;
    if (!queryChecker.Check(query) || !checkRange(query, 'query.to', [], MAX_READ_RANGE_DAYS)) return undefined;
    return revisedListExpression(orgId, query);
  }

  /**
   * The organisation's list for `query` as JSON with its entity tag (the SHA-256 of the bytes,
   * worked out when the list is read, not when it is given again). `readWithCaller`: what {@link readWithCaller}'s
   * expression read with the caller (the revision, or the revision and the list), null if nothing;
   * `fresh`: read afresh whatever is kept; answered as `asked` (http/conditional.ts `answerOf`).
   */
  async list(db: Kysely<DB>, orgId: string, query: ItemQuery, options: { readWithCaller: string | null; fresh: boolean; asked: Asked }): Promise<Answer> {
    const read = options.readWithCaller === null ? undefined : splitRevisedList(options.readWithCaller);
    const revision = read?.revision ?? (await itemsRevisionOf(db, orgId));
    const key = JSON.stringify([orgId, Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1))]);
    let body = options.fresh ? undefined : this.memo.get(key, revision);
    if (body === undefined) {
      const made = taggedBody(read?.body ?? (await listItemsJson(db, orgId, query)));
      // Read afresh and found the same: the kept list stays, with the compressed forms made of it.
      const kept = options.fresh ? this.memo.get(key, revision) : undefined;
      body = kept?.etag === made.etag ? kept : made;
      if (body === made) this.memo.set(key, revision, body);
    }
    return answerOf(body, options.asked, this.memo, key);
  }
}

/** The item-list cache of the app, as `app.itemLists`. */
export default fp(
  async (app) => {
    app.decorate('itemLists', new ItemLists(app.cacheBudget));
  },
  { name: 'item-lists', dependencies: ['cache-budget'] },
);
