import { EMAIL_DELIVERIES, IMMEDIATE_KINDS, NOTIFICATION_KINDS } from '@ritm/domain/notifications';
import { Type, type Static } from 'typebox';
import { Instant, literalUnion, Uuid } from './common.js';

// The notification centre (issue 14): what a person was told, newest first, with the text already
// in their language (the server renders it, as it does for e-mail, so both say the same) and the
// admin address it is about. Preferences: which kinds reach them by e-mail and how often, and when
// their weekly digest comes.

export const NotificationKind = literalUnion(NOTIFICATION_KINDS);
export type NotificationKind = Static<typeof NotificationKind>;

export const ImmediateKind = literalUnion(IMMEDIATE_KINDS);
export type ImmediateKind = Static<typeof ImmediateKind>;

export const EmailDelivery = literalUnion(EMAIL_DELIVERIES);
export type EmailDelivery = Static<typeof EmailDelivery>;

export const Notification = Type.Object({
  id: Uuid,
  kind: NotificationKind,
  /** The organisation it is about (null for one about nobody's organisation in particular). */
  orgId: Type.Union([Uuid, Type.Null()]),
  /** One line, in the caller's language. */
  title: Type.String(),
  /** What happened, in the caller's language (a returned plan's comment, a norm's count…); may be empty. */
  body: Type.String(),
  /** Where in the admin it leads (a path such as `/plans/…?org=…`). */
  link: Type.String(),
  createdAt: Instant,
  readAt: Type.Union([Instant, Type.Null()]),
});
export type Notification = Static<typeof Notification>;

export const NotificationListQuery = Type.Object(
  {
    /** Only those not read yet. */
    unread: Type.Optional(Type.Boolean()),
    /** How many (default 20, at most 100). */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    /** Older than this notification (its id), for the next page. */
    before: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type NotificationListQuery = Static<typeof NotificationListQuery>;

export const NotificationList = Type.Object({
  items: Type.Array(Notification),
  /** Every unread notification of the caller, not just this page's. */
  unreadCount: Type.Integer({ minimum: 0 }),
  /** The id to pass as `before` for the next page; null on the last. */
  nextBefore: Type.Union([Uuid, Type.Null()]),
});
export type NotificationList = Static<typeof NotificationList>;

export const NotificationParams = Type.Object({ notificationId: Uuid }, { additionalProperties: false });
export type NotificationParams = Static<typeof NotificationParams>;

/** After marking read: how many are still unread. */
export const UnreadCount = Type.Object({ unreadCount: Type.Integer({ minimum: 0 }) });
export type UnreadCount = Static<typeof UnreadCount>;

const EmailChoices = Type.Object(
  Object.fromEntries(IMMEDIATE_KINDS.map((kind) => [kind, EmailDelivery])) as Record<(typeof IMMEDIATE_KINDS)[number], typeof EmailDelivery>,
  { additionalProperties: false },
);

export const DigestChoice = Type.Object(
  {
    enabled: Type.Boolean(),
    /** ISO weekday, 1 = Monday. */
    weekday: Type.Integer({ minimum: 1, maximum: 7 }),
    /** Local hour the digest goes out at, 0…23. */
    hour: Type.Integer({ minimum: 0, maximum: 23 }),
    /** An IANA zone; null: the zone of the person's organisation. */
    timeZone: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]),
  },
  { additionalProperties: false },
);

export const NotificationPreferences = Type.Object(
  {
    email: EmailChoices,
    digest: DigestChoice,
  },
  { additionalProperties: false },
);
export type NotificationPreferences = Static<typeof NotificationPreferences>;

/** What the profile screen shows: the choices, and whether this Ritm sends e-mail at all (SMTP configured). */
export const NotificationSettings = Type.Object({
  preferences: NotificationPreferences,
  emailConfigured: Type.Boolean(),
  /** The address mail goes to. */
  email: Type.String(),
  /** The zone the digest uses when `digest.timeZone` is null. */
  organisationTimeZone: Type.Union([Type.String(), Type.Null()]),
});
export type NotificationSettings = Static<typeof NotificationSettings>;
