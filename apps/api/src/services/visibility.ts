import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { message, type Detail, type Message } from '../http/messages.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { visibleIds } from '../repositories/references.js';

/** Why an audience (or key message) cannot be referred to from an organisation. */
export function visibilityMessage(table: 'audiences' | 'key_messages'): Message {
  return message(table === 'audiences' ? 'fieldNotAudienceHere' : 'fieldNotKeyMessageHere');
}

/** Records a detail at `path[i]` for each id that is not an audience (or key message) of the organisation or one above it. */
export async function checkVisible(
  trx: Transaction<DB>,
  table: 'audiences' | 'key_messages',
  org: OrganisationContext,
  ids: readonly string[],
  path: string,
  details: Detail[],
): Promise<void> {
  const found = await visibleIds(trx, table, org, ids);
  ids.forEach((id, i) => {
    if (!found.has(id)) details.push({ path: `${path}[${i}]`, message: visibilityMessage(table) });
  });
}
