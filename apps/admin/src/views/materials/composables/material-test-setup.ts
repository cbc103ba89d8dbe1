import { createTestingPinia } from '@pinia/testing';
import { capabilitiesOf, type Role } from '@ritm/domain/access';
import { vi } from 'vitest';
import type { Material, MaterialDetail, Placement, ReceivedMaterial } from '../../../api/materials.js';
import type { Organisation } from '../../../api/types.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { centre } from '../../calendar/composables/calendar-test-setup.js';

// The materials composables' tests run the real stores and API modules; only `request` and
// `sendFile` (the places that talk to the network) are replaced by the mocks each file hoists.

/** An organisation of a union's tree as the API sends it (an editor's, unless `as` says otherwise). */
export function unionOrg(id: string, parentId: string | null, depth: number, overrides: Partial<Organisation> & { as?: Role } = {}): Organisation {
  const { as = 'editor', ...rest } = overrides;
  return { ...centre, id, parentId, name: id, depth, kind: parentId ? 'union_primary' : 'union_central', role: as, roles: [as], capabilities: capabilitiesOf([as]), ...rest };
}

/** The central committee (where the user works) with a territorial and three primaries, one archived, and an unrelated organisation. */
export const TREE: Organisation[] = [
  unionOrg('ck', null, 0, { name: 'ЦК профсоюза' }),
  unionOrg('other', null, 0, { name: 'Чужой профсоюз' }),
  unionOrg('terr', 'ck', 1, { name: 'Территориальная', kind: 'union_territorial' }),
  unionOrg('p1', 'terr', 2, { name: 'Первичка 1' }),
  unionOrg('p2', 'terr', 2, { name: 'Первичка 2' }),
  unionOrg('p3', 'ck', 1, { name: 'Первичка 3 (в архиве)', archivedAt: '2026-11-01T00:00:00.000Z', inArchive: true }),
  unionOrg('p4', 'other', 1, { name: 'Чужая первичка' }),
];

/** Stores as after sign-in, working in `currentId`. */
export function storesIn(currentId: string, list: Organisation[] = TREE) {
  createTestingPinia({ stubActions: false, createSpy: vi.fn });
  const orgs = useOrgsStore();
  orgs.list = list;
  orgs.currentId = currentId;
  return { orgs };
}

export function material(overrides: Partial<Material> = {}): Material {
  return {
    id: 'm1',
    orgId: 'ck',
    orgName: 'ЦК профсоюза',
    title: 'Коллективный договор — это защита',
    text: 'Разместите на стенде и в группе.',
    kind: 'stand_update',
    channelTypes: ['info_stand'],
    placeOn: '2026-11-30',
    deadline: '2026-12-01',
    target: { orgIds: ['p1', 'p2'] },
    attachments: [],
    tally: { pending: 1, placed: 1, overdue: 0, declined: 0, total: 2 },
    createdAt: '2026-11-24T08:00:00.000Z',
    createdBy: null,
    version: 1,
    ...overrides,
  };
}

export function placement(overrides: Partial<Placement> = {}): Placement {
  return {
    orgId: 'p1',
    orgName: 'Первичка 1',
    status: 'pending',
    itemId: 'task-p1',
    localDay: '2026-11-30',
    url: null,
    publishedAt: null,
    attachmentCount: 0,
    adapted: false,
    declineReason: null,
    answeredAt: null,
    ...overrides,
  };
}

export function detail(placements: Placement[], overrides: Partial<Material> = {}): MaterialDetail {
  return { ...material(overrides), placements };
}

export function received(overrides: { material?: Partial<Material>; placement?: Partial<Placement> } = {}): ReceivedMaterial {
  return { material: material(overrides.material), placement: placement(overrides.placement) };
}
