// `jobs` lists Vigil's schedule (name, when, time zone, next run, last run and result); `run <job>` runs one
// now. Admins only: a run posts cards to channels.

import { findJob, jobStatuses, lastRunText } from '../../jobs/control.js';
import { formatLocal } from '../../posture/wallclock.js';
import { type Command, type CommandContext, type Reply, startsWith } from './types.js';

function adminOnly(ctx: CommandContext, what: string): Reply | null {
  if (ctx.asker.roles.includes('admin')) return null;
  return { text: `Only Vigil admins can ${what}. The schedule runs by itself.` };
}

export const jobsCommand: Command = {
  name: 'jobs',
  description: 'the schedule: each job, when it runs next, how it last ended (admins)',
  example: 'jobs',
  match: startsWith('jobs', 'schedule'),
  async handle(ctx) {
    const refused = adminOnly(ctx, 'see the job schedule');
    if (refused) return refused;
    if (!ctx.jobs) return { text: 'Jobs are not available here.' };
    const tz = ctx.config.timeZone;
    const lines = (await jobStatuses(ctx.jobs.catalog, ctx.store, ctx.now)).map((j) => {
      const next = j.enabled ? (j.next ? formatLocal(j.next, tz) : 'not within a year') : 'off (config)';
      const last = j.last ? `${formatLocal(new Date(j.last.slot), tz)}, ${lastRunText(j.last)}` : 'never ran';
      return `- **${j.name}** \`${j.cron}\` (${j.timeZone}) — next ${next}; last ${last}. _${j.about}_`;
    });
    return { text: `Vigil's jobs:\n\n${lines.join('\n')}\n\nRun one now with \`run <job>\`.` };
  },
};

export const runCommand: Command = {
  name: 'run',
  description: 'run a job now, e.g. a review or the SLA sweep (admins)',
  example: 'run sla-sweep',
  match: startsWith('run'),
  async handle(ctx) {
    const refused = adminOnly(ctx, 'run jobs');
    if (refused) return refused;
    if (!ctx.jobs) return { text: 'Jobs are not available here.' };
    const found = findJob(ctx.jobs.catalog, ctx.args.replace(/\s+/g, '-'));
    if ('unknown' in found) {
      return { text: `Which job? Say \`run <job>\` with one of: ${found.unknown.map((n) => `\`${n}\``).join(', ')}.` };
    }
    const outcome = await ctx.jobs.run(found.job.name).catch((err: unknown) => ({ error: String(err) }));
    if ('error' in outcome)
      return { text: `**${found.job.name}** failed: ${outcome.error}. It is recorded in \`jobs\`.` };
    if (!outcome.ran) return { text: `**${found.job.name}** already ran this minute; try again in a moment.` };
    const summary = found.job.summarize?.(outcome.result);
    const facts = summary
      ? Object.entries(summary)
          .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')
      : '';
    return { text: `Ran **${found.job.name}**${facts ? `: ${facts}` : ''}.` };
  },
};
