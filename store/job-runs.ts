// The job-run ledger: one run per job per scheduled slot across every replica, and the history of runs.
import type { Kysely, Selectable } from 'kysely';
import { type Clock, fromJson, type Instant, type JsonObject, toIso, toJson } from './codec.js';
import type { Database, JobRunsTable } from './schema.js';

export type JobRunStatus = 'running' | 'succeeded' | 'failed';

export interface JobRun {
  id: number;
  job: string;
  /** The scheduled time this run was for (not when it started). */
  slot: string;
  status: JobRunStatus;
  /** 1, or more if a stale run was taken over. */
  attempt: number;
  owner: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  result: JsonObject | null;
}

export interface ClaimSlotOptions {
  /**
   * A run still `running` after this long is presumed dead (its replica crashed) and may be taken over.
   * Omit to never take over: the slot is then lost if its owner died.
   */
  staleAfterMs?: number;
}

export type RunOutcome = { status: 'succeeded'; result?: JsonObject } | { status: 'failed'; error: string };

export class JobRunLedger {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Claims (job, slot) for `owner`. True for exactly one caller per slot, whichever replica it runs on: the
   * unique (job, slot) decides. With `staleAfterMs`, a run left `running` that long can be claimed again.
   */
  async claimSlot(job: string, slot: Instant, owner: string, options: ClaimSlotOptions = {}): Promise<boolean> {
    const nowDate = this.clock();
    const now = toIso(nowDate);
    const slotIso = toIso(slot, 'slot');
    const inserted = await this.db
      .insertInto('job_runs')
      .values({ job, slot: slotIso, status: 'running', attempt: 1, owner, started_at: now })
      .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted !== undefined) return true;
    if (options.staleAfterMs === undefined) return false;

    const staleBefore = toIso(new Date(nowDate.getTime() - options.staleAfterMs));
    const takenOver = await this.db
      .updateTable('job_runs')
      .set((eb) => ({ owner, started_at: now, attempt: eb('attempt', '+', 1), error: null }))
      .where('job', '=', job)
      .where('slot', '=', slotIso)
      .where('status', '=', 'running')
      .where('started_at', '<', staleBefore)
      .executeTakeFirst();
    return takenOver.numUpdatedRows > 0n;
  }

  /** Records how the run ended. Only the current owner can finish it; returns whether it applied. */
  async finishRun(job: string, slot: Instant, owner: string, outcome: RunOutcome): Promise<boolean> {
    const result = await this.db
      .updateTable('job_runs')
      .set({
        status: outcome.status,
        finished_at: toIso(this.clock()),
        error: outcome.status === 'failed' ? outcome.error : null,
        result_json: outcome.status === 'succeeded' && outcome.result !== undefined ? toJson(outcome.result) : null,
      })
      .where('job', '=', job)
      .where('slot', '=', toIso(slot, 'slot'))
      .where('owner', '=', owner)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async getRun(job: string, slot: Instant): Promise<JobRun | null> {
    const row = await this.db
      .selectFrom('job_runs')
      .selectAll()
      .where('job', '=', job)
      .where('slot', '=', toIso(slot, 'slot'))
      .executeTakeFirst();
    return row === undefined ? null : toRun(row);
  }

  /** The run for the latest slot of `job`, or null if it never ran. */
  async lastRun(job: string): Promise<JobRun | null> {
    const row = await this.db
      .selectFrom('job_runs')
      .selectAll()
      .where('job', '=', job)
      .orderBy('slot', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? null : toRun(row);
  }

  /** The latest `limit` runs of `job`, newest slot first. */
  async listRuns(job: string, limit = 20): Promise<JobRun[]> {
    const rows = await this.db
      .selectFrom('job_runs')
      .selectAll()
      .where('job', '=', job)
      .orderBy('slot', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRun);
  }
}

const toRun = (row: Selectable<JobRunsTable>): JobRun => ({
  id: row.id,
  job: row.job,
  slot: row.slot,
  status: row.status as JobRunStatus,
  attempt: row.attempt,
  owner: row.owner,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  error: row.error,
  result: row.result_json === null ? null : fromJson<JsonObject>(row.result_json, 'job result'),
});
