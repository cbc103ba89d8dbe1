import { Type, type Static } from 'typebox';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '@ritm/domain/audit';
import { Instant, LocalDate, Uuid, Text, literalUnion } from './common.js';

/** What an audit row is about (the domain's `AUDIT_ENTITIES`). */
export const AuditEntity = literalUnion(AUDIT_ENTITIES);
/** What was done (the domain's `AUDIT_ACTIONS`). */
export const AuditAction = literalUnion(AUDIT_ACTIONS);

export const AuditQuery = Type.Object(
  {
    from: Type.Optional(LocalDate),
    to: Type.Optional(LocalDate),
    entity: Type.Optional(AuditEntity),
    action: Type.Optional(AuditAction),
    userId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    before: Type.Optional(Text({ pattern: '^\\d{1,18}$', description: 'nextBefore of the previous page' })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEntry = Type.Object({
  id: Text(),
  at: Instant,
  orgId: Type.Union([Uuid, Type.Null()]),
  /** The organisation's name, so a subtree's log says where each change was made. */
  orgName: Type.Union([Text(), Type.Null()]),
  user: Type.Union([Type.Object({ id: Uuid, name: Text(), email: Text() }), Type.Null()]),
  entity: Text(),
  entityId: Text(),
  action: Text(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditPage = Type.Object({
  entries: Type.Array(AuditEntry),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: Type.Union([Text(), Type.Null()]),
  /**
   * Names of the records the page's `before`/`after` refer to by id (channels, audiences, key
   * messages, plans, organisations, people), so a reader sees names, not identifiers.
   */
  names: Type.Record(Uuid, Text()),
});
export type AuditPage = Static<typeof AuditPage>;
