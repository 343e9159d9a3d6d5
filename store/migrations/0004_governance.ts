import type { Kysely } from 'kysely';
import type { Engine } from '../schema.js';
import { idColumn } from './columns.js';
import type { VigilMigration } from './types.js';

// The governance cadence (issue 6): reviews, SLA reminders, digest subscriptions. New tables only.
async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const id = idColumn(engine);

  // One row per scheduled review (kind, zone, slot): what was put up for review, and who marked it reviewed
  // and when — the evidence an auditor asks for. `version` guards the "Mark reviewed" card action.
  await db.schema
    .createTable('reviews')
    .addColumn('id', id.type, id.build)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('zone', 'integer', (c) => c.notNull())
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('due_by', 'text', (c) => c.notNull())
    .addColumn('items_json', 'text', (c) => c.notNull())
    .addColumn('changes_json', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_by_name', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reviews_kind_zone_slot', ['kind', 'zone', 'slot'])
    .execute();

  // Each SLA reminder once per threshold per finding occurrence, however often the sweep runs.
  await db.schema
    .createTable('sla_reminders')
    .addColumn('occurrence_key', 'text', (c) => c.notNull())
    .addColumn('threshold', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sla_reminders_pk', ['occurrence_key', 'threshold'])
    .execute();

  // Who gets a digest, how often, in which time zone. A configured leader without a row gets the weekly one;
  // `off` records an explicit unsubscribe.
  await db.schema
    .createTable('digest_subscriptions')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('cadence', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export const governance: VigilMigration = { name: '0004_governance', up };
