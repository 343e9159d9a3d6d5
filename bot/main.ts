// The composition root: config → store, sources, bot, HTTP server. Used by `vigil start` and tests.

import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { type ConnectedSources, connectSources } from '../azure/connect.js';
import type { Config } from '../config/schema.js';
import type { DiscoveryResult } from '../jobs/discovery.js';
import type { FindingsPollResult } from '../jobs/findings-poll.js';
import { type CatalogEntry, slotOf, vigilCatalog } from '../jobs/index.js';
import type { PromptVolumeResult } from '../jobs/prompt-volume.js';
import { type Job, runSlot, type SlotResult } from '../jobs/runner.js';
import { type CatchUpRun, catchUp, startScheduler } from '../jobs/scheduler.js';
import { openStore, type Store } from '../store/index.js';
import { createBot } from './app.js';
import { basicRenderers } from './delivery/payload.js';
import { type OutboxWorker, startOutboxWorker } from './delivery/worker.js';
import { findingRenderers } from './findings/render.js';
import { reviewRenderer } from './governance/reviews.js';
import { type Directory, staticDirectory } from './people.js';
import { promptRenderer } from './prompt/render.js';
import { type ReadinessCheck, type RunningServer, startServer } from './server.js';

export interface VigilOptions {
  config: Config;
  logger: Logger;
  clock?: () => Date;
  /** Override the configured port (tests pass 0 for an ephemeral port). */
  port?: number;
  /** Run the first discovery right after start (default true). */
  discoverOnStart?: boolean;
  /** Run the cron schedules (default true; tests drive jobs themselves). */
  schedule?: boolean;
  /** Run the outbox sender (default true; tests that only inspect the outbox turn it off). */
  deliver?: boolean;
  /** Who is who (UPN by object id); default: the demo's people in demo mode, else Teams. */
  directory?: Directory;
}

export interface Vigil {
  url: string;
  config: Config;
  store: Store;
  connected: ConnectedSources;
  /** Resolves when the first discovery has finished (or failed). */
  firstDiscovery: Promise<void>;
  /** Run discovery now (the same run the schedule and `refresh` make). */
  discover(): Promise<SlotResult<DiscoveryResult>>;
  /** Poll for new findings now (the same run the schedule makes). */
  pollFindings(): Promise<SlotResult<FindingsPollResult>>;
  /** Run a prompt-volume cycle now (the same run the schedule makes). */
  pollPromptVolume(): Promise<SlotResult<PromptVolumeResult>>;
  /** Every job with its effective schedule (for `jobs`, `run <job>`, `vigil jobs`). */
  catalog: readonly CatalogEntry[];
  /** Run a job by name now, in the current minute's slot. */
  runJob(name: string): Promise<SlotResult<unknown>>;
  /** Resolves when start-up catch-up (each job's latest missed slot) has finished; [] when not scheduling. */
  caughtUp: Promise<CatchUpRun[]>;
  /** The outbox sender, when delivering. */
  outbox: OutboxWorker | null;
  stop(): Promise<void>;
}

export async function startVigil(options: VigilOptions): Promise<Vigil> {
  const { logger } = options;
  const clock = options.clock ?? (() => new Date());
  const log = logger.child({ module: 'main' });
  const store = await openStore({ file: options.config.storage.file, logger, clock });
  let connected: ConnectedSources;
  try {
    connected = await connectSources({ config: options.config, logger, clock });
  } catch (err) {
    await store.close();
    throw err;
  }
  const config = connected.demo ? withDemoRoles(options.config, connected) : options.config;

  const auth = config.bot.appId !== '';
  const host = config.bot.host ?? (auth ? '0.0.0.0' : '127.0.0.1');
  if (!auth) {
    log.warn(
      { host },
      'MicrosoftAppId is not set: Bot Framework authentication is OFF. Fine for local testing; set MicrosoftAppId and MicrosoftAppPassword before exposing Vigil.',
    );
  }

  let sourcesCheck: ReadinessCheck = { name: 'sources', ok: false, detail: 'not checked yet' };
  let lastSourcesCheckAt = 0;
  const readiness = async (): Promise<ReadinessCheck[]> => {
    const storeOk = await store.ping().catch(() => false);
    // Reachability is cached for 30 s so probes do not spend Azure quota.
    if (clock().getTime() - lastSourcesCheckAt > 30_000) {
      const ping = await connected.sources.ping().catch((err: unknown) => ({ ok: false, detail: String(err) }));
      sourcesCheck = { name: 'sources', ok: ping.ok, detail: ping.detail };
      lastSourcesCheckAt = clock().getTime();
    }
    return [{ name: 'store', ok: storeOk, detail: storeOk ? 'open' : 'not reachable' }, sourcesCheck];
  };

  const owner = `${hostname()}:${process.pid}`;
  const catalog = vigilCatalog(config, { sources: connected.sources, store, logger });
  const jobNamed = <R>(name: string): Job<R> => {
    const entry = catalog.find((e) => e.job.name === name);
    if (!entry) throw new Error(`no job named ${name}`);
    return entry.job as Job<R>;
  };
  const runJob = <R>(job: Job<R>) => runSlot(job, slotOf(clock()), { store, logger, owner });
  const jobs = {
    discovery: jobNamed<DiscoveryResult>('discovery'),
    findingsPoll: jobNamed<FindingsPollResult>('findings-poll'),
    promptVolume: jobNamed<PromptVolumeResult>('prompt-volume'),
  };
  const directory = options.directory ?? (connected.demo ? staticDirectory(connected.demo.estate.people) : undefined);
  let outbox: OutboxWorker | null = null;
  const bot = createBot({
    config,
    logger,
    clock,
    store,
    directory,
    refresh: () => runJob(jobs.discovery),
    notifyOutbox: () => outbox?.notify(),
    jobs: { catalog, run: async (name) => runJobAndNotify(name) },
  });
  if (options.deliver !== false) {
    const { renderFindingAlert, renderFindingSummary } = findingRenderers({ store, config });
    outbox = startOutboxWorker({
      adapter: bot.adapter,
      appId: config.bot.appId,
      store,
      logger,
      clock,
      config,
      workerId: `${owner}:outbox`,
      renderers: {
        ...basicRenderers,
        'finding-alert': renderFindingAlert,
        'finding-summary': renderFindingSummary,
        'prompt-anomaly': promptRenderer({ store, config }),
        review: reviewRenderer({ store, config }),
      },
    });
  }
  let server: RunningServer;
  try {
    server = await startServer({ bot, logger, readiness }, options.port ?? config.bot.port, host);
  } catch (err) {
    await connected.close();
    await store.close();
    throw err;
  }

  const firstDiscovery =
    options.discoverOnStart === false
      ? Promise.resolve()
      : runJob(jobs.discovery)
          .then(() => undefined)
          .catch((err: unknown) =>
            log.error({ err }, 'first discovery failed; the bot answers once a later one succeeds'),
          );
  const scheduled = catalog.filter((e) => e.enabled);
  const scheduler = options.schedule === false ? null : startScheduler(scheduled, { store, logger, owner });
  // After the first discovery (so reviews and sweeps see a current estate): each job's latest missed slot.
  const caughtUp =
    options.schedule === false
      ? Promise.resolve([])
      : firstDiscovery.then(async () => {
          const runs = await catchUp(scheduled, clock(), { store, logger, owner });
          if (runs.length > 0) outbox?.notify();
          return runs;
        });
  async function runJobAndNotify(name: string): Promise<SlotResult<unknown>> {
    const result = await runJob(jobNamed(name));
    outbox?.notify();
    return result;
  }

  let stopping: Promise<void> | null = null;
  return {
    url: server.url,
    config,
    store,
    connected,
    firstDiscovery,
    catalog,
    runJob: runJobAndNotify,
    caughtUp,
    discover: () => runJob(jobs.discovery),
    pollFindings: async () => {
      const result = await runJob(jobs.findingsPoll);
      outbox?.notify();
      return result;
    },
    pollPromptVolume: async () => {
      const result = await runJob(jobs.promptVolume);
      outbox?.notify();
      return result;
    },
    outbox,
    stop() {
      stopping ??= (async () => {
        log.info('shutting down');
        await server.close();
        await scheduler?.stop();
        await caughtUp.catch(() => undefined);
        await outbox?.stop();
        await firstDiscovery;
        await connected.close();
        await store.close();
        log.info('stopped');
      })();
      return stopping;
    },
  };
}

/** In demo mode with no roles configured, the demo's people get their story's roles. */
function withDemoRoles(config: Config, connected: ConnectedSources): Config {
  const r = config.roles;
  if (!connected.demo || r.soc.length + r.leaders.length + r.admins.length > 0) return config;
  const ids = (persona: string) =>
    connected.demo!.estate.people.filter((p) => p.persona === persona).flatMap((p) => [p.objectId, p.upn]);
  return { ...config, roles: { soc: ids('soc'), leaders: ids('leader'), admins: ids('admin') } };
}
