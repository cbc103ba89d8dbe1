import type { ItemCreated, ItemCreateRequest, Series, SeriesChanged, SeriesPatch } from '@ritm/contracts/series';
import { request } from './client.js';

/** Recurring items (issue 15): a new item with a rule, and changes to a whole series or "this and following". */
export const seriesApi = {
  /** An item, or with `recurrence` the first occurrence of a series and how many were planned. */
  createItem: (orgId: string, body: ItemCreateRequest) => request<ItemCreated>(`/orgs/${orgId}/items`, { method: 'POST', body }),
  get: (orgId: string, seriesId: string) => request<Series>(`/orgs/${orgId}/series/${seriesId}`),
  update: (orgId: string, seriesId: string, patch: SeriesPatch) => request<SeriesChanged>(`/orgs/${orgId}/series/${seriesId}`, { method: 'PATCH', body: patch }),
  /** Deletes the occurrences from `from` (all without it) that are not done; done ones stay. */
  remove: (orgId: string, seriesId: string, version: number, from?: string) =>
    request<void>(`/orgs/${orgId}/series/${seriesId}`, { method: 'DELETE', query: { version, from } }),
};
