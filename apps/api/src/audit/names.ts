import { isUuid } from '@ritm/domain/uuid';

/** How many ids one page may ask names for: a page of 500 rows names far fewer in practice. */
const MAX_IDS = 2000;

/**
 * The identifiers an audit page's snapshots mention (a channel's id in an item's `channelIds`,
 * a plan's `approvedBy`), found at any depth, the rows' own ids left out.
 */
export function idsInSnapshots(entries: readonly { before: unknown; after: unknown }[]): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (found.size >= MAX_IDS) return;
    if (typeof value === 'string') {
      if (isUuid(value)) found.add(value.toLowerCase());
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, v] of Object.entries(value)) if (key !== 'id') walk(v);
    }
  };
  for (const entry of entries) {
    walk(entry.before);
    walk(entry.after);
  }
  return [...found];
}
