// The dialect seam: which engine a target names, and a Kysely instance for it. The only file (with the
// migrations) that knows engine specifics; repositories use the query builder alone.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  Kysely,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { StoreError } from './errors.js';
import type { Database, Engine } from './schema.js';

/** Where the data lives: a SQLite file (or ':memory:'), or a URL (`sqlite:…`, `file:…`, `postgres://…`). */
export type StoreTarget = { file: string; url?: undefined } | { url: string; file?: undefined };

export type ResolvedTarget = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

export interface EngineOptions {
  /** How long a write waits for another process holding the SQLite write lock before failing. */
  busyTimeoutMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

export function resolveTarget(target: StoreTarget): ResolvedTarget {
  if (target.file !== undefined) {
    if (target.file.trim() === '') throw new StoreError('INVALID_TARGET', 'store file must not be empty');
    return { engine: 'sqlite', file: target.file };
  }
  const url = target.url;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      return { engine: 'postgres', url };
    case 'file':
      return { engine: 'sqlite', file: fileURLToPath(url) };
    case 'sqlite': {
      // sqlite::memory:, sqlite:relative/path.db, sqlite:///absolute/path.db
      const rest = url.slice('sqlite:'.length);
      const file = rest.startsWith('//') ? rest.slice(2) : rest;
      if (file === '') throw new StoreError('INVALID_TARGET', `store url "${url}" names no file`);
      return { engine: 'sqlite', file };
    }
    default:
      throw new StoreError(
        'INVALID_TARGET',
        `store url "${redact(url)}" has an unknown scheme; use sqlite:<file>, file:<path> or postgres://…`,
      );
  }
}

export interface OpenedEngine {
  engine: Engine;
  db: Kysely<Database>;
  /** Human-readable location for logs (never contains credentials). */
  location: string;
}

export function openEngine(target: ResolvedTarget, options: EngineOptions = {}): OpenedEngine {
  if (target.engine === 'postgres') {
    throw new StoreError(
      'UNSUPPORTED_ENGINE',
      `PostgreSQL is not yet supported (store url ${redact(target.url)}); use a SQLite file for now`,
    );
  }
  return { engine: 'sqlite', db: openSqlite(target.file, options), location: target.file };
}

function openSqlite(file: string, options: EngineOptions): Kysely<Database> {
  const inMemory = file === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  try {
    // WAL: readers never block the writer, and a crash never corrupts. foreign_keys is off by default in SQLite.
    if (!inMemory) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  return new Kysely<Database>({ dialect: new VigilSqliteDialect({ database: sqlite }) });
}

/**
 * Two changes to Kysely's SQLite dialect, both about several processes sharing one file:
 * - transactions start with BEGIN IMMEDIATE, so a transaction that reads then writes waits for the write
 *   lock up front (honouring busy_timeout) instead of failing with SQLITE_BUSY when it tries to upgrade;
 * - the adapter reports transactional DDL (which SQLite has), so migrations run inside one transaction:
 *   a failed migration leaves nothing half-applied and two processes starting together migrate once.
 */
class VigilSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Drops the password from a connection URL before it reaches a log line or an error message. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** A consistent copy of a SQLite store file (SQLite's online backup), e.g. for a dry run that must change nothing. */
export async function copySqliteStore(file: string, dest: string): Promise<void> {
  const source = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(dest);
  } finally {
    source.close();
  }
}
