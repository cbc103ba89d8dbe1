import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Compile } from 'typebox/compile';
import { ItemQuery } from '@ritm/contracts/items';
import { checkRange, MAX_READ_RANGE_DAYS } from '@ritm/domain/date-range';
import type { DB } from '../db/schema.js';
import { heldListText, listItems, revisedListExpression, splitItemList, splitRevisedList, TAG_LENGTH } from '../repositories/items.js';
import { itemsRevisionExpression, itemsRevisionOf } from '../repositories/revisions.js';
import type { AlsoRead } from '../repositories/sessions.js';
import { BUFFER_BYTES, StampedMemo, stringBytes, taggedBodyBytes, taggedBytes, WORD, type CacheBudget, type TaggedBody } from '../services/stamped-memo.js';
import { answerOf, type Answer, type Asked } from '../http/conditional.js';
import { isRecord, lowerUuids } from './validation.js';

declare module 'fastify' {
  interface FastifyInstance {
    itemLists: ItemLists;
  }
}

// The list's query as the route's validation will take it: its fields are all text, and the one
// change validation makes is to write ids in lower case (plugins/validation.ts `lowerUuids`). That
// is made here too, so a list is looked for under the key it is kept under however its ids are written.
const queryChecker = Compile(ItemQuery);

/**
 * A list answered, with its items' tags in order and where each item's kept text lies in its
 * bytes (start and length, two numbers an item): what a list read again names as held, and
 * copies from. The tags are one string of their own, joined by spaces as the database is asked
 * (tag `i` at `i × 25`): tags cut from the driver's text would keep all of that text alive.
 */
interface KeptList extends TaggedBody {
  tags: string;
  spans: Uint32Array;
  /**
   * The text the database sends for this list read again with its tags named as held and
   * nothing changed (repositories/items.ts `heldListText`: each item's tag and last editor), a
   * string of its own; null when some tag cannot be named. A list read again as this text is
   * this list, found by one comparison rather than item by item.
   */
  held: string | null;
}

const keptListBytes = (list: KeptList): number =>
  taggedBodyBytes(list) + stringBytes(list.tags) + list.spans.byteLength + BUFFER_BYTES + (list.held === null ? 0 : stringBytes(list.held)) + 3 * WORD;

/** Tag `index` of `tags` (joined by spaces), or -1: the one at `next` first, as a list mostly keeps its order. */
function tagIndex(tags: string, tag: string, next: number): number {
  if (tag.length !== TAG_LENGTH) return -1;
  if (tags.startsWith(tag, next * (TAG_LENGTH + 1))) return next;
  // After an item left the list, further on (held items keep their order); only then from the start.
  let at = tags.indexOf(tag, next * (TAG_LENGTH + 1));
  if (at < 0) at = tags.indexOf(tag);
  return at < 0 || at % (TAG_LENGTH + 1) !== 0 ? -1 : at / (TAG_LENGTH + 1);
}

const OPEN = Buffer.from('{"items":[');
const CLOSE = Buffer.from(']}');
const COMMA = 0x2c;
const BRACE = 0x7d;

/**
 * Item lists answered before, as the JSON sent, under the revision of the organisation's lists
 * they were read with (repositories/revisions.ts). A list is read with its revision, or after it,
 * so it can only be newer than the revision it is kept under, never older: the next request reads
 * the newer revision and reads the list again.
 *
 * A list read again (afresh, or after a change) names the tags of the items of the list kept
 * under its key (repositories/items.ts `itemListExpression`: a tag names an item's kept JSON by
 * its content), and the database sends only the texts of the other items: those changed since,
 * or new. The list is put together as bytes from the kept list's bytes and the texts sent,
 * instead of 22 KB of text a month decoded into a string and encoded back on every read.
 */
export class ItemLists {
  readonly memo: StampedMemo<KeptList>;

  constructor(budget: CacheBudget) {
    this.memo = new StampedMemo<KeptList>(budget, keptListBytes);
  }

  /** Asked to read the list afresh, whatever is kept (`Cache-Control: no-cache`). */
  static fresh(request: FastifyRequest): boolean {
    return /\bno-cache\b/i.test(request.headers['cache-control'] ?? '');
  }

  /** The key a list is kept under: the organisation and every filter of the query, in a fixed order (none other exists: the schema forbids more). */
  static keyOf(orgId: string, query: ItemQuery): string {
    const { from, to, channelId, audienceId, kind, status, responsibleId, planId } = query;
    return JSON.stringify([orgId, from, to, channelId, audienceId, kind, status, responsibleId, planId]);
  }

  /**
   * What the auth plugin reads with the caller for a list request, before its validation: the
   * lists' revision, to answer from memory when it still holds; asked afresh, the list itself
   * with its revision, so that it costs one round trip. Nothing for a query the route will refuse
   * (it answers 400 itself, after authentication, as for any route).
   */
  readWithCaller(request: FastifyRequest, orgId: string): AlsoRead | undefined {
    if (!ItemLists.fresh(request)) return itemsRevisionExpression(orgId);
    const query = isRecord(request.query) ? lowerUuids(ItemQuery, { ...request.query }) : request.query;
    if (!queryChecker.Check(query) || !checkRange(query, 'querystring.to', [], MAX_READ_RANGE_DAYS)) return undefined;
    return revisedListExpression(orgId, query, this.memo.peek(ItemLists.keyOf(orgId, query))?.tags ?? '');
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
    const key = ItemLists.keyOf(orgId, query);
    let body = options.fresh ? undefined : this.memo.get(key, revision);
    if (body === undefined) {
      // The kept list named as held may have been replaced or let go since (by another request,
      // or the cache's budget): then the list is put together from the one kept now, or read
      // again naming that one's tags, or else with every text sent. Read after the revision, it
      // is as new as it or newer.
      const made =
        (read?.list == null ? undefined : this.#joined(read.list, this.memo.peek(key))) ??
        (await this.#readJoined(db, orgId, query, this.memo.peek(key))) ??
        (await this.#readJoined(db, orgId, query, undefined));
      // Only an item whose kept JSON is empty comes back without it then: written past the triggers.
      if (made === undefined) throw new Error(`an item of the list ${key} has an empty kept JSON (written past the triggers): run ritm counts rebuild`);
      // Read afresh and found the same: the kept list stays, with the compressed forms made of it
      // (and is not kept anew when it is the very list `#joined` gave back).
      const kept = options.fresh ? this.memo.get(key, revision) : undefined;
      body = kept?.etag === made.etag ? kept : made;
      if (body !== kept) this.memo.set(key, revision, body);
    }
    return answerOf(body, options.asked, this.memo, key);
  }

  async #readJoined(db: Kysely<DB>, orgId: string, query: ItemQuery, prior: KeptList | undefined): Promise<KeptList | undefined> {
    return this.#joined(await listItems(db, orgId, query, prior?.tags ?? ''), prior);
  }

  /**
   * The list's JSON, `{"items":[…]}`, as bytes, from the text the database sent
   * (repositories/items.ts `itemListExpression`): each item's kept text (sent, or copied from
   * `prior`), its editor and its closing brace. Undefined if a text named as held is not in `prior`.
   */
  #joined(text: string, prior: KeptList | undefined): KeptList | undefined {
    // Nothing changed since (a list read afresh, mostly): no bytes put together or hashed again.
    if (prior !== undefined && prior.held === text) return prior;
    const items = splitItemList(text);
    const count = items.length;
    const heads: Array<string | Buffer> = new Array(count);
    let size = OPEN.length + CLOSE.length + Math.max(count - 1, 0);
    let next = 0;
    for (let i = 0; i < count; i++) {
      const { tag, head, editor } = items[i]!;
      if (head === null) {
        const at = prior === undefined ? -1 : tagIndex(prior.tags, tag, next);
        if (at < 0) return undefined;
        const start = prior!.spans[2 * at]!;
        heads[i] = prior!.bytes.subarray(start, start + prior!.spans[2 * at + 1]!);
        next = at + 1;
      } else heads[i] = head;
      size += Buffer.byteLength(heads[i]!) + Buffer.byteLength(editor) + 1;
    }
    const bytes = Buffer.allocUnsafeSlow(size);
    const spans = new Uint32Array(2 * count);
    let at = OPEN.copy(bytes, 0);
    for (let i = 0; i < count; i++) {
      if (i > 0) bytes[at++] = COMMA;
      const head = heads[i]!;
      spans[2 * i] = at;
      at += typeof head === 'string' ? bytes.write(head, at) : head.copy(bytes, at);
      spans[2 * i + 1] = at - spans[2 * i]!;
      at += bytes.write(items[i]!.editor, at);
      bytes[at++] = BRACE;
    }
    CLOSE.copy(bytes, at);
    // latin1 both ways: a flat string of its own (base64 is ASCII), not a rope or slices of the
    // driver's text. A tag of another length (written past the triggers) names nothing: none is kept.
    const nameable = items.every((item) => item.tag.length === TAG_LENGTH);
    const named = nameable ? items.map((item) => item.tag).join(' ') : '';
    // Tags and editors are slices of the driver's text: copied into strings of their own, which do not keep it alive.
    const held = nameable ? Buffer.from(heldListText(items)).toString() : null;
    return { ...taggedBytes(bytes), tags: Buffer.from(named, 'latin1').toString('latin1'), spans, held };
  }
}

/** The item-list cache of the app, as `app.itemLists`. */
export default fp(
  async (app) => {
    app.decorate('itemLists', new ItemLists(app.cacheBudget));
  },
  { name: 'item-lists', dependencies: ['cache-budget'] },
);
