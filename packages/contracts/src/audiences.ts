import { Type, type Static } from 'typebox';
import { patchOf, Text, Uuid, Version, Words } from './common.js';

// Target audiences (Mintrud rec. p.63): released workers, employers at risk of idling, employers
// short of staff, young specialists, people with disabilities… An organisation sees its own and
// those of the organisations above it, and may use any of them on its items.

export const AudienceParams = Type.Object({ orgId: Uuid, audienceId: Uuid }, { additionalProperties: false });
export type AudienceParams = Static<typeof AudienceParams>;

export const Audience = Type.Object({
  id: Uuid,
  /** The organisation that owns it: this one or one above it. */
  orgId: Uuid,
  name: Text(),
  description: Text(),
  version: Version,
});
export type Audience = Static<typeof Audience>;

export const AudienceList = Type.Object({ audiences: Type.Array(Audience) });
export type AudienceList = Static<typeof AudienceList>;

export const AudienceCreate = Type.Object(
  {
    name: Words(300),
    description: Type.Optional(Text({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export type AudienceCreate = Static<typeof AudienceCreate>;

export const AudiencePatch = patchOf(AudienceCreate);
export type AudiencePatch = Static<typeof AudiencePatch>;
