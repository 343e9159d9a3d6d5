// node-cron drives the cadence; every schedule names its time zone explicitly.
// A slot is the scheduled minute, claimed in the store so replicas run it once.

import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Store } from '../store/index.js';
import { type Job, runSlot } from './runner.js';

export interface Schedule<R> {
  job: Job<R>;
  /** Five-field cron expression. */
  cron: string;
  /** IANA time zone the expression is read in. */
  timeZone: string;
}

export interface Scheduler {
  stop(): Promise<void>;
  /** Wait for runs in progress (used by shutdown). */
  idle(): Promise<void>;
}

export function startScheduler(
  schedules: readonly Schedule<unknown>[],
  deps: { store: Store; logger: Logger; owner: string },
): Scheduler {
  const log = deps.logger.child({ module: 'scheduler' });
  const running = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = schedules.map((s) => {
    if (!cron.validate(s.cron)) throw new Error(`job ${s.job.name}: invalid cron expression "${s.cron}"`);
    log.info({ job: s.job.name, cron: s.cron, timeZone: s.timeZone }, 'scheduled');
    return cron.schedule(
      s.cron,
      (ctx) => {
        const slot = new Date(Math.floor(ctx.date.getTime() / 60_000) * 60_000);
        const run = runSlot(s.job, slot, deps)
          .catch((err: unknown) => log.error({ err, job: s.job.name }, 'scheduled run failed'))
          .finally(() => running.delete(run));
        running.add(run);
        return run;
      },
      { timezone: s.timeZone, name: s.job.name, noOverlap: true },
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
