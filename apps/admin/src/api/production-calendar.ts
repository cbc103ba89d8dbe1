import type { Created } from '@ritm/contracts/common';
import type { ProductionCalendar, ProductionDay, ProductionDayCreate, ProductionDayPatch } from '@ritm/contracts/production-calendar';
import { request } from './client.js';

export type { ProductionCalendar, ProductionDay, ProductionDayCreate, ProductionDayPatch };

// The production calendar (issue 16): `orgId` null is the federal calendar.
const base = (orgId: string | null) => (orgId === null ? '/production-calendar' : `/orgs/${orgId}/production-calendar`);

export const productionCalendarApi = {
  /** The federal year (orgId null) or the organisation's effective year: federal, above it, its own. */
  year: (orgId: string | null, year: number) => request<ProductionCalendar>(base(orgId), { query: { year } }),
  add: (orgId: string | null, body: ProductionDayCreate) => request<Created>(`${base(orgId)}/days`, { method: 'POST', body }),
  update: (orgId: string | null, day: ProductionDay, patch: Omit<ProductionDayPatch, 'version'>) =>
    request<Created>(`${base(orgId)}/days/${day.id}`, { method: 'PATCH', body: patch, version: day.version }),
  remove: (orgId: string | null, day: ProductionDay) => request<void>(`${base(orgId)}/days/${day.id}`, { method: 'DELETE', version: day.version }),
};
