/**
 * What people are told and how (issue 14): the kinds of notification, what each carries, and each
 * person's choices about e-mail. The API writes notifications in the same transaction as the change
 * that causes them (so none is lost and none is sent for a change that was rolled back), shows them
 * in the admin's bell, and mails them as each person chose.
 */

// issue 15 — proposals upwards: a higher organisation hears of news proposed to it, the proposer of the answer.
const PROPOSAL_KINDS = ['proposal_received', 'proposal_answered'] as const;

/** Kinds told right away (in-app at once; by e-mail at most once per person per hour per kind). */
export const IMMEDIATE_KINDS = [
  'plan_submitted',
  'plan_approved',
  'plan_returned',
  'item_assigned',
  'norm_at_risk',
  'report_ready',
  // issue 15 — materials down the tree: a target's editors hear of a material; its author of a decline.
  'material_received',
  'placement_declined',
  ...PROPOSAL_KINDS,
] as const;
export type ImmediateKind = (typeof IMMEDIATE_KINDS)[number];

/** Every kind: the immediate ones and the weekly digest. */
export const NOTIFICATION_KINDS = [...IMMEDIATE_KINDS, 'weekly_digest'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/**
 * What a notification says, by kind: everything its text and link need, copied at the moment it
 * was made (a plan renamed later does not rewrite what someone was told). Names are as they were.
 * `orgId` is the organisation it is about; days are local dates (`YYYY-MM-DD`) in that
 * organisation's zone.
 */
export type NotificationPayload =
  | { kind: 'plan_submitted'; orgId: string; orgName: string; planId: string; planTitle: string; actorName: string }
  | { kind: 'plan_approved'; orgId: string; orgName: string; planId: string; planTitle: string; actorName: string }
  | { kind: 'plan_returned'; orgId: string; orgName: string; planId: string; planTitle: string; actorName: string; comment: string }
  | { kind: 'item_assigned'; orgId: string; orgName: string; itemId: string; itemTitle: string; day: string; actorName: string }
  | {
      kind: 'norm_at_risk';
      orgId: string;
      orgName: string;
      normId: string;
      normTitle: string;
      /** The period at risk, inclusive local dates. */
      periodStart: string;
      periodEnd: string;
      /** Counted so far and required in the period. */
      done: number;
      required: number;
    }
  | { kind: 'report_ready'; orgId: string; orgName: string; reportId: string; reportTitle: string }
  // issue 15 — proposals upwards. `orgId`/`orgName`: the organisation whose people are told (the
  // one asked, for a proposal received; the proposer, for an answer); `otherOrgName` the other side.
  | { kind: 'proposal_received'; orgId: string; orgName: string; proposalId: string; proposalTitle: string; otherOrgName: string; actorName: string }
  | {
      kind: 'proposal_answered';
      orgId: string;
      orgName: string;
      proposalId: string;
      proposalTitle: string;
      otherOrgName: string;
      actorName: string;
      /** Accepted (planned on `day` in the other organisation's plan) or declined (with `reason`). */
      outcome: 'accepted' | 'declined';
      day: string | null;
      reason: string | null;
    }
  // issue 15 — materials down the tree. `orgId` is the target for `material_received` (the task is
  // on its calendar on `day`), the sender for `placement_declined`.
  | {
      kind: 'material_received';
      orgId: string;
      orgName: string;
      materialId: string;
      materialTitle: string;
      fromOrgName: string;
      day: string;
      deadline: string;
    }
  | {
      kind: 'placement_declined';
      orgId: string;
      orgName: string;
      materialId: string;
      materialTitle: string;
      targetOrgName: string;
      reason: string;
    }
  | {
      kind: 'weekly_digest';
      orgId: string;
      orgName: string;
      /** The ISO week the digest is for (`2026-W48`). */
      week: string;
      /** Norms at risk and overdue items the digest counted, for the bell's one-line summary. */
      atRisk: number;
      overdue: number;
    };

/** How an immediate kind reaches a person by e-mail: as it happens (paced), gathered once a day at the digest hour, or not at all (in-app only). */
export const EMAIL_DELIVERIES = ['immediately', 'daily', 'off'] as const;
export type EmailDelivery = (typeof EMAIL_DELIVERIES)[number];

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A person's choices (their profile). The bell shows every kind whatever they choose. */
export interface NotificationPreferences {
  /** Per immediate kind: whether and how often it is mailed. */
  email: Record<ImmediateKind, EmailDelivery>;
  digest: {
    /** Whether the weekly digest is mailed. */
    enabled: boolean;
    /** When, in `timeZone` (or the zone of the person's organisation when null). */
    weekday: IsoWeekday;
    /** Local hour, 0…23; the digest goes out at the start of it. */
    hour: number;
    /** An IANA zone the person chose; null: their organisation's (see `recipientZone`). */
    timeZone: string | null;
  };
}

/** Monday 09:00 in the organisation's zone, every kind mailed as it happens. */
export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  email: {
    plan_submitted: 'immediately',
    plan_approved: 'immediately',
    plan_returned: 'immediately',
    item_assigned: 'immediately',
    norm_at_risk: 'immediately',
    report_ready: 'immediately',
    // issue 15 — proposals upwards
    proposal_received: 'immediately',
    proposal_answered: 'immediately',
    // issue 15 — materials down the tree
    material_received: 'immediately',
    placement_declined: 'immediately',
  },
  digest: { enabled: true, weekday: 1, hour: 9, timeZone: null },
};

/** At most one mail per person per kind in this many minutes; what comes meanwhile is gathered into the next one. */
export const MAIL_PACE_MINUTES = 60;

/** A mail that could not be delivered is tried this many times in all, with growing waits, then reported as failed. */
export const MAIL_ATTEMPTS = 6;

/**
 * A person's stored choices over the defaults: anything missing or not understood (a kind added
 * since, a value from an older version) takes the default, so a stored document never breaks a mail.
 */
export function withDefaultPreferences(stored: unknown): NotificationPreferences {
  const base = DEFAULT_NOTIFICATION_PREFERENCES;
  const doc = isRecord(stored) ? stored : {};
  const email = isRecord(doc.email) ? doc.email : {};
  const digest = isRecord(doc.digest) ? doc.digest : {};
  const chosen = (kind: ImmediateKind): EmailDelivery => {
    const value = email[kind];
    return (EMAIL_DELIVERIES as readonly unknown[]).includes(value) ? (value as EmailDelivery) : base.email[kind];
  };
  const weekday = digest.weekday;
  const hour = digest.hour;
  return {
    email: Object.fromEntries(IMMEDIATE_KINDS.map((kind) => [kind, chosen(kind)])) as Record<ImmediateKind, EmailDelivery>,
    digest: {
      enabled: typeof digest.enabled === 'boolean' ? digest.enabled : base.digest.enabled,
      weekday: Number.isInteger(weekday) && (weekday as number) >= 1 && (weekday as number) <= 7 ? (weekday as IsoWeekday) : base.digest.weekday,
      hour: Number.isInteger(hour) && (hour as number) >= 0 && (hour as number) <= 23 ? (hour as number) : base.digest.hour,
      timeZone: typeof digest.timeZone === 'string' && digest.timeZone !== '' ? digest.timeZone : base.digest.timeZone,
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
