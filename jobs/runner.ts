// Runs one slot of a job exactly once across replicas, recording it in the job-run ledger.
// The scheduler (through its RunCoordinator), catch-up, chat commands and the CLI all come through here.

import type { Logger } from 'pino';
import type { JsonObject, Store } from '../store/index.js';

export interface Job<R> {
  name: string;
  run(now: Date): Promise<R>;
  /** What to keep in the ledger about a successful run. */
  summarize?(result: R): JsonObject;
}

export type SlotResult<R> = { ran: true; result: R } | { ran: false; reason: 'already-claimed' };

export interface RunDeps {
  store: Store;
  logger: Logger;
  /** Who runs it (replica id): only the owner of a claim may finish it. */
  owner: string;
}

export async function runSlot<R>(job: Job<R>, slot: Date, deps: RunDeps): Promise<SlotResult<R>> {
  const claimed = await deps.store.jobRuns.claimSlot(job.name, slot, deps.owner);
  if (!claimed) {
    deps.logger.debug({ job: job.name, slot: slot.toISOString() }, 'slot already run by another replica');
    return { ran: false, reason: 'already-claimed' };
  }
  return { ran: true, result: await runClaimed(job, slot, deps) };
}

/** Runs a slot this owner has claimed and records how it ended. A failure is recorded, then rethrown. */
export async function runClaimed<R>(job: Job<R>, slot: Date, deps: RunDeps): Promise<R> {
  const log = deps.logger.child({ job: job.name, slot: slot.toISOString() });
  try {
    const result = await job.run(slot);
    await deps.store.jobRuns.finishRun(job.name, slot, deps.owner, {
      status: 'succeeded',
      result: job.summarize?.(result),
    });
    return result;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error({ err }, 'job failed');
    await deps.store.jobRuns
      .finishRun(job.name, slot, deps.owner, { status: 'failed', error: message })
      .catch((e: unknown) => log.error({ err: e }, 'could not record the failure in the job ledger'));
    throw err;
  }
}
