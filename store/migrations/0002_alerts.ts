import type { Kysely } from 'kysely';
import type { VigilMigration } from './types.js';

// Alerts (issue 4). Additive only: existing rows keep working with the defaults.
async function up(db: Kysely<unknown>): Promise<void> {
  // Whether the poll judged the occurrence critical (config.alerts.critical) when it last saw it: permissions
  // (SOC-only snooze of critical findings) and routing read it from the store, never from a card.
  await db.schema
    .alterTable('findings')
    .addColumn('critical', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Whose personal chat a conversation is, by UPN (owners are known by UPN/e-mail from governance
  // assignments and owner tags, not by Entra object id), so an owner can get a personal copy of an alert.
  await db.schema.alterTable('conversations').addColumn('user_upn', 'text').execute();
  await db.schema.createIndex('conversations_user_upn').on('conversations').column('user_upn').execute();
}

export const alerts: VigilMigration = { name: '0002_alerts', up };
