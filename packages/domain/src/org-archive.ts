/**
 * Archiving an organisation: its history stays, but nothing in it changes
 * until it is unarchived, and it no longer counts in the roll-ups of the
 * organisations above it. An organisation below an archived one is archived
 * with it.
 */
import type { Capability } from './access.js';

/**
 * What an archive withholds: every change to the organisation's items, plans,
 * catalogues, norms and exemptions. Reading, the audit log, people's roles and
 * administering the organisation itself (unarchiving, deleting) stay.
 */
export const WITHHELD_IN_ARCHIVE: readonly Capability[] = [
  'item.edit',
  'plan.edit',
  'plan.approve',
  'catalogue.edit',
  'norm.manage',
  'norm.adjust',
  'exemption.grant',
];

/**
 * What a person may do in an organisation, given what their roles allow and
 * whether the organisation (or one above it) is archived.
 *
 * @example capabilitiesInArchive(['org.read', 'item.edit', 'org.admin'], true) // ['org.read', 'org.admin']
 * @example capabilitiesInArchive(['org.read', 'item.edit'], false) // ['org.read', 'item.edit']
 */
export function capabilitiesInArchive<C extends Capability>(capabilities: readonly C[], archived: boolean): C[] {
  return archived ? capabilities.filter((capability) => !WITHHELD_IN_ARCHIVE.includes(capability)) : [...capabilities];
}
