// Prompt-volume alerting, the policy on top of the detector's scores (posture/anomaly.ts): which bins are
// unusual enough to matter (a score, a minimum absolute volume and a ratio to normal, per zone), when that
// becomes an alert (k unusual bins among the last m), when it is the same episode again (a per-resource
// cooldown that re-alerts only when the burst grows), and drops to zero on a busy resource as their own,
// lower-priority kind. Also: what a `prompt-volume` route asks for, and the figures a card shows.
// Pure: no I/O, no clock; the watch state is plain JSON the job keeps per resource.

import type { ScoredBin } from './anomaly.js';
import type { Zone } from './model.js';

export type PromptAnomalyKind = 'spike' | 'drop';

/** How sensitive alerting is in one zone. Zone 3 (regulated) is the most sensitive. */
export interface ZoneSensitivity {
  /** Detector score (0–1) a bin needs to count as unusual. */
  minScore: number;
  /** Prompts a bin needs: a handful of requests on a quiet resource is not an incident, whatever the score. */
  minCount: number;
  /** How many times the expected level a bin must reach. */
  minRatio: number;
  /** Persistence: `k` unusual bins among the last `m` make an alert. */
  k: number;
  m: number;
}

export interface PromptAlertPolicy {
  zones: Record<Zone, ZoneSensitivity>;
  /** A new episode this soon after the last one on the same resource (and kind) continues it. */
  cooldownMs: number;
  /** Within an episode, a new card only when its peak reaches this many times the peak last alerted. */
  growthFactor: number;
  /** Drops: a busy resource (expected ≥ minExpected prompts a bin) at zero for minBins bins in a row. */
  drop: { minExpected: number; minBins: number };
  /**
   * A resource's first bins teach the detector its rhythm (its first morning is not a burst); nothing is
   * alerted in them. Also keeps a new workspace's first eight days of history from raising a storm.
   */
  learningMs: number;
}

export const DEFAULT_PROMPT_POLICY: PromptAlertPolicy = {
  zones: {
    1: { minScore: 0.9, minCount: 25, minRatio: 2, k: 3, m: 4 },
    2: { minScore: 0.8, minCount: 15, minRatio: 1.6, k: 2, m: 3 },
    3: { minScore: 0.7, minCount: 10, minRatio: 1.3, k: 2, m: 3 },
  },
  cooldownMs: 60 * 60_000,
  growthFactor: 1.5,
  // Half an hour: log pipelines drop a quarter of an hour now and then; a real outage lasts longer.
  drop: { minExpected: 20, minBins: 6 },
  learningMs: 24 * 60 * 60_000,
};

/** Bins kept for k-of-m (the largest m any zone may use). */
const RECENT_BINS = 8;

// ---------------------------------------------------------------------------------------------------------
// Watching one resource's scored bins

interface RecentBin {
  t: number;
  observed: number;
  expected: number;
  score: number;
  hot: boolean;
}

/** One episode while it runs, and for the cooldown after it. */
interface Run {
  key: string;
  kind: PromptAnomalyKind;
  start: number;
  /** Start of the last unusual bin (for a drop: the last zero bin). */
  last: number;
  active: boolean;
  observed: number;
  expected: number;
  /** Bins after `last` in an active episode, added to the sums if it goes on. */
  pendingObserved: number;
  pendingExpected: number;
  peak: number;
  peakExpected: number;
  maxScore: number;
  bins: number;
  /** Peak at the last alert; null before the first. */
  alertedPeak: number | null;
}

/** A drop that has started but not lasted long enough yet. */
interface DropCandidate {
  start: number;
  zeros: number;
  expected: number;
  maxScore: number;
  peakExpected: number;
}

/** What the job keeps per resource between cycles (JSON). */
export interface WatchState {
  v: 1;
  /** Observed bins so far (for the learning period). */
  seen: number;
  recent: RecentBin[];
  spike: Run | null;
  drop: Run | null;
  dropCandidate: DropCandidate | null;
}

export const newWatch = (): WatchState => ({ v: 1, seen: 0, recent: [], spike: null, drop: null, dropCandidate: null });

/** Reads a stored watch state; null when it is not one (an older shape, damage): the job then rebuilds it. */
export function readWatch(json: unknown): WatchState | null {
  if (typeof json !== 'object' || json === null) return null;
  const w = json as Partial<WatchState>;
  if (w.v !== 1 || !Array.isArray(w.recent)) return null;
  return {
    v: 1,
    seen: typeof w.seen === 'number' ? w.seen : 0,
    recent: w.recent,
    spike: w.spike ?? null,
    drop: w.drop ?? null,
    dropCandidate: w.dropCandidate ?? null,
  };
}

export type AlertReason = 'new' | 'grew';

/** An episode as it stands after a batch of bins: what the job records, and whether it should alert now. */
export interface EpisodeUpdate {
  /** Stable for the episode (kind + first unusual bin), also across a cooldown continuation. */
  key: string;
  kind: PromptAnomalyKind;
  start: Date;
  /** End of the last unusual bin. */
  end: Date;
  /** Still going at the end of the batch. */
  active: boolean;
  /** Prompts seen and expected over the episode's bins. */
  observed: number;
  expected: number;
  /** Busiest bin (for a drop: the largest expected count that came in at zero). */
  peak: number;
  peakExpected: number;
  maxScore: number;
  bins: number;
  /** Set when this batch should alert: a new episode, or one whose peak grew past the growth factor. */
  alert: AlertReason | null;
}

export interface WatchContext {
  binMs: number;
  zone: Zone;
  policy: PromptAlertPolicy;
}

/**
 * Feeds scored bins (in time order, no bin twice) to a resource's watch state; returns the new state and
 * every episode this batch touched, as it stands at the end of the batch. Missing bins (observed null)
 * neither count as unusual nor break a run: missing data is not traffic, and not its absence either.
 */
export function watchBins(
  state: WatchState,
  bins: readonly ScoredBin[],
  ctx: WatchContext,
): { state: WatchState; episodes: EpisodeUpdate[] } {
  const w: WatchState = structuredClone(state);
  const touched = new Map<string, EpisodeUpdate>();
  const z = ctx.policy.zones[ctx.zone];
  const note = (run: Run, alert: AlertReason | null) => {
    const prior = touched.get(run.key)?.alert ?? null;
    touched.set(run.key, snapshot(run, ctx.binMs, prior === 'new' ? 'new' : (alert ?? prior)));
  };

  for (const bin of bins) {
    if (bin.observed === null || !Number.isFinite(bin.observed)) continue;
    const observed = bin.observed;
    const learning = w.seen * ctx.binMs < ctx.policy.learningMs;
    w.seen += 1;
    const hot = !learning && isUnusualBin(bin, z);
    w.recent.push({ t: bin.t, observed, expected: bin.expected, score: bin.score, hot });
    if (w.recent.length > RECENT_BINS) w.recent.splice(0, w.recent.length - RECENT_BINS);

    // --- spikes: k of the last m
    const run = w.spike;
    if (run?.active) {
      if (hot) {
        extend(run, bin, observed);
        note(run, alertFor(run, ctx.policy));
      } else {
        run.pendingObserved += observed;
        run.pendingExpected += bin.expected;
        if (bin.t - run.last >= z.m * ctx.binMs) {
          run.active = false;
          note(run, null);
        } else note(run, null);
      }
    } else {
      const window = w.recent.slice(-z.m);
      if (hot && window.filter((r) => r.hot).length >= z.k) {
        const firstHot = window.findIndex((r) => r.hot);
        const from = window.slice(firstHot);
        const started = from[0]?.t ?? bin.t;
        const continues = run !== null && started - (run.last + ctx.binMs) <= ctx.policy.cooldownMs;
        const next: Run = continues
          ? { ...run, active: true, pendingObserved: 0, pendingExpected: 0 }
          : openRun('spike', started);
        for (const r of from) {
          if (r.hot) {
            next.observed += next.pendingObserved + r.observed;
            next.expected += next.pendingExpected + r.expected;
            next.pendingObserved = 0;
            next.pendingExpected = 0;
            next.last = r.t;
            next.bins += 1;
            if (r.observed > next.peak) {
              next.peak = r.observed;
              next.peakExpected = r.expected;
            }
            next.maxScore = Math.max(next.maxScore, r.score);
          } else {
            next.pendingObserved += r.observed;
            next.pendingExpected += r.expected;
          }
        }
        w.spike = next;
        note(next, alertFor(next, ctx.policy));
      }
    }

    // --- drops: a busy resource at zero for long enough
    const drop = w.drop;
    const zero = observed === 0;
    if (drop?.active) {
      if (zero) {
        drop.last = bin.t;
        drop.bins += 1;
        drop.expected += bin.expected;
        drop.maxScore = Math.max(drop.maxScore, bin.score);
        if (bin.expected > drop.peakExpected) drop.peakExpected = bin.expected;
        note(drop, null);
      } else {
        drop.active = false;
        note(drop, null);
      }
      continue;
    }
    const c = w.dropCandidate;
    if (!zero) {
      w.dropCandidate = null;
      continue;
    }
    if (c === null) {
      if (learning || bin.expected < ctx.policy.drop.minExpected) continue;
      w.dropCandidate = {
        start: bin.t,
        zeros: 1,
        expected: bin.expected,
        maxScore: bin.score,
        peakExpected: bin.expected,
      };
    } else {
      c.zeros += 1;
      c.expected += bin.expected;
      c.maxScore = Math.max(c.maxScore, bin.score);
      c.peakExpected = Math.max(c.peakExpected, bin.expected);
    }
    const candidate = w.dropCandidate as DropCandidate;
    if (candidate.zeros < ctx.policy.drop.minBins) continue;
    const continues = drop !== null && candidate.start - (drop.last + ctx.binMs) <= ctx.policy.cooldownMs;
    const next: Run = continues ? { ...drop, active: true } : openRun('drop', candidate.start);
    next.last = bin.t;
    next.bins += candidate.zeros;
    next.expected += candidate.expected;
    next.maxScore = Math.max(next.maxScore, candidate.maxScore);
    next.peakExpected = Math.max(next.peakExpected, candidate.peakExpected);
    next.peak = next.peakExpected;
    w.dropCandidate = null;
    w.drop = next;
    // A drop alerts once per episode: it cannot grow, only last longer.
    const alert: AlertReason | null = next.alertedPeak === null ? 'new' : null;
    if (alert) next.alertedPeak = next.peakExpected;
    note(next, alert);
  }
  return { state: w, episodes: [...touched.values()] };
}

/** Whether one bin counts as unusually high in a zone: the detector's verdict, and big enough to matter. */
export function isUnusualBin(bin: ScoredBin, z: ZoneSensitivity): boolean {
  const observed = bin.observed;
  if (observed === null || !Number.isFinite(observed)) return false;
  // Above the detector's own band too: a high score inside the band is the detector unsure, not a burst.
  return (
    bin.score >= z.minScore &&
    observed >= z.minCount &&
    observed > bin.expected &&
    observed > bin.upper &&
    observed >= z.minRatio * Math.max(bin.expected, 1)
  );
}

function openRun(kind: PromptAnomalyKind, start: number): Run {
  return {
    key: `${kind}:${new Date(start).toISOString()}`,
    kind,
    start,
    last: start,
    active: true,
    observed: 0,
    expected: 0,
    pendingObserved: 0,
    pendingExpected: 0,
    peak: 0,
    peakExpected: 0,
    maxScore: 0,
    bins: 0,
    alertedPeak: null,
  };
}

function extend(run: Run, bin: ScoredBin, observed: number): void {
  run.observed += run.pendingObserved + observed;
  run.expected += run.pendingExpected + bin.expected;
  run.pendingObserved = 0;
  run.pendingExpected = 0;
  run.last = bin.t;
  run.bins += 1;
  if (observed > run.peak) {
    run.peak = observed;
    run.peakExpected = bin.expected;
  }
  run.maxScore = Math.max(run.maxScore, bin.score);
}

/** New episode: alert. Known one: alert again only when the peak grew past the growth factor. */
function alertFor(run: Run, policy: PromptAlertPolicy): AlertReason | null {
  if (run.alertedPeak === null) {
    run.alertedPeak = run.peak;
    return 'new';
  }
  if (run.peak >= policy.growthFactor * Math.max(run.alertedPeak, 1)) {
    run.alertedPeak = run.peak;
    return 'grew';
  }
  return null;
}

function snapshot(run: Run, binMs: number, alert: AlertReason | null): EpisodeUpdate {
  return {
    key: run.key,
    kind: run.kind,
    start: new Date(run.start),
    end: new Date(run.last + binMs),
    active: run.active,
    observed: run.observed,
    expected: run.expected,
    peak: run.peak,
    peakExpected: run.peakExpected,
    maxScore: run.maxScore,
    bins: run.bins,
    alert,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Figures a card shows

/**
 * "How many times normal": observed over expected, with the expectation floored at one prompt a bin so a
 * resource that is normally silent does not read "×4000".
 */
export function timesNormal(observed: number, expected: number, bins: number): number {
  return observed / Math.max(expected, Math.max(1, bins));
}

/** "×12 above normal", "×2.4 above normal", "at normal"; for a drop, "stopped (normally ~1,200)". */
export function aboveNormalText(kind: PromptAnomalyKind, observed: number, expected: number, bins: number): string {
  if (kind === 'drop') return `stopped (normally ~${formatCount(expected)})`;
  const ratio = timesNormal(observed, expected, bins);
  if (ratio < 1.05) return 'at normal';
  return `×${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)} above normal`;
}

/** 1234 → "1,234"; fractions are rounded. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

// ---------------------------------------------------------------------------------------------------------
// `prompt-volume` routes (stored as a subscription's filter JSON)

export interface PromptRouteFilter {
  /** Empty = every zone. */
  zones: Zone[];
  /** Also send drops to zero (lower priority); default true. */
  drops: boolean;
}

export const DEFAULT_PROMPT_ROUTE: PromptRouteFilter = { zones: [], drops: true };
/** The configured default alert channel hears bursts only: drops are lower priority. */
export const DEFAULT_CHANNEL_PROMPT_ROUTE: PromptRouteFilter = { zones: [], drops: false };

const ZONE_VALUES: readonly Zone[] = [1, 2, 3];

/** Reads a stored filter; an unreadable one is reported, not guessed. */
export function parsePromptRouteFilter(
  json: unknown,
): { ok: true; filter: PromptRouteFilter } | { ok: false; error: string } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: 'filter: expected an object' };
  }
  const o = json as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => k !== 'zone' && k !== 'drops');
  if (extra.length > 0) return { ok: false, error: `filter: unknown key(s) ${extra.join(', ')}` };
  const zones = o.zone ?? [];
  if (!Array.isArray(zones) || !zones.every((z) => ZONE_VALUES.includes(z as Zone))) {
    return { ok: false, error: 'zone: expected a list of 1, 2 or 3' };
  }
  if (o.drops !== undefined && typeof o.drops !== 'boolean')
    return { ok: false, error: 'drops: expected true or false' };
  return { ok: true, filter: { zones: [...new Set(zones as Zone[])].sort(), drops: o.drops ?? true } };
}

/** The filter as stored: defaults left out, zones sorted, so the same route is the same JSON. */
export function promptRouteFilterJson(filter: PromptRouteFilter): { zone?: number[]; drops?: boolean } {
  const out: { zone?: number[]; drops?: boolean } = {};
  const zones = [...new Set(filter.zones)].sort();
  if (zones.length > 0) out.zone = zones;
  if (!filter.drops) out.drops = false;
  return out;
}

export function promptRouteMatches(filter: PromptRouteFilter, a: { zone: Zone; kind: PromptAnomalyKind }): boolean {
  if (a.kind === 'drop' && !filter.drops) return false;
  return filter.zones.length === 0 || filter.zones.includes(a.zone);
}

/** "prompt-volume bursts and drops · zone 3". */
export function describePromptRouteFilter(f: PromptRouteFilter): string {
  const parts = [f.drops ? 'prompt-volume bursts and drops' : 'prompt-volume bursts'];
  if (f.zones.length > 0) parts.push(`zone ${f.zones.join(', ')}`);
  return parts.join(' · ');
}

/** Reads what follows `subscribe prompt-volume`: `[zone N…] [bursts|no drops]`. */
export function parsePromptSubscribeArgs(
  args: string,
): { kind: 'route'; filter: PromptRouteFilter } | { kind: 'error'; message: string } {
  const tokens = args
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  const zones: Zone[] = [];
  let drops = true;
  const unknown: string[] = [];
  let zoneMode = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    const inline = /^(?:zone|z)([123])$/.exec(t);
    if (inline) {
      zones.push(Number(inline[1]) as Zone);
      zoneMode = true;
    } else if (t === 'zone' || t === 'zones') zoneMode = true;
    else if (zoneMode && /^[123]$/.test(t)) zones.push(Number(t) as Zone);
    else if (t === 'bursts' || t === 'spikes' || t === 'bursts-only') {
      drops = false;
      zoneMode = false;
    } else if (t === 'no' && (tokens[i + 1] === 'drops' || tokens[i + 1] === 'drop')) {
      drops = false;
      zoneMode = false;
      i++;
    } else if (t === 'drops' || t === 'all') zoneMode = false;
    else unknown.push(t);
  }
  if (unknown.length > 0) {
    return {
      kind: 'error',
      message: `I did not understand: ${unknown.join(', ')}. Say \`subscribe prompt-volume [zone 1|2|3…] [no drops]\`.`,
    };
  }
  return { kind: 'route', filter: { zones: [...new Set(zones)].sort(), drops } };
}
