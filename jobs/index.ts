// The jobs Vigil runs and when. Each is a Job (name + run(now)) the scheduler, chat and CLI share.

import type { Config } from '../config/schema.js';
import { type Cadence, discoveryCadence } from '../posture/policy.js';
import { type DiscoveryDeps, type DiscoveryResult, discoveryJob } from './discovery.js';
import { type FindingsPollResult, findingsPollJob, findingsPollSchedule } from './findings-poll.js';
import { type PromptVolumeResult, promptVolumeJob, promptVolumeSchedule } from './prompt-volume.js';
import type { Job } from './runner.js';
import type { Schedule } from './scheduler.js';

/** Cron expression for a cadence; reviews and digests (later) take their times from configuration. */
export function cronFor(cadence: Cadence, at = { hour: 6, minute: 0 }): string {
  switch (cadence) {
    case 'continuous':
      return '*/5 * * * *';
    case 'daily':
      return `${at.minute} ${at.hour} * * *`;
    case 'weekly':
      return `${at.minute} ${at.hour} * * 1`;
    case 'monthly':
      return `${at.minute} ${at.hour} 1 * *`;
  }
}

export interface VigilJobs {
  discovery: Job<DiscoveryResult>;
  findingsPoll: Job<FindingsPollResult>;
  promptVolume: Job<PromptVolumeResult>;
}

export function vigilJobs(deps: DiscoveryDeps & { config: Config }): VigilJobs {
  const pv = deps.config.promptVolume;
  return {
    discovery: {
      name: discoveryJob.name,
      run: (now) => discoveryJob.run(deps, now),
      summarize: (r) => ({ takenAt: r.takenAt, resources: r.resources, findings: r.findings, issues: r.issues.length }),
    },
    findingsPoll: findingsPollJob(deps),
    promptVolume: promptVolumeJob({
      ...deps,
      settings: { everyMinutes: pv.everyMinutes, ingestionDelayMs: pv.ingestionDelayMinutes * 60_000 },
    }),
  };
}

export function vigilSchedules(config: Config, jobs: VigilJobs): Schedule<unknown>[] {
  return [
    { job: jobs.discovery, cron: cronFor(discoveryCadence(config.zones.policy)), timeZone: config.timeZone },
    findingsPollSchedule(config, jobs.findingsPoll) as Schedule<unknown>,
    promptVolumeSchedule(config, jobs.promptVolume, {
      everyMinutes: config.promptVolume.everyMinutes,
    }) as Schedule<unknown>,
  ];
}

/** The slot a manual run (chat, CLI, start-up) takes: the current minute. */
export const slotOf = (now: Date): Date => new Date(Math.floor(now.getTime() / 60_000) * 60_000);
