// Discovery: load a fresh snapshot of the AI estate and make it the one the bot answers from.

import type { Logger } from 'pino';
import type { AzureSources } from '../azure/sources.js';
import type { Snapshot } from '../posture/model.js';
import type { Store } from '../store/index.js';

export interface DiscoveryDeps {
  sources: AzureSources;
  store: Store;
  logger: Logger;
}

export interface DiscoveryResult {
  takenAt: string;
  resources: number;
  findings: number;
  issues: Snapshot['issues'];
}

/** The newest few snapshots are kept, plus one a day for two weeks so "since last week" trends have a baseline. */
const KEEP_SNAPSHOTS = 12;
const KEEP_DAILY_FOR_DAYS = 14;

export const discoveryJob = {
  name: 'discovery',
  async run(deps: DiscoveryDeps, now: Date): Promise<DiscoveryResult> {
    const log = deps.logger.child({ job: 'discovery', slot: now.toISOString() });
    const snapshot = await deps.sources.loadSnapshot();
    await deps.store.snapshots.save(snapshot);
    await deps.store.snapshots.prune(KEEP_SNAPSHOTS, KEEP_DAILY_FOR_DAYS);
    for (const issue of snapshot.issues) log.warn({ issue }, 'discovery incomplete');
    log.info(
      {
        resources: snapshot.resources.length,
        findings: snapshot.findings.length,
        issues: snapshot.issues.length,
        stats: snapshot.stats,
      },
      'discovery finished',
    );
    return {
      takenAt: snapshot.takenAt,
      resources: snapshot.resources.length,
      findings: snapshot.findings.length,
      issues: snapshot.issues,
    };
  },
};
