// The jobs Vigil runs and when. Each is a Job (name + run(now)) that the scheduler, catch-up at start-up,
// chat (`run <job>`) and the CLI (`vigil jobs run`) share; the catalogue gives each its effective schedule
// (defaults from the governance table, overrides from the `jobs` config key).

import type { Config } from '../config/schema.js';
import { weekdayNumber } from '../config/schema.js';
import type { Zone } from '../posture/model.js';
import { type Cadence, discoveryCadence } from '../posture/policy.js';
import { parseClockTime } from '../posture/wallclock.js';
import type { CronSchedule } from './cron.js';
import { digestJob } from './digest.js';
import { type DiscoveryDeps, type DiscoveryResult, discoveryJob } from './discovery.js';
import { driftJobs } from './drift.js';
import { type FindingsPollResult, findingsPollJob, findingsPollSchedule } from './findings-poll.js';
import { REVIEW_KINDS, reviewJobName } from './names.js';
import { type PromptVolumeResult, promptVolumeJob, promptVolumeSchedule } from './prompt-volume.js';
import { reviewJob } from './reviews.js';
import type { Job } from './runner.js';
import type { Schedule } from './scheduler.js';
import { slaSweepJob } from './sla-sweep.js';

export interface CadenceOptions {
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday (weekly). */
  weekday?: number;
  /** 1–28 (monthly). */
  monthDay?: number;
}

/** Cron expression for a cadence, at a time of day (weekly on `weekday`, monthly on `monthDay`). */
export function cronFor(cadence: Cadence, at: CadenceOptions = { hour: 6, minute: 0 }): string {
  switch (cadence) {
    case 'continuous':
      return '*/5 * * * *';
    case 'daily':
      return `${at.minute} ${at.hour} * * *`;
    case 'weekly':
      return `${at.minute} ${at.hour} * * ${at.weekday ?? 1}`;
    case 'monthly':
      return `${at.minute} ${at.hour} ${at.monthDay ?? 1} * *`;
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

/** The core schedules (discovery, findings poll, prompt volume), before overrides. */
export function vigilSchedules(config: Config, jobs: VigilJobs): Schedule<unknown>[] {
  return [
    { job: jobs.discovery, cron: cronFor(discoveryCadence(config.zones.policy)), timeZone: config.timeZone },
    findingsPollSchedule(config, jobs.findingsPoll) as Schedule<unknown>,
    promptVolumeSchedule(config, jobs.promptVolume, {
      everyMinutes: config.promptVolume.everyMinutes,
    }) as Schedule<unknown>,
  ];
}

/** When reviews are posted by default: the governance table's cadence at the configured time and day. */
export function reviewCron(config: Config, cadence: Cadence): string {
  const g = config.governance;
  const minutes = parseClockTime(g.reviewAt) ?? 9 * 60;
  return cronFor(cadence === 'continuous' ? 'daily' : cadence, {
    hour: Math.floor(minutes / 60),
    minute: minutes % 60,
    weekday: weekdayNumber(g.reviewWeekday),
    monthDay: g.reviewMonthDay,
  });
}

export interface CatalogEntry extends Schedule<unknown> {
  /** What it does, for `jobs list`. */
  about: string;
  /** Scheduled (false when the `jobs` config key turns it off; it can still be run by hand). */
  enabled: boolean;
}

/** Every job with its effective schedule: defaults, then `config.jobs` overrides. */
export function vigilCatalog(config: Config, deps: DiscoveryDeps): CatalogEntry[] {
  const core = vigilJobs({ ...deps, config });
  const governance = { store: deps.store, config, logger: deps.logger };
  const [discovery, poll, prompts] = vigilSchedules(config, core) as [
    Schedule<unknown>,
    Schedule<unknown>,
    Schedule<unknown>,
  ];
  const entries: (Schedule<unknown> & { about: string })[] = [
    { ...discovery, about: 'loads a fresh snapshot of the AI estate' },
    { ...poll, about: 'alerts on new critical findings from Defender for Cloud' },
    { ...prompts, about: 'scores prompt volume from Log Analytics and alerts on unusual traffic' },
    {
      job: slaSweepJob(governance) as Job<unknown>,
      cron: '0 * * * *',
      timeZone: config.timeZone,
      about: 'SLA reminders at 50/75/90 % and breach; escalations to leaders',
    },
    {
      job: digestJob(governance) as Job<unknown>,
      cron: '*/15 * * * *',
      timeZone: 'UTC',
      about: 'leader digests, each sent when the leader’s own clock reaches the digest time',
    },
  ];
  // Drift on each zone's discovery cadence, a few minutes after discovery so it compares a fresh snapshot.
  driftJobs(governance).forEach((job, i) => {
    const zone = (i + 1) as Zone;
    const cadence = config.zones.policy[zone].discovery;
    const cron = cadence === 'continuous' ? '2-59/5 * * * *' : cronFor(cadence, { hour: 6, minute: 15 });
    entries.push({
      job: job as Job<unknown>,
      cron,
      timeZone: config.timeZone,
      about: `${cadence} drift card for zone ${zone}: new, removed and risky changes to AI resources`,
    });
  });
  for (const kind of REVIEW_KINDS) {
    for (const zone of [1, 2, 3] as Zone[]) {
      const policy = config.zones.policy[zone];
      const cadence = kind === 'attack-paths' ? policy.attackPathReview : policy.recommendationReview;
      const name = reviewJobName(kind, zone);
      const when: CronSchedule = scheduleOf(config, name, {
        cron: reviewCron(config, cadence),
        timeZone: config.timeZone,
      });
      entries.push({
        job: reviewJob(kind, zone, when, governance) as Job<unknown>,
        ...when,
        about: `${cadence} ${kind === 'attack-paths' ? 'attack-path' : 'recommendation'} review card for zone ${zone}`,
      });
    }
  }
  return entries.map((e) => ({
    ...e,
    ...scheduleOf(config, e.job.name, e),
    enabled: config.jobs[e.job.name]?.enabled ?? true,
  }));
}

function scheduleOf(config: Config, name: string, base: CronSchedule): CronSchedule {
  const o = config.jobs[name];
  return { cron: o?.cron ?? base.cron, timeZone: o?.timeZone ?? base.timeZone };
}

/** The slot a manual run (chat, CLI, start-up) takes: the current minute. */
export const slotOf = (now: Date): Date => new Date(Math.floor(now.getTime() / 60_000) * 60_000);
