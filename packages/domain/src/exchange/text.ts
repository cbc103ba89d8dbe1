/**
 * How people's spellings of one word are made the same before they are compared: a heading
 * («Дата  выхода:»), a catalogue name («Канал "Профсоюз"»), a format («Пресс-релиз»).
 */

/** Quotes of every kind people and word processors type: «» „“ "" '' ‹› and the like. */
const QUOTES = /["'«»„“”‘’‚‹›`]/g;
/** Punctuation that separates words in a heading but carries no meaning there. */
const PUNCTUATION = /[.,:;!?()[\]{}/\\|*_+=~–—-]+/g;

/**
 * A text as words to compare: lower case, «ё» as «е», no quotes, punctuation as spaces, single
 * spaces, trimmed. «№» stays: it is a heading of its own.
 *
 * @example normaliseWords('  «Дата выхода»: ') // 'дата выхода'
 * @example normaliseWords('СМИ / площадка') // 'сми площадка'
 */
export function normaliseWords(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(QUOTES, '')
    .replace(PUNCTUATION, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A name as a key for a catalogue: case, «ё/е», quotes and spaces do not count (hyphens and
 * other punctuation do: «Пресс-служба» and «Пресс служба» are usually the same, but «ВК-2» and
 * «ВК 2» need not be, so only spaces go).
 *
 * @example nameKey('Канал «Профсоюз  Ёлки»') === nameKey('канал профсоюз елки') // true
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replaceAll('ё', 'е').replace(QUOTES, '').replace(/\s+/g, '');
}
