import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './20261122T0001_initial.js';
import * as itemChannelSets from './20261122T0300_item_channel_sets.js';
import * as itemUpdatedBy from './20261123T0100_item_updated_by.js';
import * as itemRevisions from './20261123T0300_item_revisions.js';
import * as channelExemptions from './20261123T0400_channel_exemptions.js';
import * as revisionsOfDeletedOrgs from './20261125T0100_revisions_of_deleted_orgs.js';
import * as productDateRange from './20261125T2100_product_date_range.js';
import * as loginThrottle from './20261125T2110_login_throttle.js';
import * as planApprovals from './20261126T0200_plan_approvals.js';
import * as normGovernance from './20261126T0100_norm_governance.js';
import * as itemEvidence from './20261126T0300_item_evidence.js';
import * as calendarFeeds from './20261126T0600_calendar_feeds.js';
import * as importMappings from './20261126T0500_import_mappings.js';
import * as membershipGrants from './20261126T1100_membership_grants.js';
import * as orgArchive from './20261126T1200_org_archive.js';
import * as productionCalendar from './20261126T1300_production_calendar.js';
import * as evidenceSources from './20261127T0100_evidence_sources.js';
import * as jobTable from './20261128T0000_job_table.js';
import * as notifications from './20261128T0100_notifications.js';
import * as reportFiles from './20261128T0200_report_files.js';
import * as itemLinks from './20261129T0000_item_links.js';
import * as itemSeries from './20261129T0100_item_series.js';
import * as planTemplates from './20261129T0200_plan_templates.js';
import * as proposals from './20261129T0400_proposals.js';
import * as seriesSkippedDays from './20261129T0500_series_skipped_days.js';
import * as groupCounts from './20261130T0000_group_counts.js';
import * as inputRevisions from './20261130T0100_input_revisions.js';
import * as itemJson from './20261201T0000_item_json.js';
import * as selectorKeys from './20261202T0000_selector_keys.js';
import * as materials from './20261129T0300_materials.js';

// A static list rather than a folder scan: it works the same from sources, from a build
// and inside tests, and a migration cannot be skipped by a missing file.
const migrations: Record<string, Migration> = {
  '20261122T0001_initial': initial,
  '20261122T0300_item_channel_sets': itemChannelSets,
  '20261123T0100_item_updated_by': itemUpdatedBy,
  '20261123T0300_item_revisions': itemRevisions,
  '20261123T0400_channel_exemptions': channelExemptions,
  '20261125T0100_revisions_of_deleted_orgs': revisionsOfDeletedOrgs,
  '20261125T2100_product_date_range': productDateRange,
  '20261125T2110_login_throttle': loginThrottle,
  '20261126T0200_plan_approvals': planApprovals,
  '20261126T0100_norm_governance': normGovernance,
  '20261126T0300_item_evidence': itemEvidence,
  '20261126T0600_calendar_feeds': calendarFeeds,
  '20261126T0500_import_mappings': importMappings,
  '20261126T1100_membership_grants': membershipGrants,
  '20261126T1200_org_archive': orgArchive,
  '20261126T1300_production_calendar': productionCalendar,
  '20261127T0100_evidence_sources': evidenceSources,
  '20261128T0000_job_table': jobTable,
  '20261128T0100_notifications': notifications,
  '20261128T0200_report_files': reportFiles,
  '20261129T0000_item_links': itemLinks,
  '20261129T0100_item_series': itemSeries,
  '20261129T0200_plan_templates': planTemplates,
  '20261129T0400_proposals': proposals,
  '20261129T0300_materials': materials,
  '20261129T0500_series_skipped_days': seriesSkippedDays,
  '20261130T0000_group_counts': groupCounts,
  '20261130T0100_input_revisions': inputRevisions,
  '20261201T0000_item_json': itemJson,
  '20261202T0000_selector_keys': selectorKeys,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
