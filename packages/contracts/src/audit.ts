import { Type, type Static } from 'typebox';
import { Instant, LocalDate, Uuid, Text } from './common.js';

export const AuditQuery = Type.Object(
  {
    from: Type.Optional(LocalDate),
    to: Type.Optional(LocalDate),
    entity: Type.Optional(Text({ minLength: 1, maxLength: 50 })),
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
});
export type AuditPage = Static<typeof AuditPage>;
