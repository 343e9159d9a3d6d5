import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Runs `fn` in a transaction, joining the caller's if `db` is already one (Kysely does not nest them). */
export function atomically<T>(db: Kysely<Database>, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
