import { CHANNEL_TYPES } from '@ritm/domain/channel';
import { VOCABULARY_CODE_PATTERN } from '@ritm/domain/vocabulary-code';
import { WEB_URL_PATTERN } from '@ritm/domain/web-url';
import { Type, type Static } from 'typebox';
import { LocalDate, patchOf, Text, Uuid, Version, Words } from './common.js';

// Channels an organisation publishes on (Mintrud rec. p.73–74): the official website, social
// networks, the information zone of the centre, e-mail, chats…

/** A channel type: one of the domain's `CHANNEL_TYPES` or an organisation's own, in the same spelling. */
export const ChannelType = Text({
  pattern: VOCABULARY_CODE_PATTERN,
  description: `One of ${CHANNEL_TYPES.join(', ')}, or an organisation's own type in the same spelling`,
  examples: ['vk', 'website', 'info_stand'],
});

export const ChannelParams = Type.Object({ orgId: Uuid, channelId: Uuid }, { additionalProperties: false });
export type ChannelParams = Static<typeof ChannelParams>;

export const Channel = Type.Object({
  id: Uuid,
  orgId: Uuid,
  type: ChannelType,
  name: Text(),
  url: Type.Union([Text(), Type.Null()]),
  /** The first day the channel exists: norms judge it from the first period that starts on or after it. */
  since: Type.Union([LocalDate, Type.Null()]),
  /** Inactive channels are kept for history but no longer judged by norms. */
  active: Type.Boolean(),
  version: Version,
});
export type Channel = Static<typeof Channel>;

export const ChannelList = Type.Object({ channels: Type.Array(Channel) });
export type ChannelList = Static<typeof ChannelList>;

const Url = Text({ minLength: 1, maxLength: 2000, pattern: WEB_URL_PATTERN });

export const ChannelCreate = Type.Object(
  {
    type: ChannelType,
    name: Words(300),
    url: Type.Optional(Type.Union([Url, Type.Null()])),
    since: Type.Optional(Type.Union([LocalDate, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ChannelCreate = Static<typeof ChannelCreate>;

/** Send `version` here or as `If-Match`. */
export const ChannelPatch = patchOf(ChannelCreate);
export type ChannelPatch = Static<typeof ChannelPatch>;
