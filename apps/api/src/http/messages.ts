import { issueParams, type Issue, type IssueCode, type IssueParams } from '@ritm/domain/issue';
import type { TValidationError } from 'typebox/error';
import { TELEGRAM_CHAT_PATTERN, TELEGRAM_USERNAME_PATTERN, VK_COMMUNITY_PATTERN } from '@ritm/domain/evidence-source';
import { NORM_KEY_PATTERN } from '@ritm/domain/norm';
import { FIGURE_NAME_PATTERN } from '@ritm/domain/organisation';
import { TEMPLATE_TIME_PATTERN } from '@ritm/domain/plan-template';
import { VOCABULARY_CODE_PATTERN } from '@ritm/domain/vocabulary-code';
import { WEB_URL_PATTERN } from '@ritm/domain/web-url';
import { NOT_BLANK_PATTERN } from '@ritm/domain/words';

// Every message the API answers with, in Russian and English, in one place. An `HttpError` is made
// from a catalogue key (and its parameters), never from free text, and answers in the caller's
// language (Accept-Language; Russian by default). A message given in one language only does not
// compile: the catalogue `satisfies Record<string, {ru: string; en: string}>`.

export type Language = 'ru' | 'en';

/** One entry: the same message in both languages; `{name}` marks a parameter. */
export interface CatalogueEntry {
  ru: string;
  en: string;
}

// What each domain validator's issue code says about a field (packages/domain/src/issue.ts), its
// parameters the issue's `params`: typed by the domain's list, so a new code without both languages
// does not compile.
const DOMAIN_ISSUES = {
  required: { ru: 'обязательное поле', en: 'required' },
  not_an_object: { ru: 'не объект', en: 'not an object' },
  not_an_array: { ru: 'не массив', en: 'not an array' },
  not_a_string: { ru: 'не строка', en: 'not a string' },
  empty: { ru: 'пусто', en: 'empty' },
  empty_means_any: { ru: 'пусто (не указывайте поле, если подходит любое значение)', en: 'empty (leave it out to mean any)' },
  not_a_positive_integer: { ru: 'не целое положительное число', en: 'not a positive integer' },
  not_a_non_negative_integer: { ru: 'не целое неотрицательное число', en: 'not a non-negative integer' },
  not_a_non_negative_number: { ru: 'не неотрицательное число', en: 'not a non-negative number' },
  not_a_boolean: { ru: 'не логическое значение', en: 'not a boolean' },
  not_a_date: { ru: 'не дата', en: 'not a date' },
  outside_product_range: { ru: 'вне 2000-01-01 … 2100-12-31', en: 'outside 2000-01-01 … 2100-12-31' },
  not_one_of: { ru: 'должно быть одним из {allowed}', en: 'must be one of {allowed}' },
  unknown_time_zone: { ru: "неизвестный часовой пояс '{zone}'", en: "unknown time zone '{zone}'" },
  duplicate_id: { ru: "повторяющийся идентификатор '{id}'", en: "duplicate id '{id}'" },
  before_from: { ru: 'раньше начала ({from})', en: 'before from ({from})' },
  range_too_long: { ru: 'период длиннее {max} дн. ({days} дн.)', en: 'range longer than {max} days ({days} days)' },
  before_effective_from: { ru: 'раньше начала действия ({from})', en: 'before effectiveFrom ({from})' },
  channel_types_or_all_of: { ru: 'укажите либо channelTypes, либо allOf', en: 'give either channelTypes or allOf' },
  at_least_or_per_members: { ru: 'укажите atLeast, perMembers или оба', en: 'give atLeast, perMembers or both' },
  outside_plan_period: { ru: 'вне периода плана ({start} – {end})', en: "outside the plan's period ({start} – {end})" },
  // The API checks channels against the organisation's own: an unknown one is not the organisation's.
  unknown_channel: { ru: 'не канал этой организации', en: 'not a channel of this organisation' },
  unknown_norm: { ru: "неизвестный норматив '{norm}'", en: "unknown norm '{norm}'" },
  not_per_channel: { ru: 'норматив {norm} не проверяется по каждому каналу', en: '{norm} is not judged per channel' },
  kind_cannot_go_on_channel: { ru: '{kind} нельзя разместить на канале {channelType} (только {allowed})', en: 'a {kind} cannot go on {channelType} (only {allowed})' },
  kind_not_held: { ru: '{kind} публикуется, а не проводится', en: 'a {kind} is published, not held' },
  kind_not_published: { ru: '{kind} проводится, а не публикуется', en: 'a {kind} is held, not published' },
  // issue 11 — evidence
  done_in_future: {
    ru: 'нельзя отметить опубликованным или проведённым то, что датировано позже сегодняшнего дня ({today})',
    en: 'cannot be published or held yet: it is dated after today ({today})',
  },
} as const satisfies Record<IssueCode, CatalogueEntry>;

/** The catalogue key of a domain issue code. */
type IssueKey<C extends IssueCode = IssueCode> = `issue.${C}`;

/** The domain's entries under `issue.<code>` keys. */
const issueEntries = Object.fromEntries(Object.entries(DOMAIN_ISSUES).map(([code, entry]) => [`issue.${code}`, entry])) as {
  readonly [C in IssueCode as IssueKey<C>]: (typeof DOMAIN_ISSUES)[C];
};

const CATALOGUE = {
  // ---- Answers ----------------------------------------------------------------------------
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
  channelNotCounted: { ru: 'Норматив не учитывает этот канал: освобождать на нём нечего', en: 'The norm does not count this channel: there is nothing on it to waive' },
  validation: { ru: 'Запрос заполнен неверно', en: 'The request is not valid' },
  malformedJson: { ru: 'Тело запроса — некорректный JSON', en: 'The request body is not valid JSON' },
  malformedJsonAt: { ru: 'Тело запроса — некорректный JSON (строка {line}, столбец {column})', en: 'The request body is not valid JSON (line {line}, column {column})' },
  forbiddenJsonKey: {
    ru: 'поле «{key}» не принимается: такое имя могло бы изменить объекты сервера; переименуйте его',
    en: 'the key "{key}" is refused: such a name could change the server\'s objects; rename it',
  },
  jsonNotUtf8: { ru: 'Тело запроса — не текст в UTF-8: отправьте JSON в кодировке UTF-8', en: 'The request body is not UTF-8 text: send JSON encoded as UTF-8' },
  compressedBody: {
    ru: 'Тело запроса сжато (Content-Encoding): отправьте его без сжатия',
    en: 'The request body is compressed (Content-Encoding): send it uncompressed',
  },
  emptyJson: { ru: 'Тело запроса пусто, а указан тип JSON', en: 'The body is empty but its type says JSON' },
  badRequest: { ru: 'Некорректный запрос', en: 'Bad request' },
  headersTooLarge: { ru: 'Слишком большие заголовки запроса', en: 'The request headers are too large' },
  requestTimeout: { ru: 'Запрос не пришёл целиком вовремя', en: 'The request did not arrive in time' },
  badUrl: { ru: 'Некорректный адрес запроса', en: 'The request URL is not valid' },
  tooLarge: { ru: 'Слишком большой запрос', en: 'The request body is too large' },
  unsupportedMediaType: { ru: 'Отправляйте JSON (Content-Type: application/json)', en: 'Send JSON (Content-Type: application/json)' },
  unsupportedMediaTypeFile: {
    ru: 'Отправьте сам файл телом запроса, с его собственным типом в Content-Type (image/jpeg для фотографии, text/csv для таблицы): типы форм и text/plain не принимаются',
    en: "Send the file itself as the request's body, with its own type as the Content-Type (image/jpeg for a photo, text/csv for a table): a form's types and text/plain are not taken",
  },
  internal: { ru: 'Внутренняя ошибка сервера', en: 'Internal server error' },
  busy: {
    ru: 'Запрос столкнулся с одновременными изменениями и ничего не изменил; повторите его',
    en: 'The request ran into concurrent changes and changed nothing; send it again',
  },
  unavailable: {
    ru: 'База данных временно недоступна; повторите запрос позже. Если вы только что что-то меняли, проверьте, сохранилось ли это',
    en: 'The database is unavailable for now; send the request again later. If you were changing something, check whether it was saved',
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
  versionsDisagree: {
    ru: 'Версия указана по-разному ({given}): укажите одну',
    en: 'The version is given differently ({given}): send one',
  },
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
  notFound: { ru: 'Не найдено: {what}', en: 'No such {what}' },
  planExists: { ru: 'План ({period}) с {periodStart} уже есть', en: 'There is already a {period} plan from {periodStart}' },
  planSameStatus: { ru: 'План уже в статусе «{status}»', en: 'The plan is {status} already' },
  planUnarchiveFirst: { ru: 'Сначала верните план из архива в черновики, затем утверждайте', en: 'Unarchive the plan (to draft) before approving it' },
  planCannotSubmit: { ru: 'План в статусе «{status}» нельзя отправить на утверждение', en: 'A plan whose status is "{status}" cannot be submitted for approval' },
  planCannotBecome: { ru: 'План в статусе «{from}» нельзя перевести в статус «{to}»', en: 'A plan whose status is "{from}" cannot be given the status "{to}"' },
  planNotDraft: { ru: 'Удалить можно только черновик; этот план отправьте в архив', en: 'Only a draft plan can be deleted; archive it instead' },
  normExists: { ru: 'У этой организации уже есть норматив «{key}»; измените его через PATCH', en: "This organisation has a norm '{key}' already; change it with PATCH" },
  normOverriddenMeanwhile: { ru: 'Кто-то уже переопределил этот норматив здесь; обновите и повторите', en: 'Someone else overrode this norm here in the meantime' },

  // ---- What a 404 names -------------------------------------------------------------------
  'noun.resource': { ru: 'объект', en: 'resource' },
  'noun.organisation': { ru: 'организация', en: 'organisation' },
  'noun.parent': { ru: 'вышестоящая организация', en: 'parent organisation' },
  'noun.user': { ru: 'пользователь', en: 'user' },
  'noun.membership': { ru: 'участие в организации', en: 'membership' },
  'noun.token': { ru: 'токен', en: 'token' },
  'noun.channel': { ru: 'канал', en: 'channel' },
  'noun.audience': { ru: 'аудитория', en: 'audience' },
  'noun.key message': { ru: 'ключевое сообщение', en: 'key message' },
  'noun.media plan': { ru: 'медиаплан', en: 'media plan' },
  'noun.item': { ru: 'публикация', en: 'item' },
  'noun.norm': { ru: 'норматив', en: 'norm' },
  'noun.exemption': { ru: 'освобождение от норматива', en: 'exemption' },
  'noun.route': { ru: 'адрес API', en: 'API route' },

  // ---- Words inside messages -------------------------------------------------------------
  'period.day': { ru: 'день', en: 'day' },
  'period.week': { ru: 'неделя', en: 'week' },
  'period.month': { ru: 'месяц', en: 'month' },
  'period.quarter': { ru: 'квартал', en: 'quarter' },
  'period.year': { ru: 'год', en: 'year' },
  'status.draft': { ru: 'черновик', en: 'draft' },
  'status.submitted': { ru: 'на утверждении', en: 'submitted' },
  'status.approved': { ru: 'утверждён', en: 'approved' },
  'status.archived': { ru: 'в архиве', en: 'archived' },

  // ---- Field details: what is wrong with one field ------------------------------------------
  fieldRequired: { ru: 'обязательное поле', en: 'is required' },
  fieldPeriodEndsAfter: { ru: 'период ({period}) заканчивается {end}, позже {last}', en: 'the {period} ends on {end}, after {last}' },
  fieldUnknown: { ru: 'неизвестное поле', en: 'is not an allowed field' },
  fieldNoBody: { ru: 'этот запрос не принимает полей: отправьте его без тела или с пустым объектом', en: 'this request takes no fields: send it without a body, or with an empty object' },
  fieldFileName: { ru: 'имя файла, а не папки', en: 'must name a file, not a folder' },
  fieldUrlCredentials: {
    ru: 'адрес без имени пользователя и пароля: их прочтёт каждый, кто видит источник',
    en: 'must not hold a user name or password: everyone who sees the source would read them',
  },
  fieldRepeated: { ru: 'указан несколько раз: укажите один', en: 'is given more than once: give it once' },
  fieldOneOf: { ru: 'должно быть одним из: {values}', en: 'must be one of: {values}' },
  fieldType: { ru: 'ожидается: {type}', en: 'must be {type}' },
  fieldConst: { ru: 'должно быть равно {value}', en: 'must be equal to constant' },
  fieldFormat: { ru: 'должно соответствовать формату "{format}"', en: 'must match format "{format}"' },
  // What each of the contracts' own formats asks for (`@ritm/contracts/common`, FORMATS), as a
  // noun phrase: said alone through `fieldFormatOwn`, listed as they are among a union's branches.
  fieldFormatOwn: { ru: '{what}', en: 'must be {what}' },
  'format.text': { ru: 'текст без символа NUL (U+0000) и непарных суррогатов', en: 'text without NUL (U+0000) or unpaired surrogates' },
  'format.uuid': {
    ru: 'идентификатор (UUID): 32 шестнадцатеричные цифры с дефисами, например 3f0c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    en: 'an identifier (a UUID): 32 hexadecimal digits with hyphens, such as 3f0c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  },
  'format.local-date': { ru: 'дата ГГГГ-ММ-ДД с 2000-01-01 по 2100-12-31', en: 'a date YYYY-MM-DD from 2000-01-01 to 2100-12-31' },
  'format.instant': {
    ru: 'момент времени со смещением не больше ±14:00, с 2000-01-01T14:00Z до 2100-12-31T10:00Z',
    en: 'an instant with an offset of at most ±14:00, from 2000-01-01T14:00Z until 2100-12-31T10:00Z',
  },
  'format.item-at': {
    ru: 'дата с 2000-01-01 по 2100-12-31 или момент со смещением не больше ±14:00, с 2000-01-01T14:00Z до 2100-12-31T10:00Z',
    en: 'a date from 2000-01-01 to 2100-12-31, or an instant with an offset of at most ±14:00 from 2000-01-01T14:00Z until 2100-12-31T10:00Z',
  },
  fieldNotEmpty: { ru: 'не должно быть пустым', en: 'must not be empty' },
  fieldMinLength: { ru: 'должно быть не короче {limit} симв.', en: 'must not have fewer than {limit} characters' },
  fieldMaxLength: { ru: 'должно быть не длиннее {limit} симв.', en: 'must not have more than {limit} characters' },
  fieldMinItems: { ru: 'должно содержать не меньше {limit} элем.', en: 'must not have fewer than {limit} items' },
  fieldMaxItems: { ru: 'должно содержать не больше {limit} элем.', en: 'must not have more than {limit} items' },
  fieldCompare: { ru: 'должно быть {comparison} {limit}', en: 'must be {comparison} {limit}' },
  fieldMultipleOf: { ru: 'должно быть кратно {multipleOf}', en: 'must be multiple of {multipleOf}' },
  fieldUniqueItems: { ru: 'не должно содержать повторов', en: 'must not have duplicate items' },
  fieldMinProperties: { ru: 'должно содержать не меньше {limit} полей', en: 'must not have fewer than {limit} properties' },
  fieldMaxProperties: { ru: 'должно содержать не больше {limit} полей', en: 'must not have more than {limit} properties' },
  fieldInvalid: { ru: 'недопустимое значение', en: 'is not valid' },
  fieldReturnReason: { ru: 'обязательно, когда план возвращают', en: 'required when returning a plan' },
  fieldPlanStart: { ru: 'период ({period}), в который входит этот день, начинается {start}', en: 'the {period} holding it starts on {start}' },
  fieldNotWithPreset: { ru: 'нельзя указывать вместе с набором нормативов', en: 'not allowed with preset' },
  fieldPresetOneOf: { ru: 'должно быть одним из {values}', en: 'must be one of {values}' },
  fieldRequiredShort: { ru: 'обязательное поле', en: 'required' },
  fieldNotNormHere: { ru: 'не норматив, действующий в этой организации', en: 'not a norm in force at this organisation' },
  fieldNotPerChannel: { ru: 'норматив {key} не проверяется по каждому каналу', en: '{key} is not judged per channel' },
  fieldNotChannelHere: { ru: 'не канал этой организации', en: 'not a channel of this organisation' },
  fieldChannelNotCounted: { ru: 'норматив {key} не учитывает каналы вида {type}', en: '{key} does not count channels of type {type}' },
  fieldNotOfNormType: { ru: 'не относится к нормативу вида {type}', en: 'does not belong to a {type} norm' },
  fieldChannelTypeUnknown: {
    ru: 'неизвестный вид канала {type}: его нет ни среди известных, ни у каналов организации и подчинённых ей',
    en: 'unknown channel type {type}: neither a known type nor the type of a channel of the organisation or one below it',
  },
  fieldVersionDisagrees: { ru: 'не совпадает с {other}', en: 'differs from {other}' },
  fieldNotPlanHere: { ru: 'не медиаплан этой организации', en: 'not a media plan of this organisation' },
  fieldNotAudienceHere: { ru: 'не аудитория этой организации или вышестоящей', en: 'not an audience of this organisation or one above it' },
  fieldNotKeyMessageHere: { ru: 'не ключевое сообщение этой организации или вышестоящей', en: 'not a key message of this organisation or one above it' },
  fieldNotInTree: { ru: 'не участник дерева этой организации', en: "not a member of this organisation's tree" },

  // issue 11 — evidence
  'noun.attachment': { ru: 'вложение', en: 'attachment' },
  attachmentEmpty: { ru: 'Файл пуст: отправьте его содержимое телом запроса', en: "The file is empty: send its content as the request's body" },
  attachmentType: {
    ru: 'Это не фото и не PDF: принимаются JPEG, PNG, WebP, GIF, HEIC и PDF (тип определяется по содержимому файла)',
    en: 'Not a photo or a PDF: JPEG, PNG, WebP, GIF, HEIC and PDF are accepted (the type is told by the content)',
  },
  attachmentTooLarge: { ru: 'Файл больше {limit} МБ', en: 'The file is larger than {limit} MB' },
  attachmentsQuota: {
    ru: 'Вложения организации заняли бы больше {limit} МБ (занято {used} МБ): удалите ненужные',
    en: "The organisation's attachments would take more than {limit} MB ({used} MB used): delete some first",
  },

  // ---- Field details from the domain's validators -------------------------------------------
  ...issueEntries,

  // issue 11 — approval (plans as signed documents)
  'status.changed': { ru: 'изменён после утверждения', en: 'changed since approval' },
  planCopyIntoArchived: {
    ru: 'План ({period}) с {periodStart} в архиве: верните его из архива, чтобы копировать в него',
    en: 'The {period} plan from {periodStart} is archived: unarchive it to copy into it',
  },
  // issue 11 — norm governance
  normAdjustRequired: {
    ru: 'Норматив установлен организацией «{org}»: ослабить его ({fields}) может только её директор или администратор — через «Отменить / ослабить», с причиной',
    en: "This norm is set by «{org}»: only its director or administrator may loosen it ({fields}), through “Waive / adjust”, with a reason",
  },
  normAdjustForbidden: {
    ru: 'Отменить или ослабить этот норматив может только директор или администратор организации «{org}» или вышестоящей',
    en: 'Only a director or administrator of «{org}» or of an organisation above it may waive or adjust this norm',
  },
  normNotInherited: { ru: 'Это собственный норматив организации, а не установленный выше; измените его обычным образом', en: "This is the organisation's own norm, not one set above; change it as usual" },
  normNotLoosened: {
    ru: 'Изменение не ослабляет норматив вышестоящей организации: его вносит редактор обычным изменением',
    en: 'The change does not loosen the norm from above: an editor makes it as a plain edit',
  },
  presetNotForKind: {
    ru: 'Набор «{preset}» написан для организаций видов: {kinds}; эта организация — {kind}',
    en: 'The preset «{preset}» is written for organisations of kinds: {kinds}; this organisation is {kind}',
  },
  fieldLoosensInherited: { ru: 'ослабляет норматив вышестоящей организации', en: 'loosens the norm set above' },
  fieldSwitchesOffInherited: { ru: 'отключает норматив вышестоящей организации', en: 'switches off the norm set above' },
  fieldReasonBlank: { ru: 'укажите причину', en: 'give a reason' },
  'orgKind.employment_authority': { ru: 'орган службы занятости', en: 'employment authority' },
  'orgKind.employment_center': { ru: 'центр занятости', en: 'employment centre' },
  'orgKind.union_central': { ru: 'центральный орган профсоюза', en: 'union central body' },
  'orgKind.union_territorial': { ru: 'территориальная организация профсоюза', en: 'union territorial organisation' },
  'orgKind.union_primary': { ru: 'первичная профсоюзная организация', en: 'union primary organisation' },
  'orgKind.other': { ru: 'другая организация', en: 'other organisation' },
  // issue 12 — calendar feeds
  'noun.calendar feed': { ru: 'календарная подписка', en: 'calendar feed' },
  feedChannelsElsewhere: { ru: 'Не все каналы принадлежат выбранным организациям', en: 'Some channels are not in the chosen organisations' },
  feedRateLimited: { ru: 'Календарь запрашивают слишком часто; попробуйте позже', en: 'This calendar is fetched too often; try again later' },
  'feed.defaultName': { ru: 'Календарь Ритма', en: 'Ritm calendar' },
  'feed.calendarName': { ru: 'Ритм: {name}', en: 'Ritm: {name}' },
  'feed.andMore': { ru: '{first} и ещё {count}', en: '{first} and {count} more' },
  'feed.description': {
    ru: 'Публикации и мероприятия медиапланов Ритма, с {from} по {to}',
    en: 'Publications and events of Ritm media plans, {from} to {to}',
  },
  'feed.organisation': { ru: 'Организация: {name}', en: 'Organisation: {name}' },
  'feed.channels': { ru: 'Каналы: {names}', en: 'Channels: {names}' },
  'feed.link': { ru: 'Ссылка: {url}', en: 'Link: {url}' },
  'feed.openInRitm': { ru: 'Открыть в Ритме: {url}', en: 'Open in Ritm: {url}' },
  'feed.status.planned': { ru: 'запланировано', en: 'planned' },
  'feed.status.in_progress': { ru: 'в работе', en: 'in progress' },
  'feed.status.published': { ru: 'опубликовано', en: 'published' },
  'feed.status.held': { ru: 'проведено', en: 'held' },
  'feed.status.cancelled': { ru: 'отменено', en: 'cancelled' },
  'feed.kind.post': { ru: 'Пост', en: 'Post' },
  'feed.kind.press_release': { ru: 'Пресс-релиз', en: 'Press release' },
  'feed.kind.comment': { ru: 'Комментарий', en: 'Comment' },
  'feed.kind.publication': { ru: 'Публикация', en: 'Publication' },
  'feed.kind.print_material': { ru: 'Печатный материал', en: 'Print material' },
  'feed.kind.video': { ru: 'Видео', en: 'Video' },
  'feed.kind.audio': { ru: 'Аудио', en: 'Audio' },
  'feed.kind.vacancy_material': { ru: 'Материал о вакансиях', en: 'Vacancy material' },
  'feed.kind.stand_update': { ru: 'Обновление стенда', en: 'Notice board update' },
  'feed.kind.newsletter': { ru: 'Рассылка', en: 'Newsletter' },
  'feed.kind.public_event': { ru: 'Публичное мероприятие', en: 'Public event' },
  'feed.kind.group_event': { ru: 'Групповое мероприятие', en: 'Group event' },
  'feed.kind.meeting': { ru: 'Совещание', en: 'Meeting' },
  'feed.kind.commission_meeting': { ru: 'Заседание комиссии', en: 'Commission meeting' },
  'feed.kind.review': { ru: 'Рассмотрение вопроса', en: 'Review' },
  'feed.kind.report': { ru: 'Отчёт', en: 'Report' },
  // issue 12 — import (XLSX and CSV)
  importNotSpreadsheet: {
    ru: 'Это не таблица: загрузите файл XLSX или CSV (текст с разделителями «;», «,» или табуляцией)',
    en: 'This is not a spreadsheet: upload an XLSX or a CSV file (text separated by ";", "," or tabs)',
  },
  importEncryptedOrXls: {
    ru: 'Файл защищён паролем или сохранён в старом формате .xls; снимите пароль и сохраните его как .xlsx',
    en: 'The file is password-protected or an old .xls; remove the password and save it as .xlsx',
  },
  fieldNotJson: { ru: 'некорректный JSON', en: 'is not valid JSON' },
  mappingKeyBlank: { ru: 'заголовок без единого слова: с ним не совпадёт ни один столбец', en: 'has no words, only signs: no column would match it' },
  mappingFormatBlank: { ru: 'слово формата без единой буквы или цифры: с ним не совпадёт ни один формат', en: 'has no letters or digits, only signs: no format would match it' },
  mappingKeyClash: { ru: 'то же, что «{other}», но сопоставлено иначе: укажите одно', en: 'is the same as «{other}» but mapped differently: give one' },
  importTooLarge: { ru: 'Файл больше {max} МБ', en: 'The file is larger than {max} MB' },
  importUnpacksTooLarge: { ru: 'Файл распаковывается больше чем в {max} МБ; это не похоже на медиаплан', en: 'The file unpacks to more than {max} MB; that is no media plan' },
  importTooManyRows: { ru: 'В файле больше {max} строк; разделите его на части', en: 'The file has more than {max} rows; split it' },
  importTooManyColumns: {
    ru: 'На листе «{sheet}» заполнены столбцы до {column}, а лист может иметь не больше {max} столбцов; удалите лишние столбцы или случайные значения справа',
    en: 'Sheet "{sheet}" has values as far as column {column}; a sheet may have at most {max} columns: delete the extra columns or the stray values on the right',
  },
  importNulByte: {
    ru: 'В строке {line} файла есть нулевой байт (NUL), которого не бывает в тексте CSV: файл повреждён или склеен с другим; удалите этот байт или сохраните таблицу заново',
    en: 'Line {line} of the file holds a NUL (zero) byte, which CSV text never has: the file is damaged or joined with another; remove the byte or save the sheet again',
  },
  importInvalid: { ru: 'В файле есть ошибки; ничего не импортировано', en: 'The file has problems; nothing was imported' },
  importMappingInvalid: { ru: 'Сопоставление столбцов задано неверно', en: 'The column mapping is not valid' },
  'import.no_headings': {
    ru: 'Не найдена строка заголовков (например «Дата», «Тема», «Формат») в первых 10 строках ни одного листа',
    en: 'No heading row ("Date", "Title", "Format", …) in the first 10 rows of any sheet',
  },
  'import.title_missing': { ru: 'нет темы или мероприятия', en: 'no title or event' },
  'import.date_missing': { ru: 'нет даты', en: 'no date' },
  'import.not_a_date': { ru: '«{value}» — не дата (например 25.11.2026 или 25 ноября)', en: '"{value}" is not a date (e.g. 25.11.2026 or 2026-11-25)' },
  'import.not_a_time': { ru: '«{value}» — не время (например 10:30)', en: '"{value}" is not a time (e.g. 10:30)' },
  'import.kind_missing': { ru: 'не указан формат', en: 'no format' },
  'import.unknown_format': { ru: 'неизвестный формат «{value}»: сопоставьте его с видом публикации', en: 'unknown format "{value}": map it to an item kind' },
  'import.unknown_status': { ru: 'неизвестный статус «{value}»', en: 'unknown status "{value}"' },
  'import.unknown_channel': { ru: 'канала «{value}» нет в справочнике организации', en: 'no channel "{value}" in the organisation\'s catalogue' },
  'import.unknown_audience': { ru: 'аудитории «{value}» нет в справочнике', en: 'no audience "{value}" in the catalogue' },
  'import.unknown_key_message': { ru: 'ключевого сообщения «{value}» нет в справочнике', en: 'no key message "{value}" in the catalogue' },
  'import.unknown_person': { ru: '«{value}» — не участник организации', en: '"{value}" is not a member of the organisation' },
  'import.ambiguous_name': { ru: '«{value}» подходит к нескольким записям справочника', en: '"{value}" matches several catalogue entries' },
  'import.not_a_count': { ru: '«{value}» — не целое неотрицательное число', en: '"{value}" is not a non-negative whole number' },
  'import.not_a_url': { ru: '«{value}» — не ссылка http(s)', en: '"{value}" is not an http(s) link' },
  'import.too_long': { ru: 'длиннее {max} символов', en: 'longer than {max} characters' },
  'import.duplicate_row': { ru: 'повторяет строку {row} листа «{sheet}» (тот же день, тема и вид)', en: 'repeats row {row} of sheet "{sheet}" (same day, title and kind)' },
  'import.outside_product_range': {
    ru: '«{value}» — дата вне диапазона, с которым работает Ритм: {from} … {to}',
    en: '"{value}" is a date outside the range the product works in, {from} … {to}',
  },
  'import.formula_error': { ru: 'в ячейке ошибка формулы {value}: исправьте её в файле', en: 'the cell shows the formula error {value}: fix it in the file' },
  'import.encoding': {
    ru: 'в ячейке байты не в кодировке UTF-8 (на их месте «�»: «{value}»): сохраните файл заново в UTF-8',
    en: 'the cell holds bytes that are not valid UTF-8 (shown as "�": "{value}"): save the file again as UTF-8',
  },
  'import.item_invalid': { ru: '{field}: {problem}', en: '{field}: {problem}' },
  'import.kind_cannot_go_on_channel': { ru: '{kind} нельзя разместить на канале {channelType} (только {allowed})', en: 'a {kind} cannot go on {channelType} (only {allowed})' },
  // issue 12 — export
  'export.items': { ru: 'Медиаплан', en: 'Media plan' },
  'export.approved': { ru: 'УТВЕРЖДАЮ', en: 'APPROVED' },
  'export.draft': { ru: 'ПРОЕКТ', en: 'DRAFT' },
  'export.draftNote': { ru: 'План не утверждён: печатается текущее содержание', en: 'The plan is not approved: its current content is printed' },
  'export.approvedOn': { ru: 'Дата утверждения: {date}', en: 'Approved on {date}' },
  'export.signature': { ru: '(подпись / расшифровка)', en: '(signature / name)' },
  'export.prepared': { ru: 'Подготовил: ______________________ / ______________________', en: 'Prepared by: ______________________ / ______________________' },
  'export.page': { ru: 'Страница {page} из {pages}', en: 'Page {page} of {pages}' },
  'export.period': { ru: '{org} · {from} – {to}', en: '{org} · {from} – {to}' },
  // issue 12 — reports
  reportPdfTooLarge: {
    ru: 'PDF строится не больше чем для {max} организаций, а в отчёте их {count}: выберите XLSX или организацию ниже',
    en: 'A PDF is built for at most {max} organisations and this report has {count}: choose XLSX or an organisation further down',
  },
  'report.compliance.title': { ru: 'Отчёт о соблюдении нормативов информирования', en: 'Compliance with the publishing norms' },
  'report.annual.title': { ru: 'Ежегодный обзор информационной работы за {year} год', en: 'Annual review of information work, {year}' },
  'report.annual.source': {
    ru: 'Показатели раздела X Концепции информационной политики профсоюза, которые ведёт Ритм; «нет данных» — Ритм этого не хранит',
    en: 'The indicators of section X of the union’s information policy concept that Ritm keeps; “no data”: Ritm does not keep it',
  },
  'report.organisation': { ru: 'Организация: {name} (и подчинённые)', en: 'Organisation: {name} (and those below it)' },
  'report.period': { ru: 'Период: {from} — {to}', en: 'Period: {from} to {to}' },
  'report.asOf': { ru: 'По состоянию на {date}', en: 'As of {date}' },
  'report.page': { ru: 'Страница {page} из {pages}', en: 'Page {page} of {pages}' },
  'report.noData': { ru: 'нет данных', en: 'no data' },
  'report.yes': { ru: 'да', en: 'yes' },
  'report.no': { ru: 'нет', en: 'no' },
  'report.sheet.norms': { ru: 'Нормативы', en: 'Norms' },
  'report.sheet.totals': { ru: 'Итоги', en: 'Totals' },
  'report.sheet.items': { ru: 'Материалы', en: 'Items' },
  'report.sheet.adjustments': { ru: 'Отмены и послабления', en: 'Waivers and adjustments' },
  'report.sheet.review': { ru: 'Обзор', en: 'Review' },
  'report.col.organisation': { ru: 'Организация', en: 'Organisation' },
  'report.col.norm': { ru: 'Норматив', en: 'Norm' },
  'report.col.channel': { ru: 'Канал', en: 'Channel' },
  'report.col.periodStart': { ru: 'Начало периода', en: 'Period start' },
  'report.col.periodEnd': { ru: 'Конец периода', en: 'Period end' },
  'report.col.status': { ru: 'Статус', en: 'Status' },
  'report.col.actual': { ru: 'Факт', en: 'Actual' },
  'report.col.confirmed': { ru: 'Подтверждено', en: 'Confirmed' },
  'report.col.required': { ru: 'Требуется', en: 'Required' },
  'report.col.planned': { ru: 'Запланировано', en: 'Planned' },
  'report.col.overdue': { ru: 'Просрочено', en: 'Overdue' },
  'report.col.exemption': { ru: 'Освобождение (причина)', en: 'Exemption (reason)' },
  'report.col.adjustment': { ru: 'Отмена / послабление', en: 'Waiver / adjustment' },
  'report.col.madeAt': { ru: 'Где принято', en: 'Made at' },
  'report.col.by': { ru: 'Кто', en: 'By' },
  'report.col.when': { ru: 'Когда', en: 'When' },
  'report.col.reason': { ru: 'Причина', en: 'Reason' },
  'report.col.waived': { ru: 'Отменён полностью', en: 'Waived' },
  'report.col.date': { ru: 'Дата', en: 'Date' },
  'report.col.title': { ru: 'Тема', en: 'Title' },
  'report.col.kind': { ru: 'Вид', en: 'Kind' },
  'report.col.itemStatus': { ru: 'Состояние', en: 'State' },
  'report.col.link': { ru: 'Ссылка', en: 'Link' },
  'report.col.attachments': { ru: 'Файлов', en: 'Files' },
  'report.col.isOverdue': { ru: 'Просрочен', en: 'Overdue' },
  'report.col.indicator': { ru: 'Показатель', en: 'Indicator' },
  'report.col.value': { ru: 'Значение', en: 'Value' },
  'report.col.step': { ru: 'Период графика', en: 'Chart step' },
  'report.col.judged': { ru: 'Оценено', en: 'Judged' },
  'report.col.met': { ru: 'Выполнено', en: 'Met' },
  'report.col.share': { ru: 'Доля выполненных', en: 'Share met' },
  'report.status.met': { ru: 'выполнено', en: 'met' },
  'report.status.missed': { ru: 'не выполнено', en: 'missed' },
  'report.status.on_track': { ru: 'в графике', en: 'on track' },
  'report.status.at_risk': { ru: 'под угрозой', en: 'at risk' },
  'report.status.planned': { ru: 'запланировано', en: 'planned' },
  'report.status.gap': { ru: 'пробел', en: 'gap' },
  'report.status.exempt': { ru: 'освобождено', en: 'exempt' },
  'report.status.not_applicable': { ru: 'не применяется', en: 'not applicable' },
  'report.adjustment': { ru: '{what} в «{org}» ({by}, {when}): {reason}', en: '{what} at «{org}» ({by}, {when}): {reason}' },
  'report.adjustment.waived': { ru: 'отменён', en: 'waived' },
  'report.adjustment.adjusted': { ru: 'ослаблен', en: 'adjusted' },
  'report.adjustment.nobody': { ru: 'учётная запись удалена', en: 'account deleted' },
  'report.totals.organisations': { ru: 'Организаций', en: 'Organisations' },
  'report.totals.judged': { ru: 'Оценено строк', en: 'Rows judged' },
  'report.totals.met': { ru: 'Выполнено', en: 'Met' },
  'report.totals.metShare': { ru: 'Доля выполненных нормативов', en: 'Share of norms met' },
  'report.totals.overdue': { ru: 'Просроченных материалов', en: 'Overdue items' },
  'report.totals.exempted': { ru: 'Строк с освобождением', en: 'Rows with an exemption' },
  'report.totals.adjusted': { ru: 'Организаций с отменёнными или ослабленными нормативами', en: 'Organisations with waived or adjusted norms' },
  'report.totals.status': { ru: 'Строк «{status}»', en: 'Rows “{status}”' },
  'report.chart.week': { ru: 'Доля выполненных нормативов по неделям', en: 'Share of norms met by week' },
  'report.chart.month': { ru: 'Доля выполненных нормативов по месяцам', en: 'Share of norms met by month' },
  'report.chart.note': {
    ru: 'Строка норматива относится к неделе или месяцу, в котором кончается её период; освобождённые и неприменимые не учитываются',
    en: 'A norm row counts in the week or month its period ends in; exempt and not-applicable rows are left out',
  },
  'report.overdueItems': { ru: 'Просроченные материалы', en: 'Overdue items' },
  'report.evidence': { ru: 'Подтверждения (ссылки)', en: 'Evidence (links)' },
  'report.nothing': { ru: 'Нет строк за период', en: 'No rows in the period' },
  'report.more': { ru: '… и ещё {count} (полный список — в XLSX)', en: '… and {count} more (the full list is in the XLSX)' },
  'report.col.kindOfOrg': { ru: 'Вид организации', en: 'Kind' },
  'report.col.members': { ru: 'Членов профсоюза', en: 'Members' },
  'report.col.infoWorkers': { ru: 'Информационная структура или работник (чел.)', en: 'Information structure or worker (people)' },
  'report.col.budget': { ru: 'Доля бюджета на информационную работу, %', en: 'Budget share for information work, %' },
  'report.col.budget5': { ru: 'Не менее 5%', en: 'At least 5%' },
  'report.col.publications': { ru: 'Публикаций и мероприятий', en: 'Publications and events' },
  'report.col.views': { ru: 'Просмотры', en: 'Views' },
  'report.col.likes': { ru: 'Отметки «нравится»', en: 'Likes' },
  'report.col.reposts': { ru: 'Репосты', en: 'Reposts' },
  'report.col.comments': { ru: 'Комментарии', en: 'Comments' },
  'report.col.engagement': { ru: 'Реакции всего', en: 'Reactions in all' },
  'report.col.channels': { ru: 'Каналов', en: 'Channels' },
  'report.col.channelTypes': { ru: 'Каналы по видам', en: 'Channels by type' },
  'report.col.audience': { ru: 'Аудитория каналов', en: 'Channel audience' },
  'report.col.solidarnost': { ru: 'Экземпляров «Солидарности»', en: '«Solidarnost» copies' },
  'report.col.solidarnostRequired': { ru: 'Требуется «Солидарности» (1 на 100 членов)', en: '«Solidarnost» copies asked (1 per 100 members)' },
  'report.col.normsKept': { ru: 'Нормативы выполнены, доля', en: 'Norms kept, share' },
  // issue 16 — people and roles
  accountDisabled: {
    ru: 'Учётная запись отключена администратором; чтобы снова войти, обратитесь к администратору своей организации',
    en: "This account has been deactivated by an administrator; ask your organisation's administrator to reactivate it",
  },
  passwordChangeRequired: {
    ru: 'Вы вошли с временным паролем: сначала задайте свой пароль',
    en: 'You signed in with a temporary password: choose your own password first',
  },
  lastAdmin: {
    ru: 'Нельзя: у организации «{org}» не останется ни одного администратора. Сначала назначьте администратором кого-то ещё',
    en: 'Not possible: «{org}» would be left without an administrator. Make someone else an administrator first',
  },
  givenTogether: { ru: 'указывается вместе с полем {other}', en: 'goes together with {other}' },
  userCreateNeedsOrg: {
    ru: 'Пользователя без роли в организации может создать только системный администратор; укажите orgId и role',
    en: 'Only a system administrator creates a user without a role; give orgId and role',
  },
  systemAdminOnly: { ru: 'Это может сделать только системный администратор', en: 'Only a system administrator can do this' },
  newPasswordSameAsTemporary: {
    ru: 'Задайте новый пароль: временный знает выдавший его администратор',
    en: 'Choose a new password: the administrator who gave you the temporary one knows it',
  },
  fieldNewPasswordSameAsTemporary: { ru: 'не должен совпадать с временным паролем', en: 'must differ from the temporary password' },
  userNotManaged: {
    ru: 'У пользователя есть роли в организациях, которыми вы не управляете: это может сделать их администратор',
    en: 'The user has roles in organisations you do not manage: their administrator can do this',
  },
  // issue 16 — organisation tree
  orgArchived: {
    ru: 'Организация в архиве: её материалы, планы, справочники и нормативы только для чтения. Верните её из архива, чтобы изменить',
    en: 'The organisation is archived: its items, plans, catalogues and norms are read-only. Unarchive it to change them',
  },
  orgAlreadyArchived: { ru: 'Организация уже в архиве', en: 'The organisation is archived already' },
  orgNotArchived: {
    ru: 'Организация не в архиве сама по себе; если в архиве вышестоящая, верните из архива её',
    en: 'The organisation is not archived itself; if one above it is, unarchive that one',
  },
  orgMoveIntoArchive: { ru: 'Нельзя перенести организацию в архивную', en: 'An organisation cannot be moved into an archived one' },
  orgCreateInArchive: { ru: 'Нельзя создать организацию внутри архивной', en: 'An organisation cannot be created inside an archived one' },
  orgProfileArchived: {
    ru: 'Организация в архиве: верните её из архива, чтобы изменить название, профиль или место в структуре',
    en: 'The organisation is archived: unarchive it to change its name, profile or place in the tree',
  },
  // issue 16 — production calendar
  'noun.production day': { ru: 'день производственного календаря', en: 'production calendar day' },
  productionYearClosed: {
    ru: 'Производственный календарь {year} года закрыт: по нему уже подведены итоги; менять можно текущий и будущие годы',
    en: 'The {year} production calendar is closed: compliance has been judged by it; only the current and future years may change',
  },
  productionDayTaken: { ru: 'На {day} в этом календаре уже есть запись: измените её', en: 'This calendar already has an entry on {day}: change that one' },
  fieldNotAWeekend: { ru: 'рабочим выходным может быть только суббота или воскресенье', en: 'a worked weekend must be a Saturday or Sunday' },
  // issue 16 — catalogues, audit, quality
  audienceInUse: {
    ru: 'Нельзя удалить: аудитория указана в публикациях ({count} шт.). Сначала уберите её из них',
    en: 'Cannot delete: {count} item(s) are for this audience. Remove it from them first',
  },
  keyMessageInUse: {
    ru: 'Нельзя удалить: сообщение использовано в публикациях ({count} шт.). Сначала уберите его из них',
    en: 'Cannot delete: {count} item(s) carry this key message. Remove it from them first',
  },
  channelInUse: {
    ru: 'На этом канале {count} публ.; отключите его (active: false), чтобы сохранить их историю',
    en: '{count} item(s) are on this channel; deactivate it (active: false) to keep their history',
  },
  // What a pattern asks for, in words: a reader never sees the regular expression itself.
  'pattern.code': { ru: 'латинские строчные буквы, цифры и _, начиная с буквы', en: 'lower-case Latin letters, digits and _, starting with a letter' },
  'pattern.normKey': { ru: 'латинские буквы и цифры, а также . _ -, до 64 знаков', en: 'Latin letters and digits, and . _ -, up to 64 characters' },
  'pattern.figure': { ru: 'латинские строчные буквы, цифры и _, начиная с буквы', en: 'lower-case Latin letters, digits and _, starting with a letter' },
  'pattern.webUrl': { ru: 'адрес, начинающийся с http:// или https://', en: 'an address starting with http:// or https://' },
  'pattern.email': { ru: 'адрес электронной почты вида name@example.ru', en: 'an e-mail address such as name@example.org' },
  'pattern.notBlank': { ru: 'текст, а не одни пробелы', en: 'some text, not spaces alone' },
  'pattern.digits': { ru: 'от 1 до 18 цифр', en: 'from 1 to 18 digits' },
  'pattern.localDate': { ru: 'дата ГГГГ-ММ-ДД', en: 'a date YYYY-MM-DD' },
  'pattern.itemAt': { ru: 'дата ГГГГ-ММ-ДД или дата и время со смещением', en: 'a date YYYY-MM-DD, or a date and time with an offset' },
  'pattern.sha256': { ru: 'контрольная сумма SHA-256 (64 шестнадцатеричных знака)', en: 'a SHA-256 checksum (64 hexadecimal digits)' },
  fieldPatternUnknown: { ru: 'неверный вид значения', en: 'has the wrong form' },
  fieldPatternWords: { ru: 'ожидается: {expected}', en: 'expected: {expected}' },
  // A list of words in either language, built up one pair at a time (`a, b, c` is `a, (b, c)`).
  listPair: { ru: '{first}, {rest}', en: '{first}, {rest}' },
  'type.string': { ru: 'текст', en: 'text' },
  'type.number': { ru: 'число', en: 'a number' },
  'type.integer': { ru: 'целое число', en: 'a whole number' },
  'type.boolean': { ru: 'да или нет', en: 'true or false' },
  'type.null': { ru: 'пустое значение', en: 'empty' },
  'type.object': { ru: 'набор полей', en: 'a set of fields' },
  'type.array': { ru: 'список', en: 'a list' },
  // issue 13 — evidence
  'noun.evidence source': { ru: 'источник публикаций', en: 'evidence source' },
  'noun.evidence post': { ru: 'публикация из источника', en: 'post read from a source' },
  // A source error has a plain message, and more exact ones that say what the reader found: the
  // most exact one its parameters fill is used (services/evidence.ts `sourceErrorMessage`).
  'evidenceSource.unreachable': { ru: 'Адрес не отвечает: проверьте его и доступность сайта', en: 'The address does not answer: check it and whether the site is up' },
  'evidenceSource.unreachable.host': { ru: 'Сервер {host} не отвечает: проверьте адрес и доступность сайта', en: 'The server {host} does not answer: check the address and whether the site is up' },
  'evidenceSource.unreachable.cause': {
    ru: 'Сервер {host} не отвечает ({cause}): проверьте адрес и доступность сайта',
    en: 'The server {host} does not answer ({cause}): check the address and whether the site is up',
  },
  'evidenceSource.unreachable.ENOTFOUND': { ru: 'Сервер {host} не найден: проверьте имя сайта в адресе', en: 'There is no server {host}: check the site name in the address' },
  'evidenceSource.unreachable.ECONNREFUSED': { ru: 'Сервер {host} отказывает в соединении', en: 'The server {host} refuses the connection' },
  'evidenceSource.unreachable.scheme': { ru: 'Адрес должен начинаться с http:// или https://', en: 'The address must begin with http:// or https://' },
  'evidenceSource.unreachable.invalid_url': { ru: 'Это не веб-адрес: укажите адрес вида https://…', en: 'This is not a web address: give one like https://…' },
  'evidenceSource.timeout': { ru: 'Источник не ответил вовремя; Ритм попробует снова позже', en: 'The source did not answer in time; Ritm will try again later' },
  'evidenceSource.timeout.seconds': { ru: 'Источник не ответил за {seconds} с; Ритм попробует снова позже', en: 'The source did not answer within {seconds} s; Ritm will try again later' },
  'evidenceSource.too_large': { ru: 'Ответ источника или файл слишком велик: Ритм не дочитал его и ничего не записал', en: 'The answer or file is too large: Ritm stopped reading it and wrote nothing' },
  'evidenceSource.too_large.megabytes': {
    ru: 'Ответ источника или файл больше {megabytes} МБ: Ритм не дочитал его и ничего не записал',
    en: 'The answer or file is larger than {megabytes} MB: Ritm stopped reading it and wrote nothing',
  },
  'evidenceSource.too_large.maxRows': { ru: 'В файле больше {maxRows} строк: разделите его на части', en: 'The file has more than {maxRows} rows: split it into parts' },
  'evidenceSource.too_many_redirects': {
    ru: 'Адрес перенаправляет слишком много раз: укажите конечный адрес ленты',
    en: 'The address redirects too often: give the final address of the feed',
  },
  'evidenceSource.too_many_redirects.max': {
    ru: 'Адрес перенаправляет больше {max} раз: укажите конечный адрес ленты',
    en: 'The address redirects more than {max} times: give the final address of the feed',
  },
  'evidenceSource.too_many_redirects.scheme': {
    ru: 'Адрес перенаправляет на адрес {scheme}:, а Ритм читает только http и https',
    en: 'The address redirects to a {scheme}: address; Ritm reads only http and https',
  },
  'evidenceSource.private_address': {
    ru: 'Адрес ведёт во внутреннюю сеть; Ритм не обращается к таким адресам',
    en: 'The address points into a private network; Ritm does not fetch such addresses',
  },
  'evidenceSource.private_address.host': {
    ru: 'Адрес ведёт во внутреннюю сеть ({host}); Ритм не обращается к таким адресам',
    en: 'The address points into a private network ({host}); Ritm does not fetch such addresses',
  },
  'evidenceSource.http_status': { ru: 'Сервер ответил ошибкой HTTP', en: 'The server answered with an HTTP error' },
  'evidenceSource.http_status.status': { ru: 'Сервер ответил ошибкой HTTP {status}', en: 'The server answered with HTTP error {status}' },
  'evidenceSource.http_status.404': { ru: 'По этому адресу ничего нет (HTTP 404): проверьте адрес ленты', en: 'There is nothing at this address (HTTP 404): check the address of the feed' },
  'evidenceSource.http_status.410': { ru: 'Лента по этому адресу удалена (HTTP 410)', en: 'The feed at this address is gone (HTTP 410)' },
  'evidenceSource.http_status.401': { ru: 'Сервер требует входа (HTTP 401): лента должна быть открытой', en: 'The server asks to sign in (HTTP 401): the feed must be public' },
  'evidenceSource.http_status.403': { ru: 'Сервер не даёт читать ленту (HTTP 403)', en: 'The server does not let Ritm read the feed (HTTP 403)' },
  'evidenceSource.malformed': {
    ru: 'Содержимое не читается: оно повреждено, оборвано или это не то, чего ждёт источник',
    en: 'The content cannot be read: it is damaged, cut short, or not what the source expects',
  },
  'evidenceSource.malformed.syntax': {
    ru: 'Содержимое повреждено: ошибка в строке {line}, столбце {column}',
    en: 'The content is damaged: an error at line {line}, column {column}',
  },
  'evidenceSource.malformed.line': { ru: 'Содержимое повреждено: ошибка в строке {line}', en: 'The content is damaged: an error at line {line}' },
  'evidenceSource.malformed.truncated': {
    ru: 'Содержимое оборвано (строка {line}, столбец {column}): оно пришло или сохранено не полностью',
    en: 'The content is cut short (line {line}, column {column}): it arrived or was saved incomplete',
  },
  'evidenceSource.malformed.not_a_feed': { ru: 'Это не лента RSS, Atom или JSON Feed', en: 'This is not an RSS, Atom or JSON Feed' },
  'evidenceSource.malformed.html': {
    ru: 'По адресу веб-страница, а не лента: укажите адрес ленты RSS (у сайтов на WordPress он оканчивается на /feed/)',
    en: 'The address gives a web page, not a feed: give the address of its RSS feed (on WordPress sites it ends in /feed/)',
  },
  'evidenceSource.malformed.json': { ru: 'Это JSON, но не лента JSON Feed', en: 'This is JSON, but not a JSON Feed' },
  'evidenceSource.malformed.xml': { ru: 'Это XML, но не лента RSS или Atom', en: 'This is XML, but not an RSS or Atom feed' },
  'evidenceSource.malformed.empty': { ru: 'Ответ пуст: ленты по адресу нет', en: 'The answer is empty: there is no feed at the address' },
  'evidenceSource.malformed.compression': { ru: 'Сжатый ответ сервера повреждён', en: "The server's compressed answer is damaged" },
  'evidenceSource.malformed.unexpected_answer': {
    ru: 'Сервис ответил не так, как описано в его API: попробуйте позже или проверьте адрес сервиса',
    en: 'The service answered other than its API says: try later or check the service address',
  },
  'evidenceSource.encoding': {
    ru: 'Текст не соответствует объявленной кодировке: сохраните файл в UTF-8 или укажите верную кодировку',
    en: 'The text does not match the encoding it declares: save it as UTF-8 or declare the right encoding',
  },
  'evidenceSource.encoding.charset': {
    ru: 'Текст не соответствует кодировке {charset}: сохраните файл в UTF-8 или укажите верную кодировку',
    en: 'The text does not match the encoding {charset}: save it as UTF-8 or declare the right encoding',
  },
  'evidenceSource.encoding.heading': {
    ru: 'Строка {row}, столбец {column}: в заголовке байты не в кодировке UTF-8 (на их месте «�»: «{value}»), и неясно, что в этом столбце: сохраните файл заново в UTF-8; ничего не загружено',
    en: 'Row {row}, column {column}: the heading holds bytes that are not valid UTF-8 (shown as "�": "{value}"), so what the column holds is unknown: save the file again as UTF-8; nothing was loaded',
  },
  'evidenceSource.wrong_kind': {
    ru: 'Это файл другого вида: источник ждёт выгрузку канала Telegram (result.json) или таблицу статистики CSV',
    en: 'This is another kind of file: the source reads a Telegram channel export (result.json) or a statistics CSV',
  },
  'evidenceSource.wrong_kind.found': {
    ru: 'Это выгрузка чата вида «{found}», а источник ждёт выгрузку канала Telegram',
    en: 'This is an export of a chat of type "{found}"; the source reads a Telegram channel export',
  },
  'evidenceSource.wrong_kind.personal_chat': {
    ru: 'Это выгрузка личной переписки, а источник ждёт выгрузку канала Telegram',
    en: 'This is an export of a personal chat; the source reads a Telegram channel export',
  },
  'evidenceSource.wrong_kind.full_export': {
    ru: 'Это выгрузка всех чатов сразу: выгрузите из Telegram Desktop один канал («Экспорт истории канала», формат JSON)',
    en: 'This is an export of every chat at once: export the one channel from Telegram Desktop ("Export chat history", JSON)',
  },
  'evidenceSource.wrong_kind.not_telegram_export': {
    ru: 'Это не выгрузка канала Telegram: нужен файл result.json из Telegram Desktop (формат JSON)',
    en: 'This is not a Telegram channel export: the source needs result.json from Telegram Desktop (JSON format)',
  },
  'evidenceSource.wrong_kind.no_dates': {
    ru: 'В выгрузке нет времени публикации постов (date_unixtime): выгрузите канал заново из актуальной версии Telegram Desktop',
    en: 'The export gives no publication times (date_unixtime): export the channel again from a current Telegram Desktop',
  },
  'evidenceSource.wrong_kind.not_csv': { ru: 'Это не таблица CSV: сохраните статистику как CSV', en: 'This is not a CSV table: save the statistics as CSV' },
  'evidenceSource.wrong_kind.no_header': {
    ru: 'В файле нет строки заголовков статистики (дата или ссылка, просмотры, лайки, репосты, комментарии)',
    en: 'The file has no heading row of statistics (date or link, views, likes, reposts, comments)',
  },
  'evidenceSource.token_invalid': { ru: 'Токен неверен, просрочен или отозван: укажите новый', en: 'The token is wrong, expired or revoked: give a new one' },
  'evidenceSource.access_denied': {
    ru: 'У токена нет доступа: для ВКонтакте нужен сервисный ключ сообщества, для Telegram — бот-администратор канала',
    en: 'The token has no access: VK needs the community’s service key, Telegram a bot that administers the channel',
  },
  'evidenceSource.rate_limited': { ru: 'Сервис просит обращаться реже; Ритм попробует снова позже', en: 'The service asks to slow down; Ritm will try again later' },
  'evidenceSource.rate_limited.retryAfter': {
    ru: 'Сервис просит подождать {retryAfter} с; Ритм попробует снова позже',
    en: 'The service asks to wait {retryAfter} s; Ritm will try again later',
  },
  'evidenceSource.api_error': { ru: 'Сервис ответил ошибкой', en: 'The service answered with an error' },
  'evidenceSource.api_error.message': { ru: 'Сервис ответил ошибкой {code}: {message}', en: 'The service answered with error {code}: {message}' },
  'evidenceSource.bad_row': { ru: 'Строка файла не читается; ничего не загружено', en: 'A row of the file cannot be read; nothing was loaded' },
  'evidenceSource.bad_row.row': { ru: 'Строка {row}: значение не читается; ничего не загружено', en: 'Row {row}: a value cannot be read; nothing was loaded' },
  'evidenceSource.bad_row.column': { ru: 'Строка {row}, столбец «{column}»: значение не читается; ничего не загружено', en: 'Row {row}, column "{column}": the value cannot be read; nothing was loaded' },
  'evidenceSource.bad_row.encoding': {
    ru: 'Строка {row}, столбец «{column}»: в значении байты не в кодировке UTF-8 (на их месте «�»: «{value}»): сохраните файл заново в UTF-8; ничего не загружено',
    en: 'Row {row}, column "{column}": the value holds bytes that are not valid UTF-8 (shown as "�": "{value}"): save the file again as UTF-8; nothing was loaded',
  },
  'evidenceSource.secret_key_missing': {
    ru: 'На сервере не задан ключ шифрования: администратор должен указать RITM_SECRET_KEY (32 байта в hex или base64), чтобы Ритм мог хранить токены',
    en: 'The server has no encryption key: an administrator must set RITM_SECRET_KEY (32 bytes, hex or base64) for Ritm to store tokens',
  },
  'evidenceSource.internal': {
    ru: 'Ритм не смог записать прочитанное из-за внутренней ошибки (подробности — в журнале сервера); ничего не записано, Ритм попробует снова позже',
    en: 'Ritm could not write what it read because of an internal error (details in the server log); nothing was written, Ritm will try again later',
  },
  'evidenceSource.internal.upload': {
    ru: 'Ритм не смог записать содержимое файла из-за внутренней ошибки (подробности — в журнале сервера); ничего не записано. Загрузите файл снова; если ошибка повторится, сообщите администратору',
    en: 'Ritm could not write what the file held because of an internal error (details in the server log); nothing was written. Upload the file again; if the error comes back, tell the administrator',
  },
  evidenceSourceNotFetched: { ru: 'Этот источник не читается по сети: загрузите его файл', en: 'This source is not fetched: upload its file' },
  evidenceSourceNotUploaded: { ru: 'Этот источник Ритм читает сам по сети; файл для него не загружается', en: 'Ritm fetches this source itself; it takes no upload' },
  evidenceSourceInvalid: { ru: 'Источник задан неверно', en: 'The source is not valid' },
  fieldNotForSourceType: { ru: 'не относится к источнику этого типа', en: 'does not apply to a source of this type' },
  evidenceUploadEmpty: { ru: 'Файл пуст: отправьте его содержимое телом запроса', en: "The file is empty: send its content as the request's body" },
  evidenceUploadTooLarge: { ru: 'Файл больше {max} МБ', en: 'The file is larger than {max} MB' },
  evidencePostIgnored: {
    ru: 'Публикация отмечена как не относящаяся к организации: чтобы подтвердить, привяжите её к материалу',
    en: 'The post is ignored: link it to an item to confirm it',
  },
  evidenceBotTokenInUse: {
    ru: 'Этот бот уже читает другой канал в Ритме: Telegram отдаёт обновления бота один раз, поэтому каждому каналу нужен свой бот (создайте его в @BotFather)',
    en: "This bot already reads another channel in Ritm: Telegram hands a bot's updates out once, so each channel needs its own bot (create one with @BotFather)",
  },
  evidencePostWithoutItem: {
    ru: 'Публикация не связана с материалом (план его не допустил): привяжите её к материалу или отметьте как не относящуюся к организации',
    en: 'The post proves no item (the plan would not take one): link it to an item or ignore it',
  },
  evidenceItemLinked: { ru: 'Этот материал уже подтверждён другой публикацией', en: 'Another post proves this item already' },
  evidenceItemOtherChannel: { ru: 'Материал не размещён на канале этой публикации', en: 'The item is not on the channel of this post' },
  'pattern.vkCommunity': {
    ru: 'номер сообщества ВКонтакте (123, club123, public123 или -123) или его короткое имя',
    en: 'a VK community number (123, club123, public123 or -123) or its short name',
  },
  'pattern.telegramChat': { ru: '@имя канала или его числовой идентификатор (-100…)', en: "the channel's @name or its numeric id (-100…)" },
  'pattern.telegramUsername': { ru: 'имя канала Telegram: латинские буквы, цифры и _, от 4 знаков', en: 'a Telegram channel name: Latin letters, digits and _, at least 4 characters' },
  evidenceItemCancelled: { ru: 'Материал отменён: отменённое не подтверждают публикацией', en: 'The item is cancelled: a post cannot prove it' },
  // issue 14 — mail (the layout of every mail, its footer, the one-click unsubscribe page)
  'mail.kind.plan_submitted': { ru: 'планы на утверждение', en: 'plans to approve' },
  'mail.kind.plan_approved': { ru: 'утверждённые планы', en: 'approved plans' },
  'mail.kind.plan_returned': { ru: 'возвращённые планы', en: 'returned plans' },
  'mail.kind.item_assigned': { ru: 'назначенные вам публикации', en: 'items assigned to you' },
  'mail.kind.norm_at_risk': { ru: 'нормативы под угрозой', en: 'norms at risk' },
  'mail.kind.report_ready': { ru: 'готовые отчёты', en: 'ready reports' },
  'mail.kind.weekly_digest': { ru: 'еженедельная сводка', en: 'the weekly digest' },
  'mail.several': { ru: 'Ритм: {kind} ({count})', en: 'Ritm: {kind} ({count})' },
  'mail.open': { ru: 'Открыть в Ритме', en: 'Open in Ritm' },
  'mail.more': { ru: '…и ещё {count}', en: '…and {count} more' },
  'mail.footer.why': {
    ru: 'Вы получили это письмо, потому что в Ритме для вас включены письма «{kind}».',
    en: 'You got this mail because {kind} are mailed to you from Ritm.',
  },
  'mail.footer.settings': { ru: 'Выбрать, какие письма и как часто приходят', en: 'Choose which mail comes and how often' },
  'mail.footer.unsubscribe': { ru: 'Отписаться от таких писем', en: 'Unsubscribe from such mail' },
  'unsubscribe.done.title': { ru: 'Вы отписались', en: 'You are unsubscribed' },
  'unsubscribe.done.text': {
    ru: 'Письма «{kind}» больше не будут приходить. Уведомления по-прежнему видны в Ритме под значком колокольчика.',
    en: 'Mail about {kind} will not come any more. Notifications still show in Ritm under the bell.',
  },
  'unsubscribe.undo': { ru: 'Вернуть подписку', en: 'Subscribe again' },
  'unsubscribe.done.all': {
    ru: 'Письма из Ритма больше не будут приходить. Уведомления по-прежнему видны в Ритме под значком колокольчика.',
    en: 'Mail from Ritm will not come any more. Notifications still show in Ritm under the bell.',
  },
  'unsubscribe.undone.all': { ru: 'Письма из Ритма снова будут приходить, как раньше.', en: 'Mail from Ritm will come as before.' },
  'unsubscribe.undone.title': { ru: 'Подписка возвращена', en: 'Subscribed again' },
  'unsubscribe.undone.text': { ru: 'Письма «{kind}» снова будут приходить, как раньше.', en: 'Mail about {kind} will come as before.' },
  'unsubscribe.invalid.title': { ru: 'Ссылка недействительна', en: 'This link does not work' },
  'unsubscribe.invalid.text': {
    ru: 'Ссылка для отписки неверна или устарела. Откройте Ритм: Профиль → Уведомления, чтобы выбрать, какие письма получать.',
    en: 'The unsubscribe link is wrong or out of date. Open Ritm: Profile → Notifications to choose which mail you get.',
  },
  'unsubscribe.settings': { ru: 'Настроить уведомления в Ритме', en: 'Notification settings in Ritm' },
  // issue 14 — notifications: what the bell and the mail say of each kind (notifications/texts.ts)
  'notification.plan_submitted.title': { ru: 'План «{plan}» ждёт утверждения — {org}', en: 'Plan “{plan}” awaits approval — {org}' },
  'notification.plan_submitted.body': { ru: 'Отправил(а) на утверждение: {actor}', en: 'Submitted for approval by {actor}' },
  'notification.plan_approved.title': { ru: 'План «{plan}» утверждён — {org}', en: 'Plan “{plan}” approved — {org}' },
  'notification.plan_approved.body': { ru: 'Утвердил(а): {actor}', en: 'Approved by {actor}' },
  'notification.plan_returned.title': { ru: 'План «{plan}» возвращён — {org}', en: 'Plan “{plan}” returned — {org}' },
  'notification.plan_returned.body': { ru: 'Вернул(а) на доработку {actor}: {comment}', en: 'Returned by {actor}: {comment}' },
  'notification.item_assigned.title': { ru: 'Вы ответственный за «{item}» — {org}', en: 'You are responsible for “{item}” — {org}' },
  'notification.item_assigned.body': { ru: 'Дата: {day}. Назначил(а): {actor}', en: 'Date: {day}. Assigned by {actor}' },
  'notification.item_assigned.bodyBySystem': { ru: 'Дата: {day}', en: 'Date: {day}' },
  'notification.norm_at_risk.title': { ru: 'Норматив «{norm}» под угрозой — {org}', en: 'Norm “{norm}” at risk — {org}' },
  'notification.norm_at_risk.body': { ru: '{done} из {required}, {period} {range}', en: '{done} of {required}, {period} {range}' },
  'notification.report_ready.title': { ru: 'Отчёт готов: {report} — {org}', en: 'Report ready: {report} — {org}' },
  'notification.report_ready.body': { ru: 'Файл можно скачать в течение 7 дней', en: 'The file can be downloaded for 7 days' },
  'notification.weekly_digest.title': { ru: 'Сводка за неделю {range} — {org}', en: 'Weekly digest, {range} — {org}' },
  'notification.weekly_digest.body': {
    ru: 'Нормативов под угрозой: {atRisk}; просроченных материалов: {overdue}',
    en: 'Norms at risk: {atRisk}; overdue items: {overdue}',
  },
  'notification.weekly_digest.bodyOnTrack': { ru: 'Всё идёт по плану', en: 'All is on track' },
  // issue 14 — digest (the weekly digest's mail and `ritm digest`)
  'digest.subject': { ru: 'Ритм, неделя {week}: {summary}', en: 'Ritm, week of {week}: {summary}' },
  'digest.summary.quiet': { ru: 'всё идёт по плану', en: 'all on track' },
  'digest.summary.counts': { ru: 'под угрозой {atRisk}, просрочено {overdue}', en: '{atRisk} at risk, {overdue} overdue' },
  'digest.greeting': { ru: 'Здравствуйте, {name}! Сводка Ритма за неделю {week}', en: 'Hello {name}, this is your Ritm digest for the week of {week}.' },
  'digest.quiet': {
    ru: 'Всё идёт по плану: нормативов под угрозой, просроченных материалов и возвращённых планов нет.',
    en: 'All is on track: no norms at risk, no overdue items and no returned plans.',
  },
  'digest.editor.heading': { ru: '{org}', en: '{org}' },
  'digest.editor.atRisk': { ru: 'Под угрозой в текущем периоде', en: 'At risk this period' },
  'digest.editor.gapsNext': { ru: 'Не хватает в следующем периоде', en: 'Short next period' },
  'digest.editor.overdue': { ru: 'Просроченные материалы', en: 'Overdue items' },
  'digest.editor.assigned': { ru: 'Ваши материалы на этой неделе', en: 'Your items this week' },
  'digest.editor.returned': { ru: 'Планы, возвращённые на доработку', en: 'Plans returned for changes' },
  'digest.editor.fine': { ru: 'Здесь всё идёт по плану.', en: 'All on track here.' },
  'digest.row': { ru: 'сделано {actual} из {required}, запланировано {planned}; {from} – {to}', en: '{actual} of {required} done, {planned} planned; {from} – {to}' },
  'digest.row.channel': { ru: '{norm} — {channel}', en: '{norm} — {channel}' },
  'digest.returned.by': { ru: 'Вернул(а) {by}: «{comment}»', en: 'Returned by {by}: "{comment}"' },
  'digest.returned': { ru: 'Комментарий: «{comment}»', en: 'Comment: "{comment}"' },
  'digest.director.heading': { ru: '{org} и подведомственные — организаций: {count}', en: '{org} and below: {count} organisations' },
  'digest.director.summary': {
    ru: 'Нормативов под угрозой сейчас: {atRisk}. Не выполнено в периодах, закончившихся на прошлой неделе: {missed}.',
    en: 'Norms at risk now: {atRisk}. Missed in periods that ended last week: {missed}.',
  },
  'digest.director.troubled': { ru: 'Организации, которым нужно внимание', en: 'Organisations that need attention' },
  'digest.director.troubledEntry': { ru: 'под угрозой {atRisk}, не выполнено на прошлой неделе {missed}', en: '{atRisk} at risk, {missed} missed last week' },
  'digest.director.normsAtRisk': { ru: 'Нормативы под угрозой', en: 'Norms at risk' },
  'digest.director.normEntry': { ru: 'организаций: {count}', en: 'organisations: {count}' },
  'digest.director.awaiting': { ru: 'Планы ждут утверждения', en: 'Plans awaiting approval' },
  'digest.director.adjustments': { ru: 'Нормативы, отменённые или ослабленные ниже', en: 'Norms waived or adjusted below' },
  'digest.director.waived': { ru: '{org}: отменён — {reason}', en: '{org}: waived — {reason}' },
  'digest.director.adjusted': { ru: '{org}: ослаблен — {reason}', en: '{org}: adjusted — {reason}' },
  'digest.more': { ru: '…и ещё {count}', en: '…and {count} more' },
  'digest.action': { ru: 'Открыть сводку в Ритме', en: 'Open the dashboard in Ritm' },
  'digest.cli.none': { ru: 'В этой организации и ниже нет редакторов и руководителей', en: 'No editors or directors in this organisation or below' },
  'digest.cli.sent': { ru: '{email}: сводка за {week} отправлена', en: '{email}: digest for {week} sent' },
  'digest.cli.inApp': { ru: '{email}: сводка за {week} — только в Ритме (почта не настроена или отключена)', en: '{email}: digest for {week} in Ritm only (mail off or not configured)' },
  'digest.cli.already': { ru: '{email}: сводка за {week} уже была (--force — отправить снова)', en: '{email}: digest for {week} went already (--force sends it again)' },
  'noun.notification': { ru: 'уведомление', en: 'notification' },
  notificationSettingsInvalid: { ru: 'Настройки уведомлений заданы неверно', en: 'The notification settings are not valid' },
  // issue 14 — reports prepared in the background
  'noun.report': { ru: 'отчёт', en: 'report' },
  'reportJob.title.compliance': { ru: 'Отчёт о соблюдении нормативов, {from} — {to}', en: 'Compliance report, {from} to {to}' },
  reportJobsTooMany: {
    ru: 'Уже готовится отчётов: {max}. Дождитесь, пока они будут готовы, и запросите новый',
    en: '{max} of your reports are being prepared already. Wait until they are ready, then ask for another',
  },
  reportJobNotReady: { ru: 'Отчёт ещё не готов: Ритм сообщит, когда его можно будет скачать', en: 'The report is not ready yet: Ritm will tell you when it can be downloaded' },
  reportJobFailed: {
    ru: 'Отчёт не удалось подготовить из-за внутренней ошибки (подробности — в журнале сервера); запросите его снова',
    en: 'The report could not be prepared because of an internal error (details in the server log); ask for it again',
  },
  // issue 15 — recurring items (series)
  'noun.series': { ru: 'серия', en: 'series' },
  'pattern.rrule': { ru: 'правило повторения RFC 5545, например FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8', en: 'an RFC 5545 recurrence rule such as FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8' },
  seriesInvalid: { ru: 'Повторение задано неверно', en: 'The recurrence is not valid' },
  'recurrence.syntax': { ru: 'правило повторения (RRULE) записано неверно: {part}', en: 'the recurrence rule (RRULE) is not valid at {part}' },
  'recurrence.unknown_part': { ru: 'в правиле повторения (RRULE) нет части {part}', en: 'a recurrence rule (RRULE) has no part {part}' },
  'recurrence.too_fine': { ru: 'повторять можно не чаще раза в день ({part})', en: 'an item recurs at most once a day ({part})' },
  'recurrence.has_start': { ru: 'начало серии — дата публикации (at), а не {part} в правиле', en: "a series starts at the item's at, not at a {part} in the rule" },
  'recurrence.count_and_until': { ru: 'укажите либо число повторений (COUNT), либо дату окончания (UNTIL)', en: 'give a count (COUNT) or an end date (UNTIL), not both' },
  'recurrence.too_many': { ru: 'не больше {max} повторений', en: 'at most {max} occurrences' },
  'recurrence.empty': { ru: 'по этому правилу с {start} не выходит ни одного дня', en: 'the rule gives no day from {start}' },
  'recurrence.allNonWorking': { ru: 'по этому правилу все дни до {until} нерабочие', en: 'every day the rule gives up to {until} is a non-working day' },
  'recurrence.tooManyNow': {
    ru: 'сразу можно запланировать не больше {max} повторений, а выходит {count}; начните серию позже или сократите её',
    en: 'at most {max} occurrences can be planned at once, this gives {count}; start the series later or shorten it',
  },
  'series.plannedOnly': { ru: 'повторения создаются запланированными: статус «запланировано»', en: 'occurrences are created planned: status must be planned' },
  'series.singleOnly': { ru: 'это поле задаётся у отдельной публикации, не у серии', en: 'this field belongs to a single item, not to a series' },
  'series.noPlan': {
    ru: 'повторения серии относятся к планам своих периодов; не указывайте план',
    en: 'the occurrences of a series belong to the plans of their periods; leave the plan out',
  },
  'series.needsRecurrence': { ru: 'задаётся только вместе с повторением (recurrence)', en: 'goes only with a recurrence' },
  'series.fromNotOccurrence': { ru: 'в этот день у серии нет повторения по правилу', en: 'the series has no occurrence on this day of its rule' },
  'series.fromBeforeStart': { ru: 'серия начинается {start}', en: 'the series starts on {start}' },
  'recurrence.outOfRange': { ru: 'первое повторение по правилу ({first}) позже {to}, последнего дня, с которым работает Ритм', en: 'the rule\'s first occurrence ({first}) is after {to}, the last day Ritm works with' },
  'series.atBeforeFrom': { ru: 'новая дата не может быть раньше {from}: это повторение осталось бы и в прежней части серии', en: 'the new date cannot be before {from}: the earlier part of the series still has that occurrence' },
  'series.atNotOnRule': {
    ru: 'по правилу серии в этот день повторения нет: измените и правило (BYDAY, BYMONTHDAY), чтобы в нём был новый день',
    en: 'the series rule gives no occurrence on this day: change the rule (BYDAY, BYMONTHDAY) too so that it has the new day',
  },
  // issue 15 — templates
  'noun.template': { ru: 'шаблон плана', en: 'plan template' },
  templateInvalid: { ru: 'Шаблон плана задан неверно', en: 'The plan template is not valid' },
  'template.place.week': { ru: 'для недели укажите только день недели (weekday 1–7)', en: 'a week takes a weekday (1–7) alone' },
  'template.place.month': {
    ru: 'для месяца укажите число (day 1–31) или день недели с номером (weekday 1–7, nth 1–4 или -1 — последний)',
    en: 'a month takes a day (1–31), or a weekday (1–7) with nth (1–4, or -1 for the last)',
  },
  'template.place.quarter': {
    ru: 'для квартала укажите месяц квартала (month 1–3) и число или день недели с номером',
    en: 'a quarter takes a month of the quarter (1–3) with a day, or a weekday with nth',
  },
  'pattern.timeOfDay': { ru: 'время ЧЧ:ММ (от 00:00 до 23:59)', en: 'a time of day HH:MM (00:00 to 23:59)' },
  templateTooLarge: {
    ru: 'в периоде {count} публикаций, а шаблон вмещает не больше {max}: сохраните неделю или месяц',
    en: 'the period holds {count} items and a template at most {max}: save a week or a month',
  },
  templateNotShared: {
    ru: 'шаблон недоступен этой организации: он не её и не передан ей сверху',
    en: 'the template is not available there: neither its own nor shared down from above it',
  },
  // issue 15 — proposals upwards
  'noun.proposal': { ru: 'предложение новости', en: 'news proposal' },
  proposalInvalid: { ru: 'Предложение заполнено неверно', en: 'The proposal is not valid' },
  proposalAnswered: { ru: 'На это предложение уже ответили', en: 'This proposal has already been answered' },
  fieldNotAbove: { ru: 'не вышестоящая организация', en: 'not an organisation above this one' },
  fieldNoOrgAbove: { ru: 'у этой организации нет вышестоящей', en: 'this organisation has none above it' },
  fieldNotOwnItem: { ru: 'не публикация этой организации', en: 'not an item of this organisation' },
  'mail.kind.proposal_received': { ru: 'предложенные новости', en: 'news proposed to you' },
  'mail.kind.proposal_answered': { ru: 'ответы на ваши предложения', en: 'answers to your proposals' },
  'notification.proposal_received.title': { ru: 'Предложена новость «{proposal}» — {org}', en: 'News proposed: “{proposal}” — {org}' },
  'notification.proposal_received.body': { ru: 'Предлагает {from}: {actor}', en: 'Proposed by {from}: {actor}' },
  'notification.proposal_accepted.title': { ru: 'Предложение «{proposal}» принято — {org}', en: 'Proposal “{proposal}” accepted — {org}' },
  'notification.proposal_accepted.body': { ru: '{other}: в плане на {day}. Принял(а): {actor}', en: '{other}: planned for {day}. Accepted by {actor}' },
  'notification.proposal_declined.title': { ru: 'Предложение «{proposal}» отклонено — {org}', en: 'Proposal “{proposal}” declined — {org}' },
  'notification.proposal_declined.body': { ru: '{other}: отклонил(а) {actor}; причина: {reason}', en: '{other}: declined by {actor}; reason: {reason}' },
  // issue 15 — materials down the tree
  'noun.material': { ru: 'материал', en: 'material' },
  materialInvalid: { ru: 'Материал заполнен неверно', en: 'The material is not valid' },
  materialTargetNotBelow: { ru: 'организация не входит в структуру ниже отправителя', en: 'the organisation is not below the sender' },
  materialTargetArchived: { ru: 'организация в архиве', en: 'the organisation is archived' },
  materialTargetsNone: { ru: 'ниже нет ни одной действующей организации, которой можно отправить материал', en: 'no live organisation below can receive the material' },
  materialTargetChoice: { ru: 'укажите получателей: либо targetOrgIds, либо targetSubtree', en: 'name the targets: either targetOrgIds or targetSubtree' },
  materialTargetKindsAlone: { ru: 'виды организаций задают вместе с targetSubtree', en: 'organisation kinds go with targetSubtree' },
  materialPlaceOnAfterDeadline: { ru: 'день размещения позже срока ({deadline})', en: 'the day to place it is after the deadline ({deadline})' },
  materialChannelTypeNotForKind: { ru: 'канал этого типа не подходит для вида «{kind}»', en: 'this channel type does not fit the kind “{kind}”' },
  placementNeedsEvidence: {
    ru: 'Укажите ссылку на размещение или сначала приложите фото к задаче',
    en: 'Give the link to the placement, or attach a photo to the task first',
  },
  placementDeclined: { ru: 'Материал уже отклонён', en: 'The material was declined already' },
  placementPlaced: { ru: 'Материал уже размещён: отклонить его нельзя', en: 'The material is placed already: it cannot be declined' },
  placementTaskMissing: { ru: 'Задачи по размещению больше нет', en: 'The placement task no longer exists' },
  placementTaskDelete: {
    ru: 'Это задача по размещению материала: её не удаляют, а отклоняют материал с указанием причины',
    en: 'This is the placement task of a material: decline the material with a reason instead of deleting it',
  },
  'report.sheet.materialsSent': { ru: 'Разосланные материалы', en: 'Materials sent down' },
  'report.col.sender': { ru: 'Отправитель', en: 'Sender' },
  'report.col.material': { ru: 'Материал', en: 'Material' },
  'report.col.sentAt': { ru: 'Отправлен', en: 'Sent' },
  'report.col.deadline': { ru: 'Срок', en: 'Deadline' },
  'report.col.targets': { ru: 'Получателей', en: 'Targets' },
  'report.col.placed': { ru: 'Размещено', en: 'Placed' },
  'report.col.pending': { ru: 'Ожидается', en: 'Pending' },
  'report.col.placementsOverdue': { ru: 'Просрочено', en: 'Overdue' },
  'report.col.declined': { ru: 'Отклонено', en: 'Declined' },
  'report.col.placementRate': { ru: 'Доля размещённых', en: 'Placement rate' },
  'report.materials.none': { ru: 'Материалы в этот период не рассылались', en: 'No materials were sent down in this period' },
  'mail.kind.material_received': { ru: 'материалы для размещения', en: 'materials to place' },
  'mail.kind.placement_declined': { ru: 'отказы от размещения', en: 'placements declined' },
  'notification.material_received.title': { ru: 'Материал для размещения: «{material}» — {org}', en: 'Material to place: “{material}” — {org}' },
  'notification.material_received.body': { ru: 'От: {from}. Разместить: {day}, срок: {deadline}', en: 'From {from}. Place on {day}, deadline {deadline}' },
  'notification.placement_declined.title': { ru: '{target}: отказ от размещения «{material}» — {org}', en: '{target} declined “{material}” — {org}' },
  'notification.placement_declined.body': { ru: 'Причина: {reason}', en: 'Reason: {reason}' },
  // The command line (`ritm …`): asked in Russian or English by `--lang`, else by the locale (cli/usage.ts `cliLanguage`).
  'cli.usage': {
    ru: `Использование: ritm <команда> [параметры]

Команды:
  serve [--demo]                 обновить схему базы данных, затем обслуживать API по /api и
                                 админку по / (--demo: загрузить демо-данные в пустую базу)
  migrate                        привести базу данных к последней схеме
  demo [--force]                 загрузить демо (российские организации, планы, публикации);
                                 --force: рядом с уже имеющимися организациями
  user create --email E --password P [--name N] [--admin]
                                 создать пользователя (--admin: администратор системы)
  token create --email E --name N [--expires-days D]
                                 выдать личный API-токен для скриптов (показывается один раз)
  import --org ID ФАЙЛ [--dry-run] [--as EMAIL]
                                 импорт медиаплана из .xlsx или .csv: все строки или ни одной;
                                 --dry-run: предпросмотр; код выхода 1 при любой ошибке
  report compliance --org ID --from D --to D --format xlsx|pdf [--as-of D] ФАЙЛ
                                 отчёт о соблюдении нормативов организации и её подразделений
                                 (не больше года; PDF — до 100 организаций)
  report annual-review --org ID --year Y --format xlsx|pdf [--as-of D] ФАЙЛ
                                 годовой отчёт профсоюза об информационной работе
  evidence fetch --org ID [--subtree]
                                 прочитать сейчас ленты, источники ВКонтакте и Telegram-бота
                                 организации (--subtree: и нижестоящих) и напечатать итог
  jobs                           расписания (последний и следующий запуск), очереди (ожидают,
                                 сбои за 24 ч, последний сбой) и то, что не движется; при
                                 встроенной базе — через работающий сервер
  digest --org ID [--dry-run] [--force]
                                 отправить сейчас еженедельные сводки редакторам и
                                 руководителям организации (и нижестоящих), раз в неделю,
                                 если не --force; --dry-run печатает их и ничего не пишет
  counts rebuild|check           rebuild: согласовать селекторы подсчёта всех организаций,
                                 выставить публикациям число их файлов, пересчитать по
                                 публикациям всё, что читает проверка нормативов, и заново
                                 записать разошедшиеся строки ревизий организаций и хранимый
                                 JSON публикаций; check: сравнить всё это (код 1: есть расхождения)
  check ФАЙЛ|- [--strict] [--preset ID]…
                                 проверить JSON-сценарий соблюдения нормативов и напечатать итог

Любая команда принимает --lang ru|en (иначе язык берётся из LC_ALL, LC_MESSAGES или LANG;
по умолчанию русский, у check — английский).

Окружение: DATABASE_URL (сервер PostgreSQL; если не задан — встроенная база в RITM_DATA_DIR,
по умолчанию ./data), PORT (3000), HOST (127.0.0.1), LOG_LEVEL (info), RITM_LOG_FORMAT (pretty|json).
`,
    en: `Usage: ritm <command> [options]

Commands:
  serve [--demo]                 migrate, then serve the API at /api and the admin at /
                                 (--demo loads demo data into an empty database)
  migrate                        bring the database to the latest schema
  demo [--force]                 load the demo (Russian organisations, plans, items) into the
                                 database; --force adds it beside existing organisations
  user create --email E --password P [--name N] [--admin]
                                 create a user (--admin: a system administrator)
  token create --email E --name N [--expires-days D]
                                 print a personal API token for scripts (shown once)
  import --org ID FILE [--dry-run] [--as EMAIL]
                                 import a media plan from .xlsx or .csv: all rows or none;
                                 --dry-run previews; exit code 1 on any problem
  report compliance --org ID --from D --to D --format xlsx|pdf [--as-of D] FILE
                                 the compliance report of the organisation and its subtree
                                 (at most a year; PDF up to 100 organisations)
  report annual-review --org ID --year Y --format xlsx|pdf [--as-of D] FILE
                                 the union's annual review of information work
  evidence fetch --org ID [--subtree]
                                 read the organisation's feed, VK and Telegram bot sources now
                                 (--subtree: those below it too) and print what each read did
  jobs                           the schedules (last and next run), the queues (waiting,
                                 failed in 24 h, the last failure) and what does not move;
                                 through the running server on the embedded database
  digest --org ID [--dry-run] [--force]
                                 send the weekly digests of the organisation's editors and
                                 directors (and those below) now, once a week unless --force;
                                 --dry-run prints them and writes nothing
  counts rebuild|check           rebuild: bring every organisation's counting selectors in
                                 step, set items' attachment counts to their files, count
                                 again from the items what compliance reads, and set again
                                 the organisations' revision rows and items' kept JSON that
                                 drifted; check: compare all of those (exit 1: any differs)
  check FILE|- [--strict] [--preset ID]…
                                 evaluate a JSON compliance scenario and print the results

Every command takes --lang ru|en (else the language of LC_ALL, LC_MESSAGES or LANG;
Russian by default, English for check).

Environment: DATABASE_URL (a PostgreSQL server; absent: the embedded database in RITM_DATA_DIR,
default ./data), PORT (3000), HOST (127.0.0.1), LOG_LEVEL (info), RITM_LOG_FORMAT (pretty|json).
`,
  },
  'cli.unknownCommand': { ru: 'неизвестная команда «{command}»', en: 'unknown command "{command}"' },
  'cli.noCommand': { ru: 'не указана команда', en: 'no command given' },
  'cli.unknownSubcommand': { ru: 'неизвестная команда «{command} {sub}»', en: 'unknown {command} command "{sub}"' },
  'cli.needsSubcommand': { ru: 'после {command} укажите команду: {choices}', en: '{command} needs a command: {choices}' },
  'cli.or': { ru: '{first} или {second}', en: '{first} or {second}' },
  'cli.unknownOption': { ru: 'неизвестный параметр {option}', en: 'unknown option {option}' },
  'cli.optionNeedsValue': { ru: 'у параметра {option} нет значения', en: 'option {option} needs a value' },
  'cli.optionTakesNoValue': { ru: 'параметр {option} не принимает значения', en: 'option {option} takes no value' },
  'cli.optionAmbiguous': { ru: 'значение параметра {option} начинается с «-»: запишите его как {option}=…', en: 'the value of {option} starts with "-": write it as {option}=…' },
  'cli.unexpectedArgument': { ru: 'лишний аргумент «{argument}»', en: 'unexpected argument "{argument}"' },
  'cli.lang': { ru: '--lang: ru или en', en: '--lang: ru or en' },
  'cli.org': { ru: '--org: укажите идентификатор организации', en: '--org: the id of the organisation is required' },
  'cli.noOrg': { ru: 'организации {id} нет', en: 'no organisation {id}' },
  'cli.import.preview': { ru: 'Предварительный просмотр: ничего не записано (уберите --dry-run, чтобы импортировать)', en: 'Preview: nothing was written (leave out --dry-run to import)' },
  'cli.import.written': { ru: 'Импорт выполнен', en: 'Imported' },
  'cli.import.refused': { ru: 'Ничего не импортировано', en: 'Nothing was imported' },
  'cli.import.counts': { ru: 'Создать: {created}, изменить: {updated}, без изменений: {unchanged}', en: 'To create: {created}, to update: {updated}, unchanged: {unchanged}' },
  'cli.import.countsDone': { ru: 'Создано: {created}, изменено: {updated}, без изменений: {unchanged}', en: 'Created: {created}, updated: {updated}, unchanged: {unchanged}' },
  'cli.import.unmapped': { ru: 'Столбцы, которые не удалось сопоставить (не импортируются):', en: 'Columns that could not be placed (not imported):' },
  'cli.import.suggestions': { ru: 'возможно', en: 'perhaps' },
  'cli.import.errors': { ru: 'Ошибки:', en: 'Problems:' },
  'cli.import.leftOut': { ru: '…и ещё ошибок, не показанных здесь: {count}', en: '…and {count} more problems not shown here' },
  'cli.import.at': { ru: 'лист «{sheet}», строка {row}', en: 'sheet "{sheet}", row {row}' },
  'cli.import.atColumn': { ru: 'лист «{sheet}», строка {row}, столбец {column}', en: 'sheet "{sheet}", row {row}, column {column}' },
  'cli.import.column': { ru: 'лист «{sheet}», столбец {column}', en: 'sheet "{sheet}", column {column}' },
  'cli.noUser': { ru: 'нет активного пользователя с почтой {email}', en: 'no active user with e-mail {email}' },
  'cli.evidence.none': { ru: 'Источников, которые Ритм читает сам, нет', en: 'No sources that Ritm fetches itself' },
  'cli.evidence.read': { ru: 'прочитано {read}: сопоставлено {matched}, внеплановых {unplanned}, обновлён охват {updated}', en: 'read {read}: matched {matched}, unplanned {unplanned}, reach updated {updated}' },
  'cli.evidence.notModified': { ru: 'не изменился с прошлого чтения', en: 'not modified since the last read' },
  'cli.evidence.failed': { ru: 'ошибка: {problem}', en: 'error: {problem}' },
  'cli.evidence.gone': { ru: 'удалён', en: 'deleted' },
  'cli.report.written': { ru: 'Отчёт записан: {file} ({bytes} байт)', en: 'Report written: {file} ({bytes} bytes)' },
  'cli.importFile': { ru: 'import: укажите один ФАЙЛ (.xlsx или .csv)', en: 'import needs one FILE (.xlsx or .csv)' },
  'cli.reportFile': { ru: 'report {which}: укажите один ФАЙЛ, куда записать отчёт', en: 'report {which} needs one FILE to write' },
  'cli.reportFormat': { ru: '--format: xlsx или pdf', en: '--format: xlsx or pdf' },
  'cli.asOf': { ru: '--as-of: дата в виде ГГГГ-ММ-ДД', en: '--as-of: a date, YYYY-MM-DD' },
  'cli.fromTo': { ru: '--from и --to: даты в виде ГГГГ-ММ-ДД', en: '--from and --to: dates, YYYY-MM-DD' },
  'cli.year': { ru: '--year: год от 2000 до 2100', en: '--year: a year from 2000 to 2100' },
  'cli.email': { ru: '--email: укажите адрес электронной почты (до {max} символов)', en: '--email: an e-mail address is required (at most {max} characters)' },
  'cli.password': { ru: '--password: от {min} до {max} символов', en: '--password: {min} to {max} characters are required' },
  'cli.userName': { ru: '--name: не длиннее {max} символов, без символа NUL', en: '--name: at most {max} characters, without NUL' },
  'cli.tokenEmail': { ru: '--email: укажите почту пользователя, от имени которого действует токен', en: '--email: the e-mail of the user the token acts as is required' },
  'cli.tokenName': { ru: '--name: укажите название до {max} символов, по которому токен можно узнать', en: '--name: a name of up to {max} characters to recognise the token by is required' },
  'cli.expiresDays': { ru: '--expires-days: целое число дней, 1…{max}', en: '--expires-days: a whole number of days, 1…{max}' },
  'cli.configuration': { ru: 'настройка {variable}: {reason}', en: 'configuration: {variable}: {reason}' },
  'cli.databaseAt': { ru: 'по адресу {url}', en: 'at {url}' },
  'cli.databaseIn': { ru: 'в папке {folder}', en: 'in {folder}' },
  'cli.databaseUnreachable': {
    ru: 'база данных {where} недоступна ({cause}); запущена ли она и верно ли задан DATABASE_URL?',
    en: 'the database {where} is not reachable ({cause}); is it running, and is DATABASE_URL right?',
  },
  'cli.databaseNotYet': {
    ru: 'база данных {where} пока недоступна ({cause}); новая попытка через {ms} мс',
    en: 'the database {where} is not reachable yet ({cause}); trying again in {ms} ms',
  },
  'cli.dataDirLocked': {
    ru: 'папка данных {folder} занята процессом {pid}; сначала остановите его (встроенная база данных допускает один процесс)',
    en: 'the data folder {folder} is in use by process {pid}; stop it first (the embedded database allows one process)',
  },
  'cli.dataDirUnusable': {
    ru: 'папку данных {folder} (RITM_DATA_DIR) нельзя использовать: {reason}; укажите в RITM_DATA_DIR папку, в которую Ритм может записывать',
    en: 'the data folder {folder} (RITM_DATA_DIR) cannot be used: {reason}; set RITM_DATA_DIR to a folder Ritm can write to',
  },
  'cli.dataDir.notFolder': { ru: '{path} — файл, а не папка', en: '{path} is a file, not a folder' },
  'cli.dataDir.danglingLink': { ru: '{path} — символическая ссылка на несуществующий путь {target}', en: '{path} is a symbolic link to {target}, which does not exist' },
  'cli.dataDir.linkLoop': { ru: '{path} — символическая ссылка, которая ведёт по кругу', en: '{path} is a symbolic link that leads round in a loop' },
  'cli.dataDir.system': { ru: 'в системной папке {path} нельзя создавать файлы и папки', en: 'the system folder {path} takes no new files or folders' },
  'cli.dataDir.fault': { ru: '{path}: {reason}', en: '{path}: {reason}' },
  'cli.embeddedDamaged': {
    ru: 'встроенную базу данных в папке {folder} не удаётся открыть: её файлы повреждены или недоступны для чтения. Восстановите папку из резервной копии или укажите в RITM_DATA_DIR другую папку (в новой папке будет создана пустая база данных)',
    en: 'the embedded database in {folder} cannot be opened: its files are damaged or unreadable. Restore the folder from a backup, or set RITM_DATA_DIR to another folder (a new one starts with an empty database)',
  },
  'cli.embeddedOtherVersion': {
    ru: 'встроенную базу данных в папке {folder} создал PostgreSQL {found}, а встроенный PostgreSQL Ритма — версии {embedded}: открыть её может только PostgreSQL {found} (например, та версия Ритма, которая её создала). Чтобы начать с пустой базы данных, переместите папку в другое место или укажите в RITM_DATA_DIR другую папку',
    en: "the embedded database in {folder} was made by PostgreSQL {found}, and Ritm's embedded PostgreSQL is version {embedded}: only PostgreSQL {found} can open it (for example the Ritm release that made it). To start with an empty database, move the folder aside or set RITM_DATA_DIR to another folder",
  },
  'cli.embeddedNotCreated': {
    ru: 'не удалось создать встроенную базу данных в папке {folder}: {cause}. Устраните причину или укажите в RITM_DATA_DIR другую папку',
    en: 'the embedded database could not be created in {folder}: {cause}. Put that right, or set RITM_DATA_DIR to another folder',
  },
  'cli.control.noAnswer': { ru: 'сервер, занявший папку данных, не отвечает по адресу {url} ({cause})', en: 'the server holding the data folder does not answer at {url} ({cause})' },
  'cli.control.refused': { ru: 'сервер ответил {status}: {said}', en: 'the server answered {status}: {said}' },
  'cli.cannotOpen': { ru: 'не удаётся открыть {path}: {reason}', en: 'cannot open {path}: {reason}' },
  'cli.fs.ENOENT': { ru: 'нет такого файла или папки', en: 'no such file or folder' },
  'cli.fs.EISDIR': { ru: 'это папка, а не файл', en: 'it is a folder, not a file' },
  'cli.fs.ENOTDIR': { ru: 'часть пути — файл, а не папка', en: 'part of the path is a file, not a folder' },
  'cli.fs.EEXIST': { ru: 'там уже есть файл', en: 'a file is there already' },
  'cli.fs.EACCES': { ru: 'нет прав доступа', en: 'permission denied' },
  'cli.fs.EROFS': { ru: 'файловая система только для чтения', en: 'the file system is read-only' },
  'cli.fs.ENOSPC': { ru: 'на диске нет места', en: 'no space left on the disk' },
  'cli.fs.ENAMETOOLONG': { ru: 'слишком длинное имя или путь', en: 'the name or the path is too long' },
  'cli.cannotListen': { ru: 'не удаётся слушать {address}: {reason}', en: 'cannot listen on {address}: {reason}' },
  'cli.listen.EADDRINUSE': { ru: 'адрес занят другим процессом; остановите его или задайте другой PORT', en: 'the address is in use by another process; stop it or set another PORT' },
  'cli.listen.EACCES': { ru: 'нет прав на этот порт; задайте PORT больше 1023', en: 'no permission for this port; set a PORT above 1023' },
  'cli.listen.EADDRNOTAVAIL': { ru: 'у этой машины нет такого адреса; проверьте HOST', en: 'this machine has no such address; check HOST' },
  'cli.listen.ENOTFOUND': { ru: 'имя не найдено; проверьте HOST', en: 'no such host name; check HOST' },
  'cli.databaseMissing': { ru: 'на сервере {where} нет базы данных, названной в DATABASE_URL ({cause})', en: 'the server {where} has no database named as in DATABASE_URL ({cause})' },
  'cli.databaseLogin': { ru: 'сервер {where} не принял пользователя или пароль из DATABASE_URL ({cause})', en: 'the server {where} did not accept the user or password of DATABASE_URL ({cause})' },
  'cli.report.option': { ru: '{option}: {problem}', en: '{option}: {problem}' },
  'cli.serve.running': { ru: 'Ритм работает: {url}/', en: 'Ritm is running at {url}/' },
  'cli.serve.api': { ru: 'API: {url}/api  ·  документация: {url}/api/docs', en: 'API: {url}/api  ·  docs: {url}/api/docs' },
  'cli.serve.embedded': { ru: 'встроенная, в {folder}', en: 'embedded, in {folder}' },
  'cli.serve.database': { ru: 'База данных: {database}', en: 'Database: {database}' },
  'cli.serve.demoSkipped': {
    ru: 'Демо не загружено: в базе данных уже есть организации (ritm demo --force добавит его рядом с ними)',
    en: 'The demo was not loaded: the database holds organisations already (ritm demo --force adds it beside them)',
  },
  'cli.serve.demoLogin': { ru: 'Демо-вход: {email} / {password}', en: 'Demo login: {email} / {password}' },
  'cli.migrate.applied': { ru: 'применены: {migrations}', en: 'applied: {migrations}' },
  'cli.migrate.upToDate': { ru: 'схема базы данных актуальна', en: 'the database is up to date' },
  'cli.user.exists': { ru: 'пользователь с почтой {email} уже есть', en: 'a user with e-mail {email} already exists' },
  'cli.user.created': { ru: 'создан пользователь {email} ({id})', en: 'created user {email} ({id})' },
  'cli.user.createdAdmin': { ru: 'создан пользователь {email} ({id}) — администратор', en: 'created user {email} ({id}) as administrator' },
  'cli.token.created': {
    ru: 'API-токен «{name}» пользователя {email}{until}. Он показан только сейчас; передавайте его как «Authorization: Bearer <токен>».',
    en: 'API token "{name}" for {email}{until}. It is shown only now; send it as "Authorization: Bearer <token>".',
  },
  'cli.token.until': { ru: ', действует до {date}', en: ', valid until {date}' },
  'cli.demo.loadedAlready': { ru: 'демо уже загружено', en: 'the demo is loaded already' },
  'cli.demo.notEmpty': {
    ru: 'в базе данных уже есть организации; добавьте --force, чтобы загрузить демо рядом с ними',
    en: 'the database holds organisations already; add --force to load the demo beside them',
  },
  'cli.demo.loaded': { ru: 'демо загружено; вход: {email} / {password}', en: 'demo loaded; sign in as {email} / {password}' },
  'cli.check.usage': {
    ru: `Использование: ritm check ФАЙЛ|- [--strict] [--preset ID]... [--lang ru|en]

Читает один JSON-сценарий из ФАЙЛА (или из стандартного ввода, если указан -) и печатает
{shape} в стандартный вывод.

Параметры:
  --strict      код выхода 1, если есть строка missed или at_risk
  --preset ID   добавить к нормативам сценария нормативы набора (можно повторять): {presets}
  --lang ru|en  язык сообщений (иначе язык LC_ALL, LC_MESSAGES или LANG; по умолчанию английский)
  -h, --help    эта справка

Коды выхода: 0 — проверено, 1 — строка не выполнена при --strict, 2 — ошибка во входных
данных, 70 — внутренняя ошибка.
`,
    en: `Usage: ritm check FILE|- [--strict] [--preset ID]... [--lang ru|en]

Reads one JSON scenario from FILE (or standard input for -) and prints
{shape} on standard output.

Options:
  --strict      exit 1 when any row is missed or at_risk
  --preset ID   add a preset's norms to the scenario's (repeatable): {presets}
  --lang ru|en  the language of the messages (else that of LC_ALL, LC_MESSAGES or LANG; English by default)
  -h, --help    show this help

Exit codes: 0 judged, 1 a row failed under --strict, 2 invalid input,
70 internal error.
`,
  },
  'cli.check.presetNeedsId': { ru: '--preset: укажите идентификатор набора', en: '--preset needs a preset id' },
  'cli.check.unknownPreset': { ru: 'неизвестный набор «{id}» (известны: {known})', en: 'unknown preset "{id}" (known: {known})' },
  'cli.check.unknownOption': { ru: 'неизвестный параметр «{option}»', en: 'unknown option "{option}"' },
  'cli.check.oneScenario': { ru: 'по одному сценарию за раз (указаны «{first}» и «{second}»)', en: 'one scenario at a time (got "{first}" and "{second}")' },
  'cli.check.noFile': { ru: 'не указан файл сценария (- — стандартный ввод)', en: 'no scenario file given (use - for standard input)' },
  'cli.check.standardInput': { ru: 'стандартный ввод', en: 'standard input' },
  'cli.check.cannotRead': { ru: 'не удаётся прочитать {source}: {cause}', en: 'cannot read {source}: {cause}' },
  'cli.check.notJson': { ru: '{source} — некорректный JSON: {cause}', en: '{source} is not valid JSON: {cause}' },
  'cli.check.jsonAt': { ru: '{cause} (строка {line}, столбец {column})', en: '{cause} (line {line}, column {column})' },
  'cli.check.internal': { ru: 'внутренняя ошибка: {cause}', en: 'internal error: {cause}' },
  'cli.check.root': { ru: '(корень)', en: '(root)' },
  // ritm jobs: the runner, then its schedules, queues, mail outbox and what does not move.
  'cli.jobs.runs': { ru: 'Задания: {runner}', en: 'Jobs: {runner}' },
  'cli.jobs.runsElsewhere': { ru: 'Задания: {runner} (этот процесс их не выполняет)', en: 'Jobs: {runner} (this process does not work them)' },
  'cli.jobs.runner.pg-boss': { ru: 'pg-boss на сервере PostgreSQL', en: 'pg-boss on the PostgreSQL server' },
  'cli.jobs.runner.table': { ru: 'таблица встроенной базы', en: "the embedded database's table" },
  'cli.jobs.schedules': { ru: 'Расписания (UTC)', en: 'Schedules (UTC)' },
  'cli.jobs.schedule': { ru: '{last}; следующий {next}', en: '{last}; next {next}' },
  'cli.jobs.lastRun': { ru: 'последний запуск {at}', en: 'last run {at}' },
  'cli.jobs.lastRunState': { ru: 'последний запуск {at} ({state})', en: 'last run {at} ({state})' },
  'cli.jobs.neverRun': { ru: 'не запускалось', en: 'never run' },
  'cli.jobs.state.completed': { ru: 'выполнено', en: 'completed' },
  'cli.jobs.state.failed': { ru: 'не удалось', en: 'failed' },
  'cli.jobs.state.active': { ru: 'выполняется', en: 'running' },
  'cli.jobs.queues': { ru: 'Очереди', en: 'Queues' },
  'cli.jobs.queue': { ru: 'ждут {queued}, выполняются {active}, не удалось за 24 ч {failed}', en: 'waiting {queued}, running {active}, failed in 24 h {failed}' },
  'cli.jobs.queueFailure': { ru: 'последняя ошибка {at}: {error}', en: 'last failure {at}: {error}' },
  'cli.jobs.mail': { ru: 'Почта', en: 'Mail' },
  'cli.jobs.mailQueue': { ru: 'ждут отправки {pending}, не отправлено {failed}', en: 'waiting to be sent {pending}, failed {failed}' },
  'cli.jobs.mailQueueSince': {
    ru: 'ждут отправки {pending} (старейшее с {since}), не отправлено {failed}',
    en: 'waiting to be sent {pending} (the oldest since {since}), failed {failed}',
  },
  'cli.jobs.mailFailure': { ru: 'последнее неотправленное: {at}, {to}, {kind}: {error}', en: 'the last failed: {at}, {to}, {kind}: {error}' },
  'cli.jobs.stuck': { ru: 'Не движутся', en: 'Not moving' },
  'cli.jobs.stuck.waiting': { ru: 'задание ждёт с {since}', en: 'a job has waited since {since}' },
  'cli.jobs.stuck.expired': { ru: 'попытка просрочена с {since}', en: 'a try has been past its expiry since {since}' },
  'cli.jobs.stuck.mail-waiting': { ru: 'письмо ждёт отправки с {since}', en: 'a mail has waited to be sent since {since}' },
  'cli.jobs.stuck.mail-failed': {
    ru: 'письмо не удалось отправить (за 7 дней), последнее записано {since}',
    en: 'mail could not be sent (in the last 7 days), the last one written {since}',
  },
  'cli.jobs.stuck.unreadable': { ru: 'хранилище заданий не читается, проверено {since}', en: 'the job store could not be read, checked {since}' },
  'cli.jobs.allMoving': { ru: 'Все очереди движутся', en: 'Every queue moves' },
  // ritm counts: what rebuild set again, and what check found drifted.
  'cli.counts.rebuilt': {
    ru: 'Счётчики пересобраны за {seconds} с: организаций {organisations}, селекторов добавлено {added}, удалено {dropped}; публикаций с исправленным числом вложений {attachmentCounts}; строк расходилось с публикациями {drifted}; строк счётчиков теперь {rows}; строк ревизий организаций исправлено {revisions}; JSON публикаций переписан у {itemTexts}',
    en: "Counts rebuilt in {seconds} s: {organisations} organisations, {added} selectors added, {dropped} dropped; {attachmentCounts} items' attachment counts set again; {drifted} rows had drifted from the items; {rows} count rows now; {revisions} organisation revision rows set again; {itemTexts} items' JSON written again",
  },
  'cli.counts.match': { ru: 'Счётчики совпадают с публикациями', en: 'The counts match the items' },
  'cli.counts.drifted': { ru: 'Строк счётчиков, расходящихся с публикациями: {drifted}; выполните ritm counts rebuild', en: '{drifted} count rows differ from the items; run ritm counts rebuild' },
  'cli.counts.revisions': {
    ru: 'Строк ревизий организаций, расходящихся с организациями: {drifted}; выполните ritm counts rebuild',
    en: '{drifted} organisation revision rows differ from the organisations; run ritm counts rebuild',
  },
  'cli.counts.itemTexts': {
    ru: 'Публикаций, чей хранимый JSON расходится с их строкой: {drifted}; выполните ritm counts rebuild',
    en: "{drifted} items' kept JSON differs from their rows; run ritm counts rebuild",
  },
  'cli.counts.attachmentCounts': {
    ru: 'Публикаций, у которых число вложений расходится с файлами: {drifted}; выполните ritm counts rebuild',
    en: 'Items counting their attachments otherwise than the files they hold: {drifted}; run ritm counts rebuild',
  },
  'config.wholeNumber': { ru: 'ожидается целое число, получено «{raw}»', en: 'expected a whole number, got "{raw}"' },
  'config.between': { ru: 'ожидается {min}…{max}, получено {raw}', en: 'expected {min}…{max}, got {raw}' },
  'config.boolean': { ru: 'ожидается true или false, получено «{raw}»', en: 'expected true or false, got "{raw}"' },
  'config.httpUrl': { ru: 'ожидается адрес http:// или https://, получено «{raw}»', en: 'expected an http:// or https:// address, got "{raw}"' },
  'config.publicUrl': {
    ru: 'ожидается адрес http:// или https:// без параметров запроса и учётных данных, получено «{raw}»',
    en: 'expected an http:// or https:// address without query or credentials, got "{raw}"',
  },
  'config.proxyHops': { ru: 'ожидается не больше 10 прокси, получено {hops}', en: 'expected at most 10 proxy hops, got {hops}' },
  'config.proxy': {
    ru: 'ожидается true, false, число прокси или их адреса, получено «{raw}»',
    en: 'expected true, false, a number of hops or proxy addresses, got "{raw}"',
  },
  'config.logFormat': { ru: 'ожидается pretty или json, получено «{raw}»', en: 'expected pretty or json, got "{raw}"' },
  'config.secretEmpty': {
    ru: 'пусто: задайте 32 случайных байта в base64 (openssl rand -base64 32) или 64 шестнадцатеричные цифры',
    en: 'is empty: give 32 random bytes as base64 (openssl rand -base64 32) or 64 hex digits',
  },
  'config.secretEncoding': {
    ru: 'не base64 и не шестнадцатеричная запись: задайте 32 случайных байта в base64 (openssl rand -base64 32) или 64 шестнадцатеричные цифры',
    en: 'is neither base64 nor hex: give 32 random bytes as base64 (openssl rand -base64 32) or 64 hex digits',
  },
  'config.secretLength': {
    ru: 'должен быть {bytes} байта, а раскодируется в {got}: задайте 32 случайных байта в base64 (openssl rand -base64 32) или 64 шестнадцатеричные цифры',
    en: 'must be {bytes} bytes, it decodes to {got}: give 32 random bytes as base64 (openssl rand -base64 32) or 64 hex digits',
  },
  'config.smtpUrl': { ru: 'ожидается smtp://[пользователь:пароль@]хост[:порт] или smtps://…', en: 'expected smtp://[user:password@]host[:port] or smtps://…' },
  'config.mailFromRequired': {
    ru: 'обязателен при RITM_SMTP_URL: адрес, с которого уходит почта, например «Ритм <ritm@example.org>»',
    en: 'required with RITM_SMTP_URL: the address mail is sent from, e.g. "Ритм <ritm@example.org>"',
  },
  'config.publicUrlRequired': {
    ru: 'обязателен при RITM_SMTP_URL: адрес, по которому открывают Ритм (каждое письмо ссылается на него и несёт ссылку для отписки), например https://ritm.example.org',
    en: 'required with RITM_SMTP_URL: the address people reach Ritm at (every mail links into it and carries an unsubscribe link), e.g. https://ritm.example.org',
  },
  'config.mailFrom': {
    ru: 'ожидается адрес вида ritm@example.org или «Ритм <ritm@example.org>», получено «{raw}»',
    en: 'expected an address like ritm@example.org or "Ритм <ritm@example.org>", got "{raw}"',
  },
  'config.schema': {
    ru: 'ожидается имя схемы (строчные латинские буквы, цифры, _), получено «{raw}»',
    en: 'expected a schema name (lower-case letters, digits, _), got "{raw}"',
  },
  'config.postgresScheme': { ru: 'ожидается адрес postgres:// или postgresql://', en: 'expected a postgres:// or postgresql:// URL' },
  'config.postgresUrl': {
    ru: 'некорректный адрес: ожидается postgres://пользователь:пароль@хост:5432/база',
    en: 'not a valid URL: expected postgres://user:password@host:5432/database',
  },
  'config.readNeedsPrimary': {
    ru: 'требует DATABASE_URL: реплика для чтения — копия сервера PostgreSQL, а встроенная база данных им не является',
    en: 'requires DATABASE_URL: a read replica is a copy of a PostgreSQL server, which the embedded database is not',
  },
  'config.logLevel': { ru: 'ожидается одно из: {levels}', en: 'expected one of {levels}' },
  'config.host': { ru: 'не имя хоста и не адрес: «{raw}»', en: 'not a host name or address: "{raw}"' },
} as const satisfies Record<string, CatalogueEntry>;

export type MessageKey = keyof typeof CATALOGUE;

/** What a 404 may name: the catalogue's `noun.*` entries. */
export type Noun = MessageKey extends infer K ? (K extends `noun.${infer N}` ? N : never) : never;

type PlaceholdersOf<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | PlaceholdersOf<Rest> : never;
/** The parameters an entry names, in either language. */
export type ParamsOf<K extends MessageKey> = PlaceholdersOf<(typeof CATALOGUE)[K]['en']> | PlaceholdersOf<(typeof CATALOGUE)[K]['ru']>;

/** The entries that take no parameter: these may be named by their key alone. */
export type PlainKey = { [K in MessageKey]: [ParamsOf<K>] extends [never] ? K : never }[MessageKey];

/** A parameter's value: text or a number as it is, or another message in the same language. */
export type Param = string | number | Message;

/** A catalogue message with its parameters, rendered in the caller's language when answered. */
export interface Message {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, Param>>;
}

/**
 * A message of the catalogue; an entry with parameters must be given all of them.
 *
 * @example message('notFound', { what: message('noun.item') })
 */
export function message<K extends MessageKey>(key: K, ...params: [ParamsOf<K>] extends [never] ? [] : [Readonly<Record<ParamsOf<K>, Param>>]): Message {
  return params[0] === undefined ? { key } : { key, params: params[0] };
}

/** The contracts' own formats say what they ask for in their own entries (`format.text`, …). */
const ownFormat = (key: string): key is Extract<PlainKey, `format.${string}`> => key.startsWith('format.') && Object.hasOwn(CATALOGUE, key);

/**
 * The placeholders a catalogue entry names in either language, or undefined when the catalogue
 * has no such key: for messages chosen at run time (a source error's most exact wording).
 */
export function placeholdersOf(key: string): string[] | undefined {
  if (!Object.hasOwn(CATALOGUE, key)) return undefined;
  const entry: CatalogueEntry = CATALOGUE[key as MessageKey];
  return [...new Set([...`${entry.ru}\u0000${entry.en}`.matchAll(/\{([^}]+)\}/g)].map((found) => found[1]!))];
}

/** The message in a language, its parameters filled in. */
export function render(msg: Message, lang: Language): string {
  const text: string = CATALOGUE[msg.key][lang];
  const params = msg.params;
  if (params === undefined) return text;
  return text.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'object' ? render(value, lang) : String(value);
  });
}

/** The file system's faults a user can put right, by Node's `code`; each has a `cli.fs.*` entry (EPERM reads as EACCES). */
const FILE_FAULTS = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EEXIST', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENAMETOOLONG']);

/**
 * What a file system fault means in the catalogue's words (`it is a folder, not a file`), or
 * undefined for any other error: the system's own (`EISDIR: illegal operation on a directory`)
 * are English and name no remedy.
 */
export function fileFaultReason(error: unknown): Message | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !FILE_FAULTS.has(code)) return undefined;
  return message(`cli.fs.${code === 'EPERM' ? 'EACCES' : code}` as 'cli.fs.ENOENT');
}

/** `No such organisation` / `Не найдено: организация`. */
export const notFoundMessage = (what: Noun): Message => message('notFound', { what: message(`noun.${what}`) });

// ---- Validation details ---------------------------------------------------------------------

/**
 * Placeholders of a domain issue's entry that its code's parameters do not fill: `never` when
 * every entry names only its code's values (the catalogue test asserts it, so `tsc` checks it).
 */
export type StrayIssuePlaceholders = { [C in IssueCode]: Exclude<ParamsOf<IssueKey<C>>, keyof IssueParams[C]> }[IssueCode];

/** A domain parameter as message text: a list joined with commas, a value as it is. */
const paramText = (value: unknown): string | number => (Array.isArray(value) ? value.join(', ') : typeof value === 'number' ? value : String(value));

/** The catalogue message of a domain validator's issue, from its code and parameters. */
export function issueMessage(found: Issue): Message {
  const params = Object.fromEntries(Object.entries(issueParams(found)).map(([name, value]) => [name, paramText(value)]));
  return { key: `issue.${found.code}`, params };
}

/** A domain validator's issue as a detail from the catalogue. */
export function domainDetail(found: Issue): Detail {
  return { path: found.path, message: issueMessage(found) };
}

/** One bad field: where it is and what is wrong with it, rendered in the caller's language. */
export interface Detail {
  path: string;
  message: Message;
}

/** A detail as answered. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export const renderDetails = (details: readonly Detail[], lang: Language): ErrorDetail[] =>
  details.map((detail) => ({ path: detail.path, message: render(detail.message, lang) }));

/** `body.items[3].at` from the part of the request and a JSON pointer. */
export function fieldPath(context: string, instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((acc, segment) => (/^\d+$/.test(segment) ? `${acc}[${segment}]` : `${acc}.${segment}`), context);
}

/** A JSON pointer one property further (`~` and `/` in its name escaped). */
export const pointer = (base: string, property: string) => `${base}/${property.replaceAll('~', '~0').replaceAll('/', '~1')}`;

/** The union (`anyOf`/`oneOf`) an error belongs to: its outermost one's schema path, or undefined. */
function unionOf(error: TValidationError): string | undefined {
  const outer = /^(.*?)\/(?:anyOf|oneOf)\/\d+(?:\/|$)/.exec(error.schemaPath)?.[1];
  // A union's own error, of a union inside another (`(literals) | null`), belongs to the outer one.
  if (error.keyword === 'anyOf' || error.keyword === 'oneOf') return outer ?? error.schemaPath;
  return outer;
}

/**
 * Where in the value a union's error lies: the instance path cut to the depth the union's schema
 * path reaches (each `properties/x`, `items`, `additionalProperties` or `patternProperties/p` is
 * one step into the value; `anyOf/n` none), so that a branch's deeper errors and the union's own
 * share it, and two elements of a list do not.
 */
function valueOfUnion(error: TValidationError, union: string): string {
  const steps = union.replace(/^#\/?/, '').split('/').filter((part) => part !== '');
  let depth = 0;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (step === 'properties' || step === 'patternProperties') {
      depth++;
      i++;
    } else if (step === 'items' || step === 'additionalProperties') depth++;
    else if (step === 'anyOf' || step === 'oneOf' || step === 'allOf') i++;
  }
  return error.instancePath.split('/').slice(0, depth + 1).join('/');
}

type Params = Record<string, unknown>;
const list = (value: unknown): string => [value].flat().join(', ');

/**
 * The contracts' patterns in words (`pattern.*`), keyed by the pattern itself: an answer says what
 * is expected, never the regular expression.
 */
const PATTERN_WORDS: Readonly<Record<string, Extract<PlainKey, `pattern.${string}`>>> = {
  [VOCABULARY_CODE_PATTERN]: 'pattern.code',
  [FIGURE_NAME_PATTERN]: 'pattern.figure',
  [NORM_KEY_PATTERN]: 'pattern.normKey',
  [WEB_URL_PATTERN]: 'pattern.webUrl',
  '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$': 'pattern.email',
  [NOT_BLANK_PATTERN]: 'pattern.notBlank',
  '^\\d{1,18}$': 'pattern.digits',
  '^\\d{4}-\\d{2}-\\d{2}$': 'pattern.localDate',
  '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2}))?$': 'pattern.itemAt',
  '^[0-9a-f]{64}$': 'pattern.sha256',
  [VK_COMMUNITY_PATTERN]: 'pattern.vkCommunity',
  [TELEGRAM_CHAT_PATTERN]: 'pattern.telegramChat',
  [TELEGRAM_USERNAME_PATTERN]: 'pattern.telegramUsername',
  '^(RRULE:)?[A-Za-z]+=': 'pattern.rrule',
  // issue 15 — templates
  [TEMPLATE_TIME_PATTERN]: 'pattern.timeOfDay',
};

/** What a pattern asks for, in words; a pattern not listed is "has the wrong form". */
export function patternMessage(pattern: string): Message {
  const words = Object.hasOwn(PATTERN_WORDS, pattern) ? PATTERN_WORDS[pattern] : undefined;
  return words === undefined ? message('fieldPatternUnknown') : message('fieldPatternWords', { expected: message(words) });
}

const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'] as const;
/** A JSON type in words («текст», «пустое значение»), not its JSON Schema name. */
const typeWords = (type: string): string | Message => ((JSON_TYPES as readonly string[]).includes(type) ? message(`type.${type as (typeof JSON_TYPES)[number]}`) : type);

/** Several words as one parameter, in the caller's language. */
function listOf(parts: readonly (string | Message)[]): Param {
  return parts.slice(0, -1).reduceRight<Param>((rest, first) => message('listPair', { first, rest }), parts.at(-1) ?? '');
}

/** What one branch of a union wanted, for a "must be one of" message: values, types or formats; undefined for anything else. */
function branchWanted(error: TValidationError): (string | Message)[] | undefined {
  const params = error.params as Params;
  if (error.keyword === 'const') return [String(params.allowedValue)];
  if (error.keyword === 'type') return [params.type].flat().map((type) => typeWords(String(type)));
  if (error.keyword === 'format') {
    const own = `format.${String(params.format)}`;
    return [ownFormat(own) ? message(own) : String(params.format)];
  }
  return undefined;
}

/** The index of the union branch an error came from (`…/anyOf/1/…` → 1). */
const branchOf = (error: TValidationError, union: string): string => error.schemaPath.slice(union.length).split('/')[2] ?? '';

/** A TypeBox error kind as a catalogue message with its parameters. */
export function fieldMessage(error: TValidationError): Message {
  const params = error.params as Params;
  // Widened: the validation plugin adds a kind of its own, `repeated`.
  switch (error.keyword as string) {
    case 'type':
      return message('fieldType', { type: listOf([params.type].flat().map((type) => typeWords(String(type)))) });
    case 'const':
      return message('fieldConst', { value: String(params.allowedValue) });
    case 'enum':
      return message('fieldOneOf', { values: list(params.allowedValues) });
    case 'format': {
      const own = `format.${String(params.format)}`;
      return ownFormat(own) ? message('fieldFormatOwn', { what: message(own) }) : message('fieldFormat', { format: String(params.format) });
    }
    case 'pattern':
      return patternMessage(String(params.pattern));
    case 'minLength':
      // "not fewer than 1 characters" is said as a person says it.
      return Number(params.limit) === 1 ? message('fieldNotEmpty') : message('fieldMinLength', { limit: Number(params.limit) });
    case 'maxLength':
      return message('fieldMaxLength', { limit: Number(params.limit) });
    case 'minItems':
      return Number(params.limit) === 1 ? message('fieldNotEmpty') : message('fieldMinItems', { limit: Number(params.limit) });
    case 'maxItems':
      return message('fieldMaxItems', { limit: Number(params.limit) });
    case 'minProperties':
      return Number(params.limit) === 1 ? message('fieldNotEmpty') : message('fieldMinProperties', { limit: Number(params.limit) });
    case 'maxProperties':
      return message('fieldMaxProperties', { limit: Number(params.limit) });
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return message('fieldCompare', { comparison: String(params.comparison), limit: Number(params.limit) });
    case 'multipleOf':
      return message('fieldMultipleOf', { multipleOf: Number(params.multipleOf) });
    case 'uniqueItems':
      return message('fieldUniqueItems');
    case 'repeated':
      // A query parameter given more than once (plugins/validation.ts).
      return message('fieldRepeated');
    default:
      return message('fieldInvalid');
  }
}

/**
 * Turns TypeBox's validation errors into one detail per bad field, never losing the field's path:
 * a missing or an unknown field is named in the path, and the branches of a union (`'a' | 'b'`,
 * `uuid | null`) become one "must be one of" message. Each message is a catalogue entry.
 */
export function validationDetails(context: string, errors: readonly TValidationError[]): Detail[] {
  const details: Detail[] = [];
  const add = (path: string, msg: Message) => details.push({ path: fieldPath(context, path), message: msg });
  const unionsDone = new Set<string>();
  for (const error of errors) {
    const union = unionOf(error);
    if (union !== undefined) {
      // One union of a schema fails in as many places as the value holds it (each element of a list).
      const where = valueOfUnion(error, union);
      if (unionsDone.has(`${union} ${where}`)) continue;
      unionsDone.add(`${union} ${where}`);
      const members = errors.filter((e) => unionOf(e) === union && valueOfUnion(e, union) === where);
      const branches = members.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
      const at = members.map((e) => e.instancePath).reduce((a, b) => (b.length < a.length ? b : a));
      // A branch whose type the value has, failing on something else (a pattern, a length): that
      // branch's own rule is what the writer needs to hear (`url: text | null` given a bad link).
      const typed = branches.filter((e) => e.keyword !== 'type' && e.keyword !== 'const' && e.keyword !== 'format');
      if (typed.length > 0 && new Set(typed.map((e) => branchOf(e, union))).size === 1) {
        add(typed[0]!.instancePath, fieldMessage(typed[0]!));
        continue;
      }
      // A literal's branch says both "must be text" and "must be 'planned'": the value says it all.
      const literals = new Set(branches.filter((e) => e.keyword === 'const').map((e) => e.schemaPath));
      const wanted = branches.filter((e) => !(e.keyword === 'type' && literals.has(e.schemaPath))).map(branchWanted);
      // TypeBox adds a union's own error after its branches': without it, the list was cut at its
      // error limit (plugins/validation.ts) and naming part of the values would mislead.
      const whole = members.some((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && e.schemaPath === union);
      const listable = whole && wanted.every((w) => w !== undefined) && wanted.length > 0;
      const values = listable ? [...new Map(wanted.flat().map((w) => [JSON.stringify(w), w!])).values()] : [];
      // A branch that is no plain value (a length, a pattern) cannot be listed: say the value is not valid.
      add(at, listable ? message('fieldOneOf', { values: listOf(values) }) : message('fieldInvalid'));
    } else if (error.keyword === 'required') {
      for (const property of (error.params as { requiredProperties: string[] }).requiredProperties) add(pointer(error.instancePath, property), message('fieldRequired'));
    } else if (error.keyword === 'additionalProperties') {
      for (const property of (error.params as { additionalProperties: string[] }).additionalProperties) add(pointer(error.instancePath, property), message('fieldUnknown'));
    } else if (error.keyword === 'boolean' && error.schemaPath.endsWith('/additionalProperties')) {
      // The same unknown field again, reported by the `false` sub-schema.
    } else {
      add(error.instancePath, fieldMessage(error));
    }
  }
  return details;
}

/** Every entry without parameters as a ready message: `MESSAGES.forbidden`. */
export const MESSAGES = Object.fromEntries(Object.keys(CATALOGUE).map((key) => [key, { key }])) as { readonly [K in PlainKey]: Message };
