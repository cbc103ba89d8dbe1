import { Type, type Static } from 'typebox';
import { Instant, LocalDate, Text, Uuid, Version, Words } from './common.js';
import { NormKey } from './norms.js';

// Exemptions: a norm waived for a date range with a reason (Mintrud rec. p.72(в): public events
// «с учетом эпидемиологической обстановки»), granted by a director. An exemption at an
// organisation covers its subtree.

export const ExemptionParams = Type.Object({ orgId: Uuid, exemptionId: Uuid }, { additionalProperties: false });
export type ExemptionParams = Static<typeof ExemptionParams>;

export const Exemption = Type.Object({
  id: Uuid,
  /** This organisation or one above it. */
  orgId: Uuid,
  normKey: NormKey,
  /** The one channel of a per-channel norm it waives; null: all rows of the norm. */
  channelId: Type.Union([Uuid, Type.Null()]),
  from: LocalDate,
  to: LocalDate,
  reason: Text(),
  grantedBy: Type.Union([Uuid, Type.Null()]),
  version: Version,
  createdAt: Instant,
});
export type Exemption = Static<typeof Exemption>;

export const ExemptionList = Type.Object({ exemptions: Type.Array(Exemption) });
export type ExemptionList = Static<typeof ExemptionList>;

/**
 * `normKey` must be a norm in force at the organisation; `to` on or after `from`; `channelId`, a
 * channel of the organisation, only with a per-channel norm.
 */
export const ExemptionCreate = Type.Object(
  {
    normKey: NormKey,
    channelId: Type.Optional(Uuid),
    from: LocalDate,
    to: LocalDate,
    reason: Words(2000),
  },
  { additionalProperties: false },
);
export type ExemptionCreate = Static<typeof ExemptionCreate>;
