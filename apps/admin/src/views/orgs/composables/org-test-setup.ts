import { capabilitiesOf, type Role } from '@ritm/domain/access';
import type { Organisation } from '../../../api/types.js';
import { centre } from '../../calendar/composables/calendar-test-setup.js';

/** An organisation as the API sends it, for the organisations screen's tests (an admin's, unless `as` says otherwise). */
export function orgOf(id: string, parentId: string | null, overrides: Partial<Organisation> & { as?: Role } = {}): Organisation {
  const { as = 'admin', ...rest } = overrides;
  return { ...centre, id, parentId, name: id, role: as, roles: [as], capabilities: capabilitiesOf([as]), ...rest };
}
