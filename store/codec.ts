// How values cross into and out of columns that must mean the same thing on SQLite and PostgreSQL:
// timestamps are ISO-8601 UTC text (lexical order = time order), JSON is text.
import { StoreError } from './errors.js';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A moment given to the store: a Date, or a string any `Date` can parse. */
export type Instant = Date | string;

/** `YYYY-MM-DDTHH:mm:ss.sssZ`, the one timestamp format in every table. */
export function toIso(value: Instant, field = 'timestamp'): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const ms = date.getTime();
  if (Number.isNaN(ms)) {
    throw new StoreError('INVALID_INPUT', `${field} is not a valid timestamp: ${String(value)}`);
  }
  return date.toISOString();
}

export const toIsoOrNull = (value: Instant | null | undefined, field?: string): string | null =>
  value === null || value === undefined ? null : toIso(value, field);

export const toJson = (value: unknown): string => JSON.stringify(value);

/**
 * Parses JSON the store itself wrote. The type parameter is the shape that was written; rows are only
 * written through the repositories, and migrations rewrite old shapes, so the cast is the store's promise.
 */
export function fromJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new StoreError('INVALID_INPUT', `stored ${what} is not valid JSON`, { cause: err });
  }
}

/** JSON with object keys sorted, so equal filters produce equal text (and unique indexes see them as equal). */
export function canonicalJson(value: JsonValue): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Splits rows into batches that keep every INSERT under both engines' bound-parameter limits. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export type Clock = () => Date;
