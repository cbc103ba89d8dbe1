/**
 * The API's resources as the admin uses them: the types come from
 * @ritm/contracts, so a change of the API's shape shows up here at compile time.
 */
import type { Role as ContractRole } from '@ritm/contracts/auth';
import type { Audience as ContractAudience } from '@ritm/contracts/audiences';
import type { AuditEntry as ContractAuditEntry, AuditPage } from '@ritm/contracts/audit';
import type { Channel as ContractChannel } from '@ritm/contracts/channels';
import type {
  Compliance as ContractCompliance,
  ComplianceRow,
  ComplianceStatus,
  ComplianceSummary as ContractSummary,
  GapSuggestion,
  OrganisationCompliance,
  StatusCounts,
} from '@ritm/contracts/compliance';
import type { Exemption as ContractExemption, ExemptionCreate } from '@ritm/contracts/exemptions';
import type { Item, ItemCreate, ItemPatch, ItemStatus } from '@ritm/contracts/items';
import type { KeyMessage as ContractKeyMessage } from '@ritm/contracts/key-messages';
import type { EffectiveNorm as ContractEffectiveNorm, NormCreate, NormDefinition, NormPatch } from '@ritm/contracts/norms';
import type { Member as ContractMember, Organisation as ContractOrganisation } from '@ritm/contracts/orgs';
import type { Plan, PlanPeriod, PlanStatus, PlanWithItems } from '@ritm/contracts/plans';

export type { Me } from '@ritm/contracts/auth';
// Norm governance (issue 11): adjustments, their marks on the dashboard, presets by organisation kind.
export type { AdjustmentMark } from '@ritm/contracts/compliance';
export type { NormAdjust, NormAdjustment, PresetInfo } from '@ritm/contracts/norms';
export type { AuditPage, ComplianceRow, ComplianceStatus, ExemptionCreate, GapSuggestion, ItemCreate, ItemPatch, ItemStatus };
export type { NormCreate, NormDefinition, NormPatch, OrganisationCompliance, PlanPeriod, PlanStatus, PlanWithItems, StatusCounts };

export type Role = ContractRole;
export type Organisation = ContractOrganisation;
export type Channel = ContractChannel;
export type Audience = ContractAudience;
export type KeyMessage = ContractKeyMessage;
export type MediaPlan = Plan;
export type PlanItem = Item;
export type EffectiveNorm = ContractEffectiveNorm;
export type Exemption = ContractExemption;
export type Compliance = ContractCompliance;
export type ComplianceResult = ComplianceRow & { overdue?: number };
export type ComplianceSummary = ContractSummary;
export type Member = ContractMember;
export type AuditEntry = ContractAuditEntry;
export type Suggestion = GapSuggestion;

/** The editable fields of an item (what the drawer sends). */
export type NewPlanItem = ItemCreate;
