// Prompt counts per AI resource per time bin: the history anomaly baselines and prompt-volume charts use.
import type { Kysely } from 'kysely';
import type { AzureResourceId, PromptVolumeSeries, WorkspaceId } from '../posture/model.js';
import { atomically } from './atomic.js';
import { type Clock, chunk, type Instant, toIso } from './codec.js';
import { StoreError } from './errors.js';
import type { Database } from './schema.js';

// Six bound parameters a row: 500 rows stays well under SQLite's and PostgreSQL's limits.
const ROWS_PER_INSERT = 500;

export class PromptVolumeRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores every bin of `series`, replacing counts already stored for the same bins (the newest bins are
   * incomplete when first read, so they are rewritten on the next poll). A resource keeps one bin size: bins
   * of another size are dropped, so `series()` can always rebuild a regular series.
   */
  async upsertBins(series: PromptVolumeSeries): Promise<number> {
    if (!Number.isInteger(series.binMs) || series.binMs <= 0) {
      throw new StoreError('INVALID_INPUT', `binMs must be a positive integer, got ${series.binMs}`);
    }
    const start = new Date(toIso(series.start, 'series.start')).getTime();
    const updatedAt = toIso(this.clock());
    const rows = series.counts.map((count, i) => {
      if (!Number.isInteger(count) || count < 0) {
        throw new StoreError('INVALID_INPUT', `prompt count at bin ${i} must be a non-negative integer, got ${count}`);
      }
      return {
        resource_id: series.resourceId,
        bin_start: new Date(start + i * series.binMs).toISOString(),
        bin_ms: series.binMs,
        workspace_id: series.workspaceId,
        count,
        updated_at: updatedAt,
      };
    });
    if (rows.length === 0) return 0;
    await atomically(this.db, async (tx) => {
      await tx
        .deleteFrom('prompt_volume')
        .where('resource_id', '=', series.resourceId)
        .where('bin_ms', '!=', series.binMs)
        .execute();
      for (const batch of chunk(rows, ROWS_PER_INSERT)) {
        await tx
          .insertInto('prompt_volume')
          .values(batch)
          .onConflict((oc) =>
            oc.columns(['resource_id', 'bin_start']).doUpdateSet((eb) => ({
              count: eb.ref('excluded.count'),
              bin_ms: eb.ref('excluded.bin_ms'),
              workspace_id: eb.ref('excluded.workspace_id'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    });
    return rows.length;
  }

  /**
   * The stored bins of one resource in [from, to) as a regular series starting at the first stored bin, with
   * bins missing inside the range counted as 0. Null when nothing is stored in the range.
   */
  async series(resourceId: AzureResourceId, from: Instant, to: Instant): Promise<PromptVolumeSeries | null> {
    const rows = await this.db
      .selectFrom('prompt_volume')
      .select(['bin_start', 'bin_ms', 'workspace_id', 'count'])
      .where('resource_id', '=', resourceId)
      .where('bin_start', '>=', toIso(from, 'from'))
      .where('bin_start', '<', toIso(to, 'to'))
      .orderBy('bin_start')
      .execute();
    const first = rows[0];
    const last = rows.at(-1);
    if (first === undefined || last === undefined) return null;
    const binMs = first.bin_ms;
    const start = Date.parse(first.bin_start);
    const counts = new Array<number>(Math.round((Date.parse(last.bin_start) - start) / binMs) + 1).fill(0);
    for (const row of rows) counts[Math.round((Date.parse(row.bin_start) - start) / binMs)] = row.count;
    return {
      resourceId,
      workspaceId: last.workspace_id as WorkspaceId,
      start: first.bin_start,
      binMs,
      counts,
    };
  }

  /** Drops bins that start before `before`; returns how many. */
  async prune(before: Instant): Promise<number> {
    const result = await this.db
      .deleteFrom('prompt_volume')
      .where('bin_start', '<', toIso(before, 'before'))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
