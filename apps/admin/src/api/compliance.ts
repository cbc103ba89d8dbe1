import type { Created } from '@ritm/contracts/common';
import type { AuditPage, AuditQuery } from '@ritm/contracts/audit';
import type { CompliancePeriods, SuggestionList } from '@ritm/contracts/compliance';
import type { SummaryGranularity } from '@ritm/domain/period-summary';
import type { ExemptionList } from '@ritm/contracts/exemptions';
import type { EffectiveNormList, NormCreated, PresetList } from '@ritm/contracts/norms';
import { request } from './client.js';
import type { Compliance, ComplianceSummary, EffectiveNorm, Exemption, ExemptionCreate, NormAdjust, NormCreate, NormPatch } from './types.js';

export interface Range {
  from: string;
  to: string;
}

export const complianceApi = {
  get: (orgId: string, range: Range & { asOf?: string }) => request<Compliance>(`/orgs/${orgId}/compliance`, { query: { ...range } }),
  /** The organisation and everything below it, worst first. */
  summary: (orgId: string, range: Range & { asOf?: string }) =>
    request<ComplianceSummary>(`/orgs/${orgId}/compliance/summary`, { query: { ...range } }),
  /** The organisation and everything below it period by period, with each profile status: the heatmap in one request. */
  periods: (orgId: string, range: Range & { granularity: SummaryGranularity }) =>
    request<CompliancePeriods>(`/orgs/${orgId}/compliance/periods`, { query: { ...range } }),
  suggestions: (orgId: string, range: Range) =>
    request<SuggestionList>(`/orgs/${orgId}/suggestions`, { query: { ...range } }).then((r) => r.suggestions),
};

export const normsApi = {
  effective: (orgId: string) => request<EffectiveNormList>(`/orgs/${orgId}/norms`).then((r) => r.norms),
  presets: () => request<PresetList>('/norm-presets').then((r) => r.presets),
  /** Adds every norm of a preset not yet at the organisation. */
  applyPreset: (orgId: string, preset: string) => request<NormCreated>(`/orgs/${orgId}/norms`, { method: 'POST', body: { preset } }),
  create: (orgId: string, body: NormCreate) => request<NormCreated>(`/orgs/${orgId}/norms`, { method: 'POST', body }),
  /** On an inherited norm this creates an override at the organisation. */
  update: (orgId: string, norm: EffectiveNorm, patch: NormPatch) =>
    request<EffectiveNorm>(`/orgs/${orgId}/norms/${encodeURIComponent(norm.key)}`, { method: 'PATCH', body: patch, version: norm.version }),
  remove: (orgId: string, norm: EffectiveNorm) =>
    request<void>(`/orgs/${orgId}/norms/${encodeURIComponent(norm.key)}`, { method: 'DELETE', version: norm.version }),
  /** Waives or loosens a norm set above, with a reason (a director or administrator of the organisation that set it). */
  adjust: (orgId: string, norm: EffectiveNorm, body: NormAdjust) =>
    request<EffectiveNorm>(`/orgs/${orgId}/norms/${encodeURIComponent(norm.key)}/adjust`, { method: 'POST', body, version: norm.version }),
};

export const exemptionsApi = {
  list: (orgId: string) => request<ExemptionList>(`/orgs/${orgId}/exemptions`).then((r) => r.exemptions),
  grant: (orgId: string, body: ExemptionCreate) => request<Created>(`/orgs/${orgId}/exemptions`, { method: 'POST', body }),
  revoke: (orgId: string, e: Exemption) => request<void>(`/orgs/${orgId}/exemptions/${e.id}`, { method: 'DELETE', version: e.version }),
};

export const auditApi = {
  list: (orgId: string, query: AuditQuery = {}) =>
    request<AuditPage>(`/orgs/${orgId}/audit`, { query }),
};
