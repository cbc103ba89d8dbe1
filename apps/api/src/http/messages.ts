import { Locale } from 'typebox/system';
import type { TValidationError } from 'typebox/error';

// Every message the API answers with, in Russian and English, in one place. An `HttpError` made
// with one of these answers in the caller's language (Accept-Language; Russian by default);
// one made with a plain string answers with that string.

export type Language = 'ru' | 'en';

/** A message in both languages the API speaks. */
export interface LocalizedMessage {
  ru: string;
  en: string;
}

/** What a 404 names. Unknown words fall back to a neutral Russian phrase. */
const NOUNS: Record<string, LocalizedMessage> = {
  resource: { ru: 'объект', en: 'resource' },
  organisation: { ru: 'организация', en: 'organisation' },
  parent: { ru: 'вышестоящая организация', en: 'parent organisation' },
  user: { ru: 'пользователь', en: 'user' },
  membership: { ru: 'участие в организации', en: 'membership' },
  token: { ru: 'токен', en: 'token' },
  channel: { ru: 'канал', en: 'channel' },
  audience: { ru: 'аудитория', en: 'audience' },
  'key message': { ru: 'ключевое сообщение', en: 'key message' },
  plan: { ru: 'медиаплан', en: 'media plan' },
  item: { ru: 'публикация', en: 'item' },
  norm: { ru: 'норматив', en: 'norm' },
  exemption: { ru: 'освобождение от норматива', en: 'exemption' },
  route: { ru: 'адрес API', en: 'API route' },
};

export const MESSAGES = {
  rangeReversed: { ru: 'Конец периода раньше его начала', en: '`to` is before `from`' },
  rangeTooLong: { ru: 'Слишком длинный период', en: 'The range is too long' },
  itemInvalid: { ru: 'Публикация заполнена неверно', en: 'The item is not valid' },
  returnReason: { ru: 'Укажите, почему план возвращён', en: 'Say why the plan is returned' },
  normInvalid: { ru: 'Норматив задан неверно', en: 'The norm is not valid' },
  presetOrNorm: { ru: 'Укажите либо набор нормативов, либо норматив', en: 'Give either a preset or a norm' },
  unknownPreset: { ru: 'Такого набора нормативов нет', en: 'Unknown preset' },
  periodOutsideRange: { ru: 'Период заканчивается после 2100-12-31', en: 'The period ends after 2100-12-31' },
  planStart: { ru: 'План начинается в первый день своего периода', en: 'A plan starts on the first day of its period' },
  referencesInvalid: { ru: 'Некоторые ссылки неверны', en: 'Some references are not valid' },
  exemptionReversed: { ru: 'Освобождение заканчивается раньше, чем начинается', en: 'The exemption ends before it starts' },
  noSuchNorm: { ru: 'Такой норматив здесь не действует', en: 'No such norm here' },
  channelNotPerChannel: { ru: 'Канал можно указать только для норматива, который проверяется по каждому каналу', en: 'A channel narrows only a per-channel norm' },
  noSuchChannel: { ru: 'У этой организации нет такого канала', en: 'No such channel here' },
  validation: { ru: 'Запрос заполнен неверно', en: 'The request is not valid' },
  malformedJson: { ru: 'Тело запроса — не корректный JSON', en: 'The request body is not valid JSON' },
  emptyJson: { ru: 'Тело запроса пусто, а указан тип JSON', en: 'The body is empty but its type says JSON' },
  badRequest: { ru: 'Некорректный запрос', en: 'Bad request' },
  headersTooLarge: { ru: 'Слишком большие заголовки запроса', en: 'The request headers are too large' },
  requestTimeout: { ru: 'Запрос не пришёл целиком вовремя', en: 'The request did not arrive in time' },
  badUrl: { ru: 'Некорректный адрес запроса', en: 'The request URL is not valid' },
  tooLarge: { ru: 'Слишком большой запрос', en: 'The request body is too large' },
  unsupportedMediaType: { ru: 'Отправляйте JSON (Content-Type: application/json)', en: 'Send JSON (Content-Type: application/json)' },
  internal: { ru: 'Внутренняя ошибка сервера', en: 'Internal server error' },
  busy: {
    ru: 'Запрос столкнулся с одновременными изменениями и ничего не изменил; повторите его',
    en: 'The request ran into concurrent changes and changed nothing; send it again',
  },
  signInFirst: { ru: 'Сначала войдите в систему', en: 'Sign in first' },
  tokenInvalid: { ru: 'API-токен недействителен', en: 'The API token is not valid' },
  invalidCredentials: { ru: 'Неверный адрес почты или пароль', en: 'Wrong e-mail or password' },
  tooManyAttempts: { ru: 'Слишком много неудачных попыток; попробуйте позже', en: 'Too many failed attempts; try again later' },
  crossOrigin: { ru: 'Запросы с других сайтов не принимаются', en: 'Cross-site requests are not accepted' },
  forbidden: { ru: 'Ваша роль не позволяет это сделать', en: 'Your role does not allow this' },
  versionRequired: {
    ru: 'Укажите версию, которую вы редактировали: заголовок If-Match или поле "version"',
    en: 'Send the version you edited: an If-Match header or a "version" field',
  },
  versionNotNumber: { ru: 'If-Match должен содержать номер версии', en: 'If-Match must be a version number' },
  versionConflict: { ru: 'Кто-то уже изменил это; обновите и повторите', en: 'Someone else changed this in the meantime' },
  orgMoveCycle: {
    ru: 'Организацию нельзя перенести в неё саму или в подчинённую ей организацию',
    en: 'An organisation cannot be moved into itself or into an organisation below it',
  },
  orgHasChildren: {
    ru: 'У организации есть подчинённые организации; сначала удалите или перенесите их',
    en: 'The organisation has child organisations; delete or move them first',
  },
  unknownTimeZone: { ru: 'Неизвестный часовой пояс (нужно имя IANA, например Europe/Moscow)', en: 'Unknown time zone (use an IANA name such as Europe/Moscow)' },
  rootNeedsSystemAdmin: {
    ru: 'Корневую организацию может создать только системный администратор',
    en: 'Only a system administrator can create a root organisation',
  },
  noUserWithEmail: {
    ru: 'Пользователя с такой почтой нет; сначала создайте его (POST /api/users или ritm user create)',
    en: 'No user has this e-mail; create them first (POST /api/users or ritm user create)',
  },
  alreadyMember: { ru: 'Пользователь уже участвует в этой организации', en: 'The user is already a member of this organisation' },
  emailTaken: { ru: 'Пользователь с такой почтой уже есть', en: 'A user with this e-mail already exists' },
  wrongPassword: { ru: 'Текущий пароль указан неверно', en: 'The current password is wrong' },
  notFound: (what: string): LocalizedMessage => {
    const noun = NOUNS[what];
    return { ru: noun ? `Не найдено: ${noun.ru}` : 'Не найдено', en: `No such ${noun?.en ?? what}` };
  },
} satisfies Record<string, LocalizedMessage | ((...args: never[]) => LocalizedMessage)>;

export function localize(message: LocalizedMessage, lang: Language): string {
  return message[lang];
}

// ---- Validation details ---------------------------------------------------------------------

export interface ErrorDetail {
  path: string;
  message: string;
}

/** What each of the contracts' own formats asks for (`@ritm/contracts/common`, FORMATS). */
const FORMAT_WANTED: Record<string, LocalizedMessage> = {
  text: { ru: 'текст без символа NUL (U+0000) и непарных суррогатов', en: 'must be text without NUL (U+0000) or unpaired surrogates' },
  'local-date': { ru: 'дата ГГГГ-ММ-ДД с 2000-01-01 по 2100-12-31', en: 'must be a date YYYY-MM-DD from 2000-01-01 to 2100-12-31' },
  instant: {
    ru: 'момент времени со смещением не больше ±14:00, с 2000-01-01T14:00Z до 2100-12-31T10:00Z',
    en: 'must be an instant with an offset of at most ±14:00, from 2000-01-01T14:00Z until 2100-12-31T10:00Z',
  },
  'item-at': {
    ru: 'дата с 2000-01-01 по 2100-12-31 или момент со смещением не больше ±14:00, с 2000-01-01T14:00Z до 2100-12-31T10:00Z',
    en: 'must be a date from 2000-01-01 to 2100-12-31, or an instant with an offset of at most ±14:00 from 2000-01-01T14:00Z until 2100-12-31T10:00Z',
  },
};

const FIELD_REQUIRED: LocalizedMessage = { ru: 'обязательное поле', en: 'is required' };
const FIELD_UNKNOWN: LocalizedMessage = { ru: 'неизвестное поле', en: 'is not an allowed field' };

/** `body.items[3].at` from the part of the request and a JSON pointer. */
export function fieldPath(context: string, instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((acc, segment) => (/^\d+$/.test(segment) ? `${acc}[${segment}]` : `${acc}.${segment}`), context);
}

const pointer = (base: string, property: string) => `${base}/${property.replaceAll('~', '~0').replaceAll('/', '~1')}`;

/** The union (`anyOf`/`oneOf`) an error belongs to: its outermost one's schema path, or undefined. */
function unionOf(error: TValidationError): string | undefined {
  if (error.keyword === 'anyOf' || error.keyword === 'oneOf') return error.schemaPath;
  return /^(.*?)\/(?:anyOf|oneOf)\/\d+(?:\/|$)/.exec(error.schemaPath)?.[1];
}

/** What one branch of a union wanted, for a "must be one of" message. */
function branchWanted(error: TValidationError, locale: (error: TValidationError) => string): string {
  if (error.keyword === 'const') return String(error.params.allowedValue);
  if (error.keyword === 'type') return [error.params.type].flat().join(', ');
  if (error.keyword === 'format') return error.params.format;
  return locale(error);
}

/**
 * Turns TypeBox's validation errors into one detail per bad field, in the caller's language,
 * never losing the field's path: a missing or an unknown field is named in the path, and the
 * branches of a union (`'a' | 'b'`, `uuid | null`) become one "must be one of" message.
 */
export function validationDetails(context: string, errors: readonly TValidationError[], lang: Language): ErrorDetail[] {
  const locale = lang === 'ru' ? Locale.ru_RU : Locale.en_US;
  const details: ErrorDetail[] = [];
  const add = (path: string, message: string) => details.push({ path: fieldPath(context, path), message });
  const unionsDone = new Set<string>();
  for (const error of errors) {
    const union = unionOf(error);
    if (union !== undefined) {
      if (unionsDone.has(union)) continue;
      unionsDone.add(union);
      const members = errors.filter((e) => unionOf(e) === union);
      const branches = members.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
      const at = members.map((e) => e.instancePath).reduce((a, b) => (b.length < a.length ? b : a));
      const wanted = [...new Set(branches.map((e) => branchWanted(e, locale)))];
      add(at, `${lang === 'ru' ? 'должно быть одним из' : 'must be one of'}: ${wanted.join(', ')}`);
    } else if (error.keyword === 'format' && FORMAT_WANTED[error.params.format] !== undefined) {
      add(error.instancePath, FORMAT_WANTED[error.params.format]![lang]);
    } else if (error.keyword === 'required') {
      for (const property of error.params.requiredProperties) add(pointer(error.instancePath, property), FIELD_REQUIRED[lang]);
    } else if (error.keyword === 'additionalProperties') {
      for (const property of error.params.additionalProperties) add(pointer(error.instancePath, property), FIELD_UNKNOWN[lang]);
    } else if (error.keyword === 'boolean' && error.schemaPath.endsWith('/additionalProperties')) {
      // The same unknown field again, reported by the `false` sub-schema.
    } else {
      add(error.instancePath, locale(error));
    }
  }
  return details;
}
