/**
 * The one dictionary of a media plan's columns (Mintrud rec. p.70: events and news hooks, dates,
 * topics and formats, media or platforms): each field of an item with the heading the export
 * writes and the headings people write in their own tables, Russian and English. The importer
 * places a column by its heading with {@link fieldOfHeading}; the export writes
 * {@link MEDIA_PLAN_COLUMNS}' `heading` in this order, so that export → import changes nothing.
 * Keep the field names and headings stable: files in the wild carry them.
 */
import { normaliseWords } from './text.js';

/** The fields of an item a column can hold. `number` (a row's «№») is recognised and not imported. */
export const IMPORT_FIELDS = [
  'number',
  'at',
  'time',
  'title',
  'newsHook',
  'format',
  'kind',
  'channels',
  'audiences',
  'keyMessages',
  'responsible',
  'status',
  'publishedAt',
  'url',
  'views',
  'likes',
  'reposts',
  'comments',
  'notes',
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number];

/** A column of the media plan: its field, the heading written on export (ru, en), and what people write. */
export interface MediaPlanColumn {
  field: ImportField;
  /** The heading the export writes (Russian, the product's language). */
  heading: string;
  /** The same in English, for files written in English. */
  headingEn: string;
  /** Other headings people write for it, Russian and English, as they write them. */
  aliases: readonly string[];
}

/** Every column, in the order the export writes them. */
export const MEDIA_PLAN_COLUMNS: readonly MediaPlanColumn[] = [
  { field: 'number', heading: '№', headingEn: 'No.', aliases: ['№ п/п', 'N', 'Номер', '#', 'Number'] },
  { field: 'at', heading: 'Дата', headingEn: 'Date', aliases: ['Дата выхода', 'Дата публикации', 'Дата проведения', 'Срок', 'Сроки', 'Срок исполнения', 'Когда', 'Day', 'Due date', 'When'] },
  { field: 'time', heading: 'Время', headingEn: 'Time', aliases: ['Время выхода', 'Время публикации'] },
  { field: 'title', heading: 'Тема', headingEn: 'Title', aliases: ['Название', 'Заголовок', 'Тема публикации', 'Наименование', 'Topic', 'Subject', 'Headline'] },
  { field: 'newsHook', heading: 'Инфоповод', headingEn: 'News hook', aliases: ['Мероприятие', 'Событие', 'Информационный повод', 'Мероприятие / инфоповод', 'Event', 'Occasion'] },
  { field: 'format', heading: 'Формат', headingEn: 'Format', aliases: ['Форма', 'Формат публикации', 'Формат материала', 'Жанр', 'Type of material'] },
  { field: 'kind', heading: 'Вид', headingEn: 'Kind', aliases: ['Вид материала', 'Тип', 'Тип материала', 'Type', 'Item kind'] },
  {
    field: 'channels',
    heading: 'Канал',
    headingEn: 'Channel',
    aliases: ['Каналы', 'Площадка', 'Площадки', 'СМИ / площадка', 'СМИ', 'Канал размещения', 'Где', 'Channels', 'Platform', 'Platforms', 'Media', 'Outlet'],
  },
  { field: 'audiences', heading: 'Аудитория', headingEn: 'Audience', aliases: ['Целевая аудитория', 'ЦА', 'Аудитории', 'Target audience', 'Audiences'] },
  { field: 'keyMessages', heading: 'Ключевое сообщение', headingEn: 'Key message', aliases: ['Ключевые сообщения', 'Ключевая идея', 'Key messages', 'Message'] },
  { field: 'responsible', heading: 'Ответственный', headingEn: 'Responsible', aliases: ['Ответственные', 'Исполнитель', 'Ответственное лицо', 'Автор', 'Owner', 'Assignee'] },
  { field: 'status', heading: 'Статус', headingEn: 'Status', aliases: ['Состояние', 'Отметка о выполнении', 'Выполнение', 'State'] },
  { field: 'publishedAt', heading: 'Опубликовано', headingEn: 'Published at', aliases: ['Фактическая дата', 'Дата факт', 'Вышло', 'Published'] },
  { field: 'url', heading: 'Ссылка', headingEn: 'Link', aliases: ['Ссылка на публикацию', 'Ссылка на материал', 'URL', 'Адрес', 'Web link'] },
  { field: 'views', heading: 'Охват', headingEn: 'Reach', aliases: ['Просмотры', 'Количество просмотров', 'Views'] },
  { field: 'likes', heading: 'Отметки «Нравится»', headingEn: 'Likes', aliases: ['Лайки', 'Нравится'] },
  { field: 'reposts', heading: 'Репосты', headingEn: 'Reposts', aliases: ['Поделились', 'Shares'] },
  { field: 'comments', heading: 'Комментарии', headingEn: 'Comments', aliases: ['Количество комментариев'] },
  { field: 'notes', heading: 'Примечание', headingEn: 'Notes', aliases: ['Примечания', 'Заметки', 'Комментарий', 'Note', 'Remarks'] },
];

/** The column of a field. */
export function columnOf(field: ImportField): MediaPlanColumn {
  return MEDIA_PLAN_COLUMNS.find((column) => column.field === field)!;
}

/** Every normalised spelling of every heading → its field (one spelling belongs to one field). */
const BY_HEADING: ReadonlyMap<string, ImportField> = new Map(
  MEDIA_PLAN_COLUMNS.flatMap((column) => [column.heading, column.headingEn, ...column.aliases].map((h) => [normaliseWords(h), column.field] as const)),
);

/** Every spelling's words: the most a known beginning of a heading can have. */
const MOST_WORDS = Math.max(...[...BY_HEADING.keys()].map((key) => key.split(' ').length));

/**
 * The longest heading that is offered fields like it ({@link suggestFields}): four times the
 * longest spelling (23 characters, «количество комментариев»), so that a heading with a note
 * after it («Ответственный за подготовку (отдел, ФИО)») still is. A longer one is a paragraph
 * pasted into the heading row; each suggestion costs its length times every spelling's, so a
 * heading of 200,000 letters held the server for 24 seconds (found by a probe).
 */
export const SUGGESTED_HEADING_MAX = 100;

/** A heading as the dictionary compares it (see `normaliseWords`): «Дата выхода:» → 'дата выхода'. */
export const headingKey = normaliseWords;

/**
 * The field a heading names: exactly (after {@link headingKey}), or by its first words — «Дата
 * (план)» and «Канал размещения (VK, TG)» are a date and channels; the longest known beginning
 * wins. Undefined when the heading names no field: the column is offered for mapping.
 *
 * @example fieldOfHeading('СМИ / площадка') // 'channels'
 * @example fieldOfHeading('Дата выхода (план)') // 'at'
 * @example fieldOfHeading('Бюджет') // undefined
 */
export function fieldOfHeading(heading: string, mapping: Readonly<Record<string, ImportField | null>> = {}): ImportField | undefined {
  const key = headingKey(heading);
  if (key === '') return undefined;
  // An organisation's own mapping first (null: "do not import this column").
  if (Object.hasOwn(mapping, key)) return mapping[key] ?? undefined;
  const exact = BY_HEADING.get(key);
  if (exact !== undefined) return exact;
  const words = key.split(' ');
  // No spelling has more words than the longest: a heading of thousands of words is tried by its
  // first few only, not by every beginning (each a join of the words before it).
  for (let n = Math.min(words.length - 1, MOST_WORDS); n >= 1; n--) {
    const found = BY_HEADING.get(words.slice(0, n).join(' '));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether a heading is the organisation's "skip this column" choice. */
export function isSkippedHeading(heading: string, mapping: Readonly<Record<string, ImportField | null>>): boolean {
  const key = headingKey(heading);
  return Object.hasOwn(mapping, key) && mapping[key] === null;
}

/**
 * Fields a heading that names none might mean, best first: those sharing a word with one of
 * the field's spellings, then by edit distance of the whole heading (at most a third of its
 * length, and 2 for short ones). At most `limit`; none for a heading longer than
 * {@link SUGGESTED_HEADING_MAX}.
 *
 * @example suggestFields('Подразделение ответственное')[0] // 'responsible'
 * @example suggestFields('Б'.repeat(101)) // []
 */
export function suggestFields(heading: string, limit = 3): ImportField[] {
  const key = headingKey(heading);
  if (key.length > SUGGESTED_HEADING_MAX) return [];
  const words = new Set(key.split(' ').filter((w) => w.length > 2));
  const within = Math.max(2, Math.floor(key.length / 3));
  const scored = MEDIA_PLAN_COLUMNS.filter((c) => c.field !== 'number').map((column) => {
    const spellings = [column.heading, column.headingEn, ...column.aliases].map(headingKey);
    const shared = Math.max(...spellings.map((s) => s.split(' ').filter((w) => words.has(w) || [...words].some((x) => x.length > 4 && w.startsWith(x.slice(0, 5)))).length));
    const distance = Math.min(...spellings.map((s) => editDistance(s, key, within)));
    return { field: column.field, shared, distance };
  });
  return scored
    .filter((s) => s.shared > 0 || s.distance <= within)
    .sort((a, b) => b.shared - a.shared || a.distance - b.distance)
    .slice(0, limit)
    .map((s) => s.field);
}

/**
 * The edit distance of two texts when it is at most `most`, else `most + 1`: texts whose lengths
 * differ by more are that far apart without a look, and a row of the table whose every entry is
 * past `most` ends the count (every later row only grows).
 */
function editDistance(a: string, b: string, most: number): number {
  if (Math.abs(a.length - b.length) > most) return most + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...current) > most) return most + 1;
    previous = current;
  }
  return Math.min(previous[b.length]!, most + 1);
}
