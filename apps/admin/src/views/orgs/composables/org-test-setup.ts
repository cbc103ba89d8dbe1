import { capabilitiesOf } from '@ritm/domain/access';
import type { Role } from '@ritm/domain/access';
import type { Organisation } from '../../../api/types.js';

/** An organisation as the API sends it, for the organisations screen's tests. */
export function orgOf(id: string, parentId: string | null, overrides: Partial<Organisation> & { as?: Role } = {}): Organisation {
  const { as = 'admin', ...rest } = overrides;
  return {
    id,
    parentId,
    name: id,
    kind: 'employment_center',
    timezone: 'Europe/Moscow',
    members: null,
    figures: {},
    countOnlyConfirmed: false,
    depth: 0,
    version: 1,
    role: as,
    roles: [as],
    capabilities: capabilitiesOf([as]),
    archivedAt: null,
    archivedBy: null,
    inArchive: false,
    ...rest,
  };
}
