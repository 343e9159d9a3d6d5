// Public surface of store/. Other layers import from here.
export {
  ANOMALY_KINDS,
  ANOMALY_STATES,
  type AnomalyCaller,
  type AnomalyId,
  type AnomalyKind,
  type AnomalyPatch,
  type AnomalyRecord,
  type AnomalyState,
  type AnomalyTransitionResult,
  anomalyId,
  type DetectorRow,
  type EpisodeInput,
  PromptAnomalyRepository,
  type Suppression,
} from './anomalies.js';
export { type AuditActor, type AuditEntry, type AuditEntryInput, AuditLog, type AuditQuery } from './audit.js';
export type { Clock, Instant, JsonObject, JsonValue } from './codec.js';
export {
  CONVERSATION_TYPES,
  type ConversationId,
  type ConversationRecord,
  type ConversationRefInput,
  ConversationRepository,
  type ConversationType,
  conversationId,
} from './conversations.js';
export { copySqliteStore, DEFAULT_BUSY_TIMEOUT_MS, type StoreTarget } from './engine.js';
export { isStoreError, StoreError, type StoreErrorCode } from './errors.js';
export { alertDedupeKey, alertKeyPrefix, enqueueFindingCardUpdates } from './finding-cards.js';
export {
  FINDING_STATES,
  type FindingFilter,
  type FindingId,
  type FindingPatch,
  type FindingRecord,
  FindingRepository,
  type FindingState,
  findingId,
  type OccurrenceInput,
  type TransitionResult,
} from './findings.js';
export {
  type DigestCadence,
  type DigestSubscription,
  DigestSubscriptionRepository,
  type ReviewInput,
  type ReviewMarkResult,
  type ReviewRecord,
  ReviewRepository,
  SlaReminderLedger,
} from './governance.js';
export { type ClaimSlotOptions, type JobRun, JobRunLedger, type JobRunStatus, type RunOutcome } from './job-runs.js';
export { type MigrationState, migrate } from './migrate.js';
export { MIGRATIONS, type VigilMigration } from './migrations/index.js';
export {
  type ClaimOptions,
  type EnqueueInput,
  type FailureOutcome,
  OUTBOX_KINDS,
  OUTBOX_STATUSES,
  Outbox,
  type OutboxKind,
  type OutboxMessage,
  type OutboxStatus,
} from './outbox.js';
export type { OutboxPayload } from './outbox-payload.js';
export {
  enqueuePromptCardUpdates,
  promptAlertKey,
  promptCardConversations,
  promptEscalationKey,
} from './prompt-cards.js';
export { PromptVolumeRepository } from './prompt-volume.js';
export type { Database, Engine } from './schema.js';
export { type SnapshotInfo, SnapshotRepository, type SnapshotSummary, summarize } from './snapshots.js';
export { type OpenStoreOptions, openStore, type Store } from './store.js';
export {
  SUBSCRIPTION_TOPICS,
  type SubscriptionInput,
  type SubscriptionRecord,
  SubscriptionRepository,
  type SubscriptionTopic,
} from './subscriptions.js';
export { type Watermark, Watermarks } from './watermarks.js';
