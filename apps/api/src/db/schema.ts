import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '@ritm/domain/access';
import type { EvidencePostState, EvidenceSourceType, MatchReason, SourceErrorInfo } from '@ritm/domain/evidence-source';
import type { ItemStatus } from '@ritm/domain/item';
import type { PlanPeriod, PlanStatus } from '@ritm/domain/media-plan';
import type { ProposalStatus } from '@ritm/domain/materials';
import type { ProductionDayKind } from '@ritm/domain/production-calendar';
import type { KnownOrganisationKind } from '@ritm/domain/organisation';
import type { NotificationKind, NotificationPayload } from '@ritm/domain/notifications';
import type { TemplateEntry, TemplateSpan } from '@ritm/domain/plan-template';
import type { ReportFormat, ReportJobStatus, ReportKind, ReportSpec } from '@ritm/domain/report-jobs';

// Row types of the database. They stay inside the repositories, which map them to the
// API's and the domain's types.

/** A timestamp the database fills in when it is not given. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `date` column travels as 'YYYY-MM-DD' text (the pg and PGlite type parsers are set so). */
type LocalDateColumn = string;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

interface Versioned {
  version: Generated<number>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface OrganisationsTable extends Versioned {
  id: Generated<string>;
  parent_id: string | null;
  path: string;
  depth: number;
  kind: KnownOrganisationKind;
  name: string;
  timezone: Generated<string>;
  members: number | null;
  figures: Json<Record<string, number>>;
  /** Only confirmed items count toward the organisation's norms (migration 20261126T0300). */
  count_only_confirmed: Generated<boolean>;
  /** Archived (migration 20261126T1200): read-only, left out of the summaries above it, with its subtree. */
  archived_at: Timestamp | null;
  archived_by: string | null;
}

export interface UsersTable extends Versioned {
  id: Generated<string>;
  email: string;
  name: Generated<string>;
  password_hash: string;
  is_admin: Generated<boolean>;
  locale: Generated<'ru' | 'en'>;
  disabled_at: Timestamp | null;
  /** Signed in with a temporary password an administrator was shown: must choose their own first (issue 16). */
  must_change_password: Generated<boolean>;
}

export interface MembershipsTable extends Versioned {
  user_id: string;
  org_id: string;
  role: Role;
  /** Who gave the role and when (issue 16); null for roles given before that was recorded. */
  granted_by: string | null;
  granted_at: Timestamp | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  expires_at: Timestamp;
  user_agent: string | null;
  ip: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: DefaultTimestamp;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** One throttled key of sign-in attempts (repositories/login-throttle.ts). */
export interface LoginThrottleTable {
  key: string;
  attempts: number;
  next_at: Timestamp;
  updated_at: DefaultTimestamp;
}

/** A browser that signed in as the user: its `ritm_device` cookie, hashed. */
export interface KnownDevicesTable {
  token_hash: string;
  user_id: string;
  created_at: DefaultTimestamp;
  last_used_at: DefaultTimestamp;
}

export interface ChannelsTable extends Versioned {
  id: Generated<string>;
  org_id: string;
  type: string;
  name: string;
  url: string | null;
  since: LocalDateColumn | null;
  active: Generated<boolean>;
}

export interface AudiencesTable extends Versioned {
  id: Generated<string>;
  org_id: string;
  name: string;
  description: Generated<string>;
}

export interface KeyMessagesTable extends Versioned {
  id: Generated<string>;
  org_id: string;
  text: string;
  priority: Generated<number>;
}

export interface KeyMessageAudiencesTable {
  key_message_id: string;
  audience_id: string;
}

export interface MediaPlansTable extends Versioned {
  id: Generated<string>;
  org_id: string;
  period: PlanPeriod;
  period_start: LocalDateColumn;
  title: string;
  status: Generated<PlanStatus>;
  approved_by: string | null;
  approved_at: Timestamp | null;
  created_by: string | null;
  return_comment: Generated<string | null>;
  returned_by: Generated<string | null>;
  returned_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** An approval of a plan with a snapshot of its items (migration 20261126T0200). */
export interface PlanApprovalsTable {
  id: Generated<string>;
  plan_id: string;
  approved_by: string | null;
  approver_name: string;
  approved_at: Timestamp;
  items: Json<unknown[]>;
  names: Json<Record<string, string>>;
}

export interface ItemsTable extends Versioned {
  id: Generated<string>;
  org_id: string;
  plan_id: string | null;
  kind: string;
  title: string;
  news_hook: Generated<string>;
  format: Generated<string>;
  status: ItemStatus;
  at_date: LocalDateColumn | null;
  at_instant: Timestamp | null;
  local_day: LocalDateColumn;
  responsible_id: string | null;
  published_at: Timestamp | null;
  url: string | null;
  views: number | null;
  likes: number | null;
  reposts: number | null;
  comments: number | null;
  notes: Generated<string>;
  created_by: string | null;
  /** Who last wrote the item (set on every write; see migration 20261123T0100). */
  updated_by: string | null;
  /** The item's channel ids, sorted: a copy of item_channels kept in step on write (see migration 0300). */
  channel_ids: Generated<string[]>;
  /** How many item_attachments rows the item has, kept in step by the attachments repository. */
  attachment_count: Generated<number>;
  /** When the item's reach was last read from a post (issue 13); null when typed by hand. */
  reach_read_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The recurring series the item is an occurrence of (issue 15, migration 20261129T0000). */
  series_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The material the item is the placement task of (issue 15, migration 20261129T0000). */
  material_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** An occurrence's day on its series' rule (RECURRENCE-ID), kept when it moves (migration 20261129T0100). */
  series_day: ColumnType<string | null, string | null | undefined, string | null>;
  /** An occurrence changed alone: a change to the whole series leaves it be (migration 20261129T0100). */
  series_detached: Generated<boolean>;
  /** The item's JSON up to its last editor, kept by a trigger on every write (migration 20261201T0000); never written by the application. */
  json_head: ColumnType<string, never, never>;
  /** The first 128 bits of `json_head`'s SHA-256, base64: names the text by its content (migration 20261201T0000). */
  json_tag: ColumnType<string, never, never>;
}

/** A recurring series (issue 15, migration 20261129T0100): the rule and what its occurrences share. */
export interface ItemSeriesTable extends Versioned {
  id: Generated<string>;
  org_id: string;
  /** The normal form of the RRULE (`@ritm/domain/recurrence` `parseRecurrence`), without DTSTART. */
  rrule: string;
  starts_at_date: LocalDateColumn | null;
  starts_at_instant: Timestamp | null;
  start_day: LocalDateColumn;
  skip_non_working_days: Generated<boolean>;
  exdates: ColumnType<string[], string[] | undefined, string[]>;
  /** The exdates skipped as non-working days (not deleted by a user): what turning skipping off brings back. */
  skipped_days: ColumnType<string[], string[] | undefined, string[]>;
  materialised_until: LocalDateColumn | null;
  last_day: LocalDateColumn | null;
  template: Json<SeriesTemplateRow>;
  created_by: string | null;
}

/** What every occurrence of a series shares, as stored (the contract's `SeriesTemplate`). */
export interface SeriesTemplateRow {
  kind: string;
  title: string;
  newsHook: string;
  format: string;
  channelIds: string[];
  audienceIds: string[];
  keyMessageIds: string[];
  responsibleId: string | null;
  notes: string;
}

/** A file proving an item: a photo, a scan, a PDF (migration 20261126T0300). */
export interface ItemAttachmentsTable {
  id: Generated<string>;
  item_id: string;
  org_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  uploaded_by: string | null;
  uploaded_at: DefaultTimestamp;
}

// issue 15 — materials down the tree (migration 20261129T0300)
export interface MaterialsTable extends Versioned {
  id: Generated<string>;
  org_id: string;
  title: string;
  text: string;
  kind: string;
  channel_types: Generated<string[]>;
  place_on: LocalDateColumn;
  deadline: LocalDateColumn;
  /** How the targets were chosen: `{orgIds}` or `{subtree: true, kinds}` (the contract's MaterialTargetSpec). */
  target: Json<unknown>;
  created_by: string | null;
}

export interface MaterialPlacementsTable {
  material_id: string;
  org_id: string;
  item_id: string | null;
  adapted: Generated<boolean>;
  decline_reason: string | null;
  answered_at: Timestamp | null;
  answered_by: string | null;
}

export interface MaterialAttachmentsTable {
  id: Generated<string>;
  material_id: string;
  org_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  uploaded_by: string | null;
  uploaded_at: DefaultTimestamp;
}

export interface ItemChannelsTable {
  item_id: string;
  channel_id: string;
}

export interface ItemAudiencesTable {
  item_id: string;
  audience_id: string;
}

export interface ItemKeyMessagesTable {
  item_id: string;
  key_message_id: string;
}

export interface NormsTable extends Versioned {
  id: Generated<string>;
  org_id: string;
  key: string;
  preset: string | null;
  definition: Json<Record<string, unknown>>;
  enabled: Generated<boolean>;
  /** An adjustment (a waiver or a loosening of the norm from above): who made it, when and why; all null otherwise. */
  adjusted_by: ColumnType<string | null, string | null | undefined, string | null>;
  adjusted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  adjust_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ExemptionsTable extends Versioned {
  id: Generated<string>;
  org_id: string;
  norm_key: string;
  channel_id: string | null;
  date_from: LocalDateColumn;
  date_to: LocalDateColumn;
  reason: string;
  granted_by: string | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  org_id: string | null;
  user_id: string | null;
  entity: string;
  entity_id: string;
  action: string;
  before: Json | null;
  after: Json | null;
  at: DefaultTimestamp;
}

/** A user's private calendar feed (issue 12); the secret is stored hashed. */
export interface CalendarFeedsTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  org_ids: string[];
  include_subtree: Generated<boolean>;
  channel_ids: Generated<string[]>;
  statuses: ItemStatus[];
  created_at: DefaultTimestamp;
  last_used_at: Timestamp | null;
  content_hash: string | null;
  content_changed_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** A day of the production calendar (issue 16): federal (org_id null) or an organisation's own. */
export interface ProductionCalendarDaysTable extends Versioned {
  id: Generated<string>;
  org_id: string | null;
  day: LocalDateColumn;
  kind: ProductionDayKind;
  name: string;
  source: Generated<string>;
  shipped: Generated<boolean>;
}

/** Which shipped years the federal calendar was filled with, and whether someone edited them since. */
export interface ProductionCalendarYearsTable {
  year: number;
  shipped_hash: string;
  edited: Generated<boolean>;
}

/** Raised by triggers (migration 20261123T0300); read as text (a bigint). */
export interface OrgRevisionsTable {
  org_id: string;
  items: ColumnType<string, never, never>;
  /** Raised by triggers on the organisation's channels (migration 20261130T0100). */
  channels: ColumnType<string, never, never>;
  /** Raised by triggers on the organisation's own norms and exemptions (migration 20261130T0100). */
  rules: ColumnType<string, never, never>;
  /** Raised by a trigger on the organisation's own row (migration 20261130T0100). */
  org: ColumnType<string, never, never>;
  /** The organisation's, copied by that trigger: a subtree's stamp reads this table alone. */
  path: ColumnType<string, never, never>;
  timezone: ColumnType<string, never, never>;
}

export interface RevisionsTable {
  name: string;
  value: ColumnType<string, never, never>;
}

/** An organisation's import mapping (issue 12): normalised headings → fields, format words → kinds. */
export interface ImportMappingsTable {
  org_id: string;
  columns: Json<Record<string, string | null>>;
  formats: Json<Record<string, string>>;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

/** A place a channel's posts are read from (issue 13, migration 20261127T0100). */
export interface EvidenceSourcesTable extends Versioned {
  id: Generated<string>;
  org_id: string;
  channel_id: string;
  type: EvidenceSourceType;
  name: string;
  url: string | null;
  target: string | null;
  /** The token sealed under RITM_SECRET_KEY (evidence/secrets.ts); never the token itself. */
  token_sealed: string | null;
  /** HMAC of the token under RITM_SECRET_KEY: one Telegram bot token feeds one source (unique index). */
  token_fingerprint: ColumnType<string | null, string | null | undefined, string | null>;
  enabled: Generated<boolean>;
  interval_minutes: number | null;
  state: Json<Record<string, unknown>>;
  last_fetched_at: Timestamp | null;
  last_success_at: Timestamp | null;
  next_fetch_at: Timestamp | null;
  lease_until: Timestamp | null;
  failures_in_a_row: Generated<number>;
  last_error: Json<SourceErrorInfo> | null;
  created_by: string | null;
}

/** A post read from a source (issue 13). */
export interface EvidencePostsTable {
  id: Generated<string>;
  org_id: string;
  source_id: string;
  channel_id: string;
  external_id: string;
  url: string | null;
  title: string;
  text: string;
  published_at: Timestamp;
  local_day: LocalDateColumn;
  views: number | null;
  likes: number | null;
  reposts: number | null;
  comments: number | null;
  reach_read_at: Timestamp | null;
  state: EvidencePostState;
  item_id: string | null;
  created_item: Generated<boolean>;
  previous: Json<Record<string, unknown>> | null;
  reason: Json<MatchReason> | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  first_seen_at: DefaultTimestamp;
}

/** Something a person was told (issue 14, migration 20261128T0100). */
export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  org_id: string | null;
  kind: NotificationKind;
  /** With user and kind, unique: what makes telling twice impossible. */
  subject: string;
  payload: Json<NotificationPayload>;
  created_at: DefaultTimestamp;
  read_at: Timestamp | null;
  /** When it went into a mail, or was judged not to be mailed (`mail_skipped`). */
  mailed_at: Timestamp | null;
  mail_skipped: Generated<boolean>;
  mail_id: string | null;
}

/** A person's notification choices (a partial `NotificationPreferences`; absent keys take the defaults). */
export interface NotificationPreferencesTable {
  user_id: string;
  preferences: ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, string | Record<string, unknown>>;
  /** The secret of the person's one-click unsubscribe links. */
  unsubscribe_secret: string;
  updated_at: DefaultTimestamp;
}

export type MailState = 'pending' | 'sent' | 'failed';

/** A mail to deliver, retried until sent or reported failed (issue 14). */
export interface MailOutboxTable {
  id: Generated<string>;
  user_id: string | null;
  kind: NotificationKind;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: Json<Record<string, string>>;
  state: Generated<MailState>;
  attempts: Generated<number>;
  next_attempt_at: DefaultTimestamp;
  lease_until: Timestamp | null;
  last_error: string | null;
  message_id: string | null;
  created_at: DefaultTimestamp;
  sent_at: Timestamp | null;
}

/** One digest per person per ISO week (issue 14). */
export interface DigestRunsTable {
  user_id: string;
  week: string;
  created_at: DefaultTimestamp;
  mail_id: string | null;
}

export type JobState = 'created' | 'active' | 'completed' | 'failed';

/** A job of the embedded database's table runner (issue 14; on a server pg-boss keeps its own). */
export interface JobsTable {
  id: Generated<string>;
  name: string;
  data: Json<Record<string, unknown>>;
  state: Generated<JobState>;
  attempt: Generated<number>;
  max_attempts: number;
  retry_delay_seconds: number;
  expire_seconds: number;
  singleton_key: string | null;
  /** The cron minute a scheduled job was made for. */
  slot: Timestamp | null;
  start_after: DefaultTimestamp;
  started_at: Timestamp | null;
  expires_at: Timestamp | null;
  finished_at: Timestamp | null;
  last_error: string | null;
  last_error_at: Timestamp | null;
  created_at: DefaultTimestamp;
}

/** Why a prepared report failed: a catalogue message (`{ key, params }`, rendered when read) and a code. */
export interface ReportFailure {
  code: string;
  message: { key: string; params?: Record<string, unknown> };
}

/** A report prepared in the background, kept a week (issue 14, migration 20261128T0200). */
export interface ReportFilesTable {
  id: Generated<string>;
  org_id: string;
  requested_by: string;
  kind: ReportKind;
  format: ReportFormat;
  spec: Json<ReportSpec>;
  status: Generated<ReportJobStatus>;
  file_name: string;
  /** The file's bytes once `ready` (pg reads a Buffer, PGlite a Uint8Array). */
  content: Uint8Array | null;
  size: number | null;
  error: Json<ReportFailure> | null;
  requested_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  expires_at: Timestamp;
}

/** A plan template (issue 15, migration 20261129T0200): entries relative to a week, month or quarter. */
export interface PlanTemplatesTable extends Versioned {
  id: Generated<string>;
  org_id: string;
  name: string;
  span: TemplateSpan;
  share_down: Generated<boolean>;
  entries: Json<TemplateEntry[]>;
  created_by: string | null;
}

/** News proposed upwards (issue 15, migration 20261129T0400): answered once, accepted into the asked organisation's plan or declined. */
export interface ProposalsTable extends Versioned {
  id: Generated<string>;
  from_org_id: string;
  to_org_id: string;
  item_id: string | null;
  title: string;
  text: Generated<string>;
  url: string | null;
  status: Generated<ProposalStatus>;
  reason: string | null;
  accepted_item_id: string | null;
  created_by: string | null;
  answered_by: string | null;
  answered_at: Timestamp | null;
}

/** What one norm's counting group counts, per organisation (issue 17; see the migration 20261130T0000). */
export interface CountSelectorsTable {
  id: Generated<string>;
  org_id: string;
  per: string;
  kinds: string[] | null;
  channel_ids: string[] | null;
  key: string;
}

/** Counted items per selector and period, kept by triggers on `items`. */
export interface GroupCountsTable {
  org_id: string;
  selector_id: string;
  period_start: LocalDateColumn;
  done: number;
  confirmed: number;
  open: number;
}

export interface DB {
  organisations: OrganisationsTable;
  count_selectors: CountSelectorsTable;
  group_counts: GroupCountsTable;
  org_revisions: OrgRevisionsTable;
  revisions: RevisionsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_throttle: LoginThrottleTable;
  known_devices: KnownDevicesTable;
  channels: ChannelsTable;
  audiences: AudiencesTable;
  key_messages: KeyMessagesTable;
  key_message_audiences: KeyMessageAudiencesTable;
  media_plans: MediaPlansTable;
  plan_approvals: PlanApprovalsTable;
  items: ItemsTable;
  item_series: ItemSeriesTable;
  item_channels: ItemChannelsTable;
  item_audiences: ItemAudiencesTable;
  item_key_messages: ItemKeyMessagesTable;
  item_attachments: ItemAttachmentsTable;
  norms: NormsTable;
  exemptions: ExemptionsTable;
  audit_log: AuditLogTable;
  calendar_feeds: CalendarFeedsTable;
  import_mappings: ImportMappingsTable;
  production_calendar_days: ProductionCalendarDaysTable;
  production_calendar_years: ProductionCalendarYearsTable;
  evidence_sources: EvidenceSourcesTable;
  evidence_posts: EvidencePostsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  mail_outbox: MailOutboxTable;
  digest_runs: DigestRunsTable;
  jobs: JobsTable;
  report_files: ReportFilesTable;
  plan_templates: PlanTemplatesTable;
  proposals: ProposalsTable;
  materials: MaterialsTable;
  material_placements: MaterialPlacementsTable;
  material_attachments: MaterialAttachmentsTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type NewItemRow = Insertable<ItemsTable>;
export type ItemUpdate = Updateable<ItemsTable>;
