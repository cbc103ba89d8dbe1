import type { Transaction } from 'kysely';
import type { TemplateApplied } from '@ritm/contracts/templates';
import {
  applyTemplate,
  captureTemplate,
  isTemplatePlace,
  TEMPLATE_ENTRIES_MAX,
  templatePeriod,
  type MonthPlacing,
  type TemplateEntry,
  type TemplateSpan,
} from '@ritm/domain/plan-template';
import type { DB } from '../db/schema.js';
import { badRequest } from '../http/errors.js';
import { message, type Detail } from '../http/messages.js';
import { listAudiences } from '../repositories/audiences.js';
import { recordAudit } from '../repositories/audit.js';
import { listChannels } from '../repositories/channels.js';
import { listPlanItems } from '../repositories/items.js';
import { listKeyMessages } from '../repositories/key-messages.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { lockTemplateApplies } from '../repositories/plan-templates.js';
import { createItems } from './items.js';
import { checkPlanPeriod } from './plans.js';

/**
 * The entries of a template saved from the week, month or quarter that holds `from`: the
 * organisation's items there (cancelled ones aside), their channels, audiences and key messages
 * named from its catalogues (its own and those above). A period of more items than a template
 * holds is a 400 on `body.from`, never a template cut short.
 */
export async function captureFromPeriod(
  trx: Transaction<DB>,
  org: OrganisationContext,
  span: TemplateSpan,
  from: string,
  placing: MonthPlacing,
): Promise<TemplateEntry[]> {
  const period = templatePeriod(from, span);
  const [items, channels, audiences, keyMessages] = await Promise.all([
    listPlanItems(trx, org.id, period),
    listChannels(trx, [org.id]),
    listAudiences(trx, org.lineage),
    listKeyMessages(trx, org.lineage),
  ]);
  const catalogues = {
    timeZone: org.timeZone,
    channels: new Map(channels.map((c) => [c.id, { type: c.type, name: c.name }])),
    audiences: new Map(audiences.map((a) => [a.id, a.name])),
    keyMessages: new Map(keyMessages.map((k) => [k.id, k.text])),
  };
  const entries = captureTemplate(items, span, from, catalogues, placing);
  if (entries.length > TEMPLATE_ENTRIES_MAX) {
    throw badRequest('templateInvalid', [{ path: 'body.from', message: message('templateTooLarge', { count: entries.length, max: TEMPLATE_ENTRIES_MAX }) }]);
  }
  return entries;
}

/** Checks that every entry's place fits the template's span; throws 400 naming each one that does not. */
export function checkEntries(entries: readonly TemplateEntry[], span: TemplateSpan, path: string): void {
  const issues: Detail[] = [];
  entries.forEach((entry, i) => {
    if (!isTemplatePlace(entry.place, span)) issues.push({ path: `${path}[${i}].place`, message: message(`template.place.${span}`) });
  });
  if (issues.length > 0) throw badRequest('templateInvalid', issues);
}

/**
 * Lays a template onto the period of its span that holds `from` in `org`: every entry not already
 * there is created through `createItems` (every item rule, plan rule and notification applies, in
 * the caller's transaction: all or none), each with its audit row. A preview answers the same and
 * writes nothing.
 */
export async function applyToOrganisation(
  trx: Transaction<DB>,
  org: OrganisationContext,
  template: { span: TemplateSpan; entries: readonly TemplateEntry[] },
  from: string,
  options: { userId: string; now: Date; preview: boolean },
): Promise<TemplateApplied> {
  const period = templatePeriod(from, template.span);
  // A period reaching past the product's range would hold days no item may store (a CHECK): a 400, as for plans.
  checkPlanPeriod(period, 'body.from');
  // Applies into one organisation take turns: the second reads the items the first created, so
  // applying twice at once skips them rather than creating them twice.
  await lockTemplateApplies(trx, org.id);
  const [existing, channels, audiences, keyMessages] = await Promise.all([
    listPlanItems(trx, org.id, period),
    listChannels(trx, [org.id]),
    listAudiences(trx, org.lineage),
    listKeyMessages(trx, org.lineage),
  ]);
  // The organisation's own first, then the nearest above: a name it shares with one from above means its own.
  const ownFirst = <T extends { orgId: string }>(rows: readonly T[]) => [...rows].sort((a, b) => org.lineage.indexOf(b.orgId) - org.lineage.indexOf(a.orgId));
  const plan = applyTemplate(template.entries, template.span, from, {
    timeZone: org.timeZone,
    channels,
    audiences: ownFirst(audiences),
    keyMessages: ownFirst(keyMessages),
    existing: existing.map((item) => ({ localDay: item.localDay, title: item.title, channelIds: item.channelIds })),
  });
  const skipped = plan.skipped.map(({ title, day, why }) => ({ title, day, why }));
  const answer = { orgId: org.id, period: { start: plan.period.start, end: plan.period.end }, skipped };
  if (options.preview || plan.create.length === 0) {
    return { ...answer, created: plan.create.map(({ item, day }) => ({ title: item.title, day })) };
  }
  const created = await createItems(
    trx,
    org,
    plan.create.map((c) => c.item),
    { userId: options.userId, paths: plan.create.map((c) => `template.entries[${c.index}]`), now: options.now },
  );
  for (const after of created) await recordAudit(trx, { orgId: org.id, userId: options.userId, entity: 'item', entityId: after.id, action: 'create', after });
  return { ...answer, created: created.map((item) => ({ id: item.id, title: item.title, day: item.localDay })) };
}
