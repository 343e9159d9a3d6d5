// "status" (admins): is delivery healthy? Outbox counts, dead letters with why and where, and the last run of
// every job. Others get a short refusal: dead letters name conversations and errors.

import { clip } from '../../cards/findings.js';
import { formatAsOf } from '../../posture/text.js';
import type { JobRun, OutboxMessage, OutboxStatus, Store } from '../../store/index.js';
import { type Command, startsWith } from './types.js';

/** Dead letters listed; the rest are counted. */
const MAX_DEAD = 5;
/** Dead letters read to find the newest (the store lists oldest first). */
const DEAD_SCAN = 500;
const MAX_ERROR = 160;

const STATUS_WORDS: Record<OutboxStatus, string> = {
  pending: 'waiting to go',
  sending: 'being sent',
  sent: 'sent',
  failed: 'waiting to retry',
  dead: 'dead',
};

export const statusCommand: Command = {
  name: 'status',
  description: 'delivery health: queued, retrying and dead messages, and the last job runs (admins)',
  example: 'status',
  match: startsWith('status', 'delivery status', 'outbox', 'dead letters'),
  async handle(ctx) {
    if (!ctx.asker.roles.includes('admin')) {
      return { text: 'Only Vigil admins can see delivery status. Ask an admin if alerts seem to be missing.' };
    }
    const when = (iso: string | null) => (iso ? formatAsOf(new Date(iso), ctx.config.timeZone, ctx.now) : 'never');
    const counts = await ctx.store.outbox.counts();
    const dead = await ctx.store.outbox.list('dead', DEAD_SCAN);
    const newest = dead.slice(-MAX_DEAD).reverse();
    const runs = await lastRuns(ctx.store);

    const sections: string[] = [];
    const order: OutboxStatus[] = ['pending', 'sending', 'failed', 'dead', 'sent'];
    sections.push(`**Outbox**: ${order.map((s) => `${counts[s]} ${STATUS_WORDS[s]}`).join(' · ')}`);

    if (counts.dead === 0) {
      sections.push('**Dead letters**: none.');
    } else {
      const shown = counts.dead > newest.length ? ` (newest ${newest.length} of ${counts.dead})` : '';
      sections.push([`**Dead letters**${shown}:`, ...newest.map((m) => `- ${deadLine(m, when)}`)].join('\n'));
    }

    if (runs.length === 0) sections.push('**Jobs**: none has run yet.');
    else sections.push(['**Last job runs**:', ...runs.map((r) => `- ${runLine(r, when)}`)].join('\n'));
    return { text: sections.join('\n\n') };
  },
};

function deadLine(m: OutboxMessage, when: (iso: string | null) => string): string {
  // The attempts are shown on their own; the worker's "gave up after N attempts:" prefix would repeat them.
  const error = (m.lastError ?? 'no error recorded').replace(/^gave up after \d+ attempts: /, '').replace(/\s+/g, ' ');
  const clipped = clip(error, MAX_ERROR);
  const what = m.kind === 'send' ? 'post' : m.kind === 'reply' ? 'thread reply' : 'card update';
  return `#${m.id} ${what} \`${m.dedupeKey}\` to \`${m.conversationId}\` · ${m.attempts} attempt${m.attempts === 1 ? '' : 's'} · dead since ${when(m.updatedAt)} · ${clipped}`;
}

function runLine(r: JobRun, when: (iso: string | null) => string): string {
  if (r.status === 'running') return `**${r.job}**: running since ${when(r.startedAt)} (attempt ${r.attempt})`;
  const took = r.finishedAt ? ` (took ${seconds(Date.parse(r.finishedAt) - Date.parse(r.startedAt))})` : '';
  const at = `${when(r.finishedAt ?? r.startedAt)}${took}`;
  return r.status === 'succeeded'
    ? `**${r.job}**: succeeded ${at}`
    : `**${r.job}**: **failed** ${at}: ${r.error ?? 'no error recorded'}`;
}

const seconds = (ms: number) => (ms < 1000 ? `${Math.max(0, ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** The latest run of every job the ledger has seen. */
async function lastRuns(store: Store): Promise<JobRun[]> {
  // The ledger answers per job; the job names come from the table itself, so new jobs show up unasked.
  const names = await store.db.selectFrom('job_runs').select('job').distinct().orderBy('job').execute();
  const runs = await Promise.all(names.map((n) => store.jobRuns.lastRun(n.job)));
  return runs.filter((r): r is JobRun => r !== null);
}
