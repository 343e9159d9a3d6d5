// Column shapes whose DDL differs by engine, so table definitions read the same for both.
import type { ColumnDataType, ColumnDefinitionBuilder } from 'kysely';
import type { Engine } from '../schema.js';

interface ColumnShape {
  type: ColumnDataType;
  build: (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
}

/** An auto-increment integer primary key that is never reused, so ids in logs and cards stay unambiguous. */
export function idColumn(engine: Engine): ColumnShape {
  return engine === 'postgres'
    ? { type: 'serial', build: (col) => col.primaryKey() }
    : { type: 'integer', build: (col) => col.primaryKey().autoIncrement() };
}
