import type { Created } from '@ritm/contracts/common';
import type { ItemBulkCreated, ItemList } from '@ritm/contracts/items';
import { request } from './client.js';
import type { ItemCreate, ItemPatch, PlanItem } from './types.js';

export const itemsApi = {
  list: (orgId: string, range: { from: string; to: string; planId?: string; channelId?: string }) =>
    request<ItemList>(`/orgs/${orgId}/items`, { query: range }).then((r) => r.items),
  get: (orgId: string, id: string) => request<PlanItem>(`/orgs/${orgId}/items/${id}`),
  create: (orgId: string, item: ItemCreate) => request<Created>(`/orgs/${orgId}/items`, { method: 'POST', body: item }),
  /** Many items in one transaction ("fill the gap"): all or none. */
  bulkCreate: (orgId: string, items: ItemCreate[]) =>
    request<ItemBulkCreated>(`/orgs/${orgId}/items/bulk`, { method: 'POST', body: { items } }).then((r) => r.items),
  update: (orgId: string, id: string, version: number, patch: ItemPatch) =>
    request<PlanItem>(`/orgs/${orgId}/items/${id}`, { method: 'PATCH', body: patch, version }),
  remove: (orgId: string, id: string, version: number) => request<void>(`/orgs/${orgId}/items/${id}`, { method: 'DELETE', version }),
};
