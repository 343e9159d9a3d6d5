// Runs the schema migrations at open: idempotent, forward-only, and refusing a database written by a newer Vigil.
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Logger } from 'pino';
import { StoreError } from './errors.js';
import { MIGRATIONS, type VigilMigration } from './migrations/index.js';
import type { Database, Engine } from './schema.js';

export const MIGRATION_TABLE = 'schema_migrations';
export const MIGRATION_LOCK_TABLE = 'schema_migrations_lock';

export interface MigrationState {
  /** Every migration recorded in the database, oldest first. */
  applied: readonly string[];
  /** The ones this call ran. */
  ranNow: readonly string[];
}

export interface MigrateOptions {
  engine: Engine;
  logger: Logger;
  /** Stop after this migration (tests, controlled rollouts). Default: the latest. */
  target?: string;
  /** The migration list; only tests pass their own. */
  migrations?: readonly VigilMigration[];
}

export async function migrate(db: Kysely<Database>, options: MigrateOptions): Promise<MigrationState> {
  const migrations = options.migrations ?? MIGRATIONS;
  const known = new Set(migrations.map((m) => m.name));
  if (options.target !== undefined && !known.has(options.target)) {
    throw new StoreError('MIGRATION_UNKNOWN', `cannot migrate to "${options.target}": no such migration`);
  }

  // Kysely would also refuse, but with "corrupted migrations"; say what actually happened.
  const before = await appliedMigrations(db);
  const unknown = before.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new StoreError(
      'MIGRATION_UNKNOWN',
      `the database has migration ${unknown.map((n) => `"${n}"`).join(', ')} applied, which this version of Vigil ` +
        `does not know (it knows up to "${migrations.at(-1)?.name ?? 'none'}"). It was written by a newer Vigil: ` +
        'run that version, or point this one at another database.',
    );
  }

  const migrator = new Migrator({
    db,
    provider: new InCodeProvider(migrations, options.engine),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results = [] } =
    options.target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(options.target);
  const ranNow = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    throw new StoreError(
      'MIGRATION_FAILED',
      failed === undefined
        ? `could not run migrations: ${errorMessage(error)}`
        : `migration "${failed}" failed: ${errorMessage(error)}`,
      { cause: error },
    );
  }
  for (const name of ranNow) options.logger.info({ migration: name }, 'applied store migration');
  return { applied: await appliedMigrations(db), ranNow };
}

/** Names recorded in the migration table, oldest first; empty for a fresh database. */
export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === MIGRATION_TABLE)) return [];
  // The migration table is Kysely's, not part of Database; view the handle untyped for this one read.
  const untyped = db as unknown as Kysely<Record<typeof MIGRATION_TABLE, { name: string }>>;
  const rows = await untyped.selectFrom(MIGRATION_TABLE).select('name').orderBy('name').execute();
  return rows.map((r) => r.name);
}

class InCodeProvider implements MigrationProvider {
  constructor(
    private readonly migrations: readonly VigilMigration[],
    private readonly engine: Engine,
  ) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const m of this.migrations) out[m.name] = { up: (db) => m.up(db, this.engine) };
    return out;
  }
}

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
