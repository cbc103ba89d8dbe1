/**
 * Archiving an organisation: its history stays, but nothing in it changes
 * until it is unarchived, and it no longer counts in the roll-ups of the
 * organisations above it. An organisation below an archived one is archived
 * with it.
 */
import { CAPABILITIES, type Capability } from './access.js';

/**
 * What an archive leaves a person: reading, the audit log, people's roles and
 * administering the organisation itself (unarchiving, deleting).
 */
const KEPT_IN_ARCHIVE: readonly Capability[] = ['org.read', 'audit.read', 'org.admin', 'member.manage'];

/**
 * What an archive withholds: every other capability — every change to the
 * organisation's items, plans, catalogues, norms and exemptions.
 */
export const WITHHELD_IN_ARCHIVE: readonly Capability[] = CAPABILITIES.filter((capability) => !KEPT_IN_ARCHIVE.includes(capability));

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
