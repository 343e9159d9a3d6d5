/** What went wrong in the store, as a code callers can branch on (the message is for people). */
export type StoreErrorCode =
  /** The target (file / url) is malformed or names no engine Vigil knows. */
  | 'INVALID_TARGET'
  /** The engine is known but not implemented in this build (PostgreSQL, for now). */
  | 'UNSUPPORTED_ENGINE'
  /** The database records a migration this build does not know: it was written by a newer Vigil. */
  | 'MIGRATION_UNKNOWN'
  /** A migration failed; the database is left at the last migration that succeeded. */
  | 'MIGRATION_FAILED'
  /** A value handed to the store cannot be stored (e.g. an unparsable timestamp). */
  | 'INVALID_INPUT'
  /** A row the operation depends on does not exist (e.g. routing to an unknown conversation). */
  | 'NOT_FOUND'
  /** Someone else changed the row first (optimistic concurrency). */
  | 'CONFLICT'
  /** The store was used after close(). */
  | 'CLOSED';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isStoreError = (err: unknown, code?: StoreErrorCode): err is StoreError =>
  err instanceof StoreError && (code === undefined || err.code === code);
