// The Store facade: one object holding every repository, opened (and migrated) once at start-up.
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import { PromptAnomalyRepository } from './anomalies.js';
import { AuditLog } from './audit.js';
import type { Clock } from './codec.js';
import { ConversationRepository } from './conversations.js';
import { type EngineOptions, openEngine, resolveTarget, type StoreTarget } from './engine.js';
import { StoreError } from './errors.js';
import { FindingRepository } from './findings.js';
import { DigestSubscriptionRepository, ReviewRepository, SlaReminderLedger } from './governance.js';
import { JobRunLedger } from './job-runs.js';
import { type MigrationState, migrate } from './migrate.js';
import { Outbox } from './outbox.js';
import { PromptVolumeRepository } from './prompt-volume.js';
import type { Database, Engine } from './schema.js';
import { SnapshotRepository } from './snapshots.js';
import { SubscriptionRepository } from './subscriptions.js';
import { Watermarks } from './watermarks.js';

export type OpenStoreOptions = StoreTarget &
  EngineOptions & {
    logger: Logger;
    /** Source of every created_at / updated_at / at the store writes. */
    clock: Clock;
  };

export interface Store {
  readonly engine: Engine;
  /** The query builder, for the rare query no repository offers. Prefer adding a repository method. */
  readonly db: Kysely<Database>;
  readonly migrations: MigrationState;
  readonly snapshots: SnapshotRepository;
  readonly findings: FindingRepository;
  readonly audit: AuditLog;
  readonly conversations: ConversationRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly outbox: Outbox;
  readonly jobRuns: JobRunLedger;
  readonly watermarks: Watermarks;
  readonly promptVolume: PromptVolumeRepository;
  /** Prompt-volume anomaly episodes, detector state per resource, "mark expected" suppressions. */
  readonly anomalies: PromptAnomalyRepository;
  /** Scheduled reviews and who marked them reviewed. */
  readonly reviews: ReviewRepository;
  /** SLA reminders sent, once per threshold. */
  readonly slaReminders: SlaReminderLedger;
  /** Who gets a digest, how often, in which time zone. */
  readonly digests: DigestSubscriptionRepository;
  /**
   * Runs `fn` with a Store whose repositories all share one transaction: committed if `fn` resolves, rolled
   * back if it throws. Calling it inside a transaction joins the outer one.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** True when the database answers; false (and a warning logged) when it does not. For health checks. */
  ping(): Promise<boolean>;
  /** Closes the connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens the store named by `file` or `url`, creating the SQLite file and its directory if needed, and runs
 * any pending migrations. Fails with a StoreError (UNSUPPORTED_ENGINE, MIGRATION_UNKNOWN, MIGRATION_FAILED…)
 * rather than starting on a database it cannot use.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const logger = options.logger.child({ module: 'store' });
  const target = resolveTarget(options.file !== undefined ? { file: options.file } : { url: options.url });
  const { engine, db, location } = openEngine(target, options);
  let migrations: MigrationState;
  try {
    migrations = await migrate(db, { engine, logger });
  } catch (err) {
    await db.destroy();
    throw err;
  }
  logger.info({ engine, location, migrations: migrations.applied.length }, 'store open');
  return createStore({ engine, db, migrations, clock: options.clock, logger, state: { closed: false } });
}

interface StoreParts {
  engine: Engine;
  db: Kysely<Database>;
  migrations: MigrationState;
  clock: Clock;
  logger: Logger;
  state: { closed: boolean };
}

function createStore(parts: StoreParts): Store {
  const { engine, db, migrations, clock, logger, state } = parts;
  const inTransaction = db.isTransaction;
  const store: Store = {
    engine,
    db,
    migrations,
    snapshots: new SnapshotRepository(db, clock),
    findings: new FindingRepository(db, clock),
    audit: new AuditLog(db, clock),
    conversations: new ConversationRepository(db, clock),
    subscriptions: new SubscriptionRepository(db, clock),
    outbox: new Outbox(db, clock),
    jobRuns: new JobRunLedger(db, clock),
    watermarks: new Watermarks(db, clock),
    promptVolume: new PromptVolumeRepository(db, clock),
    anomalies: new PromptAnomalyRepository(db, clock),
    reviews: new ReviewRepository(db, clock),
    slaReminders: new SlaReminderLedger(db, clock),
    digests: new DigestSubscriptionRepository(db, clock),
    async transaction(fn) {
      if (state.closed) throw new StoreError('CLOSED', 'the store is closed');
      if (inTransaction) return fn(store);
      return db.transaction().execute((tx) => fn(createStore({ ...parts, db: tx })));
    },
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch (err) {
        logger.warn({ err }, 'store ping failed');
        return false;
      }
    },
    async close() {
      if (inTransaction) throw new StoreError('INVALID_INPUT', 'close the store, not a transaction');
      if (state.closed) return;
      state.closed = true;
      await db.destroy();
    },
  };
  return store;
}
