import type { Kysely } from 'kysely';
import { normAtRiskRecipients, normsAtRiskNow } from '@ritm/domain/notification-recipients';
import type { DB } from '../db/schema.js';
import { inOneSnapshot, judgingInputs } from '../repositories/judging-inputs.js';
import { insertManyNotifications, liveRootOrgIds, rolesGivenAt, type NotificationToSend } from '../repositories/notifications.js';
import { findOrgContext } from '../repositories/org-context.js';
import { judgedInBatches, todaysOf } from './compliance.js';

/**
 * Warns the people who can still act that a norm of their organisation is at risk in its current
 * period (issue 14): every organisation that is not archived is judged by the compliance
 * summary's own pipeline (a tree at a time, in batches), and each norm `at_risk` in the period
 * holding the organisation's today is told to those with a role given at the organisation itself
 * that edits items or approves plans. Told once per person, organisation, norm and period (the
 * subject): the watcher runs every half hour and says nothing new about what it said already.
 * Returns how many people were newly told.
 */
export async function warnOfNormsAtRisk(db: Kysely<DB>, now: Date): Promise<number> {
  let told = 0;
  for (const rootId of await liveRootOrgIds(db)) {
    const sends = await inOneSnapshot(db, async (trx) => {
      const root = await findOrgContext(trx, rootId);
      if (!root) return [];
      const todayOf = todaysOf({ now });
      const inputs = await judgingInputs(trx, { root, subtree: true });
      const orgs = inputs.organisations.map(({ org }) => org);
      // Zones put the organisations of a tree on up to two calendar days: judge both, keep each one's own today.
      const todays = orgs.map((org) => todayOf(org.timeZone)).sort();
      const range = { from: todays[0]!, to: todays[todays.length - 1]! };
      const found: Array<{ orgId: string; orgName: string; normTitles: Map<string, string>; risks: ReturnType<typeof normsAtRiskNow> }> = [];
      for await (const batch of judgedInBatches(trx, await inputs.load(orgs), range, todayOf)) {
        for (const { input, today, rows } of batch) {
          const risks = normsAtRiskNow(rows, today);
          if (risks.length === 0) continue;
          const normTitles = new Map(input.norms.map((norm) => [norm.id, norm.title ?? norm.id]));
          found.push({ orgId: input.org.id, orgName: input.org.name, normTitles, risks });
        }
      }
      const roles = await rolesGivenAt(trx, found.map((f) => f.orgId));
      return found.flatMap(({ orgId, orgName, normTitles, risks }): NotificationToSend[] => {
        const userIds = normAtRiskRecipients(roles.get(orgId) ?? []);
        if (userIds.length === 0) return [];
        return risks.map((risk) => ({
          userIds,
          payload: {
            kind: 'norm_at_risk',
            orgId,
            orgName,
            normId: risk.norm,
            normTitle: normTitles.get(risk.norm) ?? risk.norm,
            periodStart: risk.periodStart,
            periodEnd: risk.periodEnd,
            done: risk.done,
            required: risk.required,
          },
          // The organisation is in the subject: an inherited norm has one key in every organisation below.
          subject: `norm:${orgId}:${risk.norm}:${risk.periodStart}`,
        }));
      });
    });
    if (sends.length > 0) told += (await insertManyNotifications(db, sends)).length;
  }
  return told;
}
