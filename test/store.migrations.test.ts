import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openEngine, resolveTarget } from '../store/engine.js';
import { MIGRATIONS, migrate, openStore, StoreError, type VigilMigration } from '../store/index.js';
import { openTestStore, silentLogger, snapshot, tempDir } from './store.helpers.js';

const TABLES = [
  'audit_log',
  'conversations',
  'digest_subscriptions',
  'findings',
  'job_runs',
  'outbox',
  'prompt_anomalies',
  'prompt_detectors',
  'prompt_suppressions',
  'prompt_volume',
  'reviews',
  'schema_migrations',
  'schema_migrations_lock',
  'sla_reminders',
  'snapshots',
  'subscriptions',
  'watermarks',
];
const NAMES = MIGRATIONS.map((m) => m.name);

async function tableNames(db: Parameters<typeof migrate>[0]): Promise<string[]> {
  return (await db.introspection.getTables()).map((t) => t.name).sort();
}

/** Opens the raw engine (no migrations) on a file, as an older Vigil would have left it. */
function rawDb(file: string) {
  return openEngine(resolveTarget({ file })).db;
}

describe('store migrations', () => {
  it('creates the directory, the file and every table on first open', async () => {
    const file = join(tempDir(), 'nested', 'deeper', 'vigil.db');
    const store = await openTestStore(file);

    expect(existsSync(file)).toBe(true);
    expect(NAMES[0]).toBe('0001_initial');
    expect(store.migrations.applied).toEqual(NAMES);
    expect(store.migrations.ranNow).toEqual(NAMES);
    expect(await tableNames(store.db)).toEqual(TABLES);
    expect(await store.ping()).toBe(true);

    const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    expect(journal.rows[0]?.journal_mode).toBe('wal');
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
    expect(fk.rows[0]?.foreign_keys).toBe(1);
  });

  it('re-opening an existing database runs nothing and keeps the data', async () => {
    const file = join(tempDir(), 'vigil.db');
    const first = await openStore({ file, logger: silentLogger, clock: () => new Date('2025-03-01T00:00:00Z') });
    await first.watermarks.set('poll', 'cursor-1');
    await first.snapshots.save(snapshot('2025-03-01T00:00:00.000Z'));
    await first.close();

    const second = await openTestStore(file);
    expect(second.migrations.ranNow).toEqual([]);
    expect(second.migrations.applied).toEqual(NAMES);
    expect(await second.watermarks.get('poll')).toBe('cursor-1');
    expect((await second.snapshots.latest())?.takenAt).toBe('2025-03-01T00:00:00.000Z');
  });

  it('upgrades a database left at the first migration to the latest', async () => {
    const file = join(tempDir(), 'vigil.db');
    const old = rawDb(file);
    const state = await migrate(old, { engine: 'sqlite', logger: silentLogger, target: '0001_initial' });
    expect(state.applied).toEqual(['0001_initial']);
    await old.destroy();

    const store = await openTestStore(file);
    expect(store.migrations.applied).toEqual(NAMES);
    expect(store.migrations.ranNow).toEqual(NAMES.slice(1));
    expect(await tableNames(store.db)).toEqual(TABLES);
  });

  it('applies a later migration on top of existing data (the path every future migration takes)', async () => {
    const file = join(tempDir(), 'vigil.db');
    const store = await openStore({ file, logger: silentLogger, clock: () => new Date('2025-03-01T00:00:00Z') });
    await store.watermarks.set('poll', 'kept');
    await store.close();

    const next: VigilMigration = {
      name: '9000_add_finding_ticket',
      async up(db) {
        await db.schema.alterTable('findings').addColumn('ticket_url', 'text').execute();
      },
    };
    const db = rawDb(file);
    const state = await migrate(db, { engine: 'sqlite', logger: silentLogger, migrations: [...MIGRATIONS, next] });
    expect(state.ranNow).toEqual(['9000_add_finding_ticket']);
    expect(state.applied).toEqual([...NAMES, '9000_add_finding_ticket']);
    const columns = (await db.introspection.getTables()).find((t) => t.name === 'findings')?.columns.map((c) => c.name);
    expect(columns).toContain('ticket_url');
    await db.destroy();

    // …and this build, which does not know 9000_add_finding_ticket, now refuses the database by name.
    const refused = await openStore({ file, logger: silentLogger, clock: () => new Date() }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreError);
    expect(refused).toMatchObject({ code: 'MIGRATION_UNKNOWN' });
    expect((refused as StoreError).message).toContain('"9000_add_finding_ticket"');
    expect((refused as StoreError).message).toContain('newer Vigil');
  });

  it('refuses a database with an unknown migration recorded, without touching it', async () => {
    const file = join(tempDir(), 'vigil.db');
    await (await openStore({ file, logger: silentLogger, clock: () => new Date() })).close();
    const db = rawDb(file);
    await sql`insert into schema_migrations (name, timestamp) values ('0042_from_the_future', '2030-01-01T00:00:00.000Z')`.execute(
      db,
    );
    await db.destroy();

    await expect(openStore({ file, logger: silentLogger, clock: () => new Date() })).rejects.toMatchObject({
      name: 'StoreError',
      code: 'MIGRATION_UNKNOWN',
      message: expect.stringContaining('"0042_from_the_future"'),
    });
  });

  it('rolls back a failing migration entirely and names it', async () => {
    const file = join(tempDir(), 'vigil.db');
    const broken: VigilMigration = {
      name: '9001_broken',
      async up(db) {
        await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
        await sql`insert into no_such_table values (1)`.execute(db);
      },
    };
    const db = rawDb(file);
    const failure = await migrate(db, {
      engine: 'sqlite',
      logger: silentLogger,
      migrations: [...MIGRATIONS, broken],
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'MIGRATION_FAILED', message: expect.stringContaining('"9001_broken"') });
    // Migrations run in one transaction: not even 0001 stuck, and the half-made table is gone.
    const names = await tableNames(db);
    expect(names).not.toContain('half_done');
    expect(names).not.toContain('findings');
    await db.destroy();

    const store = await openTestStore(file);
    expect(store.migrations.ranNow).toEqual(NAMES);
  });

  it('opens :memory: and sqlite: / file: urls', async () => {
    const memory = await openStore({ file: ':memory:', logger: silentLogger, clock: () => new Date() });
    expect(memory.migrations.applied).toEqual(NAMES);
    await memory.close();
    await memory.close(); // idempotent

    const dir = tempDir();
    for (const url of [`sqlite://${join(dir, 'a.db')}`, `file://${join(dir, 'b.db')}`]) {
      const store = await openStore({ url, logger: silentLogger, clock: () => new Date() });
      await store.close();
    }
    expect(existsSync(join(dir, 'a.db'))).toBe(true);
    expect(existsSync(join(dir, 'b.db'))).toBe(true);
  });

  it('says PostgreSQL is not yet supported, without echoing the password', async () => {
    const err = await openStore({
      url: 'postgres://vigil:s3cret@db.example.com:5432/vigil',
      logger: silentLogger,
      clock: () => new Date(),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNSUPPORTED_ENGINE', message: expect.stringContaining('not yet supported') });
    expect((err as Error).message).not.toContain('s3cret');

    await expect(
      openStore({ url: 'mysql://x/y', logger: silentLogger, clock: () => new Date() }),
    ).rejects.toMatchObject({
      code: 'INVALID_TARGET',
    });
  });
});
