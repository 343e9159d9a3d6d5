import type { Kysely } from 'kysely';
import type { Engine } from '../schema.js';

/**
 * One forward-only schema step. Migrations see the engine so the rare DDL that differs between SQLite and
 * PostgreSQL (auto-increment ids, triggers) is written once per engine in the same file.
 * `Kysely<unknown>`: a migration must not depend on today's table types, which describe the latest schema.
 */
export interface VigilMigration {
  readonly name: string;
  up(db: Kysely<unknown>, engine: Engine): Promise<void>;
}
