// Named cursors that let pollers resume where they stopped (last poll time, last log bin read…).
import type { Kysely } from 'kysely';
import { type Clock, toIso } from './codec.js';
import type { Database } from './schema.js';

export interface Watermark {
  name: string;
  value: string;
  updatedAt: string;
}

export class Watermarks {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async get(name: string): Promise<string | null> {
    return (await this.getEntry(name))?.value ?? null;
  }

  async getEntry(name: string): Promise<Watermark | null> {
    const row = await this.db.selectFrom('watermarks').selectAll().where('name', '=', name).executeTakeFirst();
    return row === undefined ? null : { name: row.name, value: row.value, updatedAt: row.updated_at };
  }

  async set(name: string, value: string): Promise<void> {
    const updatedAt = toIso(this.clock());
    await this.db
      .insertInto('watermarks')
      .values({ name, value, updated_at: updatedAt })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_at: updatedAt }))
      .execute();
  }
}
