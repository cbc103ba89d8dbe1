import { createTestingPinia } from '@pinia/testing';
import { capabilitiesOf } from '@ritm/domain/access';
import { vi } from 'vitest';
import type { Channel, EffectiveNorm, Organisation, PlanItem } from '../../../api/types.js';
import { useCalendarStore } from '../../../stores/calendar.js';
import { useCatalogStore } from '../../../stores/catalog.js';
import { useOrgsStore } from '../../../stores/orgs.js';

// The calendar composables' tests run the real stores and API modules; only `request` (the one
// place that calls fetch) is replaced, by the mock each test file hoists with vi.mock.

export const centre: Organisation = {
  id: 'org',
  parentId: null,
  name: 'ЦЗН Кировского района',
  kind: 'employment_center',
  timezone: 'Europe/Moscow',
  members: null,
  figures: {},
  countOnlyConfirmed: false,
  depth: 0,
  version: 1,
  role: 'editor',
  roles: ['editor'],
  capabilities: capabilitiesOf(['editor']),
  archivedAt: null,
  archivedBy: null,
  inArchive: false,
};

/** Stores holding one organisation's calendar, as after `calendar.load`. */
export function calendarOf(state: { items?: PlanItem[]; norms?: EffectiveNorm[]; channels?: Channel[] }) {
  createTestingPinia({ stubActions: false, createSpy: vi.fn });
  const orgs = useOrgsStore();
  orgs.list = [centre];
  orgs.currentId = centre.id;
  const calendar = useCalendarStore();
  calendar.orgId = centre.id;
  calendar.view = 'week';
  calendar.anchor = '2026-11-25';
  calendar.items = state.items ?? [];
  calendar.norms = state.norms ?? [];
  const catalog = useCatalogStore();
  catalog.channels = state.channels ?? [];
  return { orgs, calendar, catalog };
}
