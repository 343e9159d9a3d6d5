// Column types as Kysely sees them. Every type here maps to both engines: text, integer, and text holding
// ISO-8601 UTC timestamps or JSON. Table comments (why each exists) live in migrations/0001_initial.ts.
import type { Generated } from 'kysely';

export interface SnapshotsTable {
  id: Generated<number>;
  taken_at: string;
  created_at: string;
  summary_json: string;
  issues_json: string;
  stats_json: string;
  /** The snapshot as gzip-compressed JSON (a BLOB); rows written before November 2026 hold the JSON text. */
  payload_json: Buffer | string;
}

export interface FindingsTable {
  id: Generated<number>;
  occurrence_key: string;
  assessment_id: string;
  assessment_key: string;
  resource_id: string;
  resource_name: string;
  display_name: string;
  severity: string;
  zone: number;
  owner: string | null;
  state: string;
  unhealthy_since: string | null;
  first_seen_at: string;
  last_seen_at: string;
  due_at: string | null;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  assignee: string | null;
  snoozed_until: string | null;
  eta: string | null;
  justification: string | null;
  resolved_at: string | null;
  version: number;
  /** 0/1 (migration 0002): judged critical by config.alerts.critical. */
  critical: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: string;
  actor_name: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  details_json: string;
  source: string | null;
}

export interface ConversationsTable {
  conversation_id: string;
  type: string;
  tenant_id: string | null;
  team_id: string | null;
  channel_id: string | null;
  service_url: string;
  reference_json: string;
  user_aad_object_id: string | null;
  /** Lower-cased UPN of the user of a personal chat (migration 0002). */
  user_upn: string | null;
  created_at: string;
  updated_at: string;
}

export interface SubscriptionsTable {
  id: Generated<number>;
  conversation_id: string;
  topic: string;
  filter_json: string;
  created_by: string;
  created_at: string;
}

export interface OutboxTable {
  id: Generated<number>;
  dedupe_key: string;
  conversation_id: string;
  kind: string;
  payload_json: string;
  activity_id: string | null;
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  sent_activity_id: string | null;
}

export interface JobRunsTable {
  id: Generated<number>;
  job: string;
  slot: string;
  status: string;
  attempt: number;
  owner: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  result_json: string | null;
}

export interface WatermarksTable {
  name: string;
  value: string;
  updated_at: string;
}

export interface PromptVolumeTable {
  resource_id: string;
  bin_start: string;
  bin_ms: number;
  workspace_id: string;
  count: number;
  updated_at: string;
}

/** One prompt-volume anomaly episode on one resource (migration 0003). */
export interface PromptAnomaliesTable {
  id: Generated<number>;
  episode_key: string;
  resource_id: string;
  resource_name: string;
  workspace_id: string;
  kind: string;
  zone: number;
  owner: string | null;
  window_start: string;
  window_end: string;
  active: number;
  observed: number;
  expected: number;
  peak: number;
  peak_expected: number;
  max_score: number;
  bins: number;
  observed_through: string;
  callers_json: string | null;
  alerts: number;
  alerted_peak: number | null;
  last_alert_at: string | null;
  state: string;
  version: number;
  revision: number;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  escalated_by: string | null;
  escalated_at: string | null;
  expected_by: string | null;
  expected_until: string | null;
  expected_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** The prompt-volume detector's state per resource, so each cycle scores only the new bins (migration 0003). */
export interface PromptDetectorsTable {
  resource_id: string;
  workspace_id: string;
  bin_ms: number;
  scored_until: string;
  state_json: string;
  watch_json: string;
  updated_at: string;
}

/** "Mark expected": no prompt-volume alerts for a resource until a time (migration 0003). */
export interface PromptSuppressionsTable {
  id: Generated<number>;
  resource_id: string;
  until: string;
  reason: string;
  anomaly_id: number | null;
  created_by: string;
  created_at: string;
}

/** A scheduled review and who marked it reviewed (migration 0004). */
export interface ReviewsTable {
  id: Generated<number>;
  kind: string;
  zone: number;
  slot: string;
  due_by: string;
  items_json: string;
  changes_json: string;
  reviewed_by: string | null;
  reviewed_by_name: string | null;
  reviewed_at: string | null;
  note: string | null;
  version: number;
  created_at: string;
}

/** SLA reminders sent, one per (occurrence, threshold) (migration 0004). */
export interface SlaRemindersTable {
  occurrence_key: string;
  threshold: string;
  sent_at: string;
}

/** Digest subscriptions of personal chats (migration 0004). */
export interface DigestSubscriptionsTable {
  conversation_id: string;
  user_id: string;
  cadence: string;
  time_zone: string;
  updated_by: string;
  updated_at: string;
}

export interface Database {
  snapshots: SnapshotsTable;
  findings: FindingsTable;
  audit_log: AuditLogTable;
  conversations: ConversationsTable;
  subscriptions: SubscriptionsTable;
  outbox: OutboxTable;
  job_runs: JobRunsTable;
  watermarks: WatermarksTable;
  prompt_volume: PromptVolumeTable;
  prompt_anomalies: PromptAnomaliesTable;
  prompt_detectors: PromptDetectorsTable;
  prompt_suppressions: PromptSuppressionsTable;
  reviews: ReviewsTable;
  sla_reminders: SlaRemindersTable;
  digest_subscriptions: DigestSubscriptionsTable;
}

/** The engines the schema is written for. Only SQLite is implemented so far. */
export type Engine = 'sqlite' | 'postgres';
