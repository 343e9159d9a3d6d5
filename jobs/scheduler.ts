// node-cron drives the cadence; every schedule names its time zone explicitly. A store-backed
// RunCoordinator claims each slot in the job-run ledger before node-cron runs it, so replicas sharing the
// store run a slot once. At start-up, each job's latest missed slot (if any) runs once.

import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import { type CronSchedule, latestSlot, scheduleProblem } from './cron.js';
import { type Job, type RunDeps, runClaimed, runSlot } from './runner.js';

export interface Schedule<R> extends CronSchedule {
  job: Job<R>;
}

export interface Scheduler {
  stop(): Promise<void>;
  /** Wait for runs in progress (used by shutdown and tests). */
  idle(): Promise<void>;
}

/** Since when a job with no run in the ledger counts as missing slots: the first start of Vigil on this store. */
export const SCHEDULER_SINCE = 'scheduler.since';

/** The slot a cron firing stands for: its minute. */
const minuteOf = (d: Date): Date => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

/**
 * node-cron's RunCoordinator over the job-run ledger. node-cron asks `shouldRun("<job>:<slot ISO>")` before
 * each firing; the first replica to insert (job, slot) wins, the others skip. The winner's task then runs the
 * claimed slot and records its outcome (see `startScheduler`).
 */
export function ledgerCoordinator(job: string, deps: RunDeps): RunCoordinator {
  return {
    shouldRun: async (key) => {
      const iso = key.slice(job.length + 1);
      const slot = new Date(iso);
      if (!key.startsWith(`${job}:`) || Number.isNaN(slot.getTime())) {
        throw new Error(`unexpected coordination key "${key}" for job ${job}`);
      }
      return deps.store.jobRuns.claimSlot(job, minuteOf(slot), deps.owner);
    },
  };
}

export function startScheduler(schedules: readonly Schedule<unknown>[], deps: RunDeps): Scheduler {
  const log = deps.logger.child({ module: 'scheduler' });
  const running = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const run = p.finally(() => running.delete(run));
    running.add(run);
    return run;
  };
  const tasks: ScheduledTask[] = schedules.map((s) => {
    const problem = scheduleProblem(s);
    if (problem) throw new Error(`job ${s.job.name}: ${problem}`);
    log.info({ job: s.job.name, cron: s.cron, timeZone: s.timeZone }, 'scheduled');
    return cron.schedule(
      s.cron,
      (ctx) =>
        track(
          runClaimed(s.job, minuteOf(ctx.date), deps).catch((err: unknown) =>
            log.error({ err, job: s.job.name }, 'scheduled run failed'),
          ),
        ),
      {
        timezone: s.timeZone,
        name: s.job.name,
        noOverlap: true,
        distributed: true,
        runCoordinator: ledgerCoordinator(s.job.name, deps),
      },
    );
  });
  return {
    async stop() {
      for (const t of tasks) await t.stop();
      await Promise.allSettled([...running]);
    },
    async idle() {
      await Promise.allSettled([...running]);
    },
  };
}

export interface CatchUpRun {
  job: string;
  slot: string;
  ran: boolean;
  error?: string;
}

/**
 * Runs, for each schedule, the latest slot due at `now` that has no run in the ledger after the job's last
 * run (or after Vigil first started on this store) — the latest only, not every missed one. Replicas starting
 * together race for the claim; one wins. Failures are reported in the result and logged, never thrown.
 */
export async function catchUp(
  schedules: readonly Schedule<unknown>[],
  now: Date,
  deps: RunDeps,
): Promise<CatchUpRun[]> {
  const log = deps.logger.child({ module: 'scheduler' });
  let since = await deps.store.watermarks.get(SCHEDULER_SINCE);
  if (since === null) {
    since = now.toISOString();
    await deps.store.watermarks.set(SCHEDULER_SINCE, since);
  }
  const runs: CatchUpRun[] = [];
  for (const s of schedules) {
    const last = await deps.store.jobRuns.lastRun(s.job.name);
    const after = new Date(last && last.slot > since ? last.slot : since);
    const slot = latestSlot(s, now, after);
    if (slot === null) continue;
    log.info({ job: s.job.name, slot: slot.toISOString() }, 'running the latest missed slot');
    try {
      const r = await runSlot(s.job, slot, deps);
      runs.push({ job: s.job.name, slot: slot.toISOString(), ran: r.ran });
    } catch (err) {
      runs.push({ job: s.job.name, slot: slot.toISOString(), ran: true, error: String(err) });
    }
  }
  return runs;
}
