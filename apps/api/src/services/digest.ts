import type { Kysely, Transaction } from 'kysely';
import { hasCapability, type Role } from '@ritm/domain/access';
import type { ComplianceRow } from '@ritm/domain/compliance';
import {
  composeDigest,
  digestDays,
  directorTally,
  dueDigest,
  editorRows,
  isoWeekKey,
  recipientZone,
  type Digest,
  type DigestAdjustment,
  type DigestNormRow,
  type DirectorSection,
  type EditorSection,
  type JudgedForDigest,
} from '@ritm/domain/digest';
import type { NotificationPreferences } from '@ritm/domain/notifications';
import { localDateOf } from '@ritm/domain/time-zone';
import type { DB } from '../db/schema.js';
import { channelNames } from '../repositories/channels.js';
import {
  claimDigestRun,
  digestPeopleOfSubtree,
  digestRoles,
  digestsSent,
  itemsAssignedTo,
  plansAwaitingIn,
  setDigestRunMail,
  type DigestRoleRow,
} from '../repositories/digest.js';
import { insertNotifications } from '../repositories/notifications.js';
import { findItemsByIds } from '../repositories/items.js';
import { inOneSnapshot, judgingInputs } from '../repositories/judging-inputs.js';
import { preferencesOf } from '../repositories/notification-preferences.js';
import { adjustedNormRows, effectiveNorms } from '../repositories/norms.js';
import { findOrgContext, type OrganisationContext } from '../repositories/org-context.js';
import { listPlans } from '../repositories/plans.js';
import { adjustmentMarksOf, complianceOf, judgedInBatches, todayIn, todaysOf } from './compliance.js';

/*
 * What each person's weekly digest says (issue 14), gathered from the same services the
 * dashboard and the calendar use: one organisation's compliance (`complianceOf`) for an editor,
 * the summary's batch judge (`judgedInBatches`) and adjustment marks for a director's subtree.
 * The domain (`@ritm/domain/digest`) picks the rows and composes the sections.
 */

/** A person who may get a digest, with when and where it comes. */
export interface DigestRecipient {
  userId: string;
  email: string;
  name: string;
  locale: 'ru' | 'en';
  preferences: NotificationPreferences;
  /** The zone their digest keeps time in (`recipientZone`). */
  timeZone: string;
  /** Organisations where they get the editor part: where they were given a role that edits items. */
  editorOrgs: DigestRoleRow[];
  /** Organisations whose subtree they get the director part of: where they were given a role that approves plans (the topmost, when nested). */
  directorOrgs: DigestRoleRow[];
}

const may = (role: Role, capability: 'item.edit' | 'plan.approve') => hasCapability([role], capability);

/** The people with a role that brings a digest (all, or `userIds`), with their choices and zone. */
export async function digestRecipients(db: Kysely<DB>, userIds?: readonly string[]): Promise<DigestRecipient[]> {
  const rows = await digestRoles(db, userIds === undefined ? {} : { userIds });
  const byUser = new Map<string, DigestRoleRow[]>();
  for (const row of rows) {
    const list = byUser.get(row.userId);
    if (list) list.push(row);
    else byUser.set(row.userId, [row]);
  }
  const preferences = await preferencesOf(db, [...byUser.keys()]);
  const recipients: DigestRecipient[] = [];
  for (const [userId, roles] of byUser) {
    const chosen = preferences.get(userId)!;
    const approving = roles.filter((r) => may(r.role, 'plan.approve'));
    const first = roles[0]!;
    recipients.push({
      userId,
      email: first.email,
      name: first.name,
      locale: first.locale,
      preferences: chosen,
      timeZone: recipientZone(chosen.digest.timeZone, roles.map((r) => ({ name: r.orgName, path: r.path, timeZone: r.timeZone })))!,
      editorOrgs: roles.filter((r) => may(r.role, 'item.edit')),
      // A role reaches the subtree: a director part for an organisation inside another would repeat it.
      directorOrgs: approving.filter((r) => !approving.some((above) => above !== r && r.path.startsWith(above.path))),
    });
  }
  return recipients;
}

/** The sections of one run, gathered once per organisation however many people read them. */
export interface DigestGatherer {
  digestOf(recipient: DigestRecipient, week: string): Promise<Digest>;
}

/**
 * Gathers digests as of `now`. Sections of an organisation are gathered once per gatherer and
 * shared by everyone who reads them (a run keeps one; nothing is kept between runs).
 */
export function digestGatherer(db: Kysely<DB>, now: Date): DigestGatherer {
  const editorParts = new Map<string, Promise<Omit<EditorSection, 'assigned'> | undefined>>();
  const directorParts = new Map<string, Promise<DirectorSection | undefined>>();
  const once = <T>(memo: Map<string, Promise<T>>, orgId: string, gather: () => Promise<T>) => {
    let found = memo.get(orgId);
    if (found === undefined) memo.set(orgId, (found = gather()));
    return found;
  };
  return {
    async digestOf(recipient, week) {
      const editor: EditorSection[] = [];
      for (const role of recipient.editorOrgs) {
        const part = await once(editorParts, role.orgId, () => editorPart(db, role.orgId, now));
        if (part === undefined) continue;
        const thisWeek = digestDays(part.today).thisWeek;
        editor.push({ ...part, assigned: await itemsAssignedTo(db, part.orgId, recipient.userId, thisWeek) });
      }
      const director: DirectorSection[] = [];
      for (const role of recipient.directorOrgs) {
        const part = await once(directorParts, role.orgId, () => directorPart(db, role.orgId, now));
        if (part !== undefined) director.push(part);
      }
      return composeDigest(week, editor, director);
    },
  };
}

async function namedRows(db: Kysely<DB>, org: OrganisationContext, rows: readonly ComplianceRow[]): Promise<DigestNormRow[]> {
  if (rows.length === 0) return [];
  const titles = new Map((await effectiveNorms(db, org)).map(({ row }) => [row.key, typeof row.definition.title === 'string' ? row.definition.title : null]));
  const names = await channelNames(db, [...new Set(rows.flatMap((row) => (row.channel === null ? [] : [row.channel])))]);
  return rows.map((row) => ({
    norm: row.norm,
    title: titles.get(row.norm) ?? null,
    channel: row.channel,
    channelName: row.channel === null ? null : (names.get(row.channel) ?? null),
    periodStart: row.periodStart!,
    periodEnd: row.periodEnd!,
    required: row.required,
    actual: row.actual,
    planned: row.planned,
  }));
}

/** An editor's part of one organisation, but the items given to them (which are theirs alone). */
async function editorPart(db: Kysely<DB>, orgId: string, now: Date): Promise<Omit<EditorSection, 'assigned'> | undefined> {
  const org = await findOrgContext(db, orgId);
  if (org === undefined) return undefined;
  const today = todayIn(org.timeZone, now);
  const { results, overdue } = await complianceOf(db, org, digestDays(today).judged, { now });
  const { atRisk, gapsNext } = editorRows(results, today);
  const overdueItems = await findItemsByIds(db, [...new Set(overdue.map((entry) => entry.item))]);
  const returned = (await listPlans(db, org.id, { status: 'draft' })).filter((plan) => plan.returnComment !== null);
  return {
    orgId: org.id,
    orgName: org.name,
    path: org.path,
    today,
    atRisk: await namedRows(db, org, atRisk),
    gapsNext: await namedRows(db, org, gapsNext),
    overdue: overdueItems.map((item) => ({ id: item.id, title: item.title, day: item.localDay })).sort((a, b) => a.day.localeCompare(b.day) || a.id.localeCompare(b.id)),
    returned: returned.map((plan) => ({
      id: plan.id,
      orgId: org.id,
      orgName: org.name,
      title: plan.title,
      comment: plan.returnComment!,
      ...(plan.returnedBy !== null && { by: plan.returnedBy.name }),
    })),
  };
}

/** A director's part of one organisation's subtree: judged in one snapshot from last week's Monday to today. */
async function directorPart(db: Kysely<DB>, orgId: string, now: Date): Promise<DirectorSection | undefined> {
  const root = await findOrgContext(db, orgId);
  if (root === undefined) return undefined;
  const today = todayIn(root.timeZone, now);
  const { lastWeek } = digestDays(today);
  const gathered = await inOneSnapshot(db, async (trx) => {
    const inputs = await judgingInputs(trx, { root, subtree: true });
    const orgs = inputs.organisations.map(({ org }) => org);
    const loaded = await inputs.load(orgs);
    const judged: JudgedForDigest[] = [];
    for await (const batch of judgedInBatches(trx, loaded, { from: lastWeek.from, to: today }, todaysOf({ now }))) {
      for (const { input, rows } of batch) judged.push({ orgId: input.org.id, orgName: input.org.name, rows });
    }
    const titles: Record<string, string> = {};
    for (const input of loaded) for (const norm of input.norms) if (norm.title !== undefined) titles[norm.id] ??= norm.title;
    const marks = adjustmentMarksOf(orgs, await adjustedNormRows(trx, root));
    return { judged, titles, marks, inSubtree: new Set(orgs.map((org) => org.id)) };
  });
  const tally = directorTally(gathered.judged, lastWeek);
  // Waivers and adjustments made in the subtree (a mark names where it was made), once each.
  const adjustments = new Map<string, DigestAdjustment>();
  for (const marks of gathered.marks.values()) {
    for (const mark of marks) {
      if (!gathered.inSubtree.has(mark.orgId)) continue;
      adjustments.set(`${mark.norm}|${mark.orgId}`, { norm: mark.norm, title: mark.title, orgId: mark.orgId, orgName: mark.orgName, waived: mark.waived, reason: mark.reason, at: mark.at });
    }
  }
  const normTitles = Object.fromEntries(tally.normsAtRisk.flatMap(({ norm }) => (gathered.titles[norm] === undefined ? [] : [[norm, gathered.titles[norm]]])));
  return {
    ...tally,
    orgId: root.id,
    orgName: root.name,
    path: root.path,
    today,
    normTitles,
    awaiting: await plansAwaitingIn(db, root.path),
    adjustments: [...adjustments.values()].sort((a, b) => b.at.localeCompare(a.at)),
  };
}

/**
 * Puts a person's digest into the outbox in the caller's transaction and answers the mail's id;
 * given only when mail goes out at all (SMTP configured). It decides nothing else.
 */
export type DigestMailWriter = (trx: Transaction<DB>, recipient: DigestRecipient, digest: Digest, now: Date) => Promise<string>;

/** What became of one person's digest. */
export type DigestOutcome = 'mailed' | 'in_app' | 'already';

/**
 * Sends a person's digest once: the week's `digest_runs` row is claimed first, in the same
 * transaction as the bell's `weekly_digest` notification and the mail, so two processes (or a
 * rerun) never send a week twice and a rolled-back send leaves nothing behind. Mailed when
 * `mail` is given and the person keeps the digest by e-mail; in the bell in any case.
 */
export async function deliverDigest(
  db: Kysely<DB>,
  recipient: DigestRecipient,
  digest: Digest,
  options: { mail?: DigestMailWriter | undefined; force?: boolean; now: Date },
): Promise<DigestOutcome> {
  const about = digest.director[0] ?? digest.editor[0];
  if (about === undefined) return 'already';
  return db.transaction().execute(async (trx) => {
    if (!(await claimDigestRun(trx, recipient.userId, digest.week, options.force === true))) return 'already';
    await insertNotifications(trx, {
      userIds: [recipient.userId],
      payload: { kind: 'weekly_digest', orgId: about.orgId, orgName: about.orgName, week: digest.week, atRisk: digest.atRisk, overdue: digest.overdue },
      subject: digest.week,
      at: options.now,
    });
    if (options.mail === undefined || !recipient.preferences.digest.enabled) return 'in_app';
    await setDigestRunMail(trx, recipient.userId, digest.week, await options.mail(trx, recipient, digest, options.now));
    return 'mailed';
  });
}

/** How a run went: how many digests went by mail, to the bell only, had gone already, or failed (tried again at the next run). */
export type DigestTally = Record<DigestOutcome | 'failed', number>;

/**
 * The job's work (`digest.weekly`): everyone whose slot has come (their weekday and hour in their
 * zone, at most a day ago) and whose digest of that week has not gone gets it.
 */
export async function sendDueDigests(
  db: Kysely<DB>,
  now: Date,
  mail: DigestMailWriter | undefined,
  options: { signal?: AbortSignal; onFailure?: (userId: string, error: unknown) => void } = {},
): Promise<DigestTally> {
  const { signal, onFailure } = options;
  const tally: DigestTally = { mailed: 0, in_app: 0, already: 0, failed: 0 };
  const due = (await digestRecipients(db)).flatMap((recipient) => {
    const { weekday, hour } = recipient.preferences.digest;
    const slot = dueDigest({ weekday, hour, timeZone: recipient.timeZone }, now.getTime());
    return slot === undefined ? [] : [{ recipient, week: slot.week }];
  });
  const sent = new Set<string>();
  for (const week of new Set(due.map((d) => d.week))) {
    for (const userId of await digestsSent(db, week, due.filter((d) => d.week === week).map((d) => d.recipient.userId))) sent.add(`${userId}|${week}`);
  }
  const gatherer = digestGatherer(db, now);
  for (const { recipient, week } of due) {
    if (signal?.aborted) break;
    if (sent.has(`${recipient.userId}|${week}`)) continue;
    // One person's digest that cannot be made (its transaction rolled back) must not keep the
    // rest of the week's from going: the others go on, and the next run tries this one again.
    try {
      tally[await deliverDigest(db, recipient, await gatherer.digestOf(recipient, week), { mail, now })]++;
    } catch (error) {
      if (signal?.aborted) throw error;
      tally.failed++;
      onFailure?.(recipient.userId, error);
    }
  }
  return tally;
}

/** The week a digest sent now belongs to: the current ISO week in the person's zone. */
export function currentDigestWeek(recipient: DigestRecipient, now: Date): string {
  return isoWeekKey(localDateOf(now.getTime(), recipient.timeZone));
}

/**
 * The digests of everyone with an editing or directing role in an organisation's subtree, as of
 * `now` for the current week, each with its recipient: what `ritm digest` sends or prints.
 */
export async function digestsOfSubtree(db: Kysely<DB>, rootPath: string, now: Date): Promise<{ recipient: DigestRecipient; digest: Digest }[]> {
  const recipients = await digestRecipients(db, await digestPeopleOfSubtree(db, rootPath));
  const gatherer = digestGatherer(db, now);
  const out: { recipient: DigestRecipient; digest: Digest }[] = [];
  for (const recipient of recipients) out.push({ recipient, digest: await gatherer.digestOf(recipient, currentDigestWeek(recipient, now)) });
  return out;
}
