import type {
  EvidencePost,
  EvidenceReadResult,
  EvidenceReview,
  EvidenceReviewQuery,
  EvidenceSource,
  EvidenceSourceCreate,
  EvidenceSourceList,
  EvidenceSourcePatch,
} from '@ritm/contracts/evidence';
import { apiErrorOf, clientLocale, request, sendFile } from './client.js';

export type { EvidencePost, EvidenceReadResult, EvidenceReview, EvidenceSource, EvidenceSourceCreate, EvidenceSourcePatch };

const sourcesOf = (orgId: string, channelId: string) => `/orgs/${orgId}/channels/${channelId}/sources`;
const sourcePath = (s: Pick<EvidenceSource, 'orgId' | 'channelId' | 'id'>) => `${sourcesOf(s.orgId, s.channelId)}/${s.id}`;

/**
 * The type an upload is sent as: a Telegram Desktop export is JSON, statistics are CSV (the
 * server reads the bytes either way, but a form type is refused by the cross-site defence).
 */
export const sourceUploadType = (source: Pick<EvidenceSource, 'type'>): string => (source.type === 'telegram_export' ? 'application/json' : 'text/csv');

/** Evidence sources (issue 13): where Ritm reads an organisation's real posts, and the posts waiting for review. */
export const evidenceApi = {
  /** Every source of the organisation, for the channels screen. */
  sources: (orgId: string) => request<EvidenceSourceList>(`/orgs/${orgId}/evidence/sources`).then((r) => r.sources),
  create: (orgId: string, channelId: string, body: EvidenceSourceCreate) => request<EvidenceSource>(sourcesOf(orgId, channelId), { method: 'POST', body }),
  update: (source: EvidenceSource, patch: Omit<EvidenceSourcePatch, 'version'>) =>
    request<EvidenceSource>(sourcePath(source), { method: 'PATCH', body: { ...patch, version: source.version }, version: source.version }),
  remove: (source: EvidenceSource) => request<void>(sourcePath(source), { method: 'DELETE', version: source.version }),
  fetch: (source: EvidenceSource) => request<EvidenceReadResult>(`${sourcePath(source)}/fetch`, { method: 'POST' }),
  /** Sends an export or a statistics file as the body; any answer but 200 becomes an `ApiError`. */
  async upload(source: EvidenceSource, file: Blob): Promise<EvidenceReadResult> {
    const { status, data } = await sendFile(`${sourcePath(source)}/upload`, file, { contentType: sourceUploadType(source), locale: clientLocale() });
    if (status === 200) return data as EvidenceReadResult;
    throw apiErrorOf({ status, statusText: '' }, data);
  },
  review: (orgId: string, query: EvidenceReviewQuery = {}) => request<EvidenceReview>(`/orgs/${orgId}/evidence/review`, { query }),
  confirm: (post: EvidencePost) => request<EvidencePost>(`/orgs/${post.orgId}/evidence/posts/${post.id}/confirm`, { method: 'POST' }),
  relink: (post: EvidencePost, itemId: string) => request<EvidencePost>(`/orgs/${post.orgId}/evidence/posts/${post.id}/relink`, { method: 'POST', body: { itemId } }),
  ignore: (post: EvidencePost) => request<EvidencePost>(`/orgs/${post.orgId}/evidence/posts/${post.id}/ignore`, { method: 'POST' }),
};
