// The prompt-volume job: every few minutes, one KQL query per Log Analytics workspace for the prompt counts
// since the workspace's watermark, up to `now − ingestion delay` (floored to the 5-minute bin, so the
// newest bin Log Analytics is still filling is never taken as complete). The bins are stored; each
// resource's detector state (kept in the store) is fed only the new bins (`scoreBins`, the incremental form
// of scoreSeries), so every cycle costs one update per new bin; a state this build cannot read is rebuilt by
// replaying the stored history. The alert policy (posture/prompt-alerting.ts) turns scores into episodes;
// each episode is recorded once (its key), alerted when new or grown, with one follow-up query for its top
// callers, and its cards go to the routed conversations through the outbox.
//
// A partial or failed query stores and scores nothing and keeps the watermark: missing rows are never read
// as zero traffic, and the next cycle asks for the same window again. The bins, detector states, episodes,
// outbox rows and the watermark of a workspace commit together, so a crash or a re-run never alerts twice.

import type { Logger } from 'pino';
import type { AzureSources } from '../azure/sources.js';
import type { Config } from '../config/schema.js';
import {
  type DetectorOptions,
  type DetectorState,
  fromJSON,
  newDetector,
  scoreBins,
  toJSON,
} from '../posture/anomaly.js';
import type { Estate } from '../posture/estate.js';
import type { AzureResourceId, PromptVolumeSeries, SourceIssue, Zone } from '../posture/model.js';
import { resourceId as toResourceId, workspaceId as toWorkspaceId } from '../posture/model.js';
import {
  DEFAULT_CHANNEL_PROMPT_ROUTE,
  DEFAULT_PROMPT_POLICY,
  type EpisodeUpdate,
  newWatch,
  type PromptAlertPolicy,
  type PromptRouteFilter,
  parsePromptRouteFilter,
  promptRouteMatches,
  readWatch,
  type WatchState,
  watchBins,
} from '../posture/prompt-alerting.js';
import {
  type AnomalyCaller,
  type AnomalyRecord,
  conversationId,
  enqueuePromptCardUpdates,
  type OutboxPayload,
  promptAlertKey,
  type Store,
} from '../store/index.js';
import { estatesOf } from './estates.js';
import type { Job } from './runner.js';
import type { Schedule } from './scheduler.js';
import { knownDefaultChannel } from './shared.js';

export const PROMPT_VOLUME_JOB = 'prompt-volume';
export const PROMPT_BIN_MS = 5 * 60_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** The watermark of one workspace: the end of the last bin stored and scored. */
export const promptWatermark = (workspace: string): string => `prompt-volume:${workspace.toLowerCase()}`;

export interface PromptVolumeSettings {
  /** Minutes between cycles (default 5). */
  everyMinutes: number;
  /** How long Log Analytics may take to ingest a bin completely (default 5 minutes). */
  ingestionDelayMs: number;
  /** The first cycle of a workspace reads this much history, so the detector has a baseline (default 8 days). */
  firstLookbackMs: number;
  /** A detector state is rebuilt from this much stored history (default 8 days). */
  replayMs: number;
  /** First cycle of a workspace: only episodes still going this recently get a card; older history is recorded quietly. */
  freshMs: number;
  /** Stored bins older than this are pruned, once an hour (default 15 days). */
  retainMs: number;
  policy: PromptAlertPolicy;
  detector: Partial<DetectorOptions>;
}

export const DEFAULT_PROMPT_VOLUME_SETTINGS: PromptVolumeSettings = {
  everyMinutes: 5,
  ingestionDelayMs: 5 * MINUTE,
  firstLookbackMs: 8 * DAY,
  replayMs: 8 * DAY,
  freshMs: 30 * MINUTE,
  retainMs: 15 * DAY,
  policy: DEFAULT_PROMPT_POLICY,
  detector: {},
};

export interface PromptVolumeDeps {
  sources: Pick<AzureSources, 'workspaces' | 'loadPromptVolume' | 'loadPromptCallers'>;
  store: Store;
  config: Config;
  logger: Logger;
  settings?: Partial<PromptVolumeSettings>;
}

/** What one cycle did in one workspace. */
export interface WorkspaceCycle {
  workspace: string;
  /** The window asked for, [from, to); null when there was nothing complete to ask for yet. */
  from: string | null;
  to: string | null;
  /** The watermark after the cycle (unchanged when the query was incomplete). */
  watermark: string | null;
  complete: boolean;
  resources: number;
  bins: number;
  /** Episodes recorded for the first time, and the ones of them alerted (the rest were old or suppressed). */
  newAnomalies: number;
  alerts: number;
  /** Alerts held back by "mark expected". */
  suppressed: number;
  cards: number;
  updates: number;
  /** Detector states rebuilt from stored history (a new detector version, or damage). */
  rebuilt: number;
  issues: SourceIssue[];
}

export interface PromptVolumeResult {
  workspaces: WorkspaceCycle[];
  newAnomalies: number;
  alerts: number;
  cards: number;
  updates: number;
  issues: number;
}

export function promptVolumeJob(deps: PromptVolumeDeps): Job<PromptVolumeResult> {
  const settings = { ...DEFAULT_PROMPT_VOLUME_SETTINGS, ...deps.settings };
  const estates = estatesOf(deps.store, deps.config);
  return {
    name: PROMPT_VOLUME_JOB,
    run: (now) => runCycle(deps, settings, now, () => estates.estate()),
    summarize: (r) => ({
      newAnomalies: r.newAnomalies,
      alerts: r.alerts,
      cards: r.cards,
      updates: r.updates,
      issues: r.issues,
      workspaces: r.workspaces.map((w) => ({
        workspace: w.workspace,
        from: w.from,
        to: w.to,
        watermark: w.watermark,
        complete: w.complete,
        bins: w.bins,
        issues: w.issues.map((i) => i.message),
      })),
    }),
  };
}

/** Every `everyMinutes` (default 5) in the configured time zone. */
export function promptVolumeSchedule(
  config: Config,
  job: Job<PromptVolumeResult>,
  settings: Partial<Pick<PromptVolumeSettings, 'everyMinutes'>> = {},
): Schedule<PromptVolumeResult> {
  const minutes = Math.min(
    59,
    Math.max(1, Math.trunc(settings.everyMinutes ?? DEFAULT_PROMPT_VOLUME_SETTINGS.everyMinutes)),
  );
  return { job, cron: `*/${minutes} * * * *`, timeZone: config.timeZone };
}

const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;

async function runCycle(
  deps: PromptVolumeDeps,
  settings: PromptVolumeSettings,
  now: Date,
  estateOf: () => Promise<Estate | null>,
): Promise<PromptVolumeResult> {
  const log = deps.logger.child({ job: PROMPT_VOLUME_JOB, slot: now.toISOString() });
  const estate = await estateOf();
  const routes = await promptRoutes(deps.store, deps.config, log);
  const workspaces: WorkspaceCycle[] = [];
  for (const workspace of deps.sources.workspaces) {
    workspaces.push(await cycleWorkspace(deps, settings, now, workspace, estate, routes, log));
  }
  // Hourly, not every cycle: the delete scans the table.
  if (now.getTime() % 3_600_000 < settings.everyMinutes * MINUTE) {
    const pruned = await deps.store.promptVolume.prune(new Date(now.getTime() - settings.retainMs));
    await deps.store.anomalies.pruneSuppressions(new Date(now.getTime() - DAY));
    if (pruned > 0) log.debug({ pruned }, 'old prompt-volume bins pruned');
  }
  const sum = (f: (w: WorkspaceCycle) => number) => workspaces.reduce((s, w) => s + f(w), 0);
  const result: PromptVolumeResult = {
    workspaces,
    newAnomalies: sum((w) => w.newAnomalies),
    alerts: sum((w) => w.alerts),
    cards: sum((w) => w.cards),
    updates: sum((w) => w.updates),
    issues: sum((w) => w.issues.length),
  };
  log.info(
    { newAnomalies: result.newAnomalies, alerts: result.alerts, cards: result.cards, issues: result.issues },
    'prompt-volume cycle finished',
  );
  return result;
}

interface ResourceWork {
  resourceId: AzureResourceId;
  detector: DetectorState;
  watch: WatchState;
  zone: Zone;
  owner: string | null;
  name: string;
  episodes: EpisodeUpdate[];
  rebuilt: boolean;
}

async function cycleWorkspace(
  deps: PromptVolumeDeps,
  settings: PromptVolumeSettings,
  now: Date,
  workspaceRaw: string,
  estate: Estate | null,
  routes: PromptRoute[],
  parentLog: Logger,
): Promise<WorkspaceCycle> {
  const { store, sources } = deps;
  const workspace = toWorkspaceId(workspaceRaw);
  const log = parentLog.child({ workspace });
  const watermarkName = promptWatermark(workspace);
  const watermark = await store.watermarks.get(watermarkName);
  const end = floorTo(now.getTime() - settings.ingestionDelayMs, PROMPT_BIN_MS);
  const start =
    watermark === null ? floorTo(now.getTime() - settings.firstLookbackMs, PROMPT_BIN_MS) : Date.parse(watermark);
  const cycle: WorkspaceCycle = {
    workspace,
    from: null,
    to: null,
    watermark,
    complete: true,
    resources: 0,
    bins: 0,
    newAnomalies: 0,
    alerts: 0,
    suppressed: 0,
    cards: 0,
    updates: 0,
    rebuilt: 0,
    issues: [],
  };
  if (!(end > start)) return cycle; // nothing complete since the last cycle
  cycle.from = new Date(start).toISOString();
  cycle.to = new Date(end).toISOString();

  const { series, issues } = await sources.loadPromptVolume(workspace, new Date(start), new Date(end));
  if (issues.length > 0) {
    cycle.complete = false;
    cycle.issues.push(...issues);
    for (const issue of issues) log.warn({ issue }, `prompt volume incomplete, the watermark stays: ${issue.message}`);
    return cycle;
  }

  // Resources that logged nothing in the window still had a window of zero traffic: the query was complete.
  const bySeries = new Map<string, PromptVolumeSeries>(series.map((s) => [s.resourceId, s]));
  const known = await store.anomalies.detectors(workspace);
  const ids = [...new Set([...bySeries.keys(), ...known.map((d) => d.resourceId)])].sort();
  const knownById = new Map(known.map((d) => [d.resourceId as string, d]));
  const length = (end - start) / PROMPT_BIN_MS;
  const binsOf = (id: string): number[] => bySeries.get(id)?.counts ?? new Array<number>(length).fill(0);

  const work: ResourceWork[] = [];
  for (const id of ids) {
    const rid = toResourceId(id);
    const resource = estate?.resource(rid);
    const zone = resource?.placement.zone ?? deps.config.zones.default;
    const ctx = { binMs: PROMPT_BIN_MS, zone, policy: settings.policy };
    const row = knownById.get(id);
    let detector: DetectorState | null = null;
    let watch: WatchState | null = null;
    let from = start;
    if (row && row.binMs === PROMPT_BIN_MS) {
      detector = readDetector(row.state);
      watch = readWatch(row.watch);
      from = Date.parse(row.scoredUntil);
    }
    let rebuilt = false;
    if (detector === null || watch === null || from < start - settings.replayMs) {
      // A resource seen for the first time starts fresh at the window; a state this build cannot read is
      // rebuilt from the stored history, quietly: what it finds there was alerted (or not) already.
      detector = newDetector(PROMPT_BIN_MS, settings.detector);
      watch = newWatch();
      if (row) {
        rebuilt = true;
        const replayFrom = start - settings.replayMs;
        const history = await store.promptVolume.series(rid, new Date(replayFrom), new Date(start));
        if (history) {
          // From the resource's first stored bin: before it, the resource may not have existed.
          const t0 = Date.parse(history.start);
          watch = watchBins(watch, scoreBins(detector, t0, denseFrom(history, t0, start)), ctx).state;
        }
      }
      from = start;
    } else if (from < start) {
      // Bins between the state and the window are in the store (a rebuilt watermark): feed those first.
      const history = await store.promptVolume.series(rid, new Date(from), new Date(start));
      const gap = denseFrom(history, from, start);
      watch = watchBins(watch, scoreBins(detector, from, gap), ctx).state;
      from = start;
    }
    const counts = binsOf(id);
    const offset = Math.max(0, (from - start) / PROMPT_BIN_MS);
    const scored = scoreBins(detector, start + offset * PROMPT_BIN_MS, counts.slice(offset));
    const watched = watchBins(watch, scored, ctx);
    work.push({
      resourceId: rid,
      detector,
      watch: watched.state,
      zone,
      owner: resource?.owner?.id ?? null,
      name: resource?.resource.name ?? id.split('/').at(-1) ?? id,
      episodes: watched.episodes,
      rebuilt,
    });
  }
  cycle.resources = work.length;
  cycle.bins = series.reduce((n, s) => n + s.counts.length, 0);
  cycle.rebuilt = work.filter((w) => w.rebuilt).length;

  // Who called, one follow-up query per alert, before the transaction (no network inside it). On a
  // workspace's first cycle the window is history: only what was still going lately is alerted. Later
  // cycles only feed bins never seen, so whatever alerts is news (even when a held watermark made it late).
  const freshAfter = watermark === null ? end - settings.freshMs : Number.NEGATIVE_INFINITY;
  const alerting = new Map<string, { callers: AnomalyCaller[] | null }>();
  const suppressedNow = new Map<string, boolean>();
  for (const w of work) {
    for (const ep of w.episodes) {
      if (ep.alert === null || ep.end.getTime() <= freshAfter) continue;
      let suppressed = suppressedNow.get(w.resourceId);
      if (suppressed === undefined) {
        suppressed = (await store.anomalies.activeSuppression(w.resourceId, now)) !== null;
        suppressedNow.set(w.resourceId, suppressed);
      }
      if (suppressed) {
        cycle.suppressed++;
        continue;
      }
      const key = episodeKey(w.resourceId, ep);
      let callers: AnomalyCaller[] | null = null;
      if (ep.kind === 'spike') {
        const answer = await sources.loadPromptCallers(workspace, w.resourceId, ep.start, ep.end);
        if (answer.issues.length > 0) {
          cycle.issues.push(...answer.issues);
          for (const issue of answer.issues) log.warn({ issue, episode: key }, 'top callers unavailable for an alert');
        } else callers = answer.callers;
      }
      alerting.set(key, { callers });
    }
  }

  const written = await store.transaction(async (tx) => {
    const counts = { newAnomalies: 0, alerts: 0, cards: 0, updates: 0 };
    // Another run (a slow one overlapping the next slot) got here first: its states already include these bins.
    if ((await tx.watermarks.get(watermarkName)) !== watermark) return null;
    for (const s of series) await tx.promptVolume.upsertBins(s);
    for (const w of work) {
      await tx.anomalies.saveDetector({
        resourceId: w.resourceId,
        workspaceId: workspace,
        binMs: PROMPT_BIN_MS,
        scoredUntil: new Date(end).toISOString(),
        state: toJSON(w.detector),
        watch: w.watch,
      });
      for (const ep of w.episodes) {
        const key = episodeKey(w.resourceId, ep);
        const { isNew, anomaly } = await tx.anomalies.upsertEpisode({
          episodeKey: key,
          resourceId: w.resourceId,
          resourceName: w.name,
          workspaceId: workspace,
          kind: ep.kind,
          zone: w.zone,
          owner: w.owner,
          windowStart: ep.start,
          windowEnd: ep.end,
          active: ep.active,
          observed: ep.observed,
          expected: ep.expected,
          peak: ep.peak,
          peakExpected: ep.peakExpected,
          maxScore: ep.maxScore,
          bins: ep.bins,
          observedThrough: new Date(end),
        });
        if (isNew) {
          counts.newAnomalies++;
          await tx.audit.append({
            actor: ACTOR,
            action: 'prompt-anomaly.detected',
            subject: { type: 'prompt-anomaly', id: String(anomaly.id) },
            details: {
              episodeKey: key,
              kind: ep.kind,
              zone: w.zone,
              observed: Math.round(ep.observed),
              expected: Math.round(ep.expected),
            },
            source: `job:${PROMPT_VOLUME_JOB}@${now.toISOString()}`,
          });
        }
        const alert = alerting.get(key);
        let current: AnomalyRecord = anomaly;
        if (alert) {
          if (alert.callers !== null) await tx.anomalies.setCallers(anomaly.id, alert.callers);
          current = await tx.anomalies.recordAlert(anomaly.id, ep.peak);
          counts.alerts++;
          if (!isNew) {
            await tx.audit.append({
              actor: ACTOR,
              action: 'prompt-anomaly.grew',
              subject: { type: 'prompt-anomaly', id: String(anomaly.id) },
              details: { peak: Math.round(ep.peak), previousPeak: anomaly.alertedPeak },
              source: `job:${PROMPT_VOLUME_JOB}@${now.toISOString()}`,
            });
          }
          for (const conversation of routedConversations(routes, { zone: w.zone, kind: ep.kind })) {
            const payload: OutboxPayload = { render: 'prompt-anomaly', anomalyId: current.id };
            const { created } = await tx.outbox.enqueue({
              dedupeKey: promptAlertKey(current.id, current.alerts, conversation),
              conversationId: conversationId(conversation),
              kind: 'send',
              payload,
            });
            if (created) counts.cards++;
          }
        }
        // Cards already posted show the new figures (or that it grew, or ended); once per revision.
        if (!isNew) counts.updates += await enqueuePromptCardUpdates(tx, current);
      }
    }
    await tx.watermarks.set(watermarkName, new Date(end).toISOString());
    return counts;
  });
  if (written === null) {
    log.warn('another run processed this window first; nothing written');
    cycle.watermark = await store.watermarks.get(watermarkName);
    return cycle;
  }
  Object.assign(cycle, written, { watermark: new Date(end).toISOString() });
  if (cycle.rebuilt > 0) log.info({ rebuilt: cycle.rebuilt }, 'detector states rebuilt from stored history');
  return cycle;
}

const ACTOR = { id: `job:${PROMPT_VOLUME_JOB}`, name: 'Vigil (prompt volume)' };

/** Unique per episode: the resource and the policy's key (kind + first unusual bin). */
export const episodeKey = (resourceId: string, ep: Pick<EpisodeUpdate, 'key'>): string =>
  `${resourceId.toLowerCase()}|${ep.key}`;

function readDetector(json: unknown): DetectorState | null {
  try {
    return fromJSON(json);
  } catch {
    // fromJSON throws exactly when the state is not one this detector can read: the answer is "rebuild".
    return null;
  }
}

/** A stored stretch as a dense series over [from, to): bins before the first stored one are zero traffic. */
function denseFrom(history: PromptVolumeSeries | null, from: number, to: number): number[] {
  const out = new Array<number>(Math.max(0, (to - from) / PROMPT_BIN_MS)).fill(0);
  if (!history) return out;
  const t0 = Date.parse(history.start);
  history.counts.forEach((c, i) => {
    const at = (t0 + i * history.binMs - from) / PROMPT_BIN_MS;
    if (at >= 0 && at < out.length) out[at] = c;
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Routing

interface PromptRoute {
  conversationId: string;
  filter: PromptRouteFilter;
}

/** Channels subscribed to `prompt-volume` (one route per subscription), and the default channel for bursts. */
async function promptRoutes(store: Store, config: Config, log: Logger): Promise<PromptRoute[]> {
  const routes: PromptRoute[] = [];
  for (const s of await store.subscriptions.listByTopic('prompt-volume')) {
    const parsed = parsePromptRouteFilter(s.filter);
    if (!parsed.ok) {
      log.error(
        { subscription: s.id, conversationId: s.conversationId, error: parsed.error },
        'unreadable route skipped',
      );
      continue;
    }
    routes.push({ conversationId: s.conversationId, filter: parsed.filter });
  }
  const fallback = await knownDefaultChannel(store, config, log);
  if (fallback) routes.push({ conversationId: fallback, filter: DEFAULT_CHANNEL_PROMPT_ROUTE });
  return routes;
}

/** One card per conversation, however many of its routes match. */
function routedConversations(routes: readonly PromptRoute[], a: { zone: Zone; kind: EpisodeUpdate['kind'] }): string[] {
  return [...new Set(routes.filter((r) => promptRouteMatches(r.filter, a)).map((r) => r.conversationId))];
}
