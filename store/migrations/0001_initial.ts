import { type Kysely, sql } from 'kysely';
import type { Engine } from '../schema.js';
import { idColumn } from './columns.js';
import type { VigilMigration } from './types.js';

// Timestamps are text (ISO-8601 UTC, written only through codec.toIso) and JSON is text on both engines.

async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const id = idColumn(engine);

  // What Vigil knew about the estate at each poll. The newest row is what the bot answers from; a few older
  // ones are kept for drift and digest trends. Summary, issues and stats sit beside the payload so listing
  // history never has to parse megabytes of payload.
  await db.schema
    .createTable('snapshots')
    .addColumn('id', id.type, id.build)
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('summary_json', 'text', (c) => c.notNull())
    .addColumn('issues_json', 'text', (c) => c.notNull())
    .addColumn('stats_json', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('snapshots_taken_at').on('snapshots').columns(['taken_at', 'id']).execute();

  // One row per occurrence of an unhealthy assessment (a finding that resolves and comes back is a new
  // occurrence). The unique occurrence key is what makes "alert exactly once" hold across restarts and
  // replicas; `version` lets two people clicking the same card at once get a clean conflict, not a lost update.
  await db.schema
    .createTable('findings')
    .addColumn('id', id.type, id.build)
    .addColumn('occurrence_key', 'text', (c) => c.notNull().unique())
    .addColumn('assessment_id', 'text', (c) => c.notNull())
    .addColumn('assessment_key', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('resource_name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('zone', 'integer', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('unhealthy_since', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('assignee', 'text')
    .addColumn('snoozed_until', 'text')
    .addColumn('eta', 'text')
    .addColumn('justification', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('findings_assessment').on('findings').columns(['assessment_id', 'id']).execute();
  await db.schema.createIndex('findings_state').on('findings').column('state').execute();
  await db.schema.createIndex('findings_resource').on('findings').column('resource_id').execute();

  // Evidence for auditors: every action anyone (or any job) took. Append-only, enforced by triggers below
  // as well as by the repository offering no update or delete.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', id.type, id.build)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('details_json', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .execute();
  await db.schema.createIndex('audit_log_subject').on('audit_log').columns(['subject_id', 'id']).execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();

  // Where Vigil can speak unprompted: the Bot Framework conversation reference of every chat and channel it
  // has seen, refreshed on each inbound activity because the service URL can change.
  await db.schema
    .createTable('conversations')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('channel_id', 'text')
    .addColumn('service_url', 'text', (c) => c.notNull())
    .addColumn('reference_json', 'text', (c) => c.notNull())
    .addColumn('user_aad_object_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversations_user').on('conversations').column('user_aad_object_id').execute();

  // Channel routing: which conversation hears which topic, narrowed by a filter (zone, severity…). The filter
  // is canonical JSON so the same subscription cannot be added twice. Removing a conversation removes its routes.
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', id.type, id.build)
    .addColumn('conversation_id', 'text', (c) =>
      c.notNull().references('conversations.conversation_id').onDelete('cascade'),
    )
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('filter_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('subscriptions_route', ['conversation_id', 'topic', 'filter_json'])
    .execute();
  await db.schema.createIndex('subscriptions_topic').on('subscriptions').column('topic').execute();

  // Everything sent to Teams goes through here first, so a crash or restart neither loses nor duplicates a
  // card: the dedupe key makes enqueue idempotent, the lease makes two replicas never send the same row.
  await db.schema
    .createTable('outbox')
    .addColumn('id', id.type, id.build)
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('activity_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('sent_activity_id', 'text')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

  // One run per job per scheduled slot across all replicas, and the history that lets the scheduler catch
  // up after downtime and the CLI show what ran.
  await db.schema
    .createTable('job_runs')
    .addColumn('id', id.type, id.build)
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('error', 'text')
    .addColumn('result_json', 'text')
    .addUniqueConstraint('job_runs_slot', ['job', 'slot'])
    .execute();

  // Small named cursors (last poll time, last log bin read…) so restarted pollers continue where they stopped.
  await db.schema
    .createTable('watermarks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Prompt counts per AI resource per time bin, kept for the baselines the anomaly detector compares against
  // and the charts on prompt-volume cards, without re-querying Log Analytics for weeks of history.
  await db.schema
    .createTable('prompt_volume')
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('bin_start', 'text', (c) => c.notNull())
    .addColumn('bin_ms', 'integer', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('prompt_volume_pk', ['resource_id', 'bin_start'])
    .execute();
  await db.schema.createIndex('prompt_volume_bin').on('prompt_volume').column('bin_start').execute();

  await makeAuditAppendOnly(db, engine);
}

async function makeAuditAppendOnly(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine === 'sqlite') {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    return;
  }
  // PostgreSQL: written with the schema, exercised when the pg engine lands.
  await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_log is append-only'; end $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);
}

export const initial: VigilMigration = { name: '0001_initial', up };
