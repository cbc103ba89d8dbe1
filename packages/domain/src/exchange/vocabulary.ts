/**
 * What people write in a media plan's «Формат» and «Статус» columns, as the domain's kinds and
 * statuses. Data, not code: an organisation overrides or extends the format words with its own
 * mapping (remembered by the API), and the admin shows the whole table for editing.
 */
import { isEventKind, ITEM_KINDS, ITEM_STATUSES, type ItemKind, type ItemStatus } from '../item.js';
import { normaliseWords } from './text.js';

/** Format words → kinds, as offices write them (normalised with `normaliseWords` when read). */
export const DEFAULT_FORMAT_KINDS: Readonly<Record<string, ItemKind>> = {
  пост: 'post',
  'публикация в соцсетях': 'post',
  'публикация в социальных сетях': 'post',
  сторис: 'post',
  репост: 'post',
  анонс: 'post',
  новость: 'post',
  'новость на сайте': 'publication',
  'пресс релиз': 'press_release',
  релиз: 'press_release',
  комментарий: 'comment',
  'комментарий для сми': 'comment',
  интервью: 'publication',
  статья: 'publication',
  публикация: 'publication',
  'публикация в сми': 'publication',
  колонка: 'publication',
  буклет: 'print_material',
  листовка: 'print_material',
  брошюра: 'print_material',
  плакат: 'print_material',
  газета: 'print_material',
  'печатные материалы': 'print_material',
  видео: 'video',
  видеоролик: 'video',
  ролик: 'video',
  reels: 'video',
  клип: 'video',
  трансляция: 'video',
  аудио: 'audio',
  подкаст: 'audio',
  радио: 'audio',
  вакансия: 'vacancy_material',
  'материал о вакансиях': 'vacancy_material',
  стенд: 'stand_update',
  'обновление стенда': 'stand_update',
  'информационный стенд': 'stand_update',
  рассылка: 'newsletter',
  дайджест: 'newsletter',
  'ярмарка вакансий': 'public_event',
  'публичное мероприятие': 'public_event',
  мероприятие: 'public_event',
  акция: 'public_event',
  'пресс конференция': 'public_event',
  брифинг: 'public_event',
  'круглый стол': 'group_event',
  семинар: 'group_event',
  вебинар: 'group_event',
  встреча: 'meeting',
  совещание: 'meeting',
  собрание: 'meeting',
  'заседание комиссии': 'commission_meeting',
  комиссия: 'commission_meeting',
  смотр: 'review',
  конкурс: 'review',
  отчет: 'report',
  post: 'post',
  'press release': 'press_release',
  article: 'publication',
  leaflet: 'print_material',
  booklet: 'print_material',
  video: 'video',
  podcast: 'audio',
  newsletter: 'newsletter',
  'job fair': 'public_event',
  event: 'public_event',
  meeting: 'meeting',
  report: 'report',
};

/**
 * The kind a format (or kind) cell names: a kind's own code (`press_release`), the
 * organisation's words, the defaults, or a known word the cell begins with («Пост ВКонтакте» is a
 * post, «Видео-интервью» a video). Undefined when nothing fits: the row reports it.
 *
 * @example kindOfFormat('Пресс-релиз') // 'press_release'
 * @example kindOfFormat('Ярмарка вакансий') // 'public_event'
 * @example kindOfFormat('лонгрид', { лонгрид: 'publication' }) // 'publication'
 */
export function kindOfFormat(format: string, overrides: Readonly<Record<string, ItemKind>> = {}): ItemKind | undefined {
  const trimmed = format.trim();
  if ((ITEM_KINDS as readonly string[]).includes(trimmed)) return trimmed;
  const key = normaliseWords(trimmed);
  if (key === '') return undefined;
  const own = lookup(overrides, key);
  if (own !== undefined) return own;
  const known = lookup(DEFAULT_FORMAT_KINDS, key);
  if (known !== undefined) return known;
  const words = key.split(' ');
  for (let n = words.length - 1; n >= 1; n--) {
    const start = words.slice(0, n).join(' ');
    const found = lookup(overrides, start) ?? lookup(DEFAULT_FORMAT_KINDS, start);
    if (found !== undefined) return found;
  }
  return undefined;
}

function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  if (Object.hasOwn(table, key)) return table[key];
  // The organisation's own words may be stored as typed: compare them normalised too.
  for (const [word, value] of Object.entries(table)) if (normaliseWords(word) === key) return value;
  return undefined;
}

/** Status words: `done` becomes `published` or `held` by the item's kind. */
export const STATUS_WORDS: Readonly<Record<string, ItemStatus | 'done'>> = {
  запланировано: 'planned',
  запланирован: 'planned',
  запланирована: 'planned',
  план: 'planned',
  планируется: 'planned',
  'не начато': 'planned',
  'в работе': 'in_progress',
  'в процессе': 'in_progress',
  готовится: 'in_progress',
  подготовка: 'in_progress',
  'на согласовании': 'in_progress',
  опубликовано: 'published',
  опубликован: 'published',
  опубликована: 'published',
  вышло: 'published',
  размещено: 'published',
  проведено: 'held',
  проведен: 'held',
  проведена: 'held',
  состоялось: 'held',
  выполнено: 'done',
  выполнен: 'done',
  выполнена: 'done',
  исполнено: 'done',
  готово: 'done',
  да: 'done',
  отменено: 'cancelled',
  отменен: 'cancelled',
  отменена: 'cancelled',
  отмена: 'cancelled',
  'не состоялось': 'cancelled',
  planned: 'planned',
  'in progress': 'in_progress',
  published: 'published',
  held: 'held',
  done: 'done',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

/**
 * The status a cell names, for an item of a kind: a status code, or a word of
 * {@link STATUS_WORDS}; «выполнено» is `held` for an event and `published` otherwise, and so is
 * «опубликовано»/«проведено» written for the other sort (people do not weigh the verb).
 * Undefined when the word is unknown.
 *
 * @example statusOfWord('Опубликовано', 'post') // 'published'
 * @example statusOfWord('выполнено', 'public_event') // 'held'
 */
export function statusOfWord(word: string, kind: ItemKind): ItemStatus | undefined {
  const trimmed = word.trim();
  const key = normaliseWords(trimmed);
  const found: ItemStatus | 'done' | undefined = (ITEM_STATUSES as readonly string[]).includes(trimmed)
    ? (trimmed as ItemStatus)
    : Object.hasOwn(STATUS_WORDS, key)
      ? STATUS_WORDS[key]
      : undefined;
  if (found === 'done' || found === 'published' || found === 'held') return isEventKind(kind) ? 'held' : 'published';
  return found;
}
