/**
 * Names in cells matched to the organisation's catalogue: channels, audiences, key messages and
 * people, ignoring case, «ё/е», quotes and spaces (see `nameKey`).
 */
import { nameKey } from './text.js';

/** An entry of a catalogue: its id and the names it answers to (a channel's name, a person's name and e-mail). */
export interface CatalogueEntry {
  id: string;
  names: readonly string[];
}

/** A catalogue ready for look-ups: name key → the ids that answer to it. */
export type NameIndex = ReadonlyMap<string, readonly string[]>;

/** Indexes a catalogue by {@link nameKey} of every name. */
export function indexNames(entries: readonly CatalogueEntry[]): NameIndex {
  const index = new Map<string, string[]>();
  for (const entry of entries) {
    for (const name of entry.names) {
      const key = nameKey(name);
      if (key === '') continue;
      const ids = index.get(key) ?? [];
      if (!ids.includes(entry.id)) ids.push(entry.id);
      index.set(key, ids);
    }
  }
  return index;
}

/** A name's match: one id, none, or several (two entries with the same name: the cell must say which). */
export type NameMatch = { id: string } | { missing: string } | { ambiguous: string };

/**
 * Matches one name.
 *
 * @example matchName(indexNames([{ id: 'c1', names: ['Telegram'] }]), ' telegram ') // { id: 'c1' }
 */
export function matchName(index: NameIndex, name: string): NameMatch {
  const ids = index.get(nameKey(name)) ?? [];
  if (ids.length === 1) return { id: ids[0]! };
  return ids.length === 0 ? { missing: name.trim() } : { ambiguous: name.trim() };
}

/**
 * The names in a cell that holds several: the whole cell when it is one known name (a key
 * message may contain a comma), else its parts split on `;` and new lines, and each part that
 * is not a known name split again on `,`. Blank parts go; each name once.
 *
 * @example splitNames('ВК, Telegram; сайт', new Map()) // ['ВК', 'Telegram', 'сайт']
 */
export function splitNames(cell: string, index: NameIndex): string[] {
  const whole = cell.trim();
  if (whole === '') return [];
  if (index.has(nameKey(whole))) return [whole];
  const names = whole.split(/[;\n\r]+/).flatMap((part) => {
    const p = part.trim();
    return index.has(nameKey(p)) ? [p] : p.split(',');
  });
  const seen = new Set<string>();
  return names
    .map((n) => n.trim())
    .filter((n) => {
      const key = nameKey(n);
      if (key === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
