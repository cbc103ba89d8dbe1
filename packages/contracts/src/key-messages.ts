import { Type, type Static } from 'typebox';
import { patchOf, Text, Uuid, Version, Words } from './common.js';

// Key messages (Mintrud rec. p.64, 66): a package of messages for each target audience, with the
// priority the plan gives them. Visible like audiences: own and those of organisations above.

export const KeyMessageParams = Type.Object({ orgId: Uuid, keyMessageId: Uuid }, { additionalProperties: false });
export type KeyMessageParams = Static<typeof KeyMessageParams>;

/** 1 is the highest priority. */
export const Priority = Type.Integer({ minimum: 1, maximum: 3 });

export const KeyMessage = Type.Object({
  id: Uuid,
  orgId: Uuid,
  text: Text(),
  priority: Priority,
  audienceIds: Type.Array(Uuid),
  version: Version,
});
export type KeyMessage = Static<typeof KeyMessage>;

export const KeyMessageList = Type.Object({ keyMessages: Type.Array(KeyMessage) });
export type KeyMessageList = Static<typeof KeyMessageList>;

export const KeyMessageCreate = Type.Object(
  {
    text: Words(2000),
    priority: Type.Optional(Priority),
    audienceIds: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type KeyMessageCreate = Static<typeof KeyMessageCreate>;

export const KeyMessagePatch = patchOf(KeyMessageCreate);
export type KeyMessagePatch = Static<typeof KeyMessagePatch>;
