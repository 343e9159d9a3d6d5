// Looking at and running jobs by hand: what `vigil jobs list|run` and the chat commands `jobs` / `run <job>`
// show and do. A manual run takes the current minute as its slot, through the same ledger as the schedule.

import type { JobRun, Store } from '../store/index.js';
import { nextSlot } from './cron.js';
import type { CatalogEntry } from './index.js';
import { slotOf } from './index.js';
import { type RunDeps, runSlot, type SlotResult } from './runner.js';

export interface JobStatus {
  name: string;
  about: string;
  cron: string;
  timeZone: string;
  enabled: boolean;
  next: Date | null;
  last: JobRun | null;
}

export async function jobStatuses(catalog: readonly CatalogEntry[], store: Store, now: Date): Promise<JobStatus[]> {
  const out: JobStatus[] = [];
  for (const e of catalog) {
    out.push({
      name: e.job.name,
      about: e.about,
      cron: e.cron,
      timeZone: e.timeZone,
      enabled: e.enabled,
      next: e.enabled ? nextSlot(e, now) : null,
      last: await store.jobRuns.lastRun(e.job.name),
    });
  }
  return out;
}

/** The catalogue entry a person named: exact, or the one job whose name contains what they typed. */
export function findJob(catalog: readonly CatalogEntry[], typed: string): CatalogEntry | { unknown: string[] } {
  const t = typed.trim().toLowerCase();
  const exact = catalog.find((e) => e.job.name === t);
  if (exact) return exact;
  const partial = catalog.filter((e) => e.job.name.includes(t));
  if (t !== '' && partial.length === 1) return partial[0] as CatalogEntry;
  return { unknown: (partial.length > 1 ? partial : catalog).map((e) => e.job.name) };
}

/** Runs a job now, in the current minute's slot (refused if that slot already ran). */
export function runNow(entry: CatalogEntry, now: Date, deps: RunDeps): Promise<SlotResult<unknown>> {
  return runSlot(entry.job, slotOf(now), deps);
}

/** "succeeded 10:42 (3 cards)" style summary of a ledger row. */
export function lastRunText(run: JobRun | null): string {
  if (!run) return 'never ran';
  if (run.status === 'failed') return `failed (${run.error ?? 'no detail'})`;
  return run.status;
}
