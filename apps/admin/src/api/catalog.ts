import type { Created } from '@ritm/contracts/common';
import type { AudienceCreate, AudienceList, AudiencePatch } from '@ritm/contracts/audiences';
import type { ChannelCreate, ChannelList, ChannelPatch } from '@ritm/contracts/channels';
import type { KeyMessageCreate, KeyMessageList, KeyMessagePatch } from '@ritm/contracts/key-messages';
import { request } from './client.js';
import type { Audience, Channel, KeyMessage } from './types.js';

/** An organisation's channels, audiences and key messages: the vocabulary its plan is written in. */
export const channelsApi = {
  list: (orgId: string) => request<ChannelList>(`/orgs/${orgId}/channels`).then((r) => r.channels),
  create: (orgId: string, body: ChannelCreate) => request<Created>(`/orgs/${orgId}/channels`, { method: 'POST', body }),
  update: (orgId: string, c: Channel, patch: ChannelPatch) =>
    request<Channel>(`/orgs/${orgId}/channels/${c.id}`, { method: 'PATCH', body: patch, version: c.version }),
  remove: (orgId: string, c: Channel) => request<void>(`/orgs/${orgId}/channels/${c.id}`, { method: 'DELETE', version: c.version }),
};

export const audiencesApi = {
  list: (orgId: string) => request<AudienceList>(`/orgs/${orgId}/audiences`).then((r) => r.audiences),
  create: (orgId: string, body: AudienceCreate) => request<Created>(`/orgs/${orgId}/audiences`, { method: 'POST', body }),
  update: (orgId: string, a: Audience, patch: AudiencePatch) =>
    request<Audience>(`/orgs/${orgId}/audiences/${a.id}`, { method: 'PATCH', body: patch, version: a.version }),
  remove: (orgId: string, a: Audience) => request<void>(`/orgs/${orgId}/audiences/${a.id}`, { method: 'DELETE', version: a.version }),
};

export const keyMessagesApi = {
  list: (orgId: string) => request<KeyMessageList>(`/orgs/${orgId}/key-messages`).then((r) => r.keyMessages),
  create: (orgId: string, body: KeyMessageCreate) => request<Created>(`/orgs/${orgId}/key-messages`, { method: 'POST', body }),
  update: (orgId: string, m: KeyMessage, patch: KeyMessagePatch) =>
    request<KeyMessage>(`/orgs/${orgId}/key-messages/${m.id}`, { method: 'PATCH', body: patch, version: m.version }),
  remove: (orgId: string, m: KeyMessage) => request<void>(`/orgs/${orgId}/key-messages/${m.id}`, { method: 'DELETE', version: m.version }),
};
