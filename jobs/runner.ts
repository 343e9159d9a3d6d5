// Runs one slot of a job exactly once across replicas, recording it in the job-run ledger.
// The scheduler, chat commands and the CLI all come through here.

import type { Logger } from 'pino';
import type { JsonObject, Store } from '../store/index.js';

export interface Job<R> {
  name: string;
  run(now: Date): Promise<R>;
  /** What to keep in the ledger about a successful run. */
  summarize?(result: R): JsonObject;
}

export type SlotResult<R> = { ran: true; result: R } | { ran: false; reason: 'already-claimed' };

export async function runSlot<R>(
  job: Job<R>,
  slot: Date,
  deps: { store: Store; logger: Logger; owner: string },
): Promise<SlotResult<R>> {
  const log = deps.logger.child({ job: job.name, slot: slot.toISOString() });
  const claimed = await deps.store.jobRuns.claimSlot(job.name, slot, deps.owner);
  if (!claimed) {
    log.debug('slot already run by another replica');
    return { ran: false, reason: 'already-claimed' };
  }
  try {
    const result = await job.run(slot);
    await deps.store.jobRuns.finishRun(job.name, slot, deps.owner, {
      status: 'succeeded',
      result: job.summarize?.(result),
    });
    return { ran: true, result };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error({ err }, 'job failed');
    await deps.store.jobRuns
      .finishRun(job.name, slot, deps.owner, { status: 'failed', error: message })
      .catch((e: unknown) => log.error({ err: e }, 'could not record the failure in the job ledger'));
    throw err;
  }
}
