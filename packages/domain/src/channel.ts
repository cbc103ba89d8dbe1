/**
 * Channels an organisation publishes on, and the vocabulary of their types.
 */
import type { LocalDate } from './local-date.js';
import type { Issue, JsonPath } from './read-json.js';
import { pathTo, readLocalDate, readNonEmptyString, readObject, readOptional } from './read-json.js';

/** The channel types the product knows, with a Russian name and whether the channel is online. */
export const CHANNEL_TYPE_INFO = {
  website: { ru: 'Официальный сайт', online: true },
  vk: { ru: 'ВКонтакте', online: true },
  ok: { ru: 'Одноклассники', online: true },
  telegram: { ru: 'Telegram', online: true },
  max: { ru: 'MAX', online: true },
  dzen: { ru: 'Дзен', online: true },
  rutube: { ru: 'RUTUBE', online: true },
  email: { ru: 'Электронная рассылка', online: true },
  chat: { ru: 'Чат', online: true },
  portal: { ru: 'Портал («Работа в России» и др.)', online: true },
  mass_media: { ru: 'СМИ', online: false },
  print: { ru: 'Печатные материалы', online: false },
  info_stand: { ru: 'Информационный стенд', online: false },
  info_zone: { ru: 'Зона информирования', online: false },
  in_person: { ru: 'Личный приём', online: false },
  tv: { ru: 'Телевидение', online: false },
  radio: { ru: 'Радио', online: false },
  sms: { ru: 'SMS', online: true },
  other: { ru: 'Другое', online: false },
} as const satisfies Record<string, { ru: string; online: boolean }>;

/** A channel type the product knows. */
export type KnownChannelType = keyof typeof CHANNEL_TYPE_INFO;

/**
 * A channel type. The vocabulary is open (an organisation may publish
 * somewhere new); {@link CHANNEL_TYPES} are the ones with names and presets.
 */
export type ChannelType = KnownChannelType | (string & {});

export const CHANNEL_TYPES = Object.keys(CHANNEL_TYPE_INFO) as KnownChannelType[];

/**
 * Social networks in the sense of the source documents (Mintrud rec. p.72(б),
 * p.73(б); Sudprof concept VII: «страницы … в социальных сетях»).
 */
export const SOCIAL_NETWORK_TYPES: readonly KnownChannelType[] = ['vk', 'ok', 'telegram', 'max'];

/** A place the organisation publishes on. */
export interface Channel {
  id: string;
  type: ChannelType;
  /**
   * The first day the channel exists: a per-channel norm gives it no row for a
   * period that starts before it. Across channels it changes nothing (an item
   * published on the channel counts whenever it is dated).
   */
  since?: LocalDate;
  /** The organisation's own name for it ('Группа ВК ЦЗН Кировского района'). */
  title?: string;
}

/**
 * Whether a channel type is one the product knows.
 *
 * @example isKnownChannelType('vk') // true
 * @example isKnownChannelType('instagram') // false
 */
export function isKnownChannelType(type: string): type is KnownChannelType {
  return Object.hasOwn(CHANNEL_TYPE_INFO, type);
}

/**
 * The i18n key of a channel type's name (`channelType.vk`); unknown types
 * share `channelType.other`.
 *
 * @example channelTypeLabelKey('telegram') // 'channelType.telegram'
 */
export function channelTypeLabelKey(type: ChannelType): string {
  return `channelType.${isKnownChannelType(type) ? type : 'other'}`;
}

/**
 * Whether a channel exists on a date (its `since` is on or before it). A
 * per-channel norm gives a channel rows from the first period that starts on
 * a date it is live; a presence norm counts a channel live on the range's
 * last day.
 *
 * @example isChannelLive({ id: 'tg', type: 'telegram', since: '2026-11-11' }, '2026-11-09') // false
 * @example isChannelLive({ id: 'tg', type: 'telegram', since: '2026-11-11' }, '2026-11-16') // true
 */
export function isChannelLive(channel: Channel, date: LocalDate): boolean {
  return channel.since === undefined || channel.since <= date;
}

/**
 * Reads a channel `{id, type, since?, title?}` from unknown JSON.
 *
 * @example parseChannel({ id: 'vk', type: 'vk' }, 'channels[0]', issues) // { id: 'vk', type: 'vk' }
 */
export function parseChannel(value: unknown, path: JsonPath, issues: Issue[]): Channel | undefined {
  const obj = readObject(value, path, issues);
  if (obj === undefined) return undefined;
  const before = issues.length;
  const id = readNonEmptyString(obj.id, pathTo(path, 'id'), issues);
  const type = readNonEmptyString(obj.type, pathTo(path, 'type'), issues);
  const since = readOptional(obj.since, pathTo(path, 'since'), issues, readLocalDate);
  const title = readOptional(obj.title, pathTo(path, 'title'), issues, readNonEmptyString);
  if (issues.length > before || id === undefined || type === undefined) return undefined;
  return { id, type, ...(since !== undefined && { since }), ...(title !== undefined && { title }) };
}
