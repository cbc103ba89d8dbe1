import type { Kysely, Transaction } from 'kysely';
import type { EvidencePost, EvidenceReadResult, EvidenceSource, EvidenceSourceCreate, EvidenceSourcePatch } from '@ritm/contracts/evidence';
import type { Item, ItemPatch } from '@ritm/contracts/items';
import {
  FETCH_INTERVAL_MINUTES,
  isFetchedSourceType,
  isSecretSourceType,
  unplannedPostKind,
  type EvidenceSourceType,
  type FetchedPost,
  type MatchReason,
  type Reach,
  type ReachRow,
  type SourceErrorInfo,
} from '@ritm/domain/evidence-source';
import { nextReadAt, planIngest, postLocalDay, provenItemAt, resolveReachRows, samePost, unplannedFrom, type KnownPost } from '@ritm/domain/evidence-match';
import { isEventKind } from '@ritm/domain/item';
import { addDays } from '@ritm/domain/local-date';
import { isBlank } from '@ritm/domain/words';
import type { DB } from '../db/schema.js';
import { fetchedUrlProblem, shownUrl } from '../evidence/address.js';
import type { FetchOptions, SourceReading, SourceState, SourceToRead, UploadReading } from '../evidence/adapter.js';
import type { AdapterRegistry } from '../evidence/registry.js';
import { fingerprintSecret, openSecret, sealSecret } from '../evidence/secrets.js';
import { SourceError } from '../evidence/source-error.js';
import { badRequest, conflict, HttpError, notFound } from '../http/errors.js';
import { message, placeholdersOf, render, type Detail, type Language, type Message, type MessageKey } from '../http/messages.js';
import { written } from '../http/version.js';
import { recordAudit, recordAudits } from '../repositories/audit.js';
import { findChannel } from '../repositories/channels.js';
import {
  candidateItems,
  findPost,
  insertPosts,
  itemLinkedElsewhere,
  attachWaitingPosts,
  knownPosts,
  postsOfOtherSources,
  postsOfChannel,
  setItemsReachReadAt,
  setPostReview,
  updateItemsReach,
  updatePostsReach,
  type NewPost,
  type PostRecord,
} from '../repositories/evidence-posts.js';
import { botTokenInUse, deleteSource, findSource, insertSource, recordRead, updateSource, type SourceChanges, type SourceRecord } from '../repositories/evidence-sources.js';
import { rethrowUnique } from './plans.js';
import { findItem, findItemsByIds } from '../repositories/items.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { deleteVersioned } from '../repositories/versioned.js';
import { createItems, patchItem, patchItems } from './items.js';
import { loadOrgContext } from './org-context.js';
import { notePlanContentChanged } from './plan-approval.js';

// Evidence sources (issue 13): sources kept per channel with their tokens sealed, each read (a
// fetch, an upload, the scheduler) applied in one transaction through the items' own writing code,
// and the review that confirms, re-links or ignores what a read did.

/** What reading sources needs: the database, the adapters, the limits, the key and the clock. */
export interface EvidenceReader {
  db: Kysely<DB>;
  adapters: AdapterRegistry;
  fetchOptions: Omit<FetchOptions, 'signal'>;
  /** RITM_SECRET_KEY; without it, token sources cannot be created or read. */
  secretKey: Buffer | undefined;
  now: () => Date;
}

// ---- Sources --------------------------------------------------------------------------------

// Parameters whose value names a case with its own message (`malformed` found `html`, `http_status` 404).
const CASE_PARAMS = ['found', 'cause', 'status', 'reason'] as const;

/**
 * The catalogue message of a source error: the most exact one its parameters fill. A message
 * named by a parameter's value (`evidenceSource.malformed.html`) comes first, then the one with
 * the most placeholders among those named by a parameter (`evidenceSource.malformed.syntax` needs
 * line and column, `…malformed.line` only the line), then the plain one, which needs none — so no
 * message ever shows a placeholder the reader did not give.
 */
export function sourceErrorMessage(error: Pick<SourceErrorInfo, 'code' | 'params'>): Message {
  const params: Record<string, string | number> = { ...error.params };
  if (typeof params.maxBytes === 'number') params.megabytes = Math.round((params.maxBytes / 1_048_576) * 10) / 10;
  const base = `evidenceSource.${error.code}`;
  const fills = (key: string): boolean => placeholdersOf(key)?.every((name) => Object.hasOwn(params, name)) ?? false;
  const byCase = CASE_PARAMS.map((name) => params[name])
    .filter((value) => value !== undefined)
    .map((value) => `${base}.${value}`)
    .find(fills);
  const byParam = Object.keys(params)
    .map((name) => `${base}.${name}`)
    .filter(fills)
    .sort((a, b) => placeholdersOf(b)!.length - placeholdersOf(a)!.length)[0];
  const key = byCase ?? byParam ?? base;
  return { key: key as MessageKey, params };
}

/** The HTTP answer of a read that failed: 422 `evidence_source_<code>` (409 for a missing key), translated. */
export function sourceErrorAnswer(error: Pick<SourceErrorInfo, 'code' | 'params'>): HttpError {
  return new HttpError(error.code === 'secret_key_missing' ? 409 : 422, `evidence_source_${error.code}`, sourceErrorMessage(error));
}

/** A source as the API answers it: the token never, only whether there is one. */
export function sourceView(source: SourceRecord, lang: Language): EvidenceSource {
  return {
    id: source.id,
    orgId: source.orgId,
    ...auditedSource(source),
    lastFetchedAt: source.lastFetchedAt,
    lastSuccessAt: source.lastSuccessAt,
    nextFetchAt: source.enabled ? source.nextFetchAt : null,
    lastError: source.lastError === null ? null : { code: source.lastError.code, message: render(sourceErrorMessage(source.lastError), lang), at: source.lastError.at },
    postCount: source.postCount,
    version: source.version,
    createdAt: source.createdAt,
  };
}

/** What the audit log keeps of a source: everything shown, never the token (nor a password in its address). */
const auditedSource = (source: SourceRecord) => ({
  channelId: source.channelId,
  type: source.type,
  name: source.name,
  url: source.url === null ? null : shownUrl(source.url),
  target: source.target,
  hasToken: source.tokenSealed !== null,
  enabled: source.enabled,
  intervalMinutes: source.intervalMinutes,
});

function sealToken(reader: Pick<EvidenceReader, 'secretKey'>, token: string): string {
  if (reader.secretKey === undefined) throw sourceErrorAnswer({ code: 'secret_key_missing', params: {} });
  return sealSecret(token, reader.secretKey);
}

const botTokenInUseError = () => conflict('evidence_bot_token_in_use', 'evidenceBotTokenInUse');

/**
 * The fingerprint a Telegram bot's token is kept under, after checking no other source holds it:
 * the Bot API hands a bot's updates out once, whichever chat they come from, so a second source
 * on the same bot would take the first one's posts away.
 */
async function botFingerprint(trx: Transaction<DB>, reader: Pick<EvidenceReader, 'secretKey'>, token: string, exceptSourceId?: string): Promise<string> {
  const fingerprint = fingerprintSecret(token, reader.secretKey!);
  if (await botTokenInUse(trx, fingerprint, exceptSourceId)) throw botTokenInUseError();
  return fingerprint;
}

/** A Telegram channel's public name as kept: without the `@`. */
const bareUsername = (username: string) => username.replace(/^@/, '');

/** A feed's address as Ritm can read it and may show: 400 naming `body.url` otherwise. */
function checkFeedUrl(url: string): void {
  const problem = fetchedUrlProblem(url);
  if (problem === undefined) return;
  const words = problem === 'credentials' ? message('fieldUrlCredentials') : message('fieldPatternWords', { expected: message('pattern.webUrl') });
  throw badRequest('evidenceSourceInvalid', [{ path: 'body.url', message: words }]);
}

/** A default name: the address's host, the community or chat, or the kind of upload. */
function defaultName(input: EvidenceSourceCreate): string {
  switch (input.type) {
    case 'feed':
      return new URL(input.url).host || input.url;
    case 'vk':
      return `VK ${input.community}`;
    case 'telegram_bot':
      return `Telegram ${input.chat}`;
    case 'telegram_export':
      return input.username ? `Telegram @${bareUsername(input.username)}` : 'Telegram';
    case 'stats_csv':
      return 'CSV';
  }
}

/** Adds a source to a channel of the organisation (404 for another's channel). */
export async function createSource(
  reader: Pick<EvidenceReader, 'db' | 'secretKey' | 'now'>,
  input: { orgId: string; channelId: string; source: EvidenceSourceCreate; userId: string },
): Promise<SourceRecord> {
  const { source } = input;
  if (source.type === 'feed') checkFeedUrl(source.url);
  const tokenSealed = 'token' in source ? sealToken(reader, source.token) : null;
  const fetched = isFetchedSourceType(source.type);
  return reader.db.transaction().execute(async (trx) => {
    if (!(await findChannel(trx, input.orgId, input.channelId, { forUpdate: true }))) throw notFound('channel');
    const id = await insertSource(trx, {
      orgId: input.orgId,
      channelId: input.channelId,
      type: source.type,
      name: source.name ?? defaultName(source),
      url: source.type === 'feed' ? source.url : null,
      target: source.type === 'vk' ? source.community : source.type === 'telegram_bot' ? source.chat : null,
      tokenSealed,
      tokenFingerprint: source.type === 'telegram_bot' ? await botFingerprint(trx, reader, source.token) : null,
      intervalMinutes: fetched ? ('intervalMinutes' in source && source.intervalMinutes !== undefined ? source.intervalMinutes : FETCH_INTERVAL_MINUTES.default) : null,
      state: source.type === 'telegram_export' && source.username ? { username: bareUsername(source.username) } : {},
      // A new fetched source is read at the scheduler's next tick.
      nextFetchAt: fetched ? reader.now() : null,
      createdBy: input.userId,
    }).catch(rethrowUnique(botTokenInUseError));
    const created = (await findSource(trx, id))!;
    await recordAudit(trx, { orgId: input.orgId, userId: input.userId, entity: 'evidence_source', entityId: id, action: 'create', after: auditedSource(created) });
    return created;
  });
}

/** Which fields of a patch each type of source takes. */
const PATCH_FIELDS: Record<EvidenceSourceType, ReadonlyArray<keyof EvidenceSourcePatch>> = {
  feed: ['url', 'intervalMinutes'],
  vk: ['community', 'token', 'intervalMinutes'],
  telegram_bot: ['chat', 'token', 'intervalMinutes'],
  telegram_export: ['username'],
  stats_csv: [],
};
const TYPED_FIELDS = ['url', 'community', 'chat', 'username', 'token', 'intervalMinutes'] as const;

/** Changes a source if it still has `version`; the fields must fit its type (400 naming each other one). */
export async function patchSource(
  reader: Pick<EvidenceReader, 'db' | 'secretKey' | 'now'>,
  input: { orgId: string; channelId: string; sourceId: string; patch: EvidenceSourcePatch; version: number; userId: string },
): Promise<SourceRecord> {
  const { patch } = input;
  return reader.db.transaction().execute(async (trx) => {
    const before = await findSource(trx, input.sourceId, { orgId: input.orgId, channelId: input.channelId }, { forUpdate: true });
    if (!before) throw notFound('evidence source');
    const wrong: Detail[] = TYPED_FIELDS.filter((field) => patch[field] !== undefined && !PATCH_FIELDS[before.type].includes(field)).map((field) => ({
      path: `body.${field}`,
      message: message('fieldNotForSourceType'),
    }));
    if (wrong.length > 0) throw badRequest('evidenceSourceInvalid', wrong);
    if (patch.url !== undefined) checkFeedUrl(patch.url);
    const changes: SourceChanges = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.url !== undefined) changes.url = patch.url;
    if (patch.community !== undefined) changes.target = patch.community;
    if (patch.chat !== undefined) changes.target = patch.chat;
    if (patch.token !== undefined) {
      changes.token_sealed = sealToken(reader, patch.token);
      if (before.type === 'telegram_bot') changes.token_fingerprint = await botFingerprint(trx, reader, patch.token, before.id);
    }
    if (patch.intervalMinutes !== undefined) changes.interval_minutes = patch.intervalMinutes;
    if (patch.username !== undefined) {
      const { username: _old, ...rest } = before.state;
      changes.state = patch.username === null ? rest : { ...rest, username: bareUsername(patch.username) };
    }
    if (patch.enabled !== undefined) changes.enabled = patch.enabled;
    // Another address, chat or token is another source to read: its conditional state and
    // failures are forgotten and it is read at the next tick.
    const readsElsewhere = patch.url !== undefined || patch.community !== undefined || patch.chat !== undefined || patch.token !== undefined;
    if (readsElsewhere && isFetchedSourceType(before.type)) {
      changes.state = {};
      changes.failures_in_a_row = 0;
      changes.last_error = null;
    }
    if (isFetchedSourceType(before.type) && (readsElsewhere || (patch.enabled === true && !before.enabled) || patch.intervalMinutes !== undefined)) {
      // A source never read yet stays due: a new interval counts from its first read.
      changes.next_fetch_at =
        readsElsewhere || patch.enabled === true
          ? reader.now()
          : before.lastFetchedAt === null
            ? (before.nextFetchAt ?? reader.now())
            : nextReadAt(before.lastFetchedAt, patch.intervalMinutes!, before.failuresInARow);
    }
    written(await updateSource(trx, before.id, input.version, changes).catch(rethrowUnique(botTokenInUseError)), 'evidence source');
    const after = (await findSource(trx, before.id))!;
    await recordAudit(trx, { orgId: input.orgId, userId: input.userId, entity: 'evidence_source', entityId: before.id, action: 'update', before: auditedSource(before), after: auditedSource(after) });
    return after;
  });
}

/** Deletes a source with its posts; the items they proved stay, as published items of the plan. */
export async function removeSource(db: Kysely<DB>, input: { orgId: string; channelId: string; sourceId: string; version: number; userId: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findSource(trx, input.sourceId, { orgId: input.orgId, channelId: input.channelId }, { forUpdate: true });
    if (!before) throw notFound('evidence source');
    written(await deleteSource(trx, before.id, input.version), 'evidence source');
    await recordAudit(trx, { orgId: input.orgId, userId: input.userId, entity: 'evidence_source', entityId: before.id, action: 'delete', before: auditedSource(before) });
  });
}

// ---- Reading --------------------------------------------------------------------------------

/** What asked for a read: an editor's fetch, an upload's bytes, the scheduler or the command line. */
export type ReadTrigger = { kind: 'fetch' } | { kind: 'upload'; body: Uint8Array } | { kind: 'scheduler' };

/** What one read did: counts as the API answers them, or the error stored on the source. */
export type ReadOutcome =
  | { ok: true; source: SourceRecord; result: Omit<EvidenceReadResult, 'source'> }
  | { ok: false; source: SourceRecord; error: SourceErrorInfo };

/** The fields a match writes on an item, and so the ones its undo puts back. */
const PROVEN_FIELDS = ['status', 'at', 'publishedAt', 'url', 'views', 'likes', 'reposts', 'comments', 'reachReadAt'] as const;
type ProvenFields = Pick<Item, (typeof PROVEN_FIELDS)[number]>;
/** What a post remembers of the item it proves: the fields before the match and what the match wrote. */
interface Previous {
  before: ProvenFields;
  wrote: ProvenFields;
}
const provenFields = (item: Item): ProvenFields => Object.fromEntries(PROVEN_FIELDS.map((field) => [field, item[field]])) as ProvenFields;

const hasReach = (reach: Reach) => reach.views !== null || reach.likes !== null || reach.reposts !== null || reach.comments !== null;

/**
 * Reads a source once — over the network for a fetched source (outside any transaction), from the
 * uploaded bytes otherwise — and applies what it gave in one transaction that holds the source's
 * row: new posts matched to items or made unplanned items, known posts' reach updated. A
 * `SourceError` is stored as the source's last error in its own transaction, and nothing else is
 * written. Undefined when the source is gone. The reminders issue's job runner calls this too.
 */
export async function readSource(
  reader: EvidenceReader,
  sourceId: string,
  trigger: ReadTrigger,
  options: { userId: string | null; signal?: AbortSignal } = { userId: null },
): Promise<ReadOutcome | undefined> {
  const source = await findSource(reader.db, sourceId);
  if (!source) return undefined;
  // A fault of Ritm's own: a fetched source is read again later by itself, an uploaded one only
  // when someone uploads the file again, so its last error must not promise a retry.
  const internal = () => new SourceError('internal', trigger.kind === 'upload' ? { reason: 'upload' } : {});
  let reading: SourceReading | UploadReading;
  try {
    const toRead = sourceToRead(reader, source);
    if (trigger.kind === 'upload') {
      const adapter = reader.adapters.upload[source.type];
      if (adapter === undefined) throw new Error(`no upload adapter for ${source.type}`);
      reading = adapter(trigger.body, toRead);
    } else {
      const adapter = reader.adapters.fetch[source.type];
      if (adapter === undefined) throw new Error(`no fetch adapter for ${source.type}`);
      reading = await adapter(toRead, { ...reader.fetchOptions, ...(options.signal && { signal: options.signal }) });
    }
  } catch (error) {
    if (!(error instanceof SourceError)) {
      await recordFailure(reader, source, internal(), options.signal);
      throw error;
    }
    return recordFailure(reader, source, error, options.signal);
  }
  try {
    return await applyReading(reader, source, reading, options.userId);
  } catch (error) {
    // A bug or a database failure while writing: nothing of the read was written (one
    // transaction); the source says so and backs off instead of failing unseen at every tick.
    await recordFailure(reader, source, internal(), options.signal);
    throw error;
  }
}

/** Keeps a failed read as the source's last error, with backoff, in its own transaction. */
async function recordFailure(reader: EvidenceReader, source: SourceRecord, error: SourceError, signal: AbortSignal | undefined): Promise<ReadOutcome> {
  const at = reader.now();
  const info: SourceErrorInfo = { code: error.code, params: error.params, at: at.toISOString() };
  // The server closing is no failure of the source: it is read again after the restart.
  if (signal?.aborted !== true) {
    await recordRead(reader.db, source.id, { ok: false, at, error: info, nextFetchAt: nextFetch(source, at, source.failuresInARow + 1) });
  }
  return { ok: false, source: (await findSource(reader.db, source.id)) ?? source, error: info };
}

/** Whether a source still reads what it read when a read began: same address, chat, token, switched on. */
function readsTheSame(a: SourceRecord, b: SourceRecord): boolean {
  return a.url === b.url && a.target === b.target && a.tokenSealed === b.tokenSealed && a.enabled === b.enabled;
}

async function applyReading(reader: EvidenceReader, source: SourceRecord, reading: SourceReading | UploadReading, userId: string | null): Promise<ReadOutcome | undefined> {
  return reader.db.transaction().execute(async (trx) => {
    const locked = await findSource(trx, source.id, {}, { forUpdate: true });
    if (!locked) return undefined;
    // Changed while it was being read (another address, token or chat; switched off): what was
    // read belongs to the old source and is dropped; the changed source is read afresh.
    if (!readsTheSame(locked, source)) {
      return { ok: true as const, source: locked, result: { notModified: false, read: 0, matched: 0, unplanned: 0, updated: 0, unknownRows: [] } };
    }
    const org = await loadOrgContext(trx, locked.orgId, { lock: true });
    const at = reader.now();
    const context: ApplyContext = { trx, org, source: locked, userId, at };
    let result: Omit<EvidenceReadResult, 'source'>;
    let state: SourceState = locked.state as SourceState;
    if ('kind' in reading && reading.kind === 'reach') {
      result = await applyReach(context, reading.rows);
    } else {
      const posts = 'kind' in reading ? reading.posts : reading.posts;
      if ('kind' in reading) {
        if (reading.username !== undefined) state = { ...state, username: bareUsername(reading.username) };
      } else {
        state = reading.state;
      }
      result = { ...(await applyPosts(context, posts)), notModified: !('kind' in reading) && reading.notModified };
    }
    await recordRead(trx, locked.id, { ok: true, at, state: { ...state }, nextFetchAt: nextFetch(locked, at, 0) });
    return { ok: true as const, source: (await findSource(trx, locked.id))!, result };
  });
}

/** When a fetched, enabled source is read next; null for uploaded or disabled ones. */
function nextFetch(source: SourceRecord, at: Date, failures: number): Date | null {
  if (!isFetchedSourceType(source.type) || !source.enabled) return null;
  return new Date(nextReadAt(at.toISOString(), source.intervalMinutes ?? FETCH_INTERVAL_MINUTES.default, failures));
}

function sourceToRead(reader: Pick<EvidenceReader, 'secretKey'>, source: SourceRecord): SourceToRead {
  let token: string | null = null;
  if (source.tokenSealed !== null) {
    if (reader.secretKey === undefined) throw new SourceError('secret_key_missing');
    try {
      token = openSecret(source.tokenSealed, reader.secretKey);
    } catch {
      // Sealed under another key (RITM_SECRET_KEY was changed): the editor must give the token again.
      throw new SourceError('token_invalid');
    }
  } else if (isSecretSourceType(source.type)) {
    throw new SourceError('token_invalid');
  }
  return { id: source.id, type: source.type, url: source.url, target: source.target, token, state: source.state as SourceState };
}

interface ApplyContext {
  trx: Transaction<DB>;
  org: OrganisationContext;
  source: SourceRecord;
  userId: string | null;
  at: Date;
}

/** Posts read: known ones update reach; new ones prove a planned item or become unplanned items. */
async function applyPosts(context: ApplyContext, posts: readonly FetchedPost[]): Promise<Omit<EvidenceReadResult, 'source' | 'notModified'>> {
  const { trx, org, source, at } = context;
  const empty = { read: 0, matched: 0, unplanned: 0, updated: 0, unknownRows: [] };
  if (posts.length === 0) return empty;
  const days = posts.map((post) => postLocalDay(post.publishedAt, org.timeZone)).sort();
  const [known, items] = await Promise.all([
    knownPosts(trx, source.id, posts.map((post) => post.externalId)),
    candidateItems(
      trx,
      org.id,
      source.channelId,
      { from: addDays(days[0]!, -1), to: addDays(days[days.length - 1]!, 1) },
      posts.flatMap((post) => (post.url === null ? [] : [post.url])),
    ),
  ]);
  // A post kept in review without an item (the rules refused one: it was dated ahead of the day it
  // was read, or in a closed period's plan) is planned again at every read, so it proves or becomes
  // a publication once the rules allow it rather than waiting item-less for ever.
  const waiting = new Map(known.filter((k) => k.itemId === null && k.state === 'unplanned').map((k) => [k.externalId, k.id]));
  const settled = known.filter((k) => !waiting.has(k.externalId));
  const plan = planIngest({ channelId: source.channelId, posts, known: [...settled, ...(await readElsewhere(context, posts, settled))], items, timeZone: org.timeZone });

  await updatePostsReach(trx, plan.reachUpdates.map((u) => ({ postId: u.postId, reach: u.post.reach })), at);
  await updateItemsReach(
    trx,
    plan.reachUpdates.flatMap((u) => (u.itemId !== null && hasReach(u.post.reach) ? [{ itemId: u.itemId, reach: u.post.reach }] : [])),
    at,
  );

  const newPosts: NewPost[] = [];
  const base = { orgId: org.id, sourceId: source.id, channelId: source.channelId, readAt: at };
  const proved = await proveItems(context, plan.matched);
  // A post whose item the rules refuse to mark done (its day lies outside the item's plan and is
  // still to come there) is no proof of it: it is an unplanned publication like any other. It
  // must be kept now — a Telegram offset or a feed's ETag may never give it again.
  const unproved: Array<{ post: FetchedPost; localDay: string }> = [];
  plan.matched.forEach((match, i) => {
    const previous = proved[i];
    if (previous !== undefined) {
      newPosts.push({ ...base, post: match.post, localDay: match.localDay, state: 'matched', itemId: match.itemId, createdItem: false, previous: { ...previous }, reason: match.reason });
    } else unproved.push({ post: match.post, localDay: match.localDay });
  });
  // Unmatched posts from before the source (a wall's years of history) stay out; see unplannedFrom.
  const channel = await findChannel(trx, org.id, source.channelId);
  const from = unplannedFrom(source.createdAt, channel?.since ?? null, org.timeZone);
  const fresh = [...plan.unplanned, ...unproved].filter((post) => post.localDay >= from);
  const unplanned = await createUnplannedItems(context, fresh.map((u) => u.post), channel?.type ?? 'other');
  fresh.forEach(({ post, localDay }, i) => {
    const created = unplanned[i];
    // An item the rules refuse even as an unplanned publication: the post waits in review without one.
    newPosts.push({
      ...base,
      post,
      localDay,
      state: 'unplanned',
      itemId: created?.id ?? null,
      createdItem: created !== undefined,
      previous: created === undefined ? null : { createdVersion: created.version },
      reason: null,
    });
  });
  // A waiting post still refused stays as it is (nothing to write, nothing to audit); one that now
  // has its item takes it in its existing row.
  const attached = newPosts.filter((p) => waiting.has(p.post.externalId) && p.itemId !== null);
  const inserted = newPosts.filter((p) => !waiting.has(p.post.externalId));
  const ids = [
    ...(await insertPosts(trx, inserted)),
    ...(await attachWaitingPosts(
      trx,
      attached.map((p) => ({ postId: waiting.get(p.post.externalId)!, post: p })),
    )),
  ];
  const written = [...inserted, ...attached];
  await recordAudits(
    trx,
    written.map((post, i) => ({
      orgId: org.id,
      userId: context.userId,
      entity: 'evidence_post' as const,
      entityId: ids[i]!,
      action: post.state === 'matched' ? ('matched' as const) : ('unplanned' as const),
      after: { sourceId: source.id, externalId: post.post.externalId, url: post.post.url, title: post.post.title, itemId: post.itemId, reason: post.reason },
    })),
  );
  const matched = written.filter((p) => p.state === 'matched').length;
  const stillWaiting = newPosts.length - written.length;
  return {
    read: plan.reachUpdates.length + plan.matched.length + plan.unplanned.length,
    matched,
    unplanned: written.length - matched,
    // A post still waiting for the rules is read again, nothing more: counted as its reach read.
    updated: plan.reachUpdates.length + stillWaiting,
    unknownRows: [],
  };
}

/**
 * The new posts another source of the channel has read already (a Telegram channel read by its
 * bot and uploaded as an export; a site's RSS and its Atom feed), as known posts: the read then
 * only brings their reach up to date, instead of making the same publication an unplanned item
 * a second time.
 */
async function readElsewhere(context: ApplyContext, posts: readonly FetchedPost[], known: readonly KnownPost[]): Promise<KnownPost[]> {
  const seen = new Set(known.map((k) => k.externalId));
  const fresh = posts.filter((post) => !seen.has(post.externalId));
  if (fresh.length === 0) return [];
  const times = fresh.map((post) => Date.parse(post.publishedAt));
  // Two readers of one post may date it a little differently (a feed's `updated`): a day's margin.
  const day = 86_400_000;
  const others = await postsOfOtherSources(context.trx, {
    channelId: context.source.channelId,
    exceptSourceId: context.source.id,
    from: new Date(Math.min(...times) - day),
    to: new Date(Math.max(...times) + day),
  });
  return fresh.flatMap((post) => {
    const other = others.find((candidate) => samePost(post, candidate));
    return other === undefined ? [] : [{ id: other.id, externalId: post.externalId, state: other.state, itemId: other.itemId }];
  });
}

/** Statistics rows: each names a post of the channel by link or by day; its reach (and its item's) is updated. */
async function applyReach(context: ApplyContext, rows: readonly ReachRow[]): Promise<Omit<EvidenceReadResult, 'source'>> {
  const { trx, source, at } = context;
  const posts = await postsOfChannel(trx, source.channelId);
  const { resolved, unknownRows } = resolveReachRows(rows, posts);
  // A later row for the same post wins.
  const byPost = new Map(resolved.map((r) => [r.postId, r.row.reach]));
  const itemOf = new Map(posts.map((p) => [p.id, p.itemId]));
  await updatePostsReach(trx, [...byPost].map(([postId, reach]) => ({ postId, reach })), at);
  await updateItemsReach(
    trx,
    [...byPost].flatMap(([postId, reach]) => {
      const itemId = itemOf.get(postId);
      return itemId === null || itemId === undefined || !hasReach(reach) ? [] : [{ itemId, reach }];
    }),
    at,
  );
  return { notModified: false, read: rows.length, matched: 0, unplanned: 0, updated: byPost.size, unknownRows: unknownRows.map((r) => r.row) };
}

/**
 * What proving an item by a post writes on it: published (held for an event) at the post's time,
 * its date moved to the post's (a date-only item to the post's local day), the post's URL and the
 * figures of reach the post gives.
 */
function provenPatch(before: Item, post: FetchedPost, timeZone: string): Omit<ItemPatch, 'version'> {
  return {
    status: isEventKind(before.kind) ? 'held' : 'published',
    publishedAt: post.publishedAt,
    at: provenItemAt(before.at, post.publishedAt, timeZone),
    url: post.url ?? before.url,
    views: post.reach.views ?? before.views,
    likes: post.reach.likes ?? before.likes,
    reposts: post.reach.reposts ?? before.reposts,
    comments: post.reach.comments ?? before.comments,
  };
}

/**
 * Marks the items the new posts prove, through the items' own writing code (checks, plan
 * `changed` rule, audit), all in one go; when the item rules refuse any of them, one by one (see
 * {@link proveItem}). Returns, per match, what the item was and what was written (for an undo),
 * or undefined when that item was refused (nothing written for it).
 */
async function proveItems(context: ApplyContext, matches: ReadonlyArray<{ itemId: string; post: FetchedPost }>): Promise<Array<Previous | undefined>> {
  const { trx, org, userId, at } = context;
  if (matches.length === 0) return [];
  const found = new Map((await findItemsByIds(trx, matches.map((m) => m.itemId))).map((item) => [item.id, item]));
  const changes = matches.map((m) => ({ before: found.get(m.itemId)!, patch: provenPatch(found.get(m.itemId)!, m.post, org.timeZone) }));
  let afters: Item[];
  try {
    afters = await patchItems(trx, org, changes, { userId, now: at });
  } catch (error) {
    if (!(error instanceof HttpError) || error.statusCode !== 400) throw error;
    const one: Array<Previous | undefined> = [];
    for (const m of matches) one.push(await proveItem(context, m.itemId, m.post, { strict: false }));
    return one;
  }
  const withReach = new Set(matches.flatMap((m) => (hasReach(m.post.reach) ? [m.itemId] : [])));
  await setItemsReachReadAt(trx, [...withReach], at);
  const written = afters.map((after) => (withReach.has(after.id) ? { ...after, reachReadAt: at.toISOString() } : after));
  await recordAudits(
    trx,
    changes.map((c, i) => ({ orgId: org.id, userId, entity: 'item' as const, entityId: c.before.id, action: 'update' as const, before: c.before, after: written[i] })),
  );
  return changes.map((c, i) => ({ before: provenFields(c.before), wrote: provenFields(written[i]!) }));
}

/**
 * Marks one item proved by a post (see {@link provenPatch}). Returns what the item was and what
 * was written; undefined when the item rules refuse it and `strict` is off (nothing written).
 */
async function proveItem(context: ApplyContext, itemId: string, post: FetchedPost, options: { strict: boolean }): Promise<Previous | undefined> {
  const { trx, org, userId, at } = context;
  const before = await findItem(trx, org.id, itemId);
  if (!before) return undefined;
  const patch = provenPatch(before, post, org.timeZone);
  let after: Item;
  try {
    after = await patchItem(trx, org, before, patch, before.version, { userId, now: at });
  } catch (error) {
    if (!(error instanceof HttpError) || error.statusCode !== 400) throw error;
    // The post's day may lie outside the item's plan period: the item keeps its date then.
    const { at: _moved, ...rest } = patch;
    try {
      after = await patchItem(trx, org, before, rest, before.version, { userId, now: at });
    } catch (again) {
      if (options.strict || !(again instanceof HttpError) || again.statusCode !== 400) throw again;
      return undefined;
    }
  }
  if (hasReach(post.reach)) {
    await setItemsReachReadAt(trx, [itemId], at);
    after = { ...after, reachReadAt: at.toISOString() };
  }
  await recordAudit(trx, { orgId: org.id, userId, entity: 'item', entityId: itemId, action: 'update', before, after });
  return { before: provenFields(before), wrote: provenFields(after) };
}

// A post's text as a title, or nothing when it is spaces alone (zero-width ones too).
const postText = (text: string) => (isBlank(text) ? '' : text.trim());

/**
 * Unplanned publications for posts that matched nothing, through the items' own writing code:
 * published (or `publication` on a website) on the post's channel at its time, with its URL and
 * reach. Returns the new items (id and version) in the posts' order; a post the item rules refuse
 * (dated still to come) gets none.
 */
async function createUnplannedItems(context: ApplyContext, posts: readonly FetchedPost[], channelType: string): Promise<Array<{ id: string; version: number } | undefined>> {
  if (posts.length === 0) return [];
  const { trx, org, source, userId, at } = context;
  const kind = unplannedPostKind(channelType);
  const inputs = posts.map((post) => ({
    kind,
    title: (postText(post.title) || postText(post.text).slice(0, 300) || post.externalId).slice(0, 500),
    at: post.publishedAt,
    status: 'published' as const,
    channelIds: [source.channelId],
    publishedAt: post.publishedAt,
    url: post.url,
    ...post.reach,
  }));
  const create = async (chunk: typeof inputs) => createItems(trx, org, chunk, { userId, paths: chunk.map((_, i) => `items[${i}]`), now: at });
  let created: Array<Item | undefined>;
  try {
    created = await create(inputs);
  } catch (error) {
    if (!(error instanceof HttpError) || error.statusCode !== 400) throw error;
    // One refused post must not keep the others out: create them one by one.
    created = [];
    for (const input of inputs) {
      try {
        created.push((await create([input]))[0]);
      } catch (one) {
        if (!(one instanceof HttpError) || one.statusCode !== 400) throw one;
        created.push(undefined);
      }
    }
  }
  await setItemsReachReadAt(trx, created.flatMap((item, i) => (item !== undefined && hasReach(posts[i]!.reach) ? [item.id] : [])), at);
  await recordAudits(
    trx,
    created.flatMap((item) => (item === undefined ? [] : [{ orgId: org.id, userId, entity: 'item' as const, entityId: item.id, action: 'create' as const, after: item }])),
  );
  return created.map((item) => (item === undefined ? undefined : { id: item.id, version: item.version }));
}

// ---- Review ---------------------------------------------------------------------------------

/** A post as the review shows it. */
export function postView(post: PostRecord, may: { review: boolean }): EvidencePost {
  return {
    id: post.id,
    orgId: post.orgId,
    sourceId: post.sourceId,
    sourceType: post.sourceType,
    channelId: post.channelId,
    externalId: post.externalId,
    url: post.url,
    title: post.title,
    text: post.text,
    publishedAt: post.publishedAt,
    localDay: post.localDay,
    ...post.reach,
    reachReadAt: post.reachReadAt,
    state: post.state,
    item: post.item,
    reason: post.reason,
    firstSeenAt: post.firstSeenAt,
    reviewedAt: post.reviewedAt,
    may,
  };
}

export type ReviewAction = { action: 'confirm' } | { action: 'relink'; itemId: string } | { action: 'ignore' };

/**
 * Confirms, re-links or ignores a post, in one transaction. Re-linking and ignoring undo what the
 * post did to its item first: an item Ritm made for it is deleted; a planned item gets back the
 * fields the match wrote, where it still holds them (what an editor changed since stays).
 */
export async function reviewPost(db: Kysely<DB>, input: { orgId: string; postId: string; review: ReviewAction; userId: string; now: Date }): Promise<PostRecord> {
  return db.transaction().execute(async (trx) => {
    const org = await loadOrgContext(trx, input.orgId, { lock: true });
    const post = await findPost(trx, input.orgId, input.postId, { forUpdate: true });
    if (!post) throw notFound('evidence post');
    const source = (await findSource(trx, post.sourceId))!;
    const context: ApplyContext = { trx, org, source, userId: input.userId, at: input.now };
    const reviewed = { reviewedBy: input.userId, reviewedAt: input.now };
    const { review } = input;
    if (review.action === 'confirm') {
      if (post.state === 'ignored') throw conflict('evidence_post_ignored', 'evidencePostIgnored');
      if (post.itemId === null) throw conflict('evidence_post_without_item', 'evidencePostWithoutItem');
      await setPostReview(trx, post.id, { state: 'confirmed', itemId: post.itemId, createdItem: post.createdItem, previous: post.previous, reason: post.reason, ...reviewed });
    } else if (review.action === 'ignore') {
      await undoPost(context, post);
      await setPostReview(trx, post.id, { state: 'ignored', itemId: null, createdItem: false, previous: null, reason: null, ...reviewed });
    } else if (review.itemId === post.itemId) {
      await setPostReview(trx, post.id, { state: 'confirmed', itemId: post.itemId, createdItem: post.createdItem, previous: post.previous, reason: { by: 'manual' }, ...reviewed });
    } else {
      const target = await findItem(trx, input.orgId, review.itemId);
      if (!target) throw notFound('item');
      if (!target.channelIds.includes(post.channelId)) throw conflict('evidence_item_other_channel', 'evidenceItemOtherChannel');
      if (target.status === 'cancelled') throw conflict('evidence_item_cancelled', 'evidenceItemCancelled');
      if (await itemLinkedElsewhere(trx, target.id, post.id)) throw conflict('evidence_item_linked', 'evidenceItemLinked');
      await undoPost(context, post);
      const fetched: FetchedPost = { externalId: post.externalId, url: post.url, title: post.title, text: post.text, publishedAt: post.publishedAt, reach: post.reach };
      const previous = await proveItem(context, target.id, fetched, { strict: true });
      const reason: MatchReason = { by: 'manual' };
      await setPostReview(trx, post.id, { state: 'confirmed', itemId: target.id, createdItem: false, previous: previous === undefined ? null : { ...previous }, reason, ...reviewed });
    }
    const action = review.action === 'confirm' ? 'confirmed' : review.action === 'ignore' ? 'ignored' : 'relinked';
    const after = (await findPost(trx, input.orgId, post.id))!;
    await recordAudit(trx, {
      orgId: input.orgId,
      userId: input.userId,
      entity: 'evidence_post',
      entityId: post.id,
      action,
      before: { state: post.state, itemId: post.itemId, reason: post.reason },
      after: { state: after.state, itemId: after.itemId, reason: after.reason },
    });
    return after;
  });
}

/** Puts the post's item back as it was before the post proved it (see {@link reviewPost}). */
async function undoPost(context: ApplyContext, post: PostRecord): Promise<void> {
  const { trx, org, userId, at } = context;
  if (post.itemId === null) return;
  const item = await findItem(trx, org.id, post.itemId);
  if (!item) return;
  if (post.createdItem) {
    // An item someone has worked on since Ritm made it (edited, given a photo) is theirs now:
    // it stays, only the post lets go of it.
    const createdVersion = (post.previous as { createdVersion?: number } | null)?.createdVersion;
    if (item.version !== createdVersion || item.attachmentCount > 0) return;
    written(await deleteVersioned(trx, 'items', item.id, item.version), 'item');
    await notePlanContentChanged(trx, org.id, userId, [{ before: item }]);
    await recordAudit(trx, { orgId: org.id, userId, entity: 'item', entityId: item.id, action: 'delete', before: item });
    return;
  }
  const previous = post.previous as Previous | null;
  if (previous === null) return;
  // Reach the post's later reads wrote counts as the match's too.
  const wroteNow: ProvenFields = { ...previous.wrote, ...post.reach, reachReadAt: item.reachReadAt };
  const same = (field: (typeof PROVEN_FIELDS)[number]) =>
    JSON.stringify(item[field]) === JSON.stringify(previous.wrote[field]) || JSON.stringify(item[field]) === JSON.stringify(wroteNow[field]);
  const restore = PROVEN_FIELDS.filter((field) => field !== 'reachReadAt' && same(field) && JSON.stringify(item[field]) !== JSON.stringify(previous.before[field]));
  if (restore.length > 0) {
    const patch = Object.fromEntries(restore.map((field) => [field, previous.before[field]])) as Omit<ItemPatch, 'version'>;
    const after = await patchItem(trx, org, item, patch, item.version, { userId, now: at });
    await recordAudit(trx, { orgId: org.id, userId, entity: 'item', entityId: item.id, action: 'update', before: item, after });
  }
  const reachBack = (['views', 'likes', 'reposts', 'comments'] as const).every((field) => restore.includes(field) || item[field] === previous.before[field]);
  if (reachBack) await setItemsReachReadAt(trx, [item.id], previous.before.reachReadAt);
}
