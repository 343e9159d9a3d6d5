// `vigil jobs list` and `vigil jobs run <name> [--dry-run]`: the schedule, and running a job by hand through
// the same ledger as the scheduler. A dry run works on a copy of the store and prints the cards it would
// send as JSON; the real store, and Teams, see nothing.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { connectSources } from '../azure/connect.js';
import { basicRenderers } from '../bot/delivery/payload.js';
import type { Renderer } from '../bot/delivery/types.js';
import { findingRenderers } from '../bot/findings/render.js';
import { reviewRenderer } from '../bot/governance/reviews.js';
import { promptRenderer } from '../bot/prompt/render.js';
import { createLogger } from '../config/logger.js';
import type { Config } from '../config/schema.js';
import { findJob, jobStatuses, lastRunText, runNow } from '../jobs/control.js';
import { vigilCatalog } from '../jobs/index.js';
import { copySqliteStore, type OutboxPayload, openStore, type Store } from '../store/index.js';

export const JOBS_USAGE = `  jobs list                 each job: schedule, time zone, next run, last run and result
  jobs run <name> [--dry-run]
                            run a job now; --dry-run prints the cards it would send as JSON and sends nothing`;

type Out = { write(s: string): unknown };

export async function jobsCommand(
  config: Config,
  positionals: string[],
  values: { 'dry-run'?: boolean; json?: boolean },
  out: Out,
  err: Out,
): Promise<number> {
  const [verb, name] = positionals;
  if (verb !== 'list' && verb !== 'run') {
    err.write(`vigil jobs: say "list" or "run <name>"\n${JOBS_USAGE}\n`);
    return 2;
  }
  const logger = createLogger('warn', process.stderr);
  const clock = () => new Date();
  let work: { dir: string; file: string } | null = null;
  if (verb === 'run' && values['dry-run']) {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-dry-run-'));
    work = { dir, file: join(dir, 'vigil.db') };
    try {
      await copySqliteStore(config.storage.file, work.file);
    } catch {
      // No store yet: the dry run starts from an empty one (a fresh install).
    }
  }
  const store = await openStore({ file: work?.file ?? config.storage.file, logger, clock });
  const connected = await connectSources({ config, logger, clock });
  try {
    const catalog = vigilCatalog(config, { sources: connected.sources, store, logger });
    if (verb === 'list') {
      out.write(renderList(await jobStatuses(catalog, store, clock())));
      return 0;
    }
    const entry = findJob(catalog, name ?? '');
    if ('unknown' in entry) {
      err.write(`vigil jobs run: which job? One of: ${entry.unknown.join(', ')}\n`);
      return 2;
    }
    const before = await maxOutboxId(store);
    const result = await runNow(entry, clock(), { store, logger, owner: work ? 'cli-dry-run' : 'cli' });
    if (!result.ran) {
      err.write(`vigil jobs run: ${entry.job.name} already ran this minute\n`);
      return 1;
    }
    if (!work) {
      out.write(
        `${JSON.stringify({ job: entry.job.name, result: entry.job.summarize?.(result.result) ?? null }, null, 2)}\n`,
      );
      return 0;
    }
    const cards = await renderQueued(store, config, before, clock(), logger);
    out.write(
      `${JSON.stringify({ job: entry.job.name, dryRun: true, result: entry.job.summarize?.(result.result) ?? null, messages: cards }, null, 2)}\n`,
    );
    return 0;
  } catch (e) {
    err.write(`vigil jobs ${verb}: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await connected.close();
    await store.close();
    if (work) rmSync(work.dir, { recursive: true, force: true });
  }
}

function renderList(jobs: Awaited<ReturnType<typeof jobStatuses>>): string {
  const rows = jobs.map((j) => [
    j.name,
    j.enabled ? j.cron : `${j.cron} (off)`,
    j.timeZone,
    j.next ? j.next.toISOString() : '—',
    j.last ? j.last.slot : '—',
    lastRunText(j.last),
  ]);
  const head = ['JOB', 'SCHEDULE', 'TIME ZONE', 'NEXT RUN (UTC)', 'LAST RUN (UTC)', 'RESULT'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

async function maxOutboxId(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

/** The messages the run queued, rendered as the sender would render them now. */
async function renderQueued(store: Store, config: Config, after: number, now: Date, logger: Logger) {
  const { renderFindingAlert, renderFindingSummary } = findingRenderers({ store, config });
  const renderers: Record<OutboxPayload['render'], Renderer> = {
    ...basicRenderers,
    'finding-alert': renderFindingAlert,
    'finding-summary': renderFindingSummary,
    'prompt-anomaly': promptRenderer({ store, config }),
    review: reviewRenderer({ store, config }),
  };
  const rows = await store.db.selectFrom('outbox').selectAll().where('id', '>', after).orderBy('id').execute();
  const out: unknown[] = [];
  for (const row of rows) {
    const payload = JSON.parse(row.payload_json) as OutboxPayload;
    const activity = await renderers[payload.render](payload, { conversationId: row.conversation_id, now });
    if (!activity) logger.warn({ dedupeKey: row.dedupe_key }, 'nothing to render');
    out.push({
      conversationId: row.conversation_id,
      kind: row.kind,
      text: activity?.text ?? null,
      cards: (activity?.attachments ?? []).map((a) => a.content),
    });
  }
  return out;
}
