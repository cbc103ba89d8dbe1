import type { PlanTemplate, PlanTemplateList, PlanTemplateSummary, TemplateApplied, TemplateApply, TemplateCreate, TemplatePatch } from '@ritm/contracts/templates';
import { request } from './client.js';

export type { PlanTemplate, PlanTemplateSummary, TemplateApplied, TemplateApply, TemplateCreate };

// Plan templates (issue 15): an organisation's own and those shared down to it from above.
const base = (orgId: string) => `/orgs/${orgId}/templates`;

export const templatesApi = {
  list: (orgId: string) => request<PlanTemplateList>(base(orgId)),
  get: (orgId: string, id: string) => request<PlanTemplate>(`${base(orgId)}/${id}`),
  /** Saves the week, month or quarter holding `from` as a template. */
  create: (orgId: string, body: TemplateCreate) => request<PlanTemplate>(base(orgId), { method: 'POST', body }),
  update: (orgId: string, template: PlanTemplateSummary, patch: Omit<TemplatePatch, 'version'>) =>
    request<PlanTemplate>(`${base(orgId)}/${template.id}`, { method: 'PATCH', body: patch, version: template.version }),
  remove: (orgId: string, template: PlanTemplateSummary) => request<void>(`${base(orgId)}/${template.id}`, { method: 'DELETE', version: template.version }),
  /** Lays it onto a period of `body.orgId` (default: this organisation); `preview` writes nothing. */
  apply: (orgId: string, id: string, body: TemplateApply) => request<TemplateApplied>(`${base(orgId)}/${id}/apply`, { method: 'POST', body }),
};
