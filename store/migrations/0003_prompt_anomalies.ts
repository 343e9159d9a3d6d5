import type { Kysely } from 'kysely';
import type { Engine } from '../schema.js';
import { idColumn } from './columns.js';
import type { VigilMigration } from './types.js';

// Prompt-volume anomalies (issue 5). New tables only.
async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const id = idColumn(engine);
  const real = engine === 'postgres' ? 'double precision' : 'real';

  // One row per anomaly episode on a resource (a burst, or a drop to zero). The unique episode key (resource,
  // kind, first unusual bin) is what makes "alert once" hold across restarts and replicas. The job refreshes
  // the observed figures (revision) without touching `version`, which only people's actions bump, so a card
  // stays clickable while the burst goes on.
  await db.schema
    .createTable('prompt_anomalies')
    .addColumn('id', id.type, id.build)
    .addColumn('episode_key', 'text', (c) => c.notNull().unique())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('resource_name', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('zone', 'integer', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('window_end', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('observed', 'integer', (c) => c.notNull())
    .addColumn('expected', real, (c) => c.notNull())
    .addColumn('peak', 'integer', (c) => c.notNull())
    .addColumn('peak_expected', real, (c) => c.notNull())
    .addColumn('max_score', real, (c) => c.notNull())
    .addColumn('bins', 'integer', (c) => c.notNull())
    .addColumn('observed_through', 'text', (c) => c.notNull())
    .addColumn('callers_json', 'text')
    .addColumn('alerts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('alerted_peak', 'integer')
    .addColumn('last_alert_at', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('escalated_by', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('expected_by', 'text')
    .addColumn('expected_until', 'text')
    .addColumn('expected_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('prompt_anomalies_resource')
    .on('prompt_anomalies')
    .columns(['resource_id', 'window_start'])
    .execute();

  // The detector's state and the alert policy's watch state per resource, as of `scored_until` (the end of
  // the last bin fed). Each cycle feeds only the bins after it; a state this build cannot read is rebuilt
  // from the stored prompt volume.
  await db.schema
    .createTable('prompt_detectors')
    .addColumn('resource_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('bin_ms', 'integer', (c) => c.notNull())
    .addColumn('scored_until', 'text', (c) => c.notNull())
    .addColumn('state_json', 'text', (c) => c.notNull())
    .addColumn('watch_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('prompt_detectors_workspace').on('prompt_detectors').column('workspace_id').execute();

  // "Mark expected": a person says a resource's traffic is expected (a launch, a batch job) for a few hours.
  // Kept as rows, not a column, so every decision and its reason stay visible.
  await db.schema
    .createTable('prompt_suppressions')
    .addColumn('id', id.type, id.build)
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('until', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('anomaly_id', 'integer')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('prompt_suppressions_resource')
    .on('prompt_suppressions')
    .columns(['resource_id', 'until'])
    .execute();
}

export const promptAnomalies: VigilMigration = { name: '0003_prompt_anomalies', up };
