import { ROLES } from '@ritm/domain/access';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '@ritm/domain/audit';
import { CHANNEL_TYPES } from '@ritm/domain/channel';
import { COMPLIANCE_STATUSES } from '@ritm/domain/compliance';
import { ITEM_KINDS, ITEM_STATUSES } from '@ritm/domain/item';
import { PLAN_ACTIONS, PLAN_PERIODS, PLAN_STATUSES } from '@ritm/domain/media-plan';
import { NORM_TYPES } from '@ritm/domain/norm';
import { EMAIL_DELIVERIES, NOTIFICATION_KINDS } from '@ritm/domain/notifications';
import { ORGANISATION_KINDS } from '@ritm/domain/organisation';
import { PERIOD_KINDS } from '@ritm/domain/period';
import { describe, expect, it } from 'vitest';
import en from './en/index.js';
import ru from './ru/index.js';

// Every value of the domain's vocabularies is shown somewhere under these keys: a kind, status
// or action added to the domain without a Russian and an English name fails here, not on screen.
const VOCABULARIES: readonly (readonly [section: string, values: readonly string[]])[] = [
  ['role', ROLES],
  ['planStatus', PLAN_STATUSES],
  ['period', PLAN_PERIODS],
  ['period', PERIOD_KINDS],
  ['perPeriod', PERIOD_KINDS],
  ['planAction', PLAN_ACTIONS],
  ['planActionDone', PLAN_ACTIONS],
  ['kind', ITEM_KINDS],
  ['itemStatus', ITEM_STATUSES],
  ['channelType', CHANNEL_TYPES],
  ['status', COMPLIANCE_STATUSES],
  ['statusHint', COMPLIANCE_STATUSES],
  ['normType', NORM_TYPES],
  ['orgKind', ORGANISATION_KINDS],
  // Every entity and action the API writes to the audit log (its `recordAudit` takes only these).
  ['auditLog.entities', AUDIT_ENTITIES],
  ['auditLog.actions', AUDIT_ACTIONS],
  // issue 14 — notification centre: each kind's name (profile, list) and each e-mail choice.
  ['notifications.kinds', NOTIFICATION_KINDS],
  ['notifications.delivery', EMAIL_DELIVERIES],
];

function label(messages: object, section: string, value: string): unknown {
  let node: unknown = messages;
  for (const key of [...section.split('.'), value].filter(Boolean)) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

/** `auditLog.actions` → the section `auditLog` and the key `actions`, so `label` reaches the nested table. */
const splitSection = (section: string): [string, string] => {
  const dot = section.lastIndexOf('.');
  return dot < 0 ? ['', section] : [section.slice(0, dot), section.slice(dot + 1)];
};

describe("the domain's vocabularies in the admin's languages", () => {
  it.each(VOCABULARIES.flatMap(([section, values]) => values.map((value) => [section, value] as const)))('%s.%s has a Russian and an English name', (section, value) => {
    expect(label(ru, section, value), `ru ${section}.${value}`).toEqual(expect.stringMatching(/\S/));
    expect(label(en, section, value), `en ${section}.${value}`).toEqual(expect.stringMatching(/\S/));
  });

  it('names nothing the domain does not know, so a value renamed there leaves no stale label', () => {
    const sections = new Map(VOCABULARIES.map(([section]) => [section, new Set(VOCABULARIES.filter(([s]) => s === section).flatMap(([, values]) => values))]));
    for (const [lang, messages] of [['ru', ru], ['en', en]] as const) {
      for (const [section, known] of sections) {
        const labelled = Object.keys((label(messages, ...splitSection(section)) as object | undefined) ?? {});
        expect(labelled.filter((key) => !known.has(key)), `${lang} ${section}`).toEqual([]);
      }
    }
  });
});
